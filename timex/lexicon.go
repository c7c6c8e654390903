package timex

import (
	"fmt"
	"strings"

	"github.com/dateline-news/dateline/internal/datafile"
)

// phrase is one tokenized vocabulary entry or literal of a rule.
type phrase struct {
	toks []string // token norms
	cap  bool     // the first token must be capitalised in the text
}

// trie maps token sequences to the values of the phrases that end there.
type trie struct {
	next map[string]*trie
	vals []trieVal
}

type trieVal struct {
	val string
	cap bool
}

func (t *trie) add(p phrase, val string) {
	n := t
	for _, tok := range p.toks {
		if n.next == nil {
			n.next = make(map[string]*trie)
		}
		c := n.next[tok]
		if c == nil {
			c = &trie{}
			n.next[tok] = c
		}
		n = c
	}
	for _, v := range n.vals {
		if v.val == val && v.cap == p.cap {
			return
		}
	}
	n.vals = append(n.vals, trieVal{val: val, cap: p.cap})
}

// match appends to opts every phrase of the trie that starts at token i.
func (t *trie) match(toks []token, i int, opts []option) []option {
	n := t
	for j := i; j < len(toks) && n.next != nil; j++ {
		c := n.next[toks[j].norm]
		if c == nil {
			break
		}
		n = c
		for _, v := range n.vals {
			if v.cap && !toks[i].upper {
				continue
			}
			opts = append(opts, option{end: j + 1, val: v.val})
		}
	}
	return opts
}

// firsts adds the first tokens of every phrase in the trie to set.
func (t *trie) firsts(set map[string]bool) {
	for k := range t.next {
		set[k] = true
	}
}

// option is one way an element of a pattern can match: it ends before token
// end and gives the value val.
type option struct {
	end int
	val string
}

// lexicon holds the word classes of vocab.txt.
type lexicon struct {
	classes map[string]*trie
	// single-token lookups used by the built-in number parsers
	card, tens, scale, ordword, decadeword map[string]int
	half                                   *trie
}

// tokenizePhrase splits a phrase of a data file with the tagger's tokenizer.
func tokenizePhrase(s string) phrase {
	s = strings.TrimSpace(s)
	p := phrase{}
	if strings.HasSuffix(s, "!") && len(s) > 1 {
		p.cap = true
		s = strings.TrimSuffix(s, "!")
	}
	toks := tokenize(s, lowerASCII(s), nil)
	for _, t := range toks {
		p.toks = append(p.toks, t.norm)
	}
	return p
}

// parseVocab reads vocab.txt.
func parseVocab(name, src string) (*lexicon, error) {
	lx := &lexicon{classes: make(map[string]*trie)}
	var cur *trie
	var curName string
	for _, l := range datafile.Entries(src) {
		line, s := l.N, l.Text
		if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
			curName = s[1 : len(s)-1]
			if lx.classes[curName] != nil {
				return nil, fmt.Errorf("%s:%d: class [%s] defined twice", name, line, curName)
			}
			cur = &trie{}
			lx.classes[curName] = cur
			continue
		}
		if cur == nil {
			return nil, fmt.Errorf("%s:%d: entry outside a [class]", name, line)
		}
		val, rest, ok := strings.Cut(s, ": ")
		if !ok || val == "" {
			return nil, fmt.Errorf("%s:%d: want \"VALUE: phrase | phrase\", got %q", name, line, s)
		}
		for _, ph := range strings.Split(rest, "|") {
			p := tokenizePhrase(ph)
			if len(p.toks) == 0 {
				return nil, fmt.Errorf("%s:%d: empty phrase in [%s]", name, line, curName)
			}
			cur.add(p, val)
		}
	}
	var err error
	single := func(class string) map[string]int {
		m := make(map[string]int)
		t := lx.classes[class]
		if t == nil {
			if err == nil {
				err = fmt.Errorf("%s: missing class [%s]", name, class)
			}
			return m
		}
		for k, c := range t.next {
			for _, v := range c.vals {
				var n int
				if _, e := fmt.Sscanf(v.val, "%d", &n); e != nil && err == nil {
					err = fmt.Errorf("%s: [%s] %s: value %q is not a number", name, class, k, v.val)
				}
				m[k] = n
			}
		}
		return m
	}
	lx.card = single("card")
	lx.tens = single("tens")
	lx.scale = single("scale")
	lx.ordword = single("ordword")
	lx.decadeword = single("decadeword")
	lx.half = lx.classes["half"]
	if lx.half == nil && err == nil {
		err = fmt.Errorf("%s: missing class [half]", name)
	}
	if err != nil {
		return nil, err
	}
	return lx, nil
}

// wordSets are the lists of context.txt: plain sets of single tokens or
// short phrases used by tense detection.
type wordSets map[string]*trie

func parseWordSets(name, src string) (wordSets, error) {
	ws := make(wordSets)
	var cur *trie
	for _, l := range datafile.Entries(src) {
		line, s := l.N, l.Text
		if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
			cur = &trie{}
			ws[s[1:len(s)-1]] = cur
			continue
		}
		if cur == nil {
			return nil, fmt.Errorf("%s:%d: entry outside a [list]", name, line)
		}
		for _, ph := range strings.Split(s, "|") {
			p := tokenizePhrase(ph)
			if len(p.toks) > 0 {
				cur.add(p, "1")
			}
		}
	}
	return ws, nil
}
