package dateline

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"time"
)

// ContentHash identifies an article's content together with the version of
// the analysis that produced its layers. A store skips a write whose hash
// equals the stored one, so re-ingesting an unchanged corpus costs nothing,
// while a new analysis version re-analyses everything.
func ContentHash(a *Article, analysis string) string {
	h := sha256.New()
	field := func(h hash.Hash, s string) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	field(h, a.ID)
	if a.HasTime {
		field(h, a.Date.UTC().Format(time.RFC3339Nano))
	} else {
		field(h, a.Day())
	}
	field(h, a.Text)
	field(h, a.Title)
	field(h, a.URL)
	field(h, a.Source)
	field(h, a.Author)
	field(h, a.Lang)
	field(h, a.DateSource)
	field(h, analysis)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// PutStatus says what a store did with one document.
type PutStatus uint8

// Put outcomes.
const (
	PutInserted  PutStatus = iota // a new article id
	PutReplaced                   // an existing id with different content or analysis
	PutUnchanged                  // same id and content hash: nothing written
)

func (s PutStatus) String() string {
	switch s {
	case PutInserted:
		return "inserted"
	case PutReplaced:
		return "replaced"
	case PutUnchanged:
		return "unchanged"
	}
	return "unknown"
}

// PutResult is what a store did with one document, and the sequence number
// of the write (0 when nothing was written).
type PutResult struct {
	Status PutStatus
	Seq    int64
}

// Stored is a document as a store hands it back, with its bookkeeping.
type Stored struct {
	*Doc
	Seq      int64  // store sequence number of the write that produced this version
	Hash     string // ContentHash of the article and analysis
	Analysis string // analysis version that produced the layers
}

// Summary is the short form of an article used in result lists.
type Summary struct {
	ID     string    `json:"id"`
	Date   time.Time `json:"-"`
	Day    string    `json:"date"`
	Title  string    `json:"title,omitempty"`
	URL    string    `json:"url,omitempty"`
	Source string    `json:"source,omitempty"`
	Words  int       `json:"words"`
}

// Candidate is a stored article that may be a near-duplicate of a text.
type Candidate struct {
	ID          string
	DuplicateOf string // its group: "" when it is the first of its group
	Signature   []byte
}

// Place is one appearance of an article's text: an article id with its
// address, outlet and date.
type Place struct {
	ID     string    `json:"id"`
	URL    string    `json:"url,omitempty"`
	Source string    `json:"source,omitempty"`
	Date   time.Time `json:"-"`
	Day    string    `json:"date"`
}

// EntityStat is one entity across the corpus: a canonical name and type
// with what was said of it.
type EntityStat struct {
	Name     string    `json:"entity"`
	Type     string    `json:"type"`
	Mentions int64     `json:"mentions"`
	Articles int64     `json:"articles"`
	First    time.Time `json:"-"`
	Last     time.Time `json:"-"`
	FirstDay string    `json:"first_date"`
	LastDay  string    `json:"last_date"`
	Aliases  []Alias   `json:"aliases,omitempty"`
}

// Alias is a form an entity is mentioned by, with how often.
type Alias struct {
	Text     string `json:"text"`
	Mentions int64  `json:"mentions"`
}

// EntityQuery selects entities. The zero value lists them all.
type EntityQuery struct {
	Type     string    // PERSON, ORG, LOC, MISC, or "" for all
	From, To time.Time // count only mentions in articles published in this range (inclusive)
	Limit    int       // default 50
	Offset   int
}

// Stats are corpus-wide counts.
type Stats struct {
	Articles  int64     `json:"articles"`
	Unique    int64     `json:"unique_articles"` // articles that are not near-duplicates of another
	Words     int64     `json:"words"`
	Sentences int64     `json:"sentences"`
	Entities  int64     `json:"entities"`
	Timexes   int64     `json:"timexes"`
	Quotes    int64     `json:"quotes"`
	Events    int64     `json:"events"`
	Sources   int64     `json:"sources"`
	First     time.Time `json:"-"`
	Last      time.Time `json:"-"`
	FirstDay  string    `json:"first_date,omitempty"`
	LastDay   string    `json:"last_date,omitempty"`
	Bytes     int64     `json:"text_bytes"`
	Seq       int64     `json:"seq"` // last store sequence number
}

// Store is the system of record: articles and every annotation layer.
// Implementations (sqlite, postgres) are safe for concurrent use.
//
// Every write gets a sequence number from a counter that only grows; search
// indexes remember the last sequence number they applied and catch up with
// Changes, which is what keeps a separate index consistent with the store
// across crashes.
type Store interface {
	// Put writes docs in one transaction, idempotently by article id: an id
	// seen before is replaced, unless its content hash (ContentHash of the
	// article and analysis) is unchanged, in which case nothing is written.
	// The result has one entry per doc, in order.
	Put(ctx context.Context, docs []*Doc, analysis string) ([]PutResult, error)
	// Hashes returns the stored content hash of those ids that exist, so that
	// a pipeline can skip analysing unchanged articles.
	Hashes(ctx context.Context, ids []string) (map[string]string, error)
	// Get returns one article with all its layers, or ErrNotFound.
	Get(ctx context.Context, id string) (*Stored, error)
	// Summaries returns the summaries of the ids that exist, in the order given.
	Summaries(ctx context.Context, ids []string) ([]Summary, error)
	// Texts returns the article texts of the ids that exist.
	Texts(ctx context.Context, ids []string) (map[string]string, error)
	// Changes calls fn, in sequence order, for every article version written
	// after sequence number since, at most limit of them (limit <= 0: all).
	// The Stored values carry the article fields, the bookkeeping, and the
	// layers a search index filters on (entities, timexes, quotes and
	// events); sentences and tokens are not loaded. It returns the last sequence number passed to
	// fn (since if none).
	Changes(ctx context.Context, since int64, limit int, fn func(*Stored) error) (int64, error)
	// Stats returns corpus-wide counts.
	Stats(ctx context.Context) (Stats, error)
	// Entities lists the entities of the corpus, most mentioned first.
	Entities(ctx context.Context, q EntityQuery) ([]EntityStat, error)
	// FindEntities returns the entities whose canonical name or one of
	// whose mentions equals name, ignoring case, most mentioned first.
	FindEntities(ctx context.Context, name string) ([]EntityStat, error)
	// KnownNames returns those of names by which FindEntities would find
	// an entity, as given: the cheap check of whether a name has a page.
	KnownNames(ctx context.Context, names []string) (map[string]bool, error)
	// Candidates returns the stored articles that share a band key with
	// bands: the candidates for near-duplicates of a text, with their
	// signatures.
	Candidates(ctx context.Context, bands []uint64) ([]Candidate, error)
	// Places lists where the text of article id appeared: the first
	// article of its duplicate group and every near-duplicate of it, oldest
	// first. An article without duplicates has one place.
	Places(ctx context.Context, id string) ([]Place, error)
	// Quotes lists quotations and reported speech across the corpus, newest
	// first, with the total number that match.
	Quotes(ctx context.Context, q QuoteQuery) ([]QuoteHit, int, error)
	// Events lists coded events across the corpus, newest article first,
	// with the total number that match.
	Events(ctx context.Context, q EventQuery) ([]EventHit, int, error)
	// Close releases the store.
	Close() error
}

// QuoteQuery selects quotes. The zero value lists them all.
type QuoteQuery struct {
	// Speakers keeps quotes whose speaker is one of these (canonical
	// names, ignoring case).
	Speakers []string
	// About keeps quotes whose content mentions one of these entities
	// (canonical names, ignoring case).
	About []string
	// Text keeps quotes whose content matches these words (all of them,
	// stemmed) or a "quoted phrase".
	Text string
	// Kind keeps one kind: QuoteDirect, QuoteIndirect or QuoteMixed.
	Kind string
	// Dedup leaves out the quotes of near-duplicate articles, so that a
	// syndicated quote counts once.
	Dedup bool
	// From and To bound the publication date of the article, inclusive.
	From, To time.Time
	// Limit is the page size (default 50); Offset the quotes to skip.
	Limit, Offset int
}

// QuoteHit is a quote with the article it comes from.
type QuoteHit struct {
	Quote
	ArticleID string    `json:"article"`
	Date      time.Time `json:"-"`
	Day       string    `json:"date"`
	Title     string    `json:"title,omitempty"`
}

// EventQuery selects events. The zero value lists them all.
type EventQuery struct {
	// Types keeps events of these PLOVER types.
	Types []string
	// Actors keeps events whose source or target resolves to one of these
	// names (canonical names, ignoring case).
	Actors []string
	// Dedup leaves out the events of near-duplicate articles, so that a
	// syndicated report counts once.
	Dedup bool
	// From and To bound the publication date of the article, inclusive.
	From, To time.Time
	// Limit is the page size (default 50); Offset the events to skip.
	Limit, Offset int
}

// EventHit is an event with the article it comes from.
type EventHit struct {
	Event
	ArticleID string `json:"article"`
	Published string `json:"published"` // the article's day; Event.Date is the event's
	Title     string `json:"title,omitempty"`
}

// Query is a search over the stored articles. The zero value of each filter
// means "no filter".
type Query struct {
	// Text in the query language: words (stemmed), "exact phrases",
	// AND, OR, NOT (or -word), parentheses; juxtaposition means AND.
	// Empty Text matches every article that passes the filters.
	Text string
	// From and To bound the publication date, inclusive, by day.
	From, To time.Time
	// MentionedFrom and MentionedTo keep the articles that talk about a
	// time in that range (inclusive, by day): one of their time expressions
	// denotes an interval that overlaps it. Either may be zero (open).
	MentionedFrom, MentionedTo time.Time
	// Languages keeps the articles in one of these languages (ISO 639-1
	// codes); "" among them stands for articles of unknown language.
	Languages []string
	// Dedup leaves out near-duplicates: each text counts once, found by
	// the first article of its group.
	Dedup bool
	// Entities keeps the articles that mention any of these entities, by
	// canonical name (Entity.Entity), ignoring case.
	Entities []string
	// Speakers keeps the articles that quote any of these speakers
	// (Quote.Speaker), ignoring case.
	Speakers []string
	// EventTypes keeps the articles with an event of one of these types.
	EventTypes []string
	// Limit is the page size (default 10); Offset the number of hits to skip.
	Limit, Offset int
}

// Hit is one search result.
type Hit struct {
	ID    string  `json:"id"`
	Score float64 `json:"score"`
}

// Hits is a page of search results. Total counts every match, so that it
// agrees with paging through all pages.
type Hits struct {
	Total int   `json:"total"`
	Hits  []Hit `json:"hits"`
}

// Index is a full-text search index fed from a Store. It may be a separate
// engine (Bleve) or live inside the store's database (PostgreSQL tsvector).
type Index interface {
	// Apply adds or replaces docs and records seq as the last store sequence
	// number applied, atomically with the documents.
	Apply(ctx context.Context, docs []*Stored, seq int64) error
	// Seq returns the last store sequence number applied (0 for a new index).
	Seq(ctx context.Context) (int64, error)
	// Search runs q and returns a page of hits with the total.
	Search(ctx context.Context, q Query) (Hits, error)
	// Match returns the spans of text that q's terms match, as the index's
	// analysis sees them, for highlighting snippets.
	Match(text string, q Query) ([]Span, error)
	// Reset empties the index (for a rebuild).
	Reset(ctx context.Context) error
	// Close releases the index.
	Close() error
}
