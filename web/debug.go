package web

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// DebugHandler serves the Go runtime's profiles (net/http/pprof) under
// /debug/pprof/: CPU and heap profiles, goroutines, execution traces. It
// exposes the process's internals, so serve it on a separate, loopback
// address (dateline serve --debug-addr).
func DebugHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// ServeDebug serves DebugHandler on ln until ctx is done. Profiles run for
// up to a minute, so shutting down waits no longer than that.
func ServeDebug(ctx context.Context, ln net.Listener, log *slog.Logger) error {
	log.Info("serving profiles", "addr", "http://"+ln.Addr().String()+"/debug/pprof/")
	return serve(ctx, ln, DebugHandler(), log, time.Minute)
}
