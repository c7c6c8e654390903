package fulltext

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/query"
)

// slot is one analysed token of a word or phrase pattern: its term and its
// position relative to the pattern's first token.
type slot struct {
	term string
	off  int
}

// Match returns the spans of text that the positive words and phrases of q
// (those not under a NOT, of any field) match as the index's "en" analyzer
// sees them: a word matches every token with the same stem ("talks" marks
// "talk" and "Talks"), a phrase every run of tokens with its stems at the
// same relative positions (a stop word in the phrase stands for any one
// word). Spans are sorted by start; overlapping spans are merged. Match does
// not read the index, so it works on any text, a headline as well as a body.
func (ix *Index) Match(text string, q dateline.Query) ([]dateline.Span, error) {
	node, err := query.Parse(q.Text)
	if err != nil {
		return nil, fmt.Errorf("fulltext: match %q: %w", q.Text, err)
	}
	patterns := ix.patterns(node)
	if len(patterns) == 0 || text == "" {
		return nil, nil
	}

	// Analysing a whole article to find a few words is most of the cost of
	// a search's snippets, so only the stretches of text where a pattern
	// can start are analysed (see windows). Patterns whose first term is
	// too short or not ASCII to be looked for that way are matched on the
	// whole text.
	lower := asciiLower(text)
	var fast, slow [][]slot
	var wins []window
	for _, p := range patterns {
		prefix := stemPrefix(p[0].term)
		if prefix == "" {
			slow = append(slow, p)
			continue
		}
		fast = append(fast, p)
		wins = appendWindows(wins, lower, prefix, p[len(p)-1].off+1)
	}
	var spans []dateline.Span
	if len(slow) > 0 {
		spans = matchTokens(ix.analyzer.Analyze([]byte(text)), slow, 0, spans)
	}
	for _, w := range mergeWindows(wins) {
		spans = matchTokens(ix.analyzer.Analyze([]byte(text[w.start:w.end])), fast, w.start, spans)
	}
	return mergeSpans(spans), nil
}

// matchTokens appends to spans the matches of patterns among tokens, the
// analysis of a stretch of text that starts at byte base.
func matchTokens(tokens analysis.TokenStream, patterns [][]slot, base int, spans []dateline.Span) []dateline.Span {
	byPos := make(map[int]int, len(tokens))         // position -> token index
	byTerm := make(map[string][]int, len(tokens)/2) // term -> token indexes
	for i, t := range tokens {
		byPos[t.Position] = i
		byTerm[string(t.Term)] = append(byTerm[string(t.Term)], i)
	}
	for _, p := range patterns {
	start:
		for _, i := range byTerm[p[0].term] {
			first := tokens[i]
			end := first.End
			for _, s := range p[1:] {
				j, ok := byPos[first.Position+s.off]
				if !ok || string(tokens[j].Term) != s.term {
					continue start
				}
				end = max(end, tokens[j].End)
			}
			spans = append(spans, dateline.Span{Start: base + first.Start, End: base + end})
		}
	}
	return spans
}

// window is a stretch text[start:end] that is analysed on its own.
type window struct{ start, end int }

// stemPrefix returns what every word whose stem is term starts with, once
// lower-cased: the stem less its last letter. The Porter stemmer keeps a
// word's beginning and only rewrites its ending, and every rewrite
// ("hoping" -> "hope", "happy" -> "happi", "relational" -> "relate" ->
// "relat") leaves all of the stem but its last letter as it was in the
// word (TestStemPrefix checks this on the words of many texts). It returns
// "" when the prefix would be shorter than two bytes or term is not
// lower-case ASCII letters and digits, which are matched on the whole text.
func stemPrefix(term string) string {
	if len(term) < 3 {
		return ""
	}
	for i := 0; i < len(term); i++ {
		if c := term[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return ""
		}
	}
	return term[:len(term)-1]
}

// asciiLower returns text with its ASCII capitals lower-cased and every
// other byte as it is, so that offsets into it are offsets into text.
func asciiLower(text string) string {
	b := []byte(text)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// isSpace reports whether c is ASCII white space, where a word always ends.
func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// isWordByte reports whether c is an ASCII letter or digit.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// appendWindows appends a window for every place of lower where a word
// starts with prefix (lower is lower-cased text, see asciiLower). A window
// starts after the white space before the word, so it is analysed as in
// the whole text, and runs on over n white-space separated chunks that
// hold an ASCII letter or digit: each such chunk holds at least one token,
// so the window holds every token of a pattern of n positions that starts
// there. Analysing the window then decides whether a pattern matches.
func appendWindows(wins []window, lower, prefix string, n int) []window {
	for from := 0; ; {
		k := strings.Index(lower[from:], prefix)
		if k < 0 {
			return wins
		}
		i := from + k
		from = i + 1
		if i > 0 && isWordByte(lower[i-1]) {
			continue // inside a word: no token starts here
		}
		start := i
		for start > 0 && !isSpace(lower[start-1]) {
			start--
		}
		end, chunks := i, 0
		for end < len(lower) && chunks < n {
			for end < len(lower) && isSpace(lower[end]) {
				end++
			}
			word := false
			for end < len(lower) && !isSpace(lower[end]) {
				word = word || isWordByte(lower[end])
				end++
			}
			if word {
				chunks++
			}
		}
		wins = append(wins, window{start, end})
	}
}

// mergeWindows sorts windows and merges those that overlap or touch.
func mergeWindows(wins []window) []window {
	if len(wins) == 0 {
		return nil
	}
	slices.SortFunc(wins, func(a, b window) int { return cmp.Compare(a.start, b.start) })
	out := wins[:1]
	for _, w := range wins[1:] {
		last := &out[len(out)-1]
		if w.start <= last.end {
			last.end = max(last.end, w.end)
			continue
		}
		out = append(out, w)
	}
	return out
}

// analyze returns the tokens of text as the index sees them, with their
// positions relative to the first.
func (ix *Index) analyze(text string) []slot {
	tokens := ix.analyzer.Analyze([]byte(text))
	if len(tokens) == 0 {
		return nil
	}
	p := make([]slot, len(tokens))
	for i, t := range tokens {
		p[i] = slot{term: string(t.Term), off: t.Position - tokens[0].Position}
	}
	return p
}

// patterns returns the analysed token patterns of the positive words and
// phrases of n, each once.
func (ix *Index) patterns(n query.Node) [][]slot {
	var out [][]slot
	seen := make(map[string]bool)
	add := func(text string) {
		p := ix.analyze(text)
		if len(p) == 0 {
			return
		}
		var key strings.Builder
		for _, s := range p {
			fmt.Fprintf(&key, "%d:%s\x00", s.off, s.term)
		}
		if !seen[key.String()] {
			seen[key.String()] = true
			out = append(out, p)
		}
	}
	var walk func(query.Node)
	walk = func(n query.Node) {
		switch n := n.(type) {
		case query.Term:
			add(n.Text)
		case query.Phrase:
			add(n.Text)
		case query.And:
			for _, c := range n.Nodes {
				walk(c)
			}
		case query.Or:
			for _, c := range n.Nodes {
				walk(c)
			}
		}
	}
	walk(n)
	return out
}

// mergeSpans sorts spans and merges those that overlap.
func mergeSpans(spans []dateline.Span) []dateline.Span {
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b dateline.Span) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.End, b.End)
	})
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.Start < last.End {
			last.End = max(last.End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}
