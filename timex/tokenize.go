package timex

import (
	"unicode"
	"unicode/utf8"
)

// tokKind classifies the tokens of the tagger's own light tokenizer.
type tokKind uint8

const (
	tkWord   tokKind = iota // letters (and digits after a letter)
	tkNumber                // starts with a digit: 10, 1,000, 10:35, 1990s, 3rd
	tkPunct                 // any other single character
)

// token is one token of the text. norm is the ASCII-lowercased form, with
// typographic quotes and dashes folded to their ASCII counterparts, so that
// "Sept." and "sept." or "’" and "'" compare equal.
type token struct {
	start, end int
	norm       string
	kind       tokKind
	space      bool // white space (or the start of the text) precedes the token
	upper      bool // the first letter is an upper-case letter
}

// lowerASCII returns s with the ASCII letters lowered. Byte offsets are
// unchanged, which lets token norms be slices of the result.
func lowerASCII(s string) string {
	i := 0
	for i < len(s) && !('A' <= s[i] && s[i] <= 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if 'A' <= b[i] && b[i] <= 'Z' {
			b[i] += 'a' - 'A'
		}
	}
	return string(b)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// tokenize splits text into tokens. It is deliberately simple: words are runs
// of letters (digits may follow), numbers are runs of digits with internal
// separators (1,000 3.5 10:35 1998-08-07 8/7/98) and an optional letter
// suffix (1990s 3rd), and every other character is a token of its own.
// An "am"/"pm" suffix is split off a number so that 10am and 10 am match
// the same patterns.
func tokenize(text, lower string, toks []token) []token {
	toks = toks[:0]
	i, n := 0, len(text)
	space := true
	for i < n {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
				space = true
				i++
				continue
			case isASCIILetter(c):
				j := i + 1
				for j < n {
					d := text[j]
					if isASCIILetter(d) || isDigit(d) {
						j++
						continue
					}
					if d >= utf8.RuneSelf {
						r, size := utf8.DecodeRuneInString(text[j:])
						if unicode.IsLetter(r) {
							j += size
							continue
						}
					}
					break
				}
				toks = append(toks, token{start: i, end: j, norm: lower[i:j], kind: tkWord, space: space, upper: 'A' <= c && c <= 'Z'})
				i = j
			case isDigit(c):
				j := i + 1
				for j < n {
					d := text[j]
					if isDigit(d) {
						j++
						continue
					}
					if (d == ',' || d == '.' || d == ':' || d == '/' || d == '-') && j+1 < n && isDigit(text[j+1]) {
						j += 2
						continue
					}
					break
				}
				// Letter suffix: 1990s, 3rd, 20th; but 10am, 5pm, 10a.m. split.
				k := j
				for k < n && isASCIILetter(text[k]) {
					k++
				}
				if k > j && !isAMPM(lower[j:k], k < n && text[k] == '.') {
					j = k
				}
				toks = append(toks, token{start: i, end: j, norm: lower[i:j], kind: tkNumber, space: space})
				i = j
			default:
				toks = append(toks, token{start: i, end: i + 1, norm: lower[i : i+1], kind: tkPunct, space: space})
				i++
			}
			space = false
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			space = true
			i += size
			continue
		case unicode.IsLetter(r):
			j := i + size
			for j < n {
				if d := text[j]; d < utf8.RuneSelf {
					if isASCIILetter(d) || isDigit(d) {
						j++
						continue
					}
					break
				}
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsLetter(r2) {
					break
				}
				j += s2
			}
			toks = append(toks, token{start: i, end: j, norm: lower[i:j], kind: tkWord, space: space, upper: unicode.IsUpper(r)})
			i = j
		default:
			norm := lower[i : i+size]
			switch r {
			case '‘', '’', '′', '`':
				norm = "'"
			case '“', '”', '«', '»', '„':
				norm = "\""
			case '–', '—', '‐', '‑', '−':
				norm = "-"
			}
			toks = append(toks, token{start: i, end: i + size, norm: norm, kind: tkPunct, space: space})
			i += size
		}
		space = false
	}
	return toks
}

// isAMPM reports whether a letter suffix of a number is a clock suffix
// (10am, 10 pm, 10a.m.) to be split off the number.
func isAMPM(s string, dot bool) bool {
	switch s {
	case "am", "pm":
		return true
	case "a", "p":
		return dot
	}
	return false
}
