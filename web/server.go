// Package web serves a dateline store over HTTP: a JSON API (documented by
// the OpenAPI file at /api/openapi.json), CSV and JSONL exports, a write API
// for ingesting articles, Prometheus metrics, and a web UI of server-rendered
// HTML pages with a little CSS and JavaScript, all embedded in the binary.
//
// Every string that comes from the store (article text, titles, names,
// quotes) reaches the browser through html/template or through
// template.HTMLEscapeString, and every page is served with a
// Content-Security-Policy that forbids inline scripts, so markup in a news
// article is shown as text and never runs.
//
// The server reads the store through the dateline.Store and dateline.Index
// interfaces (via a library.Library). Where the store has no query for what
// a page shows (facets, entity timelines, co-occurrence, event listings), the
// server derives it from the existing queries and the stored layers of the
// articles concerned, and says so in the response when the answer covers
// only part of the corpus.
package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/dateline-news/dateline/dedup"
	"github.com/dateline-news/dateline/library"
	"github.com/dateline-news/dateline/pipeline"
)

// DefaultMaxBody is the largest request body the write API accepts when
// Options.MaxBody is not set: 32 MiB.
const DefaultMaxBody = 32 << 20

// Options configure a Server.
type Options struct {
	// Library is the store and index served. Required.
	Library *library.Library
	// Dir is the store directory, for the store size metric ("" = unknown).
	Dir string
	// Log receives access logs and errors (nil = discard).
	Log *slog.Logger
	// Token is the bearer token the write API requires. Empty turns the
	// write API off.
	Token string
	// MaxBody is the largest write request body in bytes (default
	// DefaultMaxBody).
	MaxBody int64
	// Pipeline analyses articles posted to the write API (default
	// pipeline.Default(), loaded on first use).
	Pipeline *pipeline.Pipeline
	// Version is shown in the page footer and /healthz.
	Version string
	// CacheBytes bounds the cache of answers to read requests (default
	// DefaultCacheBytes; negative: no cache).
	CacheBytes int64
}

// Server is the HTTP server of a dateline store. It is an http.Handler.
type Server struct {
	opts       Options
	lib        *library.Library
	log        *slog.Logger
	handler    http.Handler
	routes     []route
	metrics    *metrics
	pages      map[string]*template.Template
	assets     map[string]string // static file name -> content hash, for cache busting
	stats      statsCache
	facts      *factCache
	names      nameCache
	storyCache storyCache
	cache      *responseCache // nil: no cache

	ingestMu sync.Mutex // one write request at a time
	pipeOnce sync.Once
	pipe     *pipeline.Pipeline
	hasher   *dedup.Hasher
	pipeErr  error
}

// route is one registered handler. API routes are documented in the
// OpenAPI file; a test checks that the two agree.
type route struct {
	method  string
	path    string // ServeMux path pattern
	api     bool   // documented in openapi.json
	handler http.HandlerFunc
}

// New returns a server for opts.
func New(opts Options) (*Server, error) {
	if opts.Library == nil {
		return nil, errors.New("web: no library")
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		opts:    opts,
		lib:     opts.Library,
		log:     opts.Log,
		metrics: newMetrics(),
		facts:   newFactCache(50000),
	}
	s.stats.ttl = 15 * time.Second
	switch {
	case opts.CacheBytes == 0:
		s.cache = &responseCache{max: DefaultCacheBytes}
	case opts.CacheBytes > 0:
		s.cache = &responseCache{max: opts.CacheBytes}
	}
	s.pipe = opts.Pipeline
	if err := s.loadAssets(); err != nil {
		return nil, err
	}
	if err := s.loadTemplates(); err != nil {
		return nil, err
	}
	s.routes = []route{
		{"GET", "/healthz", true, s.handleHealth},
		{"GET", "/metrics", true, s.handleMetrics},
		{"GET", "/api/openapi.json", true, s.handleOpenAPI},
		{"GET", "/api/search", true, s.cached(s.apiSearch)},
		{"GET", "/api/articles/{id...}", true, s.cached(s.apiArticle)},
		{"POST", "/api/articles", true, s.apiIngest},
		{"GET", "/api/entities", true, s.apiEntities},
		{"GET", "/api/entities/{name...}", true, s.cached(s.apiEntity)},
		{"GET", "/api/quotes", true, s.apiQuotes},
		{"GET", "/api/events", true, s.apiEvents},
		{"GET", "/api/stories", true, s.cached(s.apiStories)},
		{"GET", "/api/stats", true, s.apiStats},

		{"GET", "/{$}", false, s.cached(s.pageSearch)},
		{"GET", "/articles/{id...}", false, s.cached(s.pageArticle)},
		{"GET", "/entities", false, s.pageEntities},
		{"GET", "/entities/{name...}", false, s.cached(s.pageEntity)},
		{"GET", "/quotes", false, s.pageQuotes},
		{"GET", "/events", false, s.pageEvents},
		{"GET", "/stories", false, s.cached(s.pageStories)},
		{"GET", "/static/{file...}", false, s.handleStatic},
	}
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		mux.HandleFunc(rt.method+" "+rt.path, rt.handler)
	}
	mux.HandleFunc("/", s.handleNotFound)
	s.handler = s.middleware(mux)
	return s, nil
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// ListenAndServe listens on addr and serves until ctx is done, then shuts
// down gracefully: it stops accepting connections and waits (up to 15
// seconds) for the requests in flight to finish.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is done, then shuts down gracefully.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	s.log.Info("serving", "addr", "http://"+ln.Addr().String(), "write_api", s.opts.Token != "")
	return serve(ctx, ln, s, s.log, 15*time.Second)
}

// serve runs an http.Server on ln until ctx is done, then shuts it down,
// giving requests in flight up to grace to finish.
func serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger, grace time.Duration) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", grace)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = errors.Join(fmt.Errorf("requests still running after %s: closed", grace), srv.Close())
	}
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if err == nil {
		log.Info("stopped")
	}
	return err
}

// InvalidateCaches forgets what the server derived from the store. The
// write API calls it after every ingest; a program that writes to the
// store through the same Library otherwise should call it too.
func (s *Server) InvalidateCaches() {
	s.facts.clear()
	s.stats.invalidate()
	s.names.clear()
	s.storyCache.clear()
	if s.cache != nil {
		s.cache.clear()
	}
}

func hashBytes(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:6])
}

// subFS returns the sub-tree dir of fsys, panicking on a bad name (the
// names are constants).
func subFS(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}
