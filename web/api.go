package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/dateline-news/dateline"
)

// writeJSON writes v as JSON with the status code.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.Encode(v)
}

// apiError is the body of every API error response.
type apiError struct {
	Error string `json:"error"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, apiError{msg})
}

// statusOf maps an error to an HTTP status.
func statusOf(err error) int {
	var br badRequest
	switch {
	case errors.As(err, &br):
		return http.StatusBadRequest
	case errors.Is(err, dateline.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// fail answers an API request with the error.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	msg := err.Error()
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "internal error: " + msg
	}
	writeError(w, status, msg)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if _, err := s.statsNow(r.Context()); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.opts.Version})
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	b, err := assetFS.ReadFile("assets/openapi.json")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Write(b)
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	sp := parseSearch(p, 10)
	format := p.format()
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	if format == "csv" || format == "jsonl" {
		s.exportSearch(w, r, sp, format)
		return
	}
	res, err := s.search(r.Context(), sp)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	st, err := s.lib.Store.Get(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	etag := `"` + st.Hash + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("X-Dateline-Analysis", st.Analysis)
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeJSON(w, http.StatusOK, st.Doc)
}

func (s *Server) apiStats(w http.ResponseWriter, r *http.Request) {
	st, err := s.statsNow(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := struct {
		dateline.Stats
		StoreBytes *int64 `json:"store_bytes,omitempty"`
	}{Stats: st}
	if n, ok := s.stats.size(s.opts.Dir); ok {
		out.StoreBytes = &n
	}
	writeJSON(w, http.StatusOK, out)
}

// entityParams is an entity listing request.
type entityParams struct {
	dateline.EntityQuery
}

func parseEntities(p *params) entityParams {
	ep := entityParams{dateline.EntityQuery{
		Type:  p.oneOf("type", dateline.EntityPerson, dateline.EntityOrg, dateline.EntityLoc, dateline.EntityMisc),
		From:  p.day("from"),
		To:    p.day("to"),
		Limit: p.int("limit", 50, 1, 500),
	}}
	ep.Offset = p.cursor(ep.fingerprint())
	return ep
}

func (ep entityParams) fingerprint() string {
	return fingerprint("entities", ep.Type, dayString(ep.From), dayString(ep.To))
}

// entityList is a page of entities. The store does not count them, so
// there is no total: a next cursor is given while pages are full.
type entityList struct {
	Offset     int                   `json:"offset"`
	Entities   []dateline.EntityStat `json:"entities"`
	NextCursor string                `json:"next_cursor,omitempty"`
}

func (s *Server) entities(ctx context.Context, ep entityParams) (*entityList, error) {
	ents, err := s.lib.Store.Entities(ctx, ep.EntityQuery)
	if err != nil {
		return nil, err
	}
	if ents == nil {
		ents = []dateline.EntityStat{}
	}
	out := &entityList{Offset: ep.Offset, Entities: ents}
	if len(ents) == ep.Limit {
		out.NextCursor = encodeCursor(ep.Offset+len(ents), ep.fingerprint())
	}
	return out, nil
}

func (s *Server) apiEntities(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	ep := parseEntities(p)
	format := p.format()
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	if format == "csv" || format == "jsonl" {
		s.exportEntities(w, r, ep, format)
		return
	}
	out, err := s.entities(r.Context(), ep)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiEntity(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	limit := p.int("quotes", 10, 0, 100)
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	prof, err := s.entityProfile(r.Context(), r.PathValue("name"), limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, prof)
}

// quoteParams is a quotes request.
type quoteParams struct {
	Speaker, About, Text, Kind string
	dateline.QuoteQuery
}

func parseQuotes(p *params) quoteParams {
	qp := quoteParams{
		Speaker: p.str("speaker"),
		About:   p.str("about"),
		Text:    p.str("text"),
		Kind:    p.oneOf("kind", dateline.QuoteDirect, dateline.QuoteIndirect, dateline.QuoteMixed),
	}
	qp.From, qp.To = p.day("from"), p.day("to")
	qp.Dedup = p.bool("dedup")
	qp.Limit = p.int("limit", 20, 1, 500)
	qp.Offset = p.cursor(qp.fingerprint())
	return qp
}

func (qp quoteParams) fingerprint() string {
	return fingerprint("quotes", qp.Speaker, qp.About, qp.Text, qp.Kind, dayString(qp.From), dayString(qp.To), strconv.FormatBool(qp.Dedup))
}

// quoteList is a page of quotes.
type quoteList struct {
	Total      int                 `json:"total"`
	Offset     int                 `json:"offset"`
	Quotes     []dateline.QuoteHit `json:"quotes"`
	NextCursor string              `json:"next_cursor,omitempty"`
	PrevCursor string              `json:"prev_cursor,omitempty"`
	Speakers   []string            `json:"speakers,omitempty"` // what the speaker filter stands for
	About      []string            `json:"about,omitempty"`    // what the about filter stands for
}

// quoteQuery resolves the names of a quotes request.
func (s *Server) quoteQuery(ctx context.Context, qp quoteParams) (dateline.QuoteQuery, error) {
	q := qp.QuoteQuery
	q.Text, q.Kind = qp.Text, qp.Kind
	var err error
	if qp.Speaker != "" {
		if q.Speakers, err = s.speakerNames(ctx, qp.Speaker); err != nil {
			return q, err
		}
	}
	if qp.About != "" {
		if q.About, err = s.entityNames(ctx, qp.About); err != nil {
			return q, err
		}
	}
	return q, nil
}

func (s *Server) quotes(ctx context.Context, qp quoteParams) (*quoteList, error) {
	q, err := s.quoteQuery(ctx, qp)
	if err != nil {
		return nil, err
	}
	hits, total, err := s.lib.Store.Quotes(ctx, q)
	if err != nil {
		return nil, err
	}
	if hits == nil {
		hits = []dateline.QuoteHit{}
	}
	out := &quoteList{Total: total, Offset: qp.Offset, Quotes: hits, Speakers: q.Speakers, About: q.About}
	if next := qp.Offset + len(hits); next < total && len(hits) > 0 {
		out.NextCursor = encodeCursor(next, qp.fingerprint())
	}
	if qp.Offset > 0 {
		out.PrevCursor = encodeCursor(max(0, qp.Offset-qp.Limit), qp.fingerprint())
	}
	return out, nil
}

func (s *Server) apiQuotes(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	qp := parseQuotes(p)
	format := p.format()
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	if format == "csv" || format == "jsonl" {
		s.exportQuotes(w, r, qp, format)
		return
	}
	out, err := s.quotes(r.Context(), qp)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	ep := parseEvents(p)
	format := p.format()
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	if format == "csv" || format == "jsonl" {
		ep.Offset, ep.Limit = 0, eventScan*100
		s.exportEvents(w, r, ep, format)
		return
	}
	out, err := s.events(r.Context(), ep)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}
