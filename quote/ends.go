package quote

import "github.com/dateline-news/dateline"

// Where a content ends is the most frequent disagreement between the rules
// and the annotators: "he said [the plan failed], adding ...", "said [the
// U.S. needs to secure the border and create a guest-worker program, but
// that he would not support mass deportation]". For reported speech after
// its cue, the layer lists the places where the content may end (the end
// the rules chose, the end of the sentence, and before commas, dashes,
// conjunctions, relative pronouns and prepositions in between) and the
// model chooses one: a ranking perceptron over features of the words
// around each place ("end:" features of data/model.txt.gz, trained with the
// attribution model by TestTrainModel on the PolNeAR articles whose gold
// content starts where the candidate's does).

// endBreaks are the words before which a content may end.
var endBreaks = map[string]bool{"and": true, "but": true, "or": true, "which": true, "who": true, "where": true,
	"when": true, "while": true, "as": true, "after": true, "before": true, "because": true, "since": true,
	"until": true, "although": true, "though": true, "if": true, "despite": true, "during": true,
	"including": true, "with": true, "without": true, "in": true, "on": true, "at": true, "for": true,
	"by": true, "from": true, "to": true, "over": true, "amid": true, "following": true, "according": true,
	"than": true, "so": true, "even": true, "whose": true, "unless": true, "like": true}

// endPoints returns the token indexes where the content of at may end
// (exclusive ends), or nil when the model does not choose its end: the
// content must follow its cue within one sentence.
func (a *analysis) endPoints(at *attribution) []int {
	if at.how != "reported" || at.cue < 0 || at.ce <= at.cs {
		return nil
	}
	c := &a.cues[at.cue]
	if at.cs < c.j || c.form&vPhrase != 0 {
		return nil
	}
	se := a.sentEnd(at.cs)
	if at.ce > se {
		return nil // continued over further sentences
	}
	maxEnd := a.trimEnd(at.cs, se)
	var pts []int
	for t := at.cs + 1; t <= maxEnd; t++ {
		if r := a.toks[min(t, len(a.toks)-1)].reg; r >= 0 && t < maxEnd {
			// no end inside a quotation; the end right after it is fine
			t = a.regions[r].lastTok(a)
			if t+1 <= maxEnd {
				pts = append(pts, t+1)
			}
			continue
		}
		if t == maxEnd || t == at.ce || a.punct(t, ",;:()") || a.toks[t].kind == dateline.TokDash || endBreaks[a.key(t)] && !a.toks[t].cap {
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
// before token e; first is the first end point.
func (a *analysis) endFeatures(at *attribution, e int, f *featSet) {
	f.reset()
	lemma := a.cues[at.cue].cue.lemma
	cs := at.cs
	w := a.wordClassName(e)
	// the break: the word at e, or the punctuation trimmed before it
	k := e
	for k < len(a.toks) && k < a.sentEnd(cs) && (a.toks[k].kind == dateline.TokPunct || a.toks[k].kind == dateline.TokDash) && a.toks[k].reg < 0 {
		k++
	}
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
		best, bestS := at.ce, float32(0)
		for i, e := range pts {
			a.endFeatures(at, e, &f)
			if s := m.score(&f); i == 0 || s > bestS {
				best, bestS = e, s
			}
		}
		at.ce = best
	}
}
