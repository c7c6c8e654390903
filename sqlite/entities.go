package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/dateline-news/dateline"
)

type entityKey struct{ name, typ string }

type entityDelta struct {
	mentions, articles int64
	first, last        string // days; "" when only removals
	aliases            map[string]int64
}

// entityTally gathers a Put transaction's changes to the corpus-wide entity
// counts, so that each entity is written once per batch rather than once
// per article.
type entityTally struct {
	delta map[entityKey]*entityDelta
	// removedDays holds, for entities that lost an article, the days of the
	// articles lost: where one was the entity's first or last day, the date
	// range is computed again from the mentions.
	removedDays map[entityKey]map[string]bool
}

func (t *entityTally) get(k entityKey) *entityDelta {
	if t.delta == nil {
		t.delta = make(map[entityKey]*entityDelta)
	}
	d := t.delta[k]
	if d == nil {
		d = &entityDelta{aliases: make(map[string]int64)}
		t.delta[k] = d
	}
	return d
}

// add counts the entities of a document being inserted.
func (t *entityTally) add(doc *dateline.Doc) {
	day := doc.Day()
	seen := make(map[entityKey]bool)
	for _, e := range doc.Entities {
		k := entityKey{e.Entity, e.Type}
		d := t.get(k)
		d.mentions++
		d.aliases[e.Text]++
		if !seen[k] {
			seen[k] = true
			d.articles++
			if d.first == "" || day < d.first {
				d.first = day
			}
			if day > d.last {
				d.last = day
			}
		}
	}
}

// remove counts the entities of a stored document about to be deleted.
func (t *entityTally) remove(ctx context.Context, tx *sql.Tx, doc int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT e.entity, e.type, e.text, count(*), a.day
		FROM entities e JOIN articles a ON a.doc = e.doc WHERE e.doc = ? GROUP BY e.entity, e.type, e.text`, doc)
	if err != nil {
		return fmt.Errorf("reading old entities: %w", err)
	}
	defer rows.Close()
	seen := make(map[entityKey]bool)
	for rows.Next() {
		var k entityKey
		var alias, day string
		var n int64
		if err := rows.Scan(&k.name, &k.typ, &alias, &n, &day); err != nil {
			return fmt.Errorf("reading old entities: %w", err)
		}
		d := t.get(k)
		d.mentions -= n
		d.aliases[alias] -= n
		if !seen[k] {
			seen[k] = true
			d.articles--
			if t.removedDays == nil {
				t.removedDays = make(map[entityKey]map[string]bool)
			}
			if t.removedDays[k] == nil {
				t.removedDays[k] = make(map[string]bool)
			}
			t.removedDays[k][day] = true
		}
	}
	return rows.Err()
}

// flush writes the gathered changes and resets the tally.
func (t *entityTally) flush(ctx context.Context, tx *sql.Tx) error {
	defer func() { t.delta, t.removedDays = nil, nil }()
	if len(t.delta) == 0 {
		return nil
	}
	upsert, err := tx.PrepareContext(ctx, `INSERT INTO entity_stats (entity, type, mentions, articles, first_day, last_day)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6)
		ON CONFLICT (entity, type) DO UPDATE SET
			mentions = mentions + excluded.mentions,
			articles = articles + excluded.articles,
			first_day = CASE WHEN excluded.first_day <> '' AND excluded.first_day < first_day THEN excluded.first_day ELSE first_day END,
			last_day = CASE WHEN excluded.last_day > last_day THEN excluded.last_day ELSE last_day END`)
	if err != nil {
		return err
	}
	defer upsert.Close()
	alias, err := tx.PrepareContext(ctx, `INSERT INTO entity_aliases (entity, type, alias, mentions) VALUES (?1, ?2, ?3, ?4)
		ON CONFLICT (entity, type, alias) DO UPDATE SET mentions = mentions + excluded.mentions`)
	if err != nil {
		return err
	}
	defer alias.Close()
	for k, d := range t.delta {
		if _, err := upsert.ExecContext(ctx, k.name, k.typ, d.mentions, d.articles, d.first, d.last); err != nil {
			return err
		}
		for text, n := range d.aliases {
			if n == 0 {
				continue
			}
			if _, err := alias.ExecContext(ctx, k.name, k.typ, text, n); err != nil {
				return err
			}
		}
	}
	for k, days := range t.removedDays {
		// An entity that lost an article on its first or last day gets its
		// date range again from the mentions that remain.
		for day := range days {
			if _, err := tx.ExecContext(ctx, `UPDATE entity_stats SET
				first_day = coalesce((SELECT min(a.day) FROM entities e JOIN articles a ON a.doc = e.doc WHERE e.entity = ?1 AND e.type = ?2), ''),
				last_day = coalesce((SELECT max(a.day) FROM entities e JOIN articles a ON a.doc = e.doc WHERE e.entity = ?1 AND e.type = ?2), '')
				WHERE entity = ?1 AND type = ?2 AND (first_day = ?3 OR last_day = ?3)`, k.name, k.typ, day); err != nil {
				return err
			}
		}
	}
	if len(t.removedDays) > 0 {
		if _, err := tx.ExecContext(ctx, "DELETE FROM entity_stats WHERE mentions <= 0"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM entity_aliases WHERE mentions <= 0"); err != nil {
			return err
		}
	}
	return nil
}

// Entities lists the entities of the corpus, most mentioned first. With a
// date range the counts are those of the articles published in it.
func (s *Store) Entities(ctx context.Context, q dateline.EntityQuery) ([]dateline.EntityStat, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	var (
		query string
		args  []any
	)
	if q.From.IsZero() && q.To.IsZero() {
		query = `SELECT entity, type, mentions, articles, first_day, last_day FROM entity_stats
			WHERE (?1 = '' OR type = ?1) ORDER BY mentions DESC, entity, type LIMIT ?2 OFFSET ?3`
		args = []any{q.Type, limit, max(q.Offset, 0)}
	} else {
		from, to := "0000-00-00", "9999-99-99"
		if !q.From.IsZero() {
			from = q.From.Format(dateline.DateLayout)
		}
		if !q.To.IsZero() {
			to = q.To.Format(dateline.DateLayout)
		}
		query = `SELECT e.entity, e.type, count(*) AS n, count(DISTINCT e.doc), min(a.day), max(a.day)
			FROM articles a JOIN entities e ON e.doc = a.doc
			WHERE a.day BETWEEN ?4 AND ?5 AND (?1 = '' OR e.type = ?1)
			GROUP BY e.entity, e.type ORDER BY n DESC, e.entity, e.type LIMIT ?2 OFFSET ?3`
		args = []any{q.Type, limit, max(q.Offset, 0), from, to}
	}
	out, err := s.scanEntityStats(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: entities: %w", err)
	}
	return out, nil
}

// FindEntities returns the entities named name, by canonical name or alias.
func (s *Store) FindEntities(ctx context.Context, name string) ([]dateline.EntityStat, error) {
	name = strings.TrimSpace(name)
	// Two indexed look-ups (by name, by alias) joined by UNION: an OR of the
	// two cannot use the indexes and scans the table.
	out, err := s.scanEntityStats(ctx, `SELECT entity, type, mentions, articles, first_day, last_day FROM entity_stats
			WHERE entity = ?1 COLLATE NOCASE
		UNION
		SELECT s.entity, s.type, s.mentions, s.articles, s.first_day, s.last_day FROM entity_stats s
			JOIN (SELECT DISTINCT entity, type FROM entity_aliases WHERE alias = ?1 COLLATE NOCASE) a
			ON s.entity = a.entity AND s.type = a.type
		ORDER BY 3 DESC, 1, 2`, name)
	if err != nil {
		return nil, fmt.Errorf("sqlite: find entity %q: %w", name, err)
	}
	return out, nil
}

// KnownNames implements dateline.Store.
func (s *Store) KnownNames(ctx context.Context, names []string) (map[string]bool, error) {
	known := map[string]bool{}
	const chunk = 250
	for lo := 0; lo < len(names); lo += chunk {
		part := names[lo:min(lo+chunk, len(names))]
		args := make([]any, len(part))
		for i, n := range part {
			args[i] = strings.TrimSpace(n)
		}
		i := 0
		err := s.eachRow(ctx, func(rows *sql.Rows) error {
			var ok bool
			if err := rows.Scan(&ok); err != nil {
				return err
			}
			if ok {
				known[part[i]] = true
			}
			i++
			return nil
		}, "SELECT EXISTS (SELECT 1 FROM entity_stats WHERE entity = v.column1 COLLATE NOCASE)"+
			" OR EXISTS (SELECT 1 FROM entity_aliases WHERE alias = v.column1 COLLATE NOCASE)"+
			" FROM (VALUES "+valueRows(len(part), 1)+") v", args...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: known names: %w", err)
		}
	}
	return known, nil
}

// scanEntityStats runs a query of entity rows and loads their aliases.
func (s *Store) scanEntityStats(ctx context.Context, query string, args ...any) ([]dateline.EntityStat, error) {
	var out []dateline.EntityStat
	err := s.eachRow(ctx, func(rows *sql.Rows) error {
		var e dateline.EntityStat
		if err := rows.Scan(&e.Name, &e.Type, &e.Mentions, &e.Articles, &e.FirstDay, &e.LastDay); err != nil {
			return err
		}
		e.First, _ = time.Parse(dateline.DateLayout, e.FirstDay)
		e.Last, _ = time.Parse(dateline.DateLayout, e.LastDay)
		out = append(out, e)
		return nil
	}, query, args...)
	if err != nil {
		return nil, err
	}
	// The aliases of a chunk of entities in one query: a frequent name can
	// match hundreds of entities (every "X Bogota" is known as "Bogota"),
	// and a query per entity made FindEntities take milliseconds.
	const chunk = 250
	for lo := 0; lo < len(out); lo += chunk {
		part := out[lo:min(lo+chunk, len(out))]
		at := make(map[[2]string]*dateline.EntityStat, len(part))
		args := make([]any, 0, 2*len(part))
		for i := range part {
			e := &part[i]
			at[[2]string{e.Name, e.Type}] = e
			args = append(args, e.Name, e.Type)
		}
		err := s.eachRow(ctx, func(rows *sql.Rows) error {
			var name, typ string
			var a dateline.Alias
			if err := rows.Scan(&name, &typ, &a.Text, &a.Mentions); err != nil {
				return err
			}
			if e := at[[2]string{name, typ}]; e != nil {
				e.Aliases = append(e.Aliases, a)
			}
			return nil
		}, "SELECT a.entity, a.type, a.alias, a.mentions FROM (VALUES "+valueRows(len(part), 2)+
			") v JOIN entity_aliases a ON a.entity = v.column1 AND a.type = v.column2 ORDER BY a.mentions DESC, a.alias", args...)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
