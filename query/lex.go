package query

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tEOF    tokKind = iota
	tWord           // a word; text is the word
	tPhrase         // a quoted phrase; text is its trimmed content
	tAnd            // AND
	tOr             // OR
	tNot            // NOT
	tMinus          // - directly before a word, phrase or group
	tPlus           // + directly before a word, phrase or group
	tLParen         // (
	tRParen         // )
	tField          // a field prefix such as title:; text is the field name
)

type token struct {
	kind tokKind
	text string
	pos  int // byte offset in the query
}

// isQuote reports whether r opens or closes a phrase: the straight double
// quote and the typographic double quotes.
func isQuote(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '‟':
		return true
	}
	return false
}

// isField reports whether name (lower-cased) is a known field.
func isField(name string) bool {
	return name == FieldTitle || name == FieldText
}

// lex splits s into tokens, ending with a tEOF token. It accepts any input,
// including invalid UTF-8.
func lex(s string) []token {
	var toks []token
	i := 0
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += w
		case r == '(':
			toks = append(toks, token{kind: tLParen, pos: i})
			i += w
		case r == ')':
			toks = append(toks, token{kind: tRParen, pos: i})
			i += w
		case isQuote(r):
			start := i
			i += w
			end := len(s)
			for j := i; j < len(s); {
				r2, w2 := utf8.DecodeRuneInString(s[j:])
				if isQuote(r2) {
					end = j
					break
				}
				j += w2
			}
			text := strings.TrimSpace(s[i:end])
			toks = append(toks, token{kind: tPhrase, text: text, pos: start})
			if end < len(s) {
				_, wq := utf8.DecodeRuneInString(s[end:])
				i = end + wq
			} else {
				i = end // unclosed quote: the phrase runs to the end
			}
		case (r == '-' || r == '+') && prefixApplies(s[i+w:]):
			kind := tMinus
			if r == '+' {
				kind = tPlus
			}
			toks = append(toks, token{kind: kind, pos: i})
			i += w
		default:
			if name, n := fieldPrefix(s[i:]); n > 0 {
				toks = append(toks, token{kind: tField, text: name, pos: i})
				i += n
				continue
			}
			start := i
			for i < len(s) {
				r2, w2 := utf8.DecodeRuneInString(s[i:])
				if unicode.IsSpace(r2) || r2 == '(' || r2 == ')' || isQuote(r2) {
					break
				}
				i += w2
			}
			word := s[start:i]
			switch word {
			case "AND":
				toks = append(toks, token{kind: tAnd, pos: start})
			case "OR":
				toks = append(toks, token{kind: tOr, pos: start})
			case "NOT":
				toks = append(toks, token{kind: tNot, pos: start})
			case "-", "+":
				// A lone sign is punctuation; drop it.
			default:
				toks = append(toks, token{kind: tWord, text: word, pos: start})
			}
		}
	}
	return append(toks, token{kind: tEOF, pos: len(s)})
}

// prefixApplies reports whether a - or + followed by rest is a prefix
// operator: something it can apply to follows directly. "- x", "-)" and
// "--x" are not prefixes.
func prefixApplies(rest string) bool {
	if rest == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return !unicode.IsSpace(r) && r != ')' && r != '-' && r != '+'
}

// fieldPrefix reports whether s starts with a known field name and a colon
// followed by something the prefix can apply to. It returns the lower-case
// field name and the length of the prefix including the colon.
func fieldPrefix(s string) (string, int) {
	colon := strings.IndexByte(s, ':')
	if colon <= 0 || colon > len("title") {
		return "", 0
	}
	name := strings.ToLower(s[:colon])
	if !isField(name) || colon+1 >= len(s) {
		return "", 0
	}
	r, _ := utf8.DecodeRuneInString(s[colon+1:])
	if unicode.IsSpace(r) || r == ')' {
		return "", 0 // "title:" alone is a word
	}
	return name, colon + 1
}
