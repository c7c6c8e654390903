package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline"
)

// tok is a token of the document with what the layer knows about it.
type tok struct {
	dateline.Span
	kind dateline.TokenKind
	w    *word // lexicon entry of the lower-cased token, or nil
	cap  bool  // begins with an upper-case letter
	sent int32 // sentence index
	para int32 // paragraph index
	reg  int32 // top-level quotation region containing the token (marks included), or -1
}

// analysis is the state of one call to Analyze. Nothing in it outlives the
// call, so a Finder can serve several goroutines.
type analysis struct {
	lx      *lexicon
	text    string
	toks    []tok
	sents   []dateline.Sentence
	sentTok [][2]int // first and one-past-last token of each sentence
	paraTok [][2]int // first and one-past-last token of each paragraph
	regions []region
	cues    []cueMatch
	atts    []*attribution
	ents    []dateline.Entity
	names   *nameIndex
	title   []bool // per paragraph: written in title case (a headline)
}

func (a *analysis) is(i int, c wordClass) bool {
	return i >= 0 && i < len(a.toks) && a.toks[i].w != nil && a.toks[i].w.cls&c != 0
}

// key returns the lower-case form of token i ("" out of range): the
// lexicon's key when the word is listed.
func (a *analysis) key(i int) string {
	if i < 0 || i >= len(a.toks) {
		return ""
	}
	if w := a.toks[i].w; w != nil {
		return w.key
	}
	s := a.text[a.toks[i].Start:a.toks[i].End]
	for k := 0; k < len(s); k++ {
		if c := s[k]; 'A' <= c && c <= 'Z' || c >= utf8.RuneSelf {
			return strings.ToLower(s)
		}
	}
	return s
}

func (a *analysis) cap(i int) bool { return i >= 0 && i < len(a.toks) && a.toks[i].cap }

func (a *analysis) str(i int) string { return a.text[a.toks[i].Start:a.toks[i].End] }

func (a *analysis) punct(i int, set string) bool {
	if i < 0 || i >= len(a.toks) {
		return false
	}
	t := a.toks[i]
	if t.kind != dateline.TokPunct && t.kind != dateline.TokDash {
		return false
	}
	s := a.text[t.Start:t.End]
	return strings.Contains(set, s)
}

func (a *analysis) isQuote(i int) bool {
	return i >= 0 && i < len(a.toks) && a.toks[i].kind == dateline.TokQuote
}

// wordLike reports whether token i is a word or number.
func (a *analysis) wordLike(i int) bool {
	if i < 0 || i >= len(a.toks) {
		return false
	}
	k := a.toks[i].kind
	return k == dateline.TokWord || k == dateline.TokNumber
}

func (a *analysis) sentStart(i int) int { return a.sentTok[a.toks[i].sent][0] }
func (a *analysis) sentEnd(i int) int   { return a.sentTok[a.toks[i].sent][1] }

// span returns the byte span of tokens [i, j).
func (a *analysis) span(i, j int) dateline.Span {
	return dateline.Span{Start: a.toks[i].Start, End: a.toks[j-1].End}
}

// build fills toks, sentence and paragraph indexes from the document.
func (a *analysis) build(doc *dateline.Doc) {
	text := doc.Text
	a.text = text
	a.sents = doc.Sentences
	a.toks = make([]tok, len(doc.Tokens))
	si := 0
	para := int32(0)
	a.sentTok = make([][2]int, len(doc.Sentences))
	for i := range a.sentTok {
		a.sentTok[i] = [2]int{-1, -1}
	}
	paraStart := 0
	for i, t := range doc.Tokens {
		for si < len(doc.Sentences)-1 && t.Start >= doc.Sentences[si].End {
			si++
		}
		if i > 0 && paraBreak(text, doc.Tokens[i-1].End, t.Start) {
			a.paraTok = append(a.paraTok, [2]int{paraStart, i})
			paraStart = i
			para++
		}
		s := text[t.Start:t.End]
		a.toks[i] = tok{Span: t.Span, kind: t.Kind, w: a.lx.lookup(s), cap: isCapitalised(s), sent: int32(si), para: para, reg: -1}
		if len(a.sentTok) > 0 {
			if a.sentTok[si][0] < 0 {
				a.sentTok[si][0] = i
			}
			a.sentTok[si][1] = i + 1
		}
	}
	if len(a.toks) > 0 {
		a.paraTok = append(a.paraTok, [2]int{paraStart, len(a.toks)})
	}
	// Sentences without tokens (there should be none) get an empty range.
	for i := range a.sentTok {
		if a.sentTok[i][0] < 0 {
			p := 0
			if i > 0 {
				p = a.sentTok[i-1][1]
			}
			a.sentTok[i] = [2]int{p, p}
		}
	}
	if len(a.sentTok) == 0 && len(a.toks) > 0 {
		// No sentence layer: one sentence per paragraph.
		a.sentTok = a.sentTok[:0]
		for pi, p := range a.paraTok {
			a.sentTok = append(a.sentTok, p)
			for i := p[0]; i < p[1]; i++ {
				a.toks[i].sent = int32(pi)
			}
		}
	}
	a.ents = doc.Entities
	a.title = make([]bool, len(a.paraTok))
	for p, r := range a.paraTok {
		words, caps := 0, 0
		for i := r[0]; i < r[1]; i++ {
			if a.toks[i].kind == dateline.TokWord && a.toks[i].reg < 0 {
				words++
				if a.toks[i].cap {
					caps++
				}
			}
		}
		a.title[p] = words >= 3 && words <= 25 && caps*10 >= words*7
	}
}

// paraBreak reports whether the white space between two tokens breaks a
// paragraph: a line break, unless the next line goes on in lower case (a
// hard-wrapped line).
func paraBreak(text string, a, b int) bool {
	gap := text[a:b]
	n := strings.Count(gap, "\n")
	if n == 0 {
		return false
	}
	if n >= 2 {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[b:])
	return !unicode.IsLower(r)
}
