package fulltext

import (
	"cmp"
	"context"
	"math"
	"reflect"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/scorer"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// phraseQuery matches the documents in which the terms of slots occur at
// their relative positions within one value of field (so a phrase never
// runs from the headline into the body). A position not in slots, left by a
// stop word, may hold any word.
//
// It matches and scores exactly as Bleve's MatchPhraseQuery does for one
// term per position, at a fraction of the cost: Bleve's phrase searcher
// turns every candidate document's term positions into maps, which for a
// phrase of two frequent words costs tens of milliseconds at 100,000
// documents; this one compares the positions in place.
type phraseQuery struct {
	field string
	slots []slot // slots[0].off == 0; offsets increase
}

func (q phraseQuery) Searcher(ctx context.Context, r index.IndexReader, _ mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	if len(q.slots) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	docTotal, avgLen, err := bm25Metrics(ctx, r, q.field)
	if err != nil {
		return nil, err
	}
	scoring := options.Score != "none"
	s := &phraseSearcher{ctx: ctx, options: options, slots: make([]phraseSlot, len(q.slots))}
	byTerm := make(map[string]int)
	for i, sl := range q.slots {
		t, ok := byTerm[sl.term]
		if !ok {
			reader, err := r.TermFieldReader(ctx, []byte(sl.term), q.field, scoring, scoring, true)
			if err != nil {
				_ = s.Close()
				return nil, err
			}
			t = len(s.terms)
			byTerm[sl.term] = t
			s.terms = append(s.terms, &phraseTerm{reader: reader, buf: &index.TermFieldDoc{}})
		}
		s.slots[i] = phraseSlot{
			term:   t,
			off:    uint64(sl.off),
			scorer: scorer.NewTermQueryScorer([]byte(sl.term), q.field, 1, docTotal, s.terms[t].reader.Count(), avgLen, options),
		}
	}
	for _, t := range s.terms {
		if t.reader.Count() == 0 {
			_ = s.Close()
			return searcher.NewMatchNoneSearcher(r)
		}
	}
	// Lead with the rarest term.
	order := make([]int, len(s.terms)) // order[new] = old
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(s.terms[a].reader.Count(), s.terms[b].reader.Count())
	})
	sorted := make([]*phraseTerm, len(order))
	renumber := make([]int, len(order)) // renumber[old] = new
	for n, o := range order {
		sorted[n] = s.terms[o]
		renumber[o] = n
	}
	s.terms = sorted
	for i := range s.slots {
		s.slots[i].term = renumber[s.slots[i].term]
	}
	// As Bleve's conjunction of the phrase's term searchers does.
	var sum float64
	for _, sl := range s.slots {
		sum += sl.scorer.Weight()
	}
	s.SetQueryNorm(1 / math.Sqrt(sum))
	return s, nil
}

// phraseTerm is one distinct term of a phrase with its postings.
type phraseTerm struct {
	reader index.TermFieldReader
	buf    *index.TermFieldDoc // reused for every posting
	doc    *index.TermFieldDoc // the current posting: buf, or nil
	ended  bool                // no postings left
}

// phraseSlot is one position of a phrase.
type phraseSlot struct {
	term   int    // index in phraseSearcher.terms
	off    uint64 // position relative to the first slot
	scorer *scorer.TermQueryScorer
}

// phraseSearcher walks the postings of the phrase's terms in step (the
// rarest term leads, the others advance to it) and checks the positions of
// each document that has them all.
type phraseSearcher struct {
	ctx      context.Context
	options  search.SearcherOptions
	terms    []*phraseTerm
	slots    []phraseSlot
	steps    int // candidates examined, for checking ctx
	scoreBuf index.TermFieldDoc
}

// next returns the first document at or after the lead term's current
// posting d that matches the phrase.
func (s *phraseSearcher) next(sctx *search.SearchContext, d *index.TermFieldDoc, err error) (*search.DocumentMatch, error) {
	lead := s.terms[0]
	for {
		if err != nil {
			return nil, err
		}
		lead.doc = d
		if d == nil {
			lead.ended = true
			return nil, nil
		}
		s.steps++
		if s.steps%4096 == 0 {
			if err := s.ctx.Err(); err != nil {
				return nil, err
			}
		}
		var ahead index.IndexInternalID // a posting of another term beyond d
		for _, t := range s.terms[1:] {
			if t.ended {
				return nil, nil
			}
			if t.doc == nil || t.doc.ID.Compare(d.ID) < 0 {
				t.doc, err = t.reader.Advance(d.ID, t.buf)
				if err != nil {
					return nil, err
				}
				if t.doc == nil {
					t.ended = true
					return nil, nil
				}
			}
			if t.doc.ID.Compare(d.ID) > 0 {
				ahead = t.doc.ID
				break
			}
		}
		if ahead != nil {
			d, err = lead.reader.Advance(ahead, lead.buf)
			continue
		}
		if s.positionsMatch() {
			return s.match(sctx, d), nil
		}
		d, err = lead.reader.Next(lead.buf)
	}
}

// positionsMatch reports whether the current postings, all of one
// document, have the phrase's terms at consecutive positions.
func (s *phraseSearcher) positionsMatch() bool {
	first := s.slots[0]
starts:
	for _, v := range s.terms[first.term].doc.Vectors {
		for _, sl := range s.slots[1:] {
			if !hasPosition(s.terms[sl.term].doc.Vectors, v.Pos+sl.off, v.ArrayPositions) {
				continue starts
			}
		}
		return true
	}
	return false
}

func hasPosition(vs []*index.TermFieldVector, pos uint64, ap []uint64) bool {
	for _, v := range vs {
		if v.Pos == pos && slices.Equal(v.ArrayPositions, ap) {
			return true
		}
	}
	return false
}

// match builds the hit for the current document, scored as the sum of its
// slots' term scores.
func (s *phraseSearcher) match(sctx *search.SearchContext, d *index.TermFieldDoc) *search.DocumentMatch {
	rv := sctx.DocumentMatchPool.Get()
	rv.IndexInternalID = index.NewIndexInternalIDFrom(rv.IndexInternalID, d.ID)
	if s.options.Score == "none" {
		return rv
	}
	var sum float64
	for _, sl := range s.slots {
		t := s.terms[sl.term].doc
		s.scoreBuf = index.TermFieldDoc{ID: t.ID, Freq: t.Freq, Norm: t.Norm} // no vectors: no locations built
		m := sl.scorer.Score(sctx, &s.scoreBuf)
		sum += m.Score
		sctx.DocumentMatchPool.Put(m)
	}
	rv.Score = sum
	return rv
}

func (s *phraseSearcher) Next(sctx *search.SearchContext) (*search.DocumentMatch, error) {
	lead := s.terms[0]
	if lead.ended {
		return nil, nil
	}
	d, err := lead.reader.Next(lead.buf)
	return s.next(sctx, d, err)
}

func (s *phraseSearcher) Advance(sctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	// A reader at or past id goes back (Bleve's readers restart for
	// that); one before it moves on in next.
	for _, t := range s.terms[1:] {
		if t.ended || t.doc != nil && t.doc.ID.Compare(id) >= 0 {
			var err error
			t.doc, err = t.reader.Advance(id, t.buf)
			if err != nil {
				return nil, err
			}
			t.ended = t.doc == nil
		}
	}
	lead := s.terms[0]
	lead.ended = false
	d, err := lead.reader.Advance(id, lead.buf)
	return s.next(sctx, d, err)
}

func (s *phraseSearcher) Close() error {
	var first error
	for _, t := range s.terms {
		if err := t.reader.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (s *phraseSearcher) Weight() float64 {
	var sum float64
	for _, sl := range s.slots {
		sum += sl.scorer.Weight()
	}
	return sum
}

func (s *phraseSearcher) SetQueryNorm(n float64) {
	for _, sl := range s.slots {
		sl.scorer.SetQueryNorm(n)
	}
}

// Count is an upper bound: the postings of the rarest term.
func (s *phraseSearcher) Count() uint64 { return s.terms[0].reader.Count() }

func (s *phraseSearcher) Min() int { return 0 }

func (s *phraseSearcher) Size() int {
	n := int(reflect.TypeOf(*s).Size())
	for _, t := range s.terms {
		n += t.reader.Size()
	}
	return n
}

// DocumentMatchPoolSize: the hit and one match at a time for scoring.
func (s *phraseSearcher) DocumentMatchPoolSize() int { return 2 }

// bm25Metrics returns the document count and average field length that
// Bleve's term searcher gives its scorer (see bm25ScoreMetrics in Bleve's
// searcher package): from the statistics in the context when the search
// brought them, else from the reader; an average of 0 selects tf-idf.
func bm25Metrics(ctx context.Context, r index.IndexReader, field string) (uint64, float64, error) {
	model := index.DefaultScoringModel
	if cb, ok := ctx.Value(search.GetScoringModelCallbackKey).(search.GetScoringModelCallbackFn); ok {
		model = cb()
	}
	if model != index.BM25Scoring {
		n, err := r.DocCount()
		return n, 0, err
	}
	var count uint64
	var card int
	if st, ok := ctx.Value(search.BM25StatsKey).(*search.BM25Stats); ok {
		count = uint64(st.DocCount)
		card = st.FieldCardinality[field]
	} else {
		var err error
		if count, err = r.DocCount(); err != nil {
			return 0, 0, err
		}
		if br, ok := r.(index.BM25Reader); ok {
			if card, err = br.FieldCardinality(field); err != nil {
				return 0, 0, err
			}
		}
	}
	if count == 0 {
		return 0, 0, nil
	}
	return count, math.Ceil(float64(card) / float64(count)), nil
}
