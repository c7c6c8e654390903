package feed

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/internal/synth"
	"github.com/dateline-news/dateline/internal/testpages"
)

// testItems returns n feed items with full content, dated a day apart.
func testItems(base string, n int, full bool) ([]testpages.Item, []*dateline.Article) {
	g := synth.New(11, 5000)
	var items []testpages.Item
	var arts []*dateline.Article
	for i := range n {
		a := g.Article("f", i)
		a.Date = time.Date(2023, 3, 1+i, 9, 30, 0, 0, time.UTC)
		link := base + "/news/story-" + string(rune('a'+i))
		it := testpages.Item{Title: a.Title, Link: link, GUID: "guid-" + string(rune('a'+i)), Date: a.Date, Summary: firstWords(a.Text, 20)}
		if full {
			it.Content = testpages.ContentHTML(a.Text)
		}
		items = append(items, it)
		arts = append(arts, a)
	}
	return items, arts
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[:n]
	}
	return strings.Join(f, " ") + " ..."
}

func TestArticlesRSSAndAtom(t *testing.T) {
	items, arts := testItems("https://www.courier.example", 3, true)
	for name, data := range map[string][]byte{
		"feed.rss":  testpages.RSS("The Courier", "https://www.courier.example/", items),
		"feed.atom": testpages.Atom("The Courier", "https://www.courier.example/", items),
	} {
		var got []*dateline.Article
		for a, err := range Articles(context.Background(), name, strings.NewReader(string(data)), Options{}) {
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			got = append(got, a)
		}
		if len(got) != len(arts) {
			t.Fatalf("%s: %d articles, want %d", name, len(got), len(arts))
		}
		for i, a := range got {
			want := arts[i]
			if a.Text != want.Text || a.Title != want.Title || !a.Date.Equal(want.Date) || !a.HasTime {
				t.Errorf("%s item %d: got %q %q %v %v\nwant %q %q %v", name, i, a.Title, a.Text[:40], a.Date, a.HasTime, want.Title, want.Text[:40], want.Date)
			}
			if a.Source != "The Courier" || a.URL != items[i].Link || a.ID != "courier.example/news/story-"+string(rune('a'+i)) || a.Lang != "en" {
				t.Errorf("%s item %d: source %q url %q id %q lang %q", name, i, a.Source, a.URL, a.ID, a.Lang)
			}
		}
	}
}

func TestArticlesSummaryOnly(t *testing.T) {
	items, _ := testItems("https://courier.example", 2, false)
	items[1].Date = time.Time{}
	data := testpages.RSS("The Courier", "https://courier.example/", items)
	var errs []error
	for a, err := range Articles(context.Background(), "s.rss", strings.NewReader(string(data)), Options{}) {
		if err == nil {
			t.Errorf("summary-only item became an article %q", a.ID)
			continue
		}
		errs = append(errs, err)
	}
	if len(errs) != 2 || !errors.Is(errs[0], ErrNoFullText) {
		t.Fatalf("errors %v", errs)
	}
	var ie *dateline.InputError
	if !errors.As(errs[0], &ie) || ie.File != "s.rss" || !strings.Contains(ie.Error(), "item 1 <https://courier.example/news/story-a>") {
		t.Errorf("error %v", errs[0])
	}
	// With Summaries, the summary is the text; an item without a date is still an error.
	var n int
	for a, err := range Articles(context.Background(), "s.rss", strings.NewReader(string(data)), Options{Summaries: true}) {
		switch {
		case err == nil:
			n++
			if !strings.HasSuffix(a.Text, "...") {
				t.Errorf("text %q", a.Text)
			}
		case !errors.Is(err, ErrNoItemDate):
			t.Errorf("error %v", err)
		}
	}
	if n != 1 {
		t.Errorf("%d articles, want 1", n)
	}
}

func TestArticlesNotFeed(t *testing.T) {
	for _, data := range []string{"<html><body>hi</body></html>", `<?xml version="1.0"?><TimeML>x</TimeML>`, "", "<rss><channel><item><title>x"} {
		var errs []error
		for _, err := range Articles(context.Background(), "x.xml", strings.NewReader(data), Options{}) {
			errs = append(errs, err)
		}
		var ie *dateline.InputError
		if len(errs) > 1 || len(errs) == 1 && !errors.As(errs[0], &ie) {
			t.Errorf("%q: errors %v", data, errs)
		}
	}
}

func TestRobots(t *testing.T) {
	robots := []byte(`# comment
User-agent: otherbot
Disallow: /

User-agent: *
Disallow: /private/
Allow: /private/open$
Disallow: /*.pdf$
Crawl-delay: 2

User-agent: DatelineBot
User-agent: extra
Disallow: /nodateline
Allow: /nodateline/yes
Crawl-delay: 0.5
`)
	r := ParseRobots(robots, "datelinebot")
	for path, want := range map[string]bool{
		"/": true, "/nodateline": false, "/nodateline/x": false, "/nodateline/yes/1": true,
		"/private/":   true, // the * group does not apply to datelinebot
		"/robots.txt": true,
	} {
		if got := r.Allowed(path); got != want {
			t.Errorf("datelinebot %s: %v, want %v", path, got, want)
		}
	}
	if r.CrawlDelay != 500*time.Millisecond {
		t.Errorf("crawl delay %v", r.CrawlDelay)
	}
	r = ParseRobots(robots, "somebot")
	for path, want := range map[string]bool{
		"/": true, "/private/x": false, "/private/open": true, "/private/open/x": false,
		"/a/b.pdf": false, "/a/b.pdf?x": true, "/nodateline": true,
	} {
		if got := r.Allowed(path); got != want {
			t.Errorf("somebot %s: %v, want %v", path, got, want)
		}
	}
	if r.CrawlDelay != 2*time.Second {
		t.Errorf("crawl delay %v", r.CrawlDelay)
	}
	if !ParseRobots(nil, "x").Allowed("/a") || !(*Robots)(nil).Allowed("/a") {
		t.Error("empty robots.txt disallows")
	}
}
