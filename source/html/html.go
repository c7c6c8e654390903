// Package html turns a saved or fetched news web page into a dated article:
// the main text without navigation, advertisements and comments (extracted
// with go-trafilatura, paragraphs kept as blank-line separated blocks), the
// title, site and address of the page, and its publication date.
//
// The date comes, in order of preference, from the page's metadata and
// markup (go-htmldate: meta tags, JSON-LD, <time> elements, the URL), from
// a date known from elsewhere (Options.KnownDate: the feed item that linked
// to the page), from a date line of the text ("Published 2 March 2023"),
// and, only when Options.DateFallback is FallbackCrawl, from the time the
// page was crawled. Page.DateSource says which.
package html

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/markusmobius/go-htmldate"
	"github.com/markusmobius/go-trafilatura"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/source/lang"
)

// DefaultMaxBytes is the largest page Extract reads when Options.MaxBytes is
// not set: 8 MiB.
const DefaultMaxBytes = 8 << 20

// DefaultMinWords is the fewest words of main text a page must have when
// Options.MinWords is not set.
const DefaultMinWords = 25

// Errors that say why a page gave no article. They are wrapped in the
// errors Extract returns.
var (
	ErrNoText   = errors.New("no main text found")
	ErrNoDate   = errors.New("no publication date found")
	ErrTooLarge = errors.New("page too large")
)

// Fallback says what to do with a page whose publication date cannot be
// found in the page.
type Fallback int

// Date fallbacks.
const (
	FallbackNone  Fallback = iota // report the page with ErrNoDate
	FallbackCrawl                 // date it by Options.CrawlTime, and mark it DateCrawl
)

// ParseFallback parses the name of a fallback: "none" (or "") or "crawl".
func ParseFallback(s string) (Fallback, error) {
	switch s {
	case "", "none":
		return FallbackNone, nil
	case "crawl":
		return FallbackCrawl, nil
	}
	return FallbackNone, fmt.Errorf("unknown date fallback %q (want none or crawl)", s)
}

func (f Fallback) String() string {
	if f == FallbackCrawl {
		return "crawl"
	}
	return "none"
}

// DateSource says where an article's date came from.
type DateSource string

// Date sources.
const (
	DateMeta  DateSource = "meta"  // the page's metadata or markup
	DateText  DateSource = "text"  // a date line in the text
	DateCrawl DateSource = "crawl" // the crawl time: the page stated no date
	DateFeed  DateSource = "feed"  // the feed item that linked to the page
)

// Options control Extract. The zero value extracts a page with no known
// address, reports a page without a date, and reads up to DefaultMaxBytes.
type Options struct {
	// URL is the address the page was fetched from (a WARC target URI, a
	// feed item's link). The page's canonical address, when it states one,
	// is preferred.
	URL string
	// CrawlTime is when the page was fetched (WARC-Date, HTTP Date). It
	// bounds the dates found in the page (a page cannot be published after it
	// was fetched) and dates the page under FallbackCrawl. Zero means
	// unknown.
	CrawlTime time.Time
	// KnownDate is a publication date known from elsewhere, such as the
	// feed item that links to the page, used when the page states none (and
	// then marked DateFeed); KnownHasTime says whether it has a time of day.
	KnownDate    time.Time
	KnownHasTime bool
	// DateFallback says what to do when the page states no date.
	DateFallback Fallback
	// ContentType is the HTTP Content-Type of the page, if known; its
	// charset parameter decides the encoding. Otherwise the page's <meta
	// charset> does, and UTF-8 is assumed when the bytes are valid UTF-8.
	ContentType string
	// ID is the article id. Empty means IDFromURL of the page's address, or,
	// with no address, the file name without its extension.
	ID string
	// MaxBytes is the largest page read; a larger one is an error wrapping
	// ErrTooLarge. Zero or less means DefaultMaxBytes.
	MaxBytes int
	// MinWords is the fewest words of main text a page must have to be an
	// article; a page with fewer (an index page, a video page, a page of
	// links) is an error wrapping ErrNoText. Zero means DefaultMinWords;
	// less than zero means any text.
	MinWords int
	// Extensive makes go-htmldate search the whole text of the page for a
	// date, which finds more dates and costs several times the time.
	Extensive bool
}

// Page is an article extracted from a web page, with what the page said
// about it that dateline.Article has no field for.
type Page struct {
	dateline.Article
	Author     string     // byline, "" if none
	DateSource DateSource // where Article.Date came from
	Declared   string     // language the page declared (<html lang>), "" if none
}

// Extract reads the web page r and returns its article. name is the file
// name, used for the id when the page has no address and in errors.
//
// The article's Text is the main text, with one blank line between
// paragraphs, headings and list items; Title is the headline; Source the
// site name (or the host); URL the canonical address; Lang the detected
// language; HasTime is true when the page gave a time of day.
func Extract(ctx context.Context, name string, r io.Reader, opts Options) (*Page, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	limit := opts.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(r, int64(limit)+1)); err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if buf.Len() > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	return ExtractBytes(ctx, name, buf.Bytes(), opts)
}

// ExtractBytes is Extract of a page held in memory.
func ExtractBytes(ctx context.Context, name string, page []byte, opts Options) (*Page, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	doc, err := parse(page, opts.ContentType)
	if err != nil {
		return nil, err
	}

	head := headInfo(doc)
	pageURL := opts.URL
	if c := head.canonical(); c != "" && betterURL(c, pageURL) {
		pageURL = c
	}

	// The date first: trafilatura changes the document.
	dopts := htmldate.Options{
		ExtractTime:         true,
		UseOriginalDate:     true,
		SkipExtensiveSearch: !opts.Extensive,
		DeferUrlExtractor:   true, // a date in the markup has the time of day
		URL:                 pageURL,
	}
	if !opts.CrawlTime.IsZero() {
		dopts.MaxDate = opts.CrawlTime.Add(24 * time.Hour)
	}
	date, _ := htmldate.FromDocument(doc, dopts) // an error means no date

	topts := trafilatura.Options{
		ExcludeComments:  true,
		HtmlDateOverride: &htmldate.Result{}, // the date is ours; do not search twice
	}
	if u, err := url.Parse(pageURL); err == nil && u.IsAbs() {
		topts.OriginalURL = u
	}
	res, err := trafilatura.ExtractDocument(doc, topts)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoText, err)
	}
	meta := res.Metadata
	text := dropTitle(Text(res.ContentNode), meta.Title)
	minWords := opts.MinWords
	if minWords == 0 {
		minWords = DefaultMinWords
	}
	if n := countWords(text, minWords); n < minWords {
		return nil, fmt.Errorf("%w: %d words of main text, fewer than %d", ErrNoText, n, minWords)
	}

	p := &Page{
		Article: dateline.Article{
			Text:  text,
			Title: strings.TrimSpace(meta.Title),
			URL:   pageURL,
		},
		Author:   strings.TrimSpace(meta.Author),
		Declared: normLang(head.lang),
	}
	p.Article.Author = p.Author
	if p.URL == "" && meta.URL != "" && betterURL(meta.URL, "") {
		p.URL = meta.URL
	}
	p.Source = strings.TrimSpace(meta.Sitename)
	if p.Source == "" {
		p.Source = host(p.URL)
	}

	switch {
	case !date.IsZero():
		p.Date, p.HasTime, p.DateSource = date.DateTime, date.HasTime, DateMeta
		if !date.HasTime {
			p.Date = midnight(date.DateTime)
		}
	case !opts.KnownDate.IsZero():
		p.Date, p.HasTime, p.DateSource = opts.KnownDate, opts.KnownHasTime, DateFeed
	default:
		if d, ok := DateInText(text, opts.CrawlTime); ok {
			p.Date, p.DateSource = d, DateText
		} else if opts.DateFallback == FallbackCrawl && !opts.CrawlTime.IsZero() {
			p.Date, p.HasTime, p.DateSource = opts.CrawlTime, true, DateCrawl
		} else {
			return nil, ErrNoDate
		}
	}

	p.Article.DateSource = string(p.DateSource)

	switch {
	case opts.ID != "":
		p.ID = opts.ID
	case p.URL != "":
		p.ID = IDFromURL(p.URL)
	default:
		base := filepath.Base(name)
		p.ID = strings.TrimSuffix(base, filepath.Ext(base))
	}
	p.Lang = lang.Choose(text, p.Declared)
	return p, nil
}

// dropTitle removes the headline from the start of the text: trafilatura
// keeps it as the first paragraph, and the article's Title holds it.
func dropTitle(text, title string) string {
	title = strings.Join(strings.Fields(title), " ")
	if title == "" {
		return text
	}
	first, rest, _ := strings.Cut(text, "\n\n")
	if strings.Join(strings.Fields(first), " ") == title {
		return rest
	}
	return text
}

// parse decodes page to UTF-8 and parses it.
func parse(page []byte, contentType string) (*xhtml.Node, error) {
	var r io.Reader = bytes.NewReader(page)
	if enc, name, _ := charset.DetermineEncoding(page, contentType); name != "utf-8" {
		r = transform.NewReader(r, enc.NewDecoder())
	} else if !utf8.Valid(page) {
		r = transform.NewReader(r, validUTF8{})
	}
	doc, err := xhtml.Parse(r)
	if err != nil {
		return nil, fmt.Errorf("parse HTML: %w", err)
	}
	return doc, nil
}

// validUTF8 replaces invalid UTF-8 with U+FFFD. The article text must be
// valid UTF-8; a page that says it is UTF-8 and has a few bad bytes is still
// worth reading.
type validUTF8 struct{ transform.NopResetter }

func (validUTF8) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		r, size := utf8.DecodeRune(src[nSrc:])
		if r == utf8.RuneError && size <= 1 && !atEOF && !utf8.FullRune(src[nSrc:]) {
			return nDst, nSrc, transform.ErrShortSrc
		}
		if r == utf8.RuneError && size <= 1 {
			if nDst+3 > len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			nDst += copy(dst[nDst:], "\uFFFD")
			nSrc++
			continue
		}
		if nDst+size > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += copy(dst[nDst:], src[nSrc:nSrc+size])
		nSrc += size
	}
	return nDst, nSrc, nil
}

// countWords counts the words of text, up to max.
func countWords(text string, max int) int {
	n := 0
	inWord := false
	for _, r := range text {
		switch {
		case isSpace(r):
			inWord = false
		case !inWord:
			inWord = true
			n++
			if n >= max {
				return n
			}
		}
	}
	return n
}

// head is what the page's <head> says about it.
type head struct {
	link, og string // <link rel=canonical>, <meta property=og:url>
	lang     string // <html lang>
}

// canonical returns the page's canonical address: <link rel=canonical>,
// else <meta property=og:url>, else "".
func (h head) canonical() string {
	if h.link != "" {
		return h.link
	}
	return h.og
}

// headInfo reads the page's <html> and <head> elements.
func headInfo(doc *xhtml.Node) head {
	var h head
	var walk func(n *xhtml.Node) bool
	walk = func(n *xhtml.Node) bool {
		if n.Type == xhtml.ElementNode {
			switch n.Data {
			case "html":
				h.lang = attr(n, "lang")
			case "link":
				if strings.EqualFold(attr(n, "rel"), "canonical") && h.link == "" {
					h.link = strings.TrimSpace(attr(n, "href"))
				}
			case "meta":
				if p := attr(n, "property"); strings.EqualFold(p, "og:url") && h.og == "" {
					h.og = strings.TrimSpace(attr(n, "content"))
				}
			case "body":
				return false // metadata lives in <head>
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !walk(c) {
				return false
			}
		}
		return true
	}
	walk(doc)
	return h
}

func attr(n *xhtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// betterURL reports whether the canonical address c should replace the
// address u the page was fetched from: c must be an absolute http(s)
// address, and not the bare home page of a site when u is a deeper page
// (some sites declare their home page canonical for every page).
func betterURL(c, u string) bool {
	cu, err := url.Parse(c)
	if err != nil || !cu.IsAbs() || (cu.Scheme != "http" && cu.Scheme != "https") || cu.Host == "" {
		return false
	}
	if u == "" {
		return true
	}
	uu, err := url.Parse(u)
	if err != nil {
		return true
	}
	return !(strings.Trim(cu.Path, "/") == "" && strings.Trim(uu.Path, "/") != "")
}

// host returns the host of the address u without "www.", or "".
func host(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(pu.Hostname()), "www.")
}

// normLang returns the primary subtag of a language tag in lower case:
// "en-GB" -> "en".
func normLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) != 2 {
		return ""
	}
	return tag
}

func midnight(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
