// Package sqlite implements dateline.Store on an embedded SQLite database
// (modernc.org/sqlite, pure Go). It is the default system of record: one file
// holds every article and every annotation layer.
//
// Dense layers (sentences, tokens) are stored as compact blobs in the article
// row; the layers people query (entities, timexes, quotes, events) get tables
// of their own with indexes.
package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/internal/spancodec"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Store is a dateline.Store backed by one SQLite database file.
type Store struct {
	db   *sql.DB
	path string
	// wmu serialises writers: SQLite allows one writer at a time, and taking
	// the lock here avoids busy retries inside the driver.
	wmu sync.Mutex
	// get holds the statements of Get, prepared once: database/sql keeps
	// each prepared on every connection it has run on.
	get getStatements
	// stmts holds statements prepared on first use, by query text.
	stmts sync.Map
}

// getStatements are the queries that read one article and its layers.
type getStatements struct {
	article *sql.Stmt
	layers  []*sql.Stmt // one per layerTables entry
}

func (g *getStatements) prepare(ctx context.Context, db *sql.DB) error {
	queries := []string{"SELECT " + articleColumns + ", sentences, tokens FROM articles WHERE id = ?"}
	for _, lt := range layerTables {
		queries = append(queries, "SELECT "+lt.columns+" FROM "+lt.table+" WHERE doc = ? ORDER BY rowid")
	}
	for i, q := range queries {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			g.close()
			return fmt.Errorf("preparing %q: %w", q, err)
		}
		if i == 0 {
			g.article = st
		} else {
			g.layers = append(g.layers, st)
		}
	}
	return nil
}

func (g *getStatements) close() {
	for _, st := range append([]*sql.Stmt{g.article}, g.layers...) {
		if st != nil {
			st.Close()
		}
	}
}

// layerTable is a table that holds one layer of the articles' analysis.
type layerTable struct {
	table, columns string
	// scan reads a row's columns, then extra, and returns what adds the
	// row to its Doc.
	scan func(r rowScanner, extra ...any) (func(*dateline.Doc), error)
}

// layerTables are the layers Get and Changes load, in the order of a Doc.
var layerTables = []layerTable{
	{"entities", entityColumns, func(r rowScanner, extra ...any) (func(*dateline.Doc), error) {
		e, err := scanEntity(r, extra...)
		return func(d *dateline.Doc) { d.Entities = append(d.Entities, e) }, err
	}},
	{"timexes", timexColumns, func(r rowScanner, extra ...any) (func(*dateline.Doc), error) {
		t, err := scanTimex(r, extra...)
		return func(d *dateline.Doc) { d.Timexes = append(d.Timexes, t) }, err
	}},
	{"quotes", quoteColumns, func(r rowScanner, extra ...any) (func(*dateline.Doc), error) {
		q, err := scanQuote(r, extra...)
		return func(d *dateline.Doc) { d.Quotes = append(d.Quotes, q) }, err
	}},
	{"events", eventColumns, func(r rowScanner, extra ...any) (func(*dateline.Doc), error) {
		e, err := scanEvent(r, extra...)
		return func(d *dateline.Doc) { d.Events = append(d.Events, e) }, err
	}},
}

// eachRowOf calls scan for every row of rows, the result of a query that
// failed when err is not nil, and closes rows.
func eachRowOf(rows *sql.Rows, err error, scan func(*sql.Rows) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

var _ dateline.Store = (*Store)(nil)

// Open opens (creating if needed) the database file at path and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("sqlite: creating %s: %w", dir, err)
		}
	}
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(1)", "busy_timeout(10000)", "cache_size(-16384)", "analysis_limit(1000)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite: opening %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	s := &Store{db: db, path: path}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	if err := s.get.prepare(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	// Give the query planner statistics where they are missing or stale
	// (a sample of each index, bounded by analysis_limit). Without them it
	// guesses, and it guessed to read quotes about an entity through the
	// index of non-duplicate articles, which is every article: minutes at
	// 100,000 articles instead of a fraction of a second. Statistics are an
	// optimisation, so a store it cannot write (read-only) still opens.
	_, _ = db.ExecContext(ctx, "PRAGMA optimize=0x10002")
	return s, nil
}

// Path returns the database file name.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	s.get.close()
	s.stmts.Range(func(_, st any) bool {
		st.(*sql.Stmt).Close()
		return true
	})
	// Refresh the planner's statistics of the tables that grew a lot since
	// they were last gathered, as SQLite advises before closing; failing
	// to is no reason to fail Close.
	_, _ = s.db.Exec("PRAGMA optimize")
	return s.db.Close()
}

// migrations bring the schema from version i to i+1. Append, never edit.
var migrations = []string{
	`CREATE TABLE articles (
		doc       INTEGER PRIMARY KEY,
		id        TEXT NOT NULL UNIQUE,
		seq       INTEGER NOT NULL UNIQUE,
		day       TEXT NOT NULL,
		published TEXT NOT NULL DEFAULT '',
		title     TEXT NOT NULL DEFAULT '',
		url       TEXT NOT NULL DEFAULT '',
		source    TEXT NOT NULL DEFAULT '',
		lang      TEXT NOT NULL DEFAULT '',
		text      TEXT NOT NULL,
		words     INTEGER NOT NULL,
		nsent     INTEGER NOT NULL,
		hash      TEXT NOT NULL,
		analysis  TEXT NOT NULL,
		sentences BLOB,
		tokens    BLOB,
		ingested  TEXT NOT NULL
	);
	CREATE INDEX articles_day ON articles(day);
	CREATE TABLE entities (
		doc    INTEGER NOT NULL REFERENCES articles(doc) ON DELETE CASCADE,
		start  INTEGER NOT NULL,
		end    INTEGER NOT NULL,
		text   TEXT NOT NULL,
		type   TEXT NOT NULL,
		entity TEXT NOT NULL
	);
	CREATE INDEX entities_doc ON entities(doc);
	CREATE INDEX entities_entity ON entities(entity, type);
	CREATE TABLE timexes (
		doc   INTEGER NOT NULL REFERENCES articles(doc) ON DELETE CASCADE,
		start INTEGER NOT NULL,
		end   INTEGER NOT NULL,
		text  TEXT NOT NULL,
		type  TEXT NOT NULL,
		value TEXT NOT NULL,
		mod   TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX timexes_doc ON timexes(doc);
	CREATE INDEX timexes_value ON timexes(value);
	CREATE TABLE quotes (
		doc        INTEGER NOT NULL REFERENCES articles(doc) ON DELETE CASCADE,
		start      INTEGER NOT NULL,
		end        INTEGER NOT NULL,
		text       TEXT NOT NULL,
		kind       TEXT NOT NULL,
		cue_start  INTEGER, cue_end INTEGER, cue_text TEXT,
		src_start  INTEGER, src_end INTEGER, src_text TEXT,
		speaker    TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX quotes_doc ON quotes(doc);
	CREATE INDEX quotes_speaker ON quotes(speaker);
	CREATE TABLE events (
		doc        INTEGER NOT NULL REFERENCES articles(doc) ON DELETE CASCADE,
		start      INTEGER NOT NULL,
		end        INTEGER NOT NULL,
		text       TEXT NOT NULL,
		type       TEXT NOT NULL,
		src_start  INTEGER, src_end INTEGER, src_text TEXT, src_actor TEXT,
		tgt_start  INTEGER, tgt_end INTEGER, tgt_text TEXT, tgt_actor TEXT,
		date       TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX events_doc ON events(doc);
	CREATE INDEX events_type ON events(type);`,
	// 2: the calendar interval of each timex (Unix seconds, half-open), for
	// finding articles by the time they talk about.
	`ALTER TABLE timexes ADD COLUMN range_start INTEGER;
	ALTER TABLE timexes ADD COLUMN range_end INTEGER;
	CREATE INDEX timexes_range ON timexes(range_start, range_end);`,
	// 3: entities across the corpus, kept up to date by Put.
	`CREATE TABLE entity_stats (
		entity    TEXT NOT NULL,
		type      TEXT NOT NULL,
		mentions  INTEGER NOT NULL,
		articles  INTEGER NOT NULL,
		first_day TEXT NOT NULL,
		last_day  TEXT NOT NULL,
		PRIMARY KEY (entity, type)
	) WITHOUT ROWID;
	CREATE INDEX entity_stats_mentions ON entity_stats(mentions);
	CREATE INDEX entity_stats_name ON entity_stats(entity COLLATE NOCASE);
	CREATE TABLE entity_aliases (
		entity   TEXT NOT NULL,
		type     TEXT NOT NULL,
		alias    TEXT NOT NULL,
		mentions INTEGER NOT NULL,
		PRIMARY KEY (entity, type, alias)
	) WITHOUT ROWID;
	CREATE INDEX entity_aliases_alias ON entity_aliases(alias COLLATE NOCASE);
	INSERT INTO entity_stats
		SELECT e.entity, e.type, count(*), count(DISTINCT e.doc), min(a.day), max(a.day)
		FROM entities e JOIN articles a ON a.doc = e.doc GROUP BY e.entity, e.type;
	INSERT INTO entity_aliases SELECT entity, type, text, count(*) FROM entities GROUP BY entity, type, text;`,
	// 4: quote text is searchable (FTS5 over the quotes table) and speakers
	// are looked up without regard to case.
	`CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', content_rowid='rowid', tokenize='porter unicode61');
	CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
		INSERT INTO quotes_fts(rowid, text) VALUES (new.rowid, new.text);
	END;
	CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
		INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
	END;
	INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');
	CREATE INDEX quotes_speaker_nocase ON quotes(speaker COLLATE NOCASE);
	CREATE INDEX entities_entity_nocase ON entities(entity COLLATE NOCASE);`,
	// 5: where an article's date came from, when the input did not give it.
	`ALTER TABLE articles ADD COLUMN date_source TEXT NOT NULL DEFAULT '';
	CREATE INDEX articles_lang ON articles(lang);`,
	// 6: near-duplicates: each article's MinHash signature, its LSH band
	// keys for candidate look-ups, and the first article of its group.
	`ALTER TABLE articles ADD COLUMN duplicate_of TEXT NOT NULL DEFAULT '';
	ALTER TABLE articles ADD COLUMN signature BLOB;
	CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
	CREATE TABLE dedup_bands (
		key INTEGER NOT NULL,
		doc INTEGER NOT NULL REFERENCES articles(doc) ON DELETE CASCADE
	);
	CREATE INDEX dedup_bands_key ON dedup_bands(key);
	CREATE INDEX dedup_bands_doc ON dedup_bands(doc);`,
	// 7: the byline of web pages and feed items.
	`ALTER TABLE articles ADD COLUMN author TEXT NOT NULL DEFAULT '';`,
	// 8: quotes by article with their spans and their sources' spans, so
	// that finding the quotes that hold an entity's mentions reads the
	// index alone (quotes about the most mentioned entity of 100,000
	// articles: 155 -> 92 ms); it serves look-ups by article too, so it
	// replaces quotes_doc.
	`CREATE INDEX quotes_doc_span ON quotes(doc, start, end, src_start, src_end);
	DROP INDEX quotes_doc;`,
	// 9: Put keeps quotes_fts in step itself, once per transaction, instead
	// of a trigger per quote: FTS5 writes its pending terms as a new segment
	// at every statement of a transaction it has joined, so a trigger made a
	// segment per quote and ingest spent most of its time merging them (93
	// articles/s at 40,000 articles, falling as the store grew).
	`DROP TRIGGER quotes_fts_insert;
	DROP TRIGGER quotes_fts_delete;`,
	// 10: events are listed by the actors taking part, in any case.
	`CREATE INDEX events_src_actor ON events(src_actor COLLATE NOCASE);
	CREATE INDEX events_tgt_actor ON events(tgt_actor COLLATE NOCASE);`,
}

func (s *Store) migrate(ctx context.Context) error {
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("reading schema version: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("database schema version %d is newer than this program knows (%d)", version, len(migrations))
	}
	for v := version; v < len(migrations); v++ {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migrating to schema %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrating to schema %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrating to schema %d: %w", v+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrating to schema %d: %w", v+1, err)
		}
	}
	return nil
}

// Put writes docs in one transaction. See dateline.Store.
func (s *Store) Put(ctx context.Context, docs []*dateline.Doc, analysis string) ([]dateline.PutResult, error) {
	res := make([]dateline.PutResult, len(docs))
	if len(docs) == 0 {
		return res, nil
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlite: put: %w", err)
	}
	defer tx.Rollback()
	w, err := newWriter(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("sqlite: put: %w", err)
	}
	defer w.close()
	var seq int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM articles").Scan(&seq); err != nil {
		return nil, fmt.Errorf("sqlite: put: reading sequence: %w", err)
	}
	now := time.Now().UTC().Format(time.RFC3339)
	for i, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		hash := dateline.ContentHash(&d.Article, analysis)
		var doc int64
		var old string
		err := w.lookup.QueryRowContext(ctx, d.ID).Scan(&doc, &old)
		switch {
		case err == nil && old == hash:
			res[i] = dateline.PutResult{Status: dateline.PutUnchanged}
			continue
		case err == nil:
			if err := w.tally.remove(ctx, tx, doc); err != nil {
				return nil, fmt.Errorf("sqlite: put %q: %w", d.ID, err)
			}
			if _, err := w.unindex.ExecContext(ctx, doc); err != nil {
				return nil, fmt.Errorf("sqlite: put %q: removing old quotes from the quote index: %w", d.ID, err)
			}
			if _, err := w.del.ExecContext(ctx, doc); err != nil {
				return nil, fmt.Errorf("sqlite: put %q: removing old version: %w", d.ID, err)
			}
			res[i].Status = dateline.PutReplaced
		case errors.Is(err, sql.ErrNoRows):
			res[i].Status = dateline.PutInserted
		default:
			return nil, fmt.Errorf("sqlite: put %q: %w", d.ID, err)
		}
		seq++
		res[i].Seq = seq
		if err := w.insert(ctx, d, seq, hash, analysis, now); err != nil {
			return nil, fmt.Errorf("sqlite: put %q: %w", d.ID, err)
		}
		w.tally.add(d)
	}
	if err := w.indexQuotes(ctx, tx); err != nil {
		return nil, fmt.Errorf("sqlite: put: indexing quote text: %w", err)
	}
	if err := w.tally.flush(ctx, tx); err != nil {
		return nil, fmt.Errorf("sqlite: put: updating entity counts: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("sqlite: put: commit: %w", err)
	}
	return res, nil
}

// writer holds the prepared statements of one Put transaction.
type writer struct {
	lookup, del, unindex, article, band, entity, timex, quote, event *sql.Stmt
	buf                                                              []byte
	tally                                                            entityTally
	quotes                                                           []int64 // rowids of the quotes inserted, for quotes_fts
}

// indexQuotes adds the quotes the transaction inserted to quotes_fts, in
// one statement (see migration 9).
func (w *writer) indexQuotes(ctx context.Context, tx *sql.Tx) error {
	if len(w.quotes) == 0 {
		return nil
	}
	ids, err := json.Marshal(w.quotes)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO quotes_fts(rowid, text)
		SELECT rowid, text FROM quotes WHERE rowid IN (SELECT value FROM json_each(?))`, string(ids))
	w.quotes = w.quotes[:0]
	return err
}

func newWriter(ctx context.Context, tx *sql.Tx) (*writer, error) {
	w := &writer{}
	for _, p := range []struct {
		st  **sql.Stmt
		sql string
	}{
		{&w.lookup, "SELECT doc, hash FROM articles WHERE id = ?"},
		{&w.del, "DELETE FROM articles WHERE doc = ?"},
		{&w.unindex, "INSERT INTO quotes_fts(quotes_fts, rowid, text) SELECT 'delete', rowid, text FROM quotes WHERE doc = ?"},
		{&w.article, `INSERT INTO articles (id, seq, day, published, title, url, source, author, lang, date_source, duplicate_of, signature,
			text, words, nsent, hash, analysis, sentences, tokens, ingested)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&w.band, "INSERT INTO dedup_bands (key, doc) VALUES (?, ?)"},
		{&w.entity, "INSERT INTO entities (doc, start, end, text, type, entity) VALUES (?, ?, ?, ?, ?, ?)"},
		{&w.timex, "INSERT INTO timexes (doc, start, end, text, type, value, mod, range_start, range_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"},
		{&w.quote, `INSERT INTO quotes (doc, start, end, text, kind, cue_start, cue_end, cue_text, src_start, src_end, src_text, speaker)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&w.event, `INSERT INTO events (doc, start, end, text, type, src_start, src_end, src_text, src_actor, tgt_start, tgt_end, tgt_text, tgt_actor, date)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
	} {
		st, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			w.close()
			return nil, fmt.Errorf("preparing %q: %w", p.sql, err)
		}
		*p.st = st
	}
	return w, nil
}

func (w *writer) close() {
	for _, st := range []*sql.Stmt{w.lookup, w.del, w.unindex, w.article, w.band, w.entity, w.timex, w.quote, w.event} {
		if st != nil {
			st.Close()
		}
	}
}

// nullSpan returns the columns of an optional mention.
func nullSpan(m *dateline.Mention) (any, any, any) {
	if m == nil {
		return nil, nil, nil
	}
	return m.Start, m.End, m.Text
}

func nullActor(a *dateline.Actor) (any, any, any, any) {
	if a == nil {
		return nil, nil, nil, nil
	}
	return a.Start, a.End, a.Text, a.Actor
}

func (w *writer) insert(ctx context.Context, d *dateline.Doc, seq int64, hash, analysis, now string) error {
	published := ""
	if d.HasTime {
		published = d.Date.Format(time.RFC3339)
	}
	sents := spancodec.AppendSentences(nil, d.Sentences)
	w.buf = spancodec.AppendTokens(w.buf[:0], d.Tokens)
	var sig []byte
	if d.Fingerprint != nil {
		sig = d.Fingerprint.Signature
	}
	r, err := w.article.ExecContext(ctx, d.ID, seq, d.Day(), published, d.Title, d.URL, d.Source, d.Author, d.Lang, d.DateSource, d.DuplicateOf, sig,
		d.Text, d.Words(), len(d.Sentences), hash, analysis, sents, w.buf, now)
	if err != nil {
		return fmt.Errorf("inserting article: %w", err)
	}
	doc, err := r.LastInsertId()
	if err != nil {
		return fmt.Errorf("inserting article: %w", err)
	}
	if d.Fingerprint != nil {
		for _, k := range d.Fingerprint.Bands {
			if _, err := w.band.ExecContext(ctx, int64(k), doc); err != nil {
				return fmt.Errorf("inserting band key: %w", err)
			}
		}
	}
	for _, e := range d.Entities {
		if _, err := w.entity.ExecContext(ctx, doc, e.Start, e.End, e.Text, e.Type, e.Entity); err != nil {
			return fmt.Errorf("inserting entity: %w", err)
		}
	}
	for _, t := range d.Timexes {
		var rs, re any
		if t.Range != nil {
			rs, re = t.Range.Start.Unix(), t.Range.End.Unix()
		}
		if _, err := w.timex.ExecContext(ctx, doc, t.Start, t.End, t.Text, t.Type, t.Value, t.Mod, rs, re); err != nil {
			return fmt.Errorf("inserting timex: %w", err)
		}
	}
	for _, q := range d.Quotes {
		cs, ce, ct := nullSpan(q.Cue)
		ss, se, st := nullSpan(q.Source)
		r, err := w.quote.ExecContext(ctx, doc, q.Start, q.End, q.Text, q.Kind, cs, ce, ct, ss, se, st, q.Speaker)
		if err != nil {
			return fmt.Errorf("inserting quote: %w", err)
		}
		id, err := r.LastInsertId()
		if err != nil {
			return fmt.Errorf("inserting quote: %w", err)
		}
		w.quotes = append(w.quotes, id)
	}
	for _, e := range d.Events {
		ss, se, st, sa := nullActor(e.Source)
		ts, te, tt, ta := nullActor(e.Target)
		if _, err := w.event.ExecContext(ctx, doc, e.Start, e.End, e.Text, e.Type, ss, se, st, sa, ts, te, tt, ta, e.Date); err != nil {
			return fmt.Errorf("inserting event: %w", err)
		}
	}
	return nil
}

// Hashes returns the stored content hashes of the ids that exist.
func (s *Store) Hashes(ctx context.Context, ids []string) (map[string]string, error) {
	out, err := s.column(ctx, ids, "hash")
	if err != nil {
		return nil, fmt.Errorf("sqlite: hashes: %w", err)
	}
	return out, nil
}

// Texts returns the article texts of the ids that exist.
func (s *Store) Texts(ctx context.Context, ids []string) (map[string]string, error) {
	out, err := s.column(ctx, ids, "text")
	if err != nil {
		return nil, fmt.Errorf("sqlite: texts: %w", err)
	}
	return out, nil
}

// column returns one text column of the articles ids that exist, by id.
func (s *Store) column(ctx context.Context, ids []string, column string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	err := s.inChunks(ctx, ids, "SELECT id, "+column+" FROM articles WHERE id IN (%s)", func(rows *sql.Rows) error {
		var id, v string
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		out[id] = v
		return nil
	})
	return out, err
}

// inChunks runs a query whose %s stands for a list of ids (as in "id IN
// (%s)") over ids. The ids go in as one JSON array, read by json_each, so
// the query text is the same for any list and is prepared once (see
// prepared): compiling a query per page of results was a fifth of the CPU
// of a search.
func (s *Store) inChunks(ctx context.Context, ids []string, query string, scan func(*sql.Rows) error) error {
	if len(ids) == 0 {
		return nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	st, err := s.prepared(ctx, fmt.Sprintf(query, "SELECT value FROM json_each(?)"))
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(ctx, string(list))
	return eachRowOf(rows, err, scan)
}

// prepared returns query prepared, preparing it the first time.
func (s *Store) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := s.stmts.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if prev, loaded := s.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

const articleColumns = "doc, id, seq, day, published, title, url, source, author, lang, date_source, duplicate_of, text, hash, analysis"

type rowScanner interface{ Scan(...any) error }

// scanArticle reads the columns named by articleColumns, then extra.
func scanArticle(r rowScanner, extra ...any) (*dateline.Stored, int64, error) {
	var (
		doc            int64
		st             dateline.Stored
		day, published string
	)
	st.Doc = &dateline.Doc{}
	a := &st.Doc.Article
	dest := append([]any{&doc, &a.ID, &st.Seq, &day, &published, &a.Title, &a.URL, &a.Source, &a.Author, &a.Lang, &a.DateSource, &a.DuplicateOf, &a.Text, &st.Hash, &st.Analysis}, extra...)
	if err := r.Scan(dest...); err != nil {
		return nil, 0, err
	}
	if err := parseDates(a, day, published); err != nil {
		return nil, 0, fmt.Errorf("article %q: %w", a.ID, err)
	}
	return &st, doc, nil
}

func parseDates(a *dateline.Article, day, published string) error {
	if published != "" {
		t, err := time.Parse(time.RFC3339, published)
		if err != nil {
			return fmt.Errorf("bad stored publication time %q: %w", published, err)
		}
		a.Date, a.HasTime = t, true
		return nil
	}
	t, err := time.Parse(dateline.DateLayout, day)
	if err != nil {
		return fmt.Errorf("bad stored day %q: %w", day, err)
	}
	a.Date = t
	return nil
}

// Get returns one article with all its layers.
func (s *Store) Get(ctx context.Context, id string) (*dateline.Stored, error) {
	// One read transaction: the article and its layers come from the same
	// snapshot even while a writer replaces them.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("sqlite: get %q: %w", id, err)
	}
	defer tx.Rollback()
	row := tx.StmtContext(ctx, s.get.article).QueryRowContext(ctx, id)
	var sents, toks []byte
	st, doc, err := scanArticle(row, &sents, &toks)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sqlite: article %q: %w", id, dateline.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: get %q: %w", id, err)
	}
	a := &st.Doc.Article
	d := st.Doc
	if d.Sentences, err = spancodec.Sentences(sents, len(a.Text)); err != nil {
		return nil, fmt.Errorf("sqlite: get %q: %w", id, err)
	}
	if d.Tokens, err = spancodec.Tokens(toks, len(a.Text)); err != nil {
		return nil, fmt.Errorf("sqlite: get %q: %w", id, err)
	}
	if err := s.loadLayers(ctx, tx, doc, d); err != nil {
		return nil, fmt.Errorf("sqlite: get %q: %w", id, err)
	}
	return st, nil
}

// eachRow runs query and calls scan for every row it returns.
func (s *Store) eachRow(ctx context.Context, scan func(*sql.Rows) error, query string, args ...any) error {
	rows, err := s.db.QueryContext(ctx, query, args...)
	return eachRowOf(rows, err, scan)
}

func (s *Store) loadLayers(ctx context.Context, tx *sql.Tx, doc int64, d *dateline.Doc) error {
	for i, lt := range layerTables {
		rows, err := tx.StmtContext(ctx, s.get.layers[i]).QueryContext(ctx, doc)
		if err := eachRowOf(rows, err, func(r *sql.Rows) error {
			add, err := lt.scan(r)
			if err == nil {
				add(d)
			}
			return err
		}); err != nil {
			return fmt.Errorf("loading %s: %w", lt.table, err)
		}
	}
	return nil
}

const (
	entityColumns = "start, end, text, type, entity"
	timexColumns  = "start, end, text, type, value, mod, range_start, range_end"
)

func scanEntity(r rowScanner, extra ...any) (dateline.Entity, error) {
	var e dateline.Entity
	err := r.Scan(append([]any{&e.Start, &e.End, &e.Text, &e.Type, &e.Entity}, extra...)...)
	return e, err
}

func scanTimex(r rowScanner, extra ...any) (dateline.Timex, error) {
	var t dateline.Timex
	var rs, re sql.NullInt64
	err := r.Scan(append([]any{&t.Start, &t.End, &t.Text, &t.Type, &t.Value, &t.Mod, &rs, &re}, extra...)...)
	if rs.Valid && re.Valid {
		t.Range = &dateline.TimeRange{Start: time.Unix(rs.Int64, 0).UTC(), End: time.Unix(re.Int64, 0).UTC()}
	}
	return t, err
}

const (
	quoteColumns = "start, end, text, kind, cue_start, cue_end, cue_text, src_start, src_end, src_text, speaker"
	eventColumns = "start, end, text, type, src_start, src_end, src_text, src_actor, tgt_start, tgt_end, tgt_text, tgt_actor, date"
)

func scanQuote(r rowScanner, extra ...any) (dateline.Quote, error) {
	var q dateline.Quote
	var cue, src nullMention
	err := r.Scan(append([]any{&q.Start, &q.End, &q.Text, &q.Kind, &cue.start, &cue.end, &cue.text,
		&src.start, &src.end, &src.text, &q.Speaker}, extra...)...)
	q.Cue, q.Source = cue.mention(), src.mention()
	return q, err
}

func scanEvent(r rowScanner, extra ...any) (dateline.Event, error) {
	var e dateline.Event
	var src, tgt nullMention
	var srcActor, tgtActor sql.NullString
	err := r.Scan(append([]any{&e.Start, &e.End, &e.Text, &e.Type, &src.start, &src.end, &src.text, &srcActor,
		&tgt.start, &tgt.end, &tgt.text, &tgtActor, &e.Date}, extra...)...)
	e.Source, e.Target = src.actor(srcActor), tgt.actor(tgtActor)
	return e, err
}

type nullMention struct {
	start, end sql.NullInt64
	text       sql.NullString
}

func (m nullMention) mention() *dateline.Mention {
	if !m.start.Valid {
		return nil
	}
	return &dateline.Mention{Span: dateline.Span{Start: int(m.start.Int64), End: int(m.end.Int64)}, Text: m.text.String}
}

func (m nullMention) actor(name sql.NullString) *dateline.Actor {
	if !m.start.Valid {
		return nil
	}
	return &dateline.Actor{Span: dateline.Span{Start: int(m.start.Int64), End: int(m.end.Int64)}, Text: m.text.String, Actor: name.String}
}

// Summaries returns the summaries of the ids that exist, in the order given.
func (s *Store) Summaries(ctx context.Context, ids []string) ([]dateline.Summary, error) {
	byID := make(map[string]dateline.Summary, len(ids))
	err := s.inChunks(ctx, ids, "SELECT id, day, published, title, url, source, words FROM articles WHERE id IN (%s)", func(r *sql.Rows) error {
		var sm dateline.Summary
		var day, pub string
		if err := r.Scan(&sm.ID, &day, &pub, &sm.Title, &sm.URL, &sm.Source, &sm.Words); err != nil {
			return err
		}
		var a dateline.Article
		if err := parseDates(&a, day, pub); err != nil {
			return err
		}
		sm.Date, sm.Day = a.Date, day
		byID[sm.ID] = sm
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: summaries: %w", err)
	}
	out := make([]dateline.Summary, 0, len(ids))
	for _, id := range ids {
		if sm, ok := byID[id]; ok {
			out = append(out, sm)
		}
	}
	return out, nil
}

// Changes calls fn for every article version written after since, in order,
// with every layer but sentences and tokens loaded.
func (s *Store) Changes(ctx context.Context, since int64, limit int, fn func(*dateline.Stored) error) (int64, error) {
	if limit <= 0 {
		limit = -1
	}
	// Read the page of articles, then their queryable layers in one query
	// each, before calling fn, so that fn may use the store.
	const page = "SELECT doc FROM articles WHERE seq > ?1 ORDER BY seq LIMIT ?2"
	// One read transaction: the articles and their layers come from the
	// same snapshot even while a writer replaces them.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return since, fmt.Errorf("sqlite: changes since %d: %w", since, err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT "+articleColumns+" FROM articles WHERE seq > ?1 ORDER BY seq LIMIT ?2", since, limit)
	if err != nil {
		return since, fmt.Errorf("sqlite: changes since %d: %w", since, err)
	}
	var batch []*dateline.Stored
	byDoc := make(map[int64]*dateline.Doc)
	for rows.Next() {
		st, doc, err := scanArticle(rows)
		if err != nil {
			rows.Close()
			return since, fmt.Errorf("sqlite: changes since %d: %w", since, err)
		}
		batch = append(batch, st)
		byDoc[doc] = st.Doc
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return since, fmt.Errorf("sqlite: changes since %d: %w", since, err)
	}
	if len(batch) == 0 {
		return since, nil
	}
	for _, lt := range layerTables {
		rows, err := tx.QueryContext(ctx, "SELECT "+lt.columns+", doc FROM "+lt.table+" WHERE doc IN ("+page+") ORDER BY rowid", since, limit)
		if err := eachRowOf(rows, err, func(r *sql.Rows) error {
			var doc int64
			add, err := lt.scan(r, &doc)
			if d := byDoc[doc]; d != nil && err == nil {
				add(d)
			}
			return err
		}); err != nil {
			return since, fmt.Errorf("sqlite: changes since %d: loading %s: %w", since, lt.table, err)
		}
	}
	if err := tx.Rollback(); err != nil {
		return since, fmt.Errorf("sqlite: changes since %d: %w", since, err)
	}
	last := since
	for _, st := range batch {
		if err := fn(st); err != nil {
			return last, err
		}
		last = st.Seq
	}
	return last, nil
}

// Stats returns corpus-wide counts.
func (s *Store) Stats(ctx context.Context) (dateline.Stats, error) {
	var st dateline.Stats
	var first, last sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE duplicate_of = ''), coalesce(sum(words), 0), coalesce(sum(nsent), 0),
		coalesce(sum(length(CAST(text AS BLOB))), 0), min(day), max(day), count(DISTINCT nullif(source, '')), coalesce(max(seq), 0) FROM articles`).
		Scan(&st.Articles, &st.Unique, &st.Words, &st.Sentences, &st.Bytes, &first, &last, &st.Sources, &st.Seq)
	if err != nil {
		return st, fmt.Errorf("sqlite: stats: %w", err)
	}
	for _, c := range []struct {
		n     *int64
		table string
	}{{&st.Entities, "entities"}, {&st.Timexes, "timexes"}, {&st.Quotes, "quotes"}, {&st.Events, "events"}} {
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+c.table).Scan(c.n); err != nil {
			return st, fmt.Errorf("sqlite: stats: counting %s: %w", c.table, err)
		}
	}
	if first.Valid {
		st.FirstDay, st.LastDay = first.String, last.String
		st.First, _ = time.Parse(dateline.DateLayout, first.String)
		st.Last, _ = time.Parse(dateline.DateLayout, last.String)
	}
	return st, nil
}
