package web

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/library"
)

func decode[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("decoding %q: %v", rec.Body.String(), err)
	}
	return v
}

type searchJSON struct {
	Total      int              `json:"total"`
	Offset     int              `json:"offset"`
	Results    []library.Result `json:"results"`
	NextCursor string           `json:"next_cursor"`
	PrevCursor string           `json:"prev_cursor"`
	Entities   []string         `json:"entities"`
	Facets     *facets          `json:"facets"`
	Notes      []string         `json:"notes"`
}

// pageAll follows next_cursor from the first page of query and returns the
// ids in order and the total each page reported.
func pageAll(t *testing.T, h http.Handler, query url.Values, limit int) ([]string, []int) {
	t.Helper()
	var ids []string
	var totals []int
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Set("limit", strconv.Itoa(limit))
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatal("paging does not end")
		}
		rec := get(t, h, "/api/search?"+q.Encode())
		if rec.Code != 200 {
			t.Fatalf("search %s: %d %s", q.Encode(), rec.Code, rec.Body)
		}
		res := decode[searchJSON](t, rec)
		totals = append(totals, res.Total)
		for _, r := range res.Results {
			ids = append(ids, r.ID)
		}
		if res.NextCursor == "" {
			return ids, totals
		}
		if len(res.Results) != limit {
			t.Fatalf("page of %d results before the last (limit %d)", len(res.Results), limit)
		}
		q.Set("cursor", res.NextCursor)
	}
}

func TestSearchPagingTotals(t *testing.T) {
	s := newTestServer(t, Options{})
	for _, q := range []url.Values{
		{},
		{"q": {"ceasefire"}},
		{"q": {"Geneva OR Oslo"}},
		{"entity": {"Halvorsen"}},
		{"q": {"talks"}, "from": {"2023-03-10"}, "to": {"2023-04-10"}},
		{"mentioned_from": {"2022-02-01"}, "mentioned_to": {"2022-02-28"}},
		{"speaker": {"Reyko"}},
		{"event_type": {"demand"}},
		{"q": {"Lastria"}, "lang": {"en"}},
	} {
		t.Run(q.Encode(), func(t *testing.T) {
			all := get(t, s, "/api/search?limit=100&"+q.Encode())
			if all.Code != 200 {
				t.Fatalf("%d %s", all.Code, all.Body)
			}
			one := decode[searchJSON](t, all)
			if one.NextCursor != "" && one.Total <= 100 {
				t.Errorf("next cursor on the only page")
			}
			for _, limit := range []int{1, 3, 7} {
				ids, totals := pageAll(t, s, q, limit)
				for _, tot := range totals {
					if tot != one.Total {
						t.Errorf("limit %d: a page says total %d, the single page %d", limit, tot, one.Total)
					}
				}
				if len(ids) != one.Total {
					t.Errorf("limit %d: paged through %d results, total is %d", limit, len(ids), one.Total)
				}
				want := make([]string, len(one.Results))
				for i, r := range one.Results {
					want[i] = r.ID
				}
				if !slices.Equal(ids, want) {
					t.Errorf("limit %d: pages give\n%v\nthe single page\n%v", limit, ids, want)
				}
			}
		})
	}
}

func TestSearchFilters(t *testing.T) {
	s := newTestServer(t, Options{})
	total := func(query string) searchJSON {
		t.Helper()
		rec := get(t, s, "/api/search?limit=100&"+query)
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", query, rec.Code, rec.Body)
		}
		return decode[searchJSON](t, rec)
	}
	all := total("")
	if all.Total != 32 {
		t.Errorf("empty query: %d articles, want the 30 examples and 2 test articles", all.Total)
	}
	halv := total("entity=Halvorsen")
	if !slices.Contains(halv.Entities, "Ingrid Halvorsen") || halv.Total == 0 || halv.Total >= all.Total {
		t.Errorf("entity=Halvorsen: %d results, stands for %v", halv.Total, halv.Entities)
	}
	dated := total("from=2023-04-01&to=2023-04-30")
	for _, r := range dated.Results {
		if r.Day < "2023-04-01" || r.Day > "2023-04-30" {
			t.Errorf("from/to: %s published %s", r.ID, r.Day)
		}
	}
	// The speaker filter keeps exactly the articles that quote him.
	quoted := map[string]bool{}
	for cur := ""; ; {
		l := decode[quoteList](t, get(t, s, "/api/quotes?speaker=Reyko&limit=500&cursor="+cur))
		for _, q := range l.Quotes {
			quoted[q.ArticleID] = true
		}
		if cur = l.NextCursor; cur == "" {
			break
		}
	}
	sp := total("speaker=Reyko")
	if sp.Total != len(quoted) || !quoted[layersID] {
		t.Errorf("speaker=Reyko: %d articles, his quotes are in %d (%v)", sp.Total, len(quoted), quoted)
	}
	for _, r := range sp.Results {
		if !quoted[r.ID] {
			t.Errorf("speaker=Reyko: %s does not quote him", r.ID)
		}
	}
	// The event type filter keeps exactly the articles with an event of
	// that type; the test article, whose one event is a DEMAND, only for
	// DEMAND.
	evs := allEvents(t, s, "")
	for _, typ := range dateline.EventTypes() {
		want := map[string]bool{}
		for _, ev := range evs.Events {
			if ev.Type == typ {
				want[ev.ArticleID] = true
			}
		}
		if want[layersID] != (typ == "DEMAND") {
			t.Errorf("event_type=%s: the test article's events are %v", typ, want[layersID])
		}
		res := total("event_type=" + typ)
		got := map[string]bool{}
		for _, r := range res.Results {
			got[r.ID] = true
		}
		if res.Total != len(want) || !maps.Equal(got, want) {
			t.Errorf("event_type=%s: %d articles %v, the events of the type are in %v", typ, res.Total, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
		}
	}
	if l := total("lang=fr"); l.Total != 0 {
		t.Errorf("lang=fr: %d results", l.Total)
	}
	if l := total("lang=en"); l.Total < 30 {
		t.Errorf("lang=en: %d results", l.Total)
	}
	d := total("dedup=true")
	if d.Total >= all.Total || slices.ContainsFunc(d.Results, func(r library.Result) bool { return r.ID == "harbour-times-2023-04-21-ilvar-to-reopen" }) {
		t.Errorf("dedup: %d of %d articles, the near-duplicate among them", d.Total, all.Total)
	}
	f := total("q=ceasefire&facets=true")
	if f.Facets == nil || !f.Facets.Complete || f.Facets.Over != f.Total || len(f.Facets.People) == 0 || len(f.Facets.Dates) == 0 {
		t.Fatalf("facets: %+v", f.Facets)
	}
	sum := 0
	for _, d := range f.Facets.Dates {
		sum += d.Count
	}
	if sum != f.Total {
		t.Errorf("date facet counts add up to %d, total %d", sum, f.Total)
	}

	for _, bad := range []string{"from=2023-13-01", "limit=0", "limit=x", "dedup=maybe", "cursor=nonsense", "format=xml"} {
		if rec := get(t, s, "/api/search?"+bad); rec.Code != 400 {
			t.Errorf("%s: status %d, want 400 (%s)", bad, rec.Code, rec.Body)
		} else if e := decode[apiError](t, rec); e.Error == "" {
			t.Errorf("%s: no error message", bad)
		}
	}
	// A cursor of one query is refused by another.
	first := decode[searchJSON](t, get(t, s, "/api/search?q=ceasefire&limit=2"))
	if rec := get(t, s, "/api/search?q=truce&limit=2&cursor="+first.NextCursor); rec.Code != 400 {
		t.Errorf("cursor of another query: status %d", rec.Code)
	}
}

func TestArticleAPI(t *testing.T) {
	s := newTestServer(t, Options{})
	rec := get(t, s, "/api/articles/geneva-talks-open")
	if rec.Code != 200 {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	var doc map[string]json.RawMessage
	json.Unmarshal(rec.Body.Bytes(), &doc)
	for _, k := range []string{"id", "date", "text", "sentences", "entities", "timexes", "quotes", "events"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("article JSON has no %q", k)
		}
	}
	etag := rec.Header().Get("ETag")
	req := httptest.NewRequest("GET", "/api/articles/geneva-talks-open", nil)
	req.Header.Set("If-None-Match", etag)
	rec2 := httptest.NewRecorder()
	s.ServeHTTP(rec2, req)
	if etag == "" || rec2.Code != 304 {
		t.Errorf("If-None-Match %s: %d", etag, rec2.Code)
	}
	if rec := get(t, s, "/api/articles/no-such-article"); rec.Code != 404 {
		t.Errorf("missing article: %d", rec.Code)
	}
	if rec := get(t, s, "/articles/no-such-article"); rec.Code != 404 || !strings.Contains(rec.Body.String(), "not found") {
		t.Errorf("missing article page: %d", rec.Code)
	}
}

func TestEntityAPI(t *testing.T) {
	s := newTestServer(t, Options{})
	rec := get(t, s, "/api/entities/Halvorsen")
	if rec.Code != 200 {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	var p entityProfile
	json.Unmarshal(rec.Body.Bytes(), &p)
	if !slices.Contains(p.Names, "Ingrid Halvorsen") || len(p.Aliases) < 2 {
		t.Errorf("names %v aliases %v", p.Names, p.Aliases)
	}
	sum := 0
	for _, b := range p.Timeline.Buckets {
		sum += b.Articles
	}
	if p.Timeline.Unit != "day" || int64(sum) != p.Articles || p.Articles == 0 {
		t.Errorf("timeline per %s counts %d articles, the entity is in %d", p.Timeline.Unit, sum, p.Articles)
	}
	if len(p.Cooccurring) == 0 || !p.Complete {
		t.Errorf("co-occurring: %v (complete %v)", p.Cooccurring, p.Complete)
	}
	reyko := decode[entityProfile](t, get(t, s, "/api/entities/Reyko?quotes=100"))
	// The entity page counts a syndicated quote once, as dedup does.
	by := decode[quoteList](t, get(t, s, "/api/quotes?speaker=Reyko&dedup=true&limit=100"))
	if all := decode[quoteList](t, get(t, s, "/api/quotes?speaker=Reyko&limit=1")); all.Total <= by.Total {
		t.Errorf("quotes by Reyko: %d, %d without near-duplicates", all.Total, by.Total)
	}
	if reyko.QuotesBy.Total != by.Total || by.Total == 0 || len(reyko.QuotesBy.Quotes) != by.Total ||
		!slices.ContainsFunc(reyko.QuotesBy.Quotes, func(q dateline.QuoteHit) bool { return q.ArticleID == layersID }) {
		t.Errorf("quotes by Reyko: %d, the quotes list has %d", reyko.QuotesBy.Total, by.Total)
	}
	lastria := decode[entityProfile](t, get(t, s, "/api/entities/Lastria"))
	about := decode[quoteList](t, get(t, s, "/api/quotes?about=Lastria&dedup=true&limit=1"))
	if lastria.QuotesAbout.Total != about.Total || about.Total == 0 {
		t.Errorf("Lastria: %d quotes about (list: %d)", lastria.QuotesAbout.Total, about.Total)
	}
	// The profile's events all involve Lastria, the test article's among
	// them with its exact values, and each is in the events list of Lastria.
	if !lastria.Complete {
		t.Fatalf("Lastria: profile scanned %d articles only", lastria.ScannedArticles)
	}
	listed := map[string]int{}
	for _, ev := range allEvents(t, s, "entity=Lastria").Events {
		listed[eventKey(ev)]++
	}
	fixtureEvents := 0
	for _, ev := range lastria.Events {
		if !involves(ev, lastria.Names) {
			t.Errorf("Lastria: event %s of %s does not involve %v", ev.Text, ev.ArticleID, lastria.Names)
		}
		if listed[eventKey(ev)] == 0 {
			t.Errorf("Lastria: event %s of %s is not among the events listed for Lastria", ev.Text, ev.ArticleID)
		}
		listed[eventKey(ev)]--
		if ev.ArticleID == layersID {
			fixtureEvents++
			checkFixtureEvent(t, ev)
		}
	}
	if fixtureEvents != 1 {
		t.Errorf("Lastria: %d events of the test article, want its 1: %+v", fixtureEvents, lastria.Events)
	}
	// Every event is counted in the bucket of its own date (its article's
	// date when it has none), and nowhere else.
	tl := lastria.Timeline.Buckets
	if len(tl) == 0 {
		t.Fatal("Lastria: no timeline")
	}
	want := make([]int, len(tl))
	inRange := 0
	for _, ev := range lastria.Events {
		d := dayString(eventDay(t, ev))
		for i, b := range tl {
			if b.From <= d && d <= b.To {
				want[i]++
				inRange++
				break
			}
		}
	}
	got := 0
	for i, b := range tl {
		got += b.Events
		if b.Events != want[i] {
			t.Errorf("Lastria: %d events in the bucket %s–%s, %d are dated in it", b.Events, b.From, b.To, want[i])
		}
		if b.From <= "2023-03-10" && "2023-03-10" <= b.To && b.Events == 0 {
			t.Errorf("Lastria: the test article's event is not in the bucket %s–%s", b.From, b.To)
		}
	}
	if got != inRange || inRange == 0 {
		t.Errorf("Lastria: the timeline counts %d events, %d of the %d are dated within it", got, inRange, len(lastria.Events))
	}
	if rec := get(t, s, "/api/entities/Nobody%20Atall"); rec.Code != 404 {
		t.Errorf("unknown entity: %d", rec.Code)
	}
}

func TestQuotesEventsStoriesStats(t *testing.T) {
	s := newTestServer(t, Options{})
	q := decode[quoteList](t, get(t, s, "/api/quotes?speaker=Reyko&from=2023-03-10&to=2023-03-10&text=withdraw"))
	if q.Total != 1 || len(q.Quotes) != 1 || q.Quotes[0].Speaker != "Tomas Reyko" || q.Quotes[0].ArticleID != layersID {
		t.Errorf("quotes: %+v", q)
	}
	// Quote paging: the pages add up to the total.
	var seen, pages int
	for cur := ""; pages < 100; pages++ {
		l := decode[quoteList](t, get(t, s, "/api/quotes?limit=7&cursor="+cur))
		seen += len(l.Quotes)
		if l.Total == 0 {
			t.Fatal("no quotes in the store")
		}
		if cur = l.NextCursor; cur == "" {
			if seen != l.Total {
				t.Errorf("paged through %d quotes, total %d", seen, l.Total)
			}
			break
		}
	}
	// Events: the test article's event with its exact values among the
	// DEMAND events, and only DEMAND events there.
	all := allEvents(t, s, "")
	demand := allEvents(t, s, "type=demand")
	var fixtureEvents int
	for _, ev := range demand.Events {
		if ev.Type != "DEMAND" {
			t.Errorf("type=demand lists a %s event: %s", ev.Type, ev.Text)
		}
		if ev.ArticleID == layersID {
			fixtureEvents++
			checkFixtureEvent(t, ev)
			if ev.Title != "Test article with quote and event layers" {
				t.Errorf("the test article's event has the title %q", ev.Title)
			}
		}
	}
	if fixtureEvents != 1 {
		t.Errorf("type=demand: %d events of the test article, want 1: %+v", fixtureEvents, demand.Events)
	}
	// The default pipeline codes events in the example corpus too.
	if !slices.ContainsFunc(all.Events, func(ev dateline.EventHit) bool { return ev.ArticleID != layersID && ev.ArticleID != xssID }) {
		t.Errorf("no events in the example corpus: %+v", all.Events)
	}
	// Every event has a PLOVER type, so the type filters split the list.
	sum := 0
	for _, typ := range dateline.EventTypes() {
		n := decode[eventList](t, get(t, s, "/api/events?limit=1&type="+typ)).Total
		if want := countEvents(all.Events, func(ev dateline.EventHit) bool { return ev.Type == typ }); n != want {
			t.Errorf("type=%s: %d events, the list has %d", typ, n, want)
		}
		sum += n
	}
	for _, ev := range all.Events {
		if !slices.Contains(dateline.EventTypes(), ev.Type) {
			t.Errorf("event of type %q (not PLOVER): %s in %s", ev.Type, ev.Text, ev.ArticleID)
		}
	}
	if sum != all.Total {
		t.Errorf("the events of each type add up to %d, all events %d", sum, all.Total)
	}
	// Paging: pages of 7 give the single page, with the same total.
	var paged []string
	for cur, pages := "", 0; ; pages++ {
		if pages > 200 {
			t.Fatal("event paging does not end")
		}
		l := decode[eventList](t, get(t, s, "/api/events?limit=7&cursor="+cur))
		if l.Total != all.Total || l.Offset != len(paged) {
			t.Errorf("event page at %d: total %d offset %d, the single page has %d", len(paged), l.Total, l.Offset, all.Total)
		}
		for _, ev := range l.Events {
			paged = append(paged, eventKey(ev))
		}
		if cur = l.NextCursor; cur == "" {
			break
		}
		if len(l.Events) != 7 {
			t.Fatalf("event page of %d before the last", len(l.Events))
		}
	}
	var single []string
	for _, ev := range all.Events {
		single = append(single, eventKey(ev))
	}
	if !slices.Equal(paged, single) {
		t.Errorf("event pages give\n%v\nthe single page\n%v", paged, single)
	}
	// The entity filter keeps exactly the events the entity is the source
	// or target of.
	for _, name := range []string{"Halvorsen", "Lastria", "Karvenia"} {
		p := decode[entityProfile](t, get(t, s, "/api/entities/"+name))
		names := slices.Clone(p.Names)
		for _, o := range p.OthersNamed {
			names = append(names, o.Name)
		}
		got := allEvents(t, s, "entity="+name)
		var gotKeys, wantKeys []string
		for _, ev := range got.Events {
			gotKeys = append(gotKeys, eventKey(ev))
			if !involves(ev, names) {
				t.Errorf("entity=%s: event %q of %s does not involve %v", name, ev.Text, ev.ArticleID, names)
			}
		}
		for _, ev := range all.Events {
			if involves(ev, names) {
				wantKeys = append(wantKeys, eventKey(ev))
			}
		}
		slices.Sort(gotKeys)
		slices.Sort(wantKeys)
		if !slices.Equal(gotKeys, wantKeys) {
			t.Errorf("entity=%s: events\n%v\nthose involving %v\n%v", name, gotKeys, names, wantKeys)
		}
	}
	st := decode[map[string]any](t, get(t, s, "/api/stats"))
	if st["articles"].(float64) != 32 || st["events"].(float64) != float64(all.Total) || st["store_bytes"] == nil {
		t.Errorf("stats: %v, the events list has %d", st, all.Total)
	}
	stories := decode[storyList](t, get(t, s, "/api/stories?limit=2"))
	if stories.Total == 0 || !stories.Complete || len(stories.Stories) != min(2, stories.Total) || len(stories.Stories[0].Articles) < 2 {
		t.Errorf("stories: %+v", stories)
	}
	var accord bool
	for cur, n := "", 0; n < 50; n++ {
		l := decode[storyList](t, get(t, s, "/api/stories?limit=2&cursor="+cur))
		for _, st := range l.Stories {
			accord = accord || slices.Contains(st.Articles, "atlas-2023-04-21-geneva-accord-signed")
			if slices.Contains(st.Articles, "harbour-times-2023-04-21-ilvar-to-reopen") {
				t.Errorf("story %s holds a near-duplicate", st.ID)
			}
		}
		if cur = l.NextCursor; cur == "" {
			break
		}
	}
	if !accord {
		t.Error("no story holds the signing of the accord")
	}
	ents := decode[entityList](t, get(t, s, "/api/entities?type=PERSON&limit=5"))
	if len(ents.Entities) != 5 || ents.NextCursor == "" {
		t.Fatalf("entities: %+v", ents)
	}
	next := decode[entityList](t, get(t, s, "/api/entities?type=PERSON&limit=5&cursor="+ents.NextCursor))
	if next.Offset != 5 || len(next.Entities) == 0 || next.Entities[0].Name == ents.Entities[0].Name {
		t.Errorf("entities page 2: %+v", next)
	}
}

// TestEventsEmpty checks that a store without events, analysed by a
// pipeline without the event layer, says so rather than showing anything
// made up.
func TestEventsEmpty(t *testing.T) {
	ex := examplesDir(t)
	dir := t.TempDir()
	lib, _, err := buildStore(dir, ex+"/articles/geneva-talks-open.txt", false, layersWithout("event")...)
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	s, err := New(Options{Library: lib})
	if err != nil {
		t.Fatal(err)
	}
	if a := get(t, s, "/api/articles/geneva-talks-open").Header().Get("X-Dateline-Analysis"); a == "" || strings.Contains(a, "event") {
		t.Fatalf("analysis %q: want one without the event layer", a)
	}
	article := get(t, s, "/articles/geneva-talks-open").Body.String()
	if !strings.Contains(article, "The event layer has not run") || strings.Contains(article, `class="ann ev"`) {
		t.Errorf("the article page does not say the event layer has not run")
	}
	if p := decode[entityProfile](t, get(t, s, "/api/entities/Lastria")); len(p.Events) != 0 ||
		!slices.ContainsFunc(p.Notes, func(n string) bool { return strings.Contains(n, "no events yet") }) {
		t.Errorf("entity of a store without events: events %v, notes %q", p.Events, p.Notes)
	}
	ev := decode[eventList](t, get(t, s, "/api/events"))
	if ev.Total != 0 || len(ev.Events) != 0 || len(ev.Notes) == 0 {
		t.Errorf("events of a store without events: %+v", ev)
	}
	rec := get(t, s, "/api/search?event_type=DEMAND")
	if res := decode[searchJSON](t, rec); res.Total != 0 || len(res.Notes) == 0 {
		t.Errorf("event_type on a store without events: %+v", res)
	}
	page := get(t, s, "/events").Body.String()
	if !strings.Contains(page, "no events yet") {
		t.Errorf("events page does not say the store has no events")
	}
}

func TestExportsStream(t *testing.T) {
	s := newTestServer(t, Options{})
	srv := httptest.NewServer(s)
	defer srv.Close()
	fetch := func(path string) (*http.Response, []byte) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, b)
		}
		return resp, b
	}
	total := decode[searchJSON](t, get(t, s, "/api/search?q=talks")).Total
	resp, b := fetch("/api/search?q=talks&format=csv")
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.Contains(resp.Header.Get("Content-Disposition"), "search.csv") {
		t.Errorf("CSV headers: %v", resp.Header)
	}
	if !slices.Contains(resp.TransferEncoding, "chunked") {
		t.Errorf("CSV export not streamed: transfer encoding %v, length %d", resp.TransferEncoding, resp.ContentLength)
	}
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != total+1 || rows[0][0] != "id" {
		t.Errorf("CSV: %d rows, want a header and %d", len(rows), total)
	}
	// Every result of the list, not one page, from the cursor on.
	first := decode[searchJSON](t, get(t, s, "/api/search?q=talks&limit=5"))
	_, b = fetch("/api/search?q=talks&format=jsonl&cursor=" + first.NextCursor)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != total-5 {
		t.Errorf("JSONL from the second page: %d lines, want %d", len(lines), total-5)
	}
	var row map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &row); err != nil || row["id"] != first.Results[len(first.Results)-1].ID && row["id"] == nil {
		t.Errorf("JSONL row %q: %v", lines[0], err)
	}
	_, b = fetch("/api/search?speaker=Reyko&format=csv")
	if rows, _ := csv.NewReader(strings.NewReader(string(b))).ReadAll(); len(rows) != decode[searchJSON](t, get(t, s, "/api/search?speaker=Reyko")).Total+1 {
		t.Errorf("speaker CSV: %d rows", len(rows))
	}
	for _, path := range []string{"/api/quotes?format=csv", "/api/quotes?format=jsonl", "/api/entities?format=csv", "/api/entities?format=jsonl",
		"/api/events?format=csv", "/api/events?format=jsonl", "/api/stories?format=csv"} {
		resp, b := fetch(path)
		if len(b) == 0 || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: %d bytes, %v", path, len(b), resp.Header)
		}
	}
	// Every actor of an event has a name in the export, the words of its
	// mention when it resolves to nobody ("he", "her counterpart").
	_, b = fetch("/api/events?format=csv")
	rows, _ = csv.NewReader(strings.NewReader(string(b))).ReadAll()
	evs := allEvents(t, s, "").Events
	if len(rows) != len(evs)+1 || !slices.Equal(rows[0][4:6], []string{"source", "target"}) {
		t.Fatalf("events CSV: %d rows, header %v; want a header and %d", len(rows), rows[0], len(evs))
	}
	var unresolved int
	for i, ev := range evs {
		for j, a := range []*dateline.Actor{ev.Source, ev.Target} {
			if a != nil && a.Actor == "" {
				unresolved++
			}
			if got := rows[i+1][4+j]; (a != nil) != (got != "") || a != nil && got != a.Name() {
				t.Errorf("events CSV row %d, %s: %q for actor %+v", i+1, rows[0][4+j], got, a)
			}
		}
	}
	t.Logf("%d events, %d actors that resolve to nobody", len(evs), unresolved)
	_, b = fetch("/api/entities?format=csv")
	rows, _ = csv.NewReader(strings.NewReader(string(b))).ReadAll()
	var listed int
	for cur := ""; ; {
		l := decode[entityList](t, get(t, s, "/api/entities?limit=500&cursor="+cur))
		listed += len(l.Entities)
		if cur = l.NextCursor; cur == "" {
			break
		}
	}
	if len(rows) != listed+1 {
		t.Errorf("entities CSV has %d rows, the list %d entities", len(rows)-1, listed)
	}
	if got := csvSafe("=HYPERLINK(1)"); got != "'=HYPERLINK(1)" {
		t.Errorf("csvSafe: %q", got)
	}
}

func TestWriteAPI(t *testing.T) {
	post := func(s *Server, path, token, ctype, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec
	}
	jsonl := `{"id": "posted-1", "date": "2023-05-02", "title": "Posted", "text": "Ingrid Halvorsen said on Tuesday that monitors had reached Tavrin."}` + "\n"

	// The write tests get a store of their own, so the shared one stays as
	// the other tests expect it.
	dir := t.TempDir()
	lib, p, err := buildStore(dir, examplesDir(t)+"/articles/geneva-talks-open.txt", false)
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	newServer := func(opts Options) *Server {
		opts.Library, opts.Pipeline, opts.Dir = lib, p, dir
		s, err := New(opts)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	off := newServer(Options{})
	if rec := post(off, "/api/articles", "anything", "application/x-ndjson", jsonl); rec.Code != 403 {
		t.Errorf("no token configured: %d, want 403", rec.Code)
	}

	s := newServer(Options{Token: "s3cret", MaxBody: 4096})
	if rec := post(s, "/api/articles", "", "application/x-ndjson", jsonl); rec.Code != 401 || rec.Header().Get("WWW-Authenticate") == "" {
		t.Errorf("no token: %d, want 401 with WWW-Authenticate", rec.Code)
	}
	if rec := post(s, "/api/articles", "wrong", "application/x-ndjson", jsonl); rec.Code != 401 {
		t.Errorf("wrong token: %d, want 401", rec.Code)
	}
	big := `{"id": "too-big", "date": "2023-05-02", "text": "` + strings.Repeat("word ", 2000) + `"}`
	if rec := post(s, "/api/articles", "s3cret", "application/x-ndjson", big); rec.Code != 413 {
		t.Errorf("body over the limit: %d, want 413", rec.Code)
	}
	if rec := get(t, s, "/api/articles/too-big"); rec.Code != 404 {
		t.Errorf("an article of a refused body was stored")
	}
	// Without a Content-Length, the limit is found while reading.
	req := httptest.NewRequest("POST", "/api/articles", io.MultiReader(strings.NewReader(big)))
	req.ContentLength = -1
	req.Header.Set("Authorization", "Bearer s3cret")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != 413 {
		t.Errorf("chunked body over the limit: %d, want 413", rec.Code)
	}
	if rec := post(s, "/api/articles", "s3cret", "image/png", jsonl); rec.Code != 400 {
		t.Errorf("bad content type: %d", rec.Code)
	}
	if rec := post(s, "/api/articles", "s3cret", "text/plain", "date 2023-05-03 Text."); rec.Code != 400 {
		t.Errorf("line format without id: %d", rec.Code)
	}
	// A cached answer from before the write must not survive it.
	before := get(t, s, "/api/search?q=monitors+reached&entity=Halvorsen")
	if again := get(t, s, "/api/search?q=monitors+reached&entity=Halvorsen"); again.Header().Get("X-Cache") != "hit" || again.Body.String() != before.Body.String() {
		t.Errorf("second identical search: X-Cache %q", again.Header().Get("X-Cache"))
	}
	rec = post(s, "/api/articles", "s3cret", "application/x-ndjson", jsonl+`{"id": "broken", "date": "2023-02-30", "text": "x"}`+"\n")
	if rec.Code != 200 {
		t.Fatalf("ingest: %d %s", rec.Code, rec.Body)
	}
	var body any
	json.Unmarshal(rec.Body.Bytes(), &body)
	for _, e := range validate(loadOpenAPI(t), &schema{Ref: "#/components/schemas/IngestResult"}, body, "$") {
		t.Errorf("ingest answer: %s", e)
	}
	res := decode[ingestResponse](t, rec)
	if res.Read != 1 || res.Inserted != 1 || res.Failed != 1 || len(res.Errors) != 1 || !strings.Contains(res.Errors[0], "request:2") {
		t.Errorf("ingest result: %+v", res)
	}
	if r := decode[searchJSON](t, get(t, s, "/api/search?q=monitors+reached&entity=Halvorsen")); r.Total != 1 || r.Results[0].ID != "posted-1" {
		t.Errorf("posted article not found: %+v", r)
	}
	rec = post(s, "/api/articles?id=posted.line/2", "s3cret", "text/plain; charset=utf-8", "date 2023-05-03 Tomas Reyko arrived in Oslo on Wednesday.")
	if rec.Code != 200 {
		t.Fatalf("line format: %d %s", rec.Code, rec.Body)
	}
	if rec := get(t, s, "/api/articles/posted.line/2"); rec.Code != 200 {
		t.Errorf("line-format article by its id: %d", rec.Code)
	}
	if rec := post(s, "/api/articles", "s3cret", "application/x-ndjson", `{"id": "x"}`+"\n"); rec.Code != 400 {
		t.Errorf("nothing readable: %d", rec.Code)
	}
	m := get(t, s, "/metrics").Body.String()
	for _, want := range []string{`dateline_ingest_articles_total{outcome="inserted"} 2`, `dateline_cache_requests_total{result="hit"} `, `dateline_ingest_requests_total{code="401"} 2`, `dateline_ingest_requests_total{code="413"} 2`} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestEscaping(t *testing.T) {
	s := newTestServer(t, Options{})
	for _, path := range []string{"/articles/" + xssID, "/?q=talks+resume", "/entities/Tavrin", "/?entity=Halvorsen&q=officials"} {
		rec := get(t, s, path)
		body := rec.Body.String()
		if rec.Code != 200 {
			t.Fatalf("%s: %d", path, rec.Code)
		}
		csp := rec.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		for _, bad := range []string{"<script>window", "<script>alert", "<img", "<b ", "<i>", "javascript:"} {
			if strings.Contains(body, bad) {
				i := strings.Index(body, bad)
				t.Errorf("%s: page holds %q unescaped: …%s…", path, bad, body[max(0, i-80):min(len(body), i+80)])
			}
		}
		if m := eventHandler.FindString(body); m != "" {
			t.Errorf("%s: an event handler attribute in the markup: %s", path, m)
		}
		if n := strings.Count(body, "<script"); n != 1 {
			t.Errorf("%s: %d script elements, want only the app's", path, n)
		}
	}
	// The article's text comes out escaped; layers may wrap parts of it in
	// highlight elements, so the check is on the page without its tags.
	body := markupTag.ReplaceAllString(get(t, s, "/articles/"+xssID).Body.String(), "")
	for _, want := range []string{"&lt;script&gt;window.__xss=1;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=&#34;window.__xss=2;alert(2)&#34;&gt;",
		"Injected &lt;b onmouseover=", "Evil &lt;i&gt;Source&lt;/i&gt;", "&amp; more"} {
		if !strings.Contains(body, want) {
			t.Errorf("article page lacks the escaped %q", want)
		}
	}
	// The API escapes too: JSON never carries a raw "<" a browser sniffing
	// it could read as markup.
	api := get(t, s, "/api/articles/"+xssID)
	if strings.Contains(api.Body.String(), "<script") || api.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("article JSON: raw markup or no nosniff")
	}
}

// markupTag matches an element's tag: escaped text holds no "<".
var markupTag = regexp.MustCompile(`<[^<>]*>`)

// eventHandler matches an on...= attribute inside a tag.
var eventHandler = regexp.MustCompile(`<[a-zA-Z][^<>]*\son[a-z]+\s*=`)

func TestHighlightHTML(t *testing.T) {
	text := `A <b>"Tom & Jerry"</b> said on Friday that Éric Dupont left.`
	idx := func(s string) dateline.Span {
		i := strings.Index(text, s)
		return dateline.Span{Start: i, End: i + len(s)}
	}
	doc := &dateline.Doc{Article: dateline.Article{Text: text}}
	doc.Entities = []dateline.Entity{
		{Span: idx("Tom & Jerry"), Text: "Tom & Jerry", Type: "PERSON", Entity: `Tom "Cat" <Jerry>`},
		{Span: idx("Tom"), Text: "Tom", Type: "PERSON", Entity: "Tom"},                         // nested entity: not a link in a link
		{Span: idx("Éric Dupont"), Text: "Éric Dupont", Type: "PERSON", Entity: "Éric Dupont"}, // multi-byte
		{Span: dateline.Span{Start: 1000, End: 1001}, Type: "LOC"},                             // out of range: skipped
		{Span: dateline.Span{Start: idx("Éric").Start + 1, End: idx("Éric").End}, Type: "LOC"}, // mid-rune: skipped
	}
	doc.Timexes = []dateline.Timex{{Span: idx("Friday"), Text: "Friday", Type: "DATE", Value: "2023-03-03"}}
	// A quote crossing the entity's end, and an event over everything.
	doc.Quotes = []dateline.Quote{{Span: dateline.Span{Start: idx("Jerry").Start, End: idx("Friday").End}, Kind: "direct", Speaker: "<Someone>"}}
	doc.Events = []dateline.Event{{Span: dateline.Span{Start: 0, End: len(text)}, Type: "DEMAND", Date: "2023-03-03"}}
	out := string(highlightHTML(text, annotations(doc)))

	// Well-formed: every element closed in order.
	dec := xml.NewDecoder(strings.NewReader("<div>" + out + "</div>"))
	dec.Strict = true
	var plain strings.Builder
	depthA := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, out)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if el.Name.Local == "a" {
				depthA++
				if depthA > 1 {
					t.Errorf("a link inside a link:\n%s", out)
				}
			}
			if el.Name.Local != "a" && el.Name.Local != "span" && el.Name.Local != "div" {
				t.Errorf("element %s from the text", el.Name.Local)
			}
		case xml.EndElement:
			if el.Name.Local == "a" {
				depthA--
			}
		case xml.CharData:
			plain.Write(el)
		}
	}
	if plain.String() != text {
		t.Errorf("text changed:\n%q\n%q", plain.String(), text)
	}
	for _, want := range []string{`data-tip="Tom &#34;Cat&#34; &lt;Jerry&gt; · PERSON"`, `data-tip="2023-03-03 · DATE"`,
		`data-tip="Quote (direct) · &lt;Someone&gt;"`, `data-tip="Event DEMAND · 2023-03-03"`, `&lt;b&gt;`, `id="qt-1"`, `id="ev-1"`,
		`href="/entities/Tom%20%22Cat%22%20%3CJerry%3E"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if strings.Count(out, `id="qt-1"`) != 1 {
		t.Errorf("the id of a split quote is repeated:\n%s", out)
	}
}

func TestPages(t *testing.T) {
	s := newTestServer(t, Options{})
	for path, wants := range map[string][]string{
		"/":                            {"articles", "Filters"},
		"/?q=%22Geneva+Accord%22":      {"Geneva Accord", "<mark>", "People", "Export"},
		"/articles/geneva-talks-open":  {`class="ann ent ent-PERSON"`, `class="ann tx"`, "Time expressions", `class="ann qt`},
		"/articles/" + layersID:        {`class="ann qt qt-direct"`, `class="ann ev"`, "Quote (direct) · Tomas Reyko", "Event DEMAND · Karvenia → Lastria · 2023-03-10"},
		"/entities/Ingrid%20Halvorsen": {"<svg", `class="bar"`, "Mentioned with", "Quotes by Ingrid Halvorsen"},
		"/entities/Reyko":              {"Quotes by Reyko", "Tomas Reyko</a>"},
		"/entities":                    {"Ingrid Halvorsen"},
		"/entities?type=PERSON":        {"Ingrid Halvorsen"},
		"/quotes":                      {"<blockquote>", "</strong> quotes; showing 1–20"},
		"/quotes?speaker=Reyko&text=withdraw&from=2023-03-10&to=2023-03-10": {"1</strong> quote", "Lastria must withdraw"},
		"/events": {"DEMAND", "Karvenia"},
		"/events?type=DEMAND&from=2023-03-10&to=2023-03-10": {"Test article with quote and event layers", `<a href="/entities/Karvenia">Karvenia</a>`, `<a href="/entities/Lastria">Lastria</a>`},
		"/static/style.css": {".doc"},
		"/static/app.js":    {"use strict"},
	} {
		rec := get(t, s, path)
		if rec.Code != 200 {
			t.Errorf("%s: status %d", path, rec.Code)
			continue
		}
		for _, w := range wants {
			if !strings.Contains(rec.Body.String(), w) {
				t.Errorf("%s lacks %q", path, w)
			}
		}
	}
	checkArticleEvents(t, s)
	checkEventsPage(t, s)
	for path, code := range map[string]int{"/?from=bad": 400, "/nothing-here": 404, "/entities/Nobody%20Atall": 404, "/static/nope.js": 404, "/quotes?kind=sung": 400} {
		if rec := get(t, s, path); rec.Code != code {
			t.Errorf("%s: status %d, want %d", path, rec.Code, code)
		}
	}
}

func TestMetricsAndHealth(t *testing.T) {
	s := newTestServer(t, Options{})
	get(t, s, "/api/search?q=ceasefire")
	get(t, s, "/api/search?q=ceasefire")
	get(t, s, "/nowhere")
	rec := get(t, s, "/metrics")
	if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Errorf("metrics content type %q", rec.Header().Get("Content-Type"))
	}
	m := rec.Body.String()
	for _, want := range []string{
		`dateline_http_requests_total{route="GET /api/search",code="200"} 2`,
		`dateline_http_requests_total{route="unmatched",code="404"} 1`,
		`dateline_http_request_duration_seconds_count{route="GET /api/search"} 2`,
		`dateline_http_request_duration_seconds_bucket{route="GET /api/search",le="+Inf"} 2`,
		"dateline_store_articles 32", "dateline_store_size_bytes ",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	st := decode[map[string]any](t, get(t, s, "/api/stats"))
	if want := fmt.Sprintf("\n"+`dateline_store_annotations{layer="events"} %v`+"\n", st["events"]); st["events"].(float64) < 1 || !strings.Contains(m, want) {
		t.Errorf("metrics lack %q", strings.TrimSpace(want))
	}
	// Every sample line is "name{labels} value".
	sc := bufio.NewScanner(strings.NewReader(m))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !sampleLine.MatchString(line) {
			t.Errorf("bad sample line %q", line)
		}
	}
	if h := decode[map[string]string](t, get(t, s, "/healthz")); h["status"] != "ok" {
		t.Errorf("healthz: %v", h)
	}
}

var sampleLine = regexp.MustCompile(`^[a-z_]+(\{([a-z_]+="([^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|\+Inf)$`)

func TestGracefulShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	var finished atomic.Bool
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(300 * time.Millisecond)
		finished.Store(true)
		io.WriteString(w, "done")
	})
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serve(ctx, ln, h, testLogger(), 5*time.Second) }()
	got := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- string(b)
	}()
	<-started
	cancel() // as SIGINT does
	if body := <-got; body != "done" {
		t.Errorf("request in flight at shutdown got %q", body)
	}
	if err := <-served; err != nil {
		t.Errorf("serve: %v", err)
	}
	if !finished.Load() {
		t.Error("serve returned before the request in flight finished")
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("still accepting connections after shutdown")
	}

	// A request that outlasts the grace period is cut off, and serve says so.
	ln2, _ := net.Listen("tcp", "127.0.0.1:0")
	block := make(chan struct{})
	defer close(block)
	started2 := make(chan struct{})
	h2 := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { close(started2); <-block })
	ctx2, cancel2 := context.WithCancel(context.Background())
	served2 := make(chan error, 1)
	go func() { served2 <- serve(ctx2, ln2, h2, testLogger(), 100*time.Millisecond) }()
	go http.Get("http://" + ln2.Addr().String() + "/")
	<-started2
	cancel2()
	if err := <-served2; err == nil {
		t.Error("serve: no error for a request cut off")
	}
}

func testLogger() *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.DiscardHandler)
}

func TestFocusEntities(t *testing.T) {
	es := func(specs ...string) []dateline.EntityStat {
		var out []dateline.EntityStat
		for _, s := range specs {
			name, typ, _ := strings.Cut(s, "/")
			out = append(out, dateline.EntityStat{Name: name, Type: typ})
		}
		return out
	}
	names := func(list []dateline.EntityStat) []string {
		var out []string
		for _, e := range list {
			out = append(out, e.Name+"/"+e.Type)
		}
		return out
	}
	tests := []struct {
		name         string
		found        []dateline.EntityStat
		mine, others []string
	}{
		{"Karvenia", es("Karvenia/LOC", "Karvenia/ORG", "Karvenia/PERSON"), []string{"Karvenia/LOC", "Karvenia/ORG", "Karvenia/PERSON"}, nil},
		{"Dostal", es("Milena Dostal/PERSON", "Dostal/PERSON"), []string{"Dostal/PERSON", "Milena Dostal/PERSON"}, nil},
		{"Jakarta", es("Jakarta/LOC", "Hanoi Jakarta/PERSON", "Jakarta/PERSON", "Lima Jakarta/PERSON"),
			[]string{"Jakarta/LOC", "Jakarta/PERSON"}, []string{"Hanoi Jakarta/PERSON", "Lima Jakarta/PERSON"}},
		{"jakarta", es("Jakarta/LOC", "Jakarta Post/ORG"), []string{"Jakarta/LOC"}, []string{"Jakarta Post/ORG"}},
		{"Blinken", es("Antony Blinken/PERSON"), []string{"Antony Blinken/PERSON"}, nil},
		{"Smith", es("John Smith/PERSON", "Jane Smith/PERSON", "Al Smith/PERSON"), []string{"John Smith/PERSON"}, []string{"Jane Smith/PERSON", "Al Smith/PERSON"}},
		{"Smith", es("John Smith/PERSON", "Jane Smith/PERSON"), []string{"John Smith/PERSON"}, []string{"Jane Smith/PERSON"}},
	}
	for _, tt := range tests {
		mine, others := focusEntities(tt.name, tt.found)
		if got := names(mine); !reflect.DeepEqual(got, tt.mine) {
			t.Errorf("%s among %v: about %v, want %v", tt.name, names(tt.found), got, tt.mine)
		}
		if got := names(others); !reflect.DeepEqual(got, tt.others) {
			t.Errorf("%s among %v: others %v, want %v", tt.name, names(tt.found), got, tt.others)
		}
	}
}
