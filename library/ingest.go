package library

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"sync"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/dedup"
	"github.com/dateline-news/dateline/pipeline"
)

// IngestStats counts what an ingest did.
type IngestStats struct {
	Read       int           `json:"read"`       // articles read successfully
	Inserted   int           `json:"inserted"`   // new articles stored
	Replaced   int           `json:"replaced"`   // articles whose content or analysis changed
	Unchanged  int           `json:"unchanged"`  // articles skipped as already stored
	Failed     int           `json:"failed"`     // records that could not be read or analysed
	Filtered   int           `json:"filtered"`   // articles that Keep left out
	Duplicates int           `json:"duplicates"` // articles found to be near-duplicates of earlier ones
	Words      int64         `json:"words"`      // words in the articles analysed
	Bytes      int64         `json:"bytes"`      // text bytes read
	Elapsed    time.Duration `json:"-"`
	Seconds    float64       `json:"seconds"`
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
	// Dedup, if set, fingerprints every article and marks it a
	// near-duplicate of the most similar earlier one (stored, or earlier in
	// the same ingest) when their estimated Jaccard similarity reaches the
	// hasher's threshold.
	Dedup *dedup.Hasher
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
	pp := *p
	if opts.Dedup != nil {
		// Fingerprints are computed by the pipeline's workers, in parallel;
		// the writer only looks them up.
		pp.Analyzers = append(slices.Clip(pp.Analyzers), fingerprinter{opts.Dedup})
	}
	analysis := pp.Version()
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
			if opts.Dedup != nil {
				n, err := l.MarkDuplicates(ctx, batch, opts.Dedup)
				if err != nil {
					writeErr = fmt.Errorf("finding near-duplicates: %w", err)
					cancel()
					continue
				}
				mu.Lock()
				st.Duplicates += n
				mu.Unlock()
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

// MarkDuplicates fingerprints docs (Doc.Fingerprint) and marks each one a
// near-duplicate (Doc.DuplicateOf) of the group of the most similar earlier
// article, stored or earlier in docs, whose estimated Jaccard similarity
// reaches h's threshold. It returns how many it marked.
func (l *Library) MarkDuplicates(ctx context.Context, docs []*dateline.Doc, h *dedup.Hasher) (int, error) {
	type seen struct {
		id, group string
		sig       dedup.Signature
	}
	local := make(map[uint64][]*seen) // the docs before this one, by band key
	marked := 0
	for _, d := range docs {
		var sig dedup.Signature
		if d.Fingerprint == nil || sig.UnmarshalBinary(d.Fingerprint.Signature) != nil {
			var err error
			if sig, err = fingerprint(d, h); err != nil {
				return marked, err
			}
		}
		bands := d.Fingerprint.Bands
		d.DuplicateOf = ""
		best, bestSim := "", 0.0
		consider := func(id, group string, other dedup.Signature) {
			if id == d.ID {
				return // an earlier version of the same article
			}
			if sim := sig.Similarity(other); sim >= h.Threshold() && sim > bestSim {
				if group == "" {
					group = id
				}
				best, bestSim = group, sim
			}
		}
		cands, err := l.Store.Candidates(ctx, bands)
		if err != nil {
			return marked, err
		}
		for _, c := range cands {
			var other dedup.Signature
			if err := other.UnmarshalBinary(c.Signature); err != nil {
				continue // written by another signature scheme: not comparable
			}
			consider(c.ID, c.DuplicateOf, other)
		}
		for _, k := range bands {
			for _, s := range local[k] {
				consider(s.id, s.group, s.sig)
			}
		}
		if best != "" && best != d.ID {
			d.DuplicateOf = best
			marked++
		}
		e := &seen{id: d.ID, group: d.DuplicateOf, sig: sig}
		for _, k := range bands {
			local[k] = append(local[k], e)
		}
	}
	return marked, nil
}

// fingerprint sets d.Fingerprint from its title and text and returns the
// signature.
func fingerprint(d *dateline.Doc, h *dedup.Hasher) (dedup.Signature, error) {
	sig := h.Signature(d.Title + "\n\n" + d.Text)
	enc, err := sig.MarshalBinary()
	if err != nil {
		return nil, err
	}
	d.Fingerprint = &dateline.Fingerprint{Signature: enc, Bands: h.BandKeys(sig)}
	return sig, nil
}

// fingerprinter is the analysis step that fingerprints documents for
// near-duplicate detection.
type fingerprinter struct{ h *dedup.Hasher }

func (fingerprinter) Name() string    { return "fingerprint" }
func (fingerprinter) Version() string { return "minhash-1" }

func (f fingerprinter) Analyze(ctx context.Context, d *dateline.Doc) error {
	_, err := fingerprint(d, f.h)
	return err
}
