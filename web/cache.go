package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/dateline-news/dateline"
)

// statsCache keeps the corpus counts, which cost a scan of the store, for a
// few seconds.
type statsCache struct {
	ttl time.Duration

	mu        sync.Mutex
	st        dateline.Stats
	at        time.Time
	sizeBytes int64
	sizeAt    time.Time
}

func (c *statsCache) invalidate() {
	c.mu.Lock()
	c.at, c.sizeAt = time.Time{}, time.Time{}
	c.mu.Unlock()
}

// statsNow returns the corpus counts, at most the cache's TTL old.
func (s *Server) statsNow(ctx context.Context) (dateline.Stats, error) {
	c := &s.stats
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && time.Since(c.at) < c.ttl {
		return c.st, nil
	}
	st, err := s.lib.Store.Stats(ctx)
	if err != nil {
		return st, err
	}
	c.st, c.at = st, time.Now()
	return st, nil
}

// facts are what the server needs of one article's layers to filter and
// facet result lists: much smaller than the article.
type facts struct {
	Day      string
	Lang     string
	Entities []entityRef // distinct canonical names with their type
	Mentions []string    // the canonical name of every entity mention, in order (story grouping weighs repeats)
	Speakers []string    // distinct quote speakers
	Events   []dateline.Event
}

type entityRef struct {
	Name, Type string
}

func factsOf(d *dateline.Doc) *facts {
	f := &facts{Day: d.Day(), Lang: d.Lang, Events: d.Events}
	seen := make(map[entityRef]bool)
	f.Mentions = make([]string, 0, len(d.Entities))
	for _, e := range d.Entities {
		f.Mentions = append(f.Mentions, e.Entity)
		k := entityRef{e.Entity, e.Type}
		if k.Name != "" && !seen[k] {
			seen[k] = true
			f.Entities = append(f.Entities, k)
		}
	}
	for _, q := range d.Quotes {
		if q.Speaker != "" && !slices.Contains(f.Speakers, q.Speaker) {
			f.Speakers = append(f.Speakers, q.Speaker)
		}
	}
	return f
}

// factCache holds the facts of articles read recently. It is emptied on
// every write, and when it grows past max.
type factCache struct {
	max int
	mu  sync.RWMutex
	m   map[string]*facts
	gen int // bumped by clear
}

func newFactCache(max int) *factCache { return &factCache{max: max, m: make(map[string]*facts)} }

func (c *factCache) clear() {
	c.mu.Lock()
	c.m = make(map[string]*facts)
	c.gen++
	c.mu.Unlock()
}

// factsFor returns the facts of the ids that exist, reading from the store
// those not in the cache, a few at a time.
func (s *Server) factsFor(ctx context.Context, ids []string) (map[string]*facts, error) {
	out := make(map[string]*facts, len(ids))
	var missing []string
	s.facts.mu.RLock()
	gen := s.facts.gen
	for _, id := range ids {
		if f, ok := s.facts.m[id]; ok {
			out[id] = f
		} else {
			missing = append(missing, id)
		}
	}
	s.facts.mu.RUnlock()
	if len(missing) == 0 {
		return out, nil
	}
	const workers = 4
	type res struct {
		id  string
		f   *facts
		err error
	}
	jobs := make(chan string)
	results := make(chan res)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for range min(workers, len(missing)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range jobs {
				st, err := s.lib.Store.Get(ctx, id)
				r := res{id: id, err: err}
				if err == nil {
					r.f = factsOf(st.Doc)
				} else if errors.Is(err, dateline.ErrNotFound) {
					r.err = nil
				}
				select {
				case results <- r:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, id := range missing {
			select {
			case jobs <- id:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	var firstErr error
	fresh := make(map[string]*facts, len(missing))
	for r := range results {
		switch {
		case r.err != nil && firstErr == nil:
			firstErr = r.err
			cancel()
		case r.f != nil:
			fresh[r.id] = r.f
			out[r.id] = r.f
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.facts.mu.Lock()
	defer s.facts.mu.Unlock()
	if gen != s.facts.gen {
		return out, nil // read before a write: used once, not kept
	}
	if len(s.facts.m)+len(fresh) > s.facts.max {
		s.facts.m = make(map[string]*facts)
	}
	for id, f := range fresh {
		s.facts.m[id] = f
	}
	return out, nil
}

// nameCache remembers what entity names stand for (Library.EntityNames),
// which costs a store query that can be slow on a large corpus. It is
// emptied on every write.
type nameCache struct {
	mu       sync.RWMutex
	m        map[string][]string
	inflight map[string]*nameCall // lookups under way, shared by the requests that want them
	gen      int                  // bumped by clear, so a lookup begun before a write is not kept
}

type nameCall struct {
	done  chan struct{}
	names []string
	err   error
}

const maxNames = 10000

// entityNames is Library.EntityNames through the cache.
func (s *Server) entityNames(ctx context.Context, name string) ([]string, error) {
	c := &s.names
	c.mu.RLock()
	names, ok := c.m[name]
	c.mu.RUnlock()
	if ok {
		return names, nil
	}
	c.mu.Lock()
	if names, ok := c.m[name]; ok {
		c.mu.Unlock()
		return names, nil
	}
	if call := c.inflight[name]; call != nil {
		c.mu.Unlock()
		select {
		case <-call.done:
			return call.names, call.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	call := &nameCall{done: make(chan struct{})}
	if c.inflight == nil {
		c.inflight = make(map[string]*nameCall)
	}
	c.inflight[name] = call
	gen := c.gen
	c.mu.Unlock()

	// The lookup is not cut short when this request goes away: others may
	// be waiting for it.
	call.names, call.err = s.lib.EntityNames(context.WithoutCancel(ctx), name)
	c.mu.Lock()
	delete(c.inflight, name)
	if call.err == nil && gen == c.gen {
		if c.m == nil || len(c.m) >= maxNames {
			c.m = make(map[string][]string)
		}
		c.m[name] = call.names
	}
	c.mu.Unlock()
	close(call.done)
	return call.names, call.err
}

func (c *nameCache) clear() {
	c.mu.Lock()
	c.m = nil
	c.gen++
	c.mu.Unlock()
}

// responseCache keeps the bodies of successful answers to read requests,
// keyed by the path and the query (its parameters sorted), up to a number
// of bytes. Every write through the server empties it, and the server is
// the only writer while it has the store open (the search index is locked
// to one process), so a cached answer is the answer the store would give.
type responseCache struct {
	max int64

	mu    sync.Mutex
	m     map[string]*cachedResponse
	order []string // keys in insertion order, for eviction
	size  int64
	hits  int64
	miss  int64
	gen   int // bumped by clear
}

// generation returns the cache's generation, to pass to put.
func (c *responseCache) generation() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

type cachedResponse struct {
	header http.Header
	body   []byte
}

// DefaultCacheBytes is the size of the response cache when
// Options.CacheBytes is zero.
const DefaultCacheBytes = 64 << 20

func (c *responseCache) get(key string) *cachedResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.m[key]
	if r != nil {
		c.hits++
	} else {
		c.miss++
	}
	return r
}

// put caches r under key, unless the cache was emptied since generation
// gen (the answer may predate a write).
func (c *responseCache) put(key string, r *cachedResponse, gen int) {
	n := int64(len(r.body) + len(key))
	if n > c.max/8 {
		return // too big to be worth it
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.m == nil {
		c.m = make(map[string]*cachedResponse)
	}
	if _, ok := c.m[key]; ok {
		return
	}
	for c.size+n > c.max && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		if o := c.m[old]; o != nil {
			c.size -= int64(len(o.body) + len(old))
			delete(c.m, old)
		}
	}
	c.m[key] = r
	c.order = append(c.order, key)
	c.size += n
}

func (c *responseCache) clear() {
	c.mu.Lock()
	c.m, c.order, c.size = nil, nil, 0
	c.gen++
	c.mu.Unlock()
}

func (c *responseCache) stats() (entries int, bytes, hits, misses int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m), c.size, c.hits, c.miss
}
