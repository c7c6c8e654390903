package reader

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline"
)

// Errors that describe what is wrong with a record. The errors returned by
// ParseLine and ParseJSON, and wrapped by the *dateline.InputError values a
// Reader yields, match them with errors.Is.
var (
	ErrNoDateLine   = errors.New(`no date line ("date YYYY-MM-DD")`)
	ErrInvalidDate  = errors.New("invalid date")
	ErrEmptyText    = errors.New("empty text")
	ErrInvalidUTF8  = errors.New("invalid UTF-8")
	ErrInvalidID    = errors.New("invalid id")
	ErrMissingField = errors.New("missing field")
	ErrInvalidJSON  = errors.New("invalid JSON record")
	ErrTooLarge     = errors.New("record too large")
)

// utf8BOM is the UTF-8 byte order mark, stripped from the start of an input.
const utf8BOM = "\uFEFF"

// ParseLine parses one article in line format: optional leading white space,
// the word "date", one space, a date YYYY-MM-DD, white space, and then the
// body, which is the rest of data verbatim with trailing white space trimmed.
// A UTF-8 byte order mark at the start of data is ignored.
//
// id becomes the article's ID; it must be non-empty valid UTF-8. The article
// date is midnight UTC of the given day and HasTime is false. The body must
// be valid UTF-8 and not empty; invalid bytes are an error, never repaired.
func ParseLine(id string, data []byte) (*dateline.Article, error) {
	a, _, err := parseLine(id, data)
	return a, err
}

// parseLine is ParseLine that also returns the 1-based line number of the
// date line (or of where it was expected), for error reports.
func parseLine(id string, data []byte) (*dateline.Article, int, error) {
	orig := data
	data = bytes.TrimPrefix(data, []byte(utf8BOM))
	rest := bytes.TrimLeftFunc(data, unicode.IsSpace)
	line := 1 + bytes.Count(data[:len(data)-len(rest)], []byte{'\n'})

	switch {
	case id == "":
		return nil, line, fmt.Errorf("%w: empty id", ErrInvalidID)
	case !utf8.ValidString(id):
		return nil, line, fmt.Errorf("%w %q: not valid UTF-8", ErrInvalidID, id)
	}

	const keyword = "date "
	if !bytes.HasPrefix(rest, []byte(keyword)) {
		if len(rest) == 0 {
			return nil, line, fmt.Errorf("%w: the input is empty", ErrNoDateLine)
		}
		return nil, line, fmt.Errorf("%w: found %q", ErrNoDateLine, snippet(rest))
	}
	rest = rest[len(keyword):]
	end := bytes.IndexFunc(rest, unicode.IsSpace)
	switch {
	case end == 0:
		return nil, line, fmt.Errorf(`%w: want one space and then YYYY-MM-DD after "date"`, ErrInvalidDate)
	case end < 0:
		end = len(rest)
	}
	day, err := parseDay(rest[:end])
	if err != nil {
		return nil, line, err
	}
	body := bytes.TrimLeftFunc(rest[end:], unicode.IsSpace)
	start := len(orig) - len(body) // offset of the body in data, for error reports
	body = bytes.TrimRightFunc(body, unicode.IsSpace)
	if len(body) == 0 {
		return nil, line, fmt.Errorf("%w: nothing follows the date line", ErrEmptyText)
	}
	if i := invalidUTF8(body); i >= 0 {
		return nil, line, fmt.Errorf("%w at byte offset %d", ErrInvalidUTF8, start+i)
	}
	return &dateline.Article{ID: id, Date: day, Text: string(body)}, line, nil
}

// jsonRecord is one JSONL record as it appears on the wire.
type jsonRecord struct {
	ID     json.RawMessage `json:"id"`
	Date   *string         `json:"date"`
	Text   *string         `json:"text"`
	Title  string          `json:"title"`
	URL    string          `json:"url"`
	Source string          `json:"source"`
	Lang   string          `json:"lang"`
}

// ParseJSON parses one JSONL record: a JSON object with the fields "id",
// "date" (YYYY-MM-DD or RFC 3339) and "text", and optionally "title", "url",
// "source" and "lang". Other fields are ignored; a JSON null counts as absent.
//
// The id is echoed verbatim: it is a JSON string, or a JSON number whose
// literal text becomes the id. A date YYYY-MM-DD gives midnight UTC with
// HasTime false; an RFC 3339 timestamp gives that instant in the offset it
// was written with, and HasTime true. The text must not be empty or all
// white space and is kept verbatim.
//
// Invalid UTF-8 in line, or a \u escape of an unpaired UTF-16 surrogate, is an
// error: the record is rejected, never silently repaired.
func ParseJSON(line []byte) (*dateline.Article, error) {
	if i := invalidUTF8(line); i >= 0 {
		return nil, fmt.Errorf("%w at byte offset %d", ErrInvalidUTF8, i)
	}
	trimmed := bytes.TrimLeft(line, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, fmt.Errorf("%w: not a JSON object: %q", ErrInvalidJSON, snippet(trimmed))
	}
	var rec jsonRecord
	if err := json.Unmarshal(line, &rec); err != nil {
		return nil, jsonError(err)
	}
	if err := checkSurrogates(line); err != nil {
		return nil, err
	}

	id, err := jsonID(rec.ID)
	if err != nil {
		return nil, err
	}
	if rec.Date == nil {
		return nil, fmt.Errorf("%w %q", ErrMissingField, "date")
	}
	if rec.Text == nil {
		return nil, fmt.Errorf("%w %q", ErrMissingField, "text")
	}
	if strings.TrimSpace(*rec.Text) == "" {
		return nil, fmt.Errorf("%w: field %q is empty or white space", ErrEmptyText, "text")
	}
	date, hasTime, err := parseDate(*rec.Date)
	if err != nil {
		return nil, err
	}
	return &dateline.Article{
		ID:      id,
		Date:    date,
		HasTime: hasTime,
		Text:    *rec.Text,
		Title:   rec.Title,
		URL:     rec.URL,
		Source:  rec.Source,
		Lang:    rec.Lang,
	}, nil
}

// jsonID returns the id of a record from the raw JSON value of its "id" field.
func jsonID(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", fmt.Errorf("%w %q", ErrMissingField, "id")
	}
	var id string
	switch c := raw[0]; {
	case c == '"':
		if err := json.Unmarshal(raw, &id); err != nil {
			return "", fmt.Errorf("%w: %v", ErrInvalidID, err)
		}
	case c == '-' || '0' <= c && c <= '9':
		id = string(raw) // a number: its literal text, verbatim
	default:
		return "", fmt.Errorf("%w: want a string or a number, got %s", ErrInvalidID, snippet(raw))
	}
	if id == "" {
		return "", fmt.Errorf("%w: empty id", ErrInvalidID)
	}
	return id, nil
}

// jsonError turns an error from encoding/json into one that says what is
// wrong with the record.
func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("%w: at byte offset %d: %v", ErrInvalidJSON, syn.Offset, err)
	case errors.As(err, &typ) && typ.Field != "":
		return fmt.Errorf("%w: field %q: want a string, got a JSON %s", ErrInvalidJSON, typ.Field, typ.Value)
	}
	return fmt.Errorf("%w: %v", ErrInvalidJSON, err)
}

// parseDate parses a record date: YYYY-MM-DD, or an RFC 3339 timestamp.
func parseDate(s string) (t time.Time, hasTime bool, err error) {
	if len(s) == len(dateline.DateLayout) {
		t, err := parseDay([]byte(s))
		return t, false, err
	}
	t, err = time.ParseInLocation(time.RFC3339, s, time.UTC)
	if err != nil {
		msg := "want YYYY-MM-DD or RFC 3339"
		var pe *time.ParseError
		if errors.As(err, &pe) && strings.Contains(pe.Message, "out of range") {
			msg = strings.TrimPrefix(pe.Message, ": ")
		}
		return time.Time{}, false, fmt.Errorf("%w %q: %s", ErrInvalidDate, s, msg)
	}
	return t, true, nil
}

// parseDay parses a date YYYY-MM-DD, exactly ten bytes, and returns midnight
// UTC of that day.
func parseDay(b []byte) (time.Time, error) {
	digits := func(b []byte) (int, bool) {
		n := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return time.Time{}, fmt.Errorf("%w %q: want YYYY-MM-DD", ErrInvalidDate, snippet(b))
	}
	y, ok1 := digits(b[0:4])
	m, ok2 := digits(b[5:7])
	d, ok3 := digits(b[8:10])
	if !ok1 || !ok2 || !ok3 {
		return time.Time{}, fmt.Errorf("%w %q: want YYYY-MM-DD", ErrInvalidDate, b)
	}
	if m < 1 || m > 12 {
		return time.Time{}, fmt.Errorf("%w %q: month out of range", ErrInvalidDate, b)
	}
	// Day 0 of the next month is the last day of this one.
	if last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day(); d < 1 || d > last {
		return time.Time{}, fmt.Errorf("%w %q: day out of range", ErrInvalidDate, b)
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
}

// invalidUTF8 returns the offset of the first byte of b that is not part of
// a valid UTF-8 sequence, or -1 if b is valid UTF-8.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1 // not reached: utf8.Valid said otherwise
}

// checkSurrogates reports a \u escape of a UTF-16 surrogate that is not part
// of a high-low pair in the JSON text b. encoding/json would silently decode
// it as U+FFFD. b must be syntactically valid JSON, so that every backslash
// starts an escape inside a string.
func checkSurrogates(b []byte) error {
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '\\')
		if j < 0 || i+j+1 >= len(b) {
			return nil
		}
		i += j
		if b[i+1] != 'u' {
			i += 2 // \" \\ \n ...
			continue
		}
		r := hex4(b[i+2:])
		switch {
		case r < 0xD800 || r > 0xDFFF:
			i += 6
			continue
		case r < 0xDC00 && i+12 <= len(b) && b[i+6] == '\\' && b[i+7] == 'u':
			if lo := hex4(b[i+8:]); 0xDC00 <= lo && lo <= 0xDFFF {
				i += 12
				continue
			}
		}
		return fmt.Errorf("%w: unpaired surrogate escape %s at byte offset %d", ErrInvalidUTF8, b[i:i+6], i)
	}
}

// hex4 decodes the four hex digits at the start of b, or returns -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// snippet returns the start of b, up to the end of its first line and at
// most 32 bytes, for quoting in an error message.
func snippet(b []byte) []byte {
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		b = b[:i]
	}
	if len(b) > 32 {
		b = b[:32]
	}
	return b
}
