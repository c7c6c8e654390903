package feed

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/internal/synth"
	"github.com/dateline-news/dateline/internal/testpages"
)

// site is a news site for the watcher to poll: a robots.txt, an RSS feed of
// teasers whose pages must be fetched, and an Atom feed with full text.
type site struct {
	t   *testing.T
	srv *httptest.Server

	mu       sync.Mutex
	requests []request
	version  int // the RSS feed's version; 2 adds an item
	fails    map[string]int
	robots   string
	robotsSC int
}

type request struct {
	path, ua, ifNoneMatch string
	at                    time.Time
}

const testUA = "datelinebot/1.0 (+test)"

func newSite(t *testing.T) *site {
	s := &site{t: t, version: 1, fails: map[string]int{"/news/d": 2},
		robots: "User-agent: *\nDisallow: /private/\n", robotsSC: 200}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, request{r.URL.Path, r.UserAgent(), r.Header.Get("If-None-Match"), time.Now()})
	version := s.version
	fail := s.fails[r.URL.Path]
	if fail > 0 {
		s.fails[r.URL.Path]--
	}
	robots, robotsSC := s.robots, s.robotsSC
	s.mu.Unlock()
	if fail > 0 {
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	base := s.srv.URL
	g := synth.New(5, 5000)
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		w.WriteHeader(robotsSC)
		fmt.Fprint(w, robots)
	case p == "/feed.rss":
		etag := fmt.Sprintf(`"v%d"`, version)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		var items []testpages.Item
		for i, slug := range []string{"a", "b", "c", "d", "e", "f", "g"} {
			if slug == "g" && version < 2 {
				break
			}
			link := base + "/news/" + slug
			if slug == "c" {
				link = base + "/private/c"
			}
			items = append(items, testpages.Item{Title: "Story " + slug, Link: link,
				Date: time.Date(2023, 3, 1+i, 8, 0, 0, 0, time.UTC), Summary: "A teaser for story " + slug + "."})
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(testpages.RSS("The Test Courier", base+"/", items))
	case p == "/full.atom":
		w.Header().Set("Last-Modified", "Wed, 01 Mar 2023 10:00:00 GMT")
		if r.Header.Get("If-Modified-Since") == "Wed, 01 Mar 2023 10:00:00 GMT" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		a := g.Article("x", 0)
		w.Write(testpages.Atom("The Test Courier", base+"/", []testpages.Item{{Title: a.Title, Link: base + "/full/1",
			Date: time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC), Content: testpages.ContentHTML(a.Text)}}))
	case strings.HasPrefix(p, "/news/"):
		slug := strings.TrimPrefix(p, "/news/")
		a := g.Article("n", int(slug[0]))
		a.Date = time.Date(2023, 3, 10, 0, 0, 0, 0, time.UTC)
		pg := testpages.Page{Site: "The Test Courier", Host: r.Host, Path: p, Date: testpages.DateMeta}
		if slug == "f" {
			pg.Date = testpages.DateNone
		}
		body := testpages.HTML(a, pg)
		if slug == "e" {
			body = append(body, strings.Repeat("<!-- padding -->", 20000)...)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
	default:
		http.NotFound(w, r)
	}
}

func (s *site) paths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ps []string
	for _, r := range s.requests {
		ps = append(ps, r.path)
	}
	return ps
}

func count(ps []string, p string) int {
	n := 0
	for _, x := range ps {
		if x == p {
			n++
		}
	}
	return n
}

func testFetcher() *Fetcher {
	return &Fetcher{UserAgent: testUA, HostDelay: 20 * time.Millisecond, Backoff: 10 * time.Millisecond, MaxBytes: 200 << 10}
}

type collector struct {
	ids  []string
	arts map[string]*dateline.Article
	errs []error
}

func (c *collector) watcher(s *site, state string) *Watcher {
	if c.arts == nil {
		c.arts = map[string]*dateline.Article{}
	}
	return &Watcher{
		Feeds:     []string{s.srv.URL + "/feed.rss", s.srv.URL + "/full.atom"},
		Fetcher:   testFetcher(),
		StatePath: state,
		Handle: func(_ context.Context, a *dateline.Article) error {
			c.ids = append(c.ids, a.ID)
			c.arts[a.ID] = a
			return nil
		},
		OnError: func(err error) { c.errs = append(c.errs, err) },
	}
}

func TestWatcher(t *testing.T) {
	s := newSite(t)
	state := filepath.Join(t.TempDir(), "watch.json")
	host := strings.TrimPrefix(s.srv.URL, "http://")
	var c collector
	w := c.watcher(s, state)
	st, err := w.Poll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{host + "/news/a", host + "/news/b", host + "/news/d", host + "/news/f", host + "/full/1"}
	if !slices.Equal(c.ids, want) {
		t.Fatalf("articles %q, want %q", c.ids, want)
	}
	if st.New != 5 || st.Failed != 2 || st.Feeds != 2 {
		t.Errorf("stats %+v", st)
	}
	// The page without a date is dated by its feed item.
	if a := c.arts[host+"/news/f"]; !a.Date.Equal(time.Date(2023, 3, 6, 8, 0, 0, 0, time.UTC)) || !a.HasTime {
		t.Errorf("news/f date %v", a.Date)
	}
	if a := c.arts[host+"/news/a"]; a.Source != "The Test Courier" || a.URL != "https://"+host+"/news/a" || a.Lang != "en" || !a.Date.Equal(time.Date(2023, 3, 10, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("news/a: %q %q %q %v", a.Source, a.URL, a.Lang, a.Date)
	}
	// The disallowed page and the one over the size limit are reported.
	if len(c.errs) != 2 || !errors.Is(c.errs[0], ErrDisallowed) || !errors.Is(c.errs[1], ErrBodyLimit) {
		t.Fatalf("errors %v", c.errs)
	}
	var ie *dateline.InputError
	if !errors.As(c.errs[0], &ie) || ie.File != s.srv.URL+"/private/c" {
		t.Errorf("error %v", c.errs[0])
	}

	ps := s.paths()
	if count(ps, "/robots.txt") != 1 || count(ps, "/private/c") != 0 || count(ps, "/news/d") != 3 || count(ps, "/full/1") != 0 {
		t.Errorf("requests %q", ps)
	}
	s.mu.Lock()
	for i, r := range s.requests {
		if r.ua != testUA {
			t.Errorf("request %s with User-Agent %q", r.path, r.ua)
		}
		if i > 0 {
			if gap := r.at.Sub(s.requests[i-1].at); gap < 18*time.Millisecond {
				t.Errorf("request %s only %v after the previous one", r.path, gap)
			}
		}
	}
	s.mu.Unlock()

	// A second poll: both feeds are unchanged (conditional GET), nothing new.
	c.ids = nil
	st, err = w.Poll(context.Background())
	if err != nil || len(c.ids) != 0 || st.NotModified != 2 {
		t.Fatalf("second poll: %v, articles %q, stats %+v", err, c.ids, st)
	}

	// A restarted watcher with the same state resumes: the feed has one
	// new item, and only that one is handed over.
	s.mu.Lock()
	s.version = 2
	s.mu.Unlock()
	var c2 collector
	w2 := c2.watcher(s, state)
	before := len(s.paths())
	st, err = w2.Poll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c2.ids, []string{host + "/news/g"}) || len(c2.errs) != 0 {
		t.Fatalf("after restart: articles %q errors %v", c2.ids, c2.errs)
	}
	after := s.paths()[before:]
	if count(after, "/news/a") != 0 || count(after, "/news/e") != 0 || count(after, "/private/c") != 0 {
		t.Errorf("after restart requested %q", after)
	}
	if st.Seen != 6 {
		t.Errorf("stats %+v", st)
	}
}

func TestWatcherHandleError(t *testing.T) {
	s := newSite(t)
	state := filepath.Join(t.TempDir(), "watch.json")
	var got []string
	boom := errors.New("store is down")
	w := &Watcher{Feeds: []string{s.srv.URL + "/feed.rss"}, Fetcher: testFetcher(), StatePath: state,
		Handle: func(_ context.Context, a *dateline.Article) error {
			if strings.HasSuffix(a.ID, "/news/b") {
				return boom
			}
			got = append(got, a.ID)
			return nil
		}}
	if _, err := w.Poll(context.Background()); !errors.Is(err, boom) {
		t.Fatalf("poll: %v", err)
	}
	// A new watcher goes on from b, and a is not handed over again.
	got = nil
	w2 := &Watcher{Feeds: w.Feeds, Fetcher: testFetcher(), StatePath: state,
		Handle: func(_ context.Context, a *dateline.Article) error { got = append(got, a.ID); return nil }}
	if _, err := w2.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || !strings.HasSuffix(got[0], "/news/b") || slices.ContainsFunc(got, func(id string) bool { return strings.HasSuffix(id, "/news/a") }) {
		t.Errorf("resumed with %q", got)
	}
}

func TestWatcherRun(t *testing.T) {
	s := newSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	polls := 0
	w := &Watcher{Feeds: []string{s.srv.URL + "/full.atom"}, Fetcher: testFetcher(), Interval: 30 * time.Millisecond,
		Handle: func(context.Context, *dateline.Article) error { return nil }}
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	deadline := time.After(5 * time.Second)
	for polls < 3 {
		select {
		case <-deadline:
			t.Fatal("watcher did not poll")
		case <-time.After(10 * time.Millisecond):
			polls = count(s.paths(), "/full.atom")
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
}

func TestFetcherRobotsUnavailable(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	s.robotsSC = 500
	f := testFetcher()
	f.Retries = -1
	if _, err := f.Get(ctx, s.srv.URL+"/news/a", Validators{}); !errors.Is(err, ErrDisallowed) {
		t.Errorf("robots.txt 500: %v", err)
	}
	s.mu.Lock()
	s.robotsSC, s.robots = 404, ""
	s.mu.Unlock()
	// The failure was not cached; a missing robots.txt allows everything.
	if _, err := f.Get(ctx, s.srv.URL+"/private/c", Validators{}); !errors.Is(err, ErrStatus) {
		t.Errorf("robots.txt 404, page 404: %v", err)
	}
	if r, err := f.Get(ctx, s.srv.URL+"/news/a", Validators{}); err != nil || r.Status != 200 || len(r.Body) == 0 {
		t.Errorf("robots.txt 404: %v", err)
	}
}

func TestFetcherRetryAfter(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		times = append(times, time.Now())
		n := len(times)
		mu.Unlock()
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	f := &Fetcher{HostDelay: -1, Backoff: time.Millisecond}
	r, err := f.Get(context.Background(), srv.URL+"/x", Validators{})
	if err != nil || string(r.Body) != "ok" {
		t.Fatalf("%v %v", r, err)
	}
	if len(times) != 2 || times[1].Sub(times[0]) < 900*time.Millisecond {
		t.Errorf("retried after %v", times[1].Sub(times[0]))
	}
	// Without retries the 429 is the answer.
	times = nil
	f = &Fetcher{HostDelay: -1, Retries: -1}
	if _, err := f.Get(context.Background(), srv.URL+"/x", Validators{}); !errors.Is(err, ErrStatus) {
		t.Errorf("no retries: %v", err)
	}
	// A cancelled context stops the wait.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	times = nil
	f = &Fetcher{HostDelay: -1, Backoff: time.Millisecond}
	if _, err := f.Get(ctx, srv.URL+"/x", Validators{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("cancelled: %v", err)
	}
}
