package feed

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/testpages"
)

// FuzzParse checks that no input makes the feed reader or the robots.txt
// parser panic, and that every article it makes has an id, a date and text.
func FuzzParse(f *testing.F) {
	items := []testpages.Item{{Title: "A <b>title</b>", Link: "https://e.example/a", Date: time.Date(2023, 3, 2, 9, 0, 0, 0, time.UTC),
		Summary: "short", Content: "<p>Some content &amp; more.</p>"}}
	f.Add(testpages.RSS("Feed", "https://e.example/", items))
	f.Add(testpages.Atom("Feed", "https://e.example/", items))
	f.Add([]byte(`<?xml version="1.0"?><rss version="0.91"><channel><item><link>x</link></item></channel></rss>`))
	f.Add([]byte("User-agent: *\nDisallow: /a*b$\nCrawl-delay: 3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for a, err := range Articles(context.Background(), "f.xml", bytes.NewReader(data), Options{FullTextWords: 1, Summaries: true}) {
			if err == nil && (a.ID == "" || a.Date.IsZero() || a.Text == "") {
				t.Fatalf("article %+v", a)
			}
		}
		r := ParseRobots(data, "datelinebot")
		r.Allowed("/a/b/c?d=e")
		matchPattern(string(data), "/some/path")
	})
}
