package web

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
)

// contentSecurityPolicy allows scripts, styles and images only from the
// server itself: no inline script, no inline event handler, no eval. The
// pages use no inline styles either, so markup that slipped into a page
// could neither run nor restyle it.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Flush lets streamed exports reach the client as they are written.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		if w.status == 0 {
			w.status = http.StatusOK
		}
		f.Flush()
	}
}

func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if h, ok := w.ResponseWriter.(http.Hijacker); ok {
		return h.Hijack()
	}
	return nil, nil, errors.New("hijacking not supported")
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// middleware adds security headers, recovers from panics, records metrics
// and writes one structured access log line per request.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		sw := &statusWriter{ResponseWriter: w}
		s.metrics.inFlight.Add(1)
		defer func() {
			s.metrics.inFlight.Add(-1)
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if sw.status == 0 {
					writeError(sw, http.StatusInternalServerError, "internal error")
				}
			}
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			d := time.Since(start)
			pattern := r.Pattern
			if pattern == "" || pattern == "/" {
				pattern = "unmatched"
			}
			s.metrics.observe(pattern, status, d)
			s.log.Info("request",
				"method", r.Method,
				"path", r.URL.Path,
				"query", r.URL.RawQuery,
				"route", pattern,
				"status", status,
				"bytes", sw.bytes,
				"ms", float64(d.Microseconds())/1000,
				"remote", r.RemoteAddr,
			)
		}()
		next.ServeHTTP(sw, r)
	})
}

// captureWriter passes a response through while keeping a copy of it.
type captureWriter struct {
	http.ResponseWriter
	status int
	header http.Header
	body   []byte
	limit  int
	over   bool
}

func (w *captureWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		w.header = w.ResponseWriter.Header().Clone()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *captureWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if !w.over {
		if len(w.body)+len(b) > w.limit {
			w.over, w.body = true, nil
		} else {
			w.body = append(w.body, b...)
		}
	}
	return w.ResponseWriter.Write(b)
}

// cacheHeaders are the response headers a cached answer keeps.
var cacheHeaders = []string{"Content-Type", "ETag", "X-Dateline-Analysis", "Cache-Control"}

// cached answers a read request from the response cache when it can, and
// caches the successful answers of h. Streamed exports are not cached.
func (s *Server) cached(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.cache == nil {
			h(w, r)
			return
		}
		q := r.URL.Query()
		if f := q.Get("format"); f == "csv" || f == "jsonl" {
			h(w, r)
			return
		}
		key := r.URL.Path + "?" + q.Encode()
		if c := s.cache.get(key); c != nil {
			hd := w.Header()
			for k, v := range c.header {
				hd[k] = v
			}
			hd.Set("X-Cache", "hit")
			if etag := c.header.Get("ETag"); etag != "" && strings.Contains(r.Header.Get("If-None-Match"), etag) {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Write(c.body)
			return
		}
		w.Header().Set("X-Cache", "miss")
		gen := s.cache.generation()
		cw := &captureWriter{ResponseWriter: w, limit: int(s.cache.max / 8)}
		h(cw, r)
		if cw.status == http.StatusOK && !cw.over && r.Context().Err() == nil {
			kept := http.Header{}
			for _, k := range cacheHeaders {
				if v := cw.header.Values(k); len(v) > 0 {
					kept[http.CanonicalHeaderKey(k)] = v
				}
			}
			s.cache.put(key, &cachedResponse{header: kept, body: cw.body}, gen)
		}
	}
}
