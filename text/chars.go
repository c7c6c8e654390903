package text

import (
	"unicode"
	"unicode/utf8"
)

// ASCII character classes.
const (
	cSpace uint8 = 1 << iota
	cLetter
	cDigit
	cUpper
	cPunct
	cSymbol
)

// ascii classifies the ASCII characters. It is computed once at start-up
// and only read afterwards.
var ascii = func() (t [utf8.RuneSelf]uint8) {
	for c := 0; c < utf8.RuneSelf; c++ {
		r := rune(c)
		switch {
		case unicode.IsSpace(r):
			t[c] = cSpace
		case 'a' <= r && r <= 'z':
			t[c] = cLetter
		case 'A' <= r && r <= 'Z':
			t[c] = cLetter | cUpper
		case '0' <= r && r <= '9':
			t[c] = cDigit
		case unicode.IsPunct(r):
			t[c] = cPunct
		default: // symbols and control characters
			t[c] = cSymbol
		}
	}
	return t
}()

// is reports whether the byte c is an ASCII character of one of the
// classes in mask.
func is(c byte, mask uint8) bool { return c < utf8.RuneSelf && ascii[c]&mask != 0 }

// isWordRune reports whether r can be part of a word or number.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return ascii[r]&(cLetter|cDigit) != 0
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || r == '\u00ad' // soft hyphen
}

// isSpaceRune reports whether r separates tokens.
func isSpaceRune(r rune) bool {
	if r < utf8.RuneSelf {
		return ascii[r]&cSpace != 0
	}
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u2060'
}

// runeAt decodes the rune at s[i:]; it returns (RuneError, 0) at the end.
func runeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return utf8.RuneError, 0
	}
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// runeBefore decodes the rune that ends at s[:i]; it returns (RuneError, 0)
// at the start.
func runeBefore(s string, i int) (rune, int) {
	if i <= 0 {
		return utf8.RuneError, 0
	}
	if c := s[i-1]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeLastRuneInString(s[:i])
}

// wordAt reports whether a word rune starts at s[i:].
func wordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if c := s[i]; c < utf8.RuneSelf {
		return ascii[c]&(cLetter|cDigit) != 0
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	return size > 1 && isWordRune(r)
}

// wordBefore reports whether a word rune ends at s[:i].
func wordBefore(s string, i int) bool {
	r, size := runeBefore(s, i)
	return size > 0 && (size > 1 || r != utf8.RuneError) && isWordRune(r)
}

// letterAt reports whether a letter starts at s[i:].
func letterAt(s string, i int) bool {
	r, size := runeAt(s, i)
	if size == 0 {
		return false
	}
	if r < utf8.RuneSelf {
		return ascii[r]&cLetter != 0
	}
	return unicode.IsLetter(r)
}

// digitAt reports whether an ASCII digit is at s[i].
func digitAt(s string, i int) bool {
	return i >= 0 && i < len(s) && '0' <= s[i] && s[i] <= '9'
}

// spaceOrEndAt reports whether s[i:] is empty or starts with white space.
func spaceOrEndAt(s string, i int) bool {
	r, size := runeAt(s, i)
	return size == 0 || isSpaceRune(r)
}

// isDashRune reports whether r is a dash used as punctuation.
func isDashRune(r rune) bool {
	switch r {
	case '—', '–', '―', '‒', '⸺', '⸻', '﹘', '﹣', '－':
		return true
	}
	return false
}

// isQuoteRune reports whether r is a double or angle quotation mark (single
// quotation marks, which double as apostrophes, are handled apart).
func isQuoteRune(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '‟', '«', '»', '‹', '›', '❝', '❞', '〝', '〞', '＂', '「', '」', '『', '』', '`':
		return true
	}
	return false
}

// isOpeningQuote reports whether the quotation mark q can only open a quote.
func isOpeningQuote(q string) bool {
	switch q {
	case "“", "‘", "„", "‚", "«", "‹", "❝", "〝", "「", "『", "`", "``":
		return true
	}
	return false
}

// isEmojiComponent reports whether r continues the emoji or symbol before
// it: joiners, variation selectors, skin tones, keycaps and tags.
func isEmojiComponent(r rune) bool {
	return r == '\u200d' || r == '\ufe0e' || r == '\ufe0f' || r == '\u20e3' ||
		(0x1f3fb <= r && r <= 0x1f3ff) || (0xe0020 <= r && r <= 0xe007f)
}

// isNewline reports whether r ends a line.
func isNewline(r rune) bool {
	return r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == '\u0085' || r == '\u2028' || r == '\u2029'
}
