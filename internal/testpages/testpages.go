// Package testpages makes the inputs the source packages are tested and
// benchmarked on: news pages with the boilerplate real sites wrap around an
// article (navigation, advertisements, cookie banners, related links,
// comments, footers), RSS and Atom feeds, and WARC files as Common Crawl
// writes them. Everything is generated; no third-party text is used.
package testpages

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"hash/fnv"
	"html"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/dateline-news/dateline"
)

// DatePlace says where a page states its publication date.
type DatePlace int

// Places of the publication date on a page.
const (
	DateMeta     DatePlace = iota // <meta property="article:published_time">
	DateJSONLD                    // JSON-LD NewsArticle datePublished
	DateTimeElem                  // <time datetime> in the byline
	DateTextLine                  // only a line of text in the article body: "Published 2 March 2023"
	DateNone                      // no date anywhere
)

// Page describes one generated news page.
type Page struct {
	Site    string    // site name, e.g. "The Harbour Courier"
	Host    string    // e.g. "news.example.org"
	Path    string    // e.g. "/2023/03/02/talks-open"; the canonical URL is https://Host+Path
	Author  string    // byline
	Date    DatePlace // where the date is stated
	Comment bool      // add a comment section
	Lang    string    // <html lang>, "en" if empty
}

// URL returns the canonical address of the page.
func (p Page) URL() string { return "https://" + p.Host + p.Path }

// HTML returns a news page for the article a, wrapped in boilerplate. The
// article's paragraphs (separated by blank lines in a.Text) become <p>
// elements.
func HTML(a *dateline.Article, p Page) []byte {
	var b bytes.Buffer
	esc := html.EscapeString
	lang := p.Lang
	if lang == "" {
		lang = "en"
	}
	iso := a.Date.UTC().Format(time.RFC3339)
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=%q>\n<head>\n<meta charset=\"utf-8\">\n", lang)
	fmt.Fprintf(&b, "<title>%s | %s</title>\n", esc(a.Title), esc(p.Site))
	fmt.Fprintf(&b, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	fmt.Fprintf(&b, "<link rel=\"canonical\" href=\"%s\">\n", esc(p.URL()))
	fmt.Fprintf(&b, "<meta property=\"og:title\" content=\"%s\">\n", esc(a.Title))
	fmt.Fprintf(&b, "<meta property=\"og:url\" content=\"%s\">\n", esc(p.URL()))
	fmt.Fprintf(&b, "<meta property=\"og:site_name\" content=\"%s\">\n", esc(p.Site))
	fmt.Fprintf(&b, "<meta property=\"og:type\" content=\"article\">\n")
	if p.Author != "" {
		fmt.Fprintf(&b, "<meta name=\"author\" content=\"%s\">\n", esc(p.Author))
	}
	fmt.Fprintf(&b, "<meta name=\"description\" content=\"%s\">\n", esc(firstSentence(a.Text)))
	if p.Date == DateMeta {
		fmt.Fprintf(&b, "<meta property=\"article:published_time\" content=\"%s\">\n", iso)
	}
	if p.Date == DateJSONLD {
		fmt.Fprintf(&b, `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",`+
			`"headline":%q,"datePublished":%q,"author":{"@type":"Person","name":%q},`+
			`"publisher":{"@type":"Organization","name":%q}}</script>`+"\n", a.Title, iso, p.Author, p.Site)
	}
	b.WriteString("<link rel=\"stylesheet\" href=\"/static/site.css\">\n")
	b.WriteString("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}</script>\n")
	b.WriteString(inlineStyle)
	b.WriteString(inlineScript)
	writeState(&b, a.ID)
	b.WriteString("</head>\n<body class=\"article-page\">\n")

	// Cookie banner and header navigation.
	b.WriteString(`<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience ` +
		`and to show you relevant advertising. By continuing you agree to our use of cookies.</p>` +
		`<button>Accept all</button> <button>Manage settings</button></div>` + "\n")
	fmt.Fprintf(&b, "<header class=\"site-header\"><a class=\"logo\" href=\"/\">%s</a>\n<nav class=\"main-nav\"><ul>\n", esc(p.Site))
	for _, s := range navSections {
		fmt.Fprintf(&b, "<li class=\"menu-item\"><a href=\"/%s/\">%s</a><div class=\"mega-menu\"><ul>", strings.ToLower(s), s)
		for i, sub := range subSections {
			fmt.Fprintf(&b, "<li><a href=\"/%s/%s-%d/\"><span>%s</span></a></li>", strings.ToLower(s), slug(sub), i, sub)
		}
		b.WriteString("</ul></div></li>\n")
	}
	b.WriteString("</ul></nav>\n<form class=\"search\" action=\"/search\"><input name=\"q\" placeholder=\"Search\"></form>\n")
	b.WriteString("<a class=\"subscribe\" href=\"/subscribe\">Subscribe for one pound a week</a></header>\n")
	b.WriteString(`<div class="ad ad-leaderboard" data-ad-slot="top"><span>Advertisement</span><a href="https://ads.example.net/click?id=1"><img src="https://ads.example.net/banner1.gif" alt="Sponsored"></a></div>` + "\n")

	// The article.
	b.WriteString("<main id=\"content\">\n<article class=\"story\">\n")
	fmt.Fprintf(&b, "<h1 class=\"headline\">%s</h1>\n", esc(a.Title))
	b.WriteString("<div class=\"byline\">")
	if p.Author != "" {
		fmt.Fprintf(&b, "By <a rel=\"author\" href=\"/authors/%s\">%s</a>", slug(p.Author), esc(p.Author))
	}
	if p.Date == DateTimeElem {
		fmt.Fprintf(&b, " <time datetime=\"%s\" class=\"published\">%s</time>", iso, a.Date.Format("2 January 2006"))
	}
	b.WriteString("</div>\n")
	b.WriteString(`<div class="share-tools"><a href="#">Share on social</a> <a href="#">Email</a> <a href="#">Print</a></div>` + "\n")
	b.WriteString("<div class=\"story-body\">\n")
	paras := strings.Split(a.Text, "\n\n")
	for i, para := range paras {
		if i == 0 && p.Date == DateTextLine {
			fmt.Fprintf(&b, "<p class=\"dateline\">Published %s</p>\n", a.Date.Format("2 January 2006"))
		}
		fmt.Fprintf(&b, "<p>%s</p>\n", esc(para))
		if i == 1 {
			b.WriteString(`<div class="ad ad-inline"><span>Advertisement</span><iframe src="https://ads.example.net/frame?id=2"></iframe></div>` + "\n")
		}
		if i == 2 {
			b.WriteString(`<aside class="newsletter"><h3>Get the morning briefing</h3><p>Sign up for our free newsletter.</p><form><input type="email"><button>Sign up</button></form></aside>` + "\n")
		}
	}
	b.WriteString("</div>\n")
	b.WriteString("<div class=\"tags\"><a href=\"/tag/world\">World</a> <a href=\"/tag/diplomacy\">Diplomacy</a></div>\n")
	b.WriteString("</article>\n")
	b.WriteString("<section class=\"related\"><h2>More stories</h2><ul>\n")
	for i, s := range relatedStories {
		fmt.Fprintf(&b, "<li><a href=\"/2023/01/%02d/%s\">%s</a></li>\n", i+1, slug(s), s)
	}
	b.WriteString("</ul></section>\n")
	if p.Comment {
		b.WriteString("<section id=\"comments\" class=\"comments\"><h2>Comments (3)</h2>\n")
		for _, c := range comments {
			fmt.Fprintf(&b, "<div class=\"comment\"><span class=\"comment-author\">%s</span><p>%s</p><a href=\"#\">Reply</a></div>\n", c[0], c[1])
		}
		b.WriteString("</section>\n")
	}
	b.WriteString("</main>\n")
	b.WriteString(`<div class="ad ad-sidebar"><span>Advertisement</span><a href="https://ads.example.net/click?id=3">Holiday deals you cannot miss</a></div>` + "\n")
	b.WriteString("<footer class=\"site-footer\"><ul>\n")
	for _, s := range footerLinks {
		fmt.Fprintf(&b, "<li><a href=\"/%s\">%s</a></li>\n", slug(s), s)
	}
	fmt.Fprintf(&b, "</ul><p>&copy; 2024 %s. All rights reserved.</p></footer>\n", esc(p.Site))
	b.WriteString("<script src=\"/static/app.js\"></script>\n</body>\n</html>\n")
	return b.Bytes()
}

var navSections = []string{"Home", "World", "Politics", "Business", "Science", "Sport", "Culture", "Opinion", "Weather", "Podcasts"}

var subSections = []string{"Latest", "Analysis", "In pictures", "Explainers", "Video", "Live updates", "Long reads", "Letters", "Newsletters", "Archive", "Regions", "Data"}

// inlineStyle and inlineScript stand for the CSS and JavaScript sites put
// into their pages, which make up much of a real page's size.
var (
	inlineStyle  = "<style>" + strings.Repeat(".site-header .menu-item>a{display:inline-block;padding:.5rem 1rem;color:#1a1a1a;font:600 15px/1.2 Georgia,serif}.ad{margin:1rem auto;text-align:center;min-height:90px;background:#f4f4f4}\n", 20) + "</style>\n"
	inlineScript = "<script>" + strings.Repeat("(function(w,d){var s=d.createElement('script');s.async=true;s.src='https://cdn.example.net/tag.js?v='+Math.random();d.head.appendChild(s);w.__cfg=Object.assign(w.__cfg||{},{section:'world',tier:'free',ads:[\"top\",\"inline\",\"sidebar\"]});})(window,document);\n", 20) + "</script>\n"
)

// writeState writes the kind of JSON state blob sites embed in their pages
// (ids, image addresses with hashes, counters): data that compresses about
// as badly as real pages do, so that WARC throughput is measured on a
// realistic compression ratio.
func writeState(b *bytes.Buffer, seed string) {
	h := fnv.New64a()
	h.Write([]byte(seed))
	rng := rand.New(rand.NewPCG(h.Sum64(), 0x5eed))
	hex := func(n int) string {
		const digits = "0123456789abcdef"
		buf := make([]byte, n)
		for i := range buf {
			buf[i] = digits[rng.IntN(16)]
		}
		return string(buf)
	}
	b.WriteString(`<script>window.__STATE__={"recirculation":[`)
	for i := range 110 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(b, `{"id":"%s","section":"%s","slug":"%s-%s-%d","image":"https://img.example.net/%s/%dx%d.jpg","views":%d,"score":%.4f}`,
			hex(16), strings.ToLower(navSections[rng.IntN(len(navSections))]), slug(subSections[rng.IntN(len(subSections))]),
			slug(relatedStories[rng.IntN(len(relatedStories))]), rng.IntN(100000), hex(32), 200+rng.IntN(1800), 100+rng.IntN(1000),
			rng.IntN(1000000), rng.Float64())
	}
	b.WriteString("]};</script>\n")
}

var relatedStories = []string{
	"Harbour authority publishes annual figures",
	"City council votes on new tram line",
	"Five things to know before the weekend",
	"Weather service warns of strong winds",
	"Readers share their favourite walks",
}

var comments = [][2]string{
	{"reader42", "Interesting piece, though I would have liked more on the background."},
	{"tidewatcher", "Same story every year. Nothing ever changes."},
	{"m.k.", "Thanks for the clear summary of what was agreed."},
}

var footerLinks = []string{"About us", "Contact", "Careers", "Privacy policy", "Terms of use", "Cookie settings", "Advertise", "Accessibility"}

func firstSentence(text string) string {
	if i := strings.Index(text, ". "); i > 0 {
		return text[:i+1]
	}
	return text
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// Item is one feed entry.
type Item struct {
	Title   string
	Link    string
	GUID    string
	Date    time.Time
	Summary string
	Content string // HTML of the full text; empty for a summary-only feed
}

// RSS returns an RSS 2.0 feed with the items.
func RSS(title, link string, items []Item) []byte {
	var b bytes.Buffer
	esc := html.EscapeString
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">` + "\n<channel>\n")
	fmt.Fprintf(&b, "<title>%s</title>\n<link>%s</link>\n<description>Latest news</description>\n<language>en</language>\n", esc(title), esc(link))
	for _, it := range items {
		b.WriteString("<item>\n")
		fmt.Fprintf(&b, "<title>%s</title>\n<link>%s</link>\n", esc(it.Title), esc(it.Link))
		if it.GUID != "" {
			fmt.Fprintf(&b, "<guid isPermaLink=\"false\">%s</guid>\n", esc(it.GUID))
		}
		if !it.Date.IsZero() {
			fmt.Fprintf(&b, "<pubDate>%s</pubDate>\n", it.Date.Format(time.RFC1123Z))
		}
		if it.Summary != "" {
			fmt.Fprintf(&b, "<description>%s</description>\n", esc(it.Summary))
		}
		if it.Content != "" {
			fmt.Fprintf(&b, "<content:encoded><![CDATA[%s]]></content:encoded>\n", it.Content)
		}
		b.WriteString("</item>\n")
	}
	b.WriteString("</channel>\n</rss>\n")
	return b.Bytes()
}

// Atom returns an Atom 1.0 feed with the items.
func Atom(title, link string, items []Item) []byte {
	var b bytes.Buffer
	esc := html.EscapeString
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom">` + "\n")
	fmt.Fprintf(&b, "<title>%s</title>\n<link href=\"%s\"/>\n<id>%s</id>\n<updated>%s</updated>\n", esc(title), esc(link), esc(link), time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Format(time.RFC3339))
	for _, it := range items {
		b.WriteString("<entry>\n")
		id := it.GUID
		if id == "" {
			id = it.Link
		}
		fmt.Fprintf(&b, "<title>%s</title>\n<link href=\"%s\"/>\n<id>%s</id>\n", esc(it.Title), esc(it.Link), esc(id))
		if !it.Date.IsZero() {
			fmt.Fprintf(&b, "<published>%s</published>\n<updated>%s</updated>\n", it.Date.Format(time.RFC3339), it.Date.Format(time.RFC3339))
		}
		if it.Summary != "" {
			fmt.Fprintf(&b, "<summary>%s</summary>\n", esc(it.Summary))
		}
		if it.Content != "" {
			fmt.Fprintf(&b, "<content type=\"html\">%s</content>\n", esc(it.Content))
		}
		b.WriteString("</entry>\n")
	}
	b.WriteString("</feed>\n")
	return b.Bytes()
}

// ContentHTML returns the text's paragraphs as HTML <p> elements.
func ContentHTML(text string) string {
	var b strings.Builder
	for _, p := range strings.Split(text, "\n\n") {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	return b.String()
}

// WARCWriter writes WARC/1.0 records, each in its own gzip member when
// compressed, as Common Crawl does.
type WARCWriter struct {
	w    io.Writer
	gzip bool
	n    int
	pos  int64

	Offsets []int64  // byte offset of every record written
	Types   []string // WARC-Type of every record written
}

// NewWARCWriter returns a writer of WARC records to w, compressed with one
// gzip member per record if gz is true.
func NewWARCWriter(w io.Writer, gz bool) *WARCWriter { return &WARCWriter{w: w, gzip: gz} }

// Record writes one record with the given type, extra headers (in order,
// name then value) and block.
func (ww *WARCWriter) Record(typ string, headers []string, block []byte) error {
	ww.n++
	ww.Offsets = append(ww.Offsets, ww.pos)
	ww.Types = append(ww.Types, typ)
	var b bytes.Buffer
	b.WriteString("WARC/1.0\r\n")
	fmt.Fprintf(&b, "WARC-Type: %s\r\n", typ)
	fmt.Fprintf(&b, "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\n", ww.n)
	for i := 0; i+1 < len(headers); i += 2 {
		fmt.Fprintf(&b, "%s: %s\r\n", headers[i], headers[i+1])
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(block))
	b.Write(block)
	b.WriteString("\r\n\r\n")
	if !ww.gzip {
		n, err := ww.w.Write(b.Bytes())
		ww.pos += int64(n)
		return err
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(b.Bytes())
	zw.Close()
	n, err := ww.w.Write(z.Bytes())
	ww.pos += int64(n)
	return err
}

// Response writes a request, response and metadata record for a page
// fetched from uri at the given time, as a crawler does.
func (ww *WARCWriter) Response(uri string, date time.Time, contentType string, body []byte) error {
	d := date.UTC().Format(time.RFC3339)
	req := fmt.Sprintf("GET %s HTTP/1.1\r\nUser-Agent: testcrawler/1.0\r\nAccept: text/html\r\n\r\n", uri)
	if err := ww.Record("request", []string{"WARC-Date", d, "WARC-Target-URI", uri, "Content-Type", "application/http; msgtype=request"}, []byte(req)); err != nil {
		return err
	}
	var resp bytes.Buffer
	fmt.Fprintf(&resp, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nX-Crawler-Content-Length: %d\r\nContent-Length: %d\r\nDate: %s\r\n\r\n",
		contentType, len(body), len(body), date.UTC().Format(time.RFC1123))
	resp.Write(body)
	if err := ww.Record("response", []string{"WARC-Date", d, "WARC-Target-URI", uri, "Content-Type", "application/http; msgtype=response",
		"WARC-Payload-Digest", "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, resp.Bytes()); err != nil {
		return err
	}
	meta := "fetchTimeMs: 120\r\n"
	return ww.Record("metadata", []string{"WARC-Date", d, "WARC-Target-URI", uri, "Content-Type", "application/warc-fields"}, []byte(meta))
}

// Info writes a warcinfo record, as at the start of a Common Crawl file.
func (ww *WARCWriter) Info() error {
	return ww.Record("warcinfo", []string{"WARC-Date", "2024-01-01T00:00:00Z", "WARC-Filename", "test.warc.gz", "Content-Type", "application/warc-fields"},
		[]byte("software: testpages\r\nformat: WARC File Format 1.0\r\n"))
}
