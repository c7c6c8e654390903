package eval

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/dateline-news/dateline"
)

// EventPredictor runs an event coder on one sentence, dated date
// ("2006-01-02"), and returns the events it finds, with byte offsets into
// text. The scorers never pass an empty date: they use DefaultEventDate.
type EventPredictor func(text, date string) ([]dateline.Event, error)

// DefaultEventDate is the date the scorers give a sentence that has none
// (the ConfliBERT sentences; the PLOVER records are all dated 2000-01-01).
const DefaultEventDate = "2000-01-01"

// QuadClass maps PLOVER event types to the CAMEO/GDELT QuadClass of the
// CAMEO root codes they come from, which is how the ConfliBERT CAMEO
// sentences are labelled:
//
//	1 verbal cooperation   CAMEO 03-05  AGREE, CONSULT, SUPPORT
//	2 material cooperation CAMEO 06-09  COOPERATE, AID, CONCEDE, RETREAT, INVESTIGATE
//	3 verbal conflict      CAMEO 10-14  DEMAND, DISAPPROVE, REJECT, THREATEN, PROTEST
//	4 material conflict    CAMEO 15-20  MOBILIZE, SANCTION, COERCE, ASSAULT, FIGHT
//
// Class 0 (CAMEO 01-02, public statements and appeals) has no PLOVER type:
// PLOVER drops them. REQUEST (CAMEO 10) and ACCUSE (CAMEO 09 and 11), the
// names PLOVER 0.8 (2021) uses for DEMAND and for DISAPPROVE with
// INVESTIGATE, are mapped too, ACCUSE to verbal conflict.
var QuadClass = map[string]int{
	"AGREE": 1, "CONSULT": 1, "SUPPORT": 1,
	"COOPERATE": 2, "AID": 2, "CONCEDE": 2, "RETREAT": 2, "INVESTIGATE": 2,
	"DEMAND": 3, "DISAPPROVE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3, "REQUEST": 3, "ACCUSE": 3,
	"MOBILIZE": 4, "SANCTION": 4, "COERCE": 4, "ASSAULT": 4, "FIGHT": 4,
}

// QuadClassNames names the ConfliBERT classes 0-4.
var QuadClassNames = [5]string{"statement/appeal", "verbal cooperation", "material cooperation", "verbal conflict", "material conflict"}

// NoClass is the predicted class of a sentence with no event of a known
// type: the last column of CAMEOResult.Confusion.
const NoClass = 5

// PLOVERRecord is one sentence of the PLOVER gold-standard records
// (gsr-*.json): its one gold event with its type and actors.
type PLOVERRecord struct {
	ID        string   `json:"id"`
	Line      int      `json:"line"` // line of the record in the file
	Text      string   `json:"text"`
	Type      string   `json:"type"` // PLOVER event type ("event")
	Date      string   `json:"date,omitempty"`
	Source    []string `json:"source,omitempty"` // actorText of the source actors
	Target    []string `json:"target,omitempty"` // actorText of the target actors
	EventText string   `json:"event_text,omitempty"`
	Mode      string   `json:"mode,omitempty"`
	Context   string   `json:"context,omitempty"`
	Markup    string   `json:"markup,omitempty"` // textInfo.markup: the text with SRC/TAR/EVT brackets
}

type ploverJSON struct {
	ID        string          `json:"id"`
	Event     string          `json:"event"`
	EventText string          `json:"eventText"`
	Text      string          `json:"text"`
	Date      string          `json:"date"`
	Mode      string          `json:"mode"`
	Context   string          `json:"context"`
	Source    json.RawMessage `json:"source"`
	Target    json.RawMessage `json:"target"`
	TextInfo  struct {
		Markup string `json:"markup"`
	} `json:"textInfo"`
}

// ReadPLOVER reads a PLOVER gold-standard file: a JSON list of records. The
// DOCUMENT records (file documentation, without text) are skipped; every
// other record must have an id, an event type and a text. Source and
// target are lists of actors ({"actorText": ..., "code": ...}); null, a
// missing field or a string (some records have "" or a stray context word
// there) mean no actors.
func ReadPLOVER(path string) ([]PLOVERRecord, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	lineAt := func(off int64) int {
		for off < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[off]) >= 0 {
			off++
		}
		return 1 + bytes.Count(data[:off], []byte("\n"))
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil, &dateline.InputError{File: path, Line: 1, Err: fmt.Errorf("want a JSON list of records")}
	}
	var recs []PLOVERRecord
	for dec.More() {
		line := lineAt(dec.InputOffset())
		var r ploverJSON
		if err := dec.Decode(&r); err != nil {
			return nil, &dateline.InputError{File: path, Line: line, Err: err}
		}
		if r.Event == "DOCUMENT" {
			continue
		}
		bad := func(format string, args ...any) error {
			return &dateline.InputError{File: path, Line: line, Err: fmt.Errorf("record %q: "+format, append([]any{r.ID}, args...)...)}
		}
		switch {
		case r.ID == "":
			return nil, bad("no id")
		case r.Event == "":
			return nil, bad("no event type")
		case strings.TrimSpace(r.Text) == "":
			return nil, bad("no text")
		}
		src, err := ploverActors(r.Source)
		if err != nil {
			return nil, bad("source: %v", err)
		}
		tgt, err := ploverActors(r.Target)
		if err != nil {
			return nil, bad("target: %v", err)
		}
		recs = append(recs, PLOVERRecord{
			ID: r.ID, Line: line, Text: r.Text, Type: r.Event, Date: r.Date,
			Source: src, Target: tgt, EventText: r.EventText,
			Mode: r.Mode, Context: r.Context, Markup: r.TextInfo.Markup,
		})
	}
	if _, err := dec.Token(); err != nil {
		return nil, &dateline.InputError{File: path, Line: lineAt(dec.InputOffset()), Err: err}
	}
	return recs, nil
}

// ploverActors returns the actorText of a source or target field.
func ploverActors(raw json.RawMessage) ([]string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '[' {
		var s *string
		if len(raw) > 0 && json.Unmarshal(raw, &s) != nil {
			return nil, fmt.Errorf("want a list of actors, got %s", raw)
		}
		return nil, nil // missing, null or a string: no actors
	}
	var actors []struct {
		ActorText string `json:"actorText"`
	}
	if err := json.Unmarshal(raw, &actors); err != nil {
		return nil, err
	}
	var out []string
	for _, a := range actors {
		if t := strings.TrimSpace(a.ActorText); t != "" {
			out = append(out, t)
		}
	}
	return out, nil
}

// CAMEOSentence is one sentence of the ConfliBERT CAMEO data: its quad
// class from class-*.tsv and, when spans-*.txt has the same sentence, its
// source and target actor spans.
type CAMEOSentence struct {
	Line  int    `json:"line"` // line in the class file
	Text  string `json:"text"`
	Class int    `json:"class"` // 0-4, see QuadClassNames
	// HasSpans says whether the spans file has this sentence; SpanLine is
	// the line its tokens start on.
	HasSpans bool `json:"has_spans"`
	SpanLine int  `json:"span_line,omitempty"`
	// Source and Target are the B-S/I-S and B-T/I-T chunks, Both the B-R/I-R
	// chunks (actors of a reciprocal event, such as the two sides of a
	// meeting, which are source and target at once), as byte spans of Text.
	Source []dateline.Span `json:"source,omitempty"`
	Target []dateline.Span `json:"target,omitempty"`
	Both   []dateline.Span `json:"both,omitempty"`
}

// ReadConfliBERT reads the ConfliBERT CAMEO training data in dir:
// class-train.tsv (a sentence, a tab and its class 0-4 per line) and
// spans-train.txt ("token label" per line, labels O, B-S/I-S source, B-T/I-T
// target, B-R/I-R both; a blank line after each sentence).
//
// The two files do not hold the same sentences: the spans file has fewer
// sentences, some of them reworded. A sentence of the class file gets the
// spans of the span-file sentence with the same letters and digits (case,
// spacing and punctuation aside), used in file order when a sentence occurs
// more than once, and when its tokens can be found in it one after another
// (apostrophes, quotation marks and dashes of any kind match each other).
// The other sentences have HasSpans false; span-file sentences that match
// none are ignored.
func ReadConfliBERT(dir string) ([]CAMEOSentence, error) {
	classPath := filepath.Join(dir, "class-train.tsv")
	spanPath := filepath.Join(dir, "spans-train.txt")
	sents, err := readCAMEOClasses(classPath)
	if err != nil {
		return nil, err
	}
	blocks, err := readCAMEOSpans(spanPath)
	if err != nil {
		return nil, err
	}
	byKey := map[string][]int{}
	for i, b := range blocks {
		k := cameoKey(strings.Join(b.tokens, ""))
		byKey[k] = append(byKey[k], i)
	}
	for i := range sents {
		s := &sents[i]
		k := cameoKey(s.Text)
		q := byKey[k]
		if len(q) == 0 {
			continue
		}
		b := blocks[q[0]]
		if len(q) > 1 {
			byKey[k] = q[1:] // the last one is reused for further copies
		}
		offs, ok := alignTokens(s.Text, b.tokens)
		if !ok {
			continue
		}
		s.HasSpans = true
		s.SpanLine = b.line
		for _, c := range CoNLLChunks(b.labels) {
			sp, ok := chunkSpan(offs[c.Start:c.End])
			if !ok {
				continue
			}
			switch c.Type {
			case "S":
				s.Source = append(s.Source, sp)
			case "T":
				s.Target = append(s.Target, sp)
			case "R":
				s.Both = append(s.Both, sp)
			}
		}
	}
	return sents, nil
}

// chunkSpan returns the span from the first to the last token of a chunk
// that were found in the text, or false when none was.
func chunkSpan(toks []dateline.Span) (dateline.Span, bool) {
	var sp dateline.Span
	found := false
	for _, t := range toks {
		if t.Len() == 0 {
			continue
		}
		if !found {
			sp.Start = t.Start
			found = true
		}
		sp.End = t.End
	}
	return sp, found
}

func readCAMEOClasses(path string) ([]CAMEOSentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	var out []CAMEOSentence
	for line := 1; sc.Scan(); line++ {
		l := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(l) == "" {
			continue
		}
		i := strings.LastIndexByte(l, '\t')
		if i < 0 {
			return nil, &dateline.InputError{File: path, Line: line, Err: fmt.Errorf("want a sentence, a tab and a class")}
		}
		class, err := strconv.Atoi(strings.TrimSpace(l[i+1:]))
		if err != nil || class < 0 || class > 4 {
			return nil, &dateline.InputError{File: path, Line: line, Err: fmt.Errorf("class %q is not 0-4", l[i+1:])}
		}
		text := csvUnquote(strings.TrimSpace(l[:i]))
		if text == "" {
			return nil, &dateline.InputError{File: path, Line: line, Err: fmt.Errorf("empty sentence")}
		}
		out = append(out, CAMEOSentence{Line: line, Text: text, Class: class})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: %s: %w", path, err)
	}
	return out, nil
}

// csvUnquote undoes the CSV quoting of a few class-file sentences: a field
// in quotation marks, with the quotation marks inside doubled.
func csvUnquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	}
	return s
}

type cameoBlock struct {
	line           int
	tokens, labels []string
}

func readCAMEOSpans(path string) ([]cameoBlock, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	return parseCAMEOSpans(path, f)
}

func parseCAMEOSpans(name string, r io.Reader) ([]cameoBlock, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	var out []cameoBlock
	var cur cameoBlock
	end := func() {
		if len(cur.tokens) > 0 {
			out = append(out, cur)
		}
		cur = cameoBlock{}
	}
	for line := 1; sc.Scan(); line++ {
		l := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(l) == "" {
			end()
			continue
		}
		i := strings.LastIndexByte(l, ' ')
		if i <= 0 {
			return nil, &dateline.InputError{File: name, Line: line, Err: fmt.Errorf("want a token and a label, got %q", l)}
		}
		tok, label := l[:i], l[i+1:]
		switch label {
		case "O", "B-S", "I-S", "B-T", "I-T", "B-R", "I-R":
		default:
			return nil, &dateline.InputError{File: name, Line: line, Err: fmt.Errorf("label %q is not O, B-S, I-S, B-T, I-T, B-R or I-R", label)}
		}
		if cur.line == 0 {
			cur.line = line
		}
		cur.tokens = append(cur.tokens, tok)
		cur.labels = append(cur.labels, label)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: %s: %w", name, err)
	}
	end()
	return out, nil
}

// cameoKey reduces a sentence to its letters and digits, lower-cased and
// NFC-normalised; modifier letters (the ʼ of "governmentʼs") are dropped.
func cameoKey(s string) string {
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		if (unicode.IsLetter(r) || unicode.IsDigit(r)) && !unicode.Is(unicode.Lm, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// alignTokens finds the tokens in text one after another and returns their
// byte spans. Between tokens, white space is skipped, and so are
// punctuation marks of the text that the tokens leave out (a quotation mark
// the tokenizer dropped); a token of punctuation only that the text lacks
// (a full stop added at the end) gets an empty span. Within a token,
// characters match when they are equal, differ only in case, or are both
// apostrophes, both quotation marks or both dashes.
func alignTokens(text string, tokens []string) ([]dateline.Span, bool) {
	spans := make([]dateline.Span, len(tokens))
	pos := 0
	for i, tok := range tokens {
		tok = norm.NFC.String(tok)
		start, end, ok := -1, 0, false
		for p := pos; p < len(text); {
			if end, ok = matchAt(text, p, tok); ok {
				start = p
				break
			}
			r, n := utf8.DecodeRuneInString(text[p:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				break
			}
			p += n
		}
		switch {
		case ok:
			spans[i] = dateline.Span{Start: start, End: end}
			pos = end
		case !strings.ContainsFunc(tok, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }):
			spans[i] = dateline.Span{Start: pos, End: pos}
		default:
			return nil, false
		}
	}
	return spans, true
}

// matchAt reports whether tok matches text at byte pos, and where it ends.
func matchAt(text string, pos int, tok string) (int, bool) {
	for _, tr := range tok {
		if pos >= len(text) {
			return 0, false
		}
		sr, n := utf8.DecodeRuneInString(text[pos:])
		if !sameChar(sr, tr) {
			return 0, false
		}
		pos += n
	}
	return pos, true
}

func sameChar(a, b rune) bool {
	if a == b || unicode.ToLower(a) == unicode.ToLower(b) {
		return true
	}
	for _, class := range []string{"'ʼ’‘´`′", "\"“”„″«»", "-‐‑‒–—―"} {
		if strings.ContainsRune(class, a) && strings.ContainsRune(class, b) {
			return true
		}
	}
	return false
}

// predictFor calls predict with the date, or DefaultEventDate, and returns
// the events ordered by start offset (then end).
func predictFor(predict EventPredictor, text, date string) ([]dateline.Event, error) {
	if date == "" {
		date = DefaultEventDate
	}
	evs, err := predict(text, date)
	if err != nil {
		return nil, err
	}
	evs = slices.Clone(evs)
	slices.SortStableFunc(evs, func(a, b dateline.Event) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	return evs, nil
}

// PLOVERTypeScore is the type detection score of one PLOVER type: Gold
// sentences have it as their gold type, System sentences have a predicted
// event of it, Correct sentences both.
type PLOVERTypeScore struct {
	Type   string `json:"type"`
	Gold   int    `json:"gold"`
	System int    `json:"system"`
	PRF
}

// PLOVERRow is the outcome on one record.
type PLOVERRow struct {
	ID        string   `json:"id"`
	Gold      string   `json:"gold"`
	Predicted []string `json:"predicted"` // distinct predicted types, by first occurrence
	Found     bool     `json:"found"`     // an event of the gold type was predicted
	// The gold actors, and the source and target of the first predicted
	// event of the gold type; SourceOK and TargetOK are set when the actor
	// was scored (Found and a gold actor exists).
	ActorOutcome
}

// ActorOutcome compares the source and target of one predicted event with
// the gold actors of its sentence.
type ActorOutcome struct {
	GoldSource   []string `json:"gold_source,omitempty"`
	GoldTarget   []string `json:"gold_target,omitempty"`
	SystemSource string   `json:"system_source,omitempty"` // "text (actor)"
	SystemTarget string   `json:"system_target,omitempty"`
	SourceOK     *bool    `json:"source_ok,omitempty"` // nil: not scored
	TargetOK     *bool    `json:"target_ok,omitempty"`
}

// Misses reports whether the source and the target were scored and wrong.
func (a *ActorOutcome) Misses() (source, target bool) {
	return a.SourceOK != nil && !*a.SourceOK, a.TargetOK != nil && !*a.TargetOK
}

// PLOVERResult scores an event coder on PLOVER records.
//
// Types: each record has one gold type g; the coder predicts a set S of
// distinct types for its sentence. g in S is a true positive, g not in S a
// false negative, each other type in S a false positive (micro-averaged
// over records in Overall, per type in ByType). The records code one event
// per sentence although some sentences state more, so precision is a lower
// bound.
//
// Coverage is the share of records with at least one predicted event,
// FirstType the share whose first predicted event (by offset) has the gold
// type.
//
// Source and Target: on records where an event of the gold type is
// predicted and the gold has such an actor, the first predicted event of
// the gold type is correct when its actor's text or resolved name shares a
// word with one of the gold actor texts (case-insensitive, ignoring
// articles, prepositions, possessives and one-letter words, dots removed so
// "U.S." is "us"). A missing predicted actor is wrong.
type PLOVERResult struct {
	Records   int               `json:"records"`
	Overall   PLOVERTypeScore   `json:"overall"`
	ByType    []PLOVERTypeScore `json:"by_type"`
	Coverage  Accuracy          `json:"coverage"`
	FirstType Accuracy          `json:"first_type"`
	Source    Accuracy          `json:"source"`
	Target    Accuracy          `json:"target"`
	Rows      []PLOVERRow       `json:"rows"`
}

// ScorePLOVER runs predict on every record's text and scores the events
// (see PLOVERResult). It stops at the first error of predict.
func ScorePLOVER(records []PLOVERRecord, predict EventPredictor) (*PLOVERResult, error) {
	res := &PLOVERResult{Records: len(records)}
	type counts struct{ gold, sys, tp int }
	byType := map[string]*counts{}
	get := func(t string) *counts {
		if byType[t] == nil {
			byType[t] = &counts{}
		}
		return byType[t]
	}
	var all counts
	var covered, first, srcOK, srcN, tgtOK, tgtN int
	for _, rec := range records {
		evs, err := predictFor(predict, rec.Text, rec.Date)
		if err != nil {
			return nil, fmt.Errorf("eval: PLOVER record %s: %w", rec.ID, err)
		}
		row := PLOVERRow{ID: rec.ID, Gold: rec.Type, ActorOutcome: ActorOutcome{GoldSource: rec.Source, GoldTarget: rec.Target}, Predicted: []string{}}
		var match *dateline.Event
		for i := range evs {
			ev := &evs[i]
			if !slices.Contains(row.Predicted, ev.Type) {
				row.Predicted = append(row.Predicted, ev.Type)
			}
			if ev.Type == rec.Type && match == nil {
				match = ev
			}
		}
		if len(evs) > 0 {
			covered++
			if evs[0].Type == rec.Type {
				first++
			}
		}
		get(rec.Type).gold++
		all.gold++
		for _, t := range row.Predicted {
			get(t).sys++
			all.sys++
		}
		if match != nil {
			row.Found = true
			get(rec.Type).tp++
			all.tp++
			row.SystemSource = describeActor(match.Source)
			row.SystemTarget = describeActor(match.Target)
			if len(rec.Source) > 0 {
				ok := actorAgrees(match.Source, rec.Source)
				row.SourceOK = &ok
				srcN++
				if ok {
					srcOK++
				}
			}
			if len(rec.Target) > 0 {
				ok := actorAgrees(match.Target, rec.Target)
				row.TargetOK = &ok
				tgtN++
				if ok {
					tgtOK++
				}
			}
		}
		res.Rows = append(res.Rows, row)
	}
	res.Overall = PLOVERTypeScore{Type: "all", Gold: all.gold, System: all.sys, PRF: newPRF(all.tp, all.sys, all.gold)}
	for t, c := range byType {
		res.ByType = append(res.ByType, PLOVERTypeScore{Type: t, Gold: c.gold, System: c.sys, PRF: newPRF(c.tp, c.sys, c.gold)})
	}
	slices.SortFunc(res.ByType, func(a, b PLOVERTypeScore) int { return strings.Compare(a.Type, b.Type) })
	res.Coverage = newAccuracy(covered, len(records))
	res.FirstType = newAccuracy(first, len(records))
	res.Source = newAccuracy(srcOK, srcN)
	res.Target = newAccuracy(tgtOK, tgtN)
	return res, nil
}

// describeActor returns "text (actor)", "text", or "" for no actor.
func describeActor(a *dateline.Actor) string {
	if a == nil {
		return ""
	}
	if a.Actor != "" && a.Actor != a.Text {
		return a.Text + " (" + a.Actor + ")"
	}
	return a.Text
}

// actorAgrees reports whether the predicted actor's text or resolved name
// shares a content word with one of the gold actor texts.
func actorAgrees(a *dateline.Actor, gold []string) bool {
	if a == nil {
		return false
	}
	words := map[string]bool{}
	for _, w := range actorWords(a.Text + " " + a.Actor) {
		words[w] = true
	}
	for _, g := range gold {
		for _, w := range actorWords(g) {
			if words[w] {
				return true
			}
		}
	}
	return false
}

var actorStopWords = map[string]bool{
	"the": true, "an": true, "of": true, "and": true, "or": true, "in": true, "on": true,
	"at": true, "to": true, "for": true, "from": true, "by": true, "with": true,
	"its": true, "their": true, "his": true, "her": true,
}

// actorWords returns the lower-cased content words of s: runs of letters,
// digits and dots, with the dots removed, less stop words and one-letter
// words.
func actorWords(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.'
	}) {
		w := strings.ReplaceAll(f, ".", "")
		if utf8.RuneCountInString(w) < 2 || actorStopWords[w] {
			continue
		}
		out = append(out, w)
	}
	return out
}

// SpanPRF scores predicted spans against gold spans by overlap: precision
// is the share of System spans that overlap a gold span (MatchedSystem),
// recall the share of Gold spans that a predicted span overlaps
// (MatchedGold), in percent.
type SpanPRF struct {
	Gold          int     `json:"gold"`
	System        int     `json:"system"`
	MatchedGold   int     `json:"matched_gold"`
	MatchedSystem int     `json:"matched_system"`
	Precision     float64 `json:"precision"`
	Recall        float64 `json:"recall"`
	F1            float64 `json:"f1"`
}

func (s *SpanPRF) finish() {
	// precision and recall count different matches: predicted spans that
	// hit a gold one, gold spans that a prediction hit
	s.Precision = newPRF(s.MatchedSystem, s.System, 0).Precision
	s.Recall = newPRF(s.MatchedGold, 0, s.Gold).Recall
	s.F1 = f1(s.Precision, s.Recall)
}

// CAMEORow is the outcome on one ConfliBERT sentence.
type CAMEORow struct {
	Line      int      `json:"line"`
	Gold      int      `json:"gold"`
	Predicted int      `json:"predicted"` // 0-4, or NoClass
	Types     []string `json:"types"`     // predicted event types, by offset
	// Actors of the first event of a known type against the gold spans
	// (set only for sentences with spans; gold actors with the B-R spans).
	ActorOutcome
}

// CAMEOResult scores an event coder on ConfliBERT CAMEO sentences.
//
// A sentence's predicted class is the QuadClass of its first predicted
// event (by start offset) whose type QuadClass knows, or NoClass; types it
// does not know are counted in Unmapped. Coverage is the share of gold
// class 1-4 sentences with a predicted class; Accuracy the share of those
// predicted whose class is right; Strict the share of all gold class 1-4
// sentences whose class is right (no prediction is wrong). Confusion counts
// [gold 0-4][predicted 0-4, NoClass] (predicted 0 stays empty: no PLOVER
// type is a statement).
//
// Source and Target score the actors of that first event on the sentences
// of classes 1-4 with spans (ActorSentences; the actors of statements and
// appeals are left out, as no event should be coded there): a predicted actor matches a gold span when their
// byte spans share a letter or digit. Gold sources are the B-S and B-R
// chunks, gold targets the B-T and B-R chunks. With one predicted actor per
// role and sentence, recall is bounded when the gold has several.
type CAMEOResult struct {
	Sentences int `json:"sentences"`
	WithSpans int `json:"with_spans"`
	// ActorSentences counts the sentences whose actors are scored.
	ActorSentences int            `json:"actor_sentences"`
	ByClass        [5]int         `json:"by_class"` // gold sentences per class
	Coverage       Accuracy       `json:"coverage"`
	Accuracy       Accuracy       `json:"accuracy"`
	Strict         Accuracy       `json:"strict"`
	Confusion      [5][6]int      `json:"confusion"`
	Unmapped       map[string]int `json:"unmapped,omitempty"`
	Source         SpanPRF        `json:"source"`
	Target         SpanPRF        `json:"target"`
	Rows           []CAMEORow     `json:"rows"`
}

// ScoreConfliBERT runs predict on every sentence and scores the first
// event's quad class and actors (see CAMEOResult). It stops at the first
// error of predict.
func ScoreConfliBERT(sents []CAMEOSentence, predict EventPredictor) (*CAMEOResult, error) {
	res := &CAMEOResult{Sentences: len(sents)}
	var covered, right, conflict int
	for _, s := range sents {
		evs, err := predictFor(predict, s.Text, "")
		if err != nil {
			return nil, fmt.Errorf("eval: ConfliBERT sentence at line %d: %w", s.Line, err)
		}
		row := CAMEORow{Line: s.Line, Gold: s.Class, Predicted: NoClass, Types: []string{}}
		var first *dateline.Event
		for i := range evs {
			row.Types = append(row.Types, evs[i].Type)
			c, ok := QuadClass[evs[i].Type]
			if !ok {
				if res.Unmapped == nil {
					res.Unmapped = map[string]int{}
				}
				res.Unmapped[evs[i].Type]++
				continue
			}
			if first == nil {
				first = &evs[i]
				row.Predicted = c
			}
		}
		res.ByClass[s.Class]++
		res.Confusion[s.Class][row.Predicted]++
		if s.Class > 0 {
			conflict++
			if row.Predicted != NoClass {
				covered++
				if row.Predicted == s.Class {
					right++
				}
			}
		}
		if s.HasSpans {
			res.WithSpans++
		}
		if s.HasSpans && s.Class > 0 {
			res.ActorSentences++
			gs := append(slices.Clone(s.Source), s.Both...)
			gt := append(slices.Clone(s.Target), s.Both...)
			row.GoldSource = spanTexts(s.Text, gs)
			row.GoldTarget = spanTexts(s.Text, gt)
			var ps, pt *dateline.Actor
			if first != nil {
				ps, pt = first.Source, first.Target
				row.SystemSource = describeActor(ps)
				row.SystemTarget = describeActor(pt)
			}
			row.SourceOK = scoreSpans(&res.Source, s.Text, gs, ps)
			row.TargetOK = scoreSpans(&res.Target, s.Text, gt, pt)
		}
		res.Rows = append(res.Rows, row)
	}
	res.Coverage = newAccuracy(covered, conflict)
	res.Accuracy = newAccuracy(right, covered)
	res.Strict = newAccuracy(right, conflict)
	res.Source.finish()
	res.Target.finish()
	return res, nil
}

// scoreSpans adds one sentence's gold spans and predicted actor to s and
// returns whether the actor matched, or nil when there is neither a gold
// span nor a predicted actor.
func scoreSpans(s *SpanPRF, text string, gold []dateline.Span, a *dateline.Actor) *bool {
	var sys *dateline.Span
	if a != nil && a.Len() > 0 && a.Valid(len(text)) {
		sys = &a.Span
	}
	s.Gold += len(gold)
	if sys == nil {
		if len(gold) == 0 {
			return nil
		}
		ok := false
		return &ok
	}
	s.System++
	ok := false
	for _, g := range gold {
		if wordOverlap(text, g, *sys) {
			s.MatchedGold++
			ok = true
		}
	}
	if ok {
		s.MatchedSystem++
	}
	return &ok
}

// wordOverlap reports whether a and b share a letter or digit of text.
func wordOverlap(text string, a, b dateline.Span) bool {
	lo, hi := max(a.Start, b.Start), min(a.End, b.End)
	if lo >= hi {
		return false
	}
	for _, r := range text[lo:hi] {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func spanTexts(text string, spans []dateline.Span) []string {
	var out []string
	for _, sp := range spans {
		out = append(out, text[sp.Start:sp.End])
	}
	return out
}
