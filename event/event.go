// Package event codes political events in news text with the PLOVER
// ontology: who did what to whom, and when.
//
// It is a rule-based coder in the tradition of TABARI and PETRARCH, driven by
// the verbs of data/triggers.txt: each trigger is a verb (or a verb and the
// noun that heads its object: "imposed sanctions", "held talks") with its
// PLOVER type and where its target is found. For every trigger in a
// sentence the coder finds
//
//   - the source: the subject of the verb group, searched leftwards (a
//     name, an organisation, a country, a role such as "Hungarian
//     officials", or a pronoun resolved to the speaker of the reported
//     speech it is in, or to the last person named); in the passive, the
//     "by" phrase;
//   - the target: the object or the object of the trigger's preposition
//     ("met with X", "sanctions on X");
//   - for a source or target that is a role, the person the article gives
//     that role in apposition, if one person has it ("her Russian
//     counterpart" after "his Russian counterpart Sergei Lavrov");
//   - the mood: a negated or future verb group changes the type as PLOVER
//     codes it (data/modality.txt): "will meet" is an intention to
//     cooperate, AGREE; "did not sign" is a REJECT; "will impose
//     sanctions" is a THREATEN; "did not attack" is no event;
//   - the date: the time expression of the sentence nearest to the verb
//     ("met on Thursday"), from the temporal layer, else the article date
//     (the story-date convention of event data sets).
//
// An event verb in the "to" clause of an intention ("agreed to meet",
// "threatened to impose sanctions", "refused to sign") is part of that
// intention, not an event of its own.
//
// The types are those of PLOVER (AGREE, AID, ASSAULT, COERCE, CONCEDE,
// CONSULT, COOPERATE, DEMAND, DISAPPROVE, FIGHT, INVESTIGATE, MOBILIZE,
// PROTEST, REJECT, RETREAT, SANCTION, SUPPORT, THREATEN); public statements
// and appeals, which PLOVER drops, are the quote layer's.
package event

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/internal/inflect"
	"github.com/dateline-news/dateline/text"
)

// engineVersion is the version of the rules in the code; the data files
// have their own digest in Version.
const engineVersion = "8"

// Coder codes the events of a document. Create one with New; a Coder is
// immutable and safe for concurrent use by several goroutines.
//
// Coder implements dateline.Analyzer and dateline.Versioned.
type Coder struct {
	lx  *lexicon
	seg *text.Segmenter
}

var (
	_ dateline.Analyzer  = (*Coder)(nil)
	_ dateline.Versioned = (*Coder)(nil)
)

// New returns a Coder with the embedded trigger lists.
func New() (*Coder, error) {
	lx, err := loadLexicon()
	if err != nil {
		return nil, err
	}
	return &Coder{lx: lx, seg: text.New()}, nil
}

// Name returns "event", the name of the layer.
func (c *Coder) Name() string { return "event" }

// Version identifies the rules and word lists: the engine version and a
// digest of the data files.
func (c *Coder) Version() string { return engineVersion + "." + c.lx.digest }

// Analyze sets doc.Events from doc.Text, its tokens and sentences and, when
// present, the entities, time expressions and quotes of the other layers
// (without them, events have fewer actors and the article date). A
// document without tokens is tokenised and segmented first (without
// changing doc.Tokens or doc.Sentences), so the layer also works alone. It
// fails only if ctx is done.
func (c *Coder) Analyze(ctx context.Context, doc *dateline.Doc) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d := doc
	if len(doc.Tokens) == 0 && doc.Text != "" {
		toks, sents := c.seg.Segment(doc.Text)
		d = &dateline.Doc{Article: doc.Article, Tokens: toks, Sentences: sents,
			Entities: doc.Entities, Timexes: doc.Timexes, Quotes: doc.Quotes}
	}
	doc.Events = c.Code(d, doc.Events[:0])
	return nil
}

// tok is a token with what the coder knows about it.
type tok struct {
	dateline.Span
	kind  dateline.TokenKind
	low   string    // lower case
	cls   wordClass // classes of data/words.txt
	cap   bool      // begins with an upper-case letter
	ent   int32     // index of the entity it is in, or -1
	timex int32     // index of the time expression it is in, or -1
}

// coding is the state of one call to Code.
type coding struct {
	lx   *lexicon
	doc  *dateline.Doc
	toks []tok
	out  []dateline.Event
	// roles maps the role phrases the article binds to one person to
	// that person (see bindRoles).
	roles map[string]string
	// per sentence
	s0, s1 int     // token range
	prev   *pevent // last event of the sentence
}

// pevent is an event being built, with token positions.
type pevent struct {
	ev      dateline.Event
	i, j    int // trigger tokens
	g       int // start of the verb group
	tr      *trigger
	passive bool // the subject is the target, the "by" phrase the source
	reduced bool // a passive participle right after its noun: "civilians killed in"
	dropped bool
	subj    *dateline.Actor // the subject: the source, or the target in the passive
	// twin is the same event with the first party of a coordinated
	// subject as its source ("Britain and Rwanda signed"), or nil.
	twin *dateline.Event
}

// Code appends the events of doc to dst and returns the extended slice.
// doc must have its tokens and sentences (see the text layer).
func (c *Coder) Code(doc *dateline.Doc, dst []dateline.Event) []dateline.Event {
	cd := &coding{lx: c.lx, doc: doc, out: dst}
	cd.tokens()
	sents := make([][2]int, 0, len(doc.Sentences))
	ti := 0
	for _, s := range doc.Sentences {
		for ti < len(cd.toks) && cd.toks[ti].Start < s.Start {
			ti++
		}
		tj := ti
		for tj < len(cd.toks) && cd.toks[tj].End <= s.End {
			tj++
		}
		sents = append(sents, [2]int{ti, tj})
		ti = tj
	}
	cd.bindRoles(sents)
	for _, s := range sents {
		cd.sentence(s[0], s[1])
	}
	return cd.out
}

func (cd *coding) tokens() {
	doc := cd.doc
	cd.toks = make([]tok, len(doc.Tokens))
	ei, xi := 0, 0
	for i, t := range doc.Tokens {
		w := doc.Text[t.Start:t.End]
		low := strings.ToLower(w)
		low = strings.ReplaceAll(low, "’", "'")
		r, _ := utf8.DecodeRuneInString(w)
		k := tok{Span: t.Span, kind: t.Kind, low: low, cls: cd.lx.class(low), cap: unicode.IsUpper(r), ent: -1, timex: -1}
		for ei < len(doc.Entities) && doc.Entities[ei].End <= t.Start {
			ei++
		}
		if ei < len(doc.Entities) && doc.Entities[ei].Start <= t.Start {
			k.ent = int32(ei)
		}
		for xi < len(doc.Timexes) && doc.Timexes[xi].End <= t.Start {
			xi++
		}
		if xi < len(doc.Timexes) && doc.Timexes[xi].Start <= t.Start {
			k.timex = int32(xi)
		}
		cd.toks[i] = k
	}
}

func (cd *coding) is(i int, c wordClass) bool {
	return i >= cd.s0 && i < cd.s1 && cd.toks[i].cls&c != 0
}

func (cd *coding) low(i int) string {
	if i < cd.s0 || i >= cd.s1 {
		return ""
	}
	return cd.toks[i].low
}

func (cd *coding) word(i int) bool {
	return i >= cd.s0 && i < cd.s1 && cd.toks[i].kind == dateline.TokWord
}

// sentence codes the events of the tokens [s0, s1).
func (cd *coding) sentence(s0, s1 int) {
	cd.s0, cd.s1, cd.prev = s0, s1, nil
	var evs []*pevent
	for i := s0; i < s1; i++ {
		p := cd.match(i)
		if p == nil {
			continue
		}
		cd.code(p, evs)
		evs = append(evs, p)
		if !p.dropped {
			cd.prev = p
		}
		i = p.j - 1
	}
	for _, p := range evs {
		if !p.dropped {
			if p.twin != nil {
				cd.out = append(cd.out, *p.twin)
			}
			cd.out = append(cd.out, p.ev)
		}
	}
}

// match returns the trigger at token i, or nil.
func (cd *coding) match(i int) *pevent {
	t := &cd.toks[i]
	if t.cls&cMust != 0 && !cd.triggerAfter(i+1) {
		// the event of an obligation whose verb is no trigger
		p := &pevent{i: i, j: i + 1, g: i, tr: cd.lx.must}
		p.ev.Type = cd.lx.must.typ
		return p
	}
	fs := cd.lx.forms[t.low]
	if len(fs) == 0 || t.kind != dateline.TokWord || t.ent >= 0 && cd.doc.Entities[t.ent].Type != dateline.EntityMisc {
		return nil
	}
	// A capitalised verb in mid-sentence is a name ("Ben Carson Backs").
	if t.cap && i > cd.s0 && !cd.isQuoteMark(i-1) {
		return nil
	}
	// A verb form after a determiner or a preposition is a noun or a
	// gerund: "the attack", "in support of", "after meeting".
	if cd.is(i-1, cDet|cPrep) && !cd.is(i-1, cBe) {
		return nil
	}
	// "Russia's support": after a possessive only "he's met", "it's
	// meeting" are verbs.
	possessive := cd.low(i-1) == "'s"
	for k := range fs {
		f := &fs[k]
		j := i + 1
		ok := true
		for _, r := range f.rest {
			if cd.low(j) != r {
				ok = false
				break
			}
			j++
		}
		if !ok {
			continue
		}
		obj := -1
		if f.objs != nil {
			// the object's head within the next few words
			for k := j; k < min(j+5, cd.s1); k++ {
				if f.objs[cd.toks[k].low] {
					obj = k
					break
				}
				// words, numbers and percentages: "imposed 84% tariffs"
				if cd.toks[k].kind != dateline.TokWord && cd.toks[k].kind != dateline.TokNumber && cd.low(k) != "%" ||
					cd.is(k, cBound|cPrep) && cd.low(k) != "of" && cd.low(k) != "that" {
					break
				}
			}
			if obj < 0 {
				continue
			}
		}
		if possessive && f.kind != inflect.Ing && f.kind != inflect.Part || !cd.verbHere(i, f) {
			continue
		}
		if f.tr.typ == "-" {
			return nil // a use of the verb that is no event
		}
		p := &pevent{i: i, j: j, tr: f.tr}
		if obj >= 0 {
			p.j = obj + 1
		}
		p.ev.Type = f.tr.typ
		p.g = i
		for p.g-1 >= cd.s0 && cd.is(p.g-1, cAux|cAspect) {
			p.g--
		}
		p.passive = cd.passive(p, f, obj)
		return p
	}
	return nil
}

// adjunct reports whether p is a participle that opens an adjunct after a
// comma: ", killing five".
func (cd *coding) adjunct(p *pevent) bool {
	return p.g == p.i && cd.low(p.i-1) == "," && strings.HasSuffix(cd.toks[p.i].low, "ing")
}

// military reports whether the actor a is headed by an armed force:
// "Serb forces", "Russian aircraft", "the army".
func (cd *coding) military(a *dateline.Actor) bool {
	if a == nil {
		return false
	}
	for k := cd.s0; k < cd.s1; k++ {
		if t := &cd.toks[k]; t.End == a.End && t.cls&cMilitary != 0 {
			return true
		}
	}
	// a pronoun for an armed force: "the military said it struck"
	if f := strings.Fields(strings.ToLower(a.Actor)); len(f) > 0 && a.Actor != a.Text {
		return cd.lx.class(f[len(f)-1])&cMilitary != 0
	}
	return false
}

// triggerAfter reports whether the verb after the auxiliaries and adverbs
// from token i on is an event trigger.
func (cd *coding) triggerAfter(i int) bool {
	for k := i; k < cd.s1 && k < i+4; k++ {
		if !cd.is(k, cAux) {
			return cd.toks[k].cls&cMust == 0 && cd.match(k) != nil
		}
	}
	return false
}

// mustAt returns the speaker of the reported speech p is in when its verb
// group states an obligation of its subject ("Russia said Sudan must
// return the helicopter"): the event is then the speaker's demand on the
// subject. It returns nil otherwise, and when the subject is the speaker
// ("the officials agreed that their countries should cooperate").
func (cd *coding) mustAt(p *pevent) (*dateline.Actor, *dateline.Mention) {
	must := false
	for k := p.g; k <= p.i; k++ {
		must = must || cd.is(k, cMust)
	}
	if !must || p.subj == nil {
		return nil, nil
	}
	in := cd.innermostQuote(cd.toks[p.i].Span, reported)
	if in == nil || p.subj.Actor == in.Speaker || p.subj.Actor == "" {
		return nil, nil
	}
	switch first, _, _ := strings.Cut(strings.ToLower(p.subj.Text), " "); first {
	case "their", "its", "our", "his", "her", "we", "they", "it", "he", "she", "i", "you":
		return nil, nil
	}
	return &dateline.Actor{Span: in.Source.Span, Text: in.Source.Text, Actor: in.Speaker}, in.Cue
}

// passive reports whether p is a passive: its participle follows a form of
// "be" ("was urged by") or opens a reduced relative ("the journalist
// detained by police"). Its subject is then the target and its "by" phrase
// the source.
func (cd *coding) passive(p *pevent, f *form, obj int) bool {
	if f.kind != inflect.Part && f.kind != inflect.Past || obj >= 0 {
		return false
	}
	for k := p.i - 1; k >= p.g; k-- {
		if cd.is(k, cBe) && cd.low(k) != "'s" {
			return true
		}
		if cd.low(k) == "has" || cd.low(k) == "have" || cd.low(k) == "had" {
			return false
		}
	}
	if p.g != p.i || cd.is(p.i-1, cPron) {
		return false
	}
	// a reduced relative: "the journalist detained by police"
	if cd.low(p.j) == "by" {
		return true
	}
	// after a common noun, a verb that takes an object followed by a
	// preposition: "a businessman accused of spying", "civilians killed
	// in the strike", "protesters detained in Minsk"
	if p.i-1 < cd.s0 {
		return false
	}
	prev := &cd.toks[p.i-1]
	if prev.kind != dateline.TokWord || prev.cap && p.i-1 > cd.s0 || prev.ent >= 0 || cd.is(p.i-1, cAux|cCoord|cBound|cRel) || verbLike(prev.low) {
		return false
	}
	switch p.ev.Type {
	case "DISAPPROVE":
		switch cd.low(p.j) {
		case "of", "over", "with", "for": // "accused of", "charged over the attack"
			p.reduced = true
		}
	case "ASSAULT", "COERCE":
		if cd.atQuantity(p.j) {
			return false // "killed at least 75 people"
		}
		switch cd.low(p.j) {
		case "in", "during", "near", "on", "at", "after", "while", "for", "over":
			p.reduced = true
		}
	}
	return p.reduced
}

// verbHere reports whether the form at i is used as a verb.
func (cd *coding) verbHere(i int, f *form) bool {
	prev := i - 1
	switch f.kind {
	case inflect.Past, inflect.Part:
		return true
	case inflect.Ing:
		// in a verb group ("are meeting") or an adjunct (", urging")
		// or after a verb of aspect ("kept pressing")
		return cd.is(prev, cBe|cAspect) || prev < cd.s0 || cd.toks[prev].kind == dateline.TokPunct && cd.low(prev) == ","
	case inflect.S:
		// "Russia urges", "the minister urges", "he also urges"; not a
		// plural noun ("nuclear arms", "peace talks", "30 militant
		// targets and"), which a conjunction or punctuation may follow
		next := i + 1
		if next < cd.s1 && (cd.is(next, cCoord) || cd.toks[next].kind == dateline.TokPunct) {
			return false
		}
		return prev >= cd.s0 && (cd.is(prev, cAux|cPron|cCoord|cRel|cActor) || cd.toks[prev].ent >= 0 || cd.isQuoteMark(prev))
	default: // base form
		// after a subject ("they urge", "Iran and Iraq agree"), an
		// auxiliary or "to"; not after a nationality ("Lastrian demand")
		return prev < cd.s0 || cd.is(prev, cAux|cPron|cCoord) || cd.low(prev) == "to" ||
			cd.toks[prev].ent >= 0 && cd.doc.Entities[cd.toks[prev].ent].Type != dateline.EntityMisc ||
			cd.is(prev, cActor) || cd.isQuoteMark(prev)
	}
}

func (cd *coding) isQuoteMark(i int) bool {
	return i >= 0 && i < len(cd.toks) && cd.toks[i].kind == dateline.TokQuote
}

// code fills the event p: mood, source, target, date, span.
func (cd *coding) code(p *pevent, before []*pevent) {
	neg, future := false, false
	for k := p.g; k < p.i; k++ {
		neg = neg || cd.is(k, cNeg)
		future = future || cd.is(k, cFuture)
	}
	// "to"-clause: part of an intention before it, or in the future after
	// "plans to", "is set to".
	if cd.low(p.g-1) == "to" {
		gov := cd.governor(p.g-1, before)
		if gov == nil {
			// "met in Brussels to discuss the measures": the purpose of
			// an event of the same type is that event
			gov = cd.purposeOf(p, before)
		}
		if gov != nil {
			// "agreed to meet with Lavrov": the target is the inner verb's
			// (a passive inner verb, "agreed to be inspected", has none)
			if !p.passive {
				cd.targetOf(p)
			}
			if gov.ev.Target == nil && cd.named(p.ev.Target) && !sameActor(gov.ev.Source, p.ev.Target) {
				gov.ev.Target = p.ev.Target
				cd.span(gov)
			}
			// "vowed to crack down": a promise of force or sanctions is a
			// threat (not one of troops, which may come to help)
			switch p.ev.Type {
			case "COERCE", "ASSAULT", "FIGHT", "SANCTION":
				if gov.tr.intent && gov.ev.Type == "AGREE" {
					gov.ev.Type = "THREATEN"
				}
			}
			p.dropped = true
			return
		}
		if cd.is(p.g-2, cIntend) {
			future = true
			for k := p.g - 2; k >= cd.s0 && (cd.is(k, cIntend|cAux)); k-- {
				neg = neg || cd.is(k, cNeg)
			}
		}
	}
	for k := p.g; k <= p.i; k++ {
		// "should cooperate", "must talk": an obligation is not yet done
		future = future || cd.is(k, cMust)
	}
	if neg {
		p.ev.Type = cd.mood("neg", p.ev.Type)
	} else if future && !p.tr.intent {
		p.ev.Type = cd.mood("future", p.ev.Type)
	}
	if p.ev.Type == "" {
		p.dropped = true
		return
	}
	if cd.adjunct(p) {
		// "shelled Juba on Sunday, killing five": the casualties of the
		// event before, not an event of their own
		if cd.prev != nil {
			p.dropped = true
			return
		}
	}
	p.subj = cd.subject(p)
	if p.passive {
		p.ev.Target = p.subj
		p.ev.Source = cd.after(p.j, "by")
	} else {
		p.ev.Source = p.subj
		cd.targetOf(p)
	}
	if m, cue := cd.mustAt(p); m != nil {
		// "Russia said Sudan must return the helicopter": a demand
		// of the speaker on the subject, unless the verb that reports
		// it is already one ("asked Lavrov that Russia should")
		for _, b := range before {
			if !b.dropped && b.ev.Type == "DEMAND" && cue != nil && cd.toks[b.i].Span.Overlaps(cue.Span) {
				if b.ev.Target == nil {
					b.ev.Target = p.subj
					cd.span(b)
				}
				p.dropped = true
				return
			}
		}
		p.ev.Type, p.ev.Source, p.ev.Target = "DEMAND", m, p.subj
	}
	if p.tr == cd.lx.must && p.ev.Source == p.subj {
		p.dropped = true // an obligation outside reported speech
		return
	}
	if sameActor(p.ev.Source, p.ev.Target) {
		p.ev.Target = nil // "the opposition denounced it": not itself
	}
	if p.tr.force && cd.military(p.ev.Source) {
		p.ev.Type = cd.mood("military", p.ev.Type)
	}
	if p.ev.Source == nil && p.ev.Target == nil || p.tr.weak && !cd.named(p.ev.Source) && !cd.named(p.ev.Target) {
		p.dropped = true
		return
	}
	// "..., the Kremlin warned.": a verb that reports the quotation before
	// it and has no target of its own is a speech act, the quote layer's
	if p.ev.Target == nil && cd.reportsQuote(p) {
		p.dropped = true
		return
	}
	p.ev.Date = cd.date(p)
	if first := cd.conjunct(p, before); first != nil {
		// "Britain and Rwanda signed a treaty": the event of each party
		twin := *p
		twin.ev.Source = first
		if p.tr.mutual && p.ev.Target == nil {
			twin.ev.Target, p.ev.Target = p.ev.Source, first
		}
		cd.span(&twin)
		p.twin = &twin.ev
	}
	cd.span(p)
}

// conjunct returns the first party of a subject coordinated with the
// source of p, "[Britain] and Rwanda signed", when the coordination opens
// the clause; else nil.
func (cd *coding) conjunct(p *pevent, before []*pevent) *dateline.Actor {
	src := p.ev.Source
	if p.passive || src == nil || src != p.subj {
		return nil
	}
	k := p.g - 1
	for k >= cd.s0 && cd.toks[k].End > src.Start {
		k--
	}
	// the subject ends right before the verb group, after "and"
	if k+1 >= p.g || cd.toks[k+1].Start != src.Start || cd.toks[p.g-1].End != src.End || cd.low(k) != "and" || cd.is(k+1, cPron) {
		return nil
	}
	if k-1 < cd.s0 || cd.toks[k-1].ent < 0 && !cd.is(k-1, cActor) {
		return nil
	}
	c, start := cd.mentionAt(k - 1)
	if c == nil || c.a.Actor == "" || sameActor(&c.a, src) || cd.is(start-1, cPron) {
		return nil
	}
	// the coordination opens the clause: not "met Lavrov and Russia urged"
	if b := start - 1; b >= cd.s0 && !(cd.toks[b].kind == dateline.TokPunct || cd.toks[b].kind == dateline.TokQuote || cd.is(b, cBound) && !cd.is(b, cCoord)) {
		return nil
	}
	for _, b := range before {
		if !b.dropped && b.ev.Target != nil && b.ev.Target.Overlaps(c.a.Span) {
			return nil
		}
	}
	return &c.a
}

// modifiesNoun reports whether the time expression that starts at token k
// modifies the noun after it ("the Jan. 6, 2021, attack", "Monday's
// vote"): it dates that thing, not the event.
func (cd *coding) modifiesNoun(k int) bool {
	x := cd.toks[k].timex
	e := k
	for e < cd.s1 && cd.toks[e].timex == x {
		e++
	}
	if e < cd.s1 && cd.low(e) == "," {
		e++
	}
	if e >= cd.s1 {
		return false
	}
	t := &cd.toks[e]
	if t.low == "'s" {
		return true
	}
	if t.kind != dateline.TokWord || t.cap || t.cls != 0 || t.low == "to" || t.low == "that" || strings.HasSuffix(t.low, "ly") {
		return false
	}
	// after "the", any word: "the Jan. 6 attack", "the Nov. 5 election"
	return cd.low(k-1) == "the" || cd.lx.forms[t.low] == nil && !verbLike(t.low)
}

// sameActor reports whether a and b resolve to the same named actor.
func sameActor(a, b *dateline.Actor) bool {
	return a != nil && b != nil && a.Actor != "" && a.Actor == b.Actor
}

// reportsQuote reports whether the quote layer found the trigger of p to
// be the cue of a quotation that comes before it.
func (cd *coding) reportsQuote(p *pevent) bool {
	tr := dateline.Span{Start: cd.toks[p.i].Start, End: cd.toks[p.j-1].End}
	for i := range cd.doc.Quotes {
		q := &cd.doc.Quotes[i]
		if q.Cue != nil && q.Cue.Span.Overlaps(tr) && q.End <= tr.Start {
			return true
		}
	}
	return false
}

func (cd *coding) mood(m, typ string) string {
	if t, ok := cd.lx.mood[[2]string{m, typ}]; ok {
		if t == "-" {
			return ""
		}
		return t
	}
	if t, ok := cd.lx.mood[[2]string{m, "*"}]; ok {
		if t == "-" {
			return ""
		}
		return t
	}
	return typ
}

// governor returns the intention event whose "to" clause begins at the
// "to" at index to: "agreed [to] meet", "urged Lavrov [to] end".
func (cd *coding) governor(to int, before []*pevent) *pevent {
	for k := len(before) - 1; k >= 0; k-- {
		b := before[k]
		if b.dropped || b.i >= to || to-b.j > 10 {
			continue
		}
		if b.tr.intent || b.ev.Type == "DEMAND" || b.ev.Type == "THREATEN" || b.ev.Type == "REJECT" {
			return b
		}
	}
	return nil
}

// purposeOf returns the event of p's type whose purpose clause p's "to"
// opens, within a few words after it in the same clause: "met in
// Brussels [to] discuss".
func (cd *coding) purposeOf(p *pevent, before []*pevent) *pevent {
	to := p.g - 1
	for k := len(before) - 1; k >= 0; k-- {
		b := before[k]
		if b.dropped || b.j >= to || to-b.j > 6 {
			continue
		}
		if b.ev.Type != p.ev.Type {
			return nil
		}
		for m := b.j + 1; m < to; m++ {
			if cd.is(m, cBound) || cd.toks[m].kind == dateline.TokPunct || cd.verbForm(m) {
				return nil
			}
		}
		return b
	}
	return nil
}

// named reports whether a is an actor of the kind a weak trigger needs: a
// person, an organisation, a place, a role or a resolved pronoun, not a
// nationality or a treaty.
func (cd *coding) named(a *dateline.Actor) bool {
	if a == nil || a.Actor == "" {
		return false
	}
	for i := range cd.doc.Entities {
		if e := &cd.doc.Entities[i]; e.Span == a.Span {
			return e.Type != dateline.EntityMisc
		}
	}
	return true
}

// span sets the event's span and text: from the first to the last of its
// trigger, source and target within the sentence.
func (cd *coding) span(p *pevent) {
	s, e := cd.toks[p.i].Start, cd.toks[p.j-1].End
	sent := dateline.Span{Start: cd.toks[cd.s0].Start, End: cd.toks[cd.s1-1].End}
	for _, a := range []*dateline.Actor{p.ev.Source, p.ev.Target} {
		if a != nil && sent.Contains(a.Span) {
			s, e = min(s, a.Start), max(e, a.End)
		}
	}
	p.ev.Span = dateline.Span{Start: s, End: e}
	p.ev.Text = cd.doc.Text[s:e]
}

// date returns the TimeML value of when the event happened.
func (cd *coding) date(p *pevent) string {
	best, bestDist := "", 1<<30
	for k := cd.s0; k < cd.s1; k++ {
		x := cd.toks[k].timex
		if x < 0 || k > cd.s0 && cd.toks[k-1].timex == x {
			continue
		}
		tx := &cd.doc.Timexes[x]
		if tx.Type != dateline.TimexDate && tx.Type != dateline.TimexTime || tx.Value == "" || tx.Value[0] < '0' || tx.Value[0] > '9' {
			continue
		}
		if cd.is(k-1, cSince) || cd.low(k-1) == "by" || cd.low(k-1) == "from" || cd.modifiesNoun(k) {
			continue
		}
		d := k - p.j
		if k < p.i {
			d = p.i - k
		}
		if d < bestDist {
			best, bestDist = tx.Value, d
		}
	}
	if best != "" {
		return best
	}
	if cd.doc.Date.IsZero() {
		return ""
	}
	return cd.doc.Day()
}
