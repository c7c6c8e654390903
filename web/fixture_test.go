package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/dedup"
	"github.com/dateline-news/dateline/library"
	"github.com/dateline-news/dateline/local"
	"github.com/dateline-news/dateline/pipeline"
	"github.com/dateline-news/dateline/reader"
)

// The fixture store holds the example corpus, analysed by the default
// pipeline, and two test articles:
//
//   - xssID, whose title and text carry markup that would run if it were
//     not escaped;
//   - layersID, analysed by the pipeline and then given by hand one quote
//     and one event in place of what the quote and event layers found, so
//     that the tests know their exact values whatever the layers' rules
//     (which are still being tuned) find in the example corpus.
const (
	xssID    = "test-xss"
	layersID = "test-layers"
)

const xssText = `Officials in Tavrin said on Monday <script>window.__xss=1;alert(1)</script> that ` +
	`talks would resume. <img src=x onerror="window.__xss=2;alert(2)"> Ingrid Halvorsen welcomed it & more.`

const layersText = `Tomas Reyko said on Friday: "Lastria must withdraw its troops." Karvenia demanded that Lastria withdraw from Upper Mira.`

var (
	fixtureOnce sync.Once
	fixtureDir  string
	fixtureLib  *library.Library
	fixturePipe *pipeline.Pipeline
	fixtureErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureLib != nil {
		fixtureLib.Close()
	}
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

// examplesDir is the repository's example corpus.
func examplesDir(t testing.TB) string {
	dir, err := filepath.Abs("../examples")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("example corpus not found at %s: %v", dir, err)
	}
	return dir
}

// fixture returns the shared test store, building it on first use.
func fixture(t testing.TB) *library.Library {
	t.Helper()
	ex := examplesDir(t)
	fixtureOnce.Do(func() {
		fixtureDir, fixtureErr = os.MkdirTemp("", "dateline-web-test-")
		if fixtureErr != nil {
			return
		}
		fixtureLib, fixturePipe, fixtureErr = buildStore(fixtureDir, ex, true)
	})
	if fixtureErr != nil {
		t.Fatalf("building the test store: %v", fixtureErr)
	}
	return fixtureLib
}

// buildStore ingests the corpus at src into a new store at dir, with the
// test articles when extra is set. The corpus is analysed by the named
// layers (see pipeline.New), by every layer when none are named.
func buildStore(dir, src string, extra bool, layers ...string) (*library.Library, *pipeline.Pipeline, error) {
	ctx := context.Background()
	if len(layers) == 0 {
		layers = pipeline.Layers
	}
	p, err := pipeline.New(layers...)
	if err != nil {
		return nil, nil, err
	}
	lib, err := local.Open(ctx, dir, nil)
	if err != nil {
		return nil, nil, err
	}
	h, err := dedup.NewHasher(dedup.Options{})
	if err != nil {
		return nil, nil, err
	}
	var rd reader.Reader
	st, err := lib.Ingest(ctx, p, rd.Read(ctx, []string{src}), library.IngestOptions{Dedup: h})
	if err == nil && st.Failed > 0 {
		err = fmt.Errorf("%d example records failed", st.Failed)
	}
	if err == nil && extra {
		err = addTestArticles(ctx, lib, p)
	}
	if err != nil {
		lib.Close()
		return nil, nil, err
	}
	return lib, p, nil
}

// layersWithout returns the analysis layers of the default pipeline but
// the named ones, for a store as it was before a layer existed.
func layersWithout(drop ...string) []string {
	var out []string
	for _, l := range pipeline.Layers {
		if !slices.Contains(drop, l) {
			out = append(out, l)
		}
	}
	return out
}

func addTestArticles(ctx context.Context, lib *library.Library, p *pipeline.Pipeline) error {
	day := func(s string) time.Time { t, _ := time.Parse(dateline.DateLayout, s); return t }
	xss := dateline.NewDoc(dateline.Article{ID: xssID, Date: day("2023-03-13"), Text: xssText,
		Title: `Injected <b onmouseover="window.__xss=3">title</b> <script>alert(3)</script>`,
		URL:   `javascript:window.__xss=4`, Source: `Evil <i>Source</i>`})
	lay := dateline.NewDoc(dateline.Article{ID: layersID, Date: day("2023-03-10"), Text: layersText, Title: "Test article with quote and event layers"})
	for _, d := range []*dateline.Doc{xss, lay} {
		if err := p.Analyze(ctx, d); err != nil {
			return err
		}
	}
	// The hand-made layers, with their offsets found in the text.
	span := func(s string) dateline.Span {
		i := strings.Index(layersText, s)
		if i < 0 {
			panic("fixture: " + s + " not in text")
		}
		return dateline.Span{Start: i, End: i + len(s)}
	}
	content := span("Lastria must withdraw its troops.")
	src := span("Tomas Reyko")
	cue := span("said")
	lay.Quotes = []dateline.Quote{{Span: content, Text: layersText[content.Start:content.End], Kind: dateline.QuoteDirect,
		Cue:     &dateline.Mention{Span: cue, Text: "said"},
		Source:  &dateline.Mention{Span: src, Text: "Tomas Reyko"},
		Speaker: "Tomas Reyko"}}
	sent := span("Karvenia demanded that Lastria withdraw from Upper Mira.")
	ks, ls := span("Karvenia"), span("Lastria withdraw from")
	ls.End = ls.Start + len("Lastria")
	lay.Events = []dateline.Event{{Span: sent, Text: layersText[sent.Start:sent.End], Type: "DEMAND",
		Source: &dateline.Actor{Span: ks, Text: "Karvenia", Actor: "Karvenia"},
		Target: &dateline.Actor{Span: ls, Text: "Lastria", Actor: "Lastria"},
		Date:   "2023-03-10"}}
	if _, err := lib.Put(ctx, []*dateline.Doc{xss}, p.Version()); err != nil {
		return err
	}
	_, err := lib.Put(ctx, []*dateline.Doc{lay}, p.Version()+",quote@test,event@test")
	return err
}

// newTestServer returns a server on the fixture store.
func newTestServer(t testing.TB, opts Options) *Server {
	t.Helper()
	opts.Library = fixture(t)
	opts.Dir = fixtureDir
	if opts.Pipeline == nil {
		opts.Pipeline = fixturePipe
	}
	if testing.Verbose() && opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// get requests path from h and returns the recorded response.
func get(t testing.TB, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
