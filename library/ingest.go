package library

import (
	"context"
	"fmt"
	"iter"
	"sync"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/pipeline"
)

// IngestStats counts what an ingest did.
type IngestStats struct {
	Read      int           `json:"read"`      // articles read successfully
	Inserted  int           `json:"inserted"`  // new articles stored
	Replaced  int           `json:"replaced"`  // articles whose content or analysis changed
	Unchanged int           `json:"unchanged"` // articles skipped as already stored
	Failed    int           `json:"failed"`    // records that could not be read or analysed
	Filtered  int           `json:"filtered"`  // articles that Keep left out
	Words     int64         `json:"words"`     // words in the articles analysed
	Bytes     int64         `json:"bytes"`     // text bytes read
	Elapsed   time.Duration `json:"-"`
	Seconds   float64       `json:"seconds"`
}

// IngestOptions tune Ingest. The zero value is usable.
type IngestOptions struct {
	// Batch is the number of documents written per transaction (default 1000).
	Batch int
	// OnError is called for every record that fails (input or analysis
	// error); the ingest goes on.
	OnError func(error)
	// OnProgress, if set, is called after every batch written.
	OnProgress func(IngestStats)
	// Keep, if set, is asked after analysis whether to store a document
	// (for example, only articles in some languages).
	Keep func(*dateline.Doc) bool
}

// Ingest reads articles from in, analyses them with p (skipping those stored
// unchanged), and writes them to the store and index in batches. It returns
// an error only for failures that stop the ingest (store, index, context);
// bad records are counted in Failed and passed to opts.OnError.
func (l *Library) Ingest(ctx context.Context, p *pipeline.Pipeline, in iter.Seq2[*dateline.Article, error], opts IngestOptions) (IngestStats, error) {
	start := time.Now()
	var st IngestStats
	if opts.Batch <= 0 {
		opts.Batch = 1000
	}
	if _, err := l.Sync(ctx); err != nil {
		return st, err
	}
	analysis := p.Version()
	pp := *p
	pp.Skip = func(ctx context.Context, a *dateline.Article) (bool, error) {
		h, err := l.Store.Hashes(ctx, []string{a.ID})
		if err != nil {
			return false, fmt.Errorf("checking stored version of %q: %w", a.ID, err)
		}
		old, ok := h[a.ID]
		return ok && old == dateline.ContentHash(a, analysis), nil
	}
	// A writer goroutine stores and indexes full batches while the pipeline
	// analyses the next ones. At most two batches wait for it, which bounds
	// memory whatever the corpus size.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex // guards st between the pipeline's callback and the writer
		writeErr error
	)
	batches := make(chan []*dateline.Doc, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for batch := range batches {
			if writeErr != nil {
				continue // drain
			}
			res, err := l.Put(ctx, batch, analysis)
			if err != nil {
				writeErr = fmt.Errorf("writing %d articles: %w", len(batch), err)
				cancel()
				continue
			}
			mu.Lock()
			for _, r := range res {
				switch r.Status {
				case dateline.PutInserted:
					st.Inserted++
				case dateline.PutReplaced:
					st.Replaced++
				case dateline.PutUnchanged:
					st.Unchanged++
				}
			}
			st.Elapsed = time.Since(start)
			snapshot := st
			mu.Unlock()
			if opts.OnProgress != nil {
				opts.OnProgress(snapshot)
			}
		}
	}()
	batch := make([]*dateline.Doc, 0, opts.Batch)
	err := pp.Run(ctx, in, func(r pipeline.Result) error {
		mu.Lock()
		defer mu.Unlock()
		if r.Err != nil {
			st.Failed++
			if opts.OnError != nil {
				opts.OnError(r.Err)
			}
			return nil
		}
		st.Read++
		st.Bytes += int64(len(r.Doc.Text))
		if opts.Keep != nil && !r.Skipped && !opts.Keep(r.Doc) {
			st.Filtered++
			return nil
		}
		if r.Skipped {
			st.Unchanged++
			return nil
		}
		st.Words += int64(r.Doc.Words())
		batch = append(batch, r.Doc)
		if len(batch) >= opts.Batch {
			mu.Unlock()
			select {
			case batches <- batch:
			case <-ctx.Done():
			}
			mu.Lock()
			batch = make([]*dateline.Doc, 0, opts.Batch)
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		batches <- batch
	}
	close(batches)
	<-done
	if writeErr != nil {
		err = writeErr
	}
	st.Elapsed = time.Since(start)
	st.Seconds = st.Elapsed.Seconds()
	return st, err
}
