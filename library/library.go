// Package library keeps a store and its search index together: it writes
// analysed documents to the store and then to the index, catches the index
// up with the store after a crash, rebuilds it on request, and answers
// searches with article summaries and highlighted snippets.
//
// The store is the system of record and always written first. The index
// remembers the last store sequence number it applied, atomically with the
// documents, so after any crash Sync re-applies exactly what it missed.
package library

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
	"unicode/utf8"

	"github.com/dateline-news/dateline"
)

// Library is a store with its index.
type Library struct {
	Store dateline.Store
	Index dateline.Index
	Log   *slog.Logger // may be nil
}

// Close closes the index and the store.
func (l *Library) Close() error {
	return errors.Join(l.Index.Close(), l.Store.Close())
}

const syncBatch = 1000

// Sync applies to the index every store change it has not seen yet, and
// returns how many articles it applied.
func (l *Library) Sync(ctx context.Context) (int, error) {
	since, err := l.Index.Seq(ctx)
	if err != nil {
		return 0, fmt.Errorf("sync: reading index position: %w", err)
	}
	total := 0
	batch := make([]*dateline.Stored, 0, syncBatch)
	for {
		batch = batch[:0]
		last, err := l.Store.Changes(ctx, since, syncBatch, func(s *dateline.Stored) error {
			batch = append(batch, s)
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("sync: reading store changes after %d: %w", since, err)
		}
		if len(batch) == 0 {
			return total, nil
		}
		if err := l.Index.Apply(ctx, batch, last); err != nil {
			return total, fmt.Errorf("sync: indexing changes %d-%d: %w", since+1, last, err)
		}
		total += len(batch)
		since = last
		if l.Log != nil && len(batch) == syncBatch {
			l.Log.Info("index catching up", "applied", total, "seq", last)
		}
	}
}

// Reindex empties the index and rebuilds it from the store.
func (l *Library) Reindex(ctx context.Context) (int, error) {
	if err := l.Index.Reset(ctx); err != nil {
		return 0, fmt.Errorf("reindex: %w", err)
	}
	return l.Sync(ctx)
}

// Put writes analysed docs to the store and then to the index. It returns
// the store's result for each doc.
func (l *Library) Put(ctx context.Context, docs []*dateline.Doc, analysis string) ([]dateline.PutResult, error) {
	res, err := l.Store.Put(ctx, docs, analysis)
	if err != nil {
		return nil, err
	}
	var written []*dateline.Stored
	var last int64
	for i, r := range res {
		if r.Status == dateline.PutUnchanged {
			continue
		}
		written = append(written, &dateline.Stored{Doc: docs[i], Seq: r.Seq, Analysis: analysis})
		last = max(last, r.Seq)
	}
	if len(written) == 0 {
		return res, nil
	}
	// The index must not skip changes written by someone else since it last
	// synced: apply in order only when it is exactly behind this batch.
	seq, err := l.Index.Seq(ctx)
	if err != nil {
		return res, fmt.Errorf("indexing: %w", err)
	}
	if seq != written[0].Seq-1 {
		if _, err := l.Sync(ctx); err != nil {
			return res, err
		}
		return res, nil
	}
	if err := l.Index.Apply(ctx, written, last); err != nil {
		return res, fmt.Errorf("indexing: %w", err)
	}
	return res, nil
}

// Result is one search result with its article summary.
type Result struct {
	dateline.Summary
	Score   float64 `json:"score"`
	Snippet Snippet `json:"snippet"`
}

// Snippet is a short extract of an article around the query's matches.
type Snippet struct {
	Text       string          `json:"text"`
	Highlights []dateline.Span `json:"highlights,omitempty"` // byte spans into Text
}

// Results is a page of search results.
type Results struct {
	Query   string        `json:"query"`
	Total   int           `json:"total"`
	Offset  int           `json:"offset"`
	Results []Result      `json:"results"`
	Took    time.Duration `json:"-"`
	TookMS  float64       `json:"took_ms"`
}

// Search runs q and returns a page of results with snippets.
func (l *Library) Search(ctx context.Context, q dateline.Query) (*Results, error) {
	start := time.Now()
	if q.Limit <= 0 {
		q.Limit = 10
	}
	hits, err := l.Index.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(hits.Hits))
	for i, h := range hits.Hits {
		ids[i] = h.ID
	}
	sums, err := l.Store.Summaries(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]dateline.Summary, len(sums))
	for _, s := range sums {
		byID[s.ID] = s
	}
	texts, err := l.Store.Texts(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := &Results{Query: q.Text, Total: hits.Total, Offset: q.Offset, Results: make([]Result, 0, len(hits.Hits))}
	for _, h := range hits.Hits {
		s, ok := byID[h.ID]
		if !ok {
			continue // indexed but no longer stored: the next Sync removes it
		}
		r := Result{Summary: s, Score: h.Score}
		if text, ok := texts[h.ID]; ok {
			var spans []dateline.Span
			if q.Text != "" {
				if spans, err = l.Index.Match(text, q); err != nil {
					return nil, err
				}
			}
			r.Snippet = MakeSnippet(text, spans, 240)
		}
		out.Results = append(out.Results, r)
	}
	out.Took = time.Since(start)
	out.TookMS = float64(out.Took.Microseconds()) / 1000
	return out, nil
}

// MakeSnippet returns an extract of about width bytes of text placed to show
// as many of the matched spans as it can, cut at word boundaries, with the
// matches inside it as highlights.
func MakeSnippet(text string, matches []dateline.Span, width int) Snippet {
	if len(text) == 0 {
		return Snippet{}
	}
	// Choose the window that starts shortly before a match and holds the
	// most matches.
	best, bestN := 0, 0
	j := 0
	for i, m := range matches {
		for j < len(matches) && matches[j].End <= m.Start+width {
			j++
		}
		if j-i > bestN {
			best, bestN = i, j-i
		}
	}
	from := 0
	if bestN > 0 {
		from = max(0, matches[best].Start-width/4)
	}
	to := min(len(text), from+width)
	from, to = wordBoundary(text, from, true), wordBoundary(text, to, false)
	var sn Snippet
	prefix, suffix := "", ""
	if from > 0 {
		prefix = "…"
	}
	if to < len(text) {
		suffix = "…"
	}
	body := collapseSpace(text[from:to])
	sn.Text = prefix + body.text + suffix
	for _, m := range matches {
		if m.Start >= from && m.End <= to {
			s, e := body.pos(m.Start-from), body.pos(m.End-from)
			sn.Highlights = append(sn.Highlights, dateline.Span{Start: s + len(prefix), End: e + len(prefix)})
		}
	}
	return sn
}

// wordBoundary moves i to a word boundary: forward to the next space when
// start is true, back to the previous space otherwise, staying on a rune
// boundary and never moving by more than 30 bytes.
func wordBoundary(text string, i int, start bool) int {
	if i <= 0 || i >= len(text) {
		return i
	}
	orig := i
	for n := 0; n < 30 && i > 0 && i < len(text); n++ {
		if isSpace(text[i]) {
			if start {
				return i + 1
			}
			return i
		}
		if start {
			i++
		} else {
			i--
		}
	}
	i = orig
	for i > 0 && i < len(text) && !utf8.RuneStart(text[i]) {
		i--
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// collapsed is a string with runs of white space folded into one space, and
// the map from original offsets to offsets in it.
type collapsed struct {
	text string
	off  []int // off[i] = position in text of original byte i
}

func (c collapsed) pos(i int) int {
	if i >= len(c.off) {
		return len(c.text)
	}
	return c.off[i]
}

func collapseSpace(s string) collapsed {
	b := make([]byte, 0, len(s))
	off := make([]int, len(s))
	inSpace := false
	for i := 0; i < len(s); i++ {
		off[i] = len(b)
		if isSpace(s[i]) {
			if !inSpace {
				b = append(b, ' ')
			}
			inSpace = true
			continue
		}
		inSpace = false
		b = append(b, s[i])
	}
	return collapsed{text: string(b), off: off}
}

// EntityNames returns the canonical names a user's entity name stands for:
// the entities whose canonical name or one of whose mentions is name
// (ignoring case), or name itself when the store knows no such entity.
func (l *Library) EntityNames(ctx context.Context, name string) ([]string, error) {
	found, err := l.Store.FindEntities(ctx, name)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return []string{name}, nil
	}
	names := make([]string, 0, len(found))
	seen := make(map[string]bool)
	for _, e := range found {
		if !seen[e.Name] {
			seen[e.Name] = true
			names = append(names, e.Name)
		}
	}
	return names, nil
}
