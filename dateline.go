// Package dateline holds the domain model of the dateline news-intelligence
// engine: articles, the analysed document with its standoff annotation layers,
// and the interfaces that analysis layers, stores and search indexes
// implement.
//
// Every annotation is a span of byte offsets into the article text, which is
// never rewritten. Offsets are half-open ([Start, End)) and count UTF-8 bytes,
// so text[span.Start:span.End] is always the annotated string.
//
// This package imports nothing else of dateline's: analysis layers
// (text, timex, ner, quote, event), readers, stores (sqlite, postgres) and the
// CLI depend on it, never the other way round.
package dateline

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// DateLayout is the ISO 8601 calendar date layout used for article dates.
const DateLayout = "2006-01-02"

// Article is one dated news article as read from an input.
//
// Date is the publication date: the anchor against which relative time
// expressions in Text are resolved. When the input gave only a day, Date is
// midnight UTC of that day and HasTime is false.
type Article struct {
	ID      string    // identifier, echoed verbatim in every output
	Date    time.Time // publication date (and time, if HasTime)
	HasTime bool      // whether Date carries a time of day from the input
	Text    string    // body, exactly as analysed; offsets point into it
	Title   string    // optional headline
	URL     string    // optional address of the original
	Source  string    // optional outlet or feed name
	Author  string    // optional byline
	Lang    string    // optional ISO 639-1 language code ("" = unknown)
	// DateSource says where Date came from when the input did not give it
	// outright: "meta" (a web page's metadata), "feed" (the feed item),
	// "text" (a date line in the text) or "crawl" (the crawl time: the page
	// stated no date). "" means the input gave the date.
	DateSource string
	// DuplicateOf is the id of the article this one is a near-duplicate of
	// (syndicated wire copy, an updated version): the first of its group.
	// "" for an article that is the first of its text.
	DuplicateOf string
}

// Day returns the publication date as YYYY-MM-DD.
func (a *Article) Day() string { return a.Date.Format(DateLayout) }

// Span is a half-open byte range [Start, End) into an article's text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len returns the number of bytes the span covers.
func (s Span) Len() int { return s.End - s.Start }

// Valid reports whether the span lies within a text of n bytes.
func (s Span) Valid(n int) bool { return 0 <= s.Start && s.Start <= s.End && s.End <= n }

// Contains reports whether o lies entirely within s.
func (s Span) Contains(o Span) bool { return s.Start <= o.Start && o.End <= s.End }

// Overlaps reports whether s and o share at least one byte.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// Sentence is one sentence (or heading) of the text.
type Sentence struct {
	Span
}

// TokenKind classifies a token.
type TokenKind uint8

// Token kinds. The zero value is TokWord.
const (
	TokWord   TokenKind = iota // a word, abbreviation, initial or contraction part
	TokNumber                  // digits, decimals, ordinals such as 3rd, 1,000.5
	TokPunct                   // punctuation other than quotes and dashes
	TokQuote                   // a quotation mark: " “ ” ' ‘ ’ « » ‹ ›
	TokDash                    // -- — – used as punctuation
	TokSymbol                  // currency, percent, other symbols
)

var tokenKindNames = [...]string{"word", "number", "punct", "quote", "dash", "symbol"}

func (k TokenKind) String() string {
	if int(k) < len(tokenKindNames) {
		return tokenKindNames[k]
	}
	return fmt.Sprintf("TokenKind(%d)", k)
}

// Token is one token of the text.
type Token struct {
	Span
	Kind TokenKind
}

// Entity types, as in CoNLL-2003.
const (
	EntityPerson = "PERSON"
	EntityOrg    = "ORG"
	EntityLoc    = "LOC" // countries, cities, regions, geo-political entities
	EntityMisc   = "MISC"
)

// Entity is a named-entity mention.
type Entity struct {
	Span
	Text   string `json:"text"`
	Type   string `json:"type"`   // EntityPerson, EntityOrg, EntityLoc, EntityMisc
	Entity string `json:"entity"` // canonical name within the document
}

// Timex types, as in TimeML TIMEX3.
const (
	TimexDate     = "DATE"
	TimexTime     = "TIME"
	TimexDuration = "DURATION"
	TimexSet      = "SET"
)

// Timex is a temporal expression normalised as a TimeML TIMEX3.
type Timex struct {
	Span
	Text  string `json:"text"`
	Type  string `json:"type"`          // TimexDate, TimexTime, TimexDuration, TimexSet
	Value string `json:"value"`         // TimeML value: 2023-03-02, 2023-W08, P3D, PRESENT_REF, ...
	Mod   string `json:"mod,omitempty"` // LESS_THAN, MORE_THAN, APPROX, START, END, MID, ...
	// Range is the calendar interval Value denotes, for DATE and TIME values
	// that denote one (nil for PAST_REF, durations, sets, ...). The temporal
	// layer fills it; stores keep it so that articles can be found by the
	// time they talk about. It is derived from Value and not part of the
	// JSON output.
	Range *TimeRange `json:"-"`
}

// TimeRange is a half-open interval of time [Start, End).
type TimeRange struct {
	Start, End time.Time
}

// Overlaps reports whether r and o share an instant.
func (r TimeRange) Overlaps(o TimeRange) bool { return r.Start.Before(o.End) && o.Start.Before(r.End) }

// Mention is a piece of text that plays a role in a larger annotation: the cue
// or the source of a quote.
type Mention struct {
	Span
	Text string `json:"text"`
}

// Quote kinds.
const (
	QuoteDirect   = "direct"   // content in quotation marks
	QuoteIndirect = "indirect" // reported speech
	QuoteMixed    = "mixed"    // reported speech with quoted fragments
)

// Quote is a quotation or a piece of reported speech. Its span is the content.
type Quote struct {
	Span
	Text    string   `json:"text"`
	Kind    string   `json:"kind"`
	Cue     *Mention `json:"cue,omitempty"`
	Source  *Mention `json:"source,omitempty"`
	Speaker string   `json:"speaker,omitempty"` // canonical name, or the role when no name is known
}

// Actor is a participant in an event: a mention and what it resolves to.
type Actor struct {
	Span
	Text  string `json:"text"`
	Actor string `json:"actor"`
}

// Name is what to call the actor: what it resolves to, else the words of
// its mention (an unresolved "he", a role such as "her counterpart"). It
// is "" for a nil actor.
func (a *Actor) Name() string {
	switch {
	case a == nil:
		return ""
	case a.Actor != "":
		return a.Actor
	}
	return a.Text
}

// EventTypes returns the PLOVER event types, in alphabetical order.
func EventTypes() []string {
	return []string{"AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE", "DEMAND",
		"DISAPPROVE", "FIGHT", "INVESTIGATE", "MOBILIZE", "PROTEST", "REJECT", "RETREAT", "SANCTION", "SUPPORT", "THREATEN"}
}

// Event is a political event coded with a PLOVER type.
type Event struct {
	Span
	Text   string `json:"text"`
	Type   string `json:"type"` // PLOVER: AGREE, ASSAULT, CONSULT, DEMAND, ...
	Source *Actor `json:"source,omitempty"`
	Target *Actor `json:"target,omitempty"`
	Date   string `json:"date,omitempty"` // TimeML value of when the event happened
}

// Doc is an article with its standoff annotation layers. Analysis layers add
// to it; none of them changes Article.Text.
type Doc struct {
	Article
	Sentences []Sentence
	Tokens    []Token
	Entities  []Entity
	Timexes   []Timex
	Quotes    []Quote
	Events    []Event
	// Fingerprint, if set, is stored for near-duplicate look-ups; it is
	// not part of the JSON output.
	Fingerprint *Fingerprint
}

// Fingerprint is what finds near-duplicates of an article: a MinHash
// signature of its text and the LSH band keys of the signature. An ingest
// computes it; stores keep it so that later articles can be compared.
type Fingerprint struct {
	Signature []byte   // encoded signature
	Bands     []uint64 // band keys
}

// NewDoc returns a document for a with every layer empty.
func NewDoc(a Article) *Doc { return &Doc{Article: a} }

// Words returns the number of word and number tokens in the document.
func (d *Doc) Words() int {
	n := 0
	for _, t := range d.Tokens {
		if t.Kind == TokWord || t.Kind == TokNumber {
			n++
		}
	}
	return n
}

// Analyzer is one analysis layer. Analyze reads the layers it needs from doc
// and adds its own. An Analyzer must be safe for concurrent use by several
// goroutines, each with its own Doc.
type Analyzer interface {
	// Name identifies the layer ("text", "timex", ...).
	Name() string
	// Analyze adds the layer's annotations to doc.
	Analyze(ctx context.Context, doc *Doc) error
}

// Versioned is implemented by analyzers whose output depends on a model or
// rule set that can change; the version goes into the content hash a store
// uses to decide whether an unchanged article must be analysed again.
type Versioned interface {
	Version() string
}

// InputError is a problem with one input record: it names the file and line.
// Readers return it for a malformed record and go on with the next one.
type InputError struct {
	File string // file name as given, or "-" for standard input
	Line int    // 1-based line number of the record (0 if unknown)
	Err  error
}

func (e *InputError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *InputError) Unwrap() error { return e.Err }

// ErrNotFound is returned by stores for an article or entity that does not exist.
var ErrNotFound = errors.New("not found")

// LanguageSpecific is implemented by analyzers that work only on some
// languages: a pipeline skips them for documents whose Lang is known and not
// among Languages (ISO 639-1 codes).
type LanguageSpecific interface {
	Languages() []string
}
