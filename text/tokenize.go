package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline"
)

// tokenizer is the state of one Tokenize call.
type tokenizer struct {
	lx  *lexicon
	s   string
	out []dateline.Token

	// openSingle is set after an opening single quotation mark (‘ or ') and
	// cleared by the next closing one or at the end of the line. It decides
	// whether an apostrophe after "s" closes a quote or marks a possessive.
	openSingle bool

	// bol is set at the beginning of a line, before its first token.
	bol bool
}

// emit appends the token [a, b) of kind k.
func (t *tokenizer) emit(a, b int, k dateline.TokenKind) {
	t.out = append(t.out, dateline.Token{Span: dateline.Span{Start: a, End: b}, Kind: k})
	t.bol = false
}

// run tokenises the whole text.
func (t *tokenizer) run() {
	s := t.s
	n := len(s)
	t.bol = true
	for i := 0; i < n; {
		c := s[i]
		if c < utf8.RuneSelf {
			cl := ascii[c]
			switch {
			case cl&cSpace != 0:
				if c == '\n' || c == '\r' || c == '\v' || c == '\f' {
					t.openSingle = false
					t.bol = true
				}
				i++
			case cl&(cLetter|cDigit) != 0:
				i = t.word(i, i)
			default:
				i = t.asciiPunct(i)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1: // invalid UTF-8: one byte, one token
			t.emit(i, i+1, dateline.TokSymbol)
			i++
		case isSpaceRune(r):
			if isNewline(r) {
				t.openSingle = false
				t.bol = true
			}
			i += size
		case isWordRune(r):
			i = t.word(i, i)
		case r == '…':
			i = t.run1(i, "…", dateline.TokPunct)
		case isDashRune(r):
			j := i + size
			for {
				r2, s2 := runeAt(s, j)
				if s2 == 0 || !isDashRune(r2) {
					break
				}
				j += s2
			}
			t.emit(i, j, dateline.TokDash)
			i = j
		case r == '’' || r == '‘' || r == '‛' || r == '‚':
			i = t.single(i, size)
		case isQuoteRune(r):
			t.emit(i, i+size, dateline.TokQuote)
			i += size
		case r == '\u2010' || r == '\u2011': // hyphens outside a word
			t.emit(i, i+size, dateline.TokDash)
			i += size
		case r == '\u2212' && digitAt(s, i+size) && !wordBefore(s, i): // minus sign
			i = t.word(i, i+size)
		case unicode.IsPunct(r) && r != '‰' && r != '‱' && r != '⁒':
			t.emit(i, i+size, dateline.TokPunct)
			i += size
		default:
			i = t.symbol(i, size)
		}
	}
}

// run1 emits a run of the repeated string rep starting at i as one token.
func (t *tokenizer) run1(i int, rep string, k dateline.TokenKind) int {
	j := i
	for strings.HasPrefix(t.s[j:], rep) {
		j += len(rep)
	}
	t.emit(i, j, k)
	return j
}

// symbol emits the symbol of size bytes at i together with any emoji
// components (joiners, skin tones, variation selectors) that follow it.
func (t *tokenizer) symbol(i, size int) int {
	s := t.s
	j := i + size
	for {
		r, sz := runeAt(s, j)
		if sz == 0 || !isEmojiComponent(r) {
			break
		}
		j += sz
		if r == '\u200d' { // a joiner takes the next symbol with it
			if r2, sz2 := runeAt(s, j); sz2 > 0 && !isSpaceRune(r2) && !isWordRune(r2) && r2 != utf8.RuneError {
				j += sz2
			}
		}
	}
	t.emit(i, j, dateline.TokSymbol)
	return j
}

// asciiPunct tokenises the ASCII punctuation or symbol at i.
func (t *tokenizer) asciiPunct(i int) int {
	s := t.s
	c := s[i]
	switch c {
	case '.':
		if digitAt(s, i+1) && !wordBefore(s, i) { // .5
			return t.word(i, i+1)
		}
		return t.run1(i, ".", dateline.TokPunct)
	case '!', '?':
		j := i + 1
		for j < len(s) && (s[j] == '!' || s[j] == '?') {
			j++
		}
		t.emit(i, j, dateline.TokPunct)
		return j
	case '-':
		if digitAt(s, i+1) && (i == 0 || strings.IndexByte(" \t\n\r([{", s[i-1]) >= 0) { // -5
			return t.word(i, i+1)
		}
		return t.run1(i, "-", dateline.TokDash)
	case '"':
		t.emit(i, i+1, dateline.TokQuote)
		return i + 1
	case '`':
		return t.run1(i, "`", dateline.TokQuote)
	case '\'':
		return t.single(i, 1)
	case '(':
		if t.bol {
			if j := listLabel(s, i+1); j > i+1 && j < len(s) && s[j] == ')' && spaceOrEndAt(s, j+1) {
				t.emit(i, j+1, dateline.TokPunct) // (a) (iv) (2)
				return j + 1
			}
		}
	case '#', '@':
		if letterAt(s, i+1) { // hashtags and handles
			return t.word(i, i+1)
		}
		t.emit(i, i+1, dateline.TokSymbol)
		return i + 1
	}
	if ascii[c]&cPunct != 0 && c != '%' && c != '&' && c != '#' && c != '@' {
		t.emit(i, i+1, dateline.TokPunct)
	} else {
		t.emit(i, i+1, dateline.TokSymbol)
	}
	return i + 1
}

// single tokenises the single quotation mark or apostrophe (', ’, ‘, ‛, ‚)
// of size bytes at i: part of a word such as 'em or '90s, a possessive
// apostrophe as in "the Russians' view", or a quotation mark.
func (t *tokenizer) single(i, size int) int {
	s := t.s
	q := s[i : i+size]
	if !wordBefore(s, i) {
		if q != "‚" && startsWord(s, i) {
			if j := t.apostropheWord(i, size); j > i {
				return j
			}
		}
		// Before a word it opens a quote; before white space or
		// punctuation (peace.’) it closes one.
		t.openSingle = wordAt(s, i+size)
		t.emit(i, i+size, dateline.TokQuote)
		return i + size
	}
	// After a word (an apostrophe inside a word was taken by the word).
	switch {
	case q == "‘" || q == "‚" || q == "‛":
		t.openSingle = true
	case t.openSingle:
		t.openSingle = false
	case (s[i-1] == 's' || s[i-1] == 'S') && !wordAt(s, i+size):
		t.emit(i, i+size, dateline.TokWord) // possessive: the Russians' view
		return i + size
	}
	t.emit(i, i+size, dateline.TokQuote)
	return i + size
}

// startsWord reports whether a word can start at s[i]: at the start of the
// text or after white space, an opening bracket, a quotation mark or a dash.
func startsWord(s string, i int) bool {
	r, size := runeBefore(s, i)
	if size == 0 || isSpaceRune(r) || isQuoteRune(r) || isDashRune(r) {
		return true
	}
	switch r {
	case '(', '[', '{', '-', '/':
		return true
	}
	return false
}

// apostropheWord returns the end of a word that starts with the apostrophe
// of size bytes at i ('em, 'tis, '90s, '71), or i if there is none.
func (t *tokenizer) apostropheWord(i, size int) int {
	s := t.s
	j := i + size
	// Decades and two-digit years: '90s, '71.
	if digitAt(s, j) && digitAt(s, j+1) && !digitAt(s, j+2) {
		e := j + 2
		if e < len(s) && s[e] == 's' {
			e++
		}
		if !wordAt(s, e) {
			t.emit(i, e, dateline.TokNumber)
			return e
		}
		return i
	}
	e := j
	for e < len(s) && is(s[e], cLetter) {
		e++
	}
	if e == j || wordAt(s, e) {
		return i
	}
	// A trailing apostrophe may belong to the word: 'n'.
	if e < len(s) && s[e] == '\'' && inSet(t.lx.apostrophe, s[i:e+1]) {
		t.emit(i, e+1, dateline.TokWord)
		return e + 1
	}
	if inSet(t.lx.apostrophe, s[i:e]) {
		t.emit(i, e, dateline.TokWord)
		return e
	}
	var buf [maxKey]byte
	if k, ok := normKey(&buf, s[i:e]); ok {
		if _, ok := t.lx.contractions[string(k)]; ok { // 'tis -> 't is
			t.emitSplit(i, e, true)
			return e
		}
		for _, c := range t.lx.clitics { // a clitic written apart: THAT 'S
			if string(k) == c {
				t.emit(i, e, dateline.TokWord)
				return e
			}
		}
	}
	return i
}

// word scans the word or number that starts at a; its first word rune is at
// from (from > a after a sign, a decimal point, # or @). It emits the
// word, split into clitics if needed, and returns its end.
func (t *tokenizer) word(a, from int) int {
	s := t.s
	n := len(s)
	if a == from && hasURLPrefix(s[a:]) {
		return t.url(a)
	}
	e := from
	hasApos, hasDot, abbrev := false, false, false
scan:
	for e < n {
		c := s[e]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[e:])
			switch {
			case r == utf8.RuneError && size == 1:
				break scan
			case isWordRune(r):
				e += size
			case r == '’' && letterAt(s, e+size):
				hasApos = true
				e += size
			case (r == '\u2010' || r == '\u2011') && wordAt(s, e+size):
				e += size
			default:
				break scan
			}
			continue
		}
		if ascii[c]&(cLetter|cDigit) != 0 {
			e++
			continue
		}
		switch c {
		case '-':
			if wordAt(s, e+1) {
				e++
				continue
			}
			// A suspended or cut-off word keeps its hyphen: "pre- and
			// post-war", "m-". Not before another hyphen (a dash).
			if e+1 == n || (s[e+1] != '-' && (spaceOrEndAt(s, e+1) || strings.IndexByte(",;:)]\"/", s[e+1]) >= 0)) {
				if r, _ := runeBefore(s, e); unicode.IsLetter(r) {
					e++
				}
			}
			break scan
		case '.':
			if wordAt(s, e+1) {
				hasDot = true
				e++
				continue
			}
			// Not before an ellipsis, but "Jr.." is "Jr." and ".".
			if !isNumber(s[a:e]) && (e+1 >= n || s[e+1] != '.' || (e+2 < n && s[e+2] != '.')) && t.keepsPeriod(a, e, hasDot) {
				e++
				abbrev = true
				// U.S.-led: a hyphen after the abbreviation goes on.
				if e+1 < n && s[e] == '-' && wordAt(s, e+1) {
					e++
					abbrev = false
					continue
				}
			}
			break scan
		case ':', '/':
			if digitAt(s, e-1) && digitAt(s, e+1) {
				e++
				continue
			}
			break scan
		case ',': // thousands: 1,000 but not 18,19
			if digitAt(s, e-1) && digitAt(s, e+1) && digitAt(s, e+2) && digitAt(s, e+3) && !digitAt(s, e+4) {
				e++
				continue
			}
			break scan
		case '\'':
			if letterAt(s, e+1) || (digitAt(s, e-1) && e+1 < n && s[e+1] == 's' && !wordAt(s, e+2)) {
				hasApos = true
				e++
				continue
			}
			break scan
		case '&':
			if e > a && is(s[e-1], cUpper) && e+1 < n && is(s[e+1], cUpper) {
				e++
				continue
			}
			break scan
		case '(':
			// friend(s), Spouse(s)
			if r, _ := runeBefore(s, e); e > from && unicode.IsLetter(r) && strings.HasPrefix(s[e:], "(s)") && !wordAt(s, e+3) {
				e += 3
				continue
			}
			break scan
		case '@':
			if e > from {
				if end := emailEnd(s, e); end > e {
					t.emit(a, end, dateline.TokWord)
					return end
				}
			}
			break scan
		default:
			break scan
		}
	}
	kind := dateline.TokWord
	if isNumber(s[a:e]) {
		kind = dateline.TokNumber
	}
	// A list label at the start of a line keeps its period or bracket:
	// "2. Methods", "a) first".
	if t.bol && !abbrev && a == from && e < n && listLabel(s, a) == e && spaceOrEndAt(s, e+1) &&
		(s[e] == ')' || (s[e] == '.' && kind == dateline.TokNumber)) {
		t.emit(a, e+1, kind)
		return e + 1
	}
	switch {
	case abbrev:
		t.emit(a, e, kind)
		// The possessive of an abbreviation: "the U.S.'s position".
		for _, p := range [...]string{"'s", "’s", "'S", "’S"} {
			if strings.HasPrefix(s[e:], p) && !wordAt(s, e+len(p)) {
				t.emit(e, e+len(p), dateline.TokWord)
				return e + len(p)
			}
		}
	case kind == dateline.TokNumber:
		t.emit(a, e, kind)
	default:
		t.emitSplit(a, e, hasApos)
	}
	return e
}

// isNumber reports whether w is a number: digits with separators (1,000.5,
// 10:30, 3/4, 2-1), optionally signed, or an ordinal or decade (3rd, 1990s).
func isNumber(w string) bool {
	i := 0
	if strings.HasPrefix(w, "−") {
		i = len("−")
	} else if len(w) > 0 && (w[0] == '-' || w[0] == '.') {
		i = 1
	}
	digits := 0
	for ; i < len(w); i++ {
		c := w[i]
		if '0' <= c && c <= '9' {
			digits++
		} else if c != '.' && c != ',' && c != ':' && c != '/' && c != '-' {
			break
		}
	}
	if digits == 0 {
		return false
	}
	switch w[i:] {
	case "", "st", "nd", "rd", "th", "s", "'s", "ST", "ND", "RD", "TH":
		return true
	}
	return false
}

// keepsPeriod reports whether the word s[a:e] keeps the period at s[e]:
// listed abbreviations and titles, initials and dotted letter sequences.
func (t *tokenizer) keepsPeriod(a, e int, hasDot bool) bool {
	s := t.s
	switch t.lx.abbrevs[s[a:e+1]] {
	case abbrevTitle, abbrevPlain, abbrevFinal:
		return true
	case abbrevNumber:
		return t.digitAfter(e + 1)
	}
	// The last part of a hyphenated word: "(D-Calif.)".
	if h := strings.LastIndexByte(s[a:e], '-'); h >= 0 {
		switch t.lx.abbrevs[s[a+h+1:e+1]] {
		case abbrevTitle, abbrevPlain, abbrevFinal:
			return true
		}
	}
	r, size := utf8.DecodeRuneInString(s[a:e])
	if size == e-a { // one letter: an initial if upper case; c. 1900, b. 1950
		if t.digitAfter(e + 1) {
			return true
		}
		// An upper-case letter that ends a sentence is not an initial:
		// "x ∈ T. Then".
		return unicode.IsUpper(r) && !t.functionWordAfter(e+1)
	}
	return hasDot && dottedLetters(s[a:e])
}

// digitAfter reports whether a digit follows spaces at s[i:].
func (t *tokenizer) digitAfter(i int) bool {
	s := t.s
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return digitAt(s, i)
}

// functionWordAfter reports whether a capitalised function word follows
// white space at s[i:].
func (t *tokenizer) functionWordAfter(i int) bool {
	s := t.s
	j := i
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if j == i || j >= len(s) || !is(s[j], cUpper) {
		return false
	}
	e := j
	for e < len(s) && is(s[e], cLetter) {
		e++
	}
	return !wordAt(s, e) && inSet(t.lx.function, s[j:e])
}

// listLabel returns the end of the list label (one or two digits, one
// letter, or a short lower-case roman numeral) starting at s[i], or i.
func listLabel(s string, i int) int {
	e := i
	for e < len(s) && e-i < 4 && is(s[e], cLetter|cDigit) {
		e++
	}
	w := s[i:e]
	switch {
	case len(w) == 0 || wordAt(s, e):
		return i
	case len(w) == 1:
		return e
	case len(w) <= 2 && digitAt(w, 0) && digitAt(w, len(w)-1):
		return e
	case strings.Trim(w, "ivx") == "":
		return e
	}
	return i
}

// dottedLetters reports whether w is a sequence of one- or two-letter
// groups separated by periods: U.S, e.g, Ph.D, J.R.R.
func dottedLetters(w string) bool {
	seg := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c == '.':
			if seg == 0 {
				return false
			}
			seg = 0
		case c < utf8.RuneSelf && ascii[c]&cLetter != 0:
			seg++
			if seg > 2 {
				return false
			}
		default:
			return false
		}
	}
	return seg > 0
}

// emitSplit emits the word s[a:e], split into its parts: contractions from
// the lexicon (cannot -> can not) and clitics (would n't, Russia 's).
func (t *tokenizer) emitSplit(a, e int, hasApos bool) {
	s := t.s
	lx := t.lx
	if l := e - a; hasApos || (l < 64 && lx.contractionLens&(1<<uint(l)) != 0) {
		var buf [maxKey]byte
		if k, ok := normKey(&buf, s[a:e]); ok {
			if cuts, ok := lx.contractions[string(k)]; ok {
				// Map cut offsets in the key back to the text: only the
				// typographic apostrophe differs in length.
				p, ki := a, 0
				for _, cut := range cuts {
					for ki < cut {
						if strings.HasPrefix(s[p:], "’") {
							p += len("’")
						} else {
							p++
						}
						ki++
					}
					t.emit(a, p, dateline.TokWord)
					a = p
				}
				t.emit(a, e, dateline.TokWord)
				return
			}
		}
	}
	if !hasApos {
		t.emit(a, e, dateline.TokWord)
		return
	}
	// Peel clitics off the end: wouldn't've -> would n't 've.
	var cuts [4]int
	nc := 0
	end := e
	for nc < len(cuts) {
		l := t.clitic(a, end)
		if l == 0 {
			break
		}
		end -= l
		cuts[nc] = end
		nc++
	}
	t.emit(a, end, dateline.TokWord)
	for k := nc - 1; k >= 0; k-- {
		next := e
		if k > 0 {
			next = cuts[k-1]
		}
		t.emit(cuts[k], next, dateline.TokWord)
	}
}

// clitic returns the length in bytes of the clitic that ends the word
// s[a:e], or 0. Something must be left of the word before the clitic.
func (t *tokenizer) clitic(a, e int) int {
	w := t.s[a:e]
	for _, c := range t.lx.clitics {
		l, ok := foldSuffix(w, c)
		if !ok || l >= len(w) {
			continue
		}
		if c[0] != '\'' && !letterAtEnd(w[:len(w)-l]) { // n't after a letter
			continue
		}
		return l
	}
	return 0
}

// letterAtEnd reports whether w ends with a letter.
func letterAtEnd(w string) bool {
	r, size := utf8.DecodeLastRuneInString(w)
	return size > 0 && unicode.IsLetter(r)
}

// foldSuffix reports whether w ends with the lower-case clitic c, ignoring
// ASCII case and treating ’ as '. It returns the length of the match in w.
func foldSuffix(w, c string) (int, bool) {
	i := len(w)
	for k := len(c) - 1; k >= 0; k-- {
		if i == 0 {
			return 0, false
		}
		b := c[k]
		if b == '\'' {
			if w[i-1] == '\'' {
				i--
				continue
			}
			if strings.HasSuffix(w[:i], "’") {
				i -= len("’")
				continue
			}
			return 0, false
		}
		x := w[i-1]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if x != b {
			return 0, false
		}
		i--
	}
	return len(w) - i, true
}

// hasURLPrefix reports whether w starts with a URL scheme or "www.".
func hasURLPrefix(w string) bool {
	if len(w) < 5 {
		return false
	}
	switch w[0] {
	case 'h', 'H', 'f', 'F', 'w', 'W', 'm', 'M':
	default:
		return false
	}
	for _, p := range [...]string{"https://", "http://", "ftp://", "mailto:"} {
		if len(w) > len(p) && strings.EqualFold(w[:len(p)], p) && !spaceOrEndAt(w, len(p)) {
			return true
		}
	}
	return len(w) > 4 && strings.EqualFold(w[:4], "www.") && wordAt(w, 4)
}

// url emits the URL starting at a, without trailing punctuation, and
// returns its end.
func (t *tokenizer) url(a int) int {
	s := t.s
	e := a
	for e < len(s) {
		r, size := runeAt(s, e)
		if isSpaceRune(r) || (r == utf8.RuneError && size == 1) || r == '<' || r == '>' || r == '"' || (isQuoteRune(r) && r != '`') {
			break
		}
		e += size
	}
	// Trailing punctuation belongs to the sentence, and a closing bracket
	// to the text unless the URL opened it.
	paren := strings.Count(s[a:e], "(") - strings.Count(s[a:e], ")")
	bracket := strings.Count(s[a:e], "[") - strings.Count(s[a:e], "]")
	for e > a+4 {
		r, size := runeBefore(s, e)
		switch {
		case r == '.' || r == ',' || r == ';' || r == ':' || r == '!' || r == '?' || r == '\'' || r == '’' || r == '*':
		case r == ')' && paren < 0:
			paren++
		case r == ']' && bracket < 0:
			bracket++
		default:
			t.emit(a, e, dateline.TokWord)
			return e
		}
		e -= size
	}
	t.emit(a, e, dateline.TokWord)
	return e
}

// emailEnd returns the end of the e-mail address whose @ is at s[at], or
// at if the domain is not a plausible host name.
func emailEnd(s string, at int) int {
	e := at + 1
	lastDot := -1
	for e < len(s) {
		c := s[e]
		if is(c, cLetter|cDigit) || c == '-' {
			e++
			continue
		}
		if c == '.' && wordAt(s, e+1) {
			lastDot = e
			e++
			continue
		}
		break
	}
	if lastDot < 0 || e-lastDot < 3 || !letterAt(s, at+1) {
		return at
	}
	return e
}
