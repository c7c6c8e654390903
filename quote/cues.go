package quote

import (
	"strings"

	"github.com/dateline-news/dateline"
)

// cueMatch is one occurrence of a cue in the text.
type cueMatch struct {
	i, j    int // token range of the cue words, particles included
	g       int // start of the verb group: auxiliaries and adverbs before the cue
	form    verbForm
	cue     *cue
	passive bool
	used    bool
	to      int // for "declined to say": the token of "to", or 0
	srcEnd  int // for "in the latest poll": the end of the source after the cue, or 0
}

// pollCue is the cue "in" before a poll or a survey: "Trump leads [in] the
// latest NBC News/Wall Street Journal poll".
var pollCue = &cue{lemma: "in", frames: fAfter}

// beForms are the forms of "be" that make a participle passive.
var beForms = map[string]bool{"is": true, "was": true, "were": true, "are": true, "be": true, "been": true, "being": true, "'s": true, "'re": true, "am": true}

// nounDets are the words after which a cue word is a noun ("the call",
// "his support"), not a verb.
var nounDets = map[string]bool{"the": true, "a": true, "an": true, "his": true, "her": true, "their": true,
	"its": true, "our": true, "my": true, "your": true, "this": true, "these": true, "those": true,
	"every": true, "each": true, "no": true, "'s": true, "whose": true, "any": true}

// findCues lists the cues of the text outside quotations.
func (a *analysis) findCues() {
	for i := 0; i < len(a.toks); i++ {
		t := &a.toks[i]
		if t.w != nil && t.w.key == "in" && t.reg < 0 {
			if e := a.pollAfter(i + 1); e > 0 {
				a.cues = append(a.cues, cueMatch{i: i, j: i + 1, g: i, form: vPhrase, cue: pollCue, srcEnd: e})
				i = e - 1
				continue
			}
		}
		if t.w == nil || len(t.w.forms) == 0 || t.reg >= 0 {
			continue
		}
		var fm *cueForm
		for k := range t.w.forms {
			f := &t.w.forms[k]
			if a.matchRest(i+1, f.rest) {
				fm = f
				break
			}
		}
		if fm == nil {
			continue
		}
		if fm.cue.has(fNone) {
			i += len(fm.rest) // "asked not to be named": no cue in it
			continue
		}
		if fm.form&vPhrase == 0 && nounDets[a.key(i-1)] {
			// "his support for": the noun, when the word is one too
			for k := range t.w.forms {
				if f := &t.w.forms[k]; f.form&vPhrase != 0 && f.cue.has(fNoun) && len(f.rest) == 0 && a.nounCueOK(i, f.cue) {
					fm = f
					break
				}
			}
		}
		c := cueMatch{i: i, j: i + 1 + len(fm.rest), g: i, form: fm.form, cue: fm.cue}
		if fm.form&vPhrase != 0 {
			if fm.cue.has(fNoun) && !a.nounCueOK(i+len(fm.rest), fm.cue) {
				continue
			}
			a.cues = append(a.cues, c)
			i = c.j - 1
			continue
		}
		if fm.cue.has(fAdj) {
			// An adjective is a cue after a linking verb: "is confident
			// that", "seemed eager to", "are increasingly worried about".
			g, ok := a.linkingVerb(i)
			if !ok || t.cap && i != a.sentStart(i) {
				continue
			}
			c.g = g
			a.cues = append(a.cues, c)
			i = c.j - 1
			continue
		}
		// A cue word after a determiner is a noun; a capitalised one in
		// mid-sentence is a name ("Mark Said").
		if prev := a.key(i - 1); nounDets[prev] {
			continue
		}
		headline := a.title[t.para] && fm.form&(vS|vPast) != 0 && i > a.paraTok[t.para][0] && fm.cue.has(fQuote|fObj)
		if t.cap && !headline && (i != a.sentStart(i) && !a.isQuote(i-1) && !a.punct(i-1, ":—–-") ||
			fm.form&(vPast|vS|vIng) == 0 || a.toks[min(i+1, len(a.toks)-1)].cap && i+1 < len(a.toks)) {
			continue
		}
		// Verb group: auxiliaries, negation and adverbs before the cue.
		g := i
		for g-1 >= a.sentStart(i) && g > i-5 && (a.is(g-1, wAux) || a.lyAdverb(g-1)) && a.toks[g-1].reg < 0 {
			g--
		}
		c.g = g
		if g == i && a.notVerbHere(i, c.j, fm) {
			continue
		}
		// Nouns more often than verbs: "the state", "his plans".
		if fm.cue.has(fNounBase) && fm.form&(vBase|vS) != 0 && fm.form&(vPast|vPart|vIng) == 0 {
			next := c.j
			// after a name that is no modifier: "Trump plans to", "Bivens hopes"
			afterName := fm.form&vS != 0 && (a.nameTok(i-1) && !a.is(i-2, wDet) && a.key(i-2) != "'s" || a.punct(i-1, ",") && a.key(next) == "to" && fm.cue.has(fTo)) && !a.toks[i].cap
			if !(g < i || afterName || a.is(i-1, wPron) && !a.is(i-1, wDet) || a.key(i-1) == "to" || a.key(i-1) == "who" ||
				a.key(next) == "that" || a.isQuote(next) || a.punct(next, ":")) {
				continue
			}
		}
		// A participle in -ing is a cue in a verb group ("is saying"), as
		// an adjunct (", saying", "by saying") or opening a sentence, not
		// as a gerund object ("included defending").
		if fm.form&vIng != 0 && fm.form&(vBase|vS|vPast) == 0 && g == i {
			p := a.key(i - 1)
			if !(i == a.sentStart(i) || a.punct(i-1, ",;:(") || a.toks[i-1].kind == dateline.TokDash ||
				p == "by" || p == "while" || p == "after" || p == "before" || p == "when" || p == "in" || p == "and" || p == "without" || a.isQuote(i-1) ||
				a.reducedRelative(i)) {
				continue
			}
		}
		// Passive: a participle after a form of "be".
		if fm.form&vPart != 0 {
			for k := i - 1; k >= g; k-- {
				if beForms[a.key(k)] {
					c.passive = true
					break
				}
				if a.key(k) == "has" || a.key(k) == "have" || a.key(k) == "had" {
					break
				}
			}
		}
		// A participle right after a common noun, before "of", is a
		// passive without "be": "a businessman accused of spying".
		if fm.form&vPart != 0 && g == i && !c.passive && a.nounWord(i-1) && a.key(c.j) == "of" {
			c.passive = true
		}
		// A participle that modifies the noun before it, followed by the
		// clause's verb: "A fragile truce agreed last August collapsed".
		if fm.form&(vPast|vPart) != 0 && g == i && a.participleModifier(i, c.j) {
			continue
		}
		// An infinitive: "declined to say", "took to Twitter to say".
		if a.key(g-1) == "to" {
			if !a.infinitiveCue(&c) {
				continue
			}
		}
		a.cues = append(a.cues, c)
		i = c.j - 1
	}
}

// linkVerbs are the verbs that an adjective cue follows.
var linkVerbs = map[string]bool{"is": true, "was": true, "were": true, "are": true, "be": true, "been": true, "being": true,
	"'s": true, "'re": true, "am": true, "'m": true, "seem": true, "seems": true, "seemed": true, "remain": true, "remains": true,
	"remained": true, "appear": true, "appears": true, "appeared": true, "sound": true, "sounds": true, "sounded": true,
	"become": true, "becomes": true, "became": true, "grow": true, "grows": true, "grew": true, "feel": true, "feels": true, "felt": true,
	"looked": true, "looks": true, "stay": true, "stayed": true}

// degreeWords may stand between a linking verb and an adjective cue.
var degreeWords = map[string]bool{"very": true, "so": true, "too": true, "more": true, "less": true, "most": true, "quite": true,
	"not": true, "n't": true, "never": true, "also": true, "still": true, "all": true, "even": true, "really": true, "rather": true,
	"pretty": true, "fairly": true, "much": true, "as": true, "just": true, "both": true}

// linkingVerb reports whether the adjective at token i follows a linking
// verb ("is confident", "seemed increasingly worried") and returns the
// start of that verb group.
func (a *analysis) linkingVerb(i int) (int, bool) {
	lo := a.sentStart(i)
	k := i - 1
	for n := 0; n < 3 && k >= lo && (degreeWords[a.key(k)] || a.lyAdverb(k)); n++ {
		k--
	}
	if k < lo || !linkVerbs[a.key(k)] {
		return i, false
	}
	g := k
	for g-1 >= lo && g > k-4 && (a.is(g-1, wAux) || a.lyAdverb(g-1)) && a.toks[g-1].reg < 0 && !a.is(g-1, wPron) {
		g--
	}
	return g, true
}

// pollAfter returns the end of a noun phrase that starts at token s and
// ends with a poll or survey ("the latest NBC News/Wall Street Journal
// poll", "a CBS News poll last month"), or 0.
func (a *analysis) pollAfter(s int) int {
	hi := a.sentEnd(max(s-1, 0))
	for k := s; k < hi && k < s+10; k++ {
		t := a.toks[k]
		if t.reg >= 0 {
			return 0
		}
		if a.is(k, wResearch) && !t.cap || t.cap && (a.key(k) == "poll" || a.key(k) == "survey") {
			if k+1 < hi && (a.key(k+1) == "of" || a.is(k+1, wResearch)) {
				continue
			}
			e := k + 1
			if a.timeAfter(e, hi) > e && a.key(e) != "in" && a.key(e) != "on" {
				e = a.timeAfter(e, hi)
			}
			return e
		}
		switch {
		case t.kind == dateline.TokWord || t.kind == dateline.TokNumber:
			if w := t.w; w != nil && !t.cap && (w.cls&(wSub|wVerb|wAux|wPrep|wRel|wPron) != 0 && w.cls&wDet == 0 || w.verbOnly()) {
				return 0
			}
		case a.punct(k, "/-&"):
		default:
			return 0
		}
	}
	return 0
}

// matchRest reports whether the words of rest follow from token i on.
func (a *analysis) matchRest(i int, rest []string) bool {
	for k, r := range rest {
		if i+k >= len(a.toks) || a.key(i+k) != r || a.toks[i+k].reg >= 0 {
			return false
		}
	}
	return true
}

// lyAdverb reports whether token i is a lower-case adverb in -ly.
func (a *analysis) lyAdverb(i int) bool {
	if i < 0 || i >= len(a.toks) || a.toks[i].kind != dateline.TokWord || a.toks[i].cap {
		return false
	}
	s := a.str(i)
	return len(s) > 4 && strings.HasSuffix(s, "ly") && s != "only" && s != "family" && s != "rally" && s != "ally"
}

// infinitiveCue handles a cue after "to": it joins the verb that governs
// the infinitive when that verb is a cue taking one ("declined to say") or
// a verb of doing it ("took to Twitter to say", "went on to say", "is
// expected to say"), and rejects it otherwise ("reason to believe").
func (a *analysis) infinitiveCue(c *cueMatch) bool {
	to := c.g - 1
	// The cue found just before: extend it over this one.
	for k := len(a.cues) - 1; k >= 0; k-- {
		p := &a.cues[k]
		if p.j <= to && p.j >= to-3 && (p.cue.has(fTo) || p.cue.has(fObjTo)) && a.toks[p.i].sent == a.toks[c.i].sent {
			c.i, c.g, c.passive, c.to = p.i, p.g, p.passive, to
			if p.form&vIng != 0 {
				c.form |= vIng
			}
			a.cues = a.cues[:k]
			return true
		}
		if p.j < to-3 {
			break
		}
	}
	for k := to - 1; k >= max(a.sentStart(to), to-4); k-- {
		switch a.key(k) {
		case "took", "take", "takes", "taking", "went", "go", "goes", "going", "used", "use", "uses", "using", "rushed", "tried", "try", "tries", "wanted", "want", "wants":
			g := k
			for g-1 >= a.sentStart(k) && (a.is(g-1, wAux) || a.lyAdverb(g-1)) {
				g--
			}
			c.i, c.g = k, g
			return true
		}
	}
	return false
}

// nounCueOK reports whether a noun cue ending at token i is used as one:
// "that", "to", a colon or one of its content prepositions follows ("his
// claim that ...", "Trump's promise to ...", "criticism of the plan",
// "support for Sanders").
func (a *analysis) nounCueOK(i int, cu *cue) bool {
	next := a.key(i + 1)
	if next == "that" || next == "to" && !cu.takesPrep("to") || a.punct(i+1, ":") {
		return a.possessiveBefore(i) >= 0 || cu.has(fThat)
	}
	return next != "" && cu.takesPrep(next) && !a.toks[i+1].cap && i+2 < len(a.toks) && a.wordLike(i+2)
}

// possessiveBefore returns the token of the possessive in front of the
// noun at token i ("his", "Trump's": the token of "'s"), or -1.
func (a *analysis) possessiveBefore(i int) int {
	k := i - 1
	for n := 0; n < 2 && k > 0 && (a.lyAdverb(k) || a.nounWord(k) && !a.is(k-1, wDet)) && !a.possessiveWord(k); n++ {
		k-- // an adjective between: "his harsh criticism"
	}
	if a.possessiveWord(k) {
		return k
	}
	return -1
}

func (a *analysis) possessiveWord(k int) bool {
	switch a.key(k) {
	case "'s", "his", "her", "their", "its", "our", "my", "your":
		return true
	}
	return false
}

// reducedRelative reports whether the participle in -ing at token i
// modifies the noun before it ("a group backing Bush", "a statement
// saying the U.S. ...", "polls showing a tightening race").
func (a *analysis) reducedRelative(i int) bool {
	if i < 1 || a.toks[i-1].reg >= 0 || a.toks[i].sent != a.toks[i-1].sent {
		return false
	}
	p := a.str(i - 1)
	if a.nounWord(i - 1) {
		return !strings.HasSuffix(p, "ed") && !strings.HasSuffix(p, "ing") && !strings.HasSuffix(p, "ly")
	}
	return a.toks[i-1].cap && a.nameTok(i-1) || a.is(i-1, wRole) && !a.toks[i-1].cap
}

// participleModifier reports whether the past form at token i, ending at
// token j, is a participle after a common noun whose phrase the clause's
// own verb follows, past a time, an adverb or a short phrase: "a truce
// [agreed] last August collapsed".
func (a *analysis) participleModifier(i, j int) bool {
	if !a.nounWord(i-1) || a.is(i-1, wRole) {
		return false
	}
	hi := a.sentEnd(i)
	k := j
	for n := 0; n < 4 && k < hi; n++ {
		if t := a.timeAfter(k, hi); t > k {
			k = t
		} else if a.lyAdverb(k) {
			k++
		} else if n == 0 && k+1 < hi && (a.key(k) == "on" || a.key(k) == "in" || a.key(k) == "at" || a.key(k) == "during" || a.key(k) == "by") {
			k = max(a.ppEnd(k+1, hi), k+1)
		} else {
			break
		}
	}
	// Something must stand between: "which an investigation said was
	// careless" is a cue.
	if k == j || k >= hi || a.toks[k].cap || a.toks[k].kind != dateline.TokWord {
		return false
	}
	w := a.str(k)
	return pastLike(w) || a.is(k, wVerb) && !a.is(k, wPrep|wDet)
}

// particles are the adverbs of English phrasal verbs ("cast off", "called
// up"): a cue verb before one is another verb, unless the lexicon lists
// the phrasal verb or the cue takes the word as its content preposition.
var particles = map[string]bool{"off": true, "up": true, "out": true, "down": true, "away": true, "aside": true}

// nounMods are adjectives that stand between a determiner and a noun:
// "the first written agreement", "his own promise".
var nounMods = map[string]bool{"first": true, "last": true, "latest": true, "new": true, "final": true,
	"previous": true, "recent": true, "further": true, "fresh": true, "formal": true, "official": true, "public": true,
	"same": true, "own": true, "main": true}

// articles are the determiners before such an adjective.
var articles = map[string]bool{"the": true, "a": true, "an": true, "his": true, "her": true, "their": true, "its": true,
	"our": true, "my": true, "your": true, "'s": true, "whose": true}

// numberWords are the small numbers written as words.
var numberWords = map[string]bool{"two": true, "three": true, "four": true, "five": true, "six": true, "seven": true,
	"eight": true, "nine": true, "ten": true, "several": true, "dozens": true, "hundreds": true}

// notVerbHere reports whether the cue word at i, with no auxiliary before
// it, is plainly not the cue verb: a noun or an adjective with the same
// spelling ("phase of talks due to start", "the remaining dispute is",
// "the first written agreement", "three agreed routes") or a verb with a
// particle and no object ("cast off at 8 a.m.").
func (a *analysis) notVerbHere(i, j int, fm *cueForm) bool {
	next, prev := a.key(j), a.key(i-1)
	if len(fm.rest) == 0 && particles[next] && !fm.cue.takesPrep(next) && !a.cap(j) {
		// an intransitive phrasal verb: the particle ends the clause or
		// a preposition or adverb of time or place follows it ("cast off
		// at 8 a.m."), not a topic ("backed away from the plan")
		n2 := j + 1
		switch a.key(n2) {
		case "to", "from", "against", "about", "on", "for", "over", "of", "with":
			return false
		}
		if n2 >= a.sentEnd(i) || a.punct(n2, ",.;!?)") || a.is(n2, wPrep|wDay|wSub) {
			return true
		}
	}
	if i-2 < a.sentStart(i) || a.cap(i-1) {
		return false
	}
	det := articles[a.key(i-2)]
	ing := strings.HasSuffix(prev, "ing") && a.toks[i-1].w == nil
	if fm.form&(vBase|vS) != 0 && fm.form&(vPast|vPart|vIng) == 0 {
		// A noun with a complement may still be a cue ("his calls for",
		// "with promises to", "charges that", "a flurry of tweets
		// shaming her").
		if next == "that" || next == "to" || next == "of" || fm.cue.takesPrep(next) || a.isQuote(j) || a.punct(j, ":") ||
			strings.HasSuffix(next, "ing") && a.toks[j].w == nil {
			return false
		}
		// after a preposition: "a second phase of talks"
		if prev == "of" || a.is(i-1, wPrep) && prev != "to" && prev != "than" && prev != "like" {
			return true
		}
		// after a determiner and an adjective: "the remaining dispute",
		// "his own plans"
		if det && (nounMods[prev] || ing && fm.form&vS == 0) {
			return true
		}
		// a plural noun before "due": "talks due to start"
		return fm.form&vS != 0 && next == "due"
	}
	if fm.form&vPart != 0 && fm.form&vIng == 0 {
		// a participle before a noun that ends its phrase: "the first
		// written agreement between", "three agreed routes,"
		mod := det && (nounMods[prev] || ing) || a.toks[i-1].kind == dateline.TokNumber || numberWords[prev]
		return mod && j+1 < len(a.toks) && a.toks[j].kind == dateline.TokWord && !a.toks[j].cap &&
			!a.is(j, wDet|wPron|wObjPron|wRel|wAux|wPrep|wSub|wAdv|wVerb|wDay) && !particles[next] && len(a.toks[j].w.formsOrNil()) == 0 &&
			(a.punct(j+1, ",.;:)") || a.is(j+1, wPrep|wSub|wRel) && !a.toks[j+1].cap || a.key(j+1) == "of")
	}
	return false
}
