package web

import (
	"bufio"
	"fmt"
	"net/http"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dateline-news/dateline/library"
	"github.com/dateline-news/dateline/local"
)

// latencyBuckets are the upper bounds, in seconds, of the request latency
// histogram.
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// metrics are the server's counters, exposed in the Prometheus text format.
type metrics struct {
	started  time.Time
	inFlight atomic.Int64

	mu       sync.Mutex
	requests map[reqKey]int64
	latency  map[string]*histogram

	ingestRequests map[int]int64 // by status code
	ingest         library.IngestStats
}

type reqKey struct {
	route string
	code  int
}

type histogram struct {
	counts []int64 // one per bucket, not cumulative
	sum    float64
	count  int64
}

func newMetrics() *metrics {
	return &metrics{
		started:        time.Now(),
		requests:       make(map[reqKey]int64),
		latency:        make(map[string]*histogram),
		ingestRequests: make(map[int]int64),
	}
}

func (m *metrics) observe(route string, code int, d time.Duration) {
	sec := d.Seconds()
	i, _ := slices.BinarySearch(latencyBuckets, sec)
	m.mu.Lock()
	m.requests[reqKey{route, code}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]int64, len(latencyBuckets)+1)}
		m.latency[route] = h
	}
	h.counts[i]++
	h.sum += sec
	h.count++
	m.mu.Unlock()
}

func (m *metrics) observeIngest(code int, st library.IngestStats) {
	m.mu.Lock()
	m.ingestRequests[code]++
	m.ingest.Read += st.Read
	m.ingest.Inserted += st.Inserted
	m.ingest.Replaced += st.Replaced
	m.ingest.Unchanged += st.Unchanged
	m.ingest.Failed += st.Failed
	m.ingest.Duplicates += st.Duplicates
	m.ingest.Words += st.Words
	m.ingest.Bytes += st.Bytes
	m.ingest.Elapsed += st.Elapsed
	m.mu.Unlock()
}

// label quotes a Prometheus label value.
func label(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	m := s.metrics
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }

	m.mu.Lock()
	keys := make([]reqKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b reqKey) int {
		if c := strings.Compare(a.route, b.route); c != 0 {
			return c
		}
		return a.code - b.code
	})
	p("# HELP dateline_http_requests_total HTTP requests answered, by route and status code.\n")
	p("# TYPE dateline_http_requests_total counter\n")
	for _, k := range keys {
		p("dateline_http_requests_total{route=%s,code=\"%d\"} %d\n", label(k.route), k.code, m.requests[k])
	}
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	p("# HELP dateline_http_request_duration_seconds Time to answer HTTP requests, by route.\n")
	p("# TYPE dateline_http_request_duration_seconds histogram\n")
	for _, rt := range routes {
		h := m.latency[rt]
		var cum int64
		for i, le := range latencyBuckets {
			cum += h.counts[i]
			p("dateline_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n", label(rt), strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		cum += h.counts[len(latencyBuckets)]
		p("dateline_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", label(rt), cum)
		p("dateline_http_request_duration_seconds_sum{route=%s} %g\n", label(rt), h.sum)
		p("dateline_http_request_duration_seconds_count{route=%s} %d\n", label(rt), h.count)
	}
	p("# HELP dateline_ingest_requests_total Write API requests, by status code.\n")
	p("# TYPE dateline_ingest_requests_total counter\n")
	codes := make([]int, 0, len(m.ingestRequests))
	for c := range m.ingestRequests {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		p("dateline_ingest_requests_total{code=\"%d\"} %d\n", c, m.ingestRequests[c])
	}
	in := m.ingest
	m.mu.Unlock()
	p("# HELP dateline_ingest_articles_total Articles received by the write API, by outcome.\n")
	p("# TYPE dateline_ingest_articles_total counter\n")
	for _, kv := range []struct {
		k string
		v int
	}{{"inserted", in.Inserted}, {"replaced", in.Replaced}, {"unchanged", in.Unchanged}, {"duplicate", in.Duplicates}, {"failed", in.Failed}} {
		p("dateline_ingest_articles_total{outcome=%q} %d\n", kv.k, kv.v)
	}
	p("# HELP dateline_ingest_words_total Words analysed by the write API.\n# TYPE dateline_ingest_words_total counter\ndateline_ingest_words_total %d\n", in.Words)
	p("# HELP dateline_ingest_seconds_total Time spent ingesting by the write API.\n# TYPE dateline_ingest_seconds_total counter\ndateline_ingest_seconds_total %g\n", in.Elapsed.Seconds())

	p("# HELP dateline_http_requests_in_flight Requests being answered.\n# TYPE dateline_http_requests_in_flight gauge\ndateline_http_requests_in_flight %d\n", m.inFlight.Load())
	if st, err := s.statsNow(r.Context()); err == nil {
		p("# HELP dateline_store_articles Articles in the store.\n# TYPE dateline_store_articles gauge\ndateline_store_articles %d\n", st.Articles)
		p("# HELP dateline_store_annotations Annotations in the store, by layer.\n# TYPE dateline_store_annotations gauge\n")
		for _, kv := range []struct {
			k string
			v int64
		}{{"sentences", st.Sentences}, {"entities", st.Entities}, {"timexes", st.Timexes}, {"quotes", st.Quotes}, {"events", st.Events}} {
			p("dateline_store_annotations{layer=%q} %d\n", kv.k, kv.v)
		}
		p("# HELP dateline_store_text_bytes Bytes of article text in the store.\n# TYPE dateline_store_text_bytes gauge\ndateline_store_text_bytes %d\n", st.Bytes)
		p("# HELP dateline_store_seq Last store sequence number.\n# TYPE dateline_store_seq gauge\ndateline_store_seq %d\n", st.Seq)
	}
	if size, ok := s.stats.size(s.opts.Dir); ok {
		p("# HELP dateline_store_size_bytes Bytes used by the store directory on disk.\n# TYPE dateline_store_size_bytes gauge\ndateline_store_size_bytes %d\n", size)
	}
	if s.cache != nil {
		n, size, hits, misses := s.cache.stats()
		p("# HELP dateline_cache_requests_total Read requests the response cache was asked for, by result.\n# TYPE dateline_cache_requests_total counter\n")
		p("dateline_cache_requests_total{result=\"hit\"} %d\ndateline_cache_requests_total{result=\"miss\"} %d\n", hits, misses)
		p("# HELP dateline_cache_entries Answers in the response cache.\n# TYPE dateline_cache_entries gauge\ndateline_cache_entries %d\n", n)
		p("# HELP dateline_cache_bytes Bytes in the response cache.\n# TYPE dateline_cache_bytes gauge\ndateline_cache_bytes %d\n", size)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	p("# HELP go_goroutines Goroutines that exist.\n# TYPE go_goroutines gauge\ngo_goroutines %d\n", runtime.NumGoroutine())
	p("# HELP go_memstats_heap_alloc_bytes Heap bytes allocated and in use.\n# TYPE go_memstats_heap_alloc_bytes gauge\ngo_memstats_heap_alloc_bytes %d\n", ms.HeapAlloc)
	p("# HELP process_start_time_seconds Start time of the process since the Unix epoch.\n# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds %d\n", m.started.Unix())
}

// sizeOf returns the size of the store directory, cached for a minute.
func (c *statsCache) size(dir string) (int64, bool) {
	if dir == "" {
		return 0, false
	}
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		dir = d
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.sizeAt) > time.Minute || c.sizeAt.IsZero() {
		n, err := local.Size(dir)
		if err != nil {
			return 0, false
		}
		c.sizeBytes, c.sizeAt = n, time.Now()
	}
	return c.sizeBytes, true
}
