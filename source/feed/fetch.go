package feed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults of a Fetcher.
const (
	DefaultUserAgent  = "datelinebot/1.0 (+https://github.com/dateline-news/dateline)"
	DefaultHostDelay  = time.Second
	DefaultFetchBytes = 8 << 20
	DefaultRetries    = 3
	DefaultBackoff    = time.Second
	DefaultRobotsTTL  = 24 * time.Hour
	DefaultTimeout    = 30 * time.Second
	maxCrawlDelay     = time.Minute
	maxRetryAfter     = 5 * time.Minute
)

// Errors of a fetch, wrapped in the errors Fetcher.Get returns.
var (
	ErrDisallowed = errors.New("disallowed by robots.txt")
	ErrBodyLimit  = errors.New("response larger than the size limit")
	ErrStatus     = errors.New("unexpected HTTP status")
)

// A Fetcher gets pages politely: it sends a User-Agent that names it,
// obeys robots.txt (cached per host), waits between two requests to the
// same host (the larger of HostDelay and the site's Crawl-delay), makes
// conditional requests, retries network errors, 429 and 5xx with
// exponential backoff (honouring Retry-After), and refuses responses larger
// than MaxBytes. The zero value is ready to use with the defaults. A Fetcher
// is safe for concurrent use.
type Fetcher struct {
	Client    *http.Client  // nil: a client with a DefaultTimeout timeout
	UserAgent string        // "": DefaultUserAgent; its first word is the robots.txt token
	HostDelay time.Duration // least time between two requests to one host; 0: DefaultHostDelay, <0: none
	MaxBytes  int64         // largest response body; 0: DefaultFetchBytes
	Retries   int           // retries after the first try; 0: DefaultRetries, <0: none
	Backoff   time.Duration // wait before the first retry, doubled for each next one; 0: DefaultBackoff
	RobotsTTL time.Duration // how long a robots.txt is cached; 0: DefaultRobotsTTL

	mu       sync.Mutex
	hosts    map[string]*hostState
	defaultC *http.Client
}

// hostState is what the fetcher knows of one host.
type hostState struct {
	mu      sync.Mutex // serialises requests to the host
	next    time.Time  // earliest time of the next request
	robots  *Robots
	fetched time.Time // when robots was fetched
}

// Validators make a GET conditional: the ETag and Last-Modified of the
// version the caller has.
type Validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// Response is a fetched page.
type Response struct {
	URL         string     // address after redirects
	Status      int        // HTTP status: 200, or 304 when NotModified
	NotModified bool       // the caller's version is current; Body is empty
	Body        []byte     // at most MaxBytes
	ContentType string     // the Content-Type header
	Validators  Validators // of this version, for the next conditional GET
	Time        time.Time  // when it was fetched
}

func (f *Fetcher) client() *http.Client {
	if f.Client != nil {
		return f.Client
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.defaultC == nil {
		f.defaultC = &http.Client{Timeout: DefaultTimeout}
	}
	return f.defaultC
}

func (f *Fetcher) userAgent() string {
	if f.UserAgent == "" {
		return DefaultUserAgent
	}
	return f.UserAgent
}

// token is the product token robots.txt groups are matched against.
func (f *Fetcher) token() string {
	ua := f.userAgent()
	if i := strings.IndexAny(ua, "/ "); i >= 0 {
		ua = ua[:i]
	}
	return ua
}

func (f *Fetcher) hostDelay() time.Duration {
	switch {
	case f.HostDelay < 0:
		return 0
	case f.HostDelay == 0:
		return DefaultHostDelay
	}
	return f.HostDelay
}

func (f *Fetcher) maxBytes() int64 {
	if f.MaxBytes <= 0 {
		return DefaultFetchBytes
	}
	return f.MaxBytes
}

func (f *Fetcher) retries() int {
	switch {
	case f.Retries < 0:
		return 0
	case f.Retries == 0:
		return DefaultRetries
	}
	return f.Retries
}

func (f *Fetcher) backoff() time.Duration {
	if f.Backoff <= 0 {
		return DefaultBackoff
	}
	return f.Backoff
}

func (f *Fetcher) robotsTTL() time.Duration {
	if f.RobotsTTL <= 0 {
		return DefaultRobotsTTL
	}
	return f.RobotsTTL
}

func (f *Fetcher) host(key string) *hostState {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.hosts == nil {
		f.hosts = make(map[string]*hostState)
	}
	h := f.hosts[key]
	if h == nil {
		h = &hostState{}
		f.hosts[key] = h
	}
	return h
}

// Get fetches the address u. With validators from an earlier response, the
// request is conditional, and an unchanged page is a Response with
// NotModified set. A page robots.txt disallows is an error wrapping
// ErrDisallowed, without a request for it; a status other than 200 and 304
// after the retries is an error wrapping ErrStatus; a body over the limit,
// one wrapping ErrBodyLimit.
func (f *Fetcher) Get(ctx context.Context, u string, v Validators) (*Response, error) {
	pu, err := url.Parse(u)
	if err != nil {
		return nil, err
	}
	if pu.Scheme != "http" && pu.Scheme != "https" || pu.Host == "" {
		return nil, fmt.Errorf("%s: not an http or https address", u)
	}
	h := f.host(pu.Scheme + "://" + pu.Host)
	h.mu.Lock()
	defer h.mu.Unlock()
	robots, err := f.robots(ctx, pu, h)
	if err != nil {
		return nil, err
	}
	if !robots.Allowed(pu.RequestURI()) {
		return nil, fmt.Errorf("%s: %w", u, ErrDisallowed)
	}
	return f.get(ctx, u, v, h)
}

// robots returns the robots.txt rules of the host of u, fetching them when
// they are not cached or have expired. The host's lock is held.
func (f *Fetcher) robots(ctx context.Context, u *url.URL, h *hostState) (*Robots, error) {
	if h.robots != nil && time.Since(h.fetched) < f.robotsTTL() {
		return h.robots, nil
	}
	ru := url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	resp, err := f.get(ctx, ru.String(), Validators{}, h)
	var r *Robots
	switch {
	case err == nil:
		r = ParseRobots(resp.Body, f.token())
	case errors.Is(err, ErrBodyLimit):
		// A robots.txt that large is broken; RFC 9309 says to read the
		// first 500 KiB, but the fetcher's limit is higher than that.
		r = &Robots{}
	case ctx.Err() != nil:
		return nil, ctx.Err()
	default:
		var se *statusError
		if errors.As(err, &se) && se.code >= 400 && se.code < 500 {
			r = &Robots{} // no robots.txt: everything is allowed
			break
		}
		// The site is unreachable or failing: RFC 9309 says to assume
		// complete disallow. Do not cache it.
		return nil, fmt.Errorf("%s: robots.txt unavailable (%v): %w", u.Host, err, ErrDisallowed)
	}
	if r.CrawlDelay > maxCrawlDelay {
		r.CrawlDelay = maxCrawlDelay
	}
	h.robots, h.fetched = r, time.Now()
	return r, nil
}

// statusError is an HTTP status the fetcher did not expect.
type statusError struct {
	url  string
	code int
}

func (e *statusError) Error() string {
	return fmt.Sprintf("%s: %s: %d %s", e.url, ErrStatus, e.code, http.StatusText(e.code))
}

func (e *statusError) Unwrap() error { return ErrStatus }

// get fetches u with retries, waiting for the host's turn before each try.
// The host's lock is held.
func (f *Fetcher) get(ctx context.Context, u string, v Validators, h *hostState) (*Response, error) {
	wait := f.backoff()
	for try := 0; ; try++ {
		if err := sleepUntil(ctx, h.next); err != nil {
			return nil, err
		}
		resp, retryAfter, err := f.once(ctx, u, v)
		delay := f.hostDelay()
		if h.robots != nil {
			delay = max(delay, h.robots.CrawlDelay)
		}
		h.next = time.Now().Add(delay)
		if err == nil || retryAfter < 0 || try >= f.retries() || ctx.Err() != nil {
			return resp, err
		}
		// Back off: the larger of the doubling wait, with up to a quarter of
		// jitter, and what the server asked for.
		d := wait + time.Duration(rand.Int64N(int64(wait/4)+1))
		d = max(d, min(retryAfter, maxRetryAfter))
		if t := time.Now().Add(d); t.After(h.next) {
			h.next = t
		}
		wait *= 2
	}
}

// once makes one request. retryAfter is negative when the error is not worth
// a retry, else the least wait the server asked for (0 if none).
func (f *Fetcher) once(ctx context.Context, u string, v Validators) (resp *Response, retryAfter time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, -1, err
	}
	req.Header.Set("User-Agent", f.userAgent())
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5")
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	hr, err := f.client().Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, -1, ctx.Err()
		}
		return nil, 0, err // network errors are worth a retry
	}
	defer hr.Body.Close()
	r := &Response{
		URL:         hr.Request.URL.String(),
		Status:      hr.StatusCode,
		ContentType: hr.Header.Get("Content-Type"),
		Validators:  Validators{ETag: hr.Header.Get("ETag"), LastModified: hr.Header.Get("Last-Modified")},
		Time:        time.Now(),
	}
	switch code := hr.StatusCode; {
	case code == http.StatusNotModified:
		r.NotModified = true
		if r.Validators == (Validators{}) {
			r.Validators = v
		}
		return r, 0, nil
	case code == http.StatusOK:
	case code == http.StatusTooManyRequests || code >= 500:
		io.Copy(io.Discard, io.LimitReader(hr.Body, 64<<10))
		return nil, parseRetryAfter(hr.Header.Get("Retry-After")), &statusError{u, code}
	default:
		io.Copy(io.Discard, io.LimitReader(hr.Body, 64<<10))
		return nil, -1, &statusError{u, code}
	}
	limit := f.maxBytes()
	if hr.ContentLength > limit {
		return nil, -1, fmt.Errorf("%s: %w: %d bytes, limit %d", u, ErrBodyLimit, hr.ContentLength, limit)
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(hr.Body, limit+1)); err != nil {
		if ctx.Err() != nil {
			return nil, -1, ctx.Err()
		}
		return nil, 0, fmt.Errorf("%s: read: %w", u, err)
	}
	if int64(buf.Len()) > limit {
		return nil, -1, fmt.Errorf("%s: %w: limit %d", u, ErrBodyLimit, limit)
	}
	r.Body = buf.Bytes()
	return r, 0, nil
}

// parseRetryAfter parses a Retry-After header: seconds or an HTTP date.
func parseRetryAfter(s string) time.Duration {
	if s == "" {
		return 0
	}
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(s); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

// sleepUntil waits until t or until ctx is done.
func sleepUntil(ctx context.Context, t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
