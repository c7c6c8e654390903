package quote

import (
	"sort"
	"strings"
	"unicode"

	"github.com/dateline-news/dateline"
)

// Speaker kinds.
const (
	kPerson = "person"
	kOrg    = "org"
	kRole   = "role"  // a description without a name: "a senior US official"
	kTitle  = "title" // a capitalised title without a name: "US Secretary of State"
	kOther  = "other" // a report, a poll, a pronoun that found nothing
)

// referent is what a source mention resolved to.
type referent struct {
	name   string
	kind   string
	gender byte // 'm', 'f' or 0
	plural bool
	head   string // head noun of a role or title ("official", "minister")
	tok    int    // token where it was mentioned
}

// nameIndex holds the names of the document, for canonical names without
// an entity layer: the longest name that ends with a given word.
type nameIndex struct {
	longest map[string]string // lower-case last word -> longest name
}

// buildNames indexes the capitalised names of the text.
func (a *analysis) buildNames() {
	ni := &nameIndex{longest: map[string]string{}}
	a.names = ni
	for i := 0; i < len(a.toks); {
		if !a.nameTok(i) {
			i++
			continue
		}
		j := i
		for j < len(a.toks) && a.toks[j].sent == a.toks[i].sent && (a.nameTok(j) || a.key(j) == "of" && j > i && a.nameTok(j+1) && a.is(j-1, wTitle)) && j-i < 8 {
			j++
		}
		if s, e := a.personName(i, j); e > s {
			if !(e-s == 1 && s == a.sentStart(s) && a.toks[s].w != nil) {
				name := a.joinToks(s, e)
				last := strings.ToLower(a.str(e - 1))
				if len(name) > len(ni.longest[last]) {
					ni.longest[last] = name
				}
			}
		}
		i = j
	}
}

// nameTok reports whether token i can be part of a name: a capitalised word
// outside quotations that is not a pronoun or a function word in the
// middle of a sentence.
func (a *analysis) nameTok(i int) bool {
	if i < 0 || i >= len(a.toks) || a.toks[i].kind != dateline.TokWord || !a.toks[i].cap {
		return false
	}
	if w := a.toks[i].w; w != nil && w.cls&(wPron|wSub|wPrep|wAux|wVerb|wRel|wDay) != 0 && w.cls&wTitle == 0 {
		return false
	}
	return true
}

// personName returns the name part of a capitalised run [s, e): the words
// after the last title word ("German Foreign Minister Baerbock" ->
// "Baerbock"); s == e when the run is all title.
func (a *analysis) personName(s, e int) (int, int) {
	k := s
	for i := s; i < e; i++ {
		if a.is(i, wTitle) || a.key(i) == "of" {
			k = i + 1
		}
	}
	// Possessive after the run: the name is still the name.
	return k, e
}

func (a *analysis) joinToks(s, e int) string {
	if e <= s {
		return ""
	}
	return strings.Join(strings.Fields(a.text[a.toks[s].Start:a.toks[e-1].End]), " ")
}

// canonical returns the longest name of the document that ends with the
// last word of name.
func (a *analysis) canonical(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return name
	}
	if l := a.names.longest[strings.ToLower(f[len(f)-1])]; len(l) > len(name) && strings.HasSuffix(l, f[len(f)-1]) {
		return l
	}
	return name
}

// genderOf guesses the gender of a person from the given name or a title.
func (a *analysis) genderOf(words ...string) byte {
	for _, w := range words {
		lw := a.lx.lookup(w)
		if lw == nil {
			continue
		}
		if lw.cls&wMale != 0 {
			return 'm'
		}
		if lw.cls&wFemale != 0 {
			return 'f'
		}
	}
	return 0
}

// coreEnd returns the end of the core of a source noun phrase: before a
// comma, a parenthesis or a relative clause.
func (a *analysis) coreEnd(s, e int) int {
	for i := s; i < e; i++ {
		if a.punct(i, ",(") || (a.is(i, wRel) && i > s) {
			return i
		}
		// "18 members of the G20": the head comes before "of", unless
		// "of" is inside a name ("Secretary of State").
		if a.key(i) == "of" && i > s && !a.toks[i-1].cap {
			return i
		}
	}
	return e
}

// entityIn returns the head entity of a source range: the rightmost PERSON
// entity of its core that is not a possessive, else the rightmost other
// entity; nil without entities.
func (a *analysis) entityIn(s, e int) *dateline.Entity {
	if len(a.ents) == 0 || s >= e {
		return nil
	}
	sp := a.span(s, a.coreEnd(s, e))
	if sp.Len() <= 0 {
		sp = a.span(s, e)
	}
	k := sort.Search(len(a.ents), func(i int) bool { return a.ents[i].End > sp.Start })
	var best, other *dateline.Entity
	for ; k < len(a.ents) && a.ents[k].Start < sp.End; k++ {
		en := &a.ents[k]
		if !en.Overlaps(sp) {
			continue
		}
		rest := a.text[en.End:min(len(a.text), en.End+3)]
		if strings.HasPrefix(rest, "'s") || strings.HasPrefix(rest, "’s") {
			continue
		}
		// Only the head of the phrase names the source: "the German
		// delegation" is a delegation, not "German".
		if a.nextWordIn(en.End, sp.End) {
			continue
		}
		// Nor does a place the phrase locates it in: "a senior Western
		// diplomat in Geneva" is a diplomat.
		if en.Type != dateline.EntityPerson && a.placeOfPhrase(s, en.Start) {
			continue
		}
		if en.Type == dateline.EntityPerson {
			best = en
		} else {
			other = en
		}
	}
	if best != nil {
		return best
	}
	return other
}

// appositiveName returns the person that makes up the whole apposition
// after the core of the source range [s, e) ("The prime minister,
// [Shigeru Ishiba]"): its entity, or without an entity layer, a name of
// two to four capitalised words; nil and "" if there is none.
func (a *analysis) appositiveName(s, e int) (*dateline.Entity, string) {
	ce := a.coreEnd(s, e)
	if ce >= e || !a.punct(ce, ",") || ce+1 >= e {
		return nil, ""
	}
	end := e
	for k := ce + 1; k < e; k++ {
		if a.punct(k, ",") {
			end = k
			break
		}
	}
	sp := a.span(ce+1, end)
	for i := range a.ents {
		if en := &a.ents[i]; en.Type == dateline.EntityPerson && en.Span == sp {
			return en, ""
		}
	}
	if len(a.ents) > 0 || end-(ce+1) < 2 || end-(ce+1) > 4 {
		return nil, ""
	}
	for k := ce + 1; k < end; k++ {
		if !a.nameTok(k) || a.toks[k].w != nil && a.toks[k].w.cls&(wRole|wDet|wTitle) != 0 {
			return nil, ""
		}
	}
	return nil, a.canonical(a.joinToks(ce+1, end))
}

// placeOfPhrase reports whether the name that starts at byte start, inside
// a phrase that starts at token s, is the object of a locative preposition
// after the phrase's head: "diplomat [in] Geneva", "officials [at] the UN".
func (a *analysis) placeOfPhrase(s, start int) bool {
	k := s
	for k < len(a.toks) && a.toks[k].Start < start {
		k++
	}
	p := k - 1
	if p > s && a.key(p) == "the" {
		p--
	}
	if p <= s {
		return false
	}
	switch a.key(p) {
	case "in", "at", "near", "outside", "inside", "across", "throughout":
		return true
	}
	return false
}

// resolveSpeakers sets the speaker of every attribution: the canonical name
// of its source, what a pronoun refers to, or the role when no name is
// known. Names are resolved first, so that a title without a name ("US
// Secretary of State") can take the name most often quoted.
func (a *analysis) resolveSpeakers() {
	order := make([]*attribution, 0, len(a.atts))
	for _, at := range a.atts {
		if at.hasSource() {
			order = append(order, at)
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].ss < order[j].ss })
	// Pass 1: names, and which titles they are bound to.
	counts := map[string]int{}
	bound := map[string][]titleBinding{} // title head -> names, in text order
	boundName := map[string]string{}
	for _, at := range order {
		if ref, ok := a.nameReferent(at.ss, at.se); ok && ref.kind == kPerson {
			counts[ref.name]++
		}
	}
	a.titleBindings(bound, boundName)
	// The person most quoted by name: the referent of an unbound title.
	main := ""
	for n, c := range counts {
		if _, taken := boundName[n]; taken {
			continue
		}
		if c > counts[main] || c == counts[main] && n < main {
			main = n
		}
	}
	// Pass 2: everything, in text order, with a history for pronouns.
	var hist []referent
	for _, at := range order {
		ref := a.resolve(at, hist, bound, main)
		at.speaker = ref.name
		at.skind = ref.kind
		at.gender = ref.gender
		if ref.name != "" {
			ref.tok = at.ss
			hist = append(hist, ref)
		}
	}
}

// titleBinding is a title bound to a person's name at token at.
type titleBinding struct {
	name string
	at   int
}

// boundBefore returns the person the title head was last bound to before
// token s ("the foreign minister" after "German Foreign Minister
// Baerbock"), or "".
func boundBefore(bound map[string][]titleBinding, head string, s int) string {
	name := ""
	for _, b := range bound[head] {
		if b.at < s {
			name = b.name
		}
	}
	return name
}

// titleBindings finds the titles bound to a name in the text: "German
// Foreign Minister Baerbock" binds "minister" to Baerbock.
func (a *analysis) titleBindings(bound map[string][]titleBinding, boundName map[string]string) {
	for i := 0; i < len(a.toks); {
		if !a.nameTok(i) {
			i++
			continue
		}
		j := i
		for j < len(a.toks) && a.toks[j].sent == a.toks[i].sent && (a.nameTok(j) || a.key(j) == "of" && a.nameTok(j+1)) && j-i < 8 {
			j++
		}
		s, e := a.personName(i, j)
		if s > i && e > s {
			if h := a.titleHead(i, s); h != "" {
				name := a.canonical(a.joinToks(s, e))
				bound[h] = append(bound[h], titleBinding{name, s})
				boundName[name] = h
			}
		}
		i = j
	}
}

// titleHead returns the head noun of the title words [s, e): the last
// title noun before any "of" ("Secretary of State" -> "secretary").
func (a *analysis) titleHead(s, e int) string {
	head := ""
	for i := s; i < e; i++ {
		if a.key(i) == "of" {
			break
		}
		k := a.key(i)
		if a.is(i, wRole) || k == "president" || k == "secretary" || k == "minister" {
			head = a.compoundHead(i)
		}
	}
	return head
}

// compoundHead is the head of a title or role at token i, with "vice" or
// "deputy" before it: "vice president" is not the president.
func (a *analysis) compoundHead(i int) string {
	h := strings.TrimSuffix(a.key(i), ".")
	if p := a.key(i - 1); i > 0 && (p == "vice" || p == "deputy") {
		return p + " " + h
	}
	return h
}

// nameReferent resolves a source that contains a name (or an entity).
func (a *analysis) nameReferent(s, e int) (referent, bool) {
	en := a.entityIn(s, e)
	if en == nil || en.Type != dateline.EntityPerson {
		// A role with the person's name in apposition: "The prime
		// minister, Shigeru Ishiba,".
		if p, name := a.appositiveName(s, e); p != nil {
			en = p
		} else if name != "" {
			return referent{name: name, kind: kPerson, gender: a.genderOf(strings.Fields(name)[0])}, true
		}
	}
	if en != nil {
		name := en.Entity
		if name == "" {
			name = en.Text
		}
		kind := kOrg
		if en.Type == dateline.EntityPerson {
			kind = kPerson
		}
		ref := referent{name: name, kind: kind}
		if kind == kPerson {
			f := strings.Fields(name)
			words := []string{}
			if len(f) > 0 {
				words = append(words, f[0])
			}
			for i := s; i < e; i++ {
				if a.is(i, wTitle) {
					words = append(words, a.str(i))
				}
			}
			ref.gender = a.genderOf(words...)
		}
		return ref, true
	}
	ce := a.coreEnd(s, e)
	// The rightmost capitalised run of the core that is not a possessive.
	for j := ce; j > s; {
		if !a.nameTok(j - 1) {
			j--
			continue
		}
		i := j - 1
		for i-1 >= s && (a.nameTok(i-1) || a.key(i-1) == "of" && i-2 >= s && a.nameTok(i-2)) {
			i--
		}
		if a.key(j) == "'s" {
			j = i
			continue
		}
		if a.placeOfPhrase(s, a.toks[i].Start) {
			return referent{}, false // "a diplomat in Geneva"
		}
		if j < ce && a.wordLike(j) {
			// a modifier ("the German delegation", "a senior US official")
			return referent{}, false
		}
		// A sentence-initial common word ("Officials", "The") is no name.
		if j-i == 1 && a.toks[i].w != nil && (a.toks[i].w.cls&(wRole|wDet|wTitle) != 0) {
			j = i
			continue
		}
		last := a.str(j - 1)
		if a.is(j-1, wOrgHead) || isAcronym(last) {
			k := i
			for k < j && a.is(k, wDet) {
				k++
			}
			if k < j {
				return referent{name: a.joinToks(k, j), kind: kOrg}, true
			}
		}
		ns, ne := a.personName(i, j)
		if ne > ns {
			name := a.canonical(a.joinToks(ns, ne))
			words := []string{strings.Fields(name)[0]}
			for t := i; t < ns; t++ {
				words = append(words, a.str(t))
			}
			return referent{name: name, kind: kPerson, gender: a.genderOf(words...)}, true
		}
		return referent{}, false
	}
	return referent{}, false
}

func isAcronym(s string) bool {
	n := 0
	for _, r := range s {
		if r == '.' {
			continue
		}
		if unicode.IsDigit(r) {
			continue
		}
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2
}

// resolve finds the referent of an attribution's source.
func (a *analysis) resolve(at *attribution, hist []referent, bound map[string][]titleBinding, main string) referent {
	s, e := at.ss, at.se
	if e-s == 1 {
		if w := a.toks[s].w; w != nil && w.pron != nil && (w.cls&(wPron|wRel) != 0) {
			p := w.pron
			switch p.kind {
			case "rel":
				if at.antecede >= 0 {
					sub := *at
					sub.ss, sub.se, sub.antecede = at.antecede, at.ante2, -1
					return a.resolve(&sub, hist, bound, main)
				}
				return referent{}
			case "self":
				return referent{}
			}
			return a.antecedent(s, p, hist)
		}
	}
	if ref, ok := a.nameReferent(s, e); ok {
		return ref
	}
	// A role or title without a name.
	ce := a.coreEnd(s, e)
	head, plural, title := "", false, false
	for i := s; i < ce; i++ {
		if a.key(i) == "of" {
			break
		}
		if a.is(i, wRole) || a.is(i, wTitle) && (a.key(i) == "president" || a.key(i) == "secretary" || a.key(i) == "minister") {
			head = a.compoundHead(i)
			plural = strings.HasSuffix(head, "s") && head != "press" && head != "campaign"
			title = a.toks[i].cap && i != a.sentStart(i)
		}
	}
	// The role's words up to a comma, a parenthesis or a relative clause:
	// "18 members of the G20".
	full := s
	for full < e && !a.punct(full, ",(") && !(a.is(full, wRel) && full > s) {
		full++
	}
	text := a.joinToks(s, full)
	if head != "" {
		if n := boundBefore(bound, head, s); n != "" {
			return referent{name: n, kind: kPerson, gender: a.genderOf(strings.Fields(n)[0])}
		}
		if title && main != "" && !a.is(s, wDet) || title && main != "" && a.key(s) == "the" {
			return referent{name: main, kind: kPerson, gender: a.genderOf(strings.Fields(main)[0])}
		}
		// The same role mentioned before: "the official" after "a senior
		// US official"; not a new one ("a Russian official", "60
		// Conservative lawmakers"), nor one described otherwise ("the
		// Russian official").
		if a.sameRoleAgain(s, full) {
			for k := len(hist) - 1; k >= 0 && k >= len(hist)-12; k-- {
				if hist[k].kind == kRole && hist[k].head == head && a.wordsIn(s, full, hist[k].name) {
					return hist[k]
				}
			}
		}
		name := text
		if a.is(s, wDet) && (a.key(s) == "a" || a.key(s) == "an" || a.key(s) == "the") && s+1 < full {
			name = "the " + a.joinToks(s+1, full)
		}
		return referent{name: name, kind: kRole, head: head, plural: plural}
	}
	if text == "" {
		return referent{}
	}
	return referent{name: text, kind: kOther}
}

// sameRoleAgain reports whether the role phrase of tokens [s, e) may refer
// back to a role mentioned before: not when it introduces one, with an
// indefinite article or a number.
func (a *analysis) sameRoleAgain(s, e int) bool {
	if s >= e {
		return false
	}
	switch a.key(s) {
	case "a", "an", "another", "some", "several", "many", "other":
		return false
	}
	return a.toks[s].kind != dateline.TokNumber
}

// wordsIn reports whether every word of tokens [s, e) but a leading
// determiner is a word of name, ignoring case.
func (a *analysis) wordsIn(s, e int, name string) bool {
	have := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(name)) {
		have[w] = true
	}
	if s < e && a.is(s, wDet) {
		s++
	}
	for i := s; i < e; i++ {
		if !have[strings.ToLower(a.str(i))] {
			return false
		}
	}
	return true
}

// antecedent resolves a personal pronoun: the latest compatible speaker,
// else the latest compatible name before it.
func (a *analysis) antecedent(s int, p *pronoun, hist []referent) referent {
	sent := a.toks[s].sent
	ok := func(r referent) bool {
		switch p.kind {
		case kPerson:
			if r.kind != kPerson && !(r.kind == kRole && !r.plural) {
				return false
			}
			return p.gender == '-' || r.gender == 0 || r.gender == p.gender
		case kOrg:
			return r.kind == kOrg || r.kind == kOther
		default: // they
			return r.plural || r.kind == kOrg
		}
	}
	for k := len(hist) - 1; k >= 0; k-- {
		r := hist[k]
		if r.tok >= s {
			continue
		}
		if sent-a.toks[r.tok].sent > 12 {
			break
		}
		if ok(r) {
			return r
		}
	}
	// A name mentioned before, nearest first.
	for i := s - 1; i >= 0 && sent-a.toks[i].sent <= 6; i-- {
		if !a.nameTok(i) {
			continue
		}
		j := i + 1
		k := i
		for k-1 >= 0 && a.nameTok(k-1) && a.toks[k-1].sent == a.toks[i].sent {
			k--
		}
		// A name after "in", "at", "from" is a place.
		if a.is(k-1, wPrep) && !a.cap(k-1) && a.key(k-1) != "by" && a.key(k-1) != "with" {
			i = k
			continue
		}
		if ref, found := a.nameReferent(k, j); found && ok(ref) {
			return ref
		}
		i = k
	}
	return referent{}
}

// nextWordIn reports whether a word token starts in [from, to).
func (a *analysis) nextWordIn(from, to int) bool {
	k := sort.Search(len(a.toks), func(i int) bool { return a.toks[i].Start >= from })
	return k < len(a.toks) && a.toks[k].Start < to && a.wordLike(k)
}
