package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline"
)

// Line limits: a line longer than a heading is running text.
const (
	maxHeadingTokens = 12
	maxHeadingBytes  = 100
	shortLine        = 50 // bytes; longer lines may be hard-wrapped text
)

// termKind classifies a token that may end a sentence.
type termKind uint8

const (
	termNone     termKind = iota
	termPeriod            // .
	termBang              // ! ? ?! and runs of them
	termEllipsis          // ... …
	termAbbrev            // a word that kept its period: U.S., Inc., S.
	termTitle             // a word that kept its period and never ends a sentence: Mr.
	termFinal             // an abbreviation that ends a sentence before a capital: etc.
	termDash              // a dash between spaces, which may cut an utterance off
)

// splitter is the state of one Sentences call.
type splitter struct {
	lx   *lexicon
	s    string
	toks []dateline.Token
}

// text returns the text of token i, or "" if there is no token i or its
// span is not valid.
func (p *splitter) text(i int) string {
	if i < 0 || i >= len(p.toks) {
		return ""
	}
	t := p.toks[i]
	if !t.Valid(len(p.s)) {
		return ""
	}
	return p.s[t.Start:t.End]
}

// gap returns the white space between token i and token i+1.
func (p *splitter) gap(i int) string {
	if i < 0 || i+1 >= len(p.toks) {
		return ""
	}
	a, b := p.toks[i].End, p.toks[i+1].Start
	if a < 0 || a > b || b > len(p.s) {
		return ""
	}
	return p.s[a:b]
}

// newlines counts the line breaks in the white space g, counting \r\n as
// one and a paragraph separator (U+2029) as two.
func newlines(g string) int {
	n := 0
	for i := 0; i < len(g); i++ {
		switch c := g[i]; c {
		case '\n', '\v', '\f':
			n++
		case '\r':
			if i+1 >= len(g) || g[i+1] != '\n' {
				n++
			}
		default:
			if c >= utf8.RuneSelf {
				r, size := utf8.DecodeRuneInString(g[i:])
				switch r {
				case '\u0085', '\u2028':
					n++
				case '\u2029':
					n += 2
				}
				i += size - 1
			}
		}
	}
	return n
}

// segment appends the sentences of the tokens to dst.
func (p *splitter) segment(dst []dateline.Sentence) []dateline.Sentence {
	toks := p.toks
	n := len(toks)
	start := 0
	for i := 0; i < n; {
		if k := p.terminal(i); k != termNone {
			j := i + 1
			quoted := false
			if k != termDash {
				for j < n && toks[j].Start == toks[j-1].End && p.closes(j) {
					quoted = quoted || toks[j].Kind == dateline.TokQuote
					// Final punctuation after an abbreviation decides: "Jr.."
					if k >= termAbbrev {
						if k2 := p.terminal(j); k2 != termNone && k2 < termAbbrev {
							k = k2
						}
					}
					j++
				}
				// Reference marks stay with the sentence they follow: "[12]".
				for j < n && newlines(p.gap(j-1)) < 2 {
					e := p.citation(j)
					if e < 0 {
						break
					}
					j = e + 1
				}
			}
			if p.endsAfter(start, i, j, k, quoted) {
				dst = p.add(dst, start, j-1)
				start = j
			}
			i = j
			continue
		}
		if i+1 < n && p.lineEnds(start, i) {
			dst = p.add(dst, start, i)
			start = i + 1
		}
		i++
	}
	if start < n {
		dst = p.add(dst, start, n-1)
	}
	return dst
}

// add appends the sentence from token a to token b.
func (p *splitter) add(dst []dateline.Sentence, a, b int) []dateline.Sentence {
	return append(dst, dateline.Sentence{Span: dateline.Span{Start: p.toks[a].Start, End: p.toks[b].End}})
}

// terminal classifies token i as a possible sentence end.
func (p *splitter) terminal(i int) termKind {
	t := p.toks[i]
	w := p.text(i)
	if w == "" {
		return termNone
	}
	switch t.Kind {
	case dateline.TokPunct:
		switch {
		case w == ".":
			return termPeriod
		case w[0] == '.' || strings.HasPrefix(w, "…"):
			return termEllipsis
		case w[0] == '!' || w[0] == '?':
			return termBang
		}
	case dateline.TokWord:
		if len(w) > 1 && w[len(w)-1] == '.' {
			switch p.lx.abbrevs[w] {
			case abbrevTitle, abbrevNumber:
				return termTitle
			case abbrevFinal:
				return termFinal
			}
			return termAbbrev
		}
	case dateline.TokDash:
		if i > 0 && i+1 < len(p.toks) && p.gap(i-1) != "" && p.gap(i) != "" {
			return termDash
		}
	}
	return termNone
}

// closes reports whether token j closes what the sentence before it opened:
// a closing quotation mark or bracket, or more final punctuation.
func (p *splitter) closes(j int) bool {
	w := p.text(j)
	switch p.toks[j].Kind {
	case dateline.TokQuote:
		return !isOpeningQuote(w)
	case dateline.TokWord: // a possessive apostrophe after "s" may close a quote
		return w == "'" || w == "’"
	case dateline.TokPunct:
		switch w {
		case ")", "]", "}":
			return true
		}
		return p.terminal(j) != termNone
	}
	return false
}

// endsAfter decides whether the sentence from token start ends after the
// closing tokens that follow the terminal token i; j is the first token
// after them.
func (p *splitter) endsAfter(start, i, j int, k termKind, quoted bool) bool {
	if j >= len(p.toks) {
		return true
	}
	nl := newlines(p.gap(j - 1))
	if nl >= 2 {
		return true
	}
	switch k {
	case termPeriod:
		if nl > 0 {
			return true
		}
		if i == start+1 && p.listMarker(start) {
			return false
		}
		return p.startsSentence(j)
	case termBang:
		if nl > 0 {
			return true
		}
		if !p.startsSentence(j) {
			return false
		}
		return !(quoted && p.reportingClause(j))
	case termEllipsis:
		if nl > 0 {
			return true
		}
		return p.startsSentence(j)
	case termAbbrev:
		if p.capitalisedFunctionWord(j) {
			return true
		}
	case termFinal:
		if p.startsSentence(j) {
			return true
		}
	case termDash:
		// A speaker cuts off and starts again: "we'd have to go — We could".
		// Not before "I", which mostly repeats a false start: "I -- I think".
		if p.text(j) != "I" && p.capitalisedFunctionWord(j) {
			return true
		}
		// The dateline of a news story: "KYIV, Ukraine (AP) — Russia
		// launched".
		if p.dateline(start, i) {
			return true
		}
	}
	return nl > 0 && p.lineEnds(start, j-1)
}

// citation returns the index of the "]" that closes a reference mark
// starting at token j, such as "[12]", "[1 - 3]" or "[citation needed]",
// or -1 if there is none.
func (p *splitter) citation(j int) int {
	if p.text(j) != "[" || j+1 >= len(p.toks) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(p.text(j + 1))
	if !unicode.IsDigit(r) && !unicode.IsLower(r) {
		return -1
	}
	for k := j + 1; k < len(p.toks) && k < j+6; k++ {
		switch p.text(k) {
		case "]":
			return k
		case "[", ".", "!", "?":
			return -1
		}
	}
	return -1
}

// listMarker reports whether token i is a list number or letter: "2." in
// "2. Methods" does not end a sentence.
func (p *splitter) listMarker(i int) bool {
	w := p.text(i)
	switch p.toks[i].Kind {
	case dateline.TokNumber:
		if len(w) > 3 {
			return false
		}
		for k := 0; k < len(w); k++ {
			if !digitAt(w, k) {
				return false
			}
		}
		return true
	case dateline.TokWord:
		return len(w) == 1 && is(w[0], cLetter)
	}
	return false
}

// openerAt reports whether token j opens something that a sentence can
// start with: a quotation mark, a bracket, a dash, a bullet or a symbol.
func (p *splitter) openerAt(j int) bool {
	switch p.toks[j].Kind {
	case dateline.TokQuote:
		return true
	case dateline.TokDash, dateline.TokSymbol:
		return true
	case dateline.TokPunct:
		switch p.text(j) {
		case "(", "[", "{", "¿", "¡", "*", "•", "·", "‣", "◦", "▪":
			return true
		}
	}
	return false
}

// startsSentence reports whether a sentence can start at token j: a word
// that is not lower case, a number, or an opening quote, bracket or symbol
// followed by one of these.
func (p *splitter) startsSentence(j int) bool {
	for k := j; k < len(p.toks) && k < j+4; k++ {
		w := p.text(k)
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLetter(r) {
			return !unicode.IsLower(r)
		}
		if unicode.IsDigit(r) {
			return true
		}
		if !p.openerAt(k) {
			return false
		}
		if k > j && newlines(p.gap(k-1)) > 0 {
			return true
		}
		if w == "(" && digitAt(p.text(k+1), 0) { // a year or a number: "Viva Maria! (1965)"
			return false
		}
	}
	return false
}

// dateline reports whether tokens [start, dash) are the dateline of a news
// story, at the start of a line: a place in capitals ("BRUSSELS", "NEW
// YORK"), then, after a comma, more of the place or a date, and an agency
// in brackets: "KYIV, Ukraine (AP)", "KHARTOUM, Feb 7 (Reuters)". It holds
// no lower-case word.
func (p *splitter) dateline(start, dash int) bool {
	if dash-start > 12 || start > 0 && newlines(p.gap(start-1)) == 0 {
		return false
	}
	k := start
	for k < dash && p.toks[k].Kind == dateline.TokWord && allCaps(p.text(k)) {
		k++
	}
	if k == start || k < dash && p.text(k) != "," && p.text(k) != "(" {
		return false
	}
	// A heading goes on in capitals: "CONGRESSIONAL RECORD — SENATE".
	if next := p.text(dash + 1); p.toks[dash+1].Kind == dateline.TokWord && allCaps(next) {
		return false
	}
	for ; k < dash; k++ {
		w := p.text(k)
		switch p.toks[k].Kind {
		case dateline.TokWord:
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsUpper(r) {
				return false
			}
		case dateline.TokNumber:
		default:
			if w != "," && w != "(" && w != ")" && w != "." {
				return false
			}
		}
	}
	return true
}

// allCaps reports whether w has two letters or more and no lower-case one.
func allCaps(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// capitalisedFunctionWord reports whether the first word at or after token
// j (past opening quotes and brackets) is a capitalised function word such
// as "The" or "He", which after an abbreviation starts a new sentence.
func (p *splitter) capitalisedFunctionWord(j int) bool {
	for k := j; k < len(p.toks) && k < j+3; k++ {
		if p.toks[k].Kind == dateline.TokWord {
			w := p.text(k)
			r, _ := utf8.DecodeRuneInString(w)
			return unicode.IsUpper(r) && inSet(p.lx.function, w)
		}
		if !p.openerAt(k) {
			return false
		}
	}
	return false
}

// reportingClause reports whether a short capitalised subject and a
// reporting verb follow at token j: in “Why now?” Blinken asked, the
// question does not end the sentence.
func (p *splitter) reportingClause(j int) bool {
	for k := j; k < len(p.toks) && k < j+4; k++ {
		if p.toks[k].Kind != dateline.TokWord || (k > j && newlines(p.gap(k-1)) > 0) {
			return false
		}
		if k > j && inSet(p.lx.reporting, p.text(k)) {
			return true
		}
	}
	return false
}

// lineStart returns the first token of the line that token i is on.
func (p *splitter) lineStart(i int) int {
	for i > 0 && newlines(p.gap(i-1)) == 0 {
		i--
	}
	return i
}

// lineEnd returns the last token of the line that token i is on.
func (p *splitter) lineEnd(i int) int {
	for i+1 < len(p.toks) && newlines(p.gap(i)) == 0 {
		i++
	}
	return i
}

// lineEnds decides whether a line break after token i, not preceded by
// final punctuation, ends the sentence that started at token start. It
// does at a blank line, before a bulleted line, after a line that is a
// heading by itself, and before a line that looks like a heading.
//
// Hard-wrapped text must not look like a series of headings: its lines are
// all about as long, and its last lines are followed by a blank line. So a
// heading must be clearly shorter than the line after it, and a line that
// looks like a heading but ends a paragraph ends the sentence before it only
// if that line is short too.
func (p *splitter) lineEnds(start, i int) bool {
	nl := newlines(p.gap(i))
	if nl == 0 {
		return false
	}
	if nl >= 2 {
		return true
	}
	next := i + 1
	if p.bullet(next, start, i) {
		return true
	}
	e := p.lineEnd(next)
	// The sentence is one whole line that looks like a heading.
	if p.lineStart(i) == start && p.headingLike(start, i) && p.startsSentence(next) && p.shorter(start, i, next, e) {
		return true
	}
	// The next line looks like a heading.
	if !p.headingLike(next, e) || p.terminal(e) != termNone {
		return false
	}
	if e+1 >= len(p.toks) || newlines(p.gap(e)) >= 2 {
		return p.toks[i].End-p.toks[p.lineStart(i)].Start <= shortLine
	}
	return p.startsSentence(e+1) && p.shorter(next, e, e+1, p.lineEnd(e+1))
}

// shorter reports whether the line of tokens a to b is at most 60% as long
// as the line of tokens c to d.
func (p *splitter) shorter(a, b, c, d int) bool {
	return 5*(p.toks[b].End-p.toks[a].Start) <= 3*(p.toks[d].End-p.toks[c].Start)
}

// bullet reports whether token i, the first of a line, is a list bullet
// followed by white space. A dash or an asterisk counts only if the line
// before (tokens start to prev) introduces a list with a colon or is itself
// an item with the same bullet, since a dash also wraps to a line start.
func (p *splitter) bullet(i, start, prev int) bool {
	if i+1 >= len(p.toks) || p.gap(i) == "" {
		return false
	}
	w := p.text(i)
	switch w {
	case "•", "·", "‣", "◦", "▪", "●", "○", "■", "□", "➢", "►":
		return true
	case "-", "*", "–", "—", "+":
		return p.text(prev) == ":" || p.text(p.lineStart(prev)) == w
	}
	return false
}

// headingLike reports whether tokens a to b, a whole line, look like a
// heading: short, starting with a capital, a digit or a quotation mark,
// and not ending with a function word, a comma or an opening bracket.
func (p *splitter) headingLike(a, b int) bool {
	if b-a+1 > maxHeadingTokens || p.toks[b].End-p.toks[a].Start > maxHeadingBytes {
		return false
	}
	if !p.startsSentence(a) {
		return false
	}
	w := p.text(b)
	switch p.toks[b].Kind {
	case dateline.TokWord:
		r, _ := utf8.DecodeRuneInString(w)
		return !(unicode.IsLower(r) && inSet(p.lx.function, w))
	case dateline.TokPunct:
		switch w {
		case ",", ";", "(", "[", "{", "&", "/":
			return false
		}
	case dateline.TokDash:
		return false
	}
	return true
}
