package quote

import (
	"sort"
	"strings"
	"unicode"

	"github.com/dateline-news/dateline"
)

// ---- direct quotes ------------------------------------------------------------

// chain returns the regions of the quotation that starts with region ri:
// the region and those of the following paragraphs that continue it.
func (a *analysis) chain(ri int) []int {
	out := []int{ri}
	for n := a.regions[ri].next; n >= 0 && len(out) < 64; n = a.regions[n].next {
		out = append(out, n)
	}
	return out
}

// directQuotes attributes every top-level quotation: to a cue after it
// ("“...,” Blinken said"), or before it ("Blinken said: “...”"), and joins
// the parts of a quotation interrupted by its attribution and the
// paragraphs that continue it.
func (a *analysis) directQuotes() {
	for ri := range a.regions {
		r := &a.regions[ri]
		if r.depth != 0 || r.prev >= 0 || r.used {
			continue
		}
		if a.fragment(r.open) {
			continue
		}
		ch := a.chain(ri)
		at := a.afterAttribution(ch[len(ch)-1])
		if at == nil {
			at = a.beforeAttribution(ri)
		}
		if at == nil {
			continue
		}
		at.regions = ch
		for _, k := range ch {
			a.regions[k].used = true
		}
		at.kind = dateline.QuoteDirect
		a.atts = append(a.atts, at)
		a.extendQuote(at)
	}
}

// cueAt returns the index of the unused cue whose verb group starts in
// [lo, hi), the first one, or -1.
func (a *analysis) cueIn(lo, hi int) int {
	k := sort.Search(len(a.cues), func(k int) bool { return a.cues[k].g >= lo })
	for ; k < len(a.cues) && a.cues[k].g < hi; k++ {
		if !a.cues[k].used {
			return k
		}
	}
	return -1
}

// afterAttribution looks for the attribution that follows the closing mark
// of region ri: "“...,” Blinken said", "“...,” said Blinken", "“...?” he
// asked reporters".
func (a *analysis) afterAttribution(ri int) *attribution {
	r := &a.regions[ri]
	if r.close < 0 {
		return nil
	}
	pe := a.paraTok[r.para][1]
	t := r.closeJ + 1
	if t < pe && a.punct(t, ",") {
		t++
	}
	if t >= pe {
		return nil
	}
	// The cue must come within a few words, before any other quotation or
	// the end of the sentence.
	lim := min(pe, t+18)
	for k := t; k < lim; k++ {
		if a.toks[k].reg >= 0 || a.punct(k, ".!?;") {
			lim = k
			break
		}
	}
	for ci := a.cueIn(t, lim); ci >= 0 && ci < len(a.cues) && a.cues[ci].g < lim; ci++ {
		if at := a.afterCue(ci, t, pe); at != nil {
			return at
		}
	}
	// "“...,” he mocks.": a verb outside the lexicon after the subject, when
	// the quotation ends with a comma, a question or an exclamation mark.
	if r.closeJ > 0 && a.punct(r.close-1, ",?!") {
		k := t
		if a.is(k, wPron) && !a.is(k, wDet) {
			k++
		} else if e := a.npRight(k, pe); e > k && a.nameTok(k) {
			k = e
		}
		if k > t && k < pe && a.nounWord(k) && verbLike(a.str(k)) && a.endsClause(k+1, a.sentEnd(k)) {
			at := newAttribution("dq-verblike")
			at.ss, at.se = t, k
			at.cueSpan = a.span(k, k+1)
			at.hasCue = true
			return at
		}
	}
	// "“...” ― Sonya Herridge": a dash and a name that end the line.
	if a.toks[t].kind == dateline.TokDash || a.punct(t, "-") {
		if e := a.npRight(t+1, pe); e > t+1 && a.nameTok(t+1) && (e >= pe || a.punct(e, ",.(")) {
			at := newAttribution("dq-dash")
			at.ss, at.se = t+1, e
			at.cueSpan = a.span(t, t+1)
			at.hasCue = true
			at.closed = true // a signature closes the quotation
			return at
		}
	}
	return nil
}

// afterCue tries cue ci as the attribution of a quotation that ends just
// before token t.
func (a *analysis) afterCue(ci, t, pe int) *attribution {
	c := &a.cues[ci]
	// Any reporting verb may follow a quotation that ends with a comma, a
	// question or an exclamation mark ("“...?” Beck questioned").
	open := t-1 >= 0 && a.toks[t-1].reg >= 0 && a.punct(a.regions[a.toks[t-1].reg].close-1, ",?!")
	if c.used || !c.cue.has(fQuote) && !(open && c.form&(vPast|vS) != 0 && c.form&vPhrase == 0) {
		return nil
	}
	at := newAttribution("dq-after")
	at.cue = ci
	k := c.j
	if c.g == t {
		// "said Blinken", "added the official"
		if !c.cue.has(fInv) {
			return nil
		}
		e := a.npRight(c.j, pe)
		if e <= c.j || !a.nounish(c.j, e) {
			return nil
		}
		at.ss, at.se = c.j, e
		k = e
	} else {
		ss, se, ante, ante2 := a.leftSourceFrom(c, t)
		if ss != t && a.plainSubject(t, c.g) {
			// "a welcome message on the website reads": no verb between the
			// quotation and the cue, so all of it is the subject.
			ss, se, ante, ante2 = t, a.skipTimeLeft(c.g, t), -1, -1
		}
		if ss != t {
			return nil
		}
		at.ss, at.se, at.antecede, at.ante2 = ss, se, ante, ante2
		if a.punct(se-1, ",") {
			at.se = se - 1
		}
	}
	// What follows the cue must not be a content of its own ("“...,” he
	// said the plan ..."): a recipient, a time, an adverbial, a clause
	// starting with a conjunction ("as she sat") may follow.
	if c.cue.has(fRcpt) && k < pe && (a.is(k, wObjPron) || a.toks[k].cap || a.is(k, wDet) || a.nounWord(k)) {
		if e := a.npRight(k, pe); e > k {
			k = e
		}
	}
	k = a.timeAfter(k, pe)
	for k < pe && (a.is(k, wAdv) || a.lyAdverb(k) || a.key(k) == "back" || a.key(k) == "out" || a.key(k) == "up") {
		k++
	}
	if k < pe && a.toks[k].reg < 0 && !a.punct(k, ",.!?;:)") && a.toks[k].kind != dateline.TokDash &&
		!(a.is(k, wPrep) && !a.toks[k].cap) && !adjunctSubs[a.key(k)] && a.key(k) != "of" && !(a.is(k, wRel) && at.ss == c.j) &&
		!a.participleAt(k) && !(strings.HasSuffix(a.key(k), "ing") && !a.cap(k)) &&
		!(a.nounWord(k) && !a.nounWord(k+1) && !a.is(k+1, wDet)) {
		return nil
	}
	c.used = true
	at.cueSpan = a.span(c.i, c.j)
	at.hasCue = true
	return at
}

// plainSubject reports whether tokens [s, e) can all be the subject of a
// cue that follows a quotation: they begin with a determiner, a name or a
// pronoun and hold no verb, conjunction or punctuation but commas.
func (a *analysis) plainSubject(s, e int) bool {
	if s >= e || e-s > 12 || !(a.is(s, wDet|wPron) || a.nameTok(s)) {
		return false
	}
	for i := s; i < e; i++ {
		t := a.toks[i]
		if t.reg >= 0 || t.kind == dateline.TokQuote || t.kind == dateline.TokPunct && !a.punct(i, ",.") {
			return false
		}
		if w := t.w; w != nil && !t.cap && (w.cls&(wSub|wVerb|wRel) != 0 && w.cls&wDet == 0 || w.verbOnly()) {
			return false
		}
	}
	return true
}

// adjunctSubs are the conjunctions that may follow the attribution of a
// quotation ("“...,” Clinton said as she sat ...").
var adjunctSubs = map[string]bool{"as": true, "when": true, "while": true, "after": true, "before": true,
	"because": true, "since": true, "and": true, "but": true, "although": true, "though": true, "until": true}

// fragment reports whether the quotation opening at token o sits inside a
// clause (after a determiner, a preposition, a possessive or another word
// that is not a cue): a quoted fragment or a title, not a quotation of its
// own.
func (a *analysis) fragment(o int) bool {
	if o == 0 || o == a.paraTok[a.toks[o].para][0] {
		return false
	}
	p := o - 1
	if !a.wordLike(p) {
		return false
	}
	if a.cueVerbAt(p) || a.key(p) == "that" {
		return false
	}
	for k := a.firstCueFrom(o - 4); k < len(a.cues) && a.cues[k].i < o; k++ {
		if a.cues[k].j == o {
			return false
		}
	}
	return true
}

// beforeAttribution looks for the attribution before the opening mark of
// region ri: "Blinken said: “...”", "she told reporters, “...”", "Her
// words: “...”".
func (a *analysis) beforeAttribution(ri int) *attribution {
	r := &a.regions[ri]
	o := r.open
	ps := a.paraTok[r.para][0]
	if o <= ps {
		// A paragraph that opens with the quotation, after a paragraph that
		// ends with its cue and a colon ("He said:").
		if o == ps && r.para > 0 && a.punct(o-1, ":") {
			ps = a.paraTok[r.para-1][0]
		} else {
			return nil
		}
	}
	lo := max(ps, o-16)
	// Nearest cue before the mark, with only adverbials, a recipient and a
	// colon or comma between.
	for ci := a.firstCueFrom(o) - 1; ci >= 0; ci-- {
		c := &a.cues[ci]
		if c.j > o {
			continue
		}
		if c.i < lo {
			break
		}
		gapOK := true
		for k := c.j; k < o; k++ {
			if a.toks[k].reg >= 0 || a.punct(k, ".!?;") {
				gapOK = false
				break
			}
		}
		if !gapOK {
			return nil
		}
		if c.used {
			return nil
		}
		if c.j < o && !a.punct(o-1, ":,") && !a.toks[o-1].cap && !a.title[r.para] {
			return nil
		}
		if !c.cue.has(fQuote) && !(c.cue.has(fThat) && a.punct(o-1, ":")) {
			return nil
		}
		// "The “animosity is ...,” he told Chris Cuomo, “and I hope ...”":
		// an attribution inside a sentence whose content began before it;
		// reported speech takes the whole sentence as one content.
		if a.punct(o-1, ",") && a.midAttribution(c) {
			return nil
		}
		// A quotation that the sentence goes on after ("says “the wind is
		// at our backs” despite his loss") is part of reported speech.
		if !a.punct(o-1, ":") && a.sentenceGoesOn(r) {
			return nil
		}
		at := newAttribution("dq-before")
		at.cue = ci
		switch {
		case c.form&vIng != 0 && c.g == c.i && a.punct(c.i-1, ","):
			at.ss, at.se = a.clauseSubject(c.i)
		case c.cue.has(fAfter):
			at.ss, at.se = c.j, a.npRight(c.j, o)
		default:
			at.ss, at.se, at.antecede, at.ante2 = a.leftSource(c)
			if at.ss < 0 && (a.key(c.g-1) == "and" || a.key(c.g-1) == "but") {
				at.ss, at.se = a.clauseSubject(c.g)
			}
			if at.ss < 0 && c.cue.has(fInv) {
				if e := a.npRight(c.j, o); e > c.j && a.nounish(c.j, e) {
					at.ss, at.se = c.j, e
				}
			}
		}
		if at.ss < 0 && !c.passive {
			return nil
		}
		c.used = true
		at.cueSpan = a.span(c.i, c.j)
		at.hasCue = true
		return at
	}
	// "... and boomed: “...”": a verb that is not in the lexicon before a
	// colon, with a subject.
	if a.punct(o-1, ":") && o-2 >= ps && a.nounWord(o-2) && verbLike(a.str(o-2)) {
		c := cueMatch{i: o - 2, j: o - 1, g: o - 2, cue: colonCue}
		ss, se, ante, ante2 := a.leftSource(&c)
		if ss < 0 && (a.key(o-3) == "and" || a.key(o-3) == "then") {
			ss, se = a.clauseSubject(o - 2)
		}
		if ss >= 0 {
			at := newAttribution("dq-colonverb")
			at.ss, at.se, at.antecede, at.ante2 = ss, se, ante, ante2
			at.cueSpan = a.span(o-2, o)
			at.hasCue = true
			return at
		}
	}
	// "McConnell delivered a blunt message to Trump: “...”": a clause
	// whose subject is a name or a pronoun, then a colon.
	if a.punct(o-1, ":") && o-1 > ps {
		if ss, se := a.clauseSubject(o - 1); ss >= 0 && se < o-1 && a.toks[ss].sent == a.toks[o-1].sent &&
			(a.is(ss, wPron) && !a.is(ss, wDet) || a.nameTok(se-1)) && !a.punct(se, ":") {
			at := newAttribution("dq-colonclause")
			at.ss, at.se = ss, se
			at.cueSpan = a.span(se, o)
			at.hasCue = true
			return at
		}
	}
	// "Her words: “...”", "Pat Caddell: “...”": a colon after the noun
	// phrase that opens the sentence.
	if a.punct(o-1, ":") {
		ss := a.sentStart(o - 1)
		if s := a.npLeft(o-1, ss); s == ss && s < o-1 && a.nounish(s, o-1) {
			at := newAttribution("dq-colonnp")
			at.ss, at.se = s, o-1
			at.cueSpan = a.span(o-1, o)
			at.hasCue = true
			return at
		}
	}
	return nil
}

// midAttribution reports whether cue c and its subject stand between two
// parts of a content: a clause of the sentence ends with a comma (or a
// closing quotation after a comma) right before the subject.
func (a *analysis) midAttribution(c *cueMatch) bool {
	ss, _, _, _ := a.leftSource(c)
	if ss < 0 || c.form&vIng != 0 {
		return false
	}
	lo := a.sentStart(c.i)
	if ss-1 <= lo || !a.isQuote(ss-1) || !a.clauseComma(ss-1) {
		return false
	}
	// The first part opens outside the quotation, with no adverbial
	// ("Asked about it, ...", "When ...").
	r := &a.regions[a.toks[ss-1].reg]
	if r.depth != 0 || r.open <= lo || a.is(lo, wSub|wPrep) || a.participleAt(lo) || a.toks[lo].w.verbOnly() {
		return false
	}
	return a.hasWord(lo, r.open)
}

// colonCue stands for a verb outside the lexicon that introduces a
// quotation with a colon.
var colonCue = &cue{lemma: ":", frames: fQuote}

// verbLike reports whether a lower-case word looks like a finite verb: it
// ends in -ed or -s.
func verbLike(s string) bool {
	return len(s) > 3 && (strings.HasSuffix(s, "ed") || strings.HasSuffix(s, "s") && !strings.HasSuffix(s, "ss"))
}

// sentenceGoesOn reports whether words that are not an attribution follow
// the closing mark of region r in its sentence.
func (a *analysis) sentenceGoesOn(r *region) bool {
	if r.close < 0 {
		return false
	}
	k := r.closeJ + 1
	e := a.sentEnd(r.closeJ)
	for k < e && (a.punct(k, ",") || a.isQuote(k)) {
		k++
	}
	if k >= e || !a.wordLike(k) || adjunctSubs[a.key(k)] && a.punct(r.closeJ+1, ",") || a.punct(r.close-1, ",") && adjunctSubs[a.key(k)] {
		return false
	}
	return !a.trailingAttribution(k, e) && !a.startsAttribution(k) && a.cueIn(k, min(e, k+3)) < 0
}

// lastAttTok returns the last token of an attribution: its last region,
// cue or source, whichever comes last.
func (a *analysis) lastAttTok(at *attribution) int {
	e := -1
	if len(at.regions) > 0 {
		e = a.regions[at.regions[len(at.regions)-1]].lastTok(a)
	}
	if at.cue >= 0 {
		e = max(e, a.cues[at.cue].j-1)
	}
	if at.hasSource() {
		e = max(e, at.se-1)
	}
	return e
}

// extendQuote joins to a direct quote the quotations that continue it
// without an attribution of their own: the second part of an interrupted
// quotation ("“...,” Blinken said. “...”") and the paragraphs that follow
// it in quotation marks.
func (a *analysis) extendQuote(at *attribution) {
	for n := 0; n < 32 && !at.closed; n++ {
		e := a.lastAttTok(at)
		last := at.regions[len(at.regions)-1]
		// the next top-level region
		nr := -1
		for k := last + 1; k < len(a.regions); k++ {
			if a.regions[k].depth == 0 && a.regions[k].open > e {
				// a title inside the attribution: "said on CNN’s “State of the Union”"
				if a.fragment(a.regions[k].open) && a.toks[a.regions[k].open].sent == a.toks[e].sent {
					continue
				}
				nr = k
				break
			}
		}
		if nr < 0 || a.regions[nr].used || a.regions[nr].prev >= 0 {
			return
		}
		r2 := &a.regions[nr]
		// The next quotation must open right after the attribution: in the
		// same sentence after a comma or colon, at the start of the next
		// sentence, or at the start of the next paragraph when the
		// attribution ends its paragraph; nothing between may be a cue.
		k := e + 1
		se := a.sentEnd(e)
		if r2.open > se {
			// only the sentence boundary between: the next sentence starts with r2
			if a.sentStart(r2.open) != r2.open || a.toks[r2.open].sent != a.toks[e].sent+1 {
				return
			}
		}
		if ci := a.cueIn(k, r2.open); ci >= 0 && a.introduces(ci, r2.open) {
			return
		}
		for q := k; q < r2.open; q++ {
			if r := a.toks[q].reg; r >= 0 && !a.fragment(a.regions[r].open) {
				return
			}
		}
		if r2.open < se && r2.open > k && !a.punct(r2.open-1, ",:;") && a.toks[r2.open-1].kind != dateline.TokDash {
			return
		}
		if r2.para != a.toks[e].para {
			if r2.para != a.toks[e].para+1 || r2.open != a.paraTok[r2.para][0] || r2.style != a.regions[last].style {
				return
			}
		}
		ch := a.chain(nr)
		if a.hasOwnAttribution(ch) {
			return
		}
		for _, q := range ch {
			a.regions[q].used = true
		}
		at.regions = append(at.regions, ch...)
	}
}

// introduces reports whether cue ci can introduce the quotation that
// opens at token o: a quoting cue in its sentence, followed by nothing or
// by words ending in a colon or comma.
func (a *analysis) introduces(ci, o int) bool {
	c := &a.cues[ci]
	if !c.cue.has(fQuote) || a.toks[c.i].sent != a.toks[o].sent && a.sentStart(o) != o {
		return false
	}
	return c.j == o || a.punct(o-1, ":,")
}

// hasOwnAttribution reports whether a quotation has a cue right after it.
func (a *analysis) hasOwnAttribution(ch []int) bool {
	r := &a.regions[ch[len(ch)-1]]
	if r.close < 0 {
		return false
	}
	pe := a.paraTok[r.para][1]
	t := r.closeJ + 1
	if t < pe && a.punct(t, ",") {
		t++
	}
	lim := min(pe, t+8)
	for k := t; k < lim; k++ {
		if a.toks[k].reg >= 0 || a.punct(k, ".!?;") {
			lim = k
			break
		}
	}
	ci := a.cueIn(t, lim)
	return ci >= 0 && a.cues[ci].cue.has(fQuote)
}

// ---- reported speech ------------------------------------------------------------

// reportedSpeech turns the remaining cues into attributions of reported
// speech: "Blinken said the meeting was unscheduled", "according to the
// German delegation", "..., he said."
func (a *analysis) reportedSpeech() {
	for ci := range a.cues {
		c := &a.cues[ci]
		if c.used {
			continue
		}
		at := a.indirect(c)
		if at == nil {
			continue
		}
		at.cue = ci
		a.continueContent(at, c)
		at.cueSpan = a.span(c.i, c.j)
		at.hasCue = true
		c.used = true
		a.atts = append(a.atts, at)
	}
}

// continueContent extends reported speech whose content ends with a
// quotation before its attribution ("He was “going to ...,” he said.")
// over the quotations that continue it, as extendQuote does for direct
// quotes: the next sentence or paragraph in quotation marks without an
// attribution of its own.
func (a *analysis) continueContent(at *attribution, c *cueMatch) {
	if at.ce <= at.cs || c.i < at.ce {
		return
	}
	last := at.ce - 1
	r := a.toks[last].reg
	if r < 0 || a.regions[r].lastTok(a) != last || a.regions[r].depth != 0 {
		return
	}
	tmp := *at
	tmp.regions = []int{int(r)}
	tmp.cue = -1
	for _, cj := range []int{c.i, c.j - 1} {
		_ = cj
	}
	// lastAttTok needs the cue: stand in with a cue index.
	tmp.cue = a.cueIndex(c)
	a.extendQuote(&tmp)
	if len(tmp.regions) > 1 {
		lr := &a.regions[tmp.regions[len(tmp.regions)-1]]
		at.ce = lr.lastTok(a) + 1
	}
}

// cueIndex returns the index of cue c in a.cues.
func (a *analysis) cueIndex(c *cueMatch) int {
	for k := range a.cues {
		if &a.cues[k] == c {
			return k
		}
	}
	return -1
}

// headlineColons adds the attributions of headlines written "Name:
// statement" ("Gingrich: Trump Must Decide If He Wants a Two-Pirate
// Ticket").
func (a *analysis) headlineColons() {
	for p, r := range a.paraTok {
		if !a.title[p] {
			continue
		}
		s, e := r[0], r[1]
		c := s
		for c < e && c < s+8 && !a.punct(c, ":") {
			c++
		}
		if c >= e-1 || c == s || !a.punct(c, ":") || a.toks[c+1].reg >= 0 {
			continue
		}
		if a.npLeft(c, s) != s || !a.nameTok(c-1) {
			continue
		}
		a.colonAttribution("headline", s, c, e)
	}
}

// colonAttribution adds the attribution of a rule whose source runs from
// token s to the colon at c and whose content follows the colon to e, when
// that content holds a word.
func (a *analysis) colonAttribution(rule string, s, c, e int) {
	ce := a.trimEnd(c+1, e)
	if !a.hasWord(c+1, ce) {
		return
	}
	at := newAttribution(rule)
	at.ss, at.se = s, c
	at.cs, at.ce = c+1, ce
	at.cueSpan = a.span(c, c+1)
	at.hasCue = true
	a.atts = append(a.atts, at)
}

// speakerColons adds the attributions of transcript lines: a paragraph
// that opens with a name and a colon ("PENCE: And that's why ...",
// "Matthews: Well, speculation is bad").
func (a *analysis) speakerColons() {
	for p, r := range a.paraTok {
		if a.title[p] {
			continue
		}
		s, e := r[0], r[1]
		inReg := int32(-1)
		if a.isQuote(s) && a.toks[s].reg >= 0 && a.regions[a.toks[s].reg].open == s {
			// a transcript in quotation marks: “WALLACE: ...
			inReg = a.toks[s].reg
			s = a.regions[inReg].openJ + 1
		}
		c := s
		for c < e && c < s+4 && !a.punct(c, ":") {
			c++
		}
		if c >= e-1 || c == s || !a.punct(c, ":") {
			continue
		}
		if r := a.toks[c+1].reg; r != inReg && !(r >= 0 && a.regions[r].open == c+1) {
			continue
		}
		ok := true
		for k := s; k < c; k++ {
			if !a.nameTok(k) && !(a.toks[k].cap && a.is(k, wTitle)) || a.toks[k].reg != inReg {
				ok = false
				break
			}
		}
		if !ok || a.toks[c].Start != a.toks[c-1].End || a.toks[c+1].kind == dateline.TokNumber {
			continue
		}
		a.colonAttribution("speaker-colon", s, c, e)
	}
}

func (a *analysis) indirect(c *cueMatch) *attribution {
	at := newAttribution("reported")
	cu := c.cue
	if cu.has(fAfter) {
		return a.accordingTo(c)
	}
	if cu.has(fNoun) {
		return a.nounAttribution(c)
	}
	ing := c.form&vIng != 0 && c.g == c.i
	if cu.has(fSubj) {
		return a.subjectContent(c)
	}
	switch {
	case ing && (a.punct(c.i-1, ",") || a.key(c.i-1) == "by" || a.key(c.i-1) == "while" || a.key(c.i-1) == "after" || a.key(c.i-1) == "before"):
		at.ss, at.se = a.clauseSubject(c.i)
	case ing && c.g == a.sentStart(c.g):
		// "Saying X, he ..." is rare; a gerund subject is no attribution.
		return nil
	case c.passive && !cu.has(fPass):
		return a.passiveObject(c)
	case c.passive:
	case a.openingParticiple(c):
		// "Asked whether ..., he said": the participle's content, with
		// the source of a "by" phrase ("Asked by Stephanopoulos to ...").
		p := c.j
		if a.key(p) == "by" {
			e := a.npRight(p+1, a.sentEnd(p))
			if e <= p+1 {
				return nil
			}
			at.ss, at.se = p+1, e
			p = e
		}
		tmp := *c
		tmp.j = p
		cs, ce := a.contentAfter(&tmp)
		if cs < 0 || !a.hasWord(cs, ce) {
			return nil
		}
		at.cs, at.ce = cs, ce
		at.how = "openpart"
		return at
	default:
		if ing && a.reducedRelative(c.i) && !a.punct(c.i-1, ",") {
			at.how = "ingrel"
		}
		at.ss, at.se, at.antecede, at.ante2 = a.leftSource(c)
		if at.ss < 0 && (a.key(c.g-1) == "and" || a.key(c.g-1) == "but" || a.key(c.g-1) == "or") {
			if a.nameTok(c.g - 2) {
				// "Russia and [China] opposed": a name right before "and"
				// is a subject, not the end of another clause.
				at.ss, at.se = a.npLeft(c.g-1, a.sentStart(c.g)), c.g-1
			} else {
				at.ss, at.se = a.clauseSubject(c.g)
			}
		}
	}
	cs, ce := a.contentAfter(c)
	if cs >= 0 && cu.has(fObj) && !a.hasRegion(cs, ce) && a.quantityObject(cs, ce, cu) {
		// "the organisers claimed more than 25,000": an amount
		return nil
	}
	if cs < 0 && cu.has(fThatOnly) && at.hasSource() && a.is(at.se-1, wResearch) && c.j < a.sentEnd(c.i) {
		// "The April survey found Clinton leading Sanders": a study's
		// finding needs no "that".
		if p := c.j; a.clauseStart(p) || a.objectStart(p) {
			cs, ce = p, a.clauseEnd(p)
		}
	}
	if cs < 0 && c.to > 0 {
		// "declined to comment": the infinitive is the content
		cs, ce = c.to, a.clauseEnd(c.to)
	}
	if cs >= 0 && !at.hasSource() && c.cue.has(fInv) && a.clauseComma(c.g-1) {
		// "..., said Anna Berg": the words after the cue are its subject.
		cs = -1
	}
	if cs < 0 && !(at.hasSource() && a.is(at.ss, wRel) && at.se == at.ss+1) {
		var ss, se int
		cs, ce, ss, se = a.contentBefore(c, at.ss, at.se)
		if cs >= 0 && ss >= 0 {
			at.ss, at.se = ss, se
			at.antecede, at.ante2 = -1, -1
		}
	}
	if cs >= c.j && at.hasSource() && at.ss > a.sentStart(c.i) && a.key(at.ss-1) == "what" && !a.toks[at.ss-1].cap && cu.has(fObj) {
		// "what he calls corruption in politics": the relative "what"
		// is the object, the rest its complement.
		cs = at.ss - 1
		at.how = "gap"
	}
	if cs < 0 && at.hasSource() && c.g == c.i && a.gapAfter(c) {
		// "which officials said will go into effect", "what she said is
		// growing demand": the cue stands in a relative clause whose gap
		// is the subject of the content.
		cs, ce = c.j, a.clauseEnd(c.j)
		if r := at.ss - 1; r >= a.sentStart(c.i) && (a.is(r, wRel) || a.key(r) == "what") && !a.toks[r].cap {
			cs = r
		}
		at.how = "gap"
	}
	if cs < 0 && !c.passive && c.form&vPhrase == 0 {
		// None of the cue's frames: the complement that any reporting
		// verb may take, for the model to judge ("wanted a complete
		// break", "talked up her strategy", "loves to disparage").
		if gs, ge := a.genericContent(c); gs >= 0 {
			cs, ce = gs, ge
			at.how = "generic"
		}
	}
	if cs < 0 || ce <= cs {
		return nil
	}
	if !at.hasSource() && !(c.passive && cu.has(fPass)) && cs >= c.j && !ing {
		// A subject the noun-phrase rules do not read ("Current and
		// former officials who spoke with X said", "majorities in all
		// five say"): the words before the verb group.
		at.ss, at.se = a.subjectFallback(c)
		at.fallback = at.hasSource()
	}
	if !at.hasSource() && !(c.passive && cu.has(fPass)) {
		return nil
	}
	if c.passive && cu.has(fPass) && !at.hasSource() && a.key(cs) == "to" {
		// "The central bank is expected to act": the content is the
		// clause, its subject included.
		if ss, _, _, _ := a.leftSource(c); ss >= 0 && a.key(ss) != "it" && a.key(ss) != "there" {
			cs = ss
		}
	}
	if cu.has(fWeak) {
		// Only with an explicit complement and a clear subject; a bare
		// clause after a personal pronoun or a name ("I think it's
		// good", "Bivens feels they ...").
		k := a.key(cs)
		if k != "that" && k != "to" && !whWords[k] && !(cu.has(fThat) && at.hasSource() && cs >= c.j &&
			(at.se == at.ss+1 && a.is(at.ss, wPron) && !a.is(at.ss, wDet) || a.nameTok(at.se-1)) && a.clauseStart(cs)) && !(cu.has(fObjAs) && a.hasWordAs(cs, ce)) {
			return nil
		}
		if at.hasSource() && !(a.is(at.ss, wPron) || a.toks[at.ss].cap || a.is(at.ss, wDet)) {
			return nil
		}
	}
	if !a.hasWord(cs, ce) {
		return nil
	}
	at.cs, at.ce = cs, ce
	return at
}

// passiveObject handles the passive of a cue whose content is its object,
// with its agent: "Cruz was also endorsed by Carly Fiorina" (source
// Fiorina, content Cruz).
func (a *analysis) passiveObject(c *cueMatch) *attribution {
	cu := c.cue
	if !cu.has(fObj|fObjAs) || cu.has(fWeak) || c.form&vIng != 0 {
		return nil
	}
	ss, se, _, _ := a.leftSource(c)
	if ss < 0 || a.key(ss) == "it" || a.key(ss) == "there" || a.is(ss, wRel) {
		return nil
	}
	hi := a.sentEnd(c.i)
	p := c.j
	for n := 0; n < 6 && p < hi && a.key(p) != "by"; n++ {
		switch {
		case a.timeAfter(p, hi) > p:
			p = a.timeAfter(p, hi)
		case a.is(p, wAdv) && !a.is(p, wDet) || a.lyAdverb(p):
			p++
		case (a.key(p) == "the" || a.key(p) == "a") && a.is(p+1, wDay):
			p += 2 // "the day before"
		default:
			n = 6
		}
	}
	at := newAttribution("passive-by")
	if a.key(p) == "by" {
		e := a.npRight(p+1, hi)
		if e <= p+1 || !a.nounish(p+1, e) {
			return nil
		}
		at.ss, at.se = p+1, e
		at.cs, at.ce = ss, se
		return at
	}
	// Without an agent the passive describes more often than it
	// attributes ("was criticized for", "was named"): no attribution.
	return nil
}

// openingParticiple reports whether cue c is a past participle that opens
// an adverbial clause ("Asked about the plan, she said", "When asked
// whether ..."): an attribution without a source in the clause.
func (a *analysis) openingParticiple(c *cueMatch) bool {
	if c.form&vPart == 0 || c.g != c.i || !c.cue.has(fWh|fRcpt|fObjTo) {
		return false
	}
	lo := a.sentStart(c.i)
	if c.i == lo {
		return true
	}
	switch a.key(c.i - 1) {
	case "when", "if", "after", "once", "unless", "while", "before":
		return c.i-1 == lo || a.punct(c.i-2, ",")
	}
	return false
}

// gapAfter reports whether a verb follows cue c directly, so that the cue
// and its subject stand inside a clause ("officials said will go").
func (a *analysis) gapAfter(c *cueMatch) bool {
	k := c.j
	if k >= a.sentEnd(c.i) || a.toks[k].cap || a.is(k, wPron|wDet) {
		return false
	}
	return a.is(k, wAux) && !a.is(k, wAdv) && !a.lyAdverb(k) || a.is(k, wVerb)
}

// subjectFallback returns the words between the start of the clause and
// the verb group of cue c as its source, when they look like a subject:
// no quotation, no other verb of saying, a noun among them.
func (a *analysis) subjectFallback(c *cueMatch) (int, int) {
	lo := a.sentStart(c.g)
	e := a.skipTimeLeft(c.g, lo)
	if e <= lo || a.punct(e-1, ",;:") || a.toks[e-1].kind == dateline.TokDash || a.isQuote(e-1) {
		return -1, -1
	}
	s := e
	for s-1 >= lo && e-s < 40 {
		t := s - 1
		if a.toks[t].reg >= 0 || a.punct(t, ";:!?.") || a.toks[t].kind == dateline.TokQuote {
			break
		}
		if a.cueVerbAt(t) || a.is(t, wSub) && !a.toks[t].cap && !a.is(t, wDet) && a.key(t) != "and" {
			break
		}
		s = t
	}
	if s-1 >= lo && !(a.punct(s-1, ";:") || a.isQuote(s-1)) && s != lo {
		// stopped inside the sentence by a conjunction or a cue: not a subject
		if !(a.is(s-1, wSub) && a.punct(s-2, ",")) {
			return -1, -1
		}
	}
	// Skip an opening adverbial up to its comma and a conjunction.
	for n := 0; n < 3 && s < e; n++ {
		switch {
		case (a.key(s) == "but" || a.key(s) == "and" || a.key(s) == "so" || a.key(s) == "still" || a.key(s) == "yet") && s < e-1:
			s++
			if a.punct(s, ",") {
				s++
			}
		case a.is(s, wPrep|wSub|wDay) || a.lyAdverb(s) || a.toks[s].w.verbOnly():
			q := s
			for q < e && q < s+15 && !a.punct(q, ",") {
				q++
			}
			if q >= e-1 || !a.punct(q, ",") {
				n = 3
				continue
			}
			s = q + 1
		default:
			n = 3
		}
	}
	if s >= e || !a.nounish(s, e) || a.is(s, wPrep) && !a.toks[s].cap || a.is(s, wSub) && !a.is(s, wDet) || a.toks[s].w.verbOnly() {
		return -1, -1
	}
	if a.punct(e-1, ",") {
		e--
	}
	return s, e
}

// subjectContent handles a cue without a source whose content is its whole
// clause: "New Hampshire seems stable", "Enthusiasm for Clinton appears
// to have plummeted".
func (a *analysis) subjectContent(c *cueMatch) *attribution {
	if c.form&vIng != 0 && c.g == c.i || c.j >= a.sentEnd(c.i) || !a.wordLike(c.j) && !a.isQuote(c.j) {
		return nil
	}
	ss, _, _, _ := a.leftSource(c)
	if ss < 0 {
		if k := c.g - 1; k >= 0 && a.is(k, wRel) && k >= a.sentStart(c.i) {
			ss = k
		} else {
			return nil
		}
	}
	if a.key(ss) == "it" || a.key(ss) == "there" {
		return nil
	}
	// "appeared on CNN", "appear at a rally": a place, not a stance.
	if a.is(c.j, wPrep) && a.key(c.j) != "to" && a.key(c.j) != "like" || a.nameTok(c.j) || a.is(c.j, wDet) && !a.is(c.j, wAdv) {
		return nil
	}
	at := newAttribution("subj")
	at.cs, at.ce = ss, a.clauseEnd(c.j)
	if at.ce <= c.j {
		return nil
	}
	return at
}

// hasWordAs reports whether tokens [s, e) contain "as".
func (a *analysis) hasWordAs(s, e int) bool {
	for i := s; i < e; i++ {
		if a.key(i) == "as" {
			return true
		}
	}
	return false
}

// hasWord reports whether tokens [s, e) contain a word or number.
func (a *analysis) hasWord(s, e int) bool {
	for i := s; i < e; i++ {
		if a.wordLike(i) {
			return true
		}
	}
	return false
}

// contentBefore finds the content of a cue that ends its clause: "The
// meeting was useful, he said." / "..., said Blinken." and the
// parenthetical "Blinken, the official added, wanted to ...". ss and se are
// the source found before the cue, if any.
func (a *analysis) contentBefore(c *cueMatch, ss, se int) (cs, ce, nss, nse int) {
	cs, ce, nss, nse = -1, -1, -1, -1
	cu := c.cue
	if !cu.has(fThat) && !cu.has(fQuote) && !(cu.has(fThatOnly) && ss >= 0 && a.is(se-1, wResearch)) {
		return
	}
	lo := a.sentStart(c.i)
	hi := a.sentEnd(c.i)
	var comma, after int
	switch {
	case ss >= 0 && se <= c.g:
		comma = ss - 1
		after = c.j
		nss, nse = ss, se
	case cu.has(fInv) && a.clauseComma(c.g-1):
		e := a.npRight(c.j, hi)
		if e <= c.j || !a.nounish(c.j, e) {
			return
		}
		comma = c.g - 1
		// an apposition after the inverted subject: "said Anna Berg, the
		// interior minister."
		if a.punct(e, ",") {
			k := e + 1
			for k < hi && !a.punct(k, ",;:.!?") && a.toks[k].reg < 0 {
				k++
			}
			if a.appositive(e+1, k) {
				e = k
			}
		}
		after = e
		nss, nse = c.j, e
	default:
		return
	}
	if comma <= lo || !a.clauseComma(comma) {
		return -1, -1, -1, -1
	}
	// The content ends before the comma, or after a closing quotation mark
	// that encloses it ("... “is really quite generous,” he said").
	contentEnd := comma
	if a.isQuote(comma) {
		contentEnd = comma + 1
	}
	// The recipient of "told": "..., he told reporters."
	if cu.has(fRcpt) && after < hi && (a.is(after, wObjPron) || a.toks[after].cap || a.key(after) == "reporters") {
		if e := a.npRight(after, hi); e > after {
			after = e
		}
	}
	// Skip adverbials after the cue and see what ends the clause.
	k := after
	for n := 0; k < hi && n < 12; n++ {
		if a.punct(k, ",.!?;:") || a.toks[k].kind == dateline.TokDash {
			break
		}
		switch {
		case a.is(k, wDay) || a.is(k, wAux) || a.lyAdverb(k) || a.is(k, wAdv):
			k++
		case a.timeAfter(k, hi) > k:
			k = a.timeAfter(k, hi)
		case a.is(k, wPrep) && !a.toks[k].cap:
			k = max(a.ppEnd(k+1, hi), k+1)
		default:
			return -1, -1, -1, -1
		}
	}
	cs = lo
	// Skip a conjunction or a closing quotation left from a sentence start.
	for cs < comma && (a.key(cs) == "and" || a.key(cs) == "but" || a.key(cs) == "so") && a.toks[cs].cap {
		cs++
	}
	if k < hi && a.punct(k, ",") && a.hasWord(k+1, hi) && !a.startsAttribution(k+1) &&
		!a.is(k+1, wPrep|wSub|wRel) && !a.participleAt(k+1) {
		// parenthetical: the content runs on after the attribution
		ce = a.clauseEnd(k + 1)
	} else {
		ce = a.trimEnd(cs, contentEnd)
	}
	if ce <= cs || !a.hasWord(cs, comma) {
		return -1, -1, -1, -1
	}
	return cs, ce, nss, nse
}

// participleAt reports whether token k is the -ing form of a cue (", adding").
func (a *analysis) participleAt(k int) bool {
	if k >= len(a.toks) || a.toks[k].w == nil || a.toks[k].cap {
		return false
	}
	for _, f := range a.toks[k].w.forms {
		if f.form&vIng != 0 {
			return true
		}
	}
	return false
}

// clauseComma reports whether token k ends a clause before a trailing
// attribution: a comma, a dash, or a closing quotation mark right after a
// comma (“..., ” he said).
func (a *analysis) clauseComma(k int) bool {
	if k < 0 || k >= len(a.toks) {
		return false
	}
	if a.punct(k, ",") || a.toks[k].kind == dateline.TokDash {
		return true
	}
	if a.isQuote(k) && a.toks[k].reg >= 0 {
		r := &a.regions[a.toks[k].reg]
		return r.lastTok(a) == k && a.punct(r.close-1, ",")
	}
	return false
}

// accordingTo handles "according to X": the source follows the cue, the
// content is the rest of the clause.
func (a *analysis) accordingTo(c *cueMatch) *attribution {
	lo, hi := a.sentStart(c.i), a.sentEnd(c.i)
	s := c.j
	e := a.npRight(s, hi)
	if c.srcEnd > 0 {
		e = c.srcEnd
	}
	// "according to a statement by the ministry", "according to officials familiar with"
	for e < hi && (a.key(e) == "of" || a.key(e) == "by" || a.key(e) == "from" || a.key(e) == "familiar" || a.key(e) == "with" || a.key(e) == "released" || a.key(e) == "published") {
		e2 := a.npRight(e+1, hi)
		if e2 <= e+1 {
			if a.key(e) == "familiar" {
				e2 = e + 1
			} else {
				break
			}
		}
		e = e2
	}
	if e <= s || !a.nounish(s, e) {
		return nil
	}
	first := c.i
	for first > lo && (a.punct(first-1, ",(") || a.is(first-1, wSub) && a.toks[first-1].cap) {
		first--
	}
	if (first == lo || a.punct(c.i-1, ",")) && e < hi && !a.punct(e, ",") {
		// A long source: "According to early results of exit polls
		// conducted for The Associated Press by Edison Research, ...",
		// "according to a Reuters/Ipsos poll, ...": up to the comma.
		for k := e; k < hi && k < s+40; k++ {
			if a.punct(k, ".;:!?") || a.toks[k].reg >= 0 && !a.fragment(a.regions[a.toks[k].reg].open) {
				break
			}
			if a.punct(k, ",") {
				e = k
				break
			}
		}
	}
	at := newAttribution("according")
	at.ss, at.se = s, e
	if first == lo {
		// "According to X, content."
		if e < hi && a.punct(e, ",") && a.hasWord(e+1, hi) {
			at.cs, at.ce = e+1, a.clauseEnd(e+1)
			return at
		}
		return nil
	}
	cs := lo
	for k := c.i - 1; k > lo; k-- {
		if a.punct(k, ";:") || a.toks[k].kind == dateline.TokDash && a.punct(k-1, ",") {
			cs = k + 1
			break
		}
	}
	ce := a.trimEnd(cs, c.i)
	if a.punct(c.i-1, "(") {
		ce = a.trimEnd(cs, c.i-1)
	}
	if ce <= cs || !a.hasWord(cs, ce) {
		return nil
	}
	if a.punct(c.i-1, ",") && e < hi && a.punct(e, ",") && e+1 < hi && a.wordLike(e+1) && !a.startsAttribution(e+1) && !a.is(e+1, wPrep|wSub|wRel) && !a.participleAt(e+1) {
		// "the next day, according to Roffman, Trump made further
		// demands": the content runs on after the aside.
		if ce2 := a.clauseEnd(e + 1); ce2 > e+1 {
			ce = ce2
		}
	}
	at.cs, at.ce = cs, ce
	return at
}

// nounAttribution handles a noun cue: "his claim that ...", "Trump's
// promise to ...".
func (a *analysis) nounAttribution(c *cueMatch) *attribution {
	hi := a.sentEnd(c.i)
	p := c.j
	if a.punct(p, ":") {
		p++
	} else if k := a.key(p); k != "that" && k != "to" && c.cue.takesPrep(k) {
		p++ // "criticism of the plan": the object of the preposition
	} else if k == "to" && c.cue.takesPrep(k) {
		p++
	}
	if p >= hi || !a.hasWord(p, hi) {
		return nil
	}
	at := newAttribution("noun")
	k := a.possessiveBefore(c.j - 1)
	switch {
	case k >= 0 && a.key(k) == "'s":
		lo := a.sentStart(k)
		s := a.npLeft(k, lo)
		if s >= k {
			return nil
		}
		// a possessor is a name, or a noun phrase with its determiner:
		// "(opens to questions) Russia's support", not "questions Russia"
		for s+1 < k && !a.toks[s].cap && !a.is(s, wDet) && a.toks[s+1].cap {
			s++
		}
		at.ss, at.se = s, k
	case k >= 0:
		at.ss, at.se = k, k+1
	}
	if p > c.j {
		at.cs, at.ce = p, a.objectEnd(p)
	} else {
		at.cs, at.ce = p, a.clauseEnd(p)
	}
	if at.ce <= at.cs {
		return nil
	}
	return at
}

// ---- kinds, spans and output ------------------------------------------------------

// finishKinds sets the content span and kind of reported speech: mixed
// when it contains a quotation, direct when it is one.
func (a *analysis) finishKinds() {
	a.splitInterrupted()
	for _, at := range a.atts {
		if len(at.regions) > 0 && at.kind == dateline.QuoteDirect {
			f, l := &a.regions[at.regions[0]], &a.regions[at.regions[len(at.regions)-1]]
			at.content = trimQuoted(a.text, dateline.Span{Start: f.start, End: l.end})
			continue
		}
		at.kind = dateline.QuoteIndirect
		var regs []int
		for i := at.cs; i < at.ce; i++ {
			if r := int(a.toks[i].reg); r >= 0 && (len(regs) == 0 || regs[len(regs)-1] != r) {
				regs = append(regs, r)
			}
		}
		at.content = trimSpan(a.text, a.span(at.cs, at.ce))
		if len(regs) > 0 {
			at.kind = dateline.QuoteMixed
			for _, r := range regs {
				a.regions[r].used = true
			}
			if len(regs) == 1 {
				r := &a.regions[regs[0]]
				if r.open == at.cs && r.lastTok(a) >= at.ce-1 {
					at.kind = dateline.QuoteDirect
					at.content = trimQuoted(a.text, dateline.Span{Start: r.start, End: r.end})
				}
			}
		}
	}
}

// splitInterrupted splits a quotation interrupted by its attribution into
// one quote per part, sharing cue and source, when the text between the
// parts is longer than the parts together: one span over the parts would
// then be mostly attribution.
func (a *analysis) splitInterrupted() {
	n := len(a.atts)
	for k := 0; k < n; k++ {
		at := a.atts[k]
		if at.kind != dateline.QuoteDirect || len(at.regions) < 2 {
			continue
		}
		in := 0
		for _, r := range at.regions {
			in += a.regions[r].end - a.regions[r].start
		}
		f, l := &a.regions[at.regions[0]], &a.regions[at.regions[len(at.regions)-1]]
		if (l.end-f.start)-in <= in {
			continue
		}
		for _, r := range at.regions[1:] {
			part := *at
			part.regions = []int{r}
			a.atts = append(a.atts, &part)
		}
		at.regions = at.regions[:1]
	}
}

// trimSpan drops white space at both ends of the span.
func trimSpan(text string, s dateline.Span) dateline.Span {
	for s.Start < s.End && isSpaceByte(text[s.Start]) {
		s.Start++
	}
	for s.End > s.Start && isSpaceByte(text[s.End-1]) {
		s.End--
	}
	return s
}

// trimQuoted trims a quotation's content: white space, and the comma that
// ends a quotation before its attribution ("“...,” she said").
func trimQuoted(text string, s dateline.Span) dateline.Span {
	s = trimSpan(text, s)
	for s.End > s.Start && (text[s.End-1] == ',' || isSpaceByte(text[s.End-1])) {
		s.End--
	}
	return s
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// headingQuotes gives a quotation that stands alone as a heading or
// paragraph, without a cue, the speaker of the attributed quote in the
// next paragraphs that repeats its words (a headline quote such as
// "‘Return to new START’" over the quote it summarises).
func (a *analysis) headingQuotes() {
	for ri := range a.regions {
		r := &a.regions[ri]
		if r.depth != 0 || r.used || r.prev >= 0 || r.close < 0 {
			continue
		}
		ps, pe := a.paraTok[r.para][0], a.paraTok[r.para][1]
		if r.open != ps || r.closeJ < pe-2 || (r.closeJ == pe-2 && !a.punct(pe-1, ".!?:")) {
			continue
		}
		words := contentWords(a.text[r.start:r.end])
		if len(words) == 0 || len(words) > 12 {
			continue
		}
		best, bestN := -1, 0
		for k, at := range a.atts {
			if at.speaker == "" || at.kind == dateline.QuoteIndirect || at.inherit >= 0 {
				continue
			}
			if p := a.paraOfByte(at.content.Start); p <= int(r.para) || p > int(r.para)+3 {
				continue
			}
			other := contentWords(a.text[at.content.Start:at.content.End])
			n := 0
			for w := range words {
				if other[w] {
					n++
				}
			}
			if 2*n >= len(words) && n > bestN {
				best, bestN = k, n
			}
		}
		if best < 0 {
			continue
		}
		at := newAttribution("heading")
		at.kind = dateline.QuoteDirect
		at.regions = []int{ri}
		at.content = trimQuoted(a.text, dateline.Span{Start: r.start, End: r.end})
		at.inherit = best
		at.speaker = a.atts[best].speaker
		r.used = true
		a.atts = append(a.atts, at)
	}
}

// paraOfByte returns the paragraph of the token that starts at or after byte b.
func (a *analysis) paraOfByte(b int) int {
	k := sort.Search(len(a.toks), func(i int) bool { return a.toks[i].End > b })
	if k >= len(a.toks) {
		return len(a.paraTok)
	}
	return int(a.toks[k].para)
}

// contentWords returns the set of lower-case words of s longer than two letters.
func contentWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) > 2 {
			out[strings.ToLower(w)] = true
		}
	}
	return out
}

// quotes returns the attributions as dateline quotes, in text order.
func (a *analysis) quotes(dst []dateline.Quote) []dateline.Quote {
	sort.SliceStable(a.atts, func(i, j int) bool {
		if a.atts[i].content.Start != a.atts[j].content.Start {
			return a.atts[i].content.Start < a.atts[j].content.Start
		}
		return a.atts[i].content.End > a.atts[j].content.End
	})
	seen := map[[3]int]bool{}
	for _, at := range a.atts {
		if at.content.Len() <= 0 {
			continue
		}
		key := [3]int{at.content.Start, at.content.End, at.cueSpan.Start}
		if seen[key] {
			continue
		}
		seen[key] = true
		q := dateline.Quote{Span: at.content, Text: a.text[at.content.Start:at.content.End], Kind: at.kind, Speaker: at.speaker}
		if at.hasCue {
			q.Cue = &dateline.Mention{Span: at.cueSpan, Text: a.text[at.cueSpan.Start:at.cueSpan.End]}
		}
		if at.hasSource() {
			sp := a.span(at.ss, at.se)
			q.Source = &dateline.Mention{Span: sp, Text: a.text[sp.Start:sp.End]}
		}
		dst = append(dst, q)
	}
	return dst
}

// genericPreps are the prepositions that introduce the content of any
// reporting verb ("talked about", "spoke out against").
var genericPreps = map[string]bool{"about": true, "on": true, "of": true, "against": true}

// genericContent returns the complement after cue c that fits none of its
// frames: a "that"-clause, an infinitive, an object or the object of a
// content preposition; -1 when there is none.
func (a *analysis) genericContent(c *cueMatch) (int, int) {
	p := c.j
	hi := a.sentEnd(c.i)
	for n := 0; p < hi && n < 4; n++ {
		switch k := a.key(p); {
		case a.toks[p].cap && a.toks[p].reg < 0 && !calendarNames[k]:
			n = 4
		case a.timeAfter(p, hi) > p:
			p = a.timeAfter(p, hi)
		case a.lyAdverb(p) || a.is(p, wAdv) && !a.is(p, wDet) || k == "out" || k == "up" || k == "back" || k == "down":
			p++
		case a.is(p, wPrep) && !genericPreps[k] && k != "to" && a.toks[p].reg < 0:
			// "in a statement", "at a rally": an adverbial before the content
			e := a.ppEnd(p+1, hi)
			if e <= p+1 {
				return -1, -1
			}
			p = e
			if a.punct(p, ",") {
				p++
			}
		default:
			n = 4
		}
	}
	if p+1 >= hi || a.toks[p].cap && a.toks[p].reg < 0 && !a.nameTok(p) {
		return -1, -1
	}
	switch k := a.key(p); {
	case k == "that" || k == "to":
		if a.wordLike(p+1) && !a.punct(p+1, ",.;") {
			return p, a.clauseEnd(p)
		}
		return -1, -1
	case genericPreps[k]:
		if a.objectStart(p + 1) {
			return p + 1, a.objectEnd(p + 1)
		}
		return -1, -1
	}
	if a.objectStart(p) {
		return p, a.objectEnd(p)
	}
	return -1, -1
}
