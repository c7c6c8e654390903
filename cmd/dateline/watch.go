package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/source/feed"
	"github.com/dateline-news/dateline/source/html"
)

func (e *env) watchCmd() *cobra.Command {
	var (
		in        inputFlags
		feedsFile string
		statePath string
		userAgent string
		interval  time.Duration
		hostDelay time.Duration
		once      bool
	)
	cmd := &cobra.Command{
		Use:   "watch --feeds FILE [flags]",
		Short: "Poll RSS and Atom feeds and ingest each new article",
		Long: `watch polls a list of RSS and Atom feeds (one address a line in FILE, #
comments allowed) every --interval, and ingests each new item: the feed's own
text when it carries the full article, otherwise the linked page, fetched
politely (robots.txt, at most one request per --host-delay to a host, a clear
User-Agent, conditional GET with ETag and Last-Modified, retries with backoff,
a size limit) and reduced to its main text.

It remembers what it has ingested in a state file (default watch.json in the
store directory), so it resumes where it stopped after a restart and never
ingests an item twice. Stop it with Ctrl-C; --once polls once and exits.`,
		Example: `  dateline watch --feeds feeds.txt
  dateline watch --feeds feeds.txt --interval 5m --date-fallback crawl
  dateline watch --feeds feeds.txt --once`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if feedsFile == "" {
				return usageError{fmt.Errorf("--feeds FILE is required")}
			}
			feeds, err := readFeedList(feedsFile)
			if err != nil {
				return err
			}
			fb, err := html.ParseFallback(in.dateFallback)
			if err != nil {
				return usageError{fmt.Errorf("--date-fallback: %w", err)}
			}
			p, err := in.pipeline()
			if err != nil {
				return err
			}
			lib, err := e.open(ctx, true)
			if err != nil {
				return err
			}
			defer lib.Close()
			if statePath == "" {
				statePath = filepath.Join(e.dbPath(), "watch.json")
			}
			analysis := p.Version()
			h, err := in.hasher()
			if err != nil {
				return err
			}
			ingested := 0
			w := &feed.Watcher{
				Feeds:     feeds,
				Fetcher:   &feed.Fetcher{UserAgent: userAgent, HostDelay: hostDelay},
				Interval:  interval,
				StatePath: statePath,
				HTML:      html.Options{DateFallback: fb},
				// Each article is stored before Handle returns, so the
				// watcher marks an item done only once it is safe.
				Handle: func(ctx context.Context, a *dateline.Article) error {
					d := dateline.NewDoc(*a)
					if err := p.Analyze(ctx, d); err != nil {
						return err
					}
					if !in.keep(d) {
						return nil
					}
					if _, err := lib.MarkDuplicates(ctx, []*dateline.Doc{d}, h); err != nil {
						return err
					}
					if _, err := lib.Put(ctx, []*dateline.Doc{d}, analysis); err != nil {
						return err
					}
					ingested++
					e.log.Info("ingested", "id", d.ID, "date", d.Day(), "source", d.Source)
					return nil
				},
				OnError: func(err error) { e.log.Warn("feed item failed", "err", err) },
			}
			if once {
				st, err := w.Poll(ctx)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "polled %d feeds (%d unchanged): %d new articles ingested, %d seen before, %d failed\n",
					st.Feeds, st.NotModified, ingested, st.Seen, st.Failed)
				return nil
			}
			e.log.Info("watching feeds", "feeds", len(feeds), "interval", orDefault(interval, feed.DefaultInterval), "state", statePath)
			return w.Run(ctx)
		},
	}
	in.register(cmd)
	f := cmd.Flags()
	f.StringVar(&feedsFile, "feeds", "", "`FILE` listing feed addresses, one a line")
	f.StringVar(&statePath, "state", "", "state file (default watch.json in the store directory)")
	f.StringVar(&userAgent, "user-agent", feed.DefaultUserAgent, "User-Agent of every request; its first word is the robots.txt token")
	f.DurationVar(&interval, "interval", feed.DefaultInterval, "time between two polls")
	f.DurationVar(&hostDelay, "host-delay", feed.DefaultHostDelay, "least time between two requests to one host (robots.txt Crawl-delay may ask for more)")
	f.BoolVar(&once, "once", false, "poll once and exit")
	return cmd
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// readFeedList reads feed addresses, one a line, skipping blank lines and #
// comments.
func readFeedList(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var feeds []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !strings.HasPrefix(line, "http://") && !strings.HasPrefix(line, "https://") {
			return nil, fmt.Errorf("%s:%d: not a feed address: %q", path, n, line)
		}
		feeds = append(feeds, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if len(feeds) == 0 {
		return nil, fmt.Errorf("%s: no feed addresses", path)
	}
	return feeds, nil
}
