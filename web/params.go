package web

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dateline-news/dateline"
)

// badRequest is an error in the request's parameters: a 400.
type badRequest struct{ error }

func badf(format string, args ...any) error { return badRequest{fmt.Errorf(format, args...)} }

// params reads query parameters, remembering the first error.
type params struct {
	v   url.Values
	err error
}

func newParams(r *http.Request) *params { return &params{v: r.URL.Query()} }

func (p *params) str(name string) string { return strings.TrimSpace(p.v.Get(name)) }

// values returns the named parameters that are set (trimmed, not empty),
// to carry a page's filters into its paging links.
func (p *params) values(names ...string) url.Values {
	out := url.Values{}
	for _, k := range names {
		if x := p.str(k); x != "" {
			out.Set(k, x)
		}
	}
	return out
}

// strs returns every non-empty value of a repeated parameter; a value may
// also hold several names separated by "|".
func (p *params) strs(name string) []string {
	var out []string
	for _, v := range p.v[name] {
		for _, part := range strings.Split(v, "|") {
			if part = strings.TrimSpace(part); part != "" && !slices.Contains(out, part) {
				out = append(out, part)
			}
		}
	}
	return out
}

func (p *params) day(name string) time.Time {
	s := p.str(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(dateline.DateLayout, s)
	if err != nil && p.err == nil {
		p.err = badf("%s=%q: want a date YYYY-MM-DD", name, s)
	}
	return t
}

func (p *params) int(name string, def, lo, hi int) int {
	s := p.str(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if (err != nil || n < lo || n > hi) && p.err == nil {
		p.err = badf("%s=%q: want a whole number from %d to %d", name, s, lo, hi)
		return def
	}
	return n
}

func (p *params) bool(name string) bool {
	switch strings.ToLower(p.str(name)) {
	case "", "0", "false", "no", "off":
		return false
	case "1", "true", "yes", "on":
		return true
	}
	if p.err == nil {
		p.err = badf("%s=%q: want true or false", name, p.str(name))
	}
	return false
}

func (p *params) oneOf(name string, allowed ...string) string {
	s := p.str(name)
	if s == "" {
		return ""
	}
	for _, a := range allowed {
		if strings.EqualFold(s, a) {
			return a
		}
	}
	if p.err == nil {
		p.err = badf("%s=%q: want one of %s", name, s, strings.Join(allowed, ", "))
	}
	return ""
}

// format is the output format of a list: json (one page), csv or jsonl
// (every result from the cursor on, streamed).
func (p *params) format() string {
	return p.oneOf("format", "json", "csv", "jsonl")
}

// cursor returns the offset a cursor parameter stands for. A cursor is
// bound to the filters of the query it came from (their fingerprint), so
// that a cursor from another query is refused rather than misread.
func (p *params) cursor(fingerprint string) int {
	s := p.str("cursor")
	if s == "" {
		return 0
	}
	off, err := decodeCursor(s, fingerprint)
	if err != nil && p.err == nil {
		p.err = badRequest{err}
	}
	return off
}

// Cursor layout: 8 bytes of fingerprint, then the offset as a uvarint,
// base64url without padding.
func encodeCursor(offset int, fingerprint string) string {
	b := make([]byte, 8, 8+binary.MaxVarintLen64)
	copy(b, fingerprintBytes(fingerprint))
	b = binary.AppendUvarint(b, uint64(offset))
	return base64.RawURLEncoding.EncodeToString(b)
}

var errCursor = errors.New("cursor: not a cursor of this query (start again without it)")

func decodeCursor(s, fingerprint string) (int, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 9 {
		return 0, errCursor
	}
	if string(b[:8]) != string(fingerprintBytes(fingerprint)) {
		return 0, errCursor
	}
	off, n := binary.Uvarint(b[8:])
	if n <= 0 || off > 1<<30 {
		return 0, errCursor
	}
	return int(off), nil
}

func fingerprintBytes(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:8]
}

// fingerprint identifies the filters of a query, whatever the page.
func fingerprint(kind string, parts ...any) string {
	b, _ := json.Marshal(append([]any{kind}, parts...))
	return string(b)
}

// dayString formats a filter date, "" for none.
func dayString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateline.DateLayout)
}
