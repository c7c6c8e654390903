package web

import (
	"cmp"
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline"
)

// The event layer codes the example corpus by rules that are still being
// tuned, so these tests assert what must hold whatever it finds; only the
// test article's hand-made event (see addTestArticles) has exact values.

// allEvents returns every event /api/events lists for query, in one page.
func allEvents(t *testing.T, h http.Handler, query string) eventList {
	t.Helper()
	rec := get(t, h, "/api/events?limit=500&"+query)
	if rec.Code != 200 {
		t.Fatalf("events %s: %d %s", query, rec.Code, rec.Body)
	}
	l := decode[eventList](t, rec)
	if !l.Complete || l.NextCursor != "" || len(l.Events) != l.Total {
		t.Fatalf("events %s: %d of %d events on one page (complete %v)", query, len(l.Events), l.Total, l.Complete)
	}
	return l
}

// eventKey identifies an event of the store.
func eventKey(ev dateline.EventHit) string {
	return fmt.Sprintf("%s@%d-%d:%s", ev.ArticleID, ev.Start, ev.End, ev.Type)
}

func countEvents(evs []dateline.EventHit, keep func(dateline.EventHit) bool) int {
	n := 0
	for _, ev := range evs {
		if keep(ev) {
			n++
		}
	}
	return n
}

// involves reports whether one of names is the event's source or target.
func involves(ev dateline.EventHit, names []string) bool {
	is := func(a *dateline.Actor) bool {
		return a != nil && slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, a.Actor) })
	}
	return is(ev.Source) || is(ev.Target)
}

// checkFixtureEvent checks the test article's event: exactly the one
// addTestArticles made.
func checkFixtureEvent(t *testing.T, ev dateline.EventHit) {
	t.Helper()
	const sent = "Karvenia demanded that Lastria withdraw from Upper Mira."
	start := strings.Index(layersText, sent)
	if ev.ArticleID != layersID || ev.Type != "DEMAND" || ev.Date != "2023-03-10" || ev.Published != "2023-03-10" ||
		ev.Text != sent || ev.Start != start || ev.End != start+len(sent) ||
		ev.Source == nil || ev.Source.Actor != "Karvenia" || ev.Source.Text != "Karvenia" || ev.Source.Start != start ||
		ev.Target == nil || ev.Target.Actor != "Lastria" || ev.Target.Text != "Lastria" ||
		layersText[ev.Target.Start:ev.Target.End] != "Lastria" {
		t.Errorf("the test article's event: %+v (source %+v, target %+v)", ev, ev.Source, ev.Target)
	}
}

// eventDay is the day an event belongs to on a timeline: the first day of
// its date (a TimeML day, possibly with a time, an ISO week, a month or a
// year), or its article's publication day when its date is none of these.
func eventDay(t *testing.T, ev dateline.EventHit) time.Time {
	t.Helper()
	v := ev.Date
	var y, w int
	switch {
	case len(v) >= 10 && v[4] == '-' && v[7] == '-':
		if d, err := time.Parse("2006-01-02", v[:10]); err == nil {
			return d
		}
	case len(v) >= 8 && v[4:6] == "-W":
		if _, err := fmt.Sscanf(v[:8], "%4d-W%2d", &y, &w); err == nil {
			// The Monday of the week: weeks start on Monday, week 1 holds 4 January.
			d := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
			for d.Weekday() != time.Monday {
				d = d.AddDate(0, 0, -1)
			}
			d = d.AddDate(0, 0, 7*(w-1))
			if yy, ww := d.ISOWeek(); yy == y && ww == w {
				return d
			}
		}
	case len(v) == 7:
		if d, err := time.Parse("2006-01", v); err == nil {
			return d
		}
	case len(v) == 4:
		if d, err := time.Parse("2006", v); err == nil {
			return d
		}
	}
	d, err := time.Parse(dateline.DateLayout, ev.Published)
	if err != nil {
		t.Fatalf("event %q: no date and a bad publication day %q", ev.Text, ev.Published)
	}
	return d
}

func TestEventDay(t *testing.T) {
	for v, want := range map[string]string{
		"2023-03-10": "2023-03-10", "2023-03-15TEV": "2023-03-15", "2023-W10": "2023-03-06", "2023-W10-WE": "2023-03-06",
		"2021-W01": "2021-01-04", "2020-W53": "2020-12-28", "2023-04": "2023-04-01", "2023": "2023-01-01",
		"": "2023-03-09", "PAST_REF": "2023-03-09", "2023-Q1": "2023-03-09",
	} {
		if got := dayString(eventDay(t, dateline.EventHit{Event: dateline.Event{Date: v}, Published: "2023-03-09"})); got != want {
			t.Errorf("eventDay(%q) = %s, want %s", v, got, want)
		}
	}
}

// evSpan matches the opening tag of an event highlight, with its tooltip
// and, on its first piece, its id.
var evSpan = regexp.MustCompile(`<span class="ann ev" data-tip="([^"]*)"(?: id="ev-(\d+)")?>`)

// checkArticleEvents checks the article pages against the articles' event
// layers: every article has been through the event layer, and each event
// is highlighted, with a tooltip that gives its type, actors and date, and
// listed below the text.
func checkArticleEvents(t *testing.T, s http.Handler) {
	t.Helper()
	ids := decode[searchJSON](t, get(t, s, "/api/search?limit=100"))
	if ids.Total != len(ids.Results) || ids.Total < 30 {
		t.Fatalf("%d of %d articles", len(ids.Results), ids.Total)
	}
	withEvents := 0
	for _, r := range ids.Results {
		rec := get(t, s, "/api/articles/"+r.ID)
		var doc dateline.Doc
		if err := doc.UnmarshalJSON(rec.Body.Bytes()); err != nil {
			t.Fatalf("%s: %v", r.ID, err)
		}
		if a := rec.Header().Get("X-Dateline-Analysis"); !strings.Contains(a, "event@") {
			t.Errorf("%s: analysis %q lacks the event layer", r.ID, a)
		}
		page := get(t, s, "/articles/"+r.ID).Body.String()
		if strings.Contains(page, "The event layer has not run") {
			t.Errorf("/articles/%s says the event layer has not run", r.ID)
		}
		if !strings.Contains(page, fmt.Sprintf(`Events <span class="count">%d</span>`, len(doc.Events))) {
			t.Errorf("/articles/%s does not count its %d events", r.ID, len(doc.Events))
		}
		if len(doc.Events) == 0 {
			if !strings.Contains(page, "No events found.") || strings.Contains(page, `class="ann ev"`) {
				t.Errorf("/articles/%s: no events, and the page does not say so", r.ID)
			}
			continue
		}
		if r.ID != layersID && r.ID != xssID {
			withEvents++
		}
		seen := map[int]bool{}
		for _, m := range evSpan.FindAllStringSubmatch(page, -1) {
			if m[2] == "" {
				continue
			}
			n, _ := strconv.Atoi(m[2])
			if n < 1 || n > len(doc.Events) || seen[n] {
				t.Errorf("/articles/%s: event highlight ev-%d (of %d events)", r.ID, n, len(doc.Events))
				continue
			}
			seen[n] = true
			ev, tip := doc.Events[n-1], html.UnescapeString(m[1])
			ok := strings.HasPrefix(tip, "Event "+ev.Type) && strings.Contains(tip, ev.Date)
			for _, a := range []*dateline.Actor{ev.Source, ev.Target} {
				if a != nil {
					ok = ok && strings.Contains(tip, cmp.Or(a.Actor, a.Text))
				}
			}
			if !ok {
				t.Errorf("/articles/%s: event %q (%s, source %+v, target %+v, %s) has the tooltip %q", r.ID, ev.Text, ev.Type, ev.Source, ev.Target, ev.Date, tip)
			}
			if !strings.Contains(page, fmt.Sprintf(`<a href="#ev-%d">%s</a>`, n, ev.Type)) {
				t.Errorf("/articles/%s: event %d (%s) not listed below the text", r.ID, n, ev.Type)
			}
		}
		if len(seen) != len(doc.Events) {
			t.Errorf("/articles/%s: %d of its %d events highlighted", r.ID, len(seen), len(doc.Events))
		}
	}
	if withEvents == 0 {
		t.Error("no example article has events")
	}
}

// evRow matches a row of the events page: its date and type.
var evRow = regexp.MustCompile(`<tr><td>([^<]*)</td><td>([^<]*)</td>`)

// checkEventsPage checks that the events page lists what the events API
// lists, newest first, with PLOVER types.
func checkEventsPage(t *testing.T, s http.Handler) {
	t.Helper()
	for _, q := range []string{"", "type=DEMAND", "entity=Lastria", "type=DEMAND&entity=Karvenia", "q=ceasefire&from=2023-04-01"} {
		api := decode[eventList](t, get(t, s, "/api/events?"+q))
		rec := get(t, s, "/events?"+q)
		if rec.Code != 200 {
			t.Errorf("/events?%s: %d", q, rec.Code)
			continue
		}
		page := rec.Body.String()
		var want, got []string
		for _, ev := range api.Events {
			d := ev.Date
			if d == "" {
				d = ev.Published
			}
			want = append(want, d+" "+ev.Type)
		}
		for _, m := range evRow.FindAllStringSubmatch(page, -1) {
			got = append(got, html.UnescapeString(m[1])+" "+m[2])
			if !slices.Contains(dateline.EventTypes(), m[2]) {
				t.Errorf("/events?%s lists an event of type %q", q, m[2])
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("/events?%s lists\n%q\nthe API\n%q", q, got, want)
		}
		if api.Total > 0 && !strings.Contains(page, fmt.Sprintf("<strong>%s</strong> event", comma(api.Total))) {
			t.Errorf("/events?%s does not give the total %d", q, api.Total)
		}
	}
}

// entityLink matches a link to an entity page.
var entityLink = regexp.MustCompile(`href="(/entities/[^"?#]+)"`)

// TestEventActorLinks checks that the actors of real events link to their
// entity pages, and only to pages that exist: an actor the event layer did
// not resolve to an entity ("they", "the UN special envoy") is shown as
// text.
func TestEventActorLinks(t *testing.T) {
	s := newTestServer(t, Options{})
	pages := []string{"/events?limit=500", "/entities/Lastria", "/entities/Karvenia", "/entities/Ingrid%20Halvorsen"}
	articles := map[string]bool{}
	known := map[string]bool{} // actor name: whether it has an entity page
	for _, ev := range allEvents(t, s, "").Events {
		if !articles[ev.ArticleID] {
			articles[ev.ArticleID] = true
			pages = append(pages, "/articles/"+ev.ArticleID)
		}
		for _, a := range []*dateline.Actor{ev.Source, ev.Target} {
			if a == nil {
				continue
			}
			if name := cmp.Or(a.Actor, a.Text); name != "" {
				if _, ok := known[name]; !ok {
					known[name] = get(t, s, entityURL(name)).Code == 200
				}
			}
		}
	}
	checked := map[string]bool{}
	for _, p := range pages {
		rec := get(t, s, p)
		if rec.Code != 200 {
			t.Fatalf("%s: %d", p, rec.Code)
		}
		linked := map[string]bool{}
		for _, m := range entityLink.FindAllStringSubmatch(rec.Body.String(), -1) {
			link := html.UnescapeString(m[1])
			name, err := url.PathUnescape(strings.TrimPrefix(link, "/entities/"))
			if err != nil {
				t.Errorf("%s: link %s: %v", p, link, err)
			}
			linked[name] = true
			if checked[link] {
				continue
			}
			checked[link] = true
			if c := get(t, s, link).Code; c != 200 {
				t.Errorf("%s links to %s: %d", p, link, c)
			}
		}
		if p != "/events?limit=500" {
			continue
		}
		// The events page shows every event: each actor with an entity
		// page is linked there.
		for name, ok := range known {
			if ok && !linked[name] {
				t.Errorf("%s does not link the actor %q to its entity page", p, name)
			}
		}
	}
	if !slices.Contains(slices.Collect(maps.Values(known)), true) {
		t.Errorf("no actor of an event is a known entity: %v", known)
	}
}

// An actor no entity is known by (a role, an unresolved "they") filters the
// events list by its name as written, with or without words to match.
func TestEventsOfAnActorWithoutEntity(t *testing.T) {
	s := newTestServer(t, Options{})
	var role string
	var ev dateline.EventHit
	for _, e := range allEvents(t, s, "").Events {
		for _, a := range []*dateline.Actor{e.Source, e.Target} {
			if role == "" && a != nil && a.Actor != "" && get(t, s, entityURL(a.Actor)).Code == 404 {
				role, ev = a.Actor, e
			}
		}
	}
	if role == "" {
		t.Skip("every event actor of the example corpus is a known entity")
	}
	word := ""
	for _, w := range strings.Fields(ev.Text) {
		if w = strings.Trim(w, `.,;:"'“”`); len(w) > len(word) {
			word = w
		}
	}
	isActor := func(a *dateline.Actor) bool { return a != nil && strings.EqualFold(a.Actor, role) }
	for _, q := range []string{"entity=" + url.QueryEscape(role), "entity=" + url.QueryEscape(role) + "&q=" + url.QueryEscape(word)} {
		l := allEvents(t, s, q)
		found := false
		for _, e := range l.Events {
			if !isActor(e.Source) && !isActor(e.Target) {
				t.Errorf("%s lists an event of %v and %v", q, e.Source, e.Target)
			}
			found = found || eventKey(e) == eventKey(ev)
		}
		if !found {
			t.Errorf("%s does not list the event %s of %q (%d events of %d articles read)", q, eventKey(ev), role, l.Total, l.ScannedArticles)
		}
	}
}
