package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Features are hashed: a template id and the hashes of the strings it
// combines are mixed into a 64-bit value whose high half is the key of a
// weight row. Strings are hashed once per token (FNV-1a), so a template
// costs one or two multiplications.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hstr(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func mix(a, b uint64) uint64 {
	x := a*0x9E3779B97F4A7C15 ^ b
	x ^= x >> 31
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 29
	return x
}

func key(x uint64) uint32 {
	k := uint32(x >> 32)
	if k == 0 {
		k = 1
	}
	return k
}

// Template ids. Never renumber: the ids are part of the model.
const (
	tBias uint64 = iota + 1
	tWord
	tNorm
	tShape
	tShort
	tPre
	tSuf
	tPrevNorm
	tNextNorm
	tPrev2Norm
	tNext2Norm
	tPrevShape
	tNextShape
	tShortBi1
	tShortBi2
	tShortTri
	tNormBi1
	tNormBi2
	tPrevNormShort
	tShortNextNorm
	tFirst
	tCapsSent
	tGaz
	tCluster
	tPrevCluster
	tNextCluster
	tDocLower
	tDocCapMid
	tDocForm
	tDocFormShape
	tOneTok
	tPrevWord
	tNextWord
	tLen
	tGazPrev
	tGazNext
	tQuoteIn
	tCapsWord
	tFirstWord
	// pass 2
	tP1Label
	tP1Prev
	tP1Next
	tP1Tri
	tVote
	tVotePos
	tVoteShare
	tChunkVote
	tVoteWord
	tP1Prev2
	tP1Next2
	tVoteLast
)

var (
	hStart  = hstr("<S>")
	hEnd    = hstr("</S>")
	hStart2 = hstr("<S2>")
	hEnd2   = hstr("</S2>")
)

// tok holds what the features of one token need, computed once.
type tok struct {
	word                    string // normalised word
	lower                   string
	hWord, hNorm            uint64
	hShape, hShort          uint64
	pre, suf                [4]uint64
	clus                    []uint64 // hashes of cluster path prefixes
	cap, allCap, lowerStart bool
	gaz                     []uint64 // gazetteer feature hashes
	docLower, docCapMid     bool
	hDocForm, hDocFormShape uint64
	len                     int
}

// sent is a sentence prepared for tagging.
type sent struct {
	toks    []tok
	capsSen bool   // a headline in capitals
	quoted  []bool // tokens between quotation marks
}

// normWord maps typographic quotes and dashes to the ASCII forms that the
// training data (Penn Treebank style) uses.
func normWord(w string) string {
	switch w {
	case "“", "”", "„", "«", "»", "``", "''":
		return "\""
	case "‘", "’", "‚", "‹", "›", "`":
		return "'"
	case "—", "–", "―":
		return "--"
	case "…":
		return "..."
	}
	if strings.ContainsAny(w, "’‘") {
		w = strings.NewReplacer("’", "'", "‘", "'").Replace(w)
	}
	return w
}

func shapes(w string) (long, short string) {
	var lb, sb strings.Builder
	var last rune = -1
	run := 0
	for _, r := range w {
		var c rune
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		case unicode.IsLetter(r):
			c = 'x'
		default:
			c = r
		}
		if c == last {
			run++
		} else {
			run = 1
			sb.WriteRune(c)
		}
		if run <= 4 {
			lb.WriteRune(c)
		}
		last = c
	}
	return lb.String(), sb.String()
}

// digitNorm lowercases w and maps every digit to 0.
func digitNorm(lower string) string {
	if !strings.ContainsAny(lower, "0123456789") {
		return lower
	}
	b := []byte(lower)
	for i, c := range b {
		if c >= '1' && c <= '9' {
			b[i] = '0'
		}
	}
	return string(b)
}

func capInfo(w string) (capital, allCaps, lowerStart bool) {
	r, _ := utf8.DecodeRuneInString(w)
	capital = unicode.IsUpper(r)
	lowerStart = unicode.IsLower(r)
	letters, upper := 0, 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	allCaps = letters > 0 && upper == letters
	return
}

// prepare turns the words of one document into sentences of tokens with
// their string hashes, gazetteer matches, clusters and document features.
func (m *Model) prepare(doc [][]string) []sent {
	out := make([]sent, len(doc))
	for si, ws := range doc {
		toks := make([]tok, len(ws))
		letters, caps := 0, 0
		for i, w := range ws {
			w = normWord(w)
			t := &toks[i]
			t.word = w
			t.lower = strings.ToLower(w)
			norm := digitNorm(t.lower)
			t.hWord = hstr(w)
			t.hNorm = hstr(norm)
			long, short := shapes(w)
			t.hShape = hstr(long)
			t.hShort = hstr(short)
			t.cap, t.allCap, t.lowerStart = capInfo(w)
			n := utf8.RuneCountInString(t.lower)
			t.len = n
			for k := 0; k < 4; k++ {
				if k < n {
					t.pre[k] = hstr(prefixRunes(t.lower, k+1))
					t.suf[k] = hstr(suffixRunes(t.lower, k+1))
				} else {
					t.pre[k] = hStart
					t.suf[k] = hStart
				}
			}
			if m.clusters != nil {
				t.clus = m.clusters.features(w)
			}
			if t.cap || t.allCap {
				if len([]rune(w)) > 1 || t.allCap {
					letters++
				}
				if t.allCap && n > 1 {
					caps++
				}
			} else if t.lowerStart {
				letters++
			}
		}
		out[si].toks = toks
		out[si].capsSen = letters >= 2 && caps*10 >= letters*8
		out[si].quoted = quotedTokens(toks)
		if m.gaz != nil {
			m.gaz.mark(toks)
		}
	}
	docFeatures(out)
	return out
}

// quotedTokens marks the tokens between two double quotation marks of a
// sentence: titles of films and books are MISC.
func quotedTokens(ts []tok) []bool {
	q := make([]bool, len(ts))
	open := -1
	for i := range ts {
		if ts[i].word != "\"" {
			continue
		}
		if open < 0 {
			open = i
			continue
		}
		if i-open <= 8 {
			for j := open + 1; j < i; j++ {
				q[j] = true
			}
		}
		open = -1
	}
	return q
}

func prefixRunes(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, sz := utf8.DecodeRuneInString(s[i:])
		i += sz
	}
	return s[:i]
}

func suffixRunes(s string, n int) string {
	i := len(s)
	for k := 0; k < n && i > 0; k++ {
		_, sz := utf8.DecodeLastRuneInString(s[:i])
		i -= sz
	}
	return s[i:]
}

// docFeatures sets the document-level features: whether a capitalised
// word also appears in lower case in the document, whether it appears
// capitalised where capitals say something (not first in a sentence, not in
// a headline in capitals), and for words of headlines in capitals the cased
// form the body uses.
func docFeatures(ss []sent) {
	type info struct {
		lower, capMid bool
		forms         map[string]int
	}
	seen := map[string]*info{}
	get := func(l string) *info {
		x := seen[l]
		if x == nil {
			x = &info{}
			seen[l] = x
		}
		return x
	}
	for _, s := range ss {
		for i := range s.toks {
			t := &s.toks[i]
			if !t.cap && !t.lowerStart {
				continue
			}
			x := get(t.lower)
			if t.lowerStart {
				x.lower = true
			}
			if !s.capsSen && t.cap && i > 0 && !afterOpener(s.toks, i) {
				x.capMid = true
			}
			if !s.capsSen && t.cap && !t.allCap {
				if x.forms == nil {
					x.forms = map[string]int{}
				}
				x.forms[t.word]++
			}
		}
	}
	for _, s := range ss {
		for i := range s.toks {
			t := &s.toks[i]
			if !t.cap {
				continue
			}
			x := seen[t.lower]
			if x == nil {
				continue
			}
			t.docLower = x.lower
			t.docCapMid = x.capMid
			if (s.capsSen || t.allCap) && len(x.forms) > 0 {
				best, bn := "", 0
				for f, n := range x.forms {
					if n > bn || (n == bn && f < best) {
						best, bn = f, n
					}
				}
				long, _ := shapes(best)
				t.hDocForm = hstr(best)
				t.hDocFormShape = hstr(long)
			}
		}
	}
}

// afterOpener reports whether token i follows a quotation mark, bracket or
// colon that can start a capitalised phrase.
func afterOpener(ts []tok, i int) bool {
	switch ts[i-1].word {
	case "\"", "'", "(", "[", ":", "--", "-":
		return true
	}
	return false
}

type featSink struct {
	keys []uint32
	salt uint64
}

func (f *featSink) add1(t, a uint64)    { f.keys = append(f.keys, key(mix(mix(t^f.salt, a), 0))) }
func (f *featSink) add2(t, a, b uint64) { f.keys = append(f.keys, key(mix(mix(t^f.salt, a), b))) }
func (f *featSink) add3(t, a, b, c uint64) {
	f.keys = append(f.keys, key(mix(mix(mix(t^f.salt, a), b), c)))
}

// baseFeatures appends the keys of the features of token i of s.
func baseFeatures(f *featSink, s *sent, i int) {
	ts := s.toks
	t := &ts[i]
	n := len(ts)
	at := func(j int) *tok {
		if j < 0 || j >= n {
			return nil
		}
		return &ts[j]
	}
	normAt := func(j int) uint64 {
		if j < 0 {
			return hStart
		}
		if j >= n {
			return hEnd
		}
		return ts[j].hNorm
	}
	shortAt := func(j int) uint64 {
		if j < 0 {
			return hStart
		}
		if j >= n {
			return hEnd
		}
		return ts[j].hShort
	}
	f.add1(tBias, 0)
	f.add1(tWord, t.hWord)
	f.add1(tNorm, t.hNorm)
	f.add1(tShape, t.hShape)
	f.add1(tShort, t.hShort)
	for k := 0; k < 4 && k < t.len; k++ {
		f.add2(tPre, uint64(k), t.pre[k])
		f.add2(tSuf, uint64(k), t.suf[k])
	}
	f.add1(tPrevNorm, normAt(i-1))
	f.add1(tNextNorm, normAt(i+1))
	f.add1(tPrev2Norm, normAt(i-2))
	f.add1(tNext2Norm, normAt(i+2))
	if p := at(i - 1); p != nil {
		f.add1(tPrevShape, p.hShape)
		f.add1(tPrevWord, p.hWord)
	} else {
		f.add1(tPrevShape, hStart)
	}
	if x := at(i + 1); x != nil {
		f.add1(tNextShape, x.hShape)
		f.add1(tNextWord, x.hWord)
	} else {
		f.add1(tNextShape, hEnd)
	}
	f.add2(tShortBi1, shortAt(i-1), t.hShort)
	f.add2(tShortBi2, t.hShort, shortAt(i+1))
	f.add3(tShortTri, shortAt(i-1), t.hShort, shortAt(i+1))
	f.add2(tNormBi1, normAt(i-1), t.hNorm)
	f.add2(tNormBi2, t.hNorm, normAt(i+1))
	f.add2(tPrevNormShort, normAt(i-1), t.hShort)
	f.add2(tShortNextNorm, t.hShort, normAt(i+1))
	if i == 0 {
		f.add1(tFirst, t.hShort)
	}
	if s.capsSen {
		f.add1(tCapsSent, t.hShort)
	}
	if s.quoted != nil && s.quoted[i] {
		f.add1(tQuoteIn, t.hShort)
	}
	if n == 1 {
		f.add1(tOneTok, t.hShort)
	}
	if t.len > 12 {
		f.add1(tLen, 12)
	} else {
		f.add1(tLen, uint64(t.len))
	}
	for _, g := range t.gaz {
		f.add1(tGaz, g)
	}
	if p := at(i - 1); p != nil {
		for _, g := range p.gaz {
			f.add1(tGazPrev, g)
		}
	}
	if x := at(i + 1); x != nil {
		for _, g := range x.gaz {
			f.add1(tGazNext, g)
		}
	}
	for _, c := range t.clus {
		f.add1(tCluster, c)
	}
	if p := at(i - 1); p != nil {
		for k, c := range p.clus {
			if k < 2 {
				f.add1(tPrevCluster, c)
			}
		}
	}
	if x := at(i + 1); x != nil {
		for k, c := range x.clus {
			if k < 2 {
				f.add1(tNextCluster, c)
			}
		}
	}
	if t.cap {
		if t.docLower {
			f.add2(tDocLower, 1, boolHash(i == 0 || s.capsSen))
		}
		if t.docCapMid {
			f.add2(tDocCapMid, 1, boolHash(i == 0 || s.capsSen))
		}
	}
	if t.hDocForm != 0 {
		f.add1(tDocForm, t.hDocForm)
		f.add1(tDocFormShape, t.hDocFormShape)
	}
}

func boolHash(b bool) uint64 {
	if b {
		return 2
	}
	return 3
}
