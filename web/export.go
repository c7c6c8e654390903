package web

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/dateline-news/dateline"
)

// exportChunk is the number of rows read from the store, written and
// flushed at a time: an export of any size holds one chunk in memory.
const exportChunk = 500

// exporter streams a result list as CSV (with a header row) or JSONL.
type exporter struct {
	w      http.ResponseWriter
	csv    *csv.Writer
	enc    *json.Encoder
	rows   int
	failed bool
}

func newExporter(w http.ResponseWriter, name, format string, header []string) *exporter {
	e := &exporter{w: w}
	h := w.Header()
	if format == "csv" {
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		e.csv = csv.NewWriter(w)
		e.csv.Write(header)
	} else {
		h.Set("Content-Type", "application/x-ndjson; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="`+name+`.jsonl"`)
		e.enc = json.NewEncoder(w)
	}
	return e
}

// row writes one result: obj as a JSON line, or cells as a CSV row.
func (e *exporter) row(obj any, cells ...string) error {
	e.rows++
	if e.csv != nil {
		for i, c := range cells {
			cells[i] = csvSafe(c)
		}
		return e.csv.Write(cells)
	}
	return e.enc.Encode(obj)
}

// flush sends what was written so far to the client.
func (e *exporter) flush() error {
	if e.csv != nil {
		e.csv.Flush()
		if err := e.csv.Error(); err != nil {
			return err
		}
	}
	http.NewResponseController(e.w).Flush()
	return nil
}

// abort ends a stream that failed part way: the status line is gone, so the
// failure is marked in the stream itself, and the connection is cut so a
// client sees a truncated transfer rather than a complete file.
func (e *exporter) abort(s *Server, r *http.Request, err error) {
	s.log.Error("export failed", "path", r.URL.Path, "rows", e.rows, "err", err)
	if e.rows == 0 {
		s.fail(e.w, r, err)
		return
	}
	panic(http.ErrAbortHandler)
}

// csvSafe defuses a cell that a spreadsheet would read as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (s *Server) exportSearch(w http.ResponseWriter, r *http.Request, sp searchParams, format string) {
	ctx := r.Context()
	q, _, err := s.query(ctx, sp)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	count := q
	count.Limit = 1
	n, err := s.lib.Index.Search(ctx, count)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q.Limit = max(1, n.Total-sp.Offset)
	res, err := s.lib.Index.Search(ctx, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hits := res.Hits
	e := newExporter(w, "search", format, []string{"id", "date", "title", "source", "url", "words", "score"})
	for i := 0; i < len(hits); i += exportChunk {
		chunk := hits[i:min(i+exportChunk, len(hits))]
		ids := make([]string, len(chunk))
		score := make(map[string]float64, len(chunk))
		for j, h := range chunk {
			ids[j] = h.ID
			score[h.ID] = h.Score
		}
		sums, err := s.lib.Store.Summaries(ctx, ids)
		if err != nil {
			e.abort(s, r, err)
			return
		}
		for _, sm := range sums {
			row := struct {
				dateline.Summary
				Score float64 `json:"score"`
			}{sm, score[sm.ID]}
			if err := e.row(row, sm.ID, sm.Day, sm.Title, sm.Source, sm.URL, strconv.Itoa(sm.Words), strconv.FormatFloat(score[sm.ID], 'f', 4, 64)); err != nil {
				return // the client went away
			}
		}
		if err := e.flush(); err != nil {
			return
		}
	}
	e.flush()
}

func (s *Server) exportQuotes(w http.ResponseWriter, r *http.Request, qp quoteParams, format string) {
	ctx := r.Context()
	q, err := s.quoteQuery(ctx, qp)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q.Limit = exportChunk
	var e *exporter
	for {
		hits, _, err := s.lib.Store.Quotes(ctx, q)
		if err != nil {
			if e == nil {
				s.fail(w, r, err)
			} else {
				e.abort(s, r, err)
			}
			return
		}
		if e == nil {
			e = newExporter(w, "quotes", format, []string{"article", "date", "speaker", "kind", "text", "source", "cue", "start", "end", "title"})
		}
		for _, h := range hits {
			src, cue := "", ""
			if h.Source != nil {
				src = h.Source.Text
			}
			if h.Cue != nil {
				cue = h.Cue.Text
			}
			if err := e.row(h, h.ArticleID, h.Day, h.Speaker, h.Kind, h.Text, src, cue, strconv.Itoa(h.Start), strconv.Itoa(h.End), h.Title); err != nil {
				return
			}
		}
		if err := e.flush(); err != nil || len(hits) < q.Limit {
			return
		}
		q.Offset += len(hits)
	}
}

func (s *Server) exportEntities(w http.ResponseWriter, r *http.Request, ep entityParams, format string) {
	ctx := r.Context()
	q := ep.EntityQuery
	q.Limit = exportChunk
	var e *exporter
	for {
		ents, err := s.lib.Store.Entities(ctx, q)
		if err != nil {
			if e == nil {
				s.fail(w, r, err)
			} else {
				e.abort(s, r, err)
			}
			return
		}
		if e == nil {
			e = newExporter(w, "entities", format, []string{"entity", "type", "mentions", "articles", "first_date", "last_date", "aliases"})
		}
		for _, en := range ents {
			var al []string
			for _, a := range en.Aliases {
				al = append(al, a.Text)
			}
			if err := e.row(en, en.Name, en.Type, strconv.FormatInt(en.Mentions, 10), strconv.FormatInt(en.Articles, 10),
				en.FirstDay, en.LastDay, strings.Join(al, "|")); err != nil {
				return
			}
		}
		if err := e.flush(); err != nil || len(ents) < q.Limit {
			return
		}
		q.Offset += len(ents)
	}
}

func (s *Server) exportEvents(w http.ResponseWriter, r *http.Request, ep eventParams, format string) {
	out, err := s.events(r.Context(), ep)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e := newExporter(w, "events", format, []string{"article", "published", "type", "date", "source", "target", "text"})
	for i, ev := range out.all {
		if err := e.row(ev, ev.ArticleID, ev.Published, ev.Type, ev.Date, ev.Source.Name(), ev.Target.Name(), ev.Text); err != nil {
			return
		}
		if (i+1)%exportChunk == 0 {
			if e.flush() != nil {
				return
			}
		}
	}
	e.flush()
}
