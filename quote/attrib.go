package quote

import (
	"sort"
	"strings"

	"github.com/dateline-news/dateline"
)

// attribution is a quote being built: its content, cue and source as token
// ranges, and the quotation regions it covers.
type attribution struct {
	cs, ce   int // content token range [cs, ce)
	content  dateline.Span
	kind     string
	cue      int // index into a.cues, or -1
	cueSpan  dateline.Span
	hasCue   bool
	ss, se   int // source token range, ss < 0 when there is none
	antecede int // for a relative pronoun source: start of the noun phrase it refers to, or -1
	ante2    int // end of that noun phrase
	regions  []int
	speaker  string
	// inherit is the attribution whose speaker this one takes when it has
	// no source of its own (a heading that repeats a quotation), or -1.
	inherit int
	skind   string // resolved kind of speaker: person, org, role, ...
	closed  bool   // no further quotation continues this one
	gender  byte
	// how names the rule that made the attribution, and fallback is set
	// when its source is the words before the cue rather than a noun
	// phrase the rules read: features of the attribution model.
	how      string
	fallback bool
	// endConf is the probability that the end the end model chose
	// matches the annotators' (see chooseEnd), or 0 when it chose none.
	endConf float64
}

func (at *attribution) hasSource() bool { return at.ss >= 0 && at.se > at.ss }

// newAttribution returns an attribution with no source, made by the rule
// named how.
func newAttribution(how string) *attribution {
	return &attribution{cue: -1, ss: -1, se: -1, antecede: -1, ante2: -1, inherit: -1, how: how}
}

// ---- noun phrases ----------------------------------------------------------

// nameAnd reports whether token i ("and", "&") joins two names or noun
// phrases inside one larger noun phrase ("Google and Yahoo").
func (a *analysis) nameAnd(i int) bool {
	if k := a.key(i); k != "and" && a.str(i) != "&" {
		return false
	}
	if i == 0 || i+1 >= len(a.toks) {
		return false
	}
	return (a.toks[i-1].cap || a.is(i-1, wRole)) && (a.toks[i+1].cap || a.is(i+1, wDet))
}

// npLeft returns the start of the noun phrase that ends just before token
// e, not reaching before token lo; e when there is none.
func (a *analysis) npLeft(e, lo int) int {
	start := e
	for i := e - 1; i >= lo && e-i <= 16; i-- {
		t := a.toks[i]
		if t.reg >= 0 {
			break
		}
		switch t.kind {
		case dateline.TokWord, dateline.TokNumber:
		case dateline.TokPunct:
			s := a.str(i)
			if s == ")" || s == "]" {
				// a parenthesis inside the noun phrase: "Sen. X (R-Wis.)"
				j := i - 1
				for j >= lo && !a.punct(j, "([") && i-j < 8 {
					j--
				}
				if j >= lo && a.punct(j, "([") && j > lo {
					i = j
					start = j
					continue
				}
			}
			if s == "&" {
				start = i
				continue
			}
			return start
		default:
			return start
		}
		w := t.w
		if w != nil && w.key == "'s" && i > lo && a.wordLike(i-1) {
			start = i // possessive: "Indiana University's Maurer School"
			continue
		}
		if w != nil && w.cls&wDay != 0 && t.cap && i+1 < e && a.toks[i+1].kind == dateline.TokNumber {
			start = i // "the Nov. 8 election"
			continue
		}
		if w != nil {
			if w.pron != nil && w.cls&wPron != 0 && w.cls&wDet == 0 {
				// A pronoun is a noun phrase by itself.
				if i == e-1 {
					return i
				}
				return start
			}
			if w.key == "and" || w.key == "&" {
				if a.nameAnd(i) {
					start = i
					continue
				}
				return start
			}
			if w.key == "that" && !t.cap {
				return start
			}
			if w.cls&wPrep != 0 && !t.cap {
				// "a spokesman for the mayor", "advocates for stem cell
				// research": a preposition after a noun.
				if i-1 >= lo && i+1 < e && (a.is(i-1, wRole) || a.nounWord(i-1)) && (w.key == "for" || w.key == "at" || w.key == "with" || w.key == "from" || w.key == "in" && a.is(i-1, wRole)) {
					start = i
					continue
				}
				return start
			}
			if w.cls&(wSub|wAux|wVerb|wRel|wObjPron|wDay) != 0 && w.cls&wDet == 0 && w.cls&wRole == 0 {
				// A capitalised word inside a name is part of it: "CBS
				// This Morning", "Morning Consult".
				inName := t.cap && i+1 < e && a.toks[i+1].cap && w.cls&wDay != 0
				if !(t.cap && i != a.sentStart(i) && w.cls&wDay == 0) && !inName {
					return start
				}
			}
			if w.cls&wPrep != 0 && t.cap && i == a.sentStart(i) {
				return start
			}
			if !t.cap && w.verbOnly() {
				// a verb form of a cue ends the phrase; a base form may be a noun
				return start
			}
		}
		start = i
	}
	return start
}

// nounWord reports whether token i is a lower-case word that the lexicon
// does not list as a function word or verb: most likely a noun or an
// adjective.
func (a *analysis) nounWord(i int) bool {
	if i < 0 || i >= len(a.toks) || a.toks[i].kind != dateline.TokWord || a.toks[i].cap {
		return false
	}
	w := a.toks[i].w
	return w == nil || w.cls&(wSub|wAux|wVerb|wRel|wPrep|wPron|wObjPron|wDet|wDay) == 0 && len(w.forms) == 0
}

// npRight returns the end of the noun phrase that starts at token s, not
// reaching token hi or beyond; s when there is none. It stops at a comma,
// so an apposition is not included.
func (a *analysis) npRight(s, hi int) int {
	end := s
	for i := s; i < hi && i-s < 14; i++ {
		t := a.toks[i]
		if t.reg >= 0 {
			break
		}
		if t.kind == dateline.TokPunct {
			if a.str(i) == "(" {
				j := i + 1
				for j < hi && !a.punct(j, ")") && j-i < 8 {
					j++
				}
				if j < hi && a.punct(j, ")") {
					i = j
					end = j + 1
					continue
				}
			}
			break
		}
		if t.kind != dateline.TokWord && t.kind != dateline.TokNumber {
			break
		}
		if w := t.w; w != nil && w.key == "'s" && i > s {
			end = i + 1 // possessive: "ABC's", "Florida's"
			continue
		}
		if w := t.w; w != nil {
			if (w.pron != nil && w.cls&wPron != 0 || w.cls&wObjPron != 0) && w.cls&wDet == 0 {
				if i == s {
					return i + 1 // a pronoun is a noun phrase by itself
				}
				break
			}
			if w.key == "and" || w.key == "&" {
				if a.nameAnd(i) {
					continue
				}
				break
			}
			if w.cls&wPrep != 0 {
				if i > s && a.is(i-1, wRole) && (w.key == "for" || w.key == "at" || w.key == "with" || w.key == "from" || w.key == "in") {
					continue
				}
				break
			}
			if w.cls&(wSub|wAux|wVerb|wRel|wObjPron|wDay) != 0 && w.cls&(wDet|wRole) == 0 && !(t.cap && i > s) {
				break
			}
			if !t.cap && i > s && w.verbOnly() {
				break
			}
		}
		// A word in -ed after a name or a noun is the verb of the clause:
		// "Justice Clarence Thomas dissented, arguing", "leaders walked
		// out, saying"; after a determiner or an adverb it is an adjective
		// ("an embattled minister", "the newly elected president").
		if !t.cap && i > s && pastLike(a.str(i)) && !a.is(i-1, wDet) && (a.toks[i-1].cap || a.nounWord(i-1) || a.is(i-1, wRole)) {
			break
		}
		end = i + 1
	}
	return end
}

// pastLike reports whether a lower-case word looks like a regular past
// tense: "dissented", "resigned".
func pastLike(w string) bool {
	return len(w) > 4 && strings.HasSuffix(w, "ed") && w != "hundred" && w != "kindred" && w != "sacred"
}

// verbOnly reports whether the word is a cue verb form that is not also
// a base form (which may be a noun: "call", "support"): "said", "told",
// "saying".
func (w *word) verbOnly() bool {
	if w == nil {
		return false
	}
	stop := false
	for _, f := range w.forms {
		if f.form&(vBase|vPhrase|vS) != 0 {
			return false
		}
		if f.form&(vPast|vPart|vIng) != 0 {
			stop = true
		}
	}
	return stop
}

// ppEnd returns the end of a prepositional phrase whose object starts at
// token k: the words up to punctuation, a conjunction or a verb.
func (a *analysis) ppEnd(k, hi int) int {
	for ; k < hi; k++ {
		t := a.toks[k]
		if t.reg >= 0 || t.kind == dateline.TokPunct || t.kind == dateline.TokDash || t.kind == dateline.TokQuote {
			return k
		}
		if w := t.w; w != nil && !t.cap && (w.cls&(wSub|wVerb|wRel) != 0 && w.cls&wDet == 0 || w.key == "that" || w.verbOnly() || w.cls&wPron != 0 && w.cls&wDet == 0) {
			return k
		}
	}
	return k
}

// nounish reports whether tokens [s, e) can be a noun phrase: not only
// determiners and adverbs.
func (a *analysis) nounish(s, e int) bool {
	for i := s; i < e; i++ {
		if a.wordLike(i) && !a.is(i, wDet) && !a.is(i, wAux) {
			return true
		}
		if a.is(i, wPron) {
			return true
		}
	}
	return false
}

// skipTimeLeft skips, leftwards from token e (exclusive), a time adverbial
// between a subject and its verb ("Baerbock on Thursday called", "Trump
// last week said"); it returns the new end.
func (a *analysis) skipTimeLeft(e, lo int) int {
	for n := 0; n < 3; n++ {
		switch {
		case e-1 >= lo && a.is(e-1, wDay) && !a.is(e-1, wPron) && !(a.toks[e-1].cap && !calendarNames[a.key(e-1)]):
			e--
			if e-1 >= lo && a.is(e-1, wPrep) && !a.toks[e-1].cap {
				e--
			}
		case e-2 >= lo && (a.key(e-1) == "week" || a.key(e-1) == "month" || a.key(e-1) == "year" || a.key(e-1) == "weekend" || a.key(e-1) == "night") &&
			(a.key(e-2) == "last" || a.key(e-2) == "this" || a.key(e-2) == "next" || a.key(e-2) == "earlier" || a.key(e-2) == "later"):
			e -= 2
		case e-1 >= lo && (a.is(e-1, wAux) || a.lyAdverb(e-1)) && !a.is(e-1, wPron):
			e--
		default:
			return e
		}
	}
	return e
}

// calendarNames are the time words that are capitalised: a capitalised
// "Day" or "Night" before a cue is a name, "Monday" is not.
var calendarNames = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "january": true, "february": true, "march": true, "april": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true, "jan.": true, "feb.": true,
	"mar.": true, "apr.": true, "aug.": true, "sept.": true, "sep.": true, "oct.": true, "nov.": true, "dec.": true, "today": true,
	"yesterday": true, "tonight": true, "tomorrow": true, "earlier": true, "later": true}

// ---- sources ----------------------------------------------------------------

// leftSource finds the subject of the cue: the noun phrase before its verb
// group. It returns the source range and, for a relative pronoun, the
// range of the noun phrase it refers to.
func (a *analysis) leftSource(c *cueMatch) (ss, se, ante, ante2 int) {
	return a.leftSourceFrom(c, a.sentStart(c.g))
}

// leftSourceFrom is leftSource with the subject starting at token lo or later.
func (a *analysis) leftSourceFrom(c *cueMatch, lo int) (ss, se, ante, ante2 int) {
	// The sentence may begin inside a quotation that the cue follows.
	e := a.skipTimeLeft(c.g, lo)
	ante, ante2 = -1, -1
	if e <= lo {
		return -1, -1, -1, -1
	}
	if a.toks[e-1].reg >= 0 {
		return -1, -1, -1, -1
	}
	i := e - 1
	// A dash-delimited aside between the subject and the verb: "The
	// justice -- who has ... -- said".
	if a.toks[i].kind == dateline.TokDash {
		j := i - 1
		for j > lo && a.toks[j].kind != dateline.TokDash && i-j < 30 && !a.punct(j, ".;:") {
			j--
		}
		if j > lo && a.toks[j].kind == dateline.TokDash {
			if s := a.npLeft(j, lo); s < j && a.nounish(s, j) {
				return s, j, -1, -1
			}
		}
		return -1, -1, -1, -1
	}
	switch {
	case a.is(i, wPron) && !a.is(i, wDet):
		return i, i + 1, -1, -1
	case quantifiers[a.key(i)] && (i == lo || !a.wordLike(i-1) || a.is(i-1, wSub)):
		// "many said", "some say"
		return i, i + 1, -1, -1
	case a.key(i) == "her" && a.is(i, wPron):
		return i, i + 1, -1, -1
	case a.is(i, wRel) && !a.toks[i].cap:
		// who / which / that: the relative pronoun is the source.
		k := i
		if a.punct(k-1, ",") {
			k--
		}
		if s := a.npLeft(k, lo); s < k && a.nounish(s, k) {
			return i, i + 1, s, k
		}
		if a.key(i) == "that" {
			return -1, -1, -1, -1
		}
		return i, i + 1, -1, -1
	case a.punct(i, ","):
		// "X, who ..., said", "X, a top aide, said", "X, 21, a student
		// from Y, said": walk back over appositions and relative clauses
		// to the name that heads them.
		end := i
		head := -1
		for n := 0; n < 5; n++ {
			j := end - 1
			for j >= lo && !a.punct(j, ",;:") && a.toks[j].reg < 0 && end-j < 30 {
				j--
			}
			segStart := j + 1
			whole := a.npLeft(end, segStart) == segStart && a.nounish(segStart, end) || a.appositive(segStart, end) && (n > 0 || a.punct(j, ","))
			if j < lo || !a.punct(j, ",") {
				// the first segment of the clause: its noun phrase heads the source
				if n == 0 {
					return -1, -1, -1, -1
				}
				if s := a.npLeft(end, segStart); s < end && a.nounish(s, end) && !(a.is(s-1, wPrep) && s-1 >= segStart) {
					head = s
				}
				break
			}
			paren := !whole && a.parenthetical(segStart, end)
			if !whole && !(a.is(segStart, wRel) && n == 0) && !paren {
				if n == 0 {
					return -1, -1, -1, -1
				}
				// a clause or an opening adverbial: the segment after it heads
				break
			}
			if !paren {
				head = segStart
			}
			end = j
		}
		if head < 0 || head >= i {
			return -1, -1, -1, -1
		}
		return head, i, -1, -1
	}
	s := a.npLeft(e, lo)
	if s < e && a.nounish(s, e) {
		// A noun phrase that is the object of a preposition is no subject.
		if a.is(s-1, wPrep) && !a.is(s-1, wSub) && !a.toks[s-1].cap && s-1 >= lo {
			return -1, -1, -1, -1
		}
		return s, e, -1, -1
	}
	return -1, -1, -1, -1
}

// quantifiers can stand alone as the subject of a cue ("many said").
var quantifiers = map[string]bool{"many": true, "some": true, "most": true, "several": true, "few": true,
	"both": true, "all": true, "others": true, "one": true, "another": true, "none": true, "each": true}

// appositive reports whether tokens [s, e) between commas describe the
// noun phrase before them: "a professor at Indiana University's Maurer
// School of Law", "21", "the founder of X, a group that has sued": they
// begin with a determiner, a number, a role or a name and contain no cue
// verb.
func (a *analysis) appositive(s, e int) bool {
	if s >= e || e-s > 40 {
		return false
	}
	if !(a.is(s, wDet) && !a.is(s, wRel) || a.toks[s].kind == dateline.TokNumber || a.is(s, wRole) || a.nameTok(s) || a.nounWord(s)) {
		return false
	}
	for i := s; i < e; i++ {
		if a.toks[i].reg >= 0 || a.punct(i, ";:") {
			return false
		}
		if w := a.toks[i].w; w != nil && !a.toks[i].cap && w.verbOnly() && a.cueVerbAt(i) {
			return false
		}
	}
	return true
}

// parenthetical reports whether tokens [s, e) between commas are an aside
// between a subject and its verb: an adverb ("though", "however"), a
// participle phrase ("writing for the majority", "citing X").
func (a *analysis) parenthetical(s, e int) bool {
	if s >= e {
		return false
	}
	switch a.key(s) {
	case "though", "however", "too", "meanwhile", "instead", "in", "for", "at", "speaking", "writing", "citing", "asked", "pressed", "like", "unlike", "also":
		return true
	}
	if a.lyAdverb(s) && e-s <= 2 {
		return true
	}
	if w := a.toks[s].w; w != nil && !a.toks[s].cap {
		for _, f := range w.forms {
			if f.form&vIng != 0 || f.form&vPart != 0 && f.form&vBase == 0 {
				return true
			}
		}
	}
	st := a.str(s)
	return len(st) > 5 && strings.HasSuffix(st, "ing") && !a.toks[s].cap
}

// clauseSubject returns the subject of the sentence that token i is in: the
// source of an earlier attribution in the sentence, or the noun phrase at
// the start of the main clause.
func (a *analysis) clauseSubject(i int) (ss, se int) {
	lo := a.sentStart(i)
	best := -1
	for k := len(a.atts) - 1; k >= 0 && k >= len(a.atts)-64; k-- {
		at := a.atts[k]
		if at.hasSource() && at.ss >= lo && at.se <= i && (best < 0 || at.se > a.atts[best].se) {
			best = k
		}
	}
	if best >= 0 {
		return a.atts[best].ss, a.atts[best].se
	}
	p := lo
	// Skip opening adverbials up to their comma: "Hours later,", "In a
	// statement,", "Asked about it,".
	for n := 0; n < 2 && p < i; n++ {
		if !(a.is(p, wPrep|wSub|wDay) || a.lyAdverb(p) || a.timeAfter(p, i) > p || a.toks[p].w.verbOnly()) {
			break
		}
		q := p
		for q < i && q < p+15 && !a.punct(q, ",") {
			q++
		}
		if q >= i || !a.punct(q, ",") {
			break
		}
		p = q + 1
	}
	if p >= i {
		return -1, -1
	}
	if a.is(p, wPron) && !a.is(p, wDet) {
		return p, p + 1
	}
	e := a.npRight(p, i)
	if e > p && a.nounish(p, e) {
		return p, e
	}
	return -1, -1
}

// ---- content ----------------------------------------------------------------

var whWords = map[string]bool{"whether": true, "if": true, "how": true, "what": true, "why": true, "when": true, "where": true, "who": true, "which": true}

// ingAdjuncts are the participles that start a new attribution after a
// comma (", saying ...") and so end the content before them.
func (a *analysis) startsAttribution(i int) bool {
	if i >= len(a.toks) || a.toks[i].w == nil {
		return false
	}
	w := a.toks[i].w
	if w.key == "according" && a.key(i+1) == "to" {
		return true
	}
	for _, f := range w.forms {
		if f.form&vIng != 0 && (f.cue.has(fThat) || f.cue.has(fQuote)) {
			return true
		}
	}
	return false
}

// clauseEnd returns the end (exclusive token index) of a content that
// starts at token p: the end of the sentence, before a semicolon or a
// following attribution (", saying", ", according to", ", he said"), and
// without final punctuation.
func (a *analysis) clauseEnd(p int) int {
	e := a.sentEnd(p)
	for t := p; t < e; t++ {
		if r := a.toks[t].reg; r >= 0 {
			t = a.regions[r].lastTok(a)
			if t >= e {
				e = t + 1
			}
			continue
		}
		if a.punct(t, ";") || a.toks[t].kind == dateline.TokDash && t > p && a.punct(t-1, ",") {
			e = t
			break
		}
		if t == p {
			continue
		}
		if a.punct(t, ",") && (a.commaEnds(t+1, e) || a.adjunctEnds(p, t)) {
			e = t
			break
		}
		// "said X and said Y", "said X but did not say Y": a second verb
		// phrase of the subject.
		if k := a.key(t); (k == "and" && a.sayVerbAt(a.skipAux(t+1, e)) || k == "but" && a.vpStart(t+1)) && !a.punct(t-1, ",") {
			e = t
			break
		}
	}
	return a.trimEnd(p, e)
}

// commaEnds reports whether the words after a comma at token t-1 end a
// content: a new attribution (", saying", ", according to", ", he said",
// ", said Blinken", ", a man yelled"), a contrast (", but", ", while"), or
// the main verb after a relative clause (", said").
func (a *analysis) commaEnds(t, e int) bool {
	if t >= e {
		return false
	}
	if a.startsAttribution(t) || a.trailingAttribution(t, e) {
		return true
	}
	switch a.key(t) {
	case "but", "while", "however", "although", "though", "whereas", "yet":
		return true
	case "and":
		return a.sayVerbAt(a.skipAux(t+1, e))
	}
	if w := a.toks[t].w; w != nil && !a.toks[t].cap && w.verbOnly() || a.cueVerbAt(t) {
		return true
	}

	// ", NP cue": a new attribution begins.
	if n := a.npRight(t, e); n > t && n < e && a.cueVerbAt(a.skipAux(n, e)) {
		return true
	}
	return false
}

// adjunctEnds reports whether the comma at token t ends the content that
// starts at p: after a complete clause (a verb in [p, t)), a comma and a
// non-restrictive relative clause (", which had been in the works since").
// Other adjuncts after a comma (participles, "despite", "including") are
// kept: the annotators include them about as often as not.
func (a *analysis) adjunctEnds(p, t int) bool {
	k := t + 1
	if k >= len(a.toks) {
		return false
	}
	// a non-restrictive relative clause: be conservative, as the
	// annotation guidelines say, and leave it out
	switch a.key(k) {
	case "which", "who", "whose", "where":
		if a.toks[k].cap {
			return false
		}
	default:
		return false
	}
	return a.hasVerb(p, t)
}

// hasVerb reports whether tokens [s, e) hold a verb after their first
// word: an auxiliary, a frequent verb, a cue or a lower-case word in -ed.
func (a *analysis) hasVerb(s, e int) bool {
	for i := s + 1; i < e; i++ {
		if a.toks[i].reg >= 0 || a.toks[i].cap {
			continue
		}
		if a.is(i, wAux|wVerb) && !a.is(i, wPron|wDet|wAdv) && !a.lyAdverb(i) || a.cueVerbAt(i) {
			return true
		}
		if st := a.str(i); a.toks[i].kind == dateline.TokWord && len(st) > 4 && strings.HasSuffix(st, "ed") {
			return true
		}
	}
	return false
}

// skipAux returns the first token from k on that is not an auxiliary or adverb.
func (a *analysis) skipAux(k, e int) int {
	for k < e && (a.is(k, wAux) || a.lyAdverb(k)) && !a.is(k, wPron) {
		k++
	}
	return k
}

// firstCueFrom returns the index of the first cue whose word is at token
// i or after.
func (a *analysis) firstCueFrom(i int) int {
	return sort.Search(len(a.cues), func(k int) bool { return a.cues[k].i >= i })
}

// cueVerbAt reports whether a cue verb (not a noun phrase cue) starts at token k.
func (a *analysis) cueVerbAt(k int) bool {
	if k >= len(a.toks) || a.toks[k].cap {
		return false
	}
	i := sort.Search(len(a.cues), func(i int) bool { return a.cues[i].i >= k })
	return i < len(a.cues) && a.cues[i].i == k && a.cues[i].form&vPhrase == 0
}

// sayVerbAt reports whether a cue verb that introduces quotations starts
// at token k ("said", "added").
func (a *analysis) sayVerbAt(k int) bool {
	if k >= len(a.toks) || a.toks[k].cap {
		return false
	}
	i := sort.Search(len(a.cues), func(i int) bool { return a.cues[i].i >= k })
	return i < len(a.cues) && a.cues[i].i == k && a.cues[i].form&vPhrase == 0 && a.cues[i].cue.has(fQuote)
}

// vpStart reports whether a verb phrase starts at token k: an auxiliary, a
// frequent verb or a cue verb.
func (a *analysis) vpStart(k int) bool {
	if k >= len(a.toks) || a.toks[k].cap {
		return false
	}
	if a.is(k, wAux) && !a.is(k, wPron|wDet) {
		k = a.skipAux(k, len(a.toks))
		return true
	}
	return a.is(k, wVerb) || a.cueVerbAt(k)
}

// trimEnd drops final punctuation from the content range [p, e).
func (a *analysis) trimEnd(p, e int) int {
	for e > p {
		t := a.toks[e-1]
		if t.reg >= 0 && t.kind == dateline.TokQuote {
			break
		}
		if t.kind == dateline.TokPunct || t.kind == dateline.TokDash {
			s := a.str(e - 1)
			if s == ")" || s == "]" {
				break
			}
			e--
			continue
		}
		break
	}
	return e
}

// trailingAttribution reports whether tokens [s, e) are a trailing
// attribution: "he said", "officials said Thursday", "said Blinken".
func (a *analysis) trailingAttribution(s, e int) bool {
	for k := a.firstCueFrom(s); k < len(a.cues); k++ {
		c := a.cues[k]
		if c.i > s+10 || c.i >= e {
			break
		}
		if !c.cue.has(fThat) && !c.cue.has(fQuote) {
			return false
		}
		if c.g > s && a.npLeft(c.g, s) != s {
			return false
		}
		// After the cue: only the end of the sentence, an inverted subject
		// or an adverbial.
		k := c.j
		if c.g == s {
			k = a.npRight(k, e)
		}
		return a.endsClause(k, e)
	}
	return false
}

// timeAfter returns the end of a time adverbial that starts at token k
// ("Friday", "on Thursday", "earlier this week", "last month", "two weeks
// ago", "in March"), or k when there is none.
func (a *analysis) timeAfter(k, hi int) int {
	start := k
	if k < hi && (a.key(k) == "on" || a.key(k) == "in" || a.key(k) == "at" || a.key(k) == "during" || a.key(k) == "late" || a.key(k) == "early" || a.key(k) == "the") && a.is(k+1, wDay|wDet) {
		k++
		if a.is(k, wDet) && a.is(k+1, wDay) {
			k++
		}
		if !a.is(k, wDay) {
			return start
		}
	}
	for n := 0; k < hi && n < 5; n++ {
		switch kk := a.key(k); {
		case a.is(k, wDay) && !a.is(k, wPron):
			k++
		case kk == "last" || kk == "this" || kk == "next" || kk == "that" || kk == "earlier" || kk == "later":
			if !a.is(k+1, wDay) && kk != "earlier" && kk != "later" {
				return k
			}
			k++
		case a.toks[k].kind == dateline.TokNumber && (a.is(k+1, wDay) || k > start && a.is(k-1, wDay)):
			k++ // "two weeks ago", "March 14"
		case a.punct(k, ",") && k > start && a.toks[k-1].kind == dateline.TokNumber && k+1 < len(a.toks) && a.toks[k+1].kind == dateline.TokNumber:
			k++ // "March 14, 2016"

		default:
			return a.notPossessive(start, k)
		}
	}
	return a.notPossessive(start, k)
}

// notPossessive returns k, or start when the time word before k is a
// possessive ("at Monday's rally" is no time adverbial).
func (a *analysis) notPossessive(start, k int) int {
	if k > start && a.key(k) == "'s" {
		return start
	}
	return k
}

// endsClause reports whether, from token k, only adverbials ("on
// Thursday", "in a statement", "at a rally") separate it from the end of
// the sentence e or a comma.
func (a *analysis) endsClause(k, e int) bool {
	for n := 0; k < e && n < 12; n++ {
		switch {
		case a.punct(k, ",.!?;:") || a.toks[k].kind == dateline.TokDash:
			if a.punct(k, ",;:") || a.toks[k].kind == dateline.TokDash {
				return true
			}
			k++
			continue
		case a.timeAfter(k, e) > k:
			k = a.timeAfter(k, e)
		case a.is(k, wDay) || a.is(k, wAux) || a.lyAdverb(k) || a.is(k, wAdv):
			k++
		case a.is(k, wPrep) && !a.toks[k].cap:
			k = max(a.ppEnd(k+1, e), k+1)
		default:
			return false
		}
	}
	return k >= e
}

// recipientEnd returns the end of the recipient noun phrase that starts at
// token p. After a cue whose object is always the recipient (first), it
// ends where a determiner begins the content's subject ("told the BBC |
// the government would", "told reporters | his party").
func (a *analysis) recipientEnd(p, hi int, first bool) int {
	e := a.npRight(p, hi)
	for i := p + 1; first && i < e; i++ {
		if a.is(i, wDet) && a.key(i) != "'s" {
			return i
		}
	}
	return e
}

// contentAfter finds the content that follows the cue: a clause, an
// infinitive, an object, a prepositional complement. It returns the
// content range and whether the cue was extended over a preposition.
func (a *analysis) contentAfter(c *cueMatch) (cs, ce int) {
	p := c.j
	hi := a.sentEnd(c.i)
	if p >= hi {
		return -1, -1
	}
	cu := c.cue
	// An explicit "that" after adverbials: "said in a statement on
	// Thursday that", "told the press after the meeting ended that".
	if cu.has(fThat | fThatOnly) {
		q := a.skipAdverbials(p, hi, cu.has(fRcpt))
		if q > p && q+1 < hi && a.key(q) == "that" && (!a.punct(q+1, ",.;") || a.punct(q+1, ",") && a.isQuote(q+2)) {
			return q, a.clauseEnd(q)
		}
		// A "that" within a few words with no verb before it.
		for t := p; t < hi && t < p+12; t++ {
			if a.toks[t].reg >= 0 || a.punct(t, ".;:!?") || a.isQuote(t) {
				break
			}
			if a.key(t) == "that" {
				if t+1 < hi && !a.punct(t+1, ",.;") && a.key(t+1) != "of" {
					return t, a.clauseEnd(t)
				}
				break
			}
			if t > p && (a.is(t, wVerb) || a.is(t, wSub) || len(a.toks[t].w.formsOrNil()) > 0) {
				break
			}
		}
	}
	// Adverbials right after the cue.
	for n := 0; n < 4 && p < hi; n++ {
		switch {
		case a.is(p, wDay) && !a.is(p, wPron), a.is(p, wAdv) && !a.is(p, wDet), a.lyAdverb(p):
			p++
		case (a.key(p) == "last" || a.key(p) == "this" || a.key(p) == "earlier") && a.is(p+1, wAdv):
			p += 2
		case (a.key(p) == "on" || a.key(p) == "in" || a.key(p) == "at") && a.is(p+1, wDay):
			p += 2
		case a.punct(p, ",") && a.is(p+1, wAux) && a.punct(p+2, ","):
			p += 3
		default:
			n = 4
		}
	}
	if p >= hi {
		return -1, -1
	}
	// A recipient before the content: "told reporters (that)", "warned him".
	if cu.has(fRcpt) || cu.has(fObjTo) {
		r := -1
		switch {
		case a.is(p, wObjPron) && !a.is(p, wPron) || a.key(p) == "her" || a.key(p) == "you" || a.key(p) == "it":
			r = p + 1
		case a.key(p) == "reporters" || a.key(p) == "journalists" || a.key(p) == "supporters" || a.key(p) == "voters" || a.is(p, wDet) && !a.is(p, wPron) && cu.has(fRcpt):
			r = a.recipientEnd(p, hi, cu.has(fRcptFirst))
		case a.toks[p].cap && !a.is(p, wDet) && !a.is(p, wPron):
			r = a.recipientEnd(p, hi, cu.has(fRcptFirst))
		}
		if r > p && r < hi {
			if cu.has(fRcpt) {
				r2 := a.skipAdverbials(r, hi, false)
				if k := a.key(r2); k != "that" && !whWords[k] && k != "to" && !a.punct(r2, ":") {
					// Without a complementiser, an adverbial holds no clause:
					// "said the deal-breaker on Trump was ..." is no recipient.
					r2 = a.skipPlainAdverbials(r, hi)
				}
				r = r2
			}
			k := a.key(r)
			switch {
			case r >= hi:
			case cu.has(fRcpt) && a.punct(r, ",") && r+1 < hi && (a.is(r+1, wPron) && !a.is(r+1, wDet) || a.nameTok(r+1)) && a.clauseStart(r+1):
				// "told the crowd, he's been known to ..."
				return r + 1, a.clauseEnd(r + 1)
			case k == "to" && cu.has(fObjTo):
				return p, a.clauseEnd(p)
			case k == "that" && (cu.has(fThat) || cu.has(fThatOnly)):
				return r, a.clauseEnd(r)
			case whWords[k] && cu.has(fWh):
				return r, a.clauseEnd(r)
			case cu.takesPrep(k) && !a.toks[r].cap && r+1 < hi && a.wordLike(r+1):
				// "asked Clinton about her email scandal"
				return r + 1, a.clauseEnd(r + 1)
			case a.punct(r, ":"):
				if r+1 < hi {
					return r + 1, a.clauseEnd(r + 1)
				}
			case cu.has(fRcpt) && cu.has(fThat) && (a.is(r, wPron) || a.is(r, wDet) && !a.is(r, wPron)):
				return r, a.clauseEnd(r)
			}
			if cu.has(fObjTo) {
				// "urged Lavrov's government to ..."
				for t := r; t < hi && t < r+6; t++ {
					if a.key(t) == "to" {
						return p, a.clauseEnd(p)
					}
					if !a.wordLike(t) || a.is(t, wVerb) {
						break
					}
				}
			}

		}
	}
	k := a.key(p)
	switch {
	case k == "that" && cu.has(fThat|fThatOnly):
		if p+1 < hi {
			return p, a.clauseEnd(p)
		}
	case whWords[k] && cu.has(fWh) && k != "which", k == "if" && cu.has(fThat):
		return p, a.clauseEnd(p)
	case k == "to" && cu.has(fTo):
		if p+1 < hi && a.wordLike(p+1) {
			return p, a.clauseEnd(p)
		}
	case k != "" && cu.takesPrep(k) && !a.toks[p].cap:
		if p+1 < hi && a.wordLike(p+1) || a.isQuote(p+1) {
			return p + 1, a.clauseEnd(p + 1)
		}
	case a.punct(p, ":") && (cu.has(fQuote) || cu.has(fThat)):
		if p+1 < hi {
			return p + 1, a.colonEnd(p + 1)
		}
	}
	if cu.has(fObjTo) {
		// An object and then "to": "urged Lavrov to end".
		for t := p + 1; t < hi && t < p+8; t++ {
			if a.key(t) == "to" && a.wordLike(t+1) {
				if a.npRight(p, t) == t || a.is(p, wObjPron) {
					return p, a.clauseEnd(p)
				}
				break
			}
			if !a.wordLike(t) && !a.punct(t, "()") {
				break
			}
		}
	}
	if cu.has(fThat) && a.clauseStart(p) {
		return p, a.clauseEnd(p)
	}
	if cu.has(fThat) && cu.has(fQuote) && p+1 < hi && (a.is(p, wPrep) || a.is(p, wSub)) && !a.toks[p].cap && !cu.takesPrep(a.key(p)) {
		// "says despite all that, Obama wasn't ...", "says, win or lose
		// in Tuesday's primary, he's staying": an adverbial, a comma and
		// the clause.
		for t := p + 1; t < hi && t < p+12; t++ {
			if a.toks[t].reg >= 0 || a.punct(t, ".;:!?") {
				break
			}
			if a.punct(t, ",") {
				if t+1 < hi && (a.is(t+1, wPron) && !a.is(t+1, wDet) || a.nameTok(t+1) || a.is(t+1, wDet)) && a.clauseStart(t+1) {
					return p, a.clauseEnd(t + 1)
				}
				break
			}
		}
	}
	if len(cu.preps) > 0 && a.is(p, wPrep|wDay) {
		// "spoke at the White House on Tuesday about rights ...": the
		// content preposition after adverbials.
		for t := p; t < hi && t < p+12; t++ {
			if a.toks[t].reg >= 0 || a.punct(t, ".;:!?,") || a.is(t, wVerb|wSub) && !a.is(t, wPrep) || a.toks[t].w.verbOnly() {
				break
			}
			if t > p && cu.takesPrep(a.key(t)) && !a.toks[t].cap && t+1 < hi && (a.wordLike(t+1) || a.isQuote(t+1)) {
				return t + 1, a.clauseEnd(t + 1)
			}
		}
	}
	if cu.has(fThatOnly) && c.g < c.i+1 && a.is(p, wPron) && !a.is(p, wDet) && a.key(p) != "it" && (a.is(p+1, wAux) || p+1 < len(a.toks) && a.toks[p+1].w.verbOnly()) && !a.is(c.i-1, wDet) {
		// "learned he had never been a citizen", "knew they were": a
		// clause without "that" opened by a pronoun and its verb.
		return p, a.clauseEnd(p)
	}
	if cu.has(fObjAs) && a.objectStart(p) {
		// "sees Cruz as a uniter", "saw the program as detrimental"
		for t := p + 1; t < hi && t < p+15; t++ {
			if a.toks[t].reg >= 0 || a.punct(t, ",.;:!?") || a.is(t, wVerb) && !a.is(t, wAux) {
				break
			}
			if a.key(t) == "as" && t+1 < hi && a.wordLike(t+1) {
				return p, a.objectEnd(p)
			}
		}
	}
	if (cu.has(fObj) || cu.has(fQObj)) && a.objectStart(p) {
		e := a.objectEnd(p)
		if cu.has(fQObj) && !cu.has(fObj) && !a.hasRegion(p, e) {
			return -1, -1
		}
		if !a.hasRegion(p, e) && (a.quantityObject(p, e, cu) || a.motionObject(p, e)) {
			return -1, -1
		}
		return p, e
	}
	return -1, -1
}

// colonEnd returns the end of a content that a colon introduces: the end
// of its paragraph ("The governor added: It's typical of Hillary Clinton.
// She knows nothing, ..."), unless another attribution or a quotation
// begins in the sentences after the first; then the end of the clause.
func (a *analysis) colonEnd(p int) int {
	e := a.clauseEnd(p)
	pe := a.paraTok[a.toks[p].para][1]
	se := a.sentEnd(p)
	if e < se-1 || se >= pe {
		return e
	}
	for t := se; t < pe; t++ {
		if a.toks[t].reg >= 0 || a.cueIn(t, t+1) >= 0 {
			return e
		}
	}
	return a.trimEnd(p, pe)
}

// objectEnd returns the end of an object content that starts at p: the
// clause end, but before a comma, a dash, a second verb phrase ("endorsed
// Trump and has appeared with him") and a final time adverbial ("last
// week").
func (a *analysis) objectEnd(p int) int {
	e := a.clauseEnd(p)
	for t := p + 1; t < e; t++ {
		if r := a.toks[t].reg; r >= 0 {
			t = a.regions[r].lastTok(a)
			continue
		}
		if a.punct(t, ",:") || a.toks[t].kind == dateline.TokDash {
			e = t
			break
		}
		if k := a.key(t); (k == "and" || k == "but") && a.vpStart(t+1) {
			e = t
			break
		}
	}
	// a time adverbial at the end
	for t := p + 1; t < e; t++ {
		if a.timeAfter(t, e) == e && !a.is(t-1, wPrep) {
			e = t
			break
		}
	}
	return a.trimEnd(p, e)
}

// hasRegion reports whether tokens [s, e) contain a quotation.
func (a *analysis) hasRegion(s, e int) bool {
	for i := s; i < e; i++ {
		if a.toks[i].reg >= 0 {
			return true
		}
	}
	return false
}

// skipAdverbials returns the token after the adverbials that start at p:
// times, adverbs, prepositional phrases and, when rcpt is set, a recipient
// ("told reporters", "told the press").
func (a *analysis) skipAdverbials(p, hi int, rcpt bool) int {
	for n := 0; p < hi && n < 8; n++ {
		switch {
		case a.timeAfter(p, hi) > p:
			p = a.timeAfter(p, hi)
		case a.is(p, wAdv) && !a.is(p, wDet) || a.lyAdverb(p):
			p++
		case a.punct(p, ",") && p+1 < hi && a.key(p+1) != "that":
			p++
		case a.is(p, wPrep) && !a.toks[p].cap:
			e := a.ppEnd(p+1, hi)
			// "after the first meeting ended on Thursday": a short clause
			// inside the adverbial
			if e < hi && (a.is(e, wVerb) || a.toks[e].w.verbOnly()) {
				e = a.ppEnd(e+1, hi)
			}
			if e <= p+1 {
				return p
			}
			p = e
		case rcpt && n == 0 && a.key(p) != "that" && (a.is(p, wObjPron) || a.toks[p].cap || a.key(p) == "reporters" || a.is(p, wDet) && !a.is(p, wPron)):
			e := a.npRight(p, hi)
			if e <= p {
				return p
			}
			p = e
		default:
			return p
		}
	}
	return p
}

// skipPlainAdverbials is skipAdverbials without recipients and without
// the clauses that an adverbial may hold ("after the meeting ended").
func (a *analysis) skipPlainAdverbials(p, hi int) int {
	for n := 0; p < hi && n < 8; n++ {
		switch {
		case a.timeAfter(p, hi) > p:
			p = a.timeAfter(p, hi)
		case a.is(p, wAdv) && !a.is(p, wDet) || a.lyAdverb(p):
			p++
		case a.is(p, wPrep) && !a.toks[p].cap:
			e := a.ppEnd(p+1, hi)
			if e <= p+1 {
				return p
			}
			p = e
		default:
			return p
		}
	}
	return p
}

// formsOrNil returns the cue forms of a possibly nil word.
func (w *word) formsOrNil() []cueForm {
	if w == nil {
		return nil
	}
	return w.forms
}

// clauseStart reports whether a clause can begin at token p: a subject
// (pronoun, determiner, name, number, noun) and not a preposition, a
// conjunction or punctuation.
func (a *analysis) clauseStart(p int) bool {
	if p >= len(a.toks) {
		return false
	}
	t := a.toks[p]
	if t.reg >= 0 {
		// A quotation right after the cue is a direct quote, found elsewhere;
		// as a clause start it makes a mixed quote.
		return t.kind == dateline.TokQuote
	}
	if t.kind == dateline.TokNumber || a.currency(p) {
		return true
	}
	if t.kind != dateline.TokWord {
		return false
	}
	if w := t.w; w != nil {
		if w.cls&(wPron|wDet) != 0 {
			return true
		}
		if w.cls&(wPrep|wSub|wAux|wVerb|wRel|wObjPron) != 0 && !t.cap {
			return false
		}
		if len(w.forms) > 0 && !t.cap {
			return false
		}
	}
	// Any other word: a name, a bare noun or an adjective that begins the
	// subject ("presumptive nominee Donald Trump is ..."), or a one-word
	// content ("said so", "said yes").
	return !a.lyAdverb(p) || a.cap(p)
}

// currency reports whether token p is a currency sign before a number
// ("$1 trillion").
func (a *analysis) currency(p int) bool {
	switch a.str(p) {
	case "$", "£", "€", "¥", "US$":
		return p+1 < len(a.toks) && a.toks[p+1].kind == dateline.TokNumber
	}
	return false
}

// objectStart reports whether a noun-phrase object can begin at token p.
func (a *analysis) objectStart(p int) bool {
	if p >= len(a.toks) {
		return false
	}
	t := a.toks[p]
	if t.reg >= 0 {
		return t.kind == dateline.TokQuote
	}
	if t.kind == dateline.TokNumber || a.currency(p) {
		return true
	}
	if t.kind != dateline.TokWord {
		return false
	}
	if w := t.w; w != nil {
		if w.cls&(wDet|wObjPron) != 0 || w.key == "it" {
			return true
		}
		if w.cls&(wPrep|wSub|wAux|wVerb|wRel|wPron) != 0 && !t.cap {
			return false
		}
	}
	return true
}

// quantityWords may open a quantity: "more than 25,000", "about €3 million".
var quantityWords = map[string]bool{"more": true, "less": true, "fewer": true, "than": true, "about": true, "nearly": true,
	"almost": true, "over": true, "around": true, "some": true, "roughly": true, "at": true, "least": true, "up": true,
	"to": true, "just": true, "under": true, "approximately": true, "an": true, "a": true, "estimated": true}

// quantityUnits may follow the number of a quantity.
var quantityUnits = map[string]bool{"million": true, "billion": true, "trillion": true, "thousand": true, "hundred": true,
	"bn": true, "m": true, "per": true, "cent": true, "percent": true, "%": true, "dollars": true, "euros": true,
	"pounds": true, "tonnes": true, "tons": true}

// quantityObject reports whether the object [p, e) is a quantity: a bare
// one ("claimed more than 25,000") or, when the cue takes no clause, one
// with what it measures after "in" or "of" ("provided €300 million in
// humanitarian assistance", where "proposed $1 billion in funds" stays).
// An amount is no proposition, so it is not reported content.
func (a *analysis) quantityObject(p, e int, cu *cue) bool {
	k := p
	for k < e && k < p+4 && quantityWords[a.key(k)] {
		k++
	}
	if k < e && a.currency(k) {
		k++
	}
	if k >= e || a.toks[k].kind != dateline.TokNumber {
		return false
	}
	k++
	for k < e && quantityUnits[a.key(k)] {
		k++
	}
	return k == e || !cu.has(fThat|fThatOnly|fQuote|fTo) && (a.key(k) == "in" || a.key(k) == "of" || a.key(k) == "worth")
}

// motionObject reports whether the object [p, e) is a noun phrase sent to
// a place ("called supporters onto the streets", "urged voters into the
// streets"): the cue then means sending somewhere, not saying.
func (a *analysis) motionObject(p, e int) bool {
	for k := p + 1; k < e && k < p+6; k++ {
		switch a.key(k) {
		case "onto", "into":
			s := k + 1
			if a.key(s) == "the" {
				s++
			}
			return a.key(k) == "onto" || a.key(s) == "streets" || a.key(s) == "street"
		}
		if a.toks[k].kind != dateline.TokWord || a.is(k, wPrep|wSub|wRel) {
			return false
		}
	}
	return false
}
