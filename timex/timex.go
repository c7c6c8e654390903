// Package timex is dateline's temporal layer: it finds the time expressions
// of an English news text and normalises each as a TimeML TIMEX3 (type
// DATE, TIME, DURATION or SET; a value; an optional mod), anchored on the
// article's date.
//
// The tagger is rule-based. Its language resources are embedded data files
// that a linguist can read and extend without touching the engine:
//
//   - data/vocab.txt: word classes (months, weekdays, units, holidays,
//     numerals in words, time zones, ...) with their normalised values;
//   - data/rules.txt: patterns over tokens and classes, each with a TIMEX3
//     type and a value template that calls normalisation functions, and the
//     modifiers (START, APPROX, LESS_THAN, ...) that may precede or follow;
//   - data/context.txt: the tense markers that decide whether "Friday" or
//     "in March" looks back or forward.
//
// Values never depend on the machine's clock: the reference is the document
// creation time (the article date), and expressions such as "the next day"
// or "a year earlier" anchor on the last date mentioned before them.
package timex

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dateline-news/dateline"
)

//go:embed data/*.txt
var dataFS embed.FS

// Tagger recognises and normalises time expressions. It is safe for
// concurrent use; create one with New and share it.
type Tagger struct {
	lx      *lexicon
	rules   []*rule
	mods    []modifier
	words   wordSets
	ix      index
	version string
	pool    sync.Pool // *matchState
}

// New loads the embedded vocabularies and rules.
func New() (*Tagger, error) {
	read := func(name string) (string, error) {
		b, err := dataFS.ReadFile("data/" + name)
		if err != nil {
			return "", fmt.Errorf("timex: %w", err)
		}
		return string(b), nil
	}
	vocab, err := read("vocab.txt")
	if err != nil {
		return nil, err
	}
	rulesSrc, err := read("rules.txt")
	if err != nil {
		return nil, err
	}
	ctxSrc, err := read("context.txt")
	if err != nil {
		return nil, err
	}
	return newTagger(vocab, rulesSrc, ctxSrc)
}

func newTagger(vocab, rulesSrc, ctxSrc string) (*Tagger, error) {
	lx, err := parseVocab("vocab.txt", vocab)
	if err != nil {
		return nil, fmt.Errorf("timex: %w", err)
	}
	rules, mods, err := parseRules("rules.txt", rulesSrc, lx)
	if err != nil {
		return nil, fmt.Errorf("timex: %w", err)
	}
	words, err := parseWordSets("context.txt", ctxSrc)
	if err != nil {
		return nil, fmt.Errorf("timex: %w", err)
	}
	for _, k := range []string{"future", "past", "present", "notpast", "reporting", "futureprep", "pastprep", "skip", "passive", "notfuture", "determiner", "endprep"} {
		if words[k] == nil {
			return nil, fmt.Errorf("timex: context.txt: missing list [%s]", k)
		}
	}
	h := sha256.New()
	for _, s := range []string{vocab, rulesSrc, ctxSrc} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	t := &Tagger{
		lx:      lx,
		rules:   rules,
		mods:    mods,
		words:   words,
		ix:      buildIndex(rules, lx),
		version: engineVersion + "+" + hex.EncodeToString(h.Sum(nil))[:12],
	}
	t.pool.New = func() any { return &matchState{} }
	return t, nil
}

// engineVersion changes when the engine's behaviour changes; the data files
// are hashed into Version as well.
const engineVersion = "timex-5"

// Name returns "timex".
func (t *Tagger) Name() string { return "timex" }

// Version identifies the engine and the rule set.
func (t *Tagger) Version() string { return t.version }

// Analyze sets doc.Timexes from doc.Text, anchored on doc.Date. It uses
// doc.Sentences when an earlier layer has filled them.
func (t *Tagger) Analyze(ctx context.Context, doc *dateline.Doc) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	doc.Timexes = t.Tag(doc.Text, doc.Date, doc.Sentences)
	for i := range doc.Timexes {
		tx := &doc.Timexes[i]
		if tx.Type != dateline.TimexDate && tx.Type != dateline.TimexTime {
			continue
		}
		if start, end, ok := Interval(tx.Value); ok {
			tx.Range = &dateline.TimeRange{Start: start, End: end}
		}
	}
	return nil
}

// Tag returns the time expressions of text in order, with byte offsets into
// text. dct is the document creation time: only its calendar day (in its own
// location) is used. sents may be nil.
func (t *Tagger) Tag(text string, dct time.Time, sents []dateline.Sentence) []dateline.Timex {
	st := t.pool.Get().(*matchState)
	defer t.pool.Put(st)
	lower := lowerASCII(text)
	st.toks = tokenize(text, lower, st.toks)
	st.sentOf = sentences(text, st.toks, sents, st.sentOf)
	st.resetNum()
	cands := t.scan(st, nil)
	if len(cands) == 0 {
		return nil
	}
	t.attachMods(st, cands)
	y, m, d := dct.Date()
	return t.resolve(st, text, cands, date(y, int(m), d))
}

// attachMods extends candidates with the modifier phrases around them.
func (t *Tagger) attachMods(st *matchState, cands []cand) {
	toks := st.toks
	for k := range cands {
		c := &cands[k]
		lo := 0
		if k > 0 {
			lo = cands[k-1].end
		}
		hi := len(toks)
		if k+1 < len(cands) {
			hi = cands[k+1].start
		}
		bestLen, bestMod, outside := 0, "", false
		definite := toks[c.start].norm == "the"
		// "To get around Wednesday's ruling": before a possessive the
		// word is the preposition of the noun, not an approximation.
		possessive := possessiveAt(toks, c.end)
		for _, m := range t.mods {
			if m.after || !m.types[c.r.typ] || len(m.phrase) <= bestLen {
				continue
			}
			if possessive && m.outside {
				continue
			}
			// "over the past two months" is not MORE_THAN: quantity
			// modifiers go with a bare quantity only.
			if definite && quantityMods[m.mod] {
				continue
			}
			s := c.start - len(m.phrase)
			if s >= lo && litAt(toks, s, m.phrase) {
				bestLen, bestMod, outside = len(m.phrase), m.mod, m.outside
			}
		}
		if bestLen > 0 {
			if !outside {
				c.start -= bestLen
			}
			c.mod = bestMod
		}
		bestLen = 0
		for _, m := range t.mods {
			if !m.after || !m.types[c.r.typ] || len(m.phrase) <= bestLen {
				continue
			}
			if c.end+len(m.phrase) <= hi && litAt(toks, c.end, m.phrase) {
				bestLen, bestMod = len(m.phrase), m.mod
			}
		}
		if bestLen > 0 {
			c.end += bestLen
			c.mod = bestMod
		}
		if c.mod == "" {
			c.mod = c.r.mod
		}
	}
}

// possessiveAt reports whether tokens from i make a possessive ending:
// "'s" or "'" "s".
func possessiveAt(toks []token, i int) bool {
	if i >= len(toks) {
		return false
	}
	switch toks[i].norm {
	case "'s":
		return true
	case "'":
		return i+1 < len(toks) && toks[i+1].norm == "s" && toks[i+1].start == toks[i].end
	}
	return false
}

var quantityMods = map[string]bool{
	"APPROX": true, "LESS_THAN": true, "MORE_THAN": true, "EQUAL_OR_LESS": true, "EQUAL_OR_MORE": true,
}

// resolved is a candidate with its value.
type resolved struct {
	cand
	typ, value string
	refDay     point // for a time of day without a date
	drop       bool
}

// resolve computes the values in text order, tracking the last mentioned
// date, merges a time of day with an adjacent date ("10 p.m. Wednesday",
// "Friday morning") and returns the timexes.
func (t *Tagger) resolve(st *matchState, text string, cands []cand, dct time.Time) []dateline.Timex {
	res := make([]resolved, len(cands))
	ec := evalCtx{dct: dct}
	var cur *cand
	var tenseDone bool
	var tenseVal tense
	var curStart int
	ec.tense = func() tense {
		if !tenseDone {
			tenseVal = t.tenseAt(st, curStart, cur.end)
			tenseDone = true
		}
		return tenseVal
	}
	var sb strings.Builder
	var args []string
	refSent := int32(-1)
	for k := range cands {
		c := &cands[k]
		cur, tenseDone, curStart = c, false, c.start
		ec.sameSent = st.sentOf[c.start] == refSent
		// "until 9 a.m. Tuesday": the time of day before a date shares its
		// context.
		if k > 0 && adjacent(st.toks, cands[k-1].end, c.start) && isTimeOnly(res[k-1].value) {
			curStart = cands[k-1].start
		}
		r := &res[k]
		r.cand = *c
		r.typ = c.r.typ
		r.refDay = ec.refDay
		ec.prevDay = point{}
		if k > 0 && !res[k-1].drop && c.start == res[k-1].end+1 && isDay(res[k-1].value) {
			ec.prevDay = parsePoint(res[k-1].value)
		}
		sb.Reset()
		ok := true
		for _, seg := range c.r.value {
			switch {
			case seg.fn != "":
				args = args[:0]
				for _, a := range seg.args {
					if a.cap != "" {
						args = append(args, capValue(c.caps, a.cap))
					} else {
						args = append(args, a.lit)
					}
				}
				v, good := funcs[seg.fn].f(&ec, args)
				if !good {
					ok = false
				}
				sb.WriteString(v)
			case seg.cap != "":
				sb.WriteString(capValue(c.caps, seg.cap))
			default:
				sb.WriteString(seg.lit)
			}
		}
		if !ok || !validValue(r.typ, sb.String()) {
			r.drop = true
			continue
		}
		r.value = sb.String()
		// "the quarter ended Sept. 30": the day closes the quarter named
		// just before it, which stays the reference.
		endOfPeriod := c.r.endref && k > 0 && !res[k-1].drop && c.start-res[k-1].end <= 2 && periodGran(res[k-1].value)
		if !c.r.noref && !endOfPeriod && (r.typ == dateline.TimexDate || r.typ == dateline.TimexTime) {
			if p := parsePoint(r.value); p.valid() {
				ec.ref = p
				refSent = st.sentOf[c.start]
				if p.g == gDay {
					ec.refDay = p
				}
			}
		}
	}
	// Merge a time of day ("T22:00", "TMO") with a date next to it.
	for k := 0; k+1 < len(res); k++ {
		a, b := &res[k], &res[k+1]
		if a.drop || b.drop {
			continue
		}
		// "at 3 p.m. on Friday": the time is on that day.
		if isTimeOnly(a.value) && isDay(b.value) && onBetween(st.toks, a.end, b.start) {
			a.refDay = parsePoint(b.value)
			continue
		}
		// "at 9 p.m. local time (1900 GMT) on Wednesday": the same across
		// a gloss of the time.
		if isTimeOnly(a.value) && !adjacent(st.toks, a.end, b.start) {
			if j, ok := glossedDay(st, res, k); ok {
				for i := k; i < j; i++ {
					res[i].refDay = parsePoint(res[j].value)
				}
				continue
			}
		}
		if !adjacent(st.toks, a.end, b.start) {
			continue
		}
		switch {
		case isTimeOnly(a.value) && isDay(b.value):
			b.value = dayPart(b.value) + a.value
		case isDay(a.value) && isTimeOnly(b.value):
			b.value = dayPart(a.value) + b.value
		default:
			continue
		}
		b.start, b.typ = a.start, dateline.TimexTime
		if b.mod == "" {
			b.mod = a.mod
		}
		a.drop = true
		b.r = &rule{typ: b.typ} // no longer an attach-only candidate
	}
	out := make([]dateline.Timex, 0, len(res))
	for k := range res {
		r := &res[k]
		if r.drop || r.r.attach {
			continue
		}
		v := r.value
		if isTimeOnly(v) {
			if r.refDay.valid() {
				v = r.refDay.String() + v
			} else {
				v = point{gDay, dct}.String() + v
			}
			r.typ = dateline.TimexTime
		}
		if r.typ == dateline.TimexDate && hasTimeOfDay(v) {
			// "the next morning": a value with a time of day is a TIME.
			r.typ = dateline.TimexTime
		}
		s, e := st.toks[r.start].start, st.toks[r.end-1].end
		out = append(out, dateline.Timex{
			Span:  dateline.Span{Start: s, End: e},
			Text:  text[s:e],
			Type:  r.typ,
			Value: v,
			Mod:   r.mod,
		})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// hasTimeOfDay reports whether a calendar value carries a time of day or a
// part of the day ("2023-03-03TMO", "2023-03-03T14:30").
func hasTimeOfDay(v string) bool {
	i := strings.IndexByte(v, 'T')
	return i > 0 && i+1 < len(v) && (v[0] >= '0' && v[0] <= '9' || v[0] == 'X')
}

// maxGloss is how many tokens may stand between a time of day and "on"
// before the day it is on.
const maxGloss = 8

// glossedDay finds the day that a time of day res[k] is on when only other
// times of day and a short gloss ("local time", "(1900 GMT)") stand between
// it and "on <day>", all in one sentence.
func glossedDay(st *matchState, res []resolved, k int) (int, bool) {
	a := &res[k]
	for j := k + 1; j < len(res); j++ {
		b := &res[j]
		if b.drop {
			continue
		}
		if b.start-a.end > maxGloss || st.sentOf[b.start] != st.sentOf[a.start] {
			return 0, false
		}
		if isTimeOnly(b.value) {
			continue
		}
		if !isDay(b.value) || b.start == 0 || st.toks[b.start-1].norm != "on" {
			return 0, false
		}
		for i := a.end; i < b.start-1; i++ {
			switch t := st.toks[i]; {
			case t.kind == tkPunct && t.norm != "(" && t.norm != ")":
				return 0, false // a comma or a period ends the gloss
			case t.kind == tkWord && !t.upper && t.norm != "local" && t.norm != "time":
				// Only "local time" and zone names: another word may
				// start a new clause.
				if !insideRange(res, k, j, i) {
					return 0, false
				}
			}
		}
		return j, true
	}
	return 0, false
}

// insideRange reports whether token i lies inside one of res[k+1:j].
func insideRange(res []resolved, k, j, i int) bool {
	for m := k + 1; m < j; m++ {
		if !res[m].drop && res[m].start <= i && i < res[m].end {
			return true
		}
	}
	return false
}

func capValue(caps []capture, name string) string {
	for i := len(caps) - 1; i >= 0; i-- {
		if caps[i].name == name {
			return caps[i].val
		}
	}
	return ""
}

// adjacent reports whether tokens end and start are next to each other,
// with at most a comma between them.
func adjacent(toks []token, end, start int) bool {
	if start == end {
		return true
	}
	return start == end+1 && toks[end].norm == ","
}

// periodGran reports whether v is a quarter, a half, a season or a month: a period
// that a closing day may follow.
func periodGran(v string) bool {
	switch parsePoint(v).g {
	case gQuarter, gHalf, gMonth, gSeason:
		return true
	}
	return false
}

// onBetween reports whether the tokens from end to start are "on", maybe
// after a comma.
func onBetween(toks []token, end, start int) bool {
	switch start - end {
	case 1:
		return toks[end].norm == "on"
	case 2:
		return toks[end].norm == "," && toks[end+1].norm == "on"
	}
	return false
}

func isTimeOnly(v string) bool { return strings.HasPrefix(v, "T") }

// isDay reports whether v is a calendar day without a time.
func isDay(v string) bool { return len(v) == 10 && parsePoint(v).g == gDay }

func dayPart(v string) string { return v[:10] }

// validValue checks the shape of a value for its type.
func validValue(typ, v string) bool {
	if v == "" {
		return false
	}
	switch typ {
	case dateline.TimexDuration:
		return strings.HasPrefix(v, "P")
	case dateline.TimexDate, dateline.TimexTime:
		switch v {
		case "PRESENT_REF", "PAST_REF", "FUTURE_REF":
			return true
		}
		if isTimeOnly(v) || strings.HasPrefix(v, "XXXX") || strings.HasPrefix(v, "P") {
			return true
		}
		date, _, _ := strings.Cut(v, "T")
		// "1998-10-XX": a day of a known month.
		if m, ok := strings.CutSuffix(date, "-XX"); ok && len(m) == 7 {
			date = m
		}
		return parsePoint(date).valid()
	}
	return true
}

// Languages returns the languages the layer works on: English.
func (*Tagger) Languages() []string { return []string{"en"} }
