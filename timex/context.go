package timex

import (
	"strings"

	"github.com/dateline-news/dateline"
)

// sentences numbers the sentence of every token. With sentences from an
// earlier layer it follows them; otherwise it splits on its own: after . ! ?
// (and any closing quotes) before a token that does not start with a digit
// or a lower-case letter, and at blank lines.
func sentences(text string, toks []token, sents []dateline.Sentence, sentOf []int32) []int32 {
	sentOf = sentOf[:0]
	if len(sents) > 0 {
		s := 0
		for _, t := range toks {
			for s+1 < len(sents) && t.start >= sents[s].End {
				s++
			}
			sentOf = append(sentOf, int32(s))
		}
		return sentOf
	}
	s := int32(0)
	for i := range toks {
		if i > 0 && boundaryBefore(text, toks, i) {
			s++
		}
		sentOf = append(sentOf, s)
	}
	return sentOf
}

func boundaryBefore(text string, toks []token, i int) bool {
	gap := text[toks[i-1].end:toks[i].start]
	if strings.Count(gap, "\n") >= 2 {
		return true
	}
	t := toks[i]
	if !t.space || t.kind == tkNumber || (t.kind == tkWord && !t.upper) {
		return false
	}
	// Walk back over closing quotes and brackets to the final punctuation.
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		switch toks[j].norm {
		case ".", "!", "?":
			// "Mr." "U.S." "Jan." are not ends: a one-letter or
			// capitalised abbreviation before the period.
			if toks[j].norm == "." && j > 0 {
				p := toks[j-1]
				if p.kind == tkWord && p.end == toks[j].start && (p.end-p.start == 1 || abbrevs[p.norm]) {
					return false
				}
			}
			return true
		case "\"", "'", ")":
			continue
		default:
			return false
		}
	}
	return false
}

// abbrevs are words that usually end in a period inside a sentence.
var abbrevs = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "sen": true,
	"rep": true, "gov": true, "lt": true, "col": true, "sgt": true, "capt": true, "st": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "no": true, "vs": true,
	"inc": true, "corp": true, "co": true, "ltd": true, "jr": true, "sr": true, "mt": true,
}

// tenseWindow is how many tokens either side of an expression tense
// detection looks at.
const tenseWindow = 14

// maxTenseReach is how far tense detection looks when the window holds no
// marker at all.
const maxTenseReach = 40

// tenseAt guesses the tense of the clause around tokens [start, end).
// A preposition just before the expression may settle it ("until Friday",
// "since March"). Otherwise the nearest tense marker in the sentence (a
// future auxiliary, a past form, a present form) decides, left winning a
// tie. A reporting verb ("said", "says") counts only right next to the
// expression, where the expression dates the report itself ("said
// Friday"); further away it dates the report, not the event.
func (t *Tagger) tenseAt(st *matchState, start, end int) tense {
	toks := st.toks
	sent := st.sentOf[start]
	var buf [4]option
	// The expression may be preceded by words of [skip] ("on", "the"...);
	// a preposition of [futureprep] or [pastprep] must end right before
	// them.
	lo := start
	for lo > 0 && st.sentOf[lo-1] == sent && len(t.words["skip"].match(toks, lo-1, buf[:0])) > 0 && start-lo < 3 {
		lo--
	}
	endpoint := false
	for i := start - 1; i >= 0 && i >= lo-4 && st.sentOf[i] == sent; i-- {
		// "Loans through January", "runs through Oct. 30": an end point
		// ahead, unless the clause is in the past ("rose through March").
		for _, o := range t.words["endprep"].match(toks, i, buf[:0]) {
			if o.end >= lo && o.end <= start {
				endpoint = true
			}
		}
		for _, o := range t.words["futureprep"].match(toks, i, buf[:0]) {
			// "Until Thursday, they had not..." looks back.
			if o.end >= lo && o.end <= start && !t.pastPerfect(st, start, end) {
				return tFuture
			}
		}
		for _, o := range t.words["pastprep"].match(toks, i, buf[:0]) {
			if o.end >= lo && o.end <= start {
				return tPast
			}
		}
	}
	// The nearest marker wins; a weak one (a word in -ed) counts as if it
	// were weakPenalty tokens further away.
	best, bestDist := tNone, tenseWindow+weakPenalty+1
	leftOpen, rightOpen := true, true
	for d := 1; d <= tenseWindow && d < bestDist && (leftOpen || rightOpen); d++ {
		if i := start - d; leftOpen {
			if i < 0 || st.sentOf[i] != sent || toks[i].norm == ";" || clauseJoint(toks, i) {
				leftOpen = false
			} else if tn, weak := t.markerAt(toks, i, d); tn != tNone {
				dist := d
				// "arrived on Jan. 5", "ruled Wednesday": a word in -ed
				// just before the expression is its verb.
				if weak && d > 2 {
					dist += weakPenalty
				}
				if dist < bestDist {
					best, bestDist = tn, dist
				}
			}
		}
		if i := end - 1 + d; rightOpen {
			if i >= len(toks) || st.sentOf[i] != sent || toks[i].norm == ";" || clauseJoint(toks, i) {
				rightOpen = false
			} else if tn, weak := t.markerAt(toks, i, d); tn != tNone {
				dist := d
				if weak {
					dist += weakPenalty
				}
				if dist < bestDist {
					best, bestDist = tn, dist
				}
			}
		}
	}
	// Past the window, the nearest marker of the sentence still decides
	// when none was found inside it: "In January, a week after the
	// anniversary of the court's decision, a bombing killed a guard."
	for d := tenseWindow + 1; best == tNone && d <= maxTenseReach && (leftOpen || rightOpen); d++ {
		for _, i := range [2]int{start - d, end - 1 + d} {
			if i < 0 || i >= len(toks) || st.sentOf[i] != sent || toks[i].norm == ";" {
				if i < start {
					leftOpen = false
				} else {
					rightOpen = false
				}
				continue
			}
			if (i < start && !leftOpen) || (i >= end && !rightOpen) {
				continue
			}
			if tn, _ := t.markerAt(toks, i, d); tn != tNone && best == tNone {
				best = tn
			}
		}
	}
	if endpoint && best != tPast {
		return tFuture
	}
	return best
}

// clauseJoint reports whether token i is the comma of ", and" or ", but",
// which joins two clauses: the tense of one is not the other's ("suspended
// it on Saturday, and the EU warned it would").
func clauseJoint(toks []token, i int) bool {
	return toks[i].norm == "," && i+1 < len(toks) && (toks[i+1].norm == "and" || toks[i+1].norm == "but")
}

// pastPerfect reports whether "had" occurs in the tense window around
// tokens [start, end).
func (t *Tagger) pastPerfect(st *matchState, start, end int) bool {
	sent := st.sentOf[start]
	for i := max(0, start-tenseWindow); i < min(len(st.toks), end+tenseWindow); i++ {
		if st.sentOf[i] == sent && st.toks[i].norm == "had" {
			return true
		}
	}
	return false
}

// weakPenalty is the handicap of a weak tense marker: a word in -ed may be
// an adjective or a participle ("untouched by", "a planned visit").
const weakPenalty = 5

// markerAt returns the tense a marker starting at token i, d tokens away
// from the expression, signals, and whether the evidence is weak.
func (t *Tagger) markerAt(toks []token, i, d int) (tense, bool) {
	var buf [4]option
	has := func(list string) bool { return len(t.words[list].match(toks, i, buf[:0])) > 0 }
	// A capitalised "States" or "Notes" is a name, not a verb of saying.
	if !toks[i].upper && has("reporting") {
		if d > 2 {
			return tNone, false
		}
		// "said", "told", "announced" are past; "says", "notes" present.
		if w := toks[i].norm; has("past") || strings.HasSuffix(w, "ed") {
			return tPast, false
		}
		return tPresent, false
	}
	if has("notfuture") {
		return tNone, false // "next to the embassy"
	}
	if has("future") {
		// "had been scheduled to", "had been due": a past plan.
		for j := i - 1; j >= 0 && j >= i-2; j-- {
			if toks[j].norm == "had" {
				return tPast, false
			}
		}
		return tFuture, false
	}
	if has("past") {
		w := toks[i].norm
		if i > 0 && t.words["passive"].match(toks, i-1, buf[:0]) != nil && len(t.words["passive"].match(toks, i-1, buf[:0])) > 0 {
			return tNone, false // "will be held", "to be paid": not a past form
		}
		if w == "was" || w == "were" {
			// "were planning to", "was expected to": a plan ahead.
			for j := i + 1; j <= i+2 && j < len(toks); j++ {
				if has2 := len(t.words["future"].match(toks, j, buf[:0])) > 0; has2 {
					return tFuture, false
				}
			}
		}
		return tPast, false
	}
	if has("present") {
		return tPresent, false
	}
	w := toks[i].norm
	if toks[i].kind == tkWord && len(w) >= 5 && strings.HasSuffix(w, "ed") && !toks[i].upper && !has("notpast") {
		if i > 0 && len(t.words["passive"].match(toks, i-1, buf[:0])) > 0 {
			return tNone, false
		}
		// "a still unspecified date", "the newly elected council": after
		// a determiner (and maybe an adverb) a form in -ed is an adjective.
		for j := i - 1; j >= 0 && j >= i-2; j-- {
			if len(t.words["determiner"].match(toks, j, buf[:0])) > 0 {
				return tNone, false
			}
			if w := toks[j].norm; toks[j].kind != tkWord || !(strings.HasSuffix(w, "ly") || w == "still" || w == "now" || w == "once" || w == "long") {
				break
			}
		}
		return tPast, true
	}
	return tNone, false
}
