// Package feed reads RSS and Atom feeds (with gofeed) and watches them:
// Parse and Articles read a saved feed file; a Watcher polls feeds on the
// web, fetches each new item's page politely through a Fetcher (robots.txt,
// a per-host rate limit, conditional GET, retries with backoff, a size
// limit) and hands over each article once, remembering what it has done in
// a state file so that it resumes after a restart.
package feed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/source/html"
	"github.com/dateline-news/dateline/source/lang"
)

// DefaultMaxBytes is the largest feed read when no limit is set: 16 MiB.
const DefaultMaxBytes = 16 << 20

// DefaultFullTextWords is the fewest words an item's content must have to be
// taken as the full text of the article rather than a teaser.
const DefaultFullTextWords = 80

// Errors about feed items, wrapped in the errors Articles yields.
var (
	ErrNotFeed    = errors.New("not an RSS or Atom feed")
	ErrNoFullText = errors.New("item has no full text (a summary only; `dateline watch` fetches the page)")
	ErrNoItemDate = errors.New("item has no date")
	ErrTooLarge   = errors.New("feed too large")
)

// Feed is a parsed feed.
type Feed struct {
	Title string // the feed's title: the articles' Source
	Link  string // the site's address
	Lang  string // declared language, "" if none
	Items []Item // in the order of the feed
}

// Item is one entry of a feed. Text fields are plain text: HTML is turned
// into paragraphs separated by blank lines.
type Item struct {
	Title   string
	Link    string // address of the item's page
	GUID    string // the feed's id of the item, "" if none
	Date    time.Time
	HasTime bool   // whether Date has a time of day
	Author  string // "" if none
	Summary string // description or summary, "" if none
	Content string // full content, "" if none
}

// Key returns what identifies the item across polls: its normalised link,
// else its GUID.
func (it *Item) Key() string {
	if it.Link != "" {
		return html.NormalizeURL(it.Link)
	}
	return it.GUID
}

// Parse reads one RSS or Atom feed of at most DefaultMaxBytes.
func Parse(ctx context.Context, r io.Reader) (*Feed, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(r, DefaultMaxBytes+1)); err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if buf.Len() > DefaultMaxBytes {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, DefaultMaxBytes)
	}
	return ParseBytes(buf.Bytes())
}

// ParseBytes parses one RSS or Atom feed held in memory.
func ParseBytes(data []byte) (*Feed, error) {
	switch gofeed.DetectFeedType(bytes.NewReader(data)) {
	case gofeed.FeedTypeRSS, gofeed.FeedTypeAtom:
	default:
		return nil, ErrNotFeed
	}
	gf, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotFeed, err)
	}
	f := &Feed{
		Title: clean(gf.Title),
		Link:  strings.TrimSpace(gf.Link),
		Lang:  strings.TrimSpace(gf.Language),
	}
	for _, gi := range gf.Items {
		if gi == nil {
			continue
		}
		it := Item{
			Title:   clean(html.FragmentText(gi.Title)),
			Link:    strings.TrimSpace(gi.Link),
			GUID:    strings.TrimSpace(gi.GUID),
			Summary: html.FragmentText(gi.Description),
			Content: html.FragmentText(gi.Content),
		}
		if it.Link == "" && len(gi.Links) > 0 {
			it.Link = strings.TrimSpace(gi.Links[0])
		}
		switch {
		case gi.PublishedParsed != nil:
			it.Date, it.HasTime = *gi.PublishedParsed, strings.Contains(gi.Published, ":")
		case gi.UpdatedParsed != nil:
			it.Date, it.HasTime = *gi.UpdatedParsed, strings.Contains(gi.Updated, ":")
		}
		if !it.HasTime && !it.Date.IsZero() {
			it.Date = time.Date(it.Date.Year(), it.Date.Month(), it.Date.Day(), 0, 0, 0, 0, time.UTC)
		}
		if len(gi.Authors) > 0 && gi.Authors[0] != nil {
			it.Author = clean(gi.Authors[0].Name)
		}
		f.Items = append(f.Items, it)
	}
	return f, nil
}

// clean collapses white space.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// Options control how feed items become articles.
type Options struct {
	// FullTextWords is the fewest words the content (or, failing that, the
	// summary) of an item must have to be the article's text. Zero means
	// DefaultFullTextWords.
	FullTextWords int
	// Summaries makes an item with only a short summary an article with the
	// summary as its text, instead of an error wrapping ErrNoFullText.
	Summaries bool
}

// FullText returns the item's full text, or "" if the feed carries only a
// teaser.
func (it *Item) FullText(opts Options) string {
	min := opts.FullTextWords
	if min <= 0 {
		min = DefaultFullTextWords
	}
	for _, t := range []string{it.Content, it.Summary} {
		if len(strings.Fields(t)) >= min {
			return t
		}
	}
	return ""
}

// Article returns the article the item carries. The id is html.IDFromURL of
// the link (else the GUID); the source is the feed's title (else its site's
// host).
func (f *Feed) Article(it *Item, opts Options) (*dateline.Article, error) {
	text := it.FullText(opts)
	if text == "" && opts.Summaries {
		text = it.Summary
		if text == "" {
			text = it.Content
		}
	}
	if strings.TrimSpace(text) == "" {
		return nil, ErrNoFullText
	}
	if it.Date.IsZero() || it.Date.Year() < 1800 {
		return nil, ErrNoItemDate
	}
	a := &dateline.Article{
		Date:    it.Date,
		HasTime: it.HasTime,
		Text:    text,
		Title:   it.Title,
		URL:     it.Link,
		Source:  f.Title,
		Author:  it.Author,
	}
	if it.Link != "" {
		a.ID = html.IDFromURL(it.Link)
	}
	if a.ID == "" {
		a.ID = it.GUID
	}
	if a.ID == "" {
		return nil, errors.New("item has neither link nor guid")
	}
	if a.Source == "" {
		a.Source = html.IDFromURL(f.Link)
		if i := strings.IndexByte(a.Source, '/'); i >= 0 {
			a.Source = a.Source[:i]
		}
	}
	a.Lang = lang.Choose(text, f.Lang)
	return a, nil
}

// Articles returns an iterator over the articles of the feed in r, in feed
// order. name is the file name reported in errors. An item that is not an
// article (no full text, no date) yields a *dateline.InputError naming the
// file and the item, and the others go on; a file that is not a feed yields
// one error.
func Articles(ctx context.Context, name string, r io.Reader, opts Options) iter.Seq2[*dateline.Article, error] {
	return func(yield func(*dateline.Article, error) bool) {
		f, err := Parse(ctx, r)
		if err != nil {
			if ctx.Err() != nil {
				yield(nil, err)
				return
			}
			yield(nil, &dateline.InputError{File: name, Err: err})
			return
		}
		for i := range f.Items {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			it := &f.Items[i]
			a, err := f.Article(it, opts)
			if err != nil {
				err = &dateline.InputError{File: name, Err: fmt.Errorf("item %d %s: %w", i+1, itemName(it), err)}
			}
			if !yield(a, err) {
				return
			}
		}
	}
}

// itemName names an item in an error message.
func itemName(it *Item) string {
	switch {
	case it.Link != "":
		return "<" + it.Link + ">"
	case it.GUID != "":
		return "<" + it.GUID + ">"
	}
	return fmt.Sprintf("%q", it.Title)
}
