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
	from, args, ok := quotesFrom(q)
	if !ok {
		return nil, 0, nil
	}
	var out []dateline.QuoteHit
	total, err := s.page(ctx, "q", quoteColumns, from, args, q.Limit, q.Offset, func(r *sql.Rows) error {
		var h dateline.QuoteHit
		q, err := scanQuote(r, &h.ArticleID, &h.Day, &h.Title)
		if err != nil {
			return err
		}
		h.Quote = q
		h.Date, _ = time.Parse(dateline.DateLayout, h.Day)
		out = append(out, h)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("sqlite: quotes: %w", err)
	}
	return out, total, nil
}

// page counts the rows of a listing and reads one page of them, newest
// article first: the columns of the layer table aliased t (qualified:
// articles has a text column too), then the article's id, day and title.
// from holds the FROM and WHERE clauses; limit defaults to 50.
//
// The total and the page are two queries: a window count(*) OVER () would
// find the matches once, but it makes SQLite sort all of them, where the
// page of an unfiltered listing walks the index of days (1.1 s against
// 50 ms at 100,000 articles).
func (s *Store) page(ctx context.Context, t, columns, from string, args []any, limit, offset int, row func(*sql.Rows) error) (int, error) {
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) "+from, args...).Scan(&total); err != nil {
		return 0, err
	}
	if limit <= 0 {
		limit = 50
	}
	cols := t + "." + strings.ReplaceAll(columns, ", ", ", "+t+".")
	err := s.eachRow(ctx, row, "SELECT "+cols+", a.id, a.day, a.title "+from+" ORDER BY a.day DESC, a.id, "+t+".start LIMIT ? OFFSET ?",
		append(args, limit, max(offset, 0))...)
	return total, err
}

// quotesFrom returns the FROM and WHERE clauses that select the quotes q
// asks for, with their arguments; not ok when nothing can match.
func quotesFrom(q dateline.QuoteQuery) (from string, args []any, ok bool) {
	var where []string
	from = "FROM quotes q JOIN articles a ON a.doc = q.doc "
	if len(q.About) > 0 {
		// The quotes about an entity hold a mention of it that is not their
		// source's (an interrupted quote holds its attribution). They are
		// read from its mentions (an index) to the quotes that hold them,
		// in that order (CROSS JOIN fixes it): testing every quote for a
		// mention inside it, or every non-duplicate article for such
		// quotes, takes seconds to minutes at 100,000 articles.
		from = `FROM (SELECT DISTINCT qm.rowid AS id FROM entities e JOIN quotes qm ON qm.doc = e.doc
			WHERE e.entity COLLATE NOCASE IN (` + marks(&args, q.About) + `) AND e.start >= qm.start AND e.end <= qm.end
			AND (qm.src_start IS NULL OR e.end <= qm.src_start OR e.start >= qm.src_end)) m
			CROSS JOIN quotes q ON q.rowid = m.id CROSS JOIN articles a ON a.doc = q.doc `
	}
	if len(q.Speakers) > 0 {
		where = append(where, "q.speaker COLLATE NOCASE IN ("+marks(&args, q.Speakers)+")")
	}
	if q.Kind != "" {
		where = append(where, "q.kind = ?")
		args = append(args, q.Kind)
	}
	where = articleFilters(where, &args, q.Dedup, q.From, q.To)
	if m := ftsQuery(q.Text); m != "" {
		where = append(where, "q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
		args = append(args, m)
	} else if strings.TrimSpace(q.Text) != "" {
		return "", nil, false // only punctuation: nothing can match
	}
	if len(where) > 0 {
		from += "WHERE " + strings.Join(where, " AND ")
	}
	return from, args, true
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
