package html

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/internal/synth"
	"github.com/dateline-news/dateline/internal/testpages"
)

func testArticle(seed uint64) *dateline.Article {
	g := synth.New(seed, 5000)
	a := g.Article("t", 1)
	a.Date = time.Date(2023, 3, 2, 0, 0, 0, 0, time.UTC)
	return a
}

var site = testpages.Page{Site: "The Harbour Courier", Host: "www.harbour.example", Path: "/world/talks-open", Author: "Jo Writer", Comment: true}

func TestExtract(t *testing.T) {
	a := testArticle(1)
	for _, tc := range []struct {
		place   testpages.DatePlace
		hasTime bool
		prefix  string // a date line the page adds before the text
	}{
		{testpages.DateMeta, true, ""},
		{testpages.DateJSONLD, true, ""},
		{testpages.DateTimeElem, false, ""},
		{testpages.DateTextLine, false, "Published 2 March 2023\n\n"},
	} {
		p := site
		p.Date = tc.place
		got, err := ExtractBytes(context.Background(), "dir/saved.html", testpages.HTML(a, p), Options{})
		if err != nil {
			t.Fatalf("date place %d: %v", tc.place, err)
		}
		if want := tc.prefix + a.Text; got.Text != want {
			t.Errorf("date place %d: text\n got %.200q\nwant %.200q", tc.place, got.Text, want)
		}
		if got.Title != a.Title {
			t.Errorf("title %q, want %q", got.Title, a.Title)
		}
		if got.Source != "The Harbour Courier" || got.Author != "Jo Writer" {
			t.Errorf("source %q author %q", got.Source, got.Author)
		}
		if got.URL != "https://www.harbour.example/world/talks-open" || got.ID != "harbour.example/world/talks-open" {
			t.Errorf("url %q id %q", got.URL, got.ID)
		}
		if !got.Date.Equal(a.Date) || got.HasTime != tc.hasTime || got.DateSource != DateMeta {
			t.Errorf("date place %d: date %v hasTime %v from %q, want %v %v meta", tc.place, got.Date, got.HasTime, got.DateSource, a.Date, tc.hasTime)
		}
		if got.Lang != "en" {
			t.Errorf("lang %q", got.Lang)
		}
		for _, boiler := range []string{"cookies", "Advertisement", "newsletter", "More stories", "Reply", "All rights reserved", "Subscribe"} {
			if strings.Contains(got.Text, boiler) {
				t.Errorf("date place %d: text has boilerplate %q", tc.place, boiler)
			}
		}
	}
}

func TestExtractTimeOfDay(t *testing.T) {
	a := testArticle(2)
	a.Date = time.Date(2023, 3, 2, 14, 30, 0, 0, time.UTC)
	p := site
	p.Date = testpages.DateMeta
	got, err := ExtractBytes(context.Background(), "x.html", testpages.HTML(a, p), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !got.HasTime || !got.Date.Equal(a.Date) {
		t.Errorf("date %v hasTime %v, want %v", got.Date, got.HasTime, a.Date)
	}
}

func TestExtractNoDate(t *testing.T) {
	a := testArticle(3)
	p := site
	p.Date = testpages.DateNone
	page := testpages.HTML(a, p)
	ctx := context.Background()
	if _, err := ExtractBytes(ctx, "x.html", page, Options{}); !errors.Is(err, ErrNoDate) {
		t.Fatalf("no date: err %v, want ErrNoDate", err)
	}
	// The fallback needs a crawl time.
	if _, err := ExtractBytes(ctx, "x.html", page, Options{DateFallback: FallbackCrawl}); !errors.Is(err, ErrNoDate) {
		t.Fatalf("fallback without crawl time: err %v, want ErrNoDate", err)
	}
	crawl := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	got, err := ExtractBytes(ctx, "x.html", page, Options{DateFallback: FallbackCrawl, CrawlTime: crawl})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Date.Equal(crawl) || !got.HasTime || got.DateSource != DateCrawl {
		t.Errorf("got %v %v %q, want the crawl time marked crawl", got.Date, got.HasTime, got.DateSource)
	}
}

func TestExtractURLAndID(t *testing.T) {
	a := testArticle(4)
	p := site
	p.Date = testpages.DateMeta
	page := testpages.HTML(a, p)
	// Without canonical link and og:url, the given URL is used.
	stripped := stripLines(page, `rel="canonical"`, `og:url`)
	got, err := ExtractBytes(context.Background(), "x.html", stripped, Options{URL: "https://Mirror.example/a/b/?utm_source=feed#top"})
	if err != nil {
		t.Fatal(err)
	}
	if got.URL != "https://Mirror.example/a/b/?utm_source=feed#top" || got.ID != "mirror.example/a/b" {
		t.Errorf("url %q id %q", got.URL, got.ID)
	}
	// Without any address the id is the file name.
	got, err = ExtractBytes(context.Background(), "dir/saved-page.htm", stripped, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "saved-page" || got.Source != "The Harbour Courier" {
		t.Errorf("id %q source %q", got.ID, got.Source)
	}
	// A canonical home page does not replace a deeper address.
	home := bytes.Replace(page, []byte(`href="https://www.harbour.example/world/talks-open"`), []byte(`href="https://www.harbour.example/"`), 1)
	got, err = ExtractBytes(context.Background(), "x.html", home, Options{URL: "https://harbour.example/world/talks-open"})
	if err != nil {
		t.Fatal(err)
	}
	if got.URL != "https://harbour.example/world/talks-open" {
		t.Errorf("url %q", got.URL)
	}
	// An explicit id wins.
	got, err = ExtractBytes(context.Background(), "x.html", page, Options{ID: "mine"})
	if err != nil || got.ID != "mine" {
		t.Errorf("id %q err %v", got.ID, err)
	}
}

func stripLines(page []byte, subs ...string) []byte {
	var out [][]byte
	for _, line := range bytes.Split(page, []byte("\n")) {
		keep := true
		for _, s := range subs {
			if bytes.Contains(line, []byte(s)) {
				keep = false
			}
		}
		if keep {
			out = append(out, line)
		}
	}
	return bytes.Join(out, []byte("\n"))
}

func TestExtractCharset(t *testing.T) {
	body := "<p>Le caf\xe9 du port a rouvert ses portes ce matin apr\xe8s six mois de travaux, a annonc\xe9 la mairie.</p>" +
		"<p>Les habitants du quartier se sont r\xe9jouis de retrouver leur lieu de rencontre favori au bord de l'eau.</p>" +
		"<p>Le nouveau g\xe9rant promet des prix inchang\xe9s et une terrasse agrandie pour l'\xe9t\xe9 prochain.</p>"
	page := "<html lang=fr><head><meta charset=\"windows-1252\"><title>Caf\xe9</title>" +
		"<meta property=\"article:published_time\" content=\"2023-03-02\"></head><body><article>" + body + "</article></body></html>"
	got, err := ExtractBytes(context.Background(), "cafe.html", []byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.Text, "Le café du port a rouvert ses portes ce matin après six mois") {
		t.Errorf("text %.80q", got.Text)
	}
	if got.Lang != "fr" {
		t.Errorf("lang %q, want fr", got.Lang)
	}
	if got.Title != "Café" {
		t.Errorf("title %q", got.Title)
	}
}

func TestExtractErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := ExtractBytes(ctx, "e.html", []byte("<html><body><nav><a href=/>Home</a></nav></body></html>"), Options{}); !errors.Is(err, ErrNoText) {
		t.Errorf("empty page: %v", err)
	}
	big := strings.Repeat("<p>x</p>", 1000)
	if _, err := Extract(ctx, "big.html", strings.NewReader(big), Options{MaxBytes: 100}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("big page: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Extract(cctx, "x.html", strings.NewReader(big), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestFragmentText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<p>one  two\n three</p><p>four</p>", "one two three\n\nfour"},
		{"<h2>Head</h2>text <b>bold</b> tail", "Head\n\ntext bold tail"},
		{"<ul><li>a</li><li>b <i>c</i></li></ul>", "a\n\nb c"},
		{"line<br>next<br/>last", "line\nnext\nlast"},
		{"<p>x<script>var y=1</script><style>p{}</style> z</p>", "x z"},
		{"<pre>  a\n  b</pre>", "  a\n  b"},
		{"<div><div><p>deep</p></div>after</div>", "deep\n\nafter"},
		{"a&nbsp;b &amp; c", "a b & c"},
		{"", ""},
	} {
		if got := FragmentText(tc.in); got != tc.want {
			t.Errorf("FragmentText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDateInText(t *testing.T) {
	long := strings.Repeat("The council met again to discuss the budget. ", 6)
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		text     string
		notAfter time.Time
		want     time.Time
	}{
		{"Published 2 March 2023\n\n" + long, time.Time{}, day(2023, 3, 2)},
		{"By Jo Writer, March 2, 2023\n\n" + long, time.Time{}, day(2023, 3, 2)},
		{"Posted: 2023-03-02 14:00\n\n" + long, time.Time{}, day(2023, 3, 2)},
		{"Stand: 02.03.2023\n\n" + long, time.Time{}, day(2023, 3, 2)},
		{"GENEVA, Mar. 2, 2023 - " + long, time.Time{}, day(2023, 3, 2)},
		{"Updated 4 March 2023\n\nFirst published 2nd of March, 2023\n\n" + long, time.Time{}, day(2023, 3, 2)},
		{"Updated 4 March 2023\n\n" + long, time.Time{}, day(2023, 3, 4)},
		{long + "\n\n" + long + "\n\nThis article was published on 2 March 2023.", time.Time{}, day(2023, 3, 2)},
		// A date in the body of a paragraph is what it talks about.
		{long + " The treaty of 12 May 1998 was cited. " + long, time.Time{}, time.Time{}},
		// Not a day, or after the crawl.
		{"Published 31 April 2023\n\n" + long, time.Time{}, time.Time{}},
		{"Published 2 March 2023\n\n" + long, day(2023, 3, 1), time.Time{}},
		{"", time.Time{}, time.Time{}},
	} {
		got, ok := DateInText(tc.text, tc.notAfter)
		if ok != !tc.want.IsZero() || !got.Equal(tc.want) {
			t.Errorf("DateInText(%.40q) = %v %v, want %v", tc.text, got, ok, tc.want)
		}
	}
}

func TestNormalizeURL(t *testing.T) {
	for _, tc := range []struct{ in, want, id string }{
		{"https://www.Example.org/a/b/", "https://example.org/a/b", "example.org/a/b"},
		{"HTTP://example.org:80/a?b=2&a=1&utm_medium=x#frag", "http://example.org/a?a=1&b=2", "example.org/a?a=1&b=2"},
		{"https://example.org:8443/", "https://example.org:8443", "example.org:8443"},
		{"not a url", "not a url", "not a url"},
	} {
		if got := NormalizeURL(tc.in); got != tc.want {
			t.Errorf("NormalizeURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := IDFromURL(tc.in); got != tc.id {
			t.Errorf("IDFromURL(%q) = %q, want %q", tc.in, got, tc.id)
		}
	}
	long := "https://example.org/" + strings.Repeat("segment/", 40)
	id := IDFromURL(long)
	if len(id) > maxID || id != IDFromURL(long) || id == IDFromURL(long+"x") {
		t.Errorf("long id %q (%d bytes)", id, len(id))
	}
}

func TestParseFallback(t *testing.T) {
	for in, want := range map[string]Fallback{"": FallbackNone, "none": FallbackNone, "crawl": FallbackCrawl} {
		if got, err := ParseFallback(in); err != nil || got != want {
			t.Errorf("ParseFallback(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseFallback("mtime"); err == nil {
		t.Error("ParseFallback(mtime): no error")
	}
}
