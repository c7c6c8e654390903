package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/internal/synth"
	"github.com/dateline-news/dateline/internal/testpages"
)

// TestWatchOnce polls a feed on a local server twice: the first poll
// ingests both items (fetching their pages, as the feed carries summaries
// only), the second finds nothing new.
func TestWatchOnce(t *testing.T) {
	g := synth.New(5, 3000)
	var pageHits, robotsHits atomic.Int32
	var srv *httptest.Server
	pages := map[string][]byte{}
	var items []testpages.Item
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/robots.txt":
			robotsHits.Add(1)
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
		case r.URL.Path == "/feed.rss":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write(testpages.RSS("Local News", srv.URL+"/", items))
		case pages[r.URL.Path] != nil:
			pageHits.Add(1)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(pages[r.URL.Path])
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	for i := range 2 {
		a := g.Article("w", i)
		a.Date = time.Date(2023, 4, 10+i, 0, 0, 0, 0, time.UTC)
		path := fmt.Sprintf("/2023/04/story-%d", i)
		pages[path] = testpages.HTML(a, testpages.Page{Site: "Local News", Host: host, Path: path, Date: testpages.DateMeta})
		items = append(items, testpages.Item{Title: a.Title, Link: srv.URL + path, Date: a.Date, Summary: "A summary only."})
	}
	dir := t.TempDir()
	feeds := filepath.Join(dir, "feeds.txt")
	if err := os.WriteFile(feeds, []byte("# local test feeds\n"+srv.URL+"/feed.rss\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "watch.db")
	args := []string{"watch", "--feeds", feeds, "--once", "--host-delay", "-1s", "--layers", "text"}
	code, out, stderr := runCLI(t, db, "", args...)
	if code != exitOK || !strings.Contains(out, "2 new articles ingested") {
		t.Fatalf("first poll: exit %d\n%s\n%s", code, out, stderr)
	}
	if pageHits.Load() != 2 || robotsHits.Load() == 0 {
		t.Errorf("pages fetched %d times, robots.txt %d times", pageHits.Load(), robotsHits.Load())
	}
	code, out, _ = runCLI(t, db, "", args...)
	if code != exitOK || !strings.Contains(out, "0 new articles ingested") || pageHits.Load() != 2 {
		t.Errorf("second poll: exit %d, %s (pages fetched %d times)", code, out, pageHits.Load())
	}
	code, out, _ = runCLI(t, db, "", "stats", "--json")
	if code != exitOK || !strings.Contains(out, `"articles": 2`) {
		t.Errorf("stats: %s", out)
	}
	if _, err := os.Stat(filepath.Join(db, "watch.json")); err != nil {
		t.Errorf("no state file: %v", err)
	}
	var doc dateline.Doc
	code, out, _ = runCLI(t, db, "", "show", "--json", host+"/2023/04/story-1")
	if docs := decodeDocs(t, out); code != exitOK || len(docs) != 1 {
		t.Errorf("show: exit %d %s", code, out)
	} else {
		doc = docs[0]
		if doc.Day() != "2023-04-11" || doc.Source != "Local News" || doc.DateSource != "meta" {
			t.Errorf("watched article: %s %q %q", doc.Day(), doc.Source, doc.DateSource)
		}
	}
}
