package fulltext

// Benchmarks on a synthetic news-like corpus. They run only with -bench:
//
//	go test ./fulltext/ -run '^$' -bench Fulltext -benchtime 400x -timeout 60m
//	DATELINE_BENCH_DOCS=100000 go test ./fulltext/ -run '^$' -bench Fulltext -benchtime 400x -timeout 60m
//
// DATELINE_BENCH_DOCS sets the number of documents (default 20000),
// DATELINE_BENCH_BATCH the documents per Apply (default 1000). The corpus is
// built once; the "index" result reports its ingest rate and size, the others
// the latency percentiles of top-10 searches.

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dateline-news/dateline"
)

func envInt(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive integer", name, v)
	}
	return n
}

// stopWords lead the synthetic vocabulary, as function words lead the
// frequency list of real news text.
var stopWords = strings.Fields(`the of to a and in said for that is on was with he it as at by
from his an be has have are but not were they this who its had been will their after
would which or also more one two new first than about over up when there she her can`)

// corpusGen generates news-like text: words drawn from a Zipf distribution
// over a vocabulary of stop words and pseudo-words, and a few rare "names"
// per document, as proper names make up the long tail of news vocabulary.
type corpusGen struct {
	r     *rand.Rand
	zipf  *rand.Zipf
	vocab []string
	start time.Time
}

const (
	vocabWords = 6000    // pseudo-words after the stop words
	nameSpace  = 200_000 // distinct rare names
	benchDays  = 730     // dates spread over two years
)

func newCorpusGen(seed int64) *corpusGen {
	r := rand.New(rand.NewSource(seed))
	syll := strings.Fields("ba ko ren tal mi sor vek lun dra pe sti gor fan zu hel qui mar no tre vas")
	seen := make(map[string]bool)
	vocab := slices.Clone(stopWords)
	for _, w := range vocab {
		seen[w] = true
	}
	for len(vocab) < len(stopWords)+vocabWords {
		n := 2 + r.Intn(3)
		var w strings.Builder
		for range n {
			w.WriteString(syll[r.Intn(len(syll))])
		}
		if !seen[w.String()] {
			seen[w.String()] = true
			vocab = append(vocab, w.String())
		}
	}
	return &corpusGen{
		r:     r,
		zipf:  rand.NewZipf(r, 1.1, 2, uint64(len(vocab)-1)),
		vocab: vocab,
		start: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC),
	}
}

// word returns the vocabulary word of rank k (0-based).
func (g *corpusGen) word(k int) string { return g.vocab[k] }

// name returns rare name number k.
func name(k int) string { return "nm" + strconv.Itoa(k) }

func (g *corpusGen) sentence(b *strings.Builder, words int) {
	for i := range words {
		w := g.vocab[g.zipf.Uint64()]
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	b.WriteString(". ")
}

func (g *corpusGen) doc(i int) *dateline.Stored {
	var text strings.Builder
	target := 450 + g.r.Intn(101)
	names := 3
	for n := 0; n < target; {
		k := 12 + g.r.Intn(14)
		g.sentence(&text, k)
		n += k
		if names > 0 && g.r.Intn(8) == 0 {
			text.WriteString(name(g.r.Intn(nameSpace)) + " said. ")
			names--
		}
	}
	var title strings.Builder
	g.sentence(&title, 6+g.r.Intn(5))
	date := g.start.AddDate(0, 0, g.r.Intn(benchDays))
	return &dateline.Stored{
		Doc: dateline.NewDoc(dateline.Article{
			ID:    fmt.Sprintf("doc%07d", i),
			Date:  date,
			Title: strings.TrimSuffix(title.String(), ". "),
			Text:  text.String(),
		}),
		Seq: int64(i + 1),
	}
}

type buildStats struct {
	docs       int
	elapsed    time.Duration // Apply of every batch
	cpu        time.Duration // CPU time of the process meanwhile
	settle     time.Duration // then until the merges stopped
	bytes      int64
	segments   int
	textTokens int64
}

// buildBenchIndex indexes n generated documents in batches of batch.
func buildBenchIndex(b *testing.B, n, batch int) (*Index, buildStats) {
	b.Helper()
	ix, err := Open(filepath.Join(b.TempDir(), "index"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = ix.Close() })
	g := newCorpusGen(1)
	ctx := context.Background()

	// Generate ahead so that the timing is of the index alone.
	docs := make([]*dateline.Stored, n)
	for i := range docs {
		docs[i] = g.doc(i)
	}
	start, cpuStart := time.Now(), cpuTime()
	for i := 0; i < n; i += batch {
		j := min(i+batch, n)
		if err := ix.Apply(ctx, docs[i:j], int64(j)); err != nil {
			b.Fatal(err)
		}
	}
	st := buildStats{docs: n, elapsed: time.Since(start), cpu: cpuTime() - cpuStart}

	// Let the background merges finish, so that the searches measure the
	// index rather than the merger competing for the two cores.
	settleStart := time.Now()
	last, stable := -1, 0
	for time.Since(settleStart) < 5*time.Minute && stable < 6 {
		time.Sleep(500 * time.Millisecond)
		s := segments(ix)
		if s == last {
			stable++
		} else {
			last, stable = s, 0
		}
	}
	st.settle = time.Since(settleStart)
	st.segments = last
	if st.bytes, err = ix.DiskSize(); err != nil {
		b.Fatal(err)
	}
	st.textTokens = ix.stats.TextTokens
	return ix, st
}

// cpuTime returns the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// segments returns the number of segments of the index's current root.
func segments(ix *Index) int {
	m, _ := ix.idx.StatsMap()["index"].(map[string]interface{})
	f, _ := m["num_root_filesegments"].(uint64)
	mem, _ := m["num_root_memorysegments"].(uint64)
	return int(f + mem)
}

func BenchmarkFulltext(b *testing.B) {
	n := envInt(b, "DATELINE_BENCH_DOCS", 20000)
	batch := envInt(b, "DATELINE_BENCH_BATCH", 1000)
	ix, st := buildBenchIndex(b, n, batch)
	b.Logf("%d docs in batches of %d: indexed in %v (%.0f docs/s; %v CPU, %.0f docs per CPU-second), "+
		"merges settled %v later; %d segments, %.1f MB (%.0f bytes/doc), %.0f tokens/doc",
		st.docs, batch, st.elapsed.Round(time.Millisecond), float64(st.docs)/st.elapsed.Seconds(),
		st.cpu.Round(time.Millisecond), float64(st.docs)/st.cpu.Seconds(),
		st.settle.Round(time.Millisecond), st.segments, float64(st.bytes)/1e6,
		float64(st.bytes)/float64(st.docs), float64(st.textTokens)/float64(st.docs))

	b.Run("index", func(b *testing.B) {
		for range b.N {
			// The build above was timed; this only reports it.
		}
		b.ReportMetric(float64(st.docs)/st.elapsed.Seconds(), "docs/s")
		b.ReportMetric(float64(st.docs)/st.cpu.Seconds(), "docs/cpu-s")
		b.ReportMetric(float64(st.bytes)/1e6, "MB")
		b.ReportMetric(float64(st.bytes)/float64(st.docs), "bytes/doc")
		b.ReportMetric(0, "ns/op")
	})

	g := newCorpusGen(1) // the vocabulary of the corpus
	r := rand.New(rand.NewSource(3))
	const nq = 64
	gen := func(f func(i int) dateline.Query) []dateline.Query {
		qs := make([]dateline.Query, nq)
		for i := range qs {
			qs[i] = f(i)
		}
		return qs
	}
	// Ranks right after the stop words: in over half of the documents.
	frequent := func(i int) string { return g.word(len(stopWords) + i%20) }
	dateRange := func() (time.Time, time.Time) {
		from := g.start.AddDate(0, 0, r.Intn(benchDays-90))
		return from, from.AddDate(0, 0, 89)
	}
	cases := []struct {
		name    string
		queries []dateline.Query
	}{
		{"frequent", gen(func(i int) dateline.Query { return dateline.Query{Text: frequent(i)} })},
		{"mid", gen(func(i int) dateline.Query {
			return dateline.Query{Text: g.word(len(stopWords) + 500 + r.Intn(500))}
		})},
		{"rare", gen(func(i int) dateline.Query { return dateline.Query{Text: name(r.Intn(nameSpace))} })},
		{"two-frequent", gen(func(i int) dateline.Query {
			return dateline.Query{Text: frequent(i) + " " + frequent(i+7)}
		})},
		// Two words each in about a tenth of the documents, like "prime
		// minister" in world news.
		{"phrase", gen(func(i int) dateline.Query {
			k := len(stopWords) + 300 + r.Intn(300)
			return dateline.Query{Text: `"` + g.word(k) + " " + g.word(k+1) + `"`}
		})},
		// The worst case: two words each in over half of the documents.
		{"phrase-frequent", gen(func(i int) dateline.Query {
			return dateline.Query{Text: `"` + frequent(i) + " " + frequent(i+1) + `"`}
		})},
		{"frequent+dates", gen(func(i int) dateline.Query {
			from, to := dateRange()
			return dateline.Query{Text: frequent(i), From: from, To: to}
		})},
		{"rare+dates", gen(func(i int) dateline.Query {
			from, to := dateRange()
			return dateline.Query{Text: name(r.Intn(nameSpace)), From: from, To: to}
		})},
		{"dates-only", gen(func(i int) dateline.Query {
			from, to := dateRange()
			return dateline.Query{From: from, To: to}
		})},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			benchSearch(b, ix, c.queries)
		})
	}
}

// benchSearch runs the queries round-robin and reports the latency
// percentiles and the mean number of matches.
func benchSearch(b *testing.B, ix *Index, queries []dateline.Query) {
	ctx := context.Background()
	// Warm up: the first search of each query opens its terms.
	for _, q := range queries {
		if _, err := ix.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	lat := make([]time.Duration, 0, b.N)
	total := 0
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		res, err := ix.Search(ctx, queries[i%len(queries)])
		d := time.Since(start)
		lat = append(lat, d)
		if err != nil {
			b.Fatal(err)
		}
		if d > 100*time.Millisecond {
			b.Logf("slow: %v for %+v at %s", d, queries[i%len(queries)], start.Format("15:04:05.000"))
		}
		total += res.Total
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(pct(1), "max-ms")
	b.ReportMetric(float64(total)/float64(b.N), "hits/op")
}
