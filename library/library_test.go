package library_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/dedup"
	"github.com/dateline-news/dateline/fulltext"
	"github.com/dateline-news/dateline/library"
	"github.com/dateline-news/dateline/pipeline"
	"github.com/dateline-news/dateline/sqlite"
	"github.com/dateline-news/dateline/text"
)

func open(t testing.TB, dir string) *library.Library {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "store.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := fulltext.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	return &library.Library{Store: st, Index: ix}
}

func article(i int, body string) *dateline.Article {
	return &dateline.Article{
		ID:    fmt.Sprintf("a%02d", i),
		Date:  time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i),
		Title: fmt.Sprintf("Report %d", i),
		Text:  body,
	}
}

func docs(n int) []*dateline.Doc {
	out := make([]*dateline.Doc, n)
	for i := range out {
		body := fmt.Sprintf("Day %d of the talks in Geneva. The envoy said the ceasefire was holding.", i)
		if i%2 == 0 {
			body += " Grain ships left the port of Ilvar."
		}
		out[i] = dateline.NewDoc(*article(i, body))
	}
	return out
}

// TestSyncAfterCrash simulates a crash between the store write and the index
// write: the store has articles the index never saw. Opening again and
// syncing must make every article searchable exactly once.
func TestSyncAfterCrash(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := open(t, dir)
	all := docs(10)
	if _, err := lib.Put(ctx, all[:4], "v1"); err != nil {
		t.Fatal(err)
	}
	// The "crash": six articles reach the store only.
	if _, err := lib.Store.Put(ctx, all[4:], "v1"); err != nil {
		t.Fatal(err)
	}
	if err := lib.Close(); err != nil {
		t.Fatal(err)
	}
	lib = open(t, dir)
	defer lib.Close()
	if res, _ := lib.Search(ctx, dateline.Query{Text: "ceasefire", Limit: 50}); res.Total != 4 {
		t.Fatalf("before sync the index should have 4 articles, has %d", res.Total)
	}
	n, err := lib.Sync(ctx)
	if err != nil || n != 6 {
		t.Fatalf("sync applied %d, %v; want 6", n, err)
	}
	res, err := lib.Search(ctx, dateline.Query{Text: "ceasefire", Limit: 50})
	if err != nil || res.Total != 10 || len(res.Results) != 10 {
		t.Fatalf("after sync: %+v %v", res, err)
	}
	if n, _ := lib.Sync(ctx); n != 0 {
		t.Errorf("a second sync applied %d", n)
	}
	// A replaced article is found by its new text only.
	changed := dateline.NewDoc(*article(3, "The envoy resigned."))
	if _, err := lib.Put(ctx, []*dateline.Doc{changed}, "v1"); err != nil {
		t.Fatal(err)
	}
	if res, _ := lib.Search(ctx, dateline.Query{Text: "ceasefire", Limit: 50}); res.Total != 9 {
		t.Errorf("replaced article still matches its old text: %d hits", res.Total)
	}
	if res, _ := lib.Search(ctx, dateline.Query{Text: "resigned"}); res.Total != 1 || res.Results[0].ID != "a03" {
		t.Errorf("replaced article not found by its new text: %+v", res)
	}
}

func TestSearchSnippetsAndReindex(t *testing.T) {
	ctx := context.Background()
	lib := open(t, t.TempDir())
	defer lib.Close()
	if _, err := lib.Put(ctx, docs(6), "v1"); err != nil {
		t.Fatal(err)
	}
	res, err := lib.Search(ctx, dateline.Query{Text: "grain ships", Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 3 || len(res.Results) != 2 {
		t.Fatalf("total %d, page %d", res.Total, len(res.Results))
	}
	r := res.Results[0]
	if r.Title == "" || r.Day == "" {
		t.Errorf("result without summary: %+v", r)
	}
	var marked []string
	for _, h := range r.Snippet.Highlights {
		marked = append(marked, r.Snippet.Text[h.Start:h.End])
	}
	if strings.Join(marked, ",") != "Grain,ships" {
		t.Errorf("highlights %q in %q", marked, r.Snippet.Text)
	}
	n, err := lib.Reindex(ctx)
	if err != nil || n != 6 {
		t.Fatalf("reindex: %d %v", n, err)
	}
	if res, _ := lib.Search(ctx, dateline.Query{Text: "grain"}); res.Total != 3 {
		t.Errorf("after reindex: %d", res.Total)
	}
}

func TestMakeSnippet(t *testing.T) {
	text := strings.Repeat("filler words here ", 40) + "the ceasefire\nwas\n\nholding " + strings.Repeat("more words after ", 40)
	i := strings.Index(text, "ceasefire")
	j := strings.Index(text, "holding")
	sn := library.MakeSnippet(text, []dateline.Span{{Start: i, End: i + 9}, {Start: j, End: j + 7}}, 120)
	if !strings.HasPrefix(sn.Text, "…") || !strings.HasSuffix(sn.Text, "…") || len(sn.Text) > 140 {
		t.Errorf("snippet %q", sn.Text)
	}
	if !strings.Contains(sn.Text, "ceasefire was holding") {
		t.Errorf("white space not folded: %q", sn.Text)
	}
	if len(sn.Highlights) != 2 || sn.Text[sn.Highlights[0].Start:sn.Highlights[0].End] != "ceasefire" ||
		sn.Text[sn.Highlights[1].Start:sn.Highlights[1].End] != "holding" {
		t.Errorf("highlights %v in %q", sn.Highlights, sn.Text)
	}
	if sn := library.MakeSnippet("Short text.", nil, 120); sn.Text != "Short text." || sn.Highlights != nil {
		t.Errorf("short text: %+v", sn)
	}
	// Multi-byte text never gets cut inside a rune.
	ru := strings.Repeat("переговоры ", 60)
	if sn := library.MakeSnippet(ru, []dateline.Span{{Start: 220, End: 240}}, 50); !strings.Contains(sn.Text, "переговоры") {
		t.Errorf("multi-byte snippet %q", sn.Text)
	}
}

func TestIngestSkipsUnchanged(t *testing.T) {
	ctx := context.Background()
	lib := open(t, t.TempDir())
	defer lib.Close()
	p := &pipeline.Pipeline{Analyzers: []dateline.Analyzer{text.New()}}
	src := func(yield func(*dateline.Article, error) bool) {
		for i := range 20 {
			if !yield(article(i, "Blinken met Lavrov in New Delhi. They spoke for ten minutes."), nil) {
				return
			}
		}
		yield(nil, &dateline.InputError{File: "x.jsonl", Line: 21, Err: fmt.Errorf("broken")})
	}
	var errs []error
	opts := library.IngestOptions{Batch: 7, OnError: func(err error) { errs = append(errs, err) }}
	st, err := lib.Ingest(ctx, p, src, opts)
	if err != nil {
		t.Fatal(err)
	}
	if st.Read != 20 || st.Inserted != 20 || st.Failed != 1 || len(errs) != 1 || st.Words != 20*11 {
		t.Errorf("first ingest: %+v", st)
	}
	st, err = lib.Ingest(ctx, p, src, opts)
	if err != nil || st.Unchanged != 20 || st.Inserted != 0 || st.Words != 0 {
		t.Errorf("second ingest: %+v %v", st, err)
	}
	got, err := lib.Store.Get(ctx, "a05")
	if err != nil || len(got.Sentences) != 2 || got.Analysis != p.Version() {
		t.Errorf("stored doc: %+v %v", got, err)
	}
}

func TestMarkDuplicates(t *testing.T) {
	ctx := context.Background()
	lib := open(t, t.TempDir())
	defer lib.Close()
	h, err := dedup.NewHasher(dedup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	story := "Karvenia and Lastria signed an agreement on a permanent ceasefire in Upper Mira late on Thursday, " +
		"ending fourteen months of fighting over the disputed region after four days of talks in Geneva. " +
		"The accord was signed by the two foreign ministers at the Palais des Nations in the presence of the UN envoy, " +
		"who said the hard part would begin on Sunday when the guns are meant to fall silent along the whole line."
	other := "Thousands of people rallied in the capital on Thursday evening against what opposition leaders called " +
		"a peace of surrender, as negotiators prepared for a final round of talks on a permanent ceasefire."
	first := []*dateline.Doc{
		dateline.NewDoc(*article(1, story)),
		dateline.NewDoc(*article(2, story+" Shipping firms welcomed the deal.")), // same batch
		dateline.NewDoc(*article(3, other)),
	}
	n, err := lib.MarkDuplicates(ctx, first, h)
	if err != nil || n != 1 || first[1].DuplicateOf != "a01" || first[0].DuplicateOf != "" || first[2].DuplicateOf != "" {
		t.Fatalf("first batch: %d marked, %v: %q %q %q", n, err, first[0].DuplicateOf, first[1].DuplicateOf, first[2].DuplicateOf)
	}
	if _, err := lib.Put(ctx, first, "v1"); err != nil {
		t.Fatal(err)
	}
	// A later batch finds the stored group; a new version of a stored
	// article is not a duplicate of itself.
	later := []*dateline.Doc{
		dateline.NewDoc(*article(4, "UPDATED: "+story)),
		dateline.NewDoc(*article(3, other+" Police said the march was peaceful.")),
	}
	if n, err := lib.MarkDuplicates(ctx, later, h); err != nil || n != 1 || later[0].DuplicateOf != "a01" || later[1].DuplicateOf != "" {
		t.Errorf("later batch: %d marked, %v: %q %q", n, err, later[0].DuplicateOf, later[1].DuplicateOf)
	}
}
