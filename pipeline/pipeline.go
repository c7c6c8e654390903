// Package pipeline runs analysis layers over a stream of articles in
// parallel, keeping the output in input order and the memory bounded: at most
// a few documents per worker are in flight, whatever the corpus size.
package pipeline

import (
	"context"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/dateline-news/dateline"
)

// Pipeline applies Analyzers, in order, to each article.
type Pipeline struct {
	Analyzers []dateline.Analyzer
	// Workers is the number of articles analysed at once (default GOMAXPROCS).
	Workers int
	// Skip, if set, is asked before an article is analysed; when it returns
	// true the article is passed on unanalysed with Result.Skipped set (an
	// ingest uses it to skip articles the store already has unchanged).
	Skip func(ctx context.Context, a *dateline.Article) (bool, error)
}

// Result is one article's outcome, delivered in input order.
type Result struct {
	Doc     *dateline.Doc // nil when Err is an input error
	Err     error         // an input error (*dateline.InputError) or an analysis error
	Skipped bool          // Skip said the article need not be analysed
}

// Version identifies the analysis: the layers and their versions. Stores use
// it in the content hash, so a change of any layer re-analyses on ingest.
func (p *Pipeline) Version() string {
	parts := make([]string, 0, len(p.Analyzers))
	for _, a := range p.Analyzers {
		v := ""
		if vv, ok := a.(dateline.Versioned); ok {
			v = "@" + vv.Version()
		}
		parts = append(parts, a.Name()+v)
	}
	return strings.Join(parts, ",")
}

// Analyze runs every layer on one document, except the layers that do not
// work on the document's language (see dateline.LanguageSpecific).
func (p *Pipeline) Analyze(ctx context.Context, d *dateline.Doc) error {
	for _, a := range p.Analyzers {
		if ls, ok := a.(dateline.LanguageSpecific); ok && d.Lang != "" && !slices.Contains(ls.Languages(), d.Lang) {
			continue
		}
		if err := a.Analyze(ctx, d); err != nil {
			return fmt.Errorf("%s: analysing %q with %s: %w", a.Name(), d.ID, a.Name(), err)
		}
	}
	return nil
}

type job struct {
	n   int
	art *dateline.Article
	err error
}

type done struct {
	n int
	Result
}

// Run analyses every article of in and calls out with each result in input
// order. Input errors are passed through to out in their place. Run stops at
// the first error returned by out, or when ctx is cancelled, and returns it.
func (p *Pipeline) Run(ctx context.Context, in iter.Seq2[*dateline.Article, error], out func(Result) error) error {
	workers := p.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	window := make(chan struct{}, 4*workers) // documents in flight
	jobs := make(chan job, workers)
	results := make(chan done, 4*workers)

	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // producer
		defer wg.Done()
		defer close(jobs)
		n := 0
		for art, err := range in {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- job{n: n, art: art, err: err}:
			case <-ctx.Done():
				return
			}
			n++
		}
	}()
	var workersWG sync.WaitGroup
	for range workers {
		workersWG.Add(1)
		go func() {
			defer workersWG.Done()
			for j := range jobs {
				r := done{n: j.n}
				switch {
				case j.err != nil:
					r.Err = j.err
				case j.art == nil:
					r.Err = fmt.Errorf("pipeline: reader yielded neither article nor error")
				default:
					r.Result = p.one(ctx, j.art)
				}
				select {
				case results <- r:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		workersWG.Wait()
		close(results)
	}()

	pending := make(map[int]Result, 4*workers)
	next := 0
	var outErr error
	for r := range results {
		pending[r.n] = r.Result
		for {
			res, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-window
			if outErr == nil {
				if err := out(res); err != nil {
					outErr = err
					cancel()
				}
			}
		}
	}
	wg.Wait()
	if outErr != nil {
		return outErr
	}
	return ctx.Err()
}

func (p *Pipeline) one(ctx context.Context, a *dateline.Article) Result {
	if p.Skip != nil {
		skip, err := p.Skip(ctx, a)
		if err != nil {
			return Result{Err: err}
		}
		if skip {
			return Result{Doc: dateline.NewDoc(*a), Skipped: true}
		}
	}
	d := dateline.NewDoc(*a)
	if err := p.Analyze(ctx, d); err != nil {
		return Result{Doc: d, Err: err}
	}
	return Result{Doc: d}
}
