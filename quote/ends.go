package quote

import (
	"math"
	"strings"

	"github.com/dateline-news/dateline"
)

// Where a content ends is the most frequent disagreement between the rules
// and the annotators: "he said [the plan failed], adding ...", "said [the
// U.S. needs to secure the border and create a guest-worker program, but
// that he would not support mass deportation]". For reported speech after
// its cue (and around it: "the plan, he said, [failed]"), the layer lists
// the places where the content may end (the end the rules chose, the end
// of the sentence, and before commas, dashes, conjunctions, relative
// pronouns, prepositions and verbs in between, but not past a following
// attribution) and the model scores each: a ranking perceptron over
// features of the words around each place (a conjunction before a second
// predicate of the speaker or a new clause, a phrase about the telling,
// another cue) and of the breaks the content runs over ("end:" features
// of data/model.txt.gz, trained with the attribution model by
// TestTrainModel on the PolNeAR articles whose gold content starts where
// the candidate's does; held out, it picks the annotator's end for 82% of
// those contents, and an end that matches it for 88%).
//
// The layer does not simply take the end scored best. A content matches
// an annotator's when they share half of the characters either covers, so
// an end between two likely ones often matches both ("said [the meeting
// was unscheduled] and sought by the US when Lavrov was on the move": the
// end after "US" matches the short content and the whole clause alike);
// chooseEnd takes the end with the highest probability of a match under
// the model's scores. Cross-validated on PolNeAR train, 12,915 of its
// 19,832 attributions match a candidate, against 12,782 with the
// best-scored ends, and the F1 of the layer rises by about 0.7.

// endBreaks are the words before which a content may end.
var endBreaks = map[string]bool{"and": true, "but": true, "or": true, "which": true, "who": true, "where": true,
	"when": true, "while": true, "as": true, "after": true, "before": true, "because": true, "since": true,
	"until": true, "although": true, "though": true, "if": true, "despite": true, "during": true,
	"including": true, "with": true, "without": true, "in": true, "on": true, "at": true, "for": true,
	"by": true, "from": true, "to": true, "over": true, "amid": true, "following": true, "according": true,
	"than": true, "so": true, "even": true, "whose": true, "unless": true, "like": true, "that": true}

// endHows are the rules (attribution.how) whose contents the end model
// may end.
var endHows = map[string]bool{"reported": true, "subj": true, "noun": true, "gap": true, "openpart": true, "passive-by": true, "according": true, "generic": true, "ingrel": true}

// endPoints returns the token indexes where the content of at may end
// (exclusive ends), or nil when the model does not choose its end: the
// content must follow its cue within one sentence.
func (a *analysis) endPoints(at *attribution) []int {
	if !endHows[at.how] || at.cue < 0 || at.ce <= at.cs {
		return nil
	}
	c := &a.cues[at.cue]
	first := at.cs + 1
	switch {
	case c.i >= at.ce:
		return nil // the content comes before its cue
	case c.j > at.cs:
		// the cue is inside the content ("the plan, he said, failed";
		// "refused to answer"): it ends after the cue and a word or
		// two of the predicate that follows it
		first = c.j + 3
	}
	se := a.sentEnd(at.cs)
	if at.ce > se || first > se {
		return nil // continued over further sentences
	}
	maxEnd := a.trimEnd(at.cs, se)
	var pts []int
	for t := first; t <= maxEnd; t++ {
		if r := a.toks[min(t, len(a.toks)-1)].reg; r >= 0 && t < maxEnd {
			// no end inside a quotation; the end right after it is fine
			t = a.regions[r].lastTok(a)
			if t+1 <= maxEnd {
				pts = append(pts, t+1)
			}
			continue
		}
		if t < maxEnd && t > at.ce && a.punct(t, ",") && (a.startsAttribution(t+1) || a.trailingAttribution(t+1, maxEnd)) {
			// a following attribution (", saying", ", he said") ends
			// every content
			maxEnd = t
		}
		if t == maxEnd || t == at.ce || a.punct(t, ",;:()") || a.toks[t].kind == dateline.TokDash || endBreaks[a.key(t)] && !a.toks[t].cap || a.finiteVerb(t) {
			if e := a.trimEnd(at.cs, t); e > at.cs && (len(pts) == 0 || pts[len(pts)-1] != e) {
				pts = append(pts, e)
			}
		}
	}
	if len(pts) < 2 {
		return nil
	}
	return pts
}

// endFeatures fills f with the features of ending the content of at
// before token pts[pi], the end points being pts.
func (a *analysis) endFeatures(at *attribution, pts []int, pi int, f *featSet) {
	e := pts[pi]
	f.reset()
	lemma := a.cues[at.cue].cue.lemma
	cs := at.cs
	w := a.wordClassName(e)
	// the break: the word at e, or the punctuation trimmed before it
	k := a.breakAt(cs, e)
	brk := a.wordClassName(k)
	if e >= a.trimEnd(cs, a.sentEnd(cs)) {
		w, brk = "<end>", "<end>"
	}
	f.add("end:w", w)
	f.add("end:brk", brk)
	f.add("end:w+brk", w, brk)
	f.add("end:prev", a.wordClassName(e-1))
	f.add("end:next", a.wordClassName(k+1))
	f.add("end:brk+next", brk, a.wordClassName(k+1))
	f.add("end:lemma+w", lemma, w)
	f.add("end:cfirst+w", a.wordClassName(cs), w)
	f.add("end:len", bucket(e-cs))
	switch {
	case e == at.ce:
		f.add("end:rules")
		f.add("end:rules+w", w)
		f.add("end:rules+lemma", lemma)
	case e < at.ce:
		f.add("end:before-rules", w)
		f.add("end:before-rules+d", bucket(at.ce-e))
	default:
		f.add("end:after-rules", w)
		f.add("end:after-rules+d", bucket(e-at.ce))
	}
	if a.hasVerb(cs, e) {
		f.add("end:verb", w)
	} else {
		f.add("end:noverb", w)
	}
	commas := 0
	for t := cs; t < e; t++ {
		if a.punct(t, ",") && a.toks[t].reg < 0 {
			commas++
		}
	}
	f.add("end:commas", bucket(commas))
	f.add("end:w+commas", w, bucket(commas))
	// does a clause follow the break?
	n := k + 1
	for n < a.sentEnd(cs) && n < k+8 && !a.punct(n, ",;") {
		n++
	}
	if a.hasVerb(k, n) {
		f.add("end:clause-after", w)
	}
	if a.hasRegion(cs, e) {
		f.add("end:quote-in")
	}
	f.add("end:lemma+brk", lemma, brk)
	f.add("end:cfirst+brk", a.wordClassName(cs), brk)
	f.add("end:len+w", bucket(e-cs), w)
	f.add("end:left", bucket(a.trimEnd(cs, a.sentEnd(cs))-e))
	f.add("end:prev+w", a.wordClassName(e-1), w)
	if a.finiteVerb(e) {
		f.add("end:atverb", at.how)
		f.add("end:atverb+lemma", lemma)
	}
	f.add("end:how+w", at.how, w)
	nv := a.verbLike(k + 1)
	if nv {
		f.add("end:brk+nextverb", brk)
	}
	ct := a.contentType(at, pts)
	f.add("end:ct+brk+nv", ct, brk, boolName(nv))
	f.add("end:ct+w", ct, w)
	f.add("end:ct+brk", ct, brk)
	f.add("end:ct+len", ct, bucket(e-cs))
	f.add("end:ct+pi", ct, bucket(pi))
	if a.hasVerb(cs, e) {
		f.add("end:ct+verb", ct, w)
	}
	if c := &a.cues[at.cue]; cs > c.j {
		f.add("end:gap+w", w)
	}
	// a conjunction before a verb in the cue's form adds a second
	// predicate of the speaker ("said [the plan failed] and criticized
	// the vote"); before a subject and a verb, a new clause (", and the
	// market did nothing")
	cf := a.cues[at.cue].form
	if e < a.trimEnd(cs, a.sentEnd(cs)) {
		if x := a.coordKind(k, cf); x != "" {
			f.add("end:coord", x)
			f.add("end:coord+brk", x, brk)
			f.add("end:coord+ct", x, ct)
		}
	}
	// the stretch up to the next end point, which the content leaves
	// out, and the one since the previous, which it takes in
	if pi+1 < len(pts) {
		nx := pts[pi+1]
		f.add("end:nextseg", brk, bucket(nx-k), boolName(a.hasVerb(k, nx)))
	}
	if pi > 0 {
		pv := a.breakAt(cs, pts[pi-1])
		f.add("end:lastseg", a.wordClassName(pv), bucket(e-pv), boolName(a.hasVerb(pv, e)))
	}
	f.add("end:fromlast", bucket(len(pts)-1-pi), ct)
	// other cues: one just after the break begins another attribution
	// ("and he added"), and a content seldom runs over one
	if w != "<end>" && a.cueBetween(at.cue, k, k+5) {
		f.add("end:cue-next", brk)
	}
	if a.cueBetween(at.cue, cs, e) {
		f.add("end:cue-in", ct)
		f.add("end:cue-in+w", w)
	}
	// a phrase about the telling itself after the break ("said the
	// plan failed [in an interview on Monday]")
	if w != "<end>" && a.speechCircumstance(k) {
		f.add("end:circ", brk)
	}
	// the words themselves around the break
	if w != "<end>" {
		if k < len(a.toks) && !a.toks[k].cap {
			f.add("end:brklex", a.key(k))
		}
		if k+1 < len(a.toks) && !a.toks[k+1].cap {
			f.add("end:brk+nextlex", brk, a.key(k+1))
		}
		if !a.toks[e-1].cap {
			f.add("end:lastlex", a.key(e-1))
		}
	}
	// the breaks the content runs over
	for _, p := range pts[:pi] {
		pk := a.breakAt(cs, p)
		pb := a.wordClassName(pk)
		f.add("end:pass", a.wordClassName(p), pb)
		f.add("end:pass+lemma", lemma, pb)
		if a.verbLike(pk + 1) {
			f.add("end:pass+nextverb", pb)
		}
		if a.speechCircumstance(pk) {
			f.add("end:pass-circ", pb)
		}
		if x := a.coordKind(pk, cf); x != "" {
			f.add("end:pass-coord", x)
			f.add("end:pass-coord+brk", x, pb)
		}
	}
}

// eventNouns name the occasions and channels of a statement.
var eventNouns = map[string]bool{"interview": true, "interviews": true, "statement": true, "statements": true, "speech": true,
	"rally": true, "conference": true, "briefing": true, "tweet": true, "tweets": true, "twitter": true, "facebook": true,
	"radio": true, "television": true, "appearance": true, "event": true, "hall": true, "debate": true, "hearing": true,
	"email": true, "e-mail": true, "letter": true, "remarks": true, "meeting": true, "show": true, "program": true,
	"broadcast": true, "podcast": true, "post": true, "video": true, "call": true, "forum": true, "address": true,
	"testimony": true, "news": true, "cnn": true, "msnbc": true, "fox": true, "nbc": true, "abc": true, "cbs": true}

// speechCircumstance reports whether the words from the break at k are a
// prepositional phrase about the telling: its time, place or channel
// ("in an interview", "on Monday", "at a news conference").
func (a *analysis) speechCircumstance(k int) bool {
	if k >= len(a.toks) || !a.is(k, wPrep) && a.key(k) != "during" {
		return false
	}
	for t := k + 1; t < len(a.toks) && t < k+7 && a.toks[t].reg < 0; t++ {
		if a.punct(t, ",;:.") || a.finiteVerb(t) {
			break
		}
		if a.is(t, wDay) || eventNouns[a.key(t)] {
			return true
		}
	}
	return false
}

// cueBetween reports whether a cue other than a.cues[own] begins at a
// token from lo to hi (exclusive).
func (a *analysis) cueBetween(own, lo, hi int) bool {
	for k := a.firstCueFrom(lo); k < len(a.cues) && a.cues[k].i < hi; k++ {
		if k != own {
			return true
		}
	}
	return false
}

// coordKind describes what follows the break at token k when it is a
// coordinating conjunction: "pred" for a verb in the form cf of the cue
// (a second predicate of the speaker), "clause" for a subject and a
// verb, "verb" for another verb; "" otherwise.
func (a *analysis) coordKind(k int, cf verbForm) string {
	switch a.key(k) {
	case "and", "but", "or", "then", "while":
	default:
		return ""
	}
	n := k + 1
	for n < len(a.toks) && n < k+3 && a.toks[n].w != nil && a.is(n, wAux) && !finiteVerbs[a.key(n)] && !a.is(n, wPron) {
		n++ // "and also criticized"
	}
	if n >= len(a.toks) {
		return ""
	}
	if nf := a.guessForm(n); nf != 0 {
		if nf&cf&(vPast|vS|vIng|vBase) != 0 {
			return "pred"
		}
		return "verb"
	}
	if a.toks[n].cap || a.is(n, wPron|wDet) || a.toks[n].kind == dateline.TokNumber {
		e := n + 1
		for e < len(a.toks) && e < n+8 && !a.punct(e, ",;:") && a.toks[e].reg < 0 {
			e++
		}
		if a.hasVerb(n, e) {
			return "clause"
		}
	}
	return ""
}

// guessForm returns the possible verb forms of the lower-case word at t:
// those of a cue word, or guessed from "-ed" and "-ing" and the frequent
// verbs; 0 when it does not look like a verb.
func (a *analysis) guessForm(t int) verbForm {
	tk := a.toks[t]
	if tk.cap || tk.reg >= 0 || tk.kind != dateline.TokWord {
		return 0
	}
	var f verbForm
	if tk.w != nil {
		for _, fm := range tk.w.forms {
			f |= fm.form
		}
		f &^= vPhrase
		if f != 0 {
			return f
		}
		if finiteVerbs[tk.w.key] {
			switch tk.w.key {
			case "was", "were", "had", "did", "would", "could", "should", "might":
				return vPast
			case "is", "has", "does":
				return vS
			}
			return vBase
		}
	}
	st := a.str(t)
	switch {
	case len(st) > 4 && strings.HasSuffix(st, "ed"):
		return vPast | vPart
	case len(st) > 5 && strings.HasSuffix(st, "ing"):
		return vIng
	}
	return 0
}

// contentType is a coarse class of a content for the end features: how
// it begins, and whether its first part holds a verb.
func (a *analysis) contentType(at *attribution, pts []int) string {
	cs := at.cs
	k := a.key(cs)
	switch {
	case k == "that" || k == "to":
		return k
	case whWords[k]:
		return "wh"
	case a.toks[cs].reg >= 0:
		return "q"
	}
	if a.hasVerb(cs, pts[0]) || a.finiteVerb(cs+1) {
		return "clause"
	}
	return "np"
}

// finiteVerbs are the auxiliaries and modals that begin a verb phrase.
var finiteVerbs = map[string]bool{"is": true, "was": true, "were": true, "are": true, "has": true, "have": true, "had": true,
	"will": true, "would": true, "could": true, "can": true, "should": true, "may": true, "might": true, "must": true,
	"did": true, "does": true, "do": true}

// finiteVerb reports whether token t may begin the main verb phrase of a
// sentence whose subject is a content ("his criticism of the plan [has]
// angered"): a lower-case auxiliary, a frequent verb or a cue verb form.
func (a *analysis) finiteVerb(t int) bool {
	if t <= 0 || t >= len(a.toks) || a.toks[t].cap || a.toks[t].reg >= 0 {
		return false
	}
	if finiteVerbs[a.key(t)] || a.is(t, wVerb) && !a.is(t, wAux) {
		return true
	}
	return a.toks[t].w.verbOnly() && a.cueVerbAt(t)
}

// verbLike reports whether token t looks like a verb that begins a
// predicate: an auxiliary, a frequent verb, a cue verb form or a
// lower-case word in -ed.
func (a *analysis) verbLike(t int) bool {
	if t <= 0 || t >= len(a.toks) || a.toks[t].cap || a.toks[t].reg >= 0 || a.toks[t].kind != dateline.TokWord {
		return false
	}
	if a.finiteVerb(t) || a.toks[t].w.verbOnly() {
		return true
	}
	st := a.str(t)
	return len(st) > 4 && strings.HasSuffix(st, "ed")
}

func boolName(b bool) string {
	if b {
		return "y"
	}
	return "n"
}

// breakAt returns the token after the punctuation at e: the word that
// breaks a content ending at e.
func (a *analysis) breakAt(cs, e int) int {
	k := e
	for k < len(a.toks) && k < a.sentEnd(cs) && (a.toks[k].kind == dateline.TokPunct || a.toks[k].kind == dateline.TokDash) && a.toks[k].reg < 0 {
		k++
	}
	return k
}

// chooseEnds lets the model choose where each content of reported speech
// ends.
func (a *analysis) chooseEnds(m *model) {
	if m == nil || !m.ends {
		return
	}
	var f featSet
	for _, at := range a.atts {
		pts := a.endPoints(at)
		if pts == nil {
			continue
		}
		scores := make([]float32, len(pts))
		lens := make([]int, len(pts))
		for i, e := range pts {
			a.endFeatures(at, pts, i, &f)
			scores[i] = m.score(&f)
			lens[i] = a.toks[e-1].End - a.toks[at.cs].Start
		}
		var v float64
		k := chooseEnd(scores, lens, endTemp, &v)
		at.ce = pts[k]
		at.endConf = v
	}
}

// endTemp scales the end scores into probabilities for chooseEnd; 0.5
// matched the most PolNeAR train attributions, cross-validated (0.35 to
// 0.7 come within 0.1 points of F1).
var endTemp = float32(0.5)

// endConfTemp scales the end scores into probabilities for the
// confidence of the chosen end when endTemp is 0 (the best-scored end):
// the attribution model still learns how sure the end model was.
var endConfTemp = float32(0.5)

// chooseEnd returns the end point whose content is expected to match the
// annotators' best: a content matches when it shares at least half of the
// characters either covers, so rather than the end the model ranks first
// it takes the one that matches the most probable ends together (a middle
// end matches a short and a long one). The probabilities are a softmax of
// the scores times temp; temp 0 takes the best score. conf receives the
// probability that the chosen end matches (with the probabilities of
// endConfTemp when temp is 0), a feature of the attribution model.
func chooseEnd(scores []float32, lens []int, temp float32, conf *float64) int {
	best := 0
	for i, s := range scores {
		if s > scores[best] {
			best = i
		}
	}
	pt := temp
	if pt <= 0 {
		pt = endConfTemp
	}
	p := make([]float64, len(scores))
	sum := 0.0
	for i, s := range scores {
		p[i] = math.Exp(float64(pt * (s - scores[best])))
		sum += p[i]
	}
	// match returns the probability that the end i matches the
	// annotators'
	match := func(i int) float64 {
		v := 0.0
		for j := range scores {
			lo, hi := min(lens[i], lens[j]), max(lens[i], lens[j])
			if 2*lo >= hi {
				v += p[j]
			}
		}
		return v
	}
	choice, bestV := best, match(best)
	if temp > 0 {
		// ties go to the more probable end
		for i := range scores {
			v := match(i)
			if v > bestV+1e-6 || v > bestV-1e-6 && p[i] > p[choice] {
				choice, bestV = i, v
			}
		}
	}
	if conf != nil {
		*conf = bestV / sum
	}
	return choice
}
