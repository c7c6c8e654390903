package library_test

import (
	"context"
	"testing"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/internal/synth"
	"github.com/dateline-news/dateline/library"
	"github.com/dateline-news/dateline/pipeline"
)

// BenchmarkIngest measures the whole ingest path (analysis with the default
// pipeline, store, index) on synthetic 500-word articles, in batches of 1,000.
func BenchmarkIngest(b *testing.B) {
	ctx := context.Background()
	p, err := pipeline.Default()
	if err != nil {
		b.Fatal(err)
	}
	lib := open(b, b.TempDir())
	defer lib.Close()
	gen := synth.New(1, 20000)
	const batch = 1000
	var words int64
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		src := func(yield func(*dateline.Article, error) bool) {
			for j := range batch {
				if !yield(gen.Article("b", i*batch+j), nil) {
					return
				}
			}
		}
		st, err := lib.Ingest(ctx, p, src, library.IngestOptions{})
		if err != nil {
			b.Fatal(err)
		}
		words += st.Words
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(words)/b.Elapsed().Seconds(), "words/s")
}
