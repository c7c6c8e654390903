package testpages

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/synth"
)

// MixedDir writes a directory that mixes every input format dateline reads:
// a line-format file, JSONL (one German record), two saved web pages (one
// without a date, its file modified at mtime), an RSS and an Atom feed, and
// a gzipped WARC file of three pages.
func MixedDir(t testing.TB) (dir string, mtime time.Time) {
	dir = t.TempDir()
	g := synth.New(21, 5000)
	write := func(name string, data []byte) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	day := func(d int) time.Time { return time.Date(2023, 4, d, 0, 0, 0, 0, time.UTC) }

	write("line/talks.txt", []byte("date 2023-04-01 The talks in Geneva resumed on Monday, officials said, after a pause of two weeks.\n"))
	write("records.jsonl", []byte(`{"id":"j1","date":"2023-04-02","text":"Die Gespräche in Genf wurden am Montag nach einer Pause von zwei Wochen wieder aufgenommen, teilten Beamte mit.","source":"Wire"}`+"\n"+
		`{"id":"j2","date":"2023-04-03T10:00:00Z","text":"The ceasefire held through the night, according to observers on both sides of the line."}`+"\n"))

	a := g.Article("h", 0)
	a.Date = day(4)
	write("pages/talks-resume.html", HTML(a, Page{Site: "The Harbour Courier", Host: "www.courier.example", Path: "/world/talks-resume", Date: DateMeta}))
	b := g.Article("h", 1)
	write("pages/undated.htm", HTML(b, Page{Site: "Undated Daily", Host: "undated.example", Path: "/x", Date: DateNone}))
	mtime = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := os.Chtimes(filepath.Join(dir, "pages/undated.htm"), mtime, mtime); err != nil {
		t.Fatal(err)
	}

	var items []Item
	for i := range 2 {
		f := g.Article("f", i)
		items = append(items, Item{Title: f.Title, Link: fmt.Sprintf("https://feeds.example/item/%d", i), Date: day(5 + i).Add(9 * time.Hour), Content: ContentHTML(f.Text)})
	}
	write("feeds/news.rss", RSS("Feed Times", "https://feeds.example/", items))
	write("feeds/news.atom", Atom("Atom Times", "https://atom.example/", []Item{{Title: "Atom item", Link: "https://atom.example/1",
		Date: day(7), Content: ContentHTML(g.Article("a", 0).Text)}}))

	var buf bytes.Buffer
	w := NewWARCWriter(&buf, true)
	w.Info()
	for i := range 3 {
		c := g.Article("w", i)
		c.Date = day(10 + i)
		host := fmt.Sprintf("site%d.example", i)
		if err := w.Response("http://"+host+"/story", time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), "text/html",
			HTML(c, Page{Site: "Site " + host, Host: host, Path: "/story", Date: DateJSONLD})); err != nil {
			t.Fatal(err)
		}
	}
	write("crawl/CC-NEWS-20240201.warc.gz", buf.Bytes())
	write("notes.md", []byte("not an input"))
	return dir, mtime
}
