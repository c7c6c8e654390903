package fulltext

import (
	"container/heap"
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/dateline-news/dateline"
)

// ranked is a hit with what orders it: score descending, then day
// descending, then id ascending.
type ranked struct {
	score float64
	day   int64
	id    string
}

// before reports whether a ranks before b.
func before(a, b *ranked) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.day != b.day {
		return a.day > b.day
	}
	return a.id < b.id
}

// worstFirst is a heap of ranked hits with the one that ranks last on top.
type worstFirst []ranked

func (h worstFirst) Len() int           { return len(h) }
func (h worstFirst) Less(i, j int) bool { return before(&h[j], &h[i]) }
func (h worstFirst) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *worstFirst) Push(x any)        { *h = append(*h, x.(ranked)) }
func (h *worstFirst) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// topCollector keeps the k best hits in the full order. Bleve hands it every
// match with its score; it looks up a hit's day (a doc value) only when the
// score could put the hit in the top k, and its id (a stored field) only
// when the day could too. Asking Bleve to sort on day and id instead would
// read both for every match, which costs milliseconds on a frequent word.
type topCollector struct {
	k      int
	reader index.IndexReader
	dv     index.DocValueReader
	top    worstFirst
	dayBuf int64
	dayOK  bool
}

// handler is Bleve's hook for a custom collector: it is called once per
// search with the reader, and returns the function that receives each hit.
func (c *topCollector) handler(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
	dv, err := sctx.IndexReader.DocValueReader([]string{fieldDayValue})
	if err != nil {
		return nil, false, err
	}
	c.reader, c.dv = sctx.IndexReader, dv
	return func(d *search.DocumentMatch) error {
		if d == nil {
			return nil // the end of the hits
		}
		err := c.add(d)
		sctx.DocumentMatchPool.Put(d)
		return err
	}, false, nil
}

func (c *topCollector) add(d *search.DocumentMatch) error {
	full := len(c.top) == c.k
	var worst *ranked
	if full {
		worst = &c.top[0]
		if d.Score < worst.score {
			return nil
		}
	}
	day, err := c.day(d.IndexInternalID)
	if err != nil {
		return err
	}
	if full && d.Score == worst.score && day < worst.day {
		return nil
	}
	id, err := c.reader.ExternalID(d.IndexInternalID)
	if err != nil {
		return fmt.Errorf("look up id: %w", err)
	}
	r := ranked{score: d.Score, day: day, id: id}
	switch {
	case !full:
		heap.Push(&c.top, r)
	case before(&r, worst):
		c.top[0] = r
		heap.Fix(&c.top, 0)
	}
	return nil
}

// day returns the day of a hit from its doc value. A document without one
// ranks last.
func (c *topCollector) day(id index.IndexInternalID) (int64, error) {
	c.dayBuf, c.dayOK = minDay, false
	if err := c.dv.VisitDocValues(id, c.visitDay); err != nil {
		return 0, fmt.Errorf("read day: %w", err)
	}
	return c.dayBuf, nil
}

// minDay ranks below every real day.
const minDay = -1 << 63

func (c *topCollector) visitDay(_ string, term []byte) {
	if d, ok := decodeDay(term); ok && !c.dayOK {
		c.dayBuf, c.dayOK = d, true
	}
}

// ranked returns the collected hits in order.
func (c *topCollector) ranked() []ranked {
	out := slices.Clone(c.top)
	slices.SortFunc(out, func(a, b ranked) int {
		if before(&a, &b) {
			return -1
		}
		if before(&b, &a) {
			return 1
		}
		return 0
	})
	return out
}

// collect runs bq and returns the page [offset, offset+limit) of its hits in
// the full order, with the number of matches.
func (ix *Index) collect(ctx context.Context, bq bquery.Query, preSearch map[string]interface{}, offset, limit int) (dateline.Hits, error) {
	c := &topCollector{k: offset + limit}
	ctx = context.WithValue(ctx, search.MakeDocumentMatchHandlerKey,
		search.MakeDocumentMatchHandler(c.handler))
	// Size 0: the hits go to the collector above, not to Bleve's own.
	req := bleve.NewSearchRequestOptions(bq, 0, 0, false)
	req.PreSearchData = preSearch
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return dateline.Hits{}, fmt.Errorf("fulltext: search: %w", err)
	}
	all := c.ranked()
	out := dateline.Hits{Total: int(res.Total), Hits: make([]dateline.Hit, 0, min(limit, len(all)))}
	for _, r := range all[min(offset, len(all)):] {
		out.Hits = append(out.Hits, dateline.Hit{ID: r.id, Score: r.score})
	}
	return out, nil
}
