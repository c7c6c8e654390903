package main

import (
	"fmt"
	"net"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/dateline-news/dateline/web"
)

func (e *env) serveCmd() *cobra.Command {
	var (
		addr    string
		token   string
		maxBody int64
		cacheMB int
		debugAt string
	)
	cmd := &cobra.Command{
		Use:   "serve [flags]",
		Short: "Serve the store to a browser and to other programs over HTTP",
		Long: `serve opens the store and answers over HTTP until interrupted (SIGINT or
SIGTERM), then finishes the requests in flight and exits.

  /                    the web UI: search with facets, articles with their layers
                       highlighted, entities with a timeline, quotes, events
  /api/...             the JSON API, described by /api/openapi.json; every list
                       also streams as CSV or JSONL with format=csv|jsonl
  POST /api/articles   the write API: ingest JSONL or a line-format article;
                       needs --token (or $DATELINE_TOKEN) and is off without one
  /healthz, /metrics   liveness and Prometheus metrics

With --debug-addr, a second listener serves the Go runtime's profiles
(CPU, heap, goroutines, traces) for 'go tool pprof'.

The read API and the UI need no login: keep --addr on loopback (the default)
and put a reverse proxy in front for anything more (see web/README.md).
Access logs go to standard error, one structured line per request.`,
		Example: `  dateline serve
  dateline serve --addr 127.0.0.1:9000 --db /data/news.db
  DATELINE_TOKEN=s3cret dateline serve
  curl -H "Authorization: Bearer s3cret" -H "Content-Type: application/x-ndjson" \
       --data-binary @wire.jsonl http://127.0.0.1:8080/api/articles`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if token == "" {
				token = e.getenv("DATELINE_TOKEN")
			}
			if maxBody < 1 {
				return usageError{fmt.Errorf("--max-body must be positive")}
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return err
			}
			if host, _, err := net.SplitHostPort(addr); err == nil {
				if ip := net.ParseIP(host); host == "" || (ip != nil && !ip.IsLoopback()) {
					e.log.Warn("the read API and UI need no login and are listening beyond loopback; put an authenticating proxy in front", "addr", addr)
				}
			}
			lib, err := e.open(ctx, true)
			if err != nil {
				ln.Close()
				return err
			}
			defer lib.Close()
			version := "(devel)"
			if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
				version = bi.Main.Version
			}
			srv, err := web.New(web.Options{
				Library: lib,
				Dir:     e.dbPath(),
				Log:     e.log,
				Token:   token,
				MaxBody: maxBody,
				Version: version,
				CacheBytes: func() int64 {
					if cacheMB <= 0 {
						return -1
					}
					return int64(cacheMB) << 20
				}(),
			})
			if err != nil {
				ln.Close()
				return err
			}
			if debugAt != "" {
				dln, err := net.Listen("tcp", debugAt)
				if err != nil {
					ln.Close()
					return fmt.Errorf("--debug-addr: %w", err)
				}
				if a, ok := dln.Addr().(*net.TCPAddr); !ok || !a.IP.IsLoopback() {
					e.log.Warn("the profiles expose the process's internals and are listening beyond loopback", "addr", debugAt)
				}
				errc := make(chan error, 1)
				go func() { errc <- web.ServeDebug(ctx, dln, e.log) }()
				defer func() {
					if err := <-errc; err != nil {
						e.log.Warn("profile server", "err", err)
					}
				}()
			}
			fmt.Fprintf(e.stderr, "dateline: serving %s on http://%s/ (Ctrl-C to stop)\n", e.dbPath(), ln.Addr())
			return srv.Serve(ctx, ln)
		},
	}
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
	f.StringVar(&token, "token", "", "bearer `TOKEN` for the write API (default $DATELINE_TOKEN; none: the write API is off)")
	f.Int64Var(&maxBody, "max-body", web.DefaultMaxBody, "largest write request body in `BYTES`")
	f.StringVar(&debugAt, "debug-addr", "", "also serve Go profiles (net/http/pprof) at `HOST:PORT`/debug/pprof/; keep it on loopback")
	f.IntVar(&cacheMB, "cache", web.DefaultCacheBytes>>20, "`MiB` of answers to read requests to keep (0: no cache); every write empties it")
	return cmd
}
