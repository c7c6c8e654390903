package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/internal/synth"
	"github.com/dateline-news/dateline/library"
	"github.com/dateline-news/dateline/local"
)

// benchReport is what dateline bench measures.
type benchReport struct {
	Corpus         string                  `json:"corpus"`
	Workers        int                     `json:"workers"`
	Articles       int                     `json:"articles"`
	Words          int64                   `json:"words"`
	IngestSeconds  float64                 `json:"ingest_seconds"`
	ArticlesPerSec float64                 `json:"articles_per_second"`
	WordsPerSec    float64                 `json:"words_per_second"`
	PeakRSSMB      float64                 `json:"peak_rss_mb"`      // VmHWM: anonymous memory and mapped files
	PeakAnonMB     float64                 `json:"peak_anon_rss_mb"` // sampled peak of anonymous memory (heap, stacks)
	StoreMB        float64                 `json:"store_mb"`
	IndexMB        float64                 `json:"index_mb"`
	Search         map[string]latencyStats `json:"search"`
}

type latencyStats struct {
	Query   string  `json:"query"`
	Queries int     `json:"queries"`
	Hits    int     `json:"hits"` // total matches of the query
	P50MS   float64 `json:"p50_ms"`
	P99MS   float64 `json:"p99_ms"`
	MaxMS   float64 `json:"max_ms"`
}

func (e *env) benchCmd() *cobra.Command {
	var (
		in       inputFlags
		articles int
		words    int
		corpus   string
		queries  int
		asJSON   bool
		keep     bool
	)
	cmd := &cobra.Command{
		Use:   "bench [flags]",
		Short: "Measure ingest throughput, memory, index size and search latency",
		Long: `bench ingests a corpus into a fresh store and reports ingest throughput
(articles/s, words/s), peak memory (RSS), store and index size, and search
latency (p50/p99 over repeated top-10 queries, snippets included) for a
frequent term (in about 40% of the articles), a very frequent one (in nearly
all), a rare term, a phrase of mid-frequency words, a phrase of frequent
words and a date-filtered query.

By default it generates a synthetic news-like corpus (--articles, --words);
--corpus PATH ingests real articles instead (line format or JSONL). The store
goes into a temporary directory unless --db is given; --keep keeps it.`,
		Example: `  dateline bench --articles 100000
  dateline bench --corpus examples/ --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			dir := e.db
			if dir == "" {
				tmp, err := os.MkdirTemp("", "dateline-bench-")
				if err != nil {
					return err
				}
				dir = tmp
				if !keep {
					defer os.RemoveAll(tmp)
				}
			} else if _, err := os.Stat(dir); err == nil {
				return usageError{fmt.Errorf("--db %s exists; bench needs a fresh store", dir)}
			}
			p, err := in.pipeline()
			if err != nil {
				return err
			}
			gen := synth.New(1, 20000)
			gen.Words = words
			name := fmt.Sprintf("synthetic: %d articles of ~%d words", articles, words)
			if corpus == "" {
				// Write the synthetic corpus to a JSONL file first, so that
				// the ingest measured is the real one: reading, parsing,
				// analysing, storing and indexing.
				if err := os.MkdirAll(dir, 0o755); err != nil {
					return err
				}
				corpus = filepath.Join(dir, "corpus.jsonl")
				if err := writeCorpus(corpus, gen.Articles("bench", articles)); err != nil {
					return err
				}
				defer os.Remove(corpus)
			} else {
				name = corpus
			}
			rd, err := in.reader(e)
			if err != nil {
				return err
			}
			src := rd.Read(ctx, []string{corpus})
			lib, err := local.Open(ctx, dir, e.log)
			if err != nil {
				return err
			}
			defer lib.Close()
			progress := e.progress(articles)
			anon := sampleAnonRSS(ctx, 200*time.Millisecond)
			h, err := in.hasher()
			if err != nil {
				return err
			}
			st, err := lib.Ingest(ctx, p, src, library.IngestOptions{
				Dedup:      h,
				OnProgress: progress.update,
				OnError:    func(err error) { e.log.Error("record failed", "err", err) },
			})
			progress.finish()
			peakAnon := anon()
			if err != nil {
				return err
			}
			rep := benchReport{
				Corpus: name, Workers: cmp.Or(in.workers, runtime.GOMAXPROCS(0)), Articles: st.Read, Words: st.Words,
				IngestSeconds: st.Seconds, ArticlesPerSec: rate(st.Read, st.Elapsed),
				WordsPerSec: float64(st.Words) / st.Elapsed.Seconds(), PeakRSSMB: procStatusMB("VmHWM:"), PeakAnonMB: peakAnon,
			}
			if sz, err := local.Size(dir + "/" + local.IndexDir); err == nil {
				rep.IndexMB = float64(sz) / 1e6
			}
			if sz, err := local.Size(dir); err == nil {
				rep.StoreMB = float64(sz)/1e6 - rep.IndexMB
			}
			rep.Search, err = benchSearch(ctx, lib, gen, strings.HasPrefix(name, "synthetic"), queries)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.stdout, rep)
			}
			printBench(e, rep)
			return nil
		},
	}
	in.register(cmd)
	cmd.Flags().IntVarP(&articles, "articles", "n", 20000, "synthetic articles to generate")
	cmd.Flags().IntVar(&words, "words", 500, "mean words per synthetic article")
	cmd.Flags().StringVar(&corpus, "corpus", "", "ingest this `PATH` instead of a synthetic corpus")
	cmd.Flags().IntVar(&queries, "queries", 200, "repetitions of each search query")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	cmd.Flags().BoolVar(&keep, "keep", false, "keep the temporary store")
	return cmd
}

// benchSearch times each query class. On the synthetic corpus the words
// are chosen by their document frequency in the index: "frequent" matches
// about 40% of the articles (as a common news word such as "government"
// does), "very_frequent" nearly all of them (as "said" does), "rare" about
// 0.1%; "phrase" joins two words each in about 10% of the articles (as in
// "prime minister"), "phrase_frequent" two frequent words, the slow case.
// On a real corpus the queries are common news words.
func benchSearch(ctx context.Context, lib *library.Library, gen *synth.Generator, synthetic bool, n int) (map[string]latencyStats, error) {
	st, err := lib.Store.Stats(ctx)
	if err != nil {
		return nil, err
	}
	frequent, veryFrequent, rare, phrase, phraseFrequent := "government", "said", "minister", `"prime minister"`, `"the government said"`
	if synthetic {
		df := func(rank int) (int, error) {
			h, err := lib.Index.Search(ctx, dateline.Query{Text: gen.Word(rank), Limit: 1})
			return h.Total, err
		}
		// byDF finds the rank whose document frequency is nearest to
		// target, by bisection over ranks (frequency falls with rank).
		byDF := func(target int) (int, error) {
			lo, hi := 100, gen.VocabSize()-1 // ranks below 100 are function words
			for lo < hi {
				mid := (lo + hi) / 2
				n, err := df(mid)
				if err != nil {
					return 0, err
				}
				if n > target {
					lo = mid + 1
				} else {
					hi = mid
				}
			}
			return lo, nil
		}
		total := int(st.Articles)
		f, err := byDF(total * 4 / 10)
		if err != nil {
			return nil, err
		}
		r, err := byDF(max(total/1000, 5))
		if err != nil {
			return nil, err
		}
		m, err := byDF(total / 10)
		if err != nil {
			return nil, err
		}
		frequent, rare, veryFrequent = gen.Word(f), gen.Word(r), gen.Word(60)
		phrase = fmt.Sprintf("%q", gen.Word(m)+" "+gen.Word(m+1))
		phraseFrequent = fmt.Sprintf("%q", gen.Word(f)+" "+gen.Word(f+1))
	}
	mid := st.First.Add(st.Last.Sub(st.First) / 2)
	classes := []struct {
		name string
		q    dateline.Query
	}{
		{"frequent", dateline.Query{Text: frequent}},
		{"very_frequent", dateline.Query{Text: veryFrequent}},
		{"rare", dateline.Query{Text: rare}},
		{"phrase", dateline.Query{Text: phrase}},
		{"phrase_frequent", dateline.Query{Text: phraseFrequent}},
		{"date_filtered", dateline.Query{Text: frequent, From: mid, To: mid.AddDate(0, 1, 0)}},
	}
	out := make(map[string]latencyStats, len(classes))
	for _, c := range classes {
		lat := make([]time.Duration, 0, n)
		var hits int
		for i := range n {
			q := c.q
			q.Limit = 10
			t0 := time.Now()
			res, err := lib.Search(ctx, q)
			if err != nil {
				return nil, fmt.Errorf("bench query %q: %w", q.Text, err)
			}
			lat = append(lat, time.Since(t0))
			if i == 0 {
				hits = res.Total
			}
		}
		slices.Sort(lat)
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		desc := c.q.Text
		if !c.q.From.IsZero() {
			desc += fmt.Sprintf(" (%s to %s)", c.q.From.Format(dateline.DateLayout), c.q.To.Format(dateline.DateLayout))
		}
		out[c.name] = latencyStats{Query: desc, Queries: n, Hits: hits,
			P50MS: ms(lat[len(lat)/2]), P99MS: ms(lat[len(lat)*99/100]), MaxMS: ms(lat[len(lat)-1])}
	}
	return out, nil
}

// writeCorpus writes articles to a JSONL file in the input contract.
func writeCorpus(path string, articles iter.Seq2[*dateline.Article, error]) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	for a, err := range articles {
		if err != nil {
			f.Close()
			return err
		}
		rec := struct {
			ID     string `json:"id"`
			Date   string `json:"date"`
			Title  string `json:"title,omitempty"`
			Source string `json:"source,omitempty"`
			Text   string `json:"text"`
		}{a.ID, a.Day(), a.Title, a.Source, a.Text}
		if err := enc.Encode(rec); err != nil {
			f.Close()
			return fmt.Errorf("writing %s: %w", path, err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}

// procStatusMB returns a memory figure from /proc/self/status (Linux) in
// MB, or the Go runtime's obtained memory where /proc is not available.
func procStatusMB(key string) float64 {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) >= 2 && f[0] == key {
				if kb, err := strconv.ParseFloat(f[1], 64); err == nil {
					return kb / 1024
				}
			}
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.Sys) / (1 << 20)
}

// sampleAnonRSS samples the process's anonymous resident memory every
// interval until the returned function is called, which returns the peak.
// Anonymous memory is what ingest itself holds; the mapped index segments
// also count in RSS but are file pages the kernel can drop.
func sampleAnonRSS(ctx context.Context, every time.Duration) func() float64 {
	var peak float64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			peak = max(peak, procStatusMB("RssAnon:"))
			select {
			case <-t.C:
			case <-stop:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return func() float64 {
		close(stop)
		<-done
		return max(peak, procStatusMB("RssAnon:"))
	}
}

func printBench(e *env, r benchReport) {
	w := e.stdout
	fmt.Fprintf(w, "corpus      %s\n", r.Corpus)
	fmt.Fprintf(w, "ingest      %d articles, %d words in %.1f s with %d workers\n", r.Articles, r.Words, r.IngestSeconds, r.Workers)
	fmt.Fprintf(w, "throughput  %.0f articles/s, %.0f words/s\n", r.ArticlesPerSec, r.WordsPerSec)
	fmt.Fprintf(w, "memory      peak RSS %.0f MB (anonymous memory peak %.0f MB; the rest is mapped index files)\n", r.PeakRSSMB, r.PeakAnonMB)
	fmt.Fprintf(w, "size        store %.1f MB, index %.1f MB\n", r.StoreMB, r.IndexMB)
	fmt.Fprintf(w, "search      %-14s %8s %8s %8s %8s  %s\n", "query", "hits", "p50 ms", "p99 ms", "max ms", "text")
	for _, k := range []string{"frequent", "very_frequent", "rare", "phrase", "phrase_frequent", "date_filtered"} {
		s := r.Search[k]
		fmt.Fprintf(w, "            %-14s %8d %8.2f %8.2f %8.2f  %s\n", k, s.Hits, s.P50MS, s.P99MS, s.MaxMS, s.Query)
	}
}
