package event

import (
	"strings"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/internal/inflect"
)

// candidate is a mention that may be an actor, with how good a one.
type candidate struct {
	a    dateline.Actor
	rank int // higher is better: person 5, org 4, place 3, role 2, nationality 1, pronoun 0
}

const maxSubjectDistance = 14

// subject returns the source of the verb group of p: the nearest actor to
// its left in the clause, or the source of the event before it for a verb
// that shares its subject ("met Lavrov and urged him").
func (cd *coding) subject(p *pevent) *dateline.Actor {
	k := p.g - 1
	if p.reduced {
		// the noun the participle follows, or none: "people charged over"
		if cd.toks[k].ent >= 0 || cd.is(k, cActor) {
			if c, _ := cd.mentionAt(k); c != nil {
				return &c.a
			}
		}
		return nil
	}
	if (cd.is(k, cCoord) || cd.low(k) == "," && cd.is(k-1, cCoord)) && cd.prev != nil {
		// not the object of the verb before: "killed one soldier and
		// wounded two others"
		if cd.prev.subj == nil {
			return nil
		}
		s := *cd.prev.subj
		return &s
	}
	// "Pakistan, a key U.S. ally, has refused": the subject is before the
	// apposition
	if cd.low(k) == "," {
		for c := k - 1; c > cd.s0 && c > k-14; c-- {
			if cd.toks[c].kind == dateline.TokPunct && cd.low(c) != "," && cd.low(c) != "." || cd.is(c, cBound|cRel) {
				break
			}
			if cd.low(c) == "," {
				if a := c - 1; cd.toks[a].ent >= 0 || cd.is(a, cActor) {
					if m, _ := cd.mentionAt(a); m != nil {
						return &m.a
					}
				}
				break
			}
		}
	}
	// The subject of a passive in a reported clause is inside it: "the
	// ministry said 48 people were detained" did not detain the ministry.
	// (An active verb may share the reporter's subject: "decided to ease
	// sanctions", "announced aid to help".)
	lo := cd.s0
	if p.passive {
		tr := dateline.Span{Start: cd.toks[p.i].Start, End: cd.toks[p.i].End}
		if q := cd.innermostQuote(tr, reported); q != nil {
			for lo < p.g && cd.toks[lo].Start < q.Start {
				lo++
			}
		}
	}
	for ; k >= lo && k > p.g-1-maxSubjectDistance; k-- {
		t := &cd.toks[k]
		if t.kind == dateline.TokPunct && (t.low == ";" || t.low == ":") {
			return nil
		}
		if cd.is(k, cRel) {
			// "Halvorsen, who met": the noun phrase right before it
			a := k - 1
			if cd.low(a) == "," {
				a--
			}
			if a >= cd.s0 && (cd.toks[a].ent >= 0 || cd.is(a, cActor)) {
				if c, _ := cd.mentionAt(a); c != nil {
					return &c.a
				}
			}
			return nil
		}
		if t.ent >= 0 || cd.is(k, cActor) || cd.is(k, cPron) {
			c, start := cd.mentionAt(k)
			// a name in a prepositional phrase is no subject: "marched in
			// Drovna to demand", "a statement from Brussels said"
			bare := c != nil && t.ent >= 0 && c.a.Start == cd.doc.Entities[t.ent].Start
			if c != nil && !(bare && cd.inPhrase(start, p)) {
				return &c.a
			}
			k = start
			continue
		}
		if cd.is(k, cBound) && !cd.is(k, cCoord) && t.low != "as" {
			// "that", "because", "when": the subject is inside the clause
			return nil
		}
	}
	return nil
}

// inPhrase reports whether the name that starts at token start is no
// subject: the object of a preposition ("marched in Drovna", "the centre of
// Drovna", but not "the president of France"), or, for the subject of a
// "to"-infinitive, the object of a verb ("left Geneva to consult").
func (cd *coding) inPhrase(start int, p *pevent) bool {
	b := start - 1
	if cd.is(b, cPrep) {
		return cd.low(b) != "of" || !cd.is(b-1, cActor) && cd.word(b-1) && !cd.toks[b-1].cap
	}
	if cd.low(p.g-1) != "to" || !cd.word(b) || cd.toks[b].cap {
		return false
	}
	w := cd.toks[b].low
	return verbLike(w) || cd.lx.forms[w] != nil
}

// mentionAt returns the actor mention that ends at token k (an entity, a
// pronoun, or a noun phrase headed by an actor noun), and the token where
// the noun phrase starts.
func (cd *coding) mentionAt(k int) (*candidate, int) {
	t := &cd.toks[k]
	if cd.is(k, cPron) {
		c := &candidate{a: dateline.Actor{Span: t.Span, Text: cd.doc.Text[t.Start:t.End]}}
		c.a.Actor = cd.resolve(k)
		return c, k
	}
	if t.ent >= 0 {
		e := &cd.doc.Entities[t.ent]
		start := k
		for start > cd.s0 && cd.toks[start-1].ent == t.ent {
			start--
		}
		if e.Type == dateline.EntityMisc {
			// "Russian", "Hungarian" alone are nationalities; followed by an
			// actor noun they are the actor ("Russian troops"), handled there
			return &candidate{a: cd.actor(e.Span, e.Entity), rank: 1}, start
		}
		// "officials in Kyiv": the role heads the phrase
		if cd.is(start-1, cPrep) && cd.low(start-1) != "of" {
			for h := start - 2; h >= max(cd.s0, start-5); h-- {
				if cd.is(h, cActor) {
					c, _ := cd.rolePhrase(h)
					c.a.Span.End = e.End
					c.a.Text = cd.doc.Text[c.a.Start:c.a.End]
					c.a.Actor = c.a.Text
					if src := cd.quoteSpeaker(c.a.Span); src != "" {
						c.a.Actor = src
					}
					return c, h
				}
				// not across an event verb: "ministers met in Brussels"
				// (a participle may modify the role: "guerrillas
				// operating in Macedonia")
				if !cd.word(h) || cd.lx.forms[cd.low(h)] != nil {
					break
				}
			}
		}
		c := &candidate{a: cd.actor(e.Span, e.Entity), rank: entityRank(e.Type)}
		return c, start
	}
	c, start := cd.rolePhrase(k)
	return c, start
}

func entityRank(typ string) int {
	switch typ {
	case dateline.EntityPerson:
		return 5
	case dateline.EntityOrg:
		return 4
	case dateline.EntityLoc:
		return 3
	}
	return 1
}

// actor returns the actor for a named mention at span sp: its canonical
// name.
func (cd *coding) actor(sp dateline.Span, name string) dateline.Actor {
	return dateline.Actor{Span: sp, Text: cd.doc.Text[sp.Start:sp.End], Actor: name}
}

// rolePhrase returns the noun phrase headed by the actor noun at k:
// "senior Hungarian officials", "the US State Department", "German Foreign
// Minister Baerbock" (a person named in it is the actor).
func (cd *coding) rolePhrase(k int) (*candidate, int) {
	start := cd.roleStart(k)
	end := k + 1
	// a name right after the role: "Foreign Minister Baerbock"
	for end < cd.s1 && cd.toks[end].ent >= 0 && (cd.toks[end].cap || cd.toks[end].kind != dateline.TokWord) {
		end++
	}
	sp := dateline.Span{Start: cd.toks[start].Start, End: cd.toks[end-1].End}
	c := &candidate{a: dateline.Actor{Span: sp, Text: cd.doc.Text[sp.Start:sp.End]}, rank: 2}
	for m := start; m < end; m++ {
		if e := cd.toks[m].ent; e >= 0 && cd.doc.Entities[e].Type == dateline.EntityPerson {
			c.a.Actor, c.rank = cd.doc.Entities[e].Entity, 5
		}
	}
	if c.a.Actor == "" {
		// A title that goes on with "of" ("Minister of Foreign Affairs
		// ...") is a title of its own, not a shorter form of a bound role.
		if name := cd.boundRole(start, end); name != "" && (end >= cd.s1 || cd.toks[end].low != "of") {
			c.a.Actor, c.rank = name, 5
		} else {
			c.a.Actor = roleName(cd.doc.Text[sp.Start:sp.End])
		}
	}
	if s := cd.quoteSpeaker(sp); s != "" {
		c.a.Actor = s
	}
	return c, start
}

// roleStart returns the first token of the role phrase headed by the
// actor noun at k: its modifiers, back to a determiner.
func (cd *coding) roleStart(k int) int {
	start := k
	for start-1 >= cd.s0 && start > k-5 {
		t := &cd.toks[start-1]
		if cd.is(start-1, cDet) && t.low != "'s" {
			start--
			break
		}
		if t.kind != dateline.TokWord && t.kind != dateline.TokNumber || t.cls&(cAux|cPrep|cBound|cCoord|cPron|cRel|cLight) != 0 ||
			t.low == "to" || !t.cap && t.ent < 0 && (cd.lx.forms[t.low] != nil && !cd.is(start, cActor) || verbLike(t.low)) ||
			cd.atQuantity(start-2) ||
			cd.lx.forms[t.low] != nil && cd.low(start-2) == "to" { // "to send troops"
			break
		}
		start--
	}
	return start
}

// bindRoles finds the roles the article gives a person, in apposition:
// "his Russian counterpart Sergei Lavrov", "German Foreign Minister
// Baerbock", "Sergei Lavrov, the Russian foreign minister,". Each binds the
// role's words without the determiner ("russian counterpart") to the
// person; a role bound to two people binds nobody.
func (cd *coding) bindRoles(sents [][2]int) {
	var roles map[string]string
	var twice map[string]bool
	bind := func(key, name string) {
		if key == "" || name == "" {
			return
		}
		if prev, ok := roles[key]; ok && prev != name {
			if twice == nil {
				twice = map[string]bool{}
			}
			twice[key] = true
		}
		if roles == nil {
			roles = map[string]string{}
		}
		roles[key] = name
	}
	for _, s := range sents {
		cd.s0, cd.s1 = s[0], s[1]
		for k := s[0]; k < s[1]; k++ {
			e := cd.toks[k].ent
			if e < 0 || cd.doc.Entities[e].Type != dateline.EntityPerson || k > s[0] && cd.toks[k-1].ent == e {
				continue
			}
			name := cd.doc.Entities[e].Entity
			// The role before the name.
			if cd.is(k-1, cActor) && cd.toks[k-1].ent < 0 {
				bind(cd.roleKey(cd.roleStart(k-1), k), name)
			}
			// The role after it, between commas.
			end := k
			for end < s[1] && cd.toks[end].ent == e {
				end++
			}
			if end+2 < s[1] && cd.toks[end].low == "," && cd.is(end+1, cDet) {
				for h := end + 2; h < min(s[1], end+8); h++ {
					t := &cd.toks[h]
					if t.kind != dateline.TokWord || t.ent >= 0 && cd.doc.Entities[t.ent].Type == dateline.EntityPerson ||
						t.cls&(cAux|cPrep|cBound|cCoord|cPron|cRel) != 0 {
						break
					}
					if cd.is(h, cActor) && (h+1 == s[1] || cd.toks[h+1].kind == dateline.TokPunct) {
						bind(cd.roleKey(end+1, h+1), name)
						break
					}
				}
			}
		}
	}
	for key := range twice {
		delete(roles, key)
	}
	cd.roles = roles
}

// roleKey is the key of the role phrase of tokens [from, to): its words in
// lower case, without the determiners before them.
func (cd *coding) roleKey(from, to int) string {
	for from < to && cd.toks[from].cls&cDet != 0 {
		from++
	}
	var b strings.Builder
	for i := from; i < to; i++ {
		if cd.toks[i].ent >= 0 && cd.doc.Entities[cd.toks[i].ent].Type == dateline.EntityPerson {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(cd.toks[i].low)
	}
	return b.String()
}

// boundRole returns the person the role phrase of tokens [from, to)
// stands for: the one a role of the article with the same key, or a key
// ending with it ("foreign minister" in "German foreign minister"), is
// bound to, if there is one person only.
func (cd *coding) boundRole(from, to int) string {
	if len(cd.roles) == 0 {
		return ""
	}
	key := cd.roleKey(from, to)
	if key == "" {
		return ""
	}
	if name, ok := cd.roles[key]; ok {
		return name
	}
	found := ""
	for k, name := range cd.roles {
		if strings.HasSuffix(k, " "+key) {
			if found != "" && found != name {
				return ""
			}
			found = name
		}
	}
	return found
}

// atQuantity reports whether tokens k and k+1 are "at least" or "at most",
// before a number: not a preposition.
func (cd *coding) atQuantity(k int) bool {
	return cd.low(k) == "at" && (cd.low(k+1) == "least" || cd.low(k+1) == "most")
}

// verbForm reports whether token k is a verb: a form of an event verb,
// or a word that looks like one ("rioted", "following").
func (cd *coding) verbForm(k int) bool {
	if k < cd.s0 || k >= cd.s1 || cd.toks[k].kind != dateline.TokWord || cd.toks[k].cap {
		return false
	}
	w := cd.toks[k].low
	return cd.lx.forms[w] != nil || verbLike(w)
}

// infinitiveAt reports whether token k is the base form of an event verb,
// as after "to" in an infinitive ("offered to send troops"), not a noun
// ("conceded to demands").
func (cd *coding) infinitiveAt(k int) bool {
	if k < cd.s0 || k >= cd.s1 || cd.toks[k].kind != dateline.TokWord || cd.toks[k].cap {
		return false
	}
	for _, f := range cd.lx.forms[cd.toks[k].low] {
		if f.kind == inflect.Base {
			return true
		}
	}
	return false
}

// verbLike reports whether a lower-case word looks like a verb form
// rather than a modifier of a role noun: "rioted", "following".
func verbLike(w string) bool {
	return len(w) > 4 && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing")) && w != "armed" && w != "united"
}

// roleName is the name of an actor known by a role: the phrase without its
// article ("the US State Department" -> "US State Department").
func roleName(s string) string {
	for _, a := range []string{"the ", "a ", "an ", "The ", "A ", "An "} {
		if strings.HasPrefix(s, a) {
			return s[len(a):]
		}
	}
	return s
}

// quoteSpeaker returns the speaker the quote layer resolved a source
// mention overlapping sp to, or "".
func (cd *coding) quoteSpeaker(sp dateline.Span) string {
	for i := range cd.doc.Quotes {
		q := &cd.doc.Quotes[i]
		if q.Source != nil && q.Speaker != "" && q.Source.Span.Overlaps(sp) {
			return q.Speaker
		}
	}
	return ""
}

// resolve returns what the pronoun at token k refers to, or "": in
// reported speech, the speaker ("Blinken said he urged", "I ask you");
// otherwise "he" and "she" are the last person named before them.
func (cd *coding) resolve(k int) string {
	t := &cd.toks[k]
	if s := cd.quoteSpeaker(t.Span); s != "" {
		return s
	}
	first := t.low == "i" || t.low == "we" || t.low == "me" || t.low == "us"
	third := t.low == "he" || t.low == "she" || t.low == "him" || t.low == "her"
	subj := t.low == "he" || t.low == "she" || t.low == "it" || t.low == "they" || first
	if in := cd.innermostQuote(t.Span, nil); in != nil {
		if first {
			return in.Speaker
		}
		// "X said he/it would": the subject that opens the content
		if subj && reported(in) && cd.opensContent(in.Span, k) {
			return in.Speaker
		}
	}
	if !third {
		return ""
	}
	for e := len(cd.doc.Entities) - 1; e >= 0; e-- {
		en := &cd.doc.Entities[e]
		if en.End <= t.Start && en.Type == dateline.EntityPerson {
			if t.Start-en.End > 1500 {
				return ""
			}
			return en.Entity
		}
	}
	return ""
}

// innermostQuote returns the shortest quotation with a speaker that holds
// sp and, if keep is not nil, that keep accepts; nil if there is none.
func (cd *coding) innermostQuote(sp dateline.Span, keep func(*dateline.Quote) bool) *dateline.Quote {
	var in *dateline.Quote
	for i := range cd.doc.Quotes {
		q := &cd.doc.Quotes[i]
		if q.Speaker != "" && q.Span.Contains(sp) && (keep == nil || keep(q)) && (in == nil || q.Len() < in.Len()) {
			in = q
		}
	}
	return in
}

// reported reports whether q is reported speech whose source comes first:
// "X said (that) ...".
func reported(q *dateline.Quote) bool { return q.Source != nil && q.Source.End <= q.Start }

// opensContent reports whether token k opens the content span sp, after
// "that" if any.
func (cd *coding) opensContent(sp dateline.Span, k int) bool {
	first := k
	for first > 0 && cd.toks[first-1].Start >= sp.Start {
		first--
	}
	if first < k && cd.toks[first].low == "that" {
		first++
	}
	return first == k
}

// targetOf sets the target of p from its trigger's target frames.
func (cd *coding) targetOf(p *pevent) {
	for _, fr := range p.tr.targets {
		var a *dateline.Actor
		if fr == "obj" {
			a = cd.phrase(p.j)
		} else {
			a = cd.after(p.j, fr)
		}
		if a != nil {
			p.ev.Target = a
			return
		}
	}
}

// after returns the actor of the phrase introduced by the preposition prep
// within a few words after token j: "met [with] Blinken", "sanctions
// imposed [by] the EU".
func (cd *coding) after(j int, prep string) *dateline.Actor {
	for k := j; k < min(cd.s1, j+8); k++ {
		if cd.low(k) == prep {
			if prep == "to" && cd.infinitiveAt(k+1) {
				return nil // an infinitive: "offered to send troops"
			}
			return cd.phrase(k + 1)
		}
		if cd.is(k, cBound) || cd.toks[k].kind == dateline.TokPunct || cd.toks[k].kind == dateline.TokQuote {
			return nil
		}
	}
	return nil
}

// phrase returns the best actor of the noun phrase that begins at token j:
// a person before an organisation before a place before a role before a
// nationality ("his Russian counterpart Sergei Lavrov" -> Sergei Lavrov).
func (cd *coding) phrase(j int) *dateline.Actor {
	// a quantity before the noun: "killed at least 75 people"
	if cd.atQuantity(j) {
		j += 2
	}
	var best *candidate
	for k := j; k < min(cd.s1, j+12); k++ {
		t := &cd.toks[k]
		if k > j && t.low == "of" {
			continue // "the president of France"
		}
		if k > j && (t.low == "from" || t.low == "by") {
			// "calls by Belarus's rulers": an actor in the head chunk
			// wins; else the one the preposition attaches
			if best != nil {
				break
			}
			continue
		}
		if k == j && (cd.is(k, cPrep) || t.low == "to" && cd.infinitiveAt(k+1)) {
			return nil // no object: "killed in Tavrin", "met on Monday", "offered to send"
		}
		if k > j && (cd.is(k, cBound|cRel) && !cd.is(k, cCoord) || cd.is(k, cPrep) || t.low == "to") ||
			// "welcomed the move and urged leaders": the next verb's object
			k > j && cd.is(k, cCoord) && cd.verbForm(k+1) ||
			t.kind == dateline.TokPunct && t.low != "'" && t.low != "-" && t.low != "(" && t.low != ")" || t.kind == dateline.TokQuote ||
			t.kind == dateline.TokDash || cd.is(k, cAux) && !cd.is(k, cDet) || t.timex >= 0 {
			break
		}
		if t.ent < 0 && !cd.is(k, cActor|cPron) || cd.is(k, cRel) {
			continue
		}
		if cd.is(k, cActor) && cd.is(k+1, cActor) {
			continue // "foreign minister": the head is the last noun
		}
		var c *candidate
		if t.ent >= 0 {
			e := &cd.doc.Entities[t.ent]
			c = &candidate{a: cd.actor(e.Span, e.Entity), rank: entityRank(e.Type)}
			for k+1 < cd.s1 && cd.toks[k+1].ent == t.ent {
				k++
			}
		} else {
			c, _ = cd.mentionAt(k)
		}
		if c != nil && (best == nil || c.rank > best.rank) {
			best = c
		}
	}
	if best == nil {
		return nil
	}
	return &best.a
}
