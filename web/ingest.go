package web

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"iter"
	"mime"
	"net/http"
	"strings"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/dedup"
	"github.com/dateline-news/dateline/library"
	"github.com/dateline-news/dateline/pipeline"
	"github.com/dateline-news/dateline/reader"
)

// maxIngestErrors bounds the record errors an ingest response lists.
const maxIngestErrors = 100

// ingestResponse is the answer to a write request.
type ingestResponse struct {
	library.IngestStats
	Errors []string `json:"errors"`
	// ErrorsOmitted counts record errors beyond the first maxIngestErrors.
	ErrorsOmitted int `json:"errors_omitted,omitempty"`
}

// authorize checks the bearer token of a write request, answering it when
// the request may not go on.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) bool {
	if s.opts.Token == "" {
		writeError(w, http.StatusForbidden, "the write API is off: start 'dateline serve' with --token or $DATELINE_TOKEN to turn it on")
		return false
	}
	auth := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(s.opts.Token)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="dateline"`)
		writeError(w, http.StatusUnauthorized, "a valid bearer token is required (Authorization: Bearer TOKEN)")
		return false
	}
	return true
}

// pipeline returns the analysis of the write API and the hasher that finds
// near-duplicates, as "dateline ingest" uses them.
func (s *Server) pipeline() (*pipeline.Pipeline, *dedup.Hasher, error) {
	s.pipeOnce.Do(func() {
		if s.pipe == nil {
			if s.pipe, s.pipeErr = pipeline.Default(); s.pipeErr != nil {
				return
			}
		}
		s.hasher, s.pipeErr = dedup.NewHasher(dedup.Options{})
	})
	return s.pipe, s.hasher, s.pipeErr
}

// requestFormat returns the input format of a write request: the format
// parameter ("jsonl" or "line"), else the content type
// (application/x-ndjson, application/jsonl, application/json: JSONL;
// text/plain: line format), else sniffed from the first byte.
func requestFormat(r *http.Request) (reader.Format, error) {
	switch f := strings.ToLower(r.URL.Query().Get("format")); f {
	case "jsonl", "json", "ndjson":
		return reader.FormatJSONL, nil
	case "line", "txt", "text":
		return reader.FormatLine, nil
	case "":
	default:
		return 0, badf("format=%q: want jsonl or line", f)
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return reader.FormatAuto, nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return 0, badf("Content-Type %q: %v", ct, err)
	}
	switch mt {
	case "application/x-ndjson", "application/jsonl", "application/json", "application/x-jsonlines":
		return reader.FormatJSONL, nil
	case "text/plain":
		return reader.FormatLine, nil
	case "application/octet-stream":
		return reader.FormatAuto, nil
	}
	return 0, badRequest{fmt.Errorf("Content-Type %q: want application/x-ndjson (JSONL) or text/plain (line format)", mt)}
}

func (s *Server) apiIngest(w http.ResponseWriter, r *http.Request) {
	code, st := s.ingest(w, r)
	s.metrics.observeIngest(code, st)
}

func (s *Server) ingest(w http.ResponseWriter, r *http.Request) (int, library.IngestStats) {
	var st library.IngestStats
	if !s.authorize(w, r) {
		if s.opts.Token == "" {
			return http.StatusForbidden, st
		}
		return http.StatusUnauthorized, st
	}
	fail := func(code int, msg string) (int, library.IngestStats) {
		writeError(w, code, msg)
		return code, st
	}
	tooLarge := fmt.Sprintf("request body over %d bytes: send the articles in smaller requests", s.opts.MaxBody)
	if r.ContentLength > s.opts.MaxBody {
		return fail(http.StatusRequestEntityTooLarge, tooLarge)
	}
	format, err := requestFormat(r)
	if err != nil {
		return fail(http.StatusBadRequest, err.Error())
	}
	// The whole body is read before anything is written, so that a body
	// over the limit is refused whole rather than half ingested.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxBody))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return fail(http.StatusRequestEntityTooLarge, tooLarge)
	case err != nil:
		return fail(http.StatusBadRequest, "reading the request body: "+err.Error())
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return fail(http.StatusBadRequest, "empty request body")
	}
	// A line-format article takes its id from the id parameter, as it
	// would from a file name.
	name := r.URL.Query().Get("id")
	if format == reader.FormatAuto {
		if b := bytes.TrimLeft(bytes.TrimPrefix(body, []byte("\ufeff")), " \t\r\n"); len(b) > 0 && b[0] == '{' {
			format = reader.FormatJSONL
		} else {
			format = reader.FormatLine
		}
	}
	if format == reader.FormatLine && name == "" {
		return fail(http.StatusBadRequest, "a line-format article needs its id: POST /api/articles?id=ID")
	}
	p, hasher, err := s.pipeline()
	if err != nil {
		s.log.Error("loading the analysis pipeline", "err", err)
		return fail(http.StatusInternalServerError, "loading the analysis: "+err.Error())
	}
	resp := ingestResponse{Errors: []string{}}
	var in iter.Seq2[*dateline.Article, error]
	if format == reader.FormatLine {
		// Parsed here rather than by ReadStream, which would take the id
		// from a file name and cut it at a dot or a slash.
		in = func(yield func(*dateline.Article, error) bool) {
			a, err := reader.ParseLine(name, body)
			if err != nil {
				err = &dateline.InputError{File: "request", Line: 1, Err: err}
			}
			yield(a, err)
		}
	} else {
		rd := &reader.Reader{MaxRecord: int(s.opts.MaxBody)}
		in = rd.ReadStream(r.Context(), "request", bytes.NewReader(body), format)
	}
	s.ingestMu.Lock()
	st, err = s.lib.Ingest(r.Context(), p, in, library.IngestOptions{
		Dedup: hasher,
		OnError: func(err error) {
			if len(resp.Errors) < maxIngestErrors {
				resp.Errors = append(resp.Errors, err.Error())
			} else {
				resp.ErrorsOmitted++
			}
		},
	})
	s.ingestMu.Unlock()
	s.InvalidateCaches()
	resp.IngestStats = st
	if err != nil {
		s.log.Error("ingest failed", "err", err, "stored", st.Inserted+st.Replaced)
		return fail(http.StatusInternalServerError, "ingest failed: "+err.Error())
	}
	code := http.StatusOK
	if st.Read == 0 && st.Failed > 0 {
		code = http.StatusBadRequest
	}
	s.log.Info("ingested", "read", st.Read, "inserted", st.Inserted, "replaced", st.Replaced,
		"unchanged", st.Unchanged, "duplicates", st.Duplicates, "failed", st.Failed, "seconds", st.Seconds)
	writeJSON(w, code, resp)
	return code, st
}
