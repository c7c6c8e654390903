package web

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestDebugHandler(t *testing.T) {
	h := DebugHandler()
	if rec := get(t, h, "/debug/pprof/"); rec.Code != 200 || !strings.Contains(rec.Body.String(), "goroutine") {
		t.Errorf("profile index: %d %.200s", rec.Code, rec.Body.String())
	}
	if rec := get(t, h, "/debug/pprof/goroutine?debug=1"); rec.Code != 200 || !strings.Contains(rec.Body.String(), "TestDebugHandler") {
		t.Errorf("goroutine profile: %d", rec.Code)
	}
	// The API server does not serve them.
	if rec := get(t, newTestServer(t, Options{}), "/debug/pprof/"); rec.Code != http.StatusNotFound {
		t.Errorf("the API server answers /debug/pprof/ with %d", rec.Code)
	}
}

func TestServeDebugStops(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- ServeDebug(ctx, ln, slog.New(slog.NewTextHandler(io.Discard, nil))) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/debug/pprof/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("cmdline: %s", resp.Status)
	}
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("ServeDebug after cancel: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ServeDebug did not stop")
	}
}
