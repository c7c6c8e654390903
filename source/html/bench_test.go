package html

import (
	"context"
	"fmt"
	"testing"

	"github.com/dateline-news/dateline/internal/synth"
	"github.com/dateline-news/dateline/internal/testpages"
)

// benchPages returns n generated news pages of about 500 words each, with
// the boilerplate of a real news site.
func benchPages(n int) [][]byte {
	g := synth.New(7, 20000)
	places := []testpages.DatePlace{testpages.DateMeta, testpages.DateJSONLD, testpages.DateTimeElem, testpages.DateTextLine}
	pages := make([][]byte, n)
	for i := range pages {
		a := g.Article("p", i)
		pages[i] = testpages.HTML(a, testpages.Page{
			Site: "The Harbour Courier", Host: "news.harbour.example",
			Path: fmt.Sprintf("/world/story-%d", i), Author: "Jo Writer",
			Date: places[i%len(places)], Comment: i%2 == 0,
		})
	}
	return pages
}

// BenchmarkExtract measures pages per second through extraction: parsing,
// date, main text, language. Run with -cpu 1 for the figure per core.
func BenchmarkExtract(b *testing.B) {
	pages := benchPages(64)
	size := 0
	for _, p := range pages {
		size += len(p)
	}
	ctx := context.Background()
	b.SetBytes(int64(size / len(pages)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ExtractBytes(ctx, "p.html", pages[i%len(pages)], Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
