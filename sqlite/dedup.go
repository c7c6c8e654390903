package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dateline-news/dateline"
)

// Candidates returns the stored articles that share a band key with bands.
func (s *Store) Candidates(ctx context.Context, bands []uint64) ([]dateline.Candidate, error) {
	if len(bands) == 0 {
		return nil, nil
	}
	args := make([]any, len(bands))
	for i, k := range bands {
		args[i] = int64(k)
	}
	var out []dateline.Candidate
	err := s.eachRow(ctx, func(r *sql.Rows) error {
		var c dateline.Candidate
		err := r.Scan(&c.ID, &c.DuplicateOf, &c.Signature)
		out = append(out, c)
		return err
	}, `SELECT id, duplicate_of, signature FROM articles WHERE doc IN (
		SELECT DISTINCT doc FROM dedup_bands WHERE key IN (`+strings.TrimSuffix(strings.Repeat("?,", len(bands)), ",")+`))
		ORDER BY seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: near-duplicate candidates: %w", err)
	}
	return out, nil
}

// Places lists the articles of id's duplicate group, oldest first.
func (s *Store) Places(ctx context.Context, id string) ([]dateline.Place, error) {
	var group string
	st, err := s.prepared(ctx, "SELECT CASE WHEN duplicate_of = '' THEN id ELSE duplicate_of END FROM articles WHERE id = ?")
	if err != nil {
		return nil, fmt.Errorf("sqlite: places of %q: %w", id, err)
	}
	err = st.QueryRowContext(ctx, id).Scan(&group)
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("sqlite: article %q: %w", id, dateline.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: places of %q: %w", id, err)
	}
	var out []dateline.Place
	places, err := s.prepared(ctx, "SELECT id, url, source, day, published FROM articles WHERE id = ?1 OR duplicate_of = ?1 ORDER BY day, seq")
	if err != nil {
		return nil, fmt.Errorf("sqlite: places of %q: %w", id, err)
	}
	rows, err := places.QueryContext(ctx, group)
	err = eachRowOf(rows, err, func(r *sql.Rows) error {
		var p dateline.Place
		var pub string
		if err := r.Scan(&p.ID, &p.URL, &p.Source, &p.Day, &pub); err != nil {
			return err
		}
		var a dateline.Article
		if err := parseDates(&a, p.Day, pub); err != nil {
			return err
		}
		p.Date = a.Date
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: places of %q: %w", id, err)
	}
	return out, nil
}
