package fulltext

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

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

	tokens := ix.analyzer.Analyze([]byte(text))
	byPos := make(map[int]int, len(tokens))         // position -> token index
	byTerm := make(map[string][]int, len(tokens)/2) // term -> token indexes
	for i, t := range tokens {
		byPos[t.Position] = i
		byTerm[string(t.Term)] = append(byTerm[string(t.Term)], i)
	}

	var spans []dateline.Span
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
			spans = append(spans, dateline.Span{Start: first.Start, End: end})
		}
	}
	return mergeSpans(spans), nil
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
