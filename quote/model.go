package quote

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dateline-news/dateline"
)

// The attribution model decides which of the attributions that the rules
// propose to keep. The rules read a cue, its source and its content; a word
// list cannot tell "the survey found Clinton leading" from "the police found
// the car", nor "pledged to" from "pledged delegates", so every candidate
// is scored by a linear model over features of the rule that made it, its
// cue, source and content (see features), and kept when the score reaches
// the model's threshold.
//
// The model is a logistic regression trained by AdaGrad steps on the
// PolNeAR training articles (one annotator per article; -quote.algo
// perceptron trains an averaged perceptron instead, about 0.3 points of
// cross-validated F1 lower): a candidate is a positive example when its
// content matches a gold attribution's (overlap at least half of the
// union, as eval.QuoteScores counts). The weights live in
// data/model.txt.gz, one "weight feature" pair per line; they are produced by
//
//	go test ./quote -run TestTrainModel -quote.train ../../shared/data/polnear/train
//
// which also reports cross-validated scores on the training articles and
// chooses the threshold. Without data/model.txt.gz every candidate is kept.

// model is a loaded attribution model.
type model struct {
	w         map[uint64]float32
	threshold float32
	ends      bool // has "end:" weights: it chooses where contents end (see ends.go)
}

// modelFile is the embedded model: gzip-compressed text.
const modelFile = "data/model.txt.gz"

// loadModel reads the embedded model; it returns nil when there is none.
func loadModel() (*model, error) {
	f, err := dataFS.Open(modelFile)
	if err != nil {
		return nil, nil
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", modelFile, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", modelFile, err)
	}
	m := &model{w: map[uint64]float32{}}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimSpace(sc.Text())
		if l == "" || l[0] == '#' {
			continue
		}
		v, feat, ok := strings.Cut(l, " ")
		if !ok {
			return nil, fmt.Errorf("%s:%d: want \"weight feature\"", modelFile, line)
		}
		x, err := strconv.ParseFloat(v, 32)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", modelFile, line, err)
		}
		if feat == "threshold" {
			m.threshold = float32(x)
			continue
		}
		m.w[hashFeature(feat)] += float32(x)
		if strings.HasPrefix(feat, "end:") {
			m.ends = true
		}
	}
	return m, nil
}

func (m *model) score(f *featSet) float32 {
	var s float32
	for _, h := range f.hashes {
		s += m.w[h]
	}
	return s
}

// featSet collects the features of one candidate as hashes, and as
// strings when names is set (for training).
type featSet struct {
	hashes []uint64
	names  []string
	keep   bool
}

func (f *featSet) reset() {
	f.hashes = f.hashes[:0]
	f.names = f.names[:0]
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvAdd(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func hashFeature(s string) uint64 { return fnvAdd(fnvOffset, s) }

// add adds the feature made of parts joined by "=" after the first and "|"
// between the others: add("cue", "say") is "cue=say", add("cue+how",
// "say", "reported") is "cue+how=say|reported".
func (f *featSet) add(name string, vals ...string) {
	h := fnvAdd(fnvOffset, name)
	h = fnvAdd(h, "=")
	for i, v := range vals {
		if i > 0 {
			h = fnvAdd(h, "|")
		}
		h = fnvAdd(h, v)
	}
	f.hashes = append(f.hashes, h)
	if f.keep {
		f.names = append(f.names, name+"="+strings.Join(vals, "|"))
	}
}

// bucket returns a coarse size class of n.
func bucket(n int) string {
	switch {
	case n <= 0:
		return "0"
	case n == 1:
		return "1"
	case n == 2:
		return "2"
	case n <= 5:
		return "3-5"
	case n <= 10:
		return "6-10"
	case n <= 20:
		return "11-20"
	case n <= 40:
		return "21-40"
	}
	return "41+"
}

// wordClassName returns a short description of token i for features: the
// word itself when it is a function word of the lexicon or punctuation, its
// shape otherwise.
func (a *analysis) wordClassName(i int) string {
	if i < 0 || i >= len(a.toks) {
		return "<none>"
	}
	t := a.toks[i]
	if t.reg >= 0 && t.kind == dateline.TokQuote {
		return "<q>"
	}
	switch t.kind {
	case dateline.TokPunct, dateline.TokDash, dateline.TokQuote:
		return a.str(i)
	case dateline.TokNumber:
		return "<num>"
	}
	if w := t.w; w != nil && w.cls&(wDet|wPron|wObjPron|wRel|wAux|wPrep|wSub|wDay) != 0 {
		return w.key
	}
	if t.w != nil && len(t.w.forms) > 0 {
		return "<cueword>"
	}
	if t.cap {
		return "<Cap>"
	}
	return "<low>"
}

var formNames = []struct {
	f    verbForm
	name string
}{{vPhrase, "phrase"}, {vIng, "ing"}, {vPart, "part"}, {vPast, "past"}, {vS, "s"}, {vBase, "base"}}

// features fills f with the features of attribution at.
func (a *analysis) features(at *attribution, rel relation, f *featSet) {
	f.reset()
	f.add("b")
	f.add("how", at.how)
	f.add("kind", at.kind)
	lemma, cw := "<none>", "<none>"
	var c *cueMatch
	if at.cue >= 0 {
		c = &a.cues[at.cue]
		lemma = c.cue.lemma
		cw = a.key(c.i)
		form := "?"
		for _, fn := range formNames {
			if c.form&fn.f != 0 {
				form = fn.name
				break
			}
		}
		f.add("form", form)
		f.add("lemma+form", lemma, form)
		if c.passive {
			f.add("passive")
		}
		for k := c.g; k < c.i; k++ {
			f.add("group", a.key(k))
		}
		f.add("prev", a.wordClassName(c.g-1))
		f.add("lemma+prev", lemma, a.wordClassName(c.g-1))
		f.add("next", a.wordClassName(c.j))
		f.add("lemma+next", lemma, a.wordClassName(c.j))
		f.add("lemma+nextw", lemma, a.key(c.j))
		f.add("lemma+prevw", lemma, a.key(c.g-1))
		if c.g == a.sentStart(c.g) {
			f.add("cue-sentstart")
		}
		if a.toks[c.i].cap {
			f.add("cue-cap")
		}
	} else if at.hasCue {
		cw = strings.ToLower(a.text[at.cueSpan.Start:at.cueSpan.End])
		if len(cw) > 12 {
			cw = "<long>"
		}
	}
	f.add("lemma", lemma)
	f.add("cw", cw)
	f.add("lemma+how", lemma, at.how)
	f.add("lemma+kind", lemma, at.kind)
	// content
	cs, ce := a.tokRange(at.content)
	n := ce - cs
	f.add("clen", bucket(n))
	f.add("lemma+clen", lemma, bucket(n))
	first := a.wordClassName(cs)
	f.add("cfirst", first)
	f.add("lemma+cfirst", lemma, first)
	f.add("cafter", a.wordClassName(ce))
	f.add("clast", a.wordClassName(ce-1))
	f.add("cfirst2", first, a.wordClassName(cs+1))
	f.add("lemma+cafter", lemma, a.wordClassName(ce))
	if a.hasVerb(cs, ce) {
		f.add("cverb")
		f.add("lemma+cverb", lemma)
	}
	if ce >= a.sentEnd(cs) || a.punct(ce, ".!?") {
		f.add("c-to-end")
	}
	if c != nil {
		switch {
		case cs >= c.j:
			f.add("pos", "after")
		case ce <= c.i:
			f.add("pos", "before")
		default:
			f.add("pos", "around")
		}
		f.add("gap", bucket(cs-c.j))
	}
	f.add("how+cfirst", at.how, first)
	f.add("how+clen", at.how, bucket(n))
	if a.hasRegion(cs, ce) {
		f.add("creg", at.how)
		f.add("lemma+creg", lemma)
	}
	if c != nil {
		st := a.sentStart(c.i)
		f.add("cuepos", bucket(c.g-st))
		ncues := 0
		for k := a.firstCueFrom(st); k < len(a.cues) && a.cues[k].i < a.sentEnd(c.i); k++ {
			ncues++
		}
		f.add("ncues", bucket(ncues))
	}
	if a.toks[cs].sent < 3 {
		f.add("lead", at.how)
	}
	if at.endConf > 0 {
		conf := "lo"
		switch {
		case at.endConf >= 0.9:
			conf = "hi"
		case at.endConf >= 0.7:
			conf = "mid"
		}
		f.add("endconf", conf)
		f.add("endconf+how", conf, at.how)
	}
	if rel.nested {
		f.add("nested")
		f.add("lemma+nested", lemma)
		f.add("how+nested", at.how)
	}
	if rel.outer {
		f.add("outer")
		f.add("how+outer", at.how)
	}
	if rel.overlap {
		f.add("overlap")
	}
	f.add("insent", bucket(rel.inSentence))
	if a.title[a.toks[cs].para] {
		f.add("title")
	}
	// source
	st := "none"
	switch {
	case !at.hasSource():
	case at.fallback:
		st = "fallback"
	case a.is(at.ss, wRel) && at.se == at.ss+1:
		st = "rel"
	case a.is(at.ss, wPron) && !a.is(at.ss, wDet) && at.se == at.ss+1:
		st = "pron:" + a.key(at.ss)
	case a.is(at.se-1, wResearch):
		st = "research"
	case a.nameTok(at.se - 1):
		st = "name"
	case a.is(at.se-1, wRole):
		st = "role"
	case quantifiers[a.key(at.ss)] || a.toks[at.ss].kind == dateline.TokNumber:
		st = "quant"
	case a.is(at.ss, wDet):
		st = "det"
	default:
		st = "other"
	}
	f.add("src", st)
	f.add("lemma+src", lemma, st)
	f.add("how+src", at.how, st)
	if at.hasSource() {
		f.add("slen", bucket(at.se-at.ss))
		if w := a.toks[at.se-1].w; w != nil && w.cls&(wRole|wResearch|wPron|wRel|wOrgHead) != 0 {
			f.add("shead", w.key)
		}
		f.add("sfirst", a.wordClassName(at.ss))
		f.add("sprev", a.wordClassName(at.ss-1))
	}
}

// tokRange returns the token range covered by a byte span.
func (a *analysis) tokRange(sp dateline.Span) (int, int) {
	lo, hi := 0, len(a.toks)
	for lo < hi {
		m := (lo + hi) / 2
		if a.toks[m].End <= sp.Start {
			lo = m + 1
		} else {
			hi = m
		}
	}
	s := lo
	e := s
	for e < len(a.toks) && a.toks[e].Start < sp.End {
		e++
	}
	if s >= len(a.toks) {
		s = len(a.toks) - 1
	}
	return s, max(e, s)
}

// relation is how an attribution's content relates to the others'.
type relation struct {
	nested     bool // inside the content of another
	outer      bool // contains the content of another
	overlap    bool // overlaps another without containing or being contained
	inSentence int  // other attributions whose content starts in the same sentence
}

// relations returns the relation of every attribution to the others (to
// those marked in among, when among is not nil).
func (a *analysis) relations(among []bool) []relation {
	out := make([]relation, len(a.atts))
	sent := make([]int32, len(a.atts))
	for i, at := range a.atts {
		if at.content.Len() > 0 {
			s, _ := a.tokRange(at.content)
			sent[i] = a.toks[s].sent
		}
	}
	for i, at := range a.atts {
		x, r := at.content, &out[i]
		for j, o := range a.atts {
			y := o.content
			if i == j || y.Len() <= 0 || x.Len() <= 0 || among != nil && !among[j] {
				continue
			}
			switch {
			case x == y:
			case y.Start <= x.Start && x.End <= y.End:
				r.nested = true
			case x.Start <= y.Start && y.End <= x.End:
				r.outer = true
			case x.Start < y.End && y.Start < x.End:
				r.overlap = true
			}
			if sent[j] == sent[i] {
				r.inSentence++
			}
		}
	}
	return out
}

// applyModel drops the attributions that the model scores below its
// threshold.
func (a *analysis) applyModel(m *model) {
	if m == nil || len(a.atts) == 0 {
		return
	}
	keep := a.decide(m, a.relations(nil))
	kept := a.atts[:0]
	for i, at := range a.atts {
		if keep[i] {
			kept = append(kept, at)
		}
	}
	a.atts = kept
}

// decide returns which attributions the model keeps.
func (a *analysis) decide(m *model, rels []relation) []bool {
	var f featSet
	keep := make([]bool, len(a.atts))
	forced := make([]bool, len(a.atts))
	score := make([]float32, len(a.atts))
	for i, at := range a.atts {
		if at.content.Len() <= 0 {
			continue
		}
		if a.explicitThat(at) || rels[i].nested && a.namedNested(at) {
			keep[i], forced[i] = true, true
			continue
		}
		a.features(at, rels[i], &f)
		score[i] = m.score(&f)
		keep[i] = score[i] >= m.threshold
	}
	// Two kept contents that share most of their words, neither reported
	// inside the other, are one content claimed twice ("Bloomberg reports
	// [that Trump won the group, according to Roper]" and "[Bloomberg
	// reports that Trump won the group], according to Roper"): the model
	// keeps the one it scores higher. Contents kept by the rules above
	// stay.
	for i, x := range a.atts {
		if !keep[i] || forced[i] {
			continue
		}
		for j := i + 1; j < len(a.atts) && keep[i]; j++ {
			y := a.atts[j]
			if !keep[j] || forced[j] {
				continue
			}
			inter := min(x.content.End, y.content.End) - max(x.content.Start, y.content.Start)
			union := max(x.content.End, y.content.End) - min(x.content.Start, y.content.Start)
			if inter > 0 && 2*inter >= union && !nestedIn(y, x) && !nestedIn(x, y) {
				if score[j] > score[i] {
					keep[i] = false
				} else {
					keep[j] = false
				}
			}
		}
	}
	return keep
}

// nestedIn reports whether the content of x lies in the content of y with
// its cue: an attribution reported inside another ("said [he urged
// Lavrov to end the war]"), not the same content claimed twice.
func nestedIn(x, y *attribution) bool {
	return y.content.Start <= x.content.Start && x.content.End <= y.content.End &&
		(!x.hasCue || y.content.Start <= x.cueSpan.Start && x.cueSpan.End <= y.content.End)
}

// explicitThat reports whether the content of at is a clause that a verb
// cue introduces with "that" ("he asked Lavrov that Russia should honour
// treaties"): reported speech beyond doubt, which the model does not
// judge. It keeps such an attribution also inside the content of another
// one, although PolNeAR, whose annotators mark only the outermost
// attribution, does not count it there.
func (a *analysis) explicitThat(at *attribution) bool {
	if at.cue < 0 || at.how != "reported" {
		return false
	}
	c := &a.cues[at.cue]
	cs, _ := a.tokRange(at.content)
	return cs >= c.j && a.key(cs) == "that" && c.cue.has(fThat|fThatOnly) && c.form&vPhrase == 0
}

// namedNested reports whether at, an attribution inside the content of
// another, is reported speech of a named source: "He told reporters that
// only Russia opposed condemnation of the war" (Russia opposed it). The
// model, trained on PolNeAR whose annotators mark only the outermost
// attribution, would drop most nested attributions; the layer keeps these,
// which cost about 0.3 points of PolNeAR F1.
func (a *analysis) namedNested(at *attribution) bool {
	if at.cue < 0 || at.how != "reported" || !at.hasSource() || at.fallback {
		return false
	}
	c := &a.cues[at.cue]
	cs, _ := a.tokRange(at.content)
	if cs < c.j || c.form&vPhrase != 0 {
		return false
	}
	return a.nameTok(at.se - 1)
}
