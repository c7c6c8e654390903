package fulltext

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/query"
)

// DefaultLimit is the page size of a Query without a Limit.
const DefaultLimit = 10

// maxPage bounds Offset and Limit so that their sum cannot overflow.
const maxPage = 1 << 30

// Search runs q and returns one page of hits and the exact number of
// matches.
//
// Query text is parsed by package query. A word is analysed like the
// indexed text (so "talks" finds "talk"); a word the analyzer drops, such as
// the stop word "the", is ignored; a word the analyzer splits ("covid-19")
// is searched as a phrase. Unprefixed words and "text:" words match the body
// or the headline, "title:" words the headline only. Empty text, or text
// with only ignored words, matches every article that passes the filter; a
// query of negations alone matches every article except those.
//
// Hits are ordered by BM25 score, then by publication day, newest first,
// then by id, so paging is deterministic. The BM25 average field lengths
// come from the token counts the index keeps (see lengthStats).
func (ix *Index) Search(ctx context.Context, q dateline.Query) (dateline.Hits, error) {
	if err := ctx.Err(); err != nil {
		return dateline.Hits{}, fmt.Errorf("fulltext: search: %w", err)
	}
	node, err := query.Parse(q.Text)
	if err != nil {
		return dateline.Hits{}, fmt.Errorf("fulltext: search %q: %w", q.Text, err)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, maxPage)
	offset := min(max(q.Offset, 0), maxPage)

	textQuery := ix.translate(node)
	filter, empty := dayFilter(q.From, q.To)
	mentioned, emptyWhen := whenFilter(q.MentionedFrom, q.MentionedTo)
	if empty || emptyWhen {
		return dateline.Hits{Hits: []dateline.Hit{}}, nil
	}
	filters := []bquery.Query{mentioned, termFilter(fieldEntity, q.Entities, entityTerm), langFilter(q.Languages),
		termFilter(fieldSpeaker, q.Speakers, entityTerm), termFilter(fieldEvent, q.EventTypes, eventTerm)}
	for _, f := range filters {
		switch {
		case f == nil:
		case filter == nil:
			filter = f
		default:
			filter = bleve.NewConjunctionQuery(filter, f)
		}
	}
	var bq bquery.Query
	switch {
	case textQuery == nil && filter == nil:
		bq = bleve.NewMatchAllQuery()
	case filter == nil:
		bq = textQuery
	case textQuery == nil:
		bq = unscored{filter}
	default:
		// A conjunction leaps between the matches of the text and of the
		// filter, where Bleve's BooleanQuery filter would score every
		// match of the text and then test it.
		bq = bleve.NewConjunctionQuery(textQuery, unscored{filter})
	}
	if q.Dedup {
		// Near-duplicates go; the first article of each group stays.
		dup := bleve.NewTermQuery("1")
		dup.SetField(fieldDup)
		b := bleve.NewBooleanQuery()
		b.AddMust(bq)
		b.AddMustNot(dup)
		bq = b
	}

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return dateline.Hits{}, ErrClosed
	}
	preSearch, err := ix.bm25PreSearch()
	if err != nil {
		return dateline.Hits{}, err
	}

	return ix.collect(ctx, bq, preSearch, offset, limit)
}

// bm25PreSearch returns the statistics Bleve's BM25 scorer reads, with the
// average field lengths from the token counts, or nil for an empty index
// (Bleve then uses its own).
func (ix *Index) bm25PreSearch() (map[string]interface{}, error) {
	ix.statsMu.Lock()
	s := ix.stats
	ix.statsMu.Unlock()
	if s.Docs == 0 {
		return nil, nil
	}
	n, err := ix.idx.DocCount()
	if err != nil {
		return nil, fmt.Errorf("fulltext: search: count documents: %w", err)
	}
	if n == 0 {
		return nil, nil
	}
	// Bleve takes the average length as ceil(cardinality / count).
	total := func(tokens, docs int64) int {
		avg := 1.0
		if docs > 0 {
			avg = max(float64(tokens)/float64(docs), 1)
		}
		return int(math.Ceil(avg * float64(n)))
	}
	return map[string]interface{}{
		search.BM25PreSearchDataKey: &search.BM25Stats{
			DocCount: float64(n),
			FieldCardinality: map[string]int{
				fieldText:    total(s.TextTokens, s.Docs),
				fieldTitle:   total(s.TitleTokens, s.TitleDocs),
				fieldDay:     int(n),
				fieldWhen:    int(n), // filters: never scored, but Bleve asks
				fieldEntity:  int(n),
				fieldLang:    int(n),
				fieldDup:     int(n),
				fieldSpeaker: int(n),
				fieldEvent:   int(n),
				// Bleve's searcher for an optimised disjunction (such as
				// the day range filter) asks for the field "*".
				"*": int(n),
			},
		},
	}, nil
}

// termFilter returns the query for articles whose keyword field has any of
// the values (in their indexed form), nil for no values. Values that are
// all empty match nothing rather than everything.
func termFilter(field string, values []string, norm func(string) string) bquery.Query {
	if len(values) == 0 {
		return nil
	}
	var terms []bquery.Query
	for _, v := range values {
		if t := norm(v); t != "" {
			tq := bleve.NewTermQuery(t)
			tq.SetField(field)
			terms = append(terms, tq)
		}
	}
	if len(terms) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	return bleve.NewDisjunctionQuery(terms...)
}

// langFilter returns the query for articles in any of the languages, or nil
// for none.
func langFilter(codes []string) bquery.Query {
	if len(codes) == 0 {
		return nil
	}
	terms := make([]bquery.Query, len(codes))
	for i, c := range codes {
		tq := bleve.NewTermQuery(langTerm(c))
		tq.SetField(fieldLang)
		terms[i] = tq
	}
	return bleve.NewDisjunctionQuery(terms...)
}

// dayFilter returns the query for publication days in [from, to] (a zero
// time leaves that end open), nil for no filter, and empty == true when the
// range is empty.
func dayFilter(from, to time.Time) (q bquery.Query, empty bool) {
	if from.IsZero() && to.IsZero() {
		return nil, false
	}
	var lo, hi *float64
	if !from.IsZero() {
		v := float64(dayNumber(from))
		lo = &v
	}
	if !to.IsZero() {
		v := float64(dayNumber(to))
		hi = &v
	}
	if lo != nil && hi != nil && *lo > *hi {
		return nil, true
	}
	inclusive := true
	r := bleve.NewNumericRangeInclusiveQuery(lo, hi, &inclusive, &inclusive)
	r.SetField(fieldDay)
	return r, false
}

// translate turns a parsed query into a Bleve query. It returns nil for a
// query with nothing to search: nil, or only words the analyzer drops.
func (ix *Index) translate(n query.Node) bquery.Query {
	switch n := n.(type) {
	case query.Term:
		return ix.words(n.Field, n.Text)
	case query.Phrase:
		return ix.words(n.Field, n.Text)
	case query.Not:
		inner := ix.translate(n.Node)
		if inner == nil {
			return nil
		}
		b := bleve.NewBooleanQuery() // no must clause: every document but these
		b.AddMustNot(inner)
		return b
	case query.And:
		var must, mustNot []bquery.Query
		for _, c := range n.Nodes {
			if neg, ok := c.(query.Not); ok {
				if inner := ix.translate(neg.Node); inner != nil {
					mustNot = append(mustNot, inner)
				}
			} else if cq := ix.translate(c); cq != nil {
				must = append(must, cq)
			}
		}
		switch {
		case len(must) == 0 && len(mustNot) == 0:
			return nil
		case len(mustNot) == 0 && len(must) == 1:
			return must[0]
		case len(mustNot) == 0:
			return bleve.NewConjunctionQuery(must...)
		}
		b := bleve.NewBooleanQuery()
		if len(must) > 0 {
			b.AddMust(must...)
		}
		b.AddMustNot(mustNot...)
		return b
	case query.Or:
		var qs []bquery.Query
		for _, c := range n.Nodes {
			if cq := ix.translate(c); cq != nil {
				qs = append(qs, cq)
			}
		}
		switch len(qs) {
		case 0:
			return nil
		case 1:
			return qs[0]
		}
		return bleve.NewDisjunctionQuery(qs...)
	}
	return nil
}

// words returns the query for a word or phrase in a field: nothing when the
// analyzer drops every token, a term query for one token, a phrase query for
// more.
func (ix *Index) words(field, text string) bquery.Query {
	f := fieldText
	if field == query.FieldTitle {
		f = fieldTitle
	}
	slots := ix.analyze(text)
	switch len(slots) {
	case 0:
		return nil
	case 1:
		t := bleve.NewTermQuery(slots[0].term)
		t.SetField(f)
		return t
	}
	return phraseQuery{field: f, slots: slots}
}

// unscored is a query that matches like its inner query but adds nothing to
// the score, as a filter: its searcher runs without scoring, which lets Bleve
// merge a numeric range's terms into one bitmap, and it has no weight in the
// query norm.
type unscored struct {
	q bquery.Query
}

func (u unscored) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	options.Score = "none"
	options.IncludeTermVectors = false
	options.Explain = false
	s, err := u.q.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	return weightless{s}, nil
}

// weightless is a searcher that takes no part in the query norm.
type weightless struct {
	search.Searcher
}

func (weightless) Weight() float64      { return 0 }
func (weightless) SetQueryNorm(float64) {}
