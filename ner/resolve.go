package ner

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/dateline-news/dateline"
)

// mention is an entity mention as a token range [start, end) of the
// document's tokens.
type mention struct {
	sent       int
	start, end int
	typ        string
	canon      string
	role       bool // a role ("the Secretary of State") resolved to a person
}

// resolver resolves the mentions of one document to canonical names.
type resolver struct {
	gaz        *gazetteer
	titles     int // list ids
	honorifics int
}

func newResolver(g *gazetteer) *resolver {
	r := &resolver{gaz: g, titles: g.listID("titles"), honorifics: g.listID("honorifics")}
	return r
}

// resolve turns the tagged mentions into entities: it trims titles and
// honorifics the tagger may have included, finds role mentions bound to a
// person, and sets every mention's canonical name.
func (r *resolver) resolve(txt string, toks []dateline.Token, words [][]string, idx [][]int, ms []mention) []dateline.Entity {
	word := func(i int) string { return normWord(txt[toks[i].Start:toks[i].End]) }
	lw := func(i int) string {
		if i < 0 || i >= len(toks) {
			return ""
		}
		return strings.ToLower(word(i))
	}
	// Trim honorifics and titles inside person names ("Mr Lavrov"); drop
	// "names" that are only an honorific ("Mr" in "Mr (Sergei) Lavrov"),
	// not those that are only a title ("Major" may be a name).
	kept := ms[:0]
	for k := range ms {
		m := ms[k]
		if m.typ == dateline.EntityPerson {
			for {
				n := r.titleAt(lw, m.start, m.end)
				if n == 0 || n == m.end-m.start {
					break
				}
				m.start += n
			}
			if r.gaz.has(r.honorifics, strings.ToLower(spanWords(lw, m.start, m.end))) {
				continue
			}
		}
		if m.typ != dateline.EntityPerson && !r.splitTitle(lw, &m) {
			continue
		}
		kept = append(kept, m)
	}
	ms = kept
	sort.Slice(ms, func(a, b int) bool { return ms[a].start < ms[b].start })
	r.consistent(lw, ms)
	wordsOf := func(m *mention) []string {
		out := make([]string, 0, m.end-m.start)
		for i := m.start; i < m.end; i++ {
			w := word(i)
			if w == "(" || w == ")" {
				continue
			}
			out = append(out, w)
		}
		return out
	}
	spanText := func(m *mention) string {
		return strings.Join(strings.Fields(txt[toks[m.start].Start:toks[m.end-1].End]), " ")
	}

	// People: a name resolves to the longest person name of the document
	// that ends with it ("Lavrov" -> "Sergei Lavrov") or, for a one-word
	// name, begins with it when no name ends with it.
	type pname struct {
		k     int
		words []string
	}
	var people []pname
	for k := range ms {
		if ms[k].typ == dateline.EntityPerson {
			people = append(people, pname{k, lowerAll(wordsOf(&ms[k]))})
		}
	}
	for _, p := range people {
		best := -1
		bestLen := len(p.words)
		for _, q := range people {
			if len(q.words) > bestLen && hasSuffix(q.words, p.words) {
				best, bestLen = q.k, len(q.words)
			}
		}
		if best < 0 && len(p.words) == 1 {
			for _, q := range people {
				if len(q.words) > bestLen && q.words[0] == p.words[0] {
					best, bestLen = q.k, len(q.words)
				}
			}
		}
		if best >= 0 {
			ms[p.k].canon = strings.Join(wordsOf(&ms[best]), " ")
		} else {
			ms[p.k].canon = strings.Join(wordsOf(&ms[p.k]), " ")
		}
	}

	// Whether the document is about the United States at all: a generic
	// name the gazetteer gives to a US body ("Supreme Court", "Senate",
	// "Treasury") is that body only then.
	usContext := false
	for k := range ms {
		switch strings.ToLower(strings.Join(wordsOf(&ms[k]), " ")) {
		case "united states", "us", "u.s.", "u.s", "america", "washington", "american", "americans":
			usContext = true
		}
	}
	// Other names: an acronym of a name of the document first ("Rapid
	// Support Forces (RSF)": not the gazetteer's RSF), then aliases from
	// the gazetteer, then the longest name of the same type in the
	// document that ends with the name.
	for k := range ms {
		m := &ms[k]
		if m.typ == dateline.EntityPerson {
			continue
		}
		ws := wordsOf(m)
		if len(ws) > 1 && strings.EqualFold(ws[0], "the") {
			ws = ws[1:]
		}
		lws := lowerAll(ws)
		best, bestLen := -1, len(lws)
		if len(ws) == 1 {
			for j := range ms {
				if q := &ms[j]; j != k && q.typ == m.typ && q.end-q.start > bestLen && isAcronymOf(ws[0], wordsOf(q)) {
					best, bestLen = j, q.end-q.start
				}
			}
		}
		if c, ok := r.gaz.alias[strings.ToLower(strings.Join(ws, " "))]; ok && best < 0 {
			if strings.HasPrefix(c, "US ") && !usContext && !slices.ContainsFunc(ws, func(w string) bool { return w == "US" || w == "U.S." || w == "United" }) {
				c = strings.Join(ws, " ") // "Supreme Court" in a British story
			}
			m.canon = c
			continue
		}
		for j := range ms {
			q := &ms[j]
			if best >= 0 || j == k || q.typ != m.typ || q.end-q.start <= bestLen {
				continue
			}
			qw := lowerAll(wordsOf(q))
			if len(qw) > bestLen && hasSuffix(qw, lws) {
				best, bestLen = j, len(qw)
			}
		}
		if best >= 0 {
			q := &ms[best]
			qw := wordsOf(q)
			if len(qw) > 1 && strings.EqualFold(qw[0], "the") {
				qw = qw[1:]
			}
			if c, ok := r.gaz.alias[strings.ToLower(strings.Join(qw, " "))]; ok {
				m.canon = c
			} else {
				m.canon = strings.Join(qw, " ")
			}
		} else {
			m.canon = strings.Join(ws, " ")
		}
	}

	// Roles: a title right before a person's name binds the title to the
	// person ("US Secretary of State Antony Blinken"); later mentions of
	// the title alone resolve to that person.
	roles, drop := r.roles(lw, word, idx, ms)
	if len(drop) > 0 {
		kept := ms[:0]
		for k := range ms {
			if !drop[k] {
				kept = append(kept, ms[k])
			}
		}
		ms = kept
	}
	ms = append(ms, roles...)
	sort.SliceStable(ms, func(a, b int) bool { return ms[a].start < ms[b].start })

	out := make([]dateline.Entity, 0, len(ms))
	for k := range ms {
		m := &ms[k]
		sp := dateline.Span{Start: toks[m.start].Start, End: toks[m.end-1].End}
		e := dateline.Entity{Span: sp, Text: txt[sp.Start:sp.End], Type: m.typ, Entity: m.canon}
		if e.Entity == "" {
			e.Entity = spanText(m)
		}
		out = append(out, e)
	}
	return out
}

// relabel applies consistent to the labels of a document.
func (r *resolver) relabel(words [][]string, labs [][]int) {
	var flat []string
	var ms []mention
	for si, l := range labs {
		for _, c := range chunksOf(l) {
			ms = append(ms, mention{sent: si, start: len(flat) + c.start, end: len(flat) + c.end, typ: types[c.typ]})
		}
		flat = append(flat, words[si]...)
	}
	if len(ms) < 2 {
		return
	}
	changed := r.consistent(func(i int) string {
		if i < 0 || i >= len(flat) {
			return ""
		}
		return strings.ToLower(normWord(flat[i]))
	}, ms)
	if !changed {
		return
	}
	off, k := 0, 0
	for si := range labs {
		n := len(labs[si])
		for i := range labs[si] {
			labs[si][i] = labelO
		}
		for k < len(ms) && ms[k].start < off+n {
			setChunk(labs[si], ms[k].start-off, ms[k].end-off, typeIndex(ms[k].typ))
			k++
		}
		off += n
	}
}

// consistent (lw gives the lower-cased word at an index, "" past the
// end) makes every mention of a name that is tagged as a person's
// once a person's name too, when a title or honorific introduces one of
// its mentions or it begins or ends a longer person's name.
func (r *resolver) consistent(lw func(int) string, ms []mention) (changed bool) {
	key := func(m *mention) string {
		var b strings.Builder
		for i := m.start; i < m.end; i++ {
			w := lw(i)
			if w == "(" || w == ")" {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
		return b.String()
	}
	keys := make([]string, len(ms))
	groups := map[string][]int{}
	personWords := map[string]bool{} // first and last words of multi-word person names
	for k := range ms {
		keys[k] = key(&ms[k])
		groups[keys[k]] = append(groups[keys[k]], k)
		if ms[k].typ == dateline.EntityPerson && ms[k].end-ms[k].start > 1 {
			personWords[lw(ms[k].start)] = true
			personWords[lw(ms[k].end-1)] = true
		}
	}
	// A one-word name the document also uses as a nationality is a place
	// ("Karvenia" beside "a Karvenian drone"), however the tagger read it
	// in a subject's place ("Karvenia says").
	demonyms := map[string]bool{}
	for k := range ms {
		if ms[k].typ == dateline.EntityMisc && ms[k].end-ms[k].start == 1 {
			demonyms[keys[k]] = true
		}
	}
	// toPlace makes the person mentions of a group places.
	toPlace := func(g []int) {
		for _, k := range g {
			if ms[k].typ == dateline.EntityPerson {
				ms[k].typ = dateline.EntityLoc
				changed = true
			}
		}
	}
	for key, g := range groups {
		if !strings.Contains(key, " ") && hasDemonym(key, demonyms) {
			toPlace(g)
		}
	}
	// A name the document puts after a preposition of place at least twice
	// ("fighting in Upper Mira", "aid into Upper Mira") and never
	// introduces as a person's (no title before it, not part of a longer
	// person's name) is a place where the tagger read it as a person. Once
	// is not enough: "believe in God".
	for _, g := range groups {
		persons, places, personal := 0, 0, 0
		for _, k := range g {
			m := &ms[k]
			if m.typ == dateline.EntityPerson {
				persons++
			}
			if m.start > 0 && locative[lw(m.start-1)] && lw(m.end) != "'s" {
				places++
			}
			if r.titleBefore(lw, m.start) || m.end-m.start == 1 && personWords[lw(m.start)] {
				personal++
			}
		}
		if persons > 0 && places >= 2 && personal == 0 {
			toPlace(g)
		}
	}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		// Only evidence that the name is a person's overrides the tagger:
		// the same word is often a place and a team, a company and a
		// product, within one text.
		evidence, persons := 0, 0
		for _, k := range g {
			m := &ms[k]
			if m.typ == dateline.EntityPerson {
				persons++
			}
			if m.start > 0 && r.titleBefore(lw, m.start) {
				evidence++
			}
			if m.end-m.start == 1 && personWords[lw(m.start)] {
				evidence++
			}
		}
		if persons == 0 || persons == len(g) || evidence == 0 {
			continue
		}
		for _, k := range g {
			ms[k].typ = dateline.EntityPerson
		}
		changed = true
	}
	return changed
}

// locative are prepositions after which a name is a place.
var locative = map[string]bool{"in": true, "into": true, "across": true, "throughout": true, "near": true,
	"inside": true, "outside": true}

// demonymEndings derive a nationality from a place name, as English forms
// them: each pair is an ending of the name and what replaces it ("Russia"
// -> "Russian", "Egypt" -> "Egyptian", "Mexico" -> "Mexican", "Israel" ->
// "Israeli", "Japan" -> "Japanese", "Ukraine" -> "Ukrainian", "Italy" ->
// "Italian").
var demonymEndings = [][2]string{
	{"a", "an"}, {"", "ian"}, {"", "an"}, {"o", "an"}, {"", "i"}, {"", "ese"},
	{"a", "ese"}, {"e", "ian"}, {"y", "ian"}, {"ey", "ish"}, {"", "ish"},
}

// hasDemonym reports whether one of the nationality forms of name (lower
// case) is in demonyms.
func hasDemonym(name string, demonyms map[string]bool) bool {
	if len(name) < 4 {
		return false
	}
	for _, e := range demonymEndings {
		if stem, ok := strings.CutSuffix(name, e[0]); ok && demonyms[stem+e[1]] {
			return true
		}
	}
	return false
}

// titleBefore reports whether a title or honorific ends right before token
// i.
func (r *resolver) titleBefore(lw func(int) string, i int) bool {
	for n := 1; n <= 4 && i-n >= 0; n++ {
		if r.titleAt(lw, i-n, i) == n {
			return true
		}
	}
	return false
}

// titleAt returns the number of tokens of the longest title or honorific
// starting at token i and ending before end, or 0.
func (r *resolver) titleAt(lw func(int) string, i, end int) int {
	return r.longestEntry(lw, i, end, r.titles, r.honorifics)
}

// longestEntry returns the number of tokens of the longest entry of one of
// the gazetteer lists that starts at token i and ends before end, or 0.
func (r *resolver) longestEntry(lw func(int) string, i, end int, lists ...int) int {
	best := 0
	for _, e := range r.gaz.byFirst[lw(i)] {
		if !slices.Contains(lists, int(e.list)) {
			continue
		}
		n := len(e.toks)
		if i+n > end || n <= best {
			continue
		}
		ok := true
		for j := 0; j < n; j++ {
			if lw(i+j) != e.toks[j] {
				ok = false
				break
			}
		}
		if ok {
			best = n
		}
	}
	return best
}

// roles finds titles bound to a person's name and the later mentions of
// those titles. It returns the role mentions and the mentions to drop: a
// name tagged inside a title ("State" in "Secretary of State") is part of
// the title, not a name.
//
// A title is bound to a person's name that follows it ("Foreign Minister
// Anna Petrova", "the UN envoy, Ingrid Halvorsen") or that it follows as
// an apposition ("Ingrid Halvorsen, the UN envoy,"). A later title alone
// resolves if it is specific: several words ("the foreign minister"), or
// one capitalised word after "the" ("the President").
func (r *resolver) roles(lw, word func(int) string, idx [][]int, ms []mention) (roles []mention, drop map[int]bool) {
	if r.titles < 0 {
		return nil, nil
	}
	inEntity := make(map[int]int, len(ms)) // token -> mention index
	startAt := map[int]int{}
	endAt := map[int]int{}
	for k, m := range ms {
		for i := m.start; i < m.end; i++ {
			inEntity[i] = k
		}
		startAt[m.start] = k
		endAt[m.end] = k
	}
	isPerson := func(k int, ok bool) bool { return ok && ms[k].typ == dateline.EntityPerson }
	bound := map[string]string{} // title -> canonical person
	ambiguous := map[string]bool{}
	drop = map[int]bool{}
	for si := range idx {
		s0, s1 := idx[si][0], idx[si][len(idx[si])-1]+1
		for j := 0; j < len(idx[si]); j++ {
			i := idx[si][j]
			if _, ok := inEntity[i]; ok {
				continue
			}
			n := r.longestTitle(lw, i, s1)
			if n == 0 {
				continue
			}
			// Names inside the title must end inside it.
			var inside []int
			ok := true
			for t := i; t < i+n; t++ {
				if k, in := inEntity[t]; in {
					if ms[k].end > i+n {
						ok = false
						break
					}
					if len(inside) == 0 || inside[len(inside)-1] != k {
						inside = append(inside, k)
					}
				}
			}
			if !ok {
				continue
			}
			for _, k := range inside {
				drop[k] = true
			}
			title := make([]string, n)
			for t := 0; t < n; t++ {
				title[t] = lw(i + t)
			}
			key := strings.Join(title, " ")
			who := -1
			if k, ok := startAt[i+n]; isPerson(k, ok) {
				who = k
			} else if i+n+1 < s1 && lw(i+n) == "," {
				if k, ok := startAt[i+n+1]; isPerson(k, ok) {
					who = k
				}
			}
			if who < 0 {
				// Apposition: NAME , [the] [QUALIFIER ['s]] TITLE
				b := i - 1
				if b >= s0 && (lw(b) == "'s" || lw(b) == "'") {
					b--
				}
				if k, ok := inEntity[b]; ok && b >= s0 && ms[k].typ != dateline.EntityPerson && ms[k].end == b+1 {
					b = ms[k].start - 1
				}
				if b >= s0 && lw(b) == "the" {
					b--
				}
				if b > s0 && lw(b) == "," {
					if k, ok := endAt[b]; isPerson(k, ok) {
						who = k
					}
				}
			}
			if who >= 0 {
				if c, ok := bound[key]; ok && c != ms[who].canon {
					ambiguous[key] = true
				}
				bound[key] = ms[who].canon
			} else if c, ok := bound[key]; ok && !ambiguous[key] && (n > 1 || (i > s0 && lw(i-1) == "the" && capitalised(word(i)))) {
				roles = append(roles, mention{sent: si, start: i, end: i + n, typ: dateline.EntityPerson, canon: c, role: true})
			}
			j += n - 1
		}
	}
	return roles, drop
}

// splitTitle handles a name tagged with a title at its end ("US Secretary
// of State" as ORG): when what precedes the title is a place or a
// nationality in the gazetteer, the title is a role, not part of the name,
// and the mention shrinks to the qualifier, typed as a place ("US") or
// MISC ("German"). A mention that is only a title of several words ("the
// Secretary of State" tagged ORG) is not a name: splitTitle reports false.
// Names that merely end with a title word ("Department of Justice") stay.
func (r *resolver) splitTitle(lw func(int) string, m *mention) bool {
	for p := m.start; p < m.end; p++ {
		if r.longestTitle(lw, p, m.end) != m.end-p {
			continue
		}
		if p == m.start {
			return m.end-m.start == 1
		}
		name := spanWords(lw, m.start, p)
		switch {
		case r.gaz.has(r.gaz.listID("countries"), name), r.gaz.has(r.gaz.listID("cities"), name), r.gaz.has(r.gaz.listID("regions"), name):
			m.end, m.typ = p, dateline.EntityLoc
		case r.gaz.has(r.gaz.listID("demonyms"), name):
			m.end, m.typ = p, dateline.EntityMisc
		}
		return true
	}
	return true
}

func spanWords(lw func(int) string, a, b int) string {
	ws := make([]string, 0, b-a)
	for i := a; i < b; i++ {
		ws = append(ws, lw(i))
	}
	return strings.Join(ws, " ")
}

func capitalised(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}

func (r *resolver) longestTitle(lw func(int) string, i, end int) int {
	return r.longestEntry(lw, i, end, r.titles)
}

func lowerAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = strings.ToLower(w)
	}
	return out
}

func hasSuffix(long, short []string) bool {
	if len(short) == 0 || len(short) > len(long) {
		return false
	}
	off := len(long) - len(short)
	for i, w := range short {
		if long[off+i] != w {
			return false
		}
	}
	return true
}

// isAcronymOf reports whether a is the initials of the capitalised words
// of name ("NATO", "North Atlantic Treaty Organization").
func isAcronymOf(a string, name []string) bool {
	a = strings.ReplaceAll(a, ".", "")
	if len(a) < 2 {
		return false
	}
	for _, r := range a {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	var ini []rune
	for _, w := range name {
		rs := []rune(w)
		if len(rs) == 0 {
			continue
		}
		if unicode.IsUpper(rs[0]) {
			ini = append(ini, rs[0])
		}
	}
	return string(ini) == a
}
