package feed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/source/html"
)

// Defaults of a Watcher.
const (
	DefaultInterval  = 15 * time.Minute
	DefaultRetention = 90 * 24 * time.Hour
	DefaultMaxTries  = 5
)

// A Watcher polls feeds and hands over each new item's article once. For
// an item whose feed carries the full text, the article is made from the
// feed; otherwise the item's page is fetched and its main text extracted
// (dated by the page, else by the item, else, with
// HTML.DateFallback = html.FallbackCrawl, by the fetch time).
//
// What the watcher has done is kept in the state file: the validators of
// each feed, for conditional requests, and every item it has handed over or
// given up on. An item is recorded as done only after Handle has returned
// nil for it, and the file is written after each item, so a watcher
// restarted with the same state file goes on where it stopped and never
// hands over an item twice (except one whose Handle returned just before a
// crash; stores replace an article with the same id, so that is harmless).
type Watcher struct {
	Feeds     []string      // feed addresses
	Fetcher   *Fetcher      // nil: a Fetcher with the defaults
	Interval  time.Duration // between two polls of the feeds; 0: DefaultInterval
	StatePath string        // state file; "": state kept in memory only
	// Retention is how long an item is remembered after it was last listed
	// by its feed; 0: DefaultRetention.
	Retention time.Duration
	// MaxTries is how many polls an item whose page cannot be fetched is
	// tried in; 0: DefaultMaxTries.
	MaxTries int
	Options  Options      // when an item's feed text is its full text
	HTML     html.Options // for extracting pages; URL, CrawlTime and ContentType are set per page
	// Handle receives each new article. An error stops the poll; the item
	// is tried again at the next one.
	Handle func(ctx context.Context, a *dateline.Article) error
	// OnError receives what went wrong with one feed or item (a
	// *dateline.InputError naming the feed or page address); the watcher
	// goes on. Nil means errors are dropped.
	OnError func(err error)

	state *state
}

// state is what the state file holds.
type state struct {
	Version int                   `json:"version"`
	Feeds   map[string]*feedState `json:"feeds"`
	Items   map[string]*itemState `json:"items"`
}

type feedState struct {
	Validators
	LastPoll time.Time `json:"last_poll"`
}

type itemState struct {
	Status     string    `json:"status"` // "done", "failed" or "retry"
	Tries      int       `json:"tries,omitempty"`
	LastListed time.Time `json:"last_listed"`
	ID         string    `json:"id,omitempty"` // the article id handed over
}

// Item statuses.
const (
	statusDone   = "done"
	statusFailed = "failed"
	statusRetry  = "retry"
)

// PollStats counts what one poll did.
type PollStats struct {
	Feeds       int // feeds fetched and parsed
	NotModified int // feeds unchanged since the last poll
	New         int // articles handed over
	Seen        int // items handed over or given up before
	Failed      int // items that failed in this poll
}

// Run polls the feeds until ctx is done, then returns nil. The first poll
// is at once. An error from Handle or from writing the state file stops it
// and is returned.
func (w *Watcher) Run(ctx context.Context) error {
	interval := w.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	for {
		start := time.Now()
		if _, err := w.Poll(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		if err := sleepUntil(ctx, start.Add(interval)); err != nil {
			return nil
		}
	}
}

// Poll polls every feed once and hands over the new articles.
func (w *Watcher) Poll(ctx context.Context) (PollStats, error) {
	var st PollStats
	if w.Handle == nil {
		return st, errors.New("feed: Watcher.Handle is nil")
	}
	if err := w.load(); err != nil {
		return st, err
	}
	for _, fu := range w.Feeds {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		if err := w.pollFeed(ctx, fu, &st); err != nil {
			return st, err
		}
	}
	w.prune(time.Now())
	return st, w.save()
}

func (w *Watcher) fetcher() *Fetcher {
	if w.Fetcher == nil {
		w.Fetcher = &Fetcher{}
	}
	return w.Fetcher
}

func (w *Watcher) report(err error) {
	if w.OnError != nil {
		w.OnError(err)
	}
}

// pollFeed polls one feed. It returns an error only when the poll must stop.
func (w *Watcher) pollFeed(ctx context.Context, fu string, st *PollStats) error {
	fs := w.state.Feeds[fu]
	if fs == nil {
		fs = &feedState{}
		w.state.Feeds[fu] = fs
	}
	resp, err := w.fetcher().Get(ctx, fu, fs.Validators)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		w.report(&dateline.InputError{File: fu, Err: err})
		return nil
	}
	fs.LastPoll = resp.Time
	if resp.NotModified {
		st.NotModified++
		fs.Validators = resp.Validators
		return nil
	}
	f, err := ParseBytes(resp.Body)
	if err != nil {
		w.report(&dateline.InputError{File: fu, Err: err})
		return nil
	}
	st.Feeds++
	// Oldest first, so that a stop leaves the newest for the next poll.
	items := slices.Clone(f.Items)
	slices.SortStableFunc(items, func(a, b Item) int { return a.Date.Compare(b.Date) })
	now := time.Now()
	for i := range items {
		it := &items[i]
		key := it.Key()
		if key == "" {
			continue
		}
		is := w.state.Items[key]
		if is == nil {
			is = &itemState{}
		}
		is.LastListed = now
		if is.Status == statusDone || is.Status == statusFailed {
			w.state.Items[key] = is
			st.Seen++
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		a, err := w.article(ctx, f, it)
		switch {
		case err != nil && ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			st.Failed++
			is.Tries++
			is.Status = statusRetry
			if permanent(err) || is.Tries >= w.maxTries() {
				is.Status = statusFailed
			}
			w.state.Items[key] = is
			w.report(&dateline.InputError{File: itemAddress(fu, it), Err: err})
		default:
			if err := w.Handle(ctx, a); err != nil {
				return err
			}
			st.New++
			is.Status, is.ID = statusDone, a.ID
			w.state.Items[key] = is
		}
		if err := w.save(); err != nil {
			return err
		}
	}
	fs.Validators = resp.Validators // only now: the items are all dealt with
	return nil
}

func (w *Watcher) maxTries() int {
	if w.MaxTries <= 0 {
		return DefaultMaxTries
	}
	return w.MaxTries
}

// itemAddress names an item in an error: its link, else the feed.
func itemAddress(feedURL string, it *Item) string {
	if it.Link != "" {
		return it.Link
	}
	return feedURL + " " + itemName(it)
}

// permanent reports errors that trying again will not mend.
func permanent(err error) bool {
	var se *statusError
	if errors.As(err, &se) {
		return se.code != 429 && se.code < 500
	}
	return errors.Is(err, ErrDisallowed) || errors.Is(err, ErrBodyLimit) ||
		errors.Is(err, html.ErrNoText) || errors.Is(err, html.ErrNoDate) || errors.Is(err, html.ErrTooLarge) ||
		errors.Is(err, ErrNoItemDate)
}

// article returns the item's article: from the feed when it carries the
// full text, else from the item's page.
func (w *Watcher) article(ctx context.Context, f *Feed, it *Item) (*dateline.Article, error) {
	if it.FullText(w.Options) != "" || it.Link == "" {
		return f.Article(it, w.Options)
	}
	resp, err := w.fetcher().Get(ctx, it.Link, Validators{})
	if err != nil {
		return nil, err
	}
	opts := w.HTML
	opts.URL = resp.URL
	opts.CrawlTime = resp.Time
	opts.ContentType = resp.ContentType
	opts.KnownDate, opts.KnownHasTime = it.Date, it.HasTime
	p, err := html.ExtractBytes(ctx, it.Link, resp.Body, opts)
	if err != nil {
		return nil, err
	}
	if p.Title == "" {
		p.Title = it.Title
	}
	if f.Title != "" && (p.Source == "" || p.Source == hostOf(p.URL)) {
		p.Source = f.Title
	}
	return &p.Article, nil
}

// hostOf returns the host of u as html.NormalizeURL writes it.
func hostOf(u string) string {
	id, _, _ := strings.Cut(html.IDFromURL(u), "/")
	return id
}

// load reads the state file the first time it is needed.
func (w *Watcher) load() error {
	if w.state != nil {
		return nil
	}
	w.state = &state{Version: 1, Feeds: map[string]*feedState{}, Items: map[string]*itemState{}}
	if w.StatePath == "" {
		return nil
	}
	data, err := os.ReadFile(w.StatePath)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("watch state: %w", err)
	}
	if err := json.Unmarshal(data, w.state); err != nil {
		return fmt.Errorf("watch state %s: %w", w.StatePath, err)
	}
	if w.state.Feeds == nil {
		w.state.Feeds = map[string]*feedState{}
	}
	if w.state.Items == nil {
		w.state.Items = map[string]*itemState{}
	}
	return nil
}

// save writes the state file atomically: to a temporary file that replaces
// the old one.
func (w *Watcher) save() error {
	if w.StatePath == "" {
		return nil
	}
	data, err := json.Marshal(w.state)
	if err != nil {
		return err
	}
	dir := filepath.Dir(w.StatePath)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(w.StatePath)+".*")
	if err != nil {
		return fmt.Errorf("watch state: %w", err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), w.StatePath)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("watch state: %w", err)
	}
	return nil
}

// prune forgets items no feed has listed for the retention time.
func (w *Watcher) prune(now time.Time) {
	ret := w.Retention
	if ret <= 0 {
		ret = DefaultRetention
	}
	for k, is := range w.state.Items {
		if now.Sub(is.LastListed) > ret {
			delete(w.state.Items, k)
		}
	}
}
