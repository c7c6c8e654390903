// Package source plugs the readers of web pages (package html), RSS and
// Atom feeds (package feed) and web archives (package warc) into
// reader.Reader, so that `dateline ingest DIR` reads them with the line
// format and JSONL files:
//
//	r := &reader.Reader{Formats: source.Formats(source.Options{})}
//	for a, err := range lang.Fill(r.Read(ctx, paths)) { ... }
package source

import (
	"context"
	"io"
	"iter"
	"os"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/reader"
	"github.com/dateline-news/dateline/source/feed"
	"github.com/dateline-news/dateline/source/html"
	"github.com/dateline-news/dateline/source/warc"
)

// Options control how the files are read.
type Options struct {
	// DateFallback says what to do with a web page that states no date:
	// html.FallbackCrawl dates it by its crawl time (the WARC-Date in a web
	// archive, the file's modification time for a saved page).
	DateFallback html.Fallback
	// FeedSummaries makes feed items that carry only a summary articles
	// (with the summary as text) instead of errors.
	FeedSummaries bool
	// MaxPage is the largest web page read; 0 means html.DefaultMaxBytes.
	MaxPage int
	// Workers is how many pages of a web archive are extracted at once (in
	// file order all the same); 0 or 1 means one at a time.
	Workers int
	// OnPage, if not nil, is called with each page extracted from a saved
	// page or a web archive, before its article is yielded: it sees what
	// dateline.Article has no field for (where the date came from, the
	// author).
	OnPage func(name string, p *html.Page)
}

// File name suffixes of the formats.
var (
	HTMLSuffixes = []string{".html", ".htm", ".xhtml"}
	FeedSuffixes = []string{".rss", ".atom", ".xml"}
	WARCSuffixes = []string{".warc", ".warc.gz"}
)

// Formats returns the decoders of web pages, feeds and web archives by file
// name suffix, for reader.Reader.Formats.
func Formats(opts Options) map[string]reader.Decoder {
	m := make(map[string]reader.Decoder)
	for _, s := range HTMLSuffixes {
		m[s] = reader.DecoderFunc(opts.page)
	}
	for _, s := range FeedSuffixes {
		m[s] = reader.DecoderFunc(opts.feed)
	}
	for _, s := range WARCSuffixes {
		m[s] = reader.DecoderFunc(opts.warc)
	}
	return m
}

// page reads a saved web page: one article. Its crawl time is the file's
// modification time.
func (o Options) page(ctx context.Context, name string, r io.Reader) iter.Seq2[*dateline.Article, error] {
	return func(yield func(*dateline.Article, error) bool) {
		hopts := html.Options{DateFallback: o.DateFallback, MaxBytes: o.MaxPage, CrawlTime: modTime(r)}
		p, err := html.Extract(ctx, name, r, hopts)
		if err != nil {
			yield(nil, &dateline.InputError{File: name, Err: err})
			return
		}
		if o.OnPage != nil {
			o.OnPage(name, p)
		}
		yield(&p.Article, nil)
	}
}

// modTime returns the modification time of r if it is a file, else zero.
func modTime(r io.Reader) time.Time {
	f, ok := r.(*os.File)
	if !ok {
		return time.Time{}
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return time.Time{}
	}
	return fi.ModTime().UTC()
}

// feed reads an RSS or Atom file.
func (o Options) feed(ctx context.Context, name string, r io.Reader) iter.Seq2[*dateline.Article, error] {
	return feed.Articles(ctx, name, r, feed.Options{Summaries: o.FeedSummaries})
}

// warc reads a web archive.
func (o Options) warc(ctx context.Context, name string, r io.Reader) iter.Seq2[*dateline.Article, error] {
	var onPage func(*html.Page)
	if o.OnPage != nil {
		onPage = func(p *html.Page) { o.OnPage(name, p) }
	}
	return warc.Articles(ctx, name, r, warc.Options{HTML: html.Options{DateFallback: o.DateFallback}, MaxBody: o.MaxPage, OnPage: onPage, Workers: o.Workers})
}
