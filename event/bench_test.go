package event_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/event"
	"github.com/dateline-news/dateline/internal/synth"
)

// BenchmarkCode measures the event layer alone on the example corpus (our
// own articles), with the other layers run once beforehand. It reports
// bytes of text per second.
func BenchmarkCode(b *testing.B) {
	files, err := filepath.Glob("../examples/articles/*.txt")
	if err != nil || len(files) == 0 {
		b.Fatalf("no example articles: %v", err)
	}
	ls := newLayers(b)
	var docs []*dateline.Doc
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		s := strings.TrimSpace(string(raw))
		day, body := s[5:15], strings.TrimSpace(s[15:])
		d := ls.run(b, day, body)
		docs = append(docs, d)
	}
	benchCode(b, docs)
}

// BenchmarkCodeSynthetic measures the event layer alone on the synthetic
// articles of dateline bench (internal/synth), which are dense in names
// and quotations.
func BenchmarkCodeSynthetic(b *testing.B) {
	g := synth.New(1, 20000)
	ls := newLayers(b)
	var docs []*dateline.Doc
	for i := range 20 {
		a := g.Article(fmt.Sprint("s", i), i)
		d := ls.run(b, a.Day(), a.Text)
		docs = append(docs, d)
	}
	benchCode(b, docs)
}

// benchCode times the event layer alone on docs, whose other layers have
// run, and reports bytes of text per second.
func benchCode(b *testing.B, docs []*dateline.Doc) {
	c, err := event.New()
	if err != nil {
		b.Fatal(err)
	}
	size := 0
	for _, d := range docs {
		size += len(d.Text)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var dst []dateline.Event
	for b.Loop() {
		for _, d := range docs {
			dst = c.Code(d, dst[:0])
		}
	}
}
