package timex

import "sort"

// capture is a value captured by a class or builtin element.
type capture struct {
	name, val string
}

// cand is a rule match: tokens [start, end) of the text.
type cand struct {
	r          *rule
	start, end int // token indexes
	caps       []capture
	mod        string
}

// index finds, for a token, the rules whose pattern can start there.
type index struct {
	byWord map[string][]int
	byNum  []int
	// second[id] filters the token after the first one, for rules whose
	// first element is one token and whose second is not optional: a quick
	// rejection of "the" and "a" before a full match is tried.
	second []*tokenSet
}

// tokenSet is a set of tokens: words, and maybe any number.
type tokenSet struct {
	words map[string]bool
	num   bool
}

func (ts *tokenSet) has(t token) bool { return ts.words[t.norm] || (ts.num && t.kind == tkNumber) }

// firstTokens returns the tokens element e can start with.
func firstTokens(e *elem, lx *lexicon) *tokenSet {
	ts := &tokenSet{words: make(map[string]bool)}
	for _, a := range e.alts {
		switch {
		case a.lit != nil:
			ts.words[a.lit[0]] = true
		case a.cls != nil:
			a.cls.firsts(ts.words)
		case a.bi != nil:
			ts.num = ts.num || a.bi.numeric
			if a.bi.words != nil {
				for _, w := range a.bi.words(lx) {
					ts.words[w] = true
				}
			}
		}
	}
	return ts
}

// oneToken reports whether every alternative of e is a single literal token.
func oneToken(e *elem) bool {
	for _, a := range e.alts {
		if len(a.lit) != 1 {
			return false
		}
	}
	return true
}

func buildIndex(rules []*rule, lx *lexicon) index {
	ix := index{byWord: make(map[string][]int), second: make([]*tokenSet, len(rules))}
	for _, r := range rules {
		if len(r.elems) > 1 && !r.elems[0].opt && oneToken(&r.elems[0]) && !r.elems[1].opt {
			ix.second[r.id] = firstTokens(&r.elems[1], lx)
		}
		words := make(map[string]bool)
		num := false
		for _, e := range r.elems {
			for _, a := range e.alts {
				switch {
				case a.lit != nil:
					words[a.lit[0]] = true
				case a.cls != nil:
					a.cls.firsts(words)
				case a.bi != nil:
					num = num || a.bi.numeric
					if a.bi.words != nil {
						for _, w := range a.bi.words(lx) {
							words[w] = true
						}
					}
				}
			}
			if !e.opt {
				break
			}
		}
		ws := make([]string, 0, len(words))
		for w := range words {
			ws = append(ws, w)
		}
		sort.Strings(ws)
		for _, w := range ws {
			ix.byWord[w] = append(ix.byWord[w], r.id)
		}
		if num {
			ix.byNum = append(ix.byNum, r.id)
		}
	}
	return ix
}

// matchState is the scratch space of one document's matching.
type matchState struct {
	start    int // token where the current match starts
	ctxBuf   []option
	toks     []token
	sentOf   []int32 // sentence number of each token
	caps     []capture
	best     []capture
	bestEnd  int // end of the longest match, context elements included
	bestCut  int // end of its extent
	bestRule *rule
	opts     [][]option // per-depth option buffers
	// numMemo caches the <num> matches of each token: many rules start
	// with a number, and parsing one is the costliest builtin.
	numMemo []numMemo
	numOpts []option
}

// numMemo locates a token's <num> options in matchState.numOpts; n < 0
// means not computed yet.
type numMemo struct{ off, n int32 }

// resetNum clears the <num> cache for a new text.
func (st *matchState) resetNum() {
	st.numOpts = st.numOpts[:0]
	st.numMemo = st.numMemo[:0]
	for range st.toks {
		st.numMemo = append(st.numMemo, numMemo{n: -1})
	}
}

// builtinAt appends the options of builtin b at token i, from the cache
// for <num>.
func (t *Tagger) builtinAt(st *matchState, b *builtin, i int, buf []option) []option {
	if b != numBuiltin || i >= len(st.numMemo) {
		return b.match(t.lx, st.toks, i, buf)
	}
	m := &st.numMemo[i]
	if m.n < 0 {
		off := len(st.numOpts)
		st.numOpts = matchNum(t.lx, st.toks, i, st.numOpts)
		m.off, m.n = int32(off), int32(len(st.numOpts)-off)
	}
	return append(buf, st.numOpts[m.off:m.off+m.n]...)
}

func (st *matchState) optBuf(depth int) []option {
	for len(st.opts) <= depth {
		st.opts = append(st.opts, make([]option, 0, 8))
	}
	return st.opts[depth][:0]
}

func litAt(toks []token, i int, lit []string) bool {
	if i+len(lit) > len(toks) {
		return false
	}
	for k, w := range lit {
		if toks[i+k].norm != w {
			return false
		}
		// The pieces of "a.m." or "mid-" are written together.
		if k > 0 && toks[i+k].space && len(w) == 1 && !isASCIILetter(w[0]) {
			return false
		}
	}
	return true
}

// dfs tries element ei of rule r at token pos and everything after it,
// recording the longest complete match in st.
func (t *Tagger) dfs(st *matchState, r *rule, ei, pos, depth, cut int) {
	if ei == r.extent {
		cut = pos
	}
	if ei == len(r.elems) {
		if pos > st.bestEnd && t.contextOK(st, r.after, pos, false) && t.contextOK(st, r.before, st.start, true) {
			st.bestEnd = pos
			st.bestCut = pos
			if r.extent > 0 {
				st.bestCut = cut
			}
			st.bestRule = r
			st.best = append(st.best[:0], st.caps...)
		}
		return
	}
	e := &r.elems[ei]
	for k := range e.alts {
		a := &e.alts[k]
		buf := st.optBuf(depth)
		switch {
		case a.lit != nil:
			if litAt(st.toks, pos, a.lit) {
				buf = append(buf, option{end: pos + len(a.lit), val: a.litVal})
			}
		case a.cls != nil:
			buf = a.cls.match(st.toks, pos, buf)
		case a.bi != nil:
			if pos < len(st.toks) {
				buf = t.builtinAt(st, a.bi, pos, buf)
			}
		}
		st.opts[depth] = buf
		for oi := 0; oi < len(st.opts[depth]); oi++ {
			o := st.opts[depth][oi]
			n := len(st.caps)
			if a.capName != "" {
				st.caps = append(st.caps, capture{a.capName, o.val})
			}
			t.dfs(st, r, ei+1, o.end, depth+1, cut)
			st.caps = st.caps[:n]
		}
	}
	if e.opt {
		t.dfs(st, r, ei+1, pos, depth+1, cut)
	}
}

// contextOK checks the context elements of a rule: before the match (going
// left from token pos-1) or after it (going right from pos).
func (t *Tagger) contextOK(st *matchState, ctx []elem, pos int, before bool) bool {
	for k := range ctx {
		e := &ctx[k]
		i := pos + k
		if before {
			i = pos - 1 - k
		}
		var ok bool
		switch {
		case i < 0 || i >= len(st.toks):
			ok = e.bos
		case e.bos && before && st.sentOf[i] != st.sentOf[pos-k]:
			ok = true
		case e.bos && !before && i > 0 && st.sentOf[i] != st.sentOf[i-1]:
			ok = true
		default:
			for a := range e.alts {
				if t.ctxAltAt(st, &e.alts[a], i, before) {
					ok = true
					break
				}
			}
		}
		if ok == e.neg {
			return false
		}
	}
	return true
}

// ctxAltAt reports whether a context alternative matches the single token i
// (or, for a literal phrase, ends there before the match or starts there
// after it).
func (t *Tagger) ctxAltAt(st *matchState, a *alt, i int, before bool) bool {
	switch {
	case a.lit != nil:
		if before {
			return i-len(a.lit)+1 >= 0 && litAt(st.toks, i-len(a.lit)+1, a.lit)
		}
		return litAt(st.toks, i, a.lit)
	case a.cls != nil:
		st.ctxBuf = a.cls.match(st.toks, i, st.ctxBuf[:0])
	case a.bi != nil:
		st.ctxBuf = t.builtinAt(st, a.bi, i, st.ctxBuf[:0])
	}
	for _, o := range st.ctxBuf {
		if o.end == i+1 {
			return true
		}
	}
	return false
}

// scan finds the rule matches of a document, left to right, longest first;
// of two rules that match the same tokens the earlier one in rules.txt wins.
// A match of a NONE rule blocks its tokens.
func (t *Tagger) scan(st *matchState, out []cand) []cand {
	toks := st.toks
	for i := 0; i < len(toks); {
		st.bestEnd, st.bestRule, st.start = i, nil, i
		tryRules := func(ids []int) {
			for _, id := range ids {
				if f := t.ix.second[id]; f != nil && (i+1 >= len(toks) || !f.has(toks[i+1])) {
					continue
				}
				// Only a strictly longer match replaces an earlier
				// rule's, so ties go to the rule listed first.
				t.dfs(st, t.rules[id], 0, i, 0, 0)
			}
		}
		if ids := t.ix.byWord[toks[i].norm]; ids != nil {
			tryRules(ids)
		}
		if toks[i].kind == tkNumber {
			tryRules(t.ix.byNum)
		}
		if st.bestRule == nil {
			i++
			continue
		}
		if st.bestRule.typ != "NONE" {
			c := cand{r: st.bestRule, start: i, end: st.bestCut}
			c.caps = append([]capture(nil), st.best...)
			out = append(out, c)
			i = st.bestCut // what follows an extent=N cut is matched again
		} else {
			i = st.bestEnd
		}
	}
	return out
}
