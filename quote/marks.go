package quote

import (
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline"
)

// Quotation-mark styles.
const (
	styleDouble = 'd' // " “ ” „ '' ``
	styleSingle = 's' // ' ‘ ’ ‚ `
	styleGuill  = 'g' // « » ‹ ›
)

// Mark directions.
const (
	dirEither = iota
	dirOpen
	dirClose
)

// mark is one quotation mark: one token, or two apostrophes written as a
// double mark (”).
type mark struct {
	i, j  int // first and last token index
	start int // byte offsets of the mark
	end   int
	style byte
	dir   int
	para  int32
	// possessive is set for a closing single mark that may be the
	// apostrophe of a plural possessive.
	possessive bool
}

// region is a stretch of quoted text: the content between an opening mark
// and its closing mark, or the end of the paragraph for a quotation that
// runs on into the next paragraph (or is never closed).
type region struct {
	open, close int // token indexes of the marks; close is -1 when the paragraph ends the region
	openJ       int // last token of the opening mark ('' is two tokens)
	closeJ      int // last token of the closing mark, or -1
	start, end  int // byte span of the content, marks excluded
	style       byte
	para        int32
	depth       int  // 0 for a top-level quotation
	prev, next  int  // the regions of the same quotation in the paragraphs before and after, or -1
	unclosed    bool // ended by the paragraph without a mark
	used        bool // part of an emitted quote
}

// lastTok returns the last token index of the region, closing mark included.
func (r *region) lastTok(a *analysis) int {
	if r.close >= 0 {
		return r.closeJ
	}
	return a.paraTok[r.para][1] - 1
}

func markStyle(s string) (style byte, dir int) {
	switch s {
	case "“":
		return styleDouble, dirOpen
	case "”":
		return styleDouble, dirClose
	case "„", "``":
		return styleDouble, dirOpen
	case "\"", "''":
		return styleDouble, dirEither
	case "‘", "‚", "`":
		return styleSingle, dirOpen
	case "’":
		return styleSingle, dirClose
	case "'":
		return styleSingle, dirEither
	case "«", "‹":
		return styleGuill, dirOpen
	case "»", "›":
		return styleGuill, dirClose
	}
	return 0, 0
}

// spaceLike reports whether r, next to a quotation mark, leaves the mark
// free on that side: white space, the text edge, brackets and dashes.
func spaceLike(r rune, before bool) bool {
	if r == utf8.RuneError || unicode.IsSpace(r) {
		return true
	}
	switch r {
	case '—', '–', '-', '/':
		return true
	case '(', '[', '{':
		return before
	case ')', ']', '}', '.', ',', ';', ':', '!', '?', '…':
		return !before
	}
	return false
}

// findMarks lists the quotation marks of the text with their likely
// direction from their shape and surroundings.
func (a *analysis) findMarks() []mark {
	var ms []mark
	for i := 0; i < len(a.toks); i++ {
		t := a.toks[i]
		if t.kind != dateline.TokQuote {
			continue
		}
		m := mark{i: i, j: i, start: t.Start, end: t.End, para: t.para}
		s := a.text[t.Start:t.End]
		// Two apostrophes in a row make a double mark; three are a single
		// and a double mark, the inner one first (''' closes "'' and '").
		if s == "'" {
			n := 1
			for i+n < len(a.toks) && n < 4 && a.toks[i+n].kind == dateline.TokQuote &&
				a.toks[i+n].Start == a.toks[i+n-1].End && a.text[a.toks[i+n].Start:a.toks[i+n].End] == "'" {
				n++
			}
			if n == 3 {
				after, _ := utf8.DecodeRuneInString(a.text[a.toks[i+2].End:])
				if a.toks[i+2].End == len(a.text) || spaceLike(after, false) {
					// closing: ' then ''
					ms = append(ms, mark{i: i, j: i, start: t.Start, end: t.End, para: t.para, style: styleSingle, dir: dirClose})
					i++
					t = a.toks[i]
					m = mark{i: i, j: i, start: t.Start, end: t.End, para: t.para}
				}
				n = 2
			}
			if n >= 2 {
				m.j = i + 1
				m.end = a.toks[i+1].End
				s = "''"
				i++
			}
		}
		m.style, m.dir = markStyle(s)
		if m.style == 0 {
			continue
		}
		before, _ := utf8.DecodeLastRuneInString(a.text[:m.start])
		after, _ := utf8.DecodeRuneInString(a.text[m.end:])
		if m.start == 0 {
			before = utf8.RuneError
		}
		if m.end == len(a.text) {
			after = utf8.RuneError
		}
		// A mark touching another mark takes the side of the other: “‘ or ’”.
		freeBefore := spaceLike(before, true) || isMarkRune(before)
		freeAfter := spaceLike(after, false) || isMarkRune(after)
		switch {
		case freeBefore && !freeAfter:
			if m.dir == dirEither || (m.dir == dirClose && m.style != styleSingle) {
				m.dir = dirOpen
			}
		case !freeBefore && freeAfter:
			if m.dir == dirEither || (m.dir == dirOpen && m.style != styleSingle) {
				m.dir = dirClose
			}
		}
		// A closing single mark after "s" and before a lower-case word may
		// be a plural possessive ("the Russians’ view"): pairing decides.
		if m.style == styleSingle && m.dir == dirClose && (before == 's' || before == 'S') && unicode.IsSpace(after) {
			r, _ := utf8.DecodeRuneInString(a.text[min(len(a.text), m.end+1):])
			if unicode.IsLower(r) {
				m.possessive = true
			}
		}
		ms = append(ms, m)
	}
	return ms
}

func isMarkRune(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»', '‹', '›', '‘', '’', '\'', '`':
		return true
	}
	return false
}

// pairMarks finds the quotation regions of the text. Marks pair within a
// paragraph, innermost first, so that a stray mark never swallows the rest
// of the article. A quotation still open at the end of a paragraph runs on
// when the next paragraph opens with a mark of the same style (the news
// convention for quotations of several paragraphs); otherwise a double
// mark at the start of a paragraph or after a colon or comma quotes to the
// end of its paragraph (a closing mark was forgotten), and any other
// unpaired mark is ignored.
func (a *analysis) pairMarks() {
	ms := a.findMarks()
	var stack []int // indexes into ms
	k := 0
	for k < len(ms) {
		p := ms[k].para
		stack = stack[:0]
		for ; k < len(ms) && ms[k].para == p; k++ {
			m := ms[k]
			top := -1
			for s := len(stack) - 1; s >= 0; s-- {
				if ms[stack[s]].style == m.style {
					top = s
					break
				}
			}
			closes := m.dir == dirClose || (m.dir == dirEither && top >= 0)
			if m.possessive && top >= 0 && a.laterSingleClose(ms, k) {
				continue // an apostrophe: a later mark closes the quotation
			}
			if closes && top >= 0 {
				o := ms[stack[top]]
				stack = stack[:top]
				a.regions = append(a.regions, region{open: o.i, openJ: o.j, close: m.i, closeJ: m.j, start: o.end, end: m.start,
					style: m.style, para: p, prev: -1, next: -1})
				continue
			}
			if m.dir == dirClose {
				continue // a stray closing mark, or an apostrophe
			}
			stack = append(stack, k)
		}
		// Quotations left open at the end of the paragraph.
		pe := a.paraTok[p][1]
		for s, mi := range stack {
			o := ms[mi]
			end := a.toks[pe-1].End
			if o.end >= end || s != 0 {
				continue
			}
			if !a.nextParaOpens(p, o.style) && (o.style == styleSingle || !a.opensQuotation(o.i)) {
				continue
			}
			a.regions = append(a.regions, region{open: o.i, openJ: o.j, close: -1, closeJ: -1, start: o.end, end: end,
				style: o.style, para: p, prev: -1, next: -1, unclosed: true})
		}
	}
	a.sortRegions()
	// A top-level region that opens a paragraph continues an unclosed one
	// of the paragraph before, of the same style.
	for ri := range a.regions {
		r := &a.regions[ri]
		if r.depth != 0 || r.para == 0 || r.open != a.paraTok[r.para][0] {
			continue
		}
		for pi := ri - 1; pi >= 0; pi-- {
			q := &a.regions[pi]
			if q.para < r.para-1 {
				break
			}
			if q.para == r.para-1 && q.depth == 0 && q.unclosed && q.style == r.style && q.next < 0 {
				r.prev, q.next = pi, ri
				break
			}
		}
	}
	// Mark the tokens of top-level regions.
	for ri := range a.regions {
		r := &a.regions[ri]
		if r.depth != 0 {
			continue
		}
		for i := r.open; i <= r.lastTok(a); i++ {
			a.toks[i].reg = int32(ri)
		}
	}
}

// laterSingleClose reports whether a closing single mark follows mark k in
// its paragraph.
func (a *analysis) laterSingleClose(ms []mark, k int) bool {
	for j := k + 1; j < len(ms) && ms[j].para == ms[k].para; j++ {
		if ms[j].style == styleSingle && ms[j].dir != dirOpen && !ms[j].possessive {
			return true
		}
	}
	return false
}

// nextParaOpens reports whether the paragraph after p begins with an
// opening quotation mark of the given style.
func (a *analysis) nextParaOpens(p int32, style byte) bool {
	if int(p)+1 >= len(a.paraTok) {
		return false
	}
	np := a.paraTok[p+1][0]
	if np >= len(a.toks) || a.toks[np].kind != dateline.TokQuote {
		return false
	}
	s := a.text[a.toks[np].Start:a.toks[np].End]
	if s == "'" && np+1 < len(a.toks) && a.toks[np+1].kind == dateline.TokQuote && a.toks[np+1].Start == a.toks[np].End {
		s = "''"
	}
	st, dir := markStyle(s)
	return st == style && dir != dirClose
}

// opensQuotation reports whether an unclosed double mark at token i looks
// like the start of a real quotation: it begins its paragraph or follows a
// colon or a comma.
func (a *analysis) opensQuotation(i int) bool {
	if i == a.paraTok[a.toks[i].para][0] {
		return true
	}
	return a.punct(i-1, ":,")
}

// sortRegions orders regions by their opening mark, keeping the prev/next
// links right, and recomputes depth from containment.
func (a *analysis) sortRegions() {
	n := len(a.regions)
	if n == 0 {
		return
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	// insertion sort: regions are nearly sorted
	for i := 1; i < n; i++ {
		for j := i; j > 0 && a.regions[idx[j]].open < a.regions[idx[j-1]].open; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	pos := make([]int, n)
	for newi, old := range idx {
		pos[old] = newi
	}
	out := make([]region, n)
	for newi, old := range idx {
		r := a.regions[old]
		if r.prev >= 0 {
			r.prev = pos[r.prev]
		}
		if r.next >= 0 {
			r.next = pos[r.next]
		}
		out[newi] = r
	}
	// Depth: the number of regions that contain this one.
	for i := range out {
		d := 0
		for j := i - 1; j >= 0; j-- {
			if out[j].para != out[i].para {
				break
			}
			if out[j].open < out[i].open && out[j].lastTok(a) >= out[i].lastTok(a) {
				d++
			}
		}
		out[i].depth = d
	}
	a.regions = out
}
