package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/internal/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) dateline.Store {
		s, err := Open(context.Background(), filepath.Join(t.TempDir(), "store.sqlite"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "store.sqlite")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, []*dateline.Doc{storetest.Doc("x", "2023-03-02")}, "v1"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Get(ctx, "x")
	if err != nil || got.Day() != "2023-03-02" || len(got.Quotes) != 2 {
		t.Fatalf("after reopen: %+v, %v", got, err)
	}
}

// filledStore opens a store at path holding n copies of storetest.Doc,
// with ids a0, a1, ...
func filledStore(tb testing.TB, path string, n int) *Store {
	tb.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	docs := make([]*dateline.Doc, n)
	for i := range docs {
		docs[i] = storetest.Doc(fmt.Sprintf("a%d", i), "2023-03-02")
	}
	if _, err := s.Put(context.Background(), docs, "v1"); err != nil {
		s.Close()
		tb.Fatal(err)
	}
	return s
}

// BenchmarkGet reads articles with all their layers, from 2 goroutines per
// core, as the article pages of the server do.
func BenchmarkGet(b *testing.B) {
	ctx := context.Background()
	const n = 1000
	s := filledStore(b, filepath.Join(b.TempDir(), "store.sqlite"), n)
	defer s.Close()
	b.SetParallelism(2)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for i := 0; pb.Next(); i += 7 {
			if _, err := s.Get(ctx, fmt.Sprintf("a%d", i%n)); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// TestPlannerStatistics checks that a store gathers the statistics the
// query planner needs to choose indexes: without them it read the quotes
// about an entity through the index of non-duplicate articles.
func TestPlannerStatistics(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "store.sqlite")
	if err := filledStore(t, path, 50).Close(); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var stat string
	if err := s.db.QueryRowContext(ctx, "SELECT stat FROM sqlite_stat1 WHERE idx = 'articles_duplicate_of'").Scan(&stat); err != nil {
		t.Fatalf("no statistics of articles_duplicate_of: %v", err)
	}
	// "50 50": 50 rows, and one value of duplicate_of stands for all 50.
	if stat != "50 50" {
		t.Errorf("articles_duplicate_of statistics %q, want \"50 50\"", stat)
	}
	var plan []string
	from, args, _ := quotesFrom(dateline.QuoteQuery{About: []string{"x"}, Dedup: true})
	rows, err := s.db.QueryContext(ctx, "EXPLAIN QUERY PLAN SELECT count(*) "+from, args...)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	rows.Close()
	// The mentions come first, and each article is then one look-up by
	// its key, not a walk through an index of all of them.
	mentions, article := -1, -1
	for i, d := range plan {
		if mentions < 0 && strings.Contains(d, "entities_entity_nocase") {
			mentions = i
		}
		if article < 0 && (strings.HasPrefix(d, "SEARCH a ") || strings.HasPrefix(d, "SCAN a")) {
			article = i
		}
	}
	if mentions < 0 || article < mentions || !strings.Contains(plan[article], "rowid=?") {
		t.Errorf("quotes about an entity not read from its mentions first: %s", strings.Join(plan, "; "))
	}
}

// BenchmarkSummariesTexts reads the summaries and texts of a page of ten
// search results, as a search does.
func BenchmarkSummariesTexts(b *testing.B) {
	ctx := context.Background()
	const n = 1000
	s := filledStore(b, filepath.Join(b.TempDir(), "store.sqlite"), n)
	defer s.Close()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ids := make([]string, 10)
		for k := range ids {
			ids[k] = fmt.Sprintf("a%d", (i*10+k*7)%n)
		}
		if sums, err := s.Summaries(ctx, ids); err != nil || len(sums) != 10 {
			b.Fatal(len(sums), err)
		}
		if texts, err := s.Texts(ctx, ids); err != nil || len(texts) != 10 {
			b.Fatal(len(texts), err)
		}
	}
}

// TestQuoteIndexInStep checks that Put keeps the quote text index in step
// with the quotes table across batches and replacements, and that it adds
// one index segment per transaction, not one per quote (migration 9).
func TestQuoteIndexInStep(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "store.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	segments := func() int {
		t.Helper()
		var n int
		// %_idx holds a row per segment and leaf page: count the segments
		if err := s.db.QueryRowContext(ctx, "SELECT count(DISTINCT segid) FROM quotes_fts_idx").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	var batch []*dateline.Doc
	for i := range 50 {
		batch = append(batch, storetest.Doc(fmt.Sprint("d", i), "2023-03-02"))
	}
	if _, err := s.Put(ctx, batch, "v1"); err != nil {
		t.Fatal(err)
	}
	if n := segments(); n != 1 {
		t.Errorf("one batch of 50 articles and 100 quotes made %d index segments", n)
	}
	// A second batch that replaces some articles and adds others.
	batch = batch[:0]
	for i := 40; i < 60; i++ {
		d := storetest.Doc(fmt.Sprint("d", i), "2023-03-03")
		d.Quotes[0].Text = "peace"
		batch = append(batch, d)
	}
	if _, err := s.Put(ctx, batch, "v2"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
		t.Errorf("the quote index disagrees with the quotes table: %v", err)
	}
	if _, total, err := s.Quotes(ctx, dateline.QuoteQuery{Text: "peace"}); err != nil || total != 20 {
		t.Errorf("quotes matching the new text: %d, %v", total, err)
	}
}
