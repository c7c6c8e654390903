package fulltext

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/dateline-news/dateline"
)

func day(s string) time.Time {
	t, err := time.Parse(dateline.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func stored(id, date, title, text string, seq int64) *dateline.Stored {
	return &dateline.Stored{
		Doc: dateline.NewDoc(dateline.Article{ID: id, Date: day(date), Title: title, Text: text}),
		Seq: seq,
	}
}

// corpus is a handful of news-like articles.
func corpus() []*dateline.Stored {
	return []*dateline.Stored{
		stored("a1", "2023-03-01", "Ukraine and Russia hold peace talks",
			"Delegations from Ukraine and Russia met in Istanbul for peace talks on Tuesday. "+
				"The talk focused on grain exports through the Black Sea.", 1),
		stored("a2", "2023-03-02", "EU sanctions Russian banks",
			"The European Union sanctioned three Russian banks on Thursday, widening sanctions over the war.", 2),
		stored("a3", "2023-03-03", "Grain deal extended",
			"The Black Sea grain deal was extended for 120 days after talks in Istanbul.", 3),
		stored("a4", "2023-03-10", "Elections in Nigeria",
			"Nigeria held presidential elections; the opposition rejected the results.", 4),
		stored("a5", "2023-04-01", "Peace in the Black Sea region",
			"Shipping resumed as tension in the sea eased. Peace is fragile.", 5),
		stored("a6", "2023-04-02", "Hopes for peace",
			"Talks collapsed in Geneva on Monday.", 6),
	}
}

func openTest(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	return ix
}

func openCorpus(t *testing.T) *Index {
	t.Helper()
	ix := openTest(t)
	if err := ix.Apply(context.Background(), corpus(), 6); err != nil {
		t.Fatal(err)
	}
	return ix
}

// ids runs q and returns the ids of all hits, sorted.
func ids(t *testing.T, ix *Index, q dateline.Query) []string {
	t.Helper()
	q.Limit = 100
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	if res.Total != len(res.Hits) {
		t.Errorf("Search(%+v): Total %d, %d hits", q, res.Total, len(res.Hits))
	}
	out := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	slices.Sort(out)
	return out
}

func TestSearch(t *testing.T) {
	ix := openCorpus(t)
	tests := []struct {
		text string
		want []string
	}{
		{"talks", []string{"a1", "a3", "a6"}},                    // talks, talk, Talks
		{"talk", []string{"a1", "a3", "a6"}},                     // and back
		{"sanctions", []string{"a2"}},                            // sanctions, sanctioned
		{"SANCTIONED", []string{"a2"}},                           // case
		{`"peace talks"`, []string{"a1"}},                        // not a5, not across a6's title and body
		{`“peace talks”`, []string{"a1"}},                        // curly quotes
		{`"Black Sea"`, []string{"a1", "a3", "a5"}},              // in body or title
		{`"black seas"`, []string{"a1", "a3", "a5"}},             // phrases stem too
		{`"talks in Istanbul"`, []string{"a3"}},                  // the stop word is any one word
		{"grain Istanbul", []string{"a1", "a3"}},                 // juxtaposition is AND
		{"grain AND Istanbul", []string{"a1", "a3"}},             //
		{"Nigeria OR sanctions", []string{"a2", "a4"}},           //
		{"grain NOT deal", []string{"a1"}},                       //
		{`"Black Sea" -grain`, []string{"a5"}},                   //
		{`-"Black Sea" -Nigeria`, []string{"a2", "a6"}},          // only negations
		{"-Russia", []string{"a2", "a3", "a4", "a5", "a6"}},      // Russian is another stem
		{"title:grain", []string{"a3"}},                          // a1 has grain in the body only
		{`title:"peace talks"`, []string{"a1"}},                  //
		{"title:peace -title:talks", []string{"a5", "a6"}},       //
		{"text:grain", []string{"a1", "a3"}},                     //
		{"(Nigeria OR Geneva) -elections", []string{"a6"}},       //
		{"peace (talks OR tension)", []string{"a1", "a5", "a6"}}, // a6: peace in title, talks in body
		{"the talks", []string{"a1", "a3", "a6"}},                // stop words are ignored
		{"Putin", []string{}},                                    //
		{"the", []string{"a1", "a2", "a3", "a4", "a5", "a6"}},    // nothing left: everything
		{"", []string{"a1", "a2", "a3", "a4", "a5", "a6"}},       //
		{"Nigeria OR the", []string{"a4"}},                       //
		{"peace -the", []string{"a1", "a5", "a6"}},               //
		{"120", []string{"a3"}},                                  // numbers
		{"(((grain", []string{"a1", "a3"}},                       // lenient
	}
	for _, tt := range tests {
		got := ids(t, ix, dateline.Query{Text: tt.text})
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Search(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestSearchDates(t *testing.T) {
	ix := openCorpus(t)
	late := stored("a7", "2023-03-02", "Late night", "A vote late in the evening on peace.", 7)
	late.Date = time.Date(2023, 3, 2, 23, 30, 0, 0, time.FixedZone("EST", -5*3600)) // 04:30 UTC on the 3rd
	if err := ix.Apply(context.Background(), []*dateline.Stored{late}, 7); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text     string
		from, to string
		want     []string
	}{
		{"", "2023-03-02", "2023-03-03", []string{"a2", "a3", "a7"}}, // inclusive at both ends, local day
		{"", "2023-03-10", "2023-03-10", []string{"a4"}},
		{"", "2023-03-04", "2023-03-09", []string{}},
		{"", "2023-04-01", "", []string{"a5", "a6"}},
		{"", "", "2023-03-01", []string{"a1"}},
		{"", "2023-03-05", "2023-03-01", []string{}}, // From after To
		{"peace", "2023-03-01", "2023-03-31", []string{"a1", "a7"}},
		{"-peace", "2023-03-01", "2023-03-03", []string{"a2", "a3"}},
		{`"Black Sea"`, "", "2023-03-02", []string{"a1"}},
	}
	for _, tt := range tests {
		q := dateline.Query{Text: tt.text}
		if tt.from != "" {
			q.From = day(tt.from)
		}
		if tt.to != "" {
			q.To = day(tt.to)
		}
		got := ids(t, ix, q)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Search(%q, %s..%s) = %v, want %v", tt.text, tt.from, tt.to, got, tt.want)
		}
	}
	// A To with a time of day still means the whole day.
	got := ids(t, ix, dateline.Query{To: time.Date(2023, 3, 1, 0, 0, 1, 0, time.UTC)})
	if !reflect.DeepEqual(got, []string{"a1"}) {
		t.Errorf("To with a time: %v", got)
	}
}

func TestSearchRanking(t *testing.T) {
	ix := openTest(t)
	docs := []*dateline.Stored{
		stored("once", "2023-01-01", "", "The ministers talked about grain and about the weather for an hour in the capital.", 1),
		stored("often", "2023-01-01", "", "Grain, grain and grain: the grain market dominated talks about grain prices.", 2),
		stored("title", "2023-01-01", "Grain", "The ministers talked about the weather for an hour in the capital city.", 3),
	}
	if err := ix.Apply(context.Background(), docs, 3); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), dateline.Query{Text: "grain"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 3 || res.Hits[0].ID != "often" {
		t.Fatalf("hits = %+v, want often first", res.Hits)
	}
	for i := 1; i < len(res.Hits); i++ {
		if res.Hits[i].Score > res.Hits[i-1].Score {
			t.Errorf("hits not by score: %+v", res.Hits)
		}
	}
	if res.Hits[0].Score <= 0 {
		t.Errorf("score %v, want > 0", res.Hits[0].Score)
	}
	// A date filter selects; it does not change the scores.
	filtered, err := ix.Search(context.Background(), dateline.Query{Text: "grain", From: day("2022-01-01"), To: day("2024-01-01")})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(filtered, res) {
		t.Errorf("with a date filter %+v, without %+v", filtered, res)
	}
}

// TestPaging checks that pages agree with Total and with each other, both
// when scores differ and when many tie (identical documents), which takes
// the fully sorted path.
func TestPaging(t *testing.T) {
	ix := openTest(t)
	var docs []*dateline.Stored
	for i := range 57 {
		// Groups of identical documents on different days: ties in score
		// broken by day, then by id.
		reps := 1 + i%5
		text := strings.Repeat("flood warning ", reps) + fmt.Sprintf("river level %d in the valley, roads closed", i)
		date := fmt.Sprintf("2023-05-%02d", 1+i%7)
		docs = append(docs, stored(fmt.Sprintf("d%02d", i), date, "", text, int64(i+1)))
	}
	docs = append(docs, stored("other", "2023-05-01", "", "Sunny weather all week.", 58))
	if err := ix.Apply(context.Background(), docs, 58); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"flood", "flood river", "flood OR sunny", "-sunny", ""} {
		all, err := ix.Search(context.Background(), dateline.Query{Text: text, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		want := 57
		if text == "flood OR sunny" || text == "" {
			want = 58
		}
		if all.Total != want || len(all.Hits) != want {
			t.Fatalf("%q: Total %d, %d hits, want %d", text, all.Total, len(all.Hits), want)
		}
		checkOrder(t, text, all.Hits, docs)
		for _, limit := range []int{1, 7, 10, 25} {
			var paged []dateline.Hit
			for offset := 0; offset < all.Total+limit; offset += limit {
				res, err := ix.Search(context.Background(), dateline.Query{Text: text, Limit: limit, Offset: offset})
				if err != nil {
					t.Fatal(err)
				}
				if res.Total != all.Total {
					t.Fatalf("%q limit %d offset %d: Total %d, want %d", text, limit, offset, res.Total, all.Total)
				}
				if len(res.Hits) > limit {
					t.Fatalf("%q: %d hits on a page of %d", text, len(res.Hits), limit)
				}
				paged = append(paged, res.Hits...)
			}
			if !reflect.DeepEqual(paged, all.Hits) {
				t.Fatalf("%q limit %d: pages differ from the whole list", text, limit)
			}
		}
	}
	// The default page size.
	res, err := ix.Search(context.Background(), dateline.Query{Text: "flood"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != DefaultLimit || res.Total != 57 {
		t.Errorf("default page: %d hits, Total %d", len(res.Hits), res.Total)
	}
	// Past the end.
	res, err = ix.Search(context.Background(), dateline.Query{Text: "flood", Offset: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 0 || res.Total != 57 {
		t.Errorf("past the end: %d hits, Total %d", len(res.Hits), res.Total)
	}
}

// checkOrder asserts hits are by score, then day descending, then id, with
// no duplicates.
func checkOrder(t *testing.T, text string, hits []dateline.Hit, docs []*dateline.Stored) {
	t.Helper()
	days := make(map[string]int64)
	for _, d := range docs {
		days[d.ID] = dayNumber(d.Date)
	}
	seen := make(map[string]bool)
	for i, h := range hits {
		if seen[h.ID] {
			t.Fatalf("%q: %s twice", text, h.ID)
		}
		seen[h.ID] = true
		if i == 0 {
			continue
		}
		p := hits[i-1]
		switch {
		case p.Score > h.Score:
		case p.Score < h.Score:
			t.Fatalf("%q: %s (%v) before %s (%v)", text, p.ID, p.Score, h.ID, h.Score)
		case days[p.ID] > days[h.ID]:
		case days[p.ID] < days[h.ID]:
			t.Fatalf("%q: equal scores, %s older than %s but first", text, p.ID, h.ID)
		case p.ID > h.ID:
			t.Fatalf("%q: equal scores and days, %s before %s", text, p.ID, h.ID)
		}
	}
}

func TestReplace(t *testing.T) {
	ix := openCorpus(t)
	ctx := context.Background()
	changed := stored("a4", "2023-03-11", "Elections in Kenya", "Kenya held elections; turnout was low.", 7)
	if err := ix.Apply(ctx, []*dateline.Stored{changed}, 7); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, ix, dateline.Query{Text: "Nigeria"}); len(got) != 0 {
		t.Errorf("old text still found: %v", got)
	}
	if got := ids(t, ix, dateline.Query{Text: "elections"}); !reflect.DeepEqual(got, []string{"a4"}) {
		t.Errorf("elections: %v", got)
	}
	if got := ids(t, ix, dateline.Query{From: day("2023-03-11"), To: day("2023-03-11")}); !reflect.DeepEqual(got, []string{"a4"}) {
		t.Errorf("new date: %v", got)
	}
	if n, err := ix.DocCount(); err != nil || n != 6 {
		t.Errorf("DocCount = %d, %v; want 6", n, err)
	}
	// The same id twice in one batch: the last wins.
	v1 := stored("b1", "2023-06-01", "", "first version about volcanoes", 8)
	v2 := stored("b1", "2023-06-01", "", "second version about glaciers", 9)
	if err := ix.Apply(ctx, []*dateline.Stored{v1, v2}, 9); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, ix, dateline.Query{Text: "volcanoes OR glaciers"}); !reflect.DeepEqual(got, []string{"b1"}) {
		t.Errorf("duplicate ids in a batch: %v", got)
	}
	if got := ids(t, ix, dateline.Query{Text: "volcanoes"}); len(got) != 0 {
		t.Errorf("first version of b1 found: %v", got)
	}
}

func TestSeqPersists(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "index")
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if seq, err := ix.Seq(ctx); err != nil || seq != 0 {
		t.Fatalf("new index: Seq = %d, %v", seq, err)
	}
	if err := ix.Apply(ctx, corpus()[:3], 3); err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(ctx, corpus()[3:], 42); err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(ctx, nil, 43); err != nil { // a sequence number alone
		t.Fatal(err)
	}
	stats := ix.stats
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := ix.Search(ctx, dateline.Query{Text: "talks"}); !errors.Is(err, ErrClosed) {
		t.Errorf("Search after Close: %v, want ErrClosed", err)
	}

	ix, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if seq, err := ix.Seq(ctx); err != nil || seq != 43 {
		t.Errorf("reopened: Seq = %d, %v; want 43", seq, err)
	}
	if ix.stats != stats || stats.Docs != 6 || stats.TextTokens == 0 || stats.TitleDocs != 6 {
		t.Errorf("reopened: stats %+v, had %+v", ix.stats, stats)
	}
	if got := ids(t, ix, dateline.Query{Text: "talks"}); !reflect.DeepEqual(got, []string{"a1", "a3", "a6"}) {
		t.Errorf("reopened: talks = %v", got)
	}
	if size, err := ix.DiskSize(); err != nil || size <= 0 {
		t.Errorf("DiskSize = %d, %v", size, err)
	}
}

func TestReset(t *testing.T) {
	ctx := context.Background()
	ix := openCorpus(t)
	if err := ix.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if seq, err := ix.Seq(ctx); err != nil || seq != 0 {
		t.Errorf("after Reset: Seq = %d, %v", seq, err)
	}
	if n, err := ix.DocCount(); err != nil || n != 0 {
		t.Errorf("after Reset: DocCount = %d, %v", n, err)
	}
	if got := ids(t, ix, dateline.Query{}); len(got) != 0 {
		t.Errorf("after Reset: %v", got)
	}
	if err := ix.Apply(ctx, corpus()[:2], 2); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, ix, dateline.Query{}); !reflect.DeepEqual(got, []string{"a1", "a2"}) {
		t.Errorf("after Reset and Apply: %v", got)
	}
}

func TestOpenOutdated(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "index")
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(ctx, corpus(), 6); err != nil {
		t.Fatal(err)
	}
	if err := ix.idx.SetInternal(keyFormat, []byte("0")); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if seq, err := ix.Seq(ctx); err != nil || seq != 0 {
		t.Errorf("outdated index: Seq = %d, %v; want a new index", seq, err)
	}

	// An empty directory is taken; a file is not.
	empty := t.TempDir()
	ix2, err := Open(empty)
	if err != nil {
		t.Fatalf("Open(empty dir): %v", err)
	}
	_ = ix2.Close()
	if _, err := Open(filepath.Join(path, "index_meta.json")); err == nil {
		t.Error("Open(a file) succeeded")
	}

	// Another program's Bleve index is left alone.
	foreign := filepath.Join(t.TempDir(), "foreign")
	other, err := bleve.New(foreign, bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Index("x", map[string]string{"a": "b"}); err != nil {
		t.Fatal(err)
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(foreign); err == nil {
		t.Error("Open(a foreign Bleve index) succeeded")
	}
	other, err = bleve.Open(foreign)
	if err != nil {
		t.Fatalf("foreign index damaged: %v", err)
	}
	if n, _ := other.DocCount(); n != 1 {
		t.Errorf("foreign index has %d documents, want 1", n)
	}
	_ = other.Close()
	if _, err := os.Stat(path + ".new"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("temporary directory left: %v", err)
	}
}

func TestMatch(t *testing.T) {
	ix := openTest(t)
	text := "Peace talks resumed. The talk was short; Russia's envoy said the peace of Europe matters. Black Sea, black seas."
	tests := []struct {
		q    string
		want []string
	}{
		{"talks", []string{"talks", "talk"}},
		{"TALKING", []string{"talks", "talk"}},
		{`"peace talks"`, []string{"Peace talks"}},
		{`"peace talks" talks`, []string{"Peace talks", "talk"}}, // merged overlap
		{"Russia", []string{"Russia's"}},
		{`"peace in Europe"`, []string{"peace of Europe"}}, // a stop word stands for any word
		{`"black sea"`, []string{"Black Sea", "black seas"}},
		{"-talks", nil},
		{"envoy -talks", []string{"envoy"}},
		{"title:envoy", []string{"envoy"}},
		{"the", nil},
		{"", nil},
		{"Ukraine", nil},
	}
	for _, tt := range tests {
		spans, err := ix.Match(text, dateline.Query{Text: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range spans {
			if !s.Valid(len(text)) {
				t.Fatalf("Match(%q): invalid span %+v", tt.q, s)
			}
			got = append(got, text[s.Start:s.End])
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Match(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
	// Offsets are bytes, also after multi-byte text.
	spans, err := ix.Match("Ünïcødé — talks", dateline.Query{Text: "talks"})
	if err != nil || len(spans) != 1 || "Ünïcødé — talks"[spans[0].Start:spans[0].End] != "talks" {
		t.Errorf("Match after multi-byte text: %+v, %v", spans, err)
	}
}

func TestErrors(t *testing.T) {
	ix := openCorpus(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, dateline.Query{Text: "talks"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Search with a cancelled context: %v", err)
	}
	if err := ix.Apply(ctx, corpus(), 7); !errors.Is(err, context.Canceled) {
		t.Errorf("Apply with a cancelled context: %v", err)
	}
	if seq, _ := ix.Seq(context.Background()); seq != 6 {
		t.Errorf("cancelled Apply moved Seq to %d", seq)
	}
	if err := ix.Apply(context.Background(), []*dateline.Stored{{}}, 7); err == nil {
		t.Error("Apply of a nil Doc succeeded")
	}
	if err := ix.Apply(context.Background(), []*dateline.Stored{stored("", "2023-01-01", "", "x", 7)}, 7); err == nil {
		t.Error("Apply without an id succeeded")
	}
	deep := strings.Repeat("(", 100) + "talks"
	if _, err := ix.Search(context.Background(), dateline.Query{Text: deep}); err == nil {
		t.Error("Search of a too deep query succeeded")
	}
}

// TestConcurrent searches while batches are applied.
func TestConcurrent(t *testing.T) {
	ix := openCorpus(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	done := make(chan struct{})
	errs := make(chan error, 4)
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				res, err := ix.Search(ctx, dateline.Query{Text: "report OR talks", Limit: 5})
				if err != nil {
					errs <- err
					return
				}
				if res.Total < 3 {
					errs <- fmt.Errorf("Total %d during Apply", res.Total)
					return
				}
			}
		}()
	}
	for b := range 20 {
		var docs []*dateline.Stored
		for i := range 50 {
			id := fmt.Sprintf("c%d-%d", b, i)
			docs = append(docs, stored(id, "2023-07-01", "Report", "A report on the weather and on grain.", int64(100+b)))
		}
		if err := ix.Apply(ctx, docs, int64(100+b)); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	res, err := ix.Search(ctx, dateline.Query{Text: "title:report"})
	if err != nil || res.Total != 1000 {
		t.Errorf("%d reports, %v; want 1000", res.Total, err)
	}
}
