// Package fulltext is dateline's full-text search index on Bleve (scorch).
//
// An Index holds, per article, these fields:
//
//   - "text": the body and the headline, analysed with Bleve's "en" analyzer
//     (Unicode words, possessives dropped, lower case, English stop words
//     removed, Porter stems), with term vectors so that phrases work. The
//     headline is a separate value of the field, so a phrase never runs from
//     the headline into the body.
//   - "title": the headline alone, for title: queries.
//   - "when": the calendar units the article's time expressions denote, for
//     finding articles by the time they talk about (see when.go).
//   - "entity": the canonical names of the entities the article mentions,
//     in lower case, for entity filters.
//   - "lang": the article's language code, "und" when unknown.
//   - "dup": "1" for a near-duplicate of another article, for --dedup.
//   - "speaker", "event": the speakers the article quotes (lower case) and
//     the types of its events, for filters.
//   - "day": the publication day as a number of days since 1970-01-01, for
//     the date filter; "dayv", the same day as a doc value, to order hits
//     with equal scores.
//
// No text is stored: the store is the system of record. Document ids are
// article ids. Scoring is BM25 (see Search).
//
// Crash consistency with the store rests on Apply: the documents and the
// store sequence number they bring the index up to are written in one Bleve
// batch, so after a crash Seq tells exactly which changes to apply again.
// Apply returns once its batch is searchable; scorch writes it to disk in
// the background (Close waits for that), so a crash can set the index back
// by a few batches, but never leaves documents and Seq out of step.
package fulltext

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/dateline-news/dateline"
)

// Bleve field names.
const (
	fieldText  = "text"
	fieldTitle = "title"
	fieldDay   = "day"
	// fieldDayValue holds the day again as a single term with a doc value,
	// to order hits with equal scores (see dayValueOptions).
	fieldDayValue = "dayv"
	// fieldWhen holds the calendar units the article's time expressions
	// denote (see when.go).
	fieldWhen = "when"
	// fieldEntity holds the canonical names of the entities the article
	// mentions, in lower case, for entity filters.
	fieldEntity = "entity"
	// fieldLang holds the article's language code ("und" when unknown).
	fieldLang = "lang"
	// fieldDup is "1" for a near-duplicate of another article.
	fieldDup = "dup"
	// fieldSpeaker holds the speakers quoted in the article, in lower case.
	fieldSpeaker = "speaker"
	// fieldEvent holds the types of the article's events, in upper case.
	fieldEvent = "event"
)

// Keys of the values the index keeps with Bleve's internal (non-document)
// storage.
var (
	keySeq    = []byte("dateline.seq")
	keyStats  = []byte("dateline.stats")
	keyFormat = []byte("dateline.format")
)

// format identifies the mapping and document layout. An index written with
// another format is recreated empty by Open.
const format = "8"

// Index is a Bleve index of articles. It implements dateline.Index and is
// safe for concurrent use: searches run while Apply writes.
type Index struct {
	path     string
	analyzer analysis.Analyzer // the "en" analyzer, also used by Match

	mu  sync.RWMutex // guards idx: held shared by operations, exclusively by Reset and Close
	idx bleve.Index  // nil once closed

	applyMu sync.Mutex // serialises Apply, so sequence numbers are written in order

	statsMu sync.Mutex
	stats   lengthStats
}

var _ dateline.Index = (*Index)(nil)

// ErrClosed is returned by operations on a closed Index.
var ErrClosed = errors.New("fulltext: index is closed")

// Open opens the index in the directory path, creating it if it does not
// exist. An index left by an incompatible version of this package is
// recreated empty, so that Seq is 0 and the caller re-applies every change;
// a Bleve index that is not dateline's is an error.
func Open(path string) (*Index, error) {
	analyzer, err := newAnalyzer()
	if err != nil {
		return nil, err
	}
	ix := &Index{path: path, analyzer: analyzer}
	idx, err := openOrCreate(path)
	if err != nil {
		return nil, err
	}
	ix.idx = idx
	if err := ix.loadStats(); err != nil {
		_ = idx.Close()
		return nil, err
	}
	return ix, nil
}

// newAnalyzer returns Bleve's "en" analyzer, independent of any index.
func newAnalyzer() (analysis.Analyzer, error) {
	a := mapping.NewIndexMapping().AnalyzerNamed(en.AnalyzerName)
	if a == nil {
		return nil, fmt.Errorf("fulltext: bleve has no %q analyzer", en.AnalyzerName)
	}
	return a, nil
}

// openOrCreate opens the Bleve index at path, creating it when the directory
// does not exist or is empty, and recreating it when it holds an index of
// an older format of this package. It refuses a Bleve index without a
// format of ours, which is some other program's.
func openOrCreate(path string) (bleve.Index, error) {
	idx, err := bleve.OpenUsing(path, scorchConfig())
	switch {
	case err == nil:
		v, err := idx.GetInternal(keyFormat)
		if err != nil {
			_ = idx.Close()
			return nil, fmt.Errorf("fulltext: read format of %s: %w", path, err)
		}
		if string(v) == format {
			return idx, nil
		}
		if err := idx.Close(); err != nil {
			return nil, fmt.Errorf("fulltext: close %s: %w", path, err)
		}
		if len(v) == 0 {
			return nil, fmt.Errorf("fulltext: %s holds a Bleve index that is not dateline's", path)
		}
		if err := os.RemoveAll(path); err != nil {
			return nil, fmt.Errorf("fulltext: remove index of format %q at %s: %w", v, path, err)
		}
	case errors.Is(err, bleve.ErrorIndexPathDoesNotExist):
	case errors.Is(err, bleve.ErrorIndexMetaMissing) && dirEmpty(path):
		// An empty directory (such as one a test made) is fine to use.
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("fulltext: %w", err)
		}
	default:
		return nil, fmt.Errorf("fulltext: open %s: %w", path, err)
	}
	if err := create(path); err != nil {
		return nil, err
	}
	idx, err = bleve.OpenUsing(path, scorchConfig())
	if err != nil {
		return nil, fmt.Errorf("fulltext: open %s: %w", path, err)
	}
	return idx, nil
}

func dirEmpty(path string) bool {
	entries, err := os.ReadDir(path)
	return err == nil && len(entries) == 0
}

// create makes a new, empty scorch index at path. It builds it beside path
// and renames it into place, so that a crash never leaves half an index
// there.
func create(path string) error {
	tmp := path + ".new"
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("fulltext: create %s: %w", path, err)
	}
	// Created with safe batches: the format is on disk when SetInternal
	// returns. OpenUsing then switches to unsafe batches.
	idx, err := bleve.NewUsing(tmp, newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return fmt.Errorf("fulltext: create %s: %w", path, err)
	}
	err = idx.SetInternal(keyFormat, []byte(format))
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("fulltext: create %s: %w", path, err)
	}
	return nil
}

// scorchConfig returns the scorch options. With "unsafe_batch" a batch
// returns once it is searchable rather than once it is on disk, so that
// writing one batch overlaps with analysing the next. Atomicity is kept:
// scorch persists whole snapshots, each with the internal values (the
// sequence number) of the batches in it, so after a crash the index is at
// an earlier sequence number with exactly that number's documents, and the
// caller re-applies the changes after Seq. Close waits for the last batch
// to reach the disk.
func scorchConfig() map[string]interface{} {
	// bolt_timeout: a second process opening the same index fails after a
	// few seconds with an error, instead of waiting for its lock forever.
	return map[string]interface{}{"unsafe_batch": true, "bolt_timeout": "3s"}
}

// newMapping returns the index mapping. Documents are built by hand (see
// newDocument) rather than mapped from structs, so the mapping serves the
// query side: the analyzer of each field and the scoring model.
func newMapping() mapping.IndexMapping {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = en.AnalyzerName
	text.Store = false
	text.IncludeTermVectors = true
	text.IncludeInAll = false
	text.DocValues = false

	day := bleve.NewNumericFieldMapping()
	day.Store = false
	day.DocValues = false
	day.IncludeInAll = false

	dayValue := bleve.NewKeywordFieldMapping()
	dayValue.Store = false
	dayValue.IncludeInAll = false

	when := bleve.NewKeywordFieldMapping()
	when.Store = false
	when.IncludeInAll = false
	when.DocValues = false

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldWhen, when)
	doc.AddFieldMappingsAt(fieldEntity, when)
	doc.AddFieldMappingsAt(fieldLang, when)
	doc.AddFieldMappingsAt(fieldDup, when)
	doc.AddFieldMappingsAt(fieldSpeaker, when)
	doc.AddFieldMappingsAt(fieldEvent, when)
	doc.AddFieldMappingsAt(fieldText, text)
	doc.AddFieldMappingsAt(fieldTitle, text)
	doc.AddFieldMappingsAt(fieldDay, day)
	doc.AddFieldMappingsAt(fieldDayValue, dayValue)

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = en.AnalyzerName
	m.DefaultField = fieldText
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.ScoringModel = index.BM25Scoring
	return m
}

// textOptions index a text field with frequencies, norms and positions, and
// store nothing.
const textOptions = index.IndexField | index.IncludeTermVectors

// newDocument builds the Bleve document of one article. It returns the
// text fields too, so that their analysed lengths can be read after the
// batch.
func (ix *Index) newDocument(d *dateline.Doc) (*document.Document, []*document.TextField) {
	doc := document.NewDocument(d.ID)
	fields := make([]*document.TextField, 0, 3)
	body := document.NewTextFieldCustom(fieldText, nil, []byte(d.Text), textOptions, ix.analyzer)
	doc.AddField(body)
	fields = append(fields, body)
	if d.Title != "" {
		head := document.NewTextFieldCustom(fieldText, []uint64{1}, []byte(d.Title), textOptions, ix.analyzer)
		title := document.NewTextFieldCustom(fieldTitle, nil, []byte(d.Title), textOptions, ix.analyzer)
		doc.AddField(head)
		doc.AddField(title)
		fields = append(fields, head, title)
	}
	day := dayNumber(d.Date)
	doc.AddField(document.NewNumericFieldWithIndexingOptions(fieldDay, nil, float64(day), index.IndexField))
	doc.AddField(document.NewTextFieldCustom(fieldDayValue, nil, encodeDay(day), dayValueOptions, nil))
	var ranges []dateline.TimeRange
	for _, t := range d.Timexes {
		if t.Range != nil {
			ranges = append(ranges, *t.Range)
		}
	}
	whenTerms(ranges, func(term string) {
		doc.AddField(document.NewTextFieldCustom(fieldWhen, nil, []byte(term), index.IndexField|index.SkipFreqNorm, nil))
	})
	doc.AddField(document.NewTextFieldCustom(fieldLang, nil, []byte(langTerm(d.Lang)), index.IndexField|index.SkipFreqNorm, nil))
	if d.DuplicateOf != "" {
		doc.AddField(document.NewTextFieldCustom(fieldDup, nil, []byte("1"), index.IndexField|index.SkipFreqNorm, nil))
	}
	keyword := func(field string, values func(yield func(string) bool)) {
		seen := make(map[string]bool)
		for v := range values {
			if v == "" || seen[v] {
				continue
			}
			seen[v] = true
			doc.AddField(document.NewTextFieldCustom(field, nil, []byte(v), index.IndexField|index.SkipFreqNorm, nil))
		}
	}
	keyword(fieldEntity, func(yield func(string) bool) {
		for _, e := range d.Entities {
			if !yield(entityTerm(e.Entity)) {
				return
			}
		}
	})
	keyword(fieldSpeaker, func(yield func(string) bool) {
		for _, q := range d.Quotes {
			if !yield(entityTerm(q.Speaker)) {
				return
			}
		}
	})
	keyword(fieldEvent, func(yield func(string) bool) {
		for _, e := range d.Events {
			if !yield(eventTerm(e.Type)) {
				return
			}
		}
	})
	return doc, fields
}

// langTerm is the indexed form of a language code: "und" (undetermined,
// as in BCP 47) for an unknown language.
func langTerm(code string) string {
	if code = strings.ToLower(strings.TrimSpace(code)); code == "" {
		return "und"
	}
	return code
}

// eventTerm is the indexed form of an event type.
func eventTerm(t string) string { return strings.ToUpper(strings.TrimSpace(t)) }

// entityTerm is the indexed form of a canonical entity name.
func entityTerm(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// dayValueOptions make the day a doc value that reads without decompressing
// anything: one uncompressed chunk per document, as Bleve does for geo
// points. Bleve's default, chunks of 1024 documents compressed with snappy,
// costs tens of microseconds per look-up, which adds up to milliseconds over
// the candidates of a search.
const dayValueOptions = index.IndexField | index.DocValues | index.SkipFreqNorm |
	index.SkipDVChunking | index.SkipDVCompression

// encodeDay encodes a day number in 4 bytes that sort like the days.
func encodeDay(day int64) []byte {
	return binary.BigEndian.AppendUint32(nil, uint32(day+1<<31))
}

// decodeDay reverses encodeDay; ok is false for a value of the wrong size.
func decodeDay(b []byte) (day int64, ok bool) {
	if len(b) != 4 {
		return 0, false
	}
	return int64(binary.BigEndian.Uint32(b)) - 1<<31, true
}

// dayNumber returns the number of days from 1970-01-01 to the calendar day
// of t in t's own location (the day Article.Day prints).
func dayNumber(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// Apply adds or replaces docs and records seq as the last store sequence
// number applied, in one Bleve batch: both become searchable, and later reach
// the disk, together or not at all. Of several docs with the same id, the
// last wins. Applies are serialised; searches go on meanwhile and see the
// batch once it is in. Batches of 500 to 2,000 documents index fastest.
// The context is checked while the batch is built; the batch itself, once
// started, runs to the end.
func (ix *Index) Apply(ctx context.Context, docs []*dateline.Stored, seq int64) error {
	ix.applyMu.Lock()
	defer ix.applyMu.Unlock()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return ErrClosed
	}

	last := make(map[string]int, len(docs))
	for i, s := range docs {
		if s == nil || s.Doc == nil {
			return fmt.Errorf("fulltext: apply: document %d of %d is nil", i, len(docs))
		}
		if s.ID == "" {
			return fmt.Errorf("fulltext: apply: document %d of %d has no id", i, len(docs))
		}
		last[s.ID] = i
	}

	batch := ix.idx.NewBatch()
	var fields []*document.TextField
	for i, s := range docs {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("fulltext: apply: %w", err)
			}
		}
		if last[s.ID] != i {
			continue
		}
		doc, f := ix.newDocument(s.Doc)
		if err := batch.IndexAdvanced(doc); err != nil {
			return fmt.Errorf("fulltext: apply %s: %w", s.ID, err)
		}
		fields = append(fields, f...)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("fulltext: apply: %w", err)
	}

	ix.statsMu.Lock()
	stats := ix.stats
	ix.statsMu.Unlock()
	batch.SetInternal(keySeq, encodeSeq(seq))
	batch.SetInternal(keyStats, stats.encode())
	if err := ix.idx.Batch(batch); err != nil {
		return fmt.Errorf("fulltext: apply %d documents up to seq %d: %w", len(last), seq, err)
	}

	// The fields were analysed in the batch; count their tokens for BM25.
	// The counts reach the disk with the next batch (or Close).
	var add lengthStats
	add.Docs = int64(len(last))
	for _, f := range fields {
		switch f.Name() {
		case fieldText:
			add.TextTokens += int64(f.AnalyzedLength())
		case fieldTitle:
			add.TitleDocs++
			add.TitleTokens += int64(f.AnalyzedLength())
		}
	}
	ix.statsMu.Lock()
	ix.stats.add(add)
	ix.statsMu.Unlock()
	return nil
}

func encodeSeq(seq int64) []byte {
	return binary.BigEndian.AppendUint64(nil, uint64(seq))
}

// Seq returns the last store sequence number applied, 0 for a new index.
func (ix *Index) Seq(ctx context.Context) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("fulltext: seq: %w", err)
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return 0, ErrClosed
	}
	v, err := ix.idx.GetInternal(keySeq)
	if err != nil {
		return 0, fmt.Errorf("fulltext: read seq: %w", err)
	}
	switch len(v) {
	case 0:
		return 0, nil
	case 8:
		return int64(binary.BigEndian.Uint64(v)), nil
	}
	return 0, fmt.Errorf("fulltext: read seq: stored value has %d bytes, want 8", len(v))
}

// Reset empties the index: it deletes the directory and creates a new index
// there. Searches wait for it.
func (ix *Index) Reset(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("fulltext: reset: %w", err)
	}
	ix.applyMu.Lock()
	defer ix.applyMu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx == nil {
		return ErrClosed
	}
	if err := ix.idx.Close(); err != nil {
		return fmt.Errorf("fulltext: reset: close: %w", err)
	}
	ix.idx = nil
	if err := os.RemoveAll(ix.path); err != nil {
		return fmt.Errorf("fulltext: reset: %w", err)
	}
	if err := create(ix.path); err != nil {
		return fmt.Errorf("fulltext: reset: %w", err)
	}
	idx, err := bleve.OpenUsing(ix.path, scorchConfig())
	if err != nil {
		return fmt.Errorf("fulltext: reset: open %s: %w", ix.path, err)
	}
	ix.idx = idx
	ix.statsMu.Lock()
	ix.stats = lengthStats{}
	ix.statsMu.Unlock()
	return nil
}

// Close saves the length statistics and releases the index. Closing twice is
// not an error.
func (ix *Index) Close() error {
	ix.applyMu.Lock()
	defer ix.applyMu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx == nil {
		return nil
	}
	err := ix.flush()
	if cerr := ix.idx.Close(); err == nil {
		err = cerr
	}
	ix.idx = nil
	if err != nil {
		return fmt.Errorf("fulltext: close %s: %w", ix.path, err)
	}
	return nil
}

// flushTimeout bounds how long Close waits for the index to reach the disk.
const flushTimeout = time.Minute

// flush writes the length statistics in a last batch and waits until that
// batch, and so every batch before it, is on disk.
func (ix *Index) flush() error {
	ix.statsMu.Lock()
	stats := ix.stats
	ix.statsMu.Unlock()
	persisted := make(chan error, 1)
	b := ix.idx.NewBatch()
	b.SetInternal(keyStats, stats.encode())
	b.SetPersistedCallback(func(err error) {
		select {
		case persisted <- err:
		default:
		}
	})
	if err := ix.idx.Batch(b); err != nil {
		return err
	}
	select {
	case err := <-persisted:
		return err
	case <-time.After(flushTimeout):
		return fmt.Errorf("not on disk after %v", flushTimeout)
	}
}

// DiskSize returns the number of bytes the index's files take on disk.
func (ix *Index) DiskSize() (int64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var n int64
	err := filepath.WalkDir(ix.path, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // scorch removed an obsolete file meanwhile
			}
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			n += info.Size()
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("fulltext: size of %s: %w", ix.path, err)
	}
	return n, nil
}

// DocCount returns the number of documents in the index.
func (ix *Index) DocCount() (uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return 0, ErrClosed
	}
	n, err := ix.idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("fulltext: count documents: %w", err)
	}
	return n, nil
}

// lengthStats count the analysed tokens of the documents applied, for the
// average field lengths of BM25. Bleve's own estimate divides the number of
// distinct terms by the number of documents, which for a news corpus is far
// below the true average length and all but disables BM25's saturation of
// term frequency; these counts give the true average over the document
// versions applied (replaced versions included, which barely moves it).
type lengthStats struct {
	Docs        int64 `json:"docs"`
	TextTokens  int64 `json:"text_tokens"`
	TitleDocs   int64 `json:"title_docs"`
	TitleTokens int64 `json:"title_tokens"`
}

func (s *lengthStats) add(o lengthStats) {
	s.Docs += o.Docs
	s.TextTokens += o.TextTokens
	s.TitleDocs += o.TitleDocs
	s.TitleTokens += o.TitleTokens
}

func (s lengthStats) encode() []byte {
	b, _ := json.Marshal(s) // a struct of integers always marshals
	return b
}

// loadStats reads the length statistics saved with the index.
func (ix *Index) loadStats() error {
	v, err := ix.idx.GetInternal(keyStats)
	if err != nil {
		return fmt.Errorf("fulltext: read statistics: %w", err)
	}
	var s lengthStats
	if len(v) > 0 {
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("fulltext: read statistics: %w", err)
		}
	}
	ix.statsMu.Lock()
	ix.stats = s
	ix.statsMu.Unlock()
	return nil
}
