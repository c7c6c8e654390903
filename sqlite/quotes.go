package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/dateline-news/dateline"
)

// Quotes lists quotes across the corpus, newest first.
func (s *Store) Quotes(ctx context.Context, q dateline.QuoteQuery) ([]dateline.QuoteHit, int, error) {
	var (
		where []string
		args  []any
	)
	in := func(column string, values []string) {
		if len(values) == 0 {
			return
		}
		marks := make([]string, len(values))
		for i, v := range values {
			marks[i] = "?"
			args = append(args, v)
		}
		where = append(where, column+" COLLATE NOCASE IN ("+strings.Join(marks, ",")+")")
	}
	in("q.speaker", q.Speakers)
	if len(q.About) > 0 {
		marks := make([]string, len(q.About))
		for i, v := range q.About {
			marks[i] = "?"
			args = append(args, v)
		}
		where = append(where, `EXISTS (SELECT 1 FROM entities e WHERE e.doc = q.doc AND e.start >= q.start AND e.end <= q.end
			AND e.entity COLLATE NOCASE IN (`+strings.Join(marks, ",")+`))`)
	}
	if q.Dedup {
		where = append(where, "a.duplicate_of = ''")
	}
	if q.Kind != "" {
		where = append(where, "q.kind = ?")
		args = append(args, q.Kind)
	}
	if !q.From.IsZero() {
		where = append(where, "a.day >= ?")
		args = append(args, q.From.Format(dateline.DateLayout))
	}
	if !q.To.IsZero() {
		where = append(where, "a.day <= ?")
		args = append(args, q.To.Format(dateline.DateLayout))
	}
	if m := ftsQuery(q.Text); m != "" {
		where = append(where, "q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
		args = append(args, m)
	} else if strings.TrimSpace(q.Text) != "" {
		return nil, 0, nil // only punctuation: nothing can match
	}
	cond := ""
	if len(where) > 0 {
		cond = "WHERE " + strings.Join(where, " AND ")
	}
	from := "FROM quotes q JOIN articles a ON a.doc = q.doc " + cond
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) "+from, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("sqlite: quotes: %w", err)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	// The quote columns, qualified: articles has a text column too.
	cols := "q." + strings.ReplaceAll(quoteColumns, ", ", ", q.")
	var out []dateline.QuoteHit
	err := s.eachRow(ctx, func(r *sql.Rows) error {
		var h dateline.QuoteHit
		q, err := scanQuote(r, &h.ArticleID, &h.Day, &h.Title)
		if err != nil {
			return err
		}
		h.Quote = q
		h.Date, _ = time.Parse(dateline.DateLayout, h.Day)
		out = append(out, h)
		return nil
	}, "SELECT "+cols+", a.id, a.day, a.title "+from+" ORDER BY a.day DESC, a.id, q.start LIMIT ? OFFSET ?",
		append(args, limit, max(q.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("sqlite: quotes: %w", err)
	}
	return out, total, nil
}

// ftsQuery turns user words and "quoted phrases" into an FTS5 query that
// requires them all, quoting every term so that no FTS5 syntax leaks
// through.
func ftsQuery(s string) string {
	var terms []string
	for len(s) > 0 {
		s = strings.TrimLeftFunc(s, func(r rune) bool { return !isTermRune(r) && r != '"' })
		if s == "" {
			break
		}
		if s[0] == '"' {
			end := strings.IndexByte(s[1:], '"')
			phrase := s[1:]
			if end >= 0 {
				phrase, s = s[1:1+end], s[2+end:]
			} else {
				s = ""
			}
			if words := strings.FieldsFunc(phrase, func(r rune) bool { return !isTermRune(r) }); len(words) > 0 {
				terms = append(terms, `"`+strings.Join(words, " ")+`"`)
			}
			continue
		}
		end := strings.IndexFunc(s, func(r rune) bool { return !isTermRune(r) })
		if end < 0 {
			end = len(s)
		}
		terms = append(terms, `"`+s[:end]+`"`)
		s = s[end:]
	}
	return strings.Join(terms, " ")
}

func isTermRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
