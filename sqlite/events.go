package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/dateline-news/dateline"
)

// Events lists events across the corpus, newest article first. See
// dateline.Store.
func (s *Store) Events(ctx context.Context, q dateline.EventQuery) ([]dateline.EventHit, int, error) {
	var where []string
	var args []any
	from := "FROM events ev JOIN articles a ON a.doc = ev.doc "
	if len(q.Actors) > 0 {
		// the events of the actors, read from the two actor indexes
		m := marks(&args, q.Actors)
		m2 := marks(&args, q.Actors)
		from = `FROM (SELECT rowid AS id FROM events WHERE src_actor COLLATE NOCASE IN (` + m + `)
			UNION SELECT rowid FROM events WHERE tgt_actor COLLATE NOCASE IN (` + m2 + `)) m
			CROSS JOIN events ev ON ev.rowid = m.id CROSS JOIN articles a ON a.doc = ev.doc `
	}
	if len(q.Types) > 0 {
		types := make([]string, len(q.Types))
		for i, t := range q.Types {
			types[i] = strings.ToUpper(t)
		}
		where = append(where, "ev.type IN ("+marks(&args, types)+")")
	}
	where = articleFilters(where, &args, q.Dedup, q.From, q.To)
	if len(where) > 0 {
		from += "WHERE " + strings.Join(where, " AND ")
	}
	out := []dateline.EventHit{}
	total, err := s.page(ctx, "ev", eventColumns, from, args, q.Limit, q.Offset, func(r *sql.Rows) error {
		var h dateline.EventHit
		e, err := scanEvent(r, &h.ArticleID, &h.Published, &h.Title)
		if err != nil {
			return err
		}
		h.Event = e
		out = append(out, h)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("sqlite: events: %w", err)
	}
	return out, total, nil
}

// articleFilters adds to where the conditions on the article a of a
// listing: no near-duplicate if dedup, published from and to (inclusive;
// zero for no bound). It returns where and adds the values to args.
func articleFilters(where []string, args *[]any, dedup bool, from, to time.Time) []string {
	if dedup {
		where = append(where, "a.duplicate_of = ''")
	}
	if !from.IsZero() {
		where = append(where, "a.day >= ?")
		*args = append(*args, from.Format(dateline.DateLayout))
	}
	if !to.IsZero() {
		where = append(where, "a.day <= ?")
		*args = append(*args, to.Format(dateline.DateLayout))
	}
	return where
}

// marks adds values to args and returns their placeholders.
func marks(args *[]any, values []string) string {
	for _, v := range values {
		*args = append(*args, v)
	}
	return strings.TrimSuffix(strings.Repeat("?,", len(values)), ",")
}

// valueRows returns the placeholders of a VALUES list of rows rows of
// cols columns each: "(?,?),(?,?)".
func valueRows(rows, cols int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + "),"
	return strings.TrimSuffix(strings.Repeat(row, rows), ",")
}
