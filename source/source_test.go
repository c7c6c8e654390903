package source_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/internal/testpages"
	"github.com/dateline-news/dateline/reader"
	"github.com/dateline-news/dateline/source"
	"github.com/dateline-news/dateline/source/html"
	"github.com/dateline-news/dateline/source/lang"
)

// mixedDir writes a directory with every input format: line format, JSONL,
// saved web pages (one without a date), an RSS feed, an Atom feed and a
// .warc.gz, and a file that is none of them.
func TestIngestMixedDirectory(t *testing.T) {
	dir, mtime := testpages.MixedDir(t)
	ctx := context.Background()
	var pages []*html.Page
	r := &reader.Reader{Formats: source.Formats(source.Options{OnPage: func(_ string, p *html.Page) { pages = append(pages, p) }})}

	var ids []string
	var errs []error
	got := map[string]*dateline.Article{}
	for a, err := range lang.Fill(r.Read(ctx, []string{dir})) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, a.ID)
		got[a.ID] = a
		if a.Date.IsZero() || a.Text == "" || a.Lang == "" {
			t.Errorf("%s: date %v lang %q text %d bytes", a.ID, a.Date, a.Lang, len(a.Text))
		}
	}
	want := []string{
		"site0.example/story", "site1.example/story", "site2.example/story", // crawl/
		"atom.example/1", "feeds.example/item/0", "feeds.example/item/1", // feeds/ (news.atom before news.rss)
		"talks",                              // line/
		"courier.example/world/talks-resume", // pages/ (undated.htm fails)
		"j1", "j2",                           // records.jsonl
	}
	if !slices.Equal(ids, want) {
		t.Errorf("articles\n got %q\nwant %q", ids, want)
	}
	// The page without a date is reported, naming the file.
	var ie *dateline.InputError
	if len(errs) != 1 || !errors.As(errs[0], &ie) || ie.File != filepath.Join(dir, "pages", "undated.htm") || !errors.Is(errs[0], html.ErrNoDate) {
		t.Errorf("errors %v", errs)
	}
	for id, src := range map[string]string{"site1.example/story": "Site site1.example", "feeds.example/item/1": "Feed Times",
		"courier.example/world/talks-resume": "The Harbour Courier", "j1": "Wire"} {
		if got[id].Source != src {
			t.Errorf("%s: source %q, want %q", id, got[id].Source, src)
		}
	}
	if got["j1"].Lang != "de" || got["talks"].Lang != "en" {
		t.Errorf("languages: j1 %q talks %q", got["j1"].Lang, got["talks"].Lang)
	}
	if d := got["site2.example/story"].Date; !d.Equal(time.Date(2023, 4, 12, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("warc page date %v", d)
	}
	if len(pages) != 4 {
		t.Errorf("OnPage saw %d pages, want 4", len(pages))
	}

	// With the crawl fallback the undated page is dated by its file's
	// modification time, and marked.
	pages = nil
	r.Formats = source.Formats(source.Options{DateFallback: html.FallbackCrawl, OnPage: func(_ string, p *html.Page) { pages = append(pages, p) }})
	var n int
	crawlDated := false
	for a, err := range r.Read(ctx, []string{filepath.Join(dir, "pages")}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if a.ID == "undated.example/x" {
			if !a.Date.Equal(mtime) || !a.HasTime {
				t.Errorf("undated page dated %v", a.Date)
			}
			crawlDated = true
		}
	}
	if n != 2 || !crawlDated || len(pages) != 2 || pages[1].DateSource != html.DateCrawl || pages[1].ID != "undated.example/x" {
		t.Errorf("%d articles; pages %v", n, pages)
	}
	// Count: one per file, JSONL lines apart.
	if c, err := r.Count(ctx, []string{dir}); err != nil || c != 8 {
		t.Errorf("Count = %d, %v; want 8", c, err)
	}
}
