// Package query parses the search query language of dateline.Query.Text into
// a small syntax tree that search indexes translate into their own queries.
//
// The language:
//
//	sanctions              a word (indexes stem it: "talks" finds "talk")
//	"peace talks"          an exact phrase; straight or curly double quotes
//	a b, a AND b           both (juxtaposition means AND)
//	a OR b                 either
//	NOT a, -a, -"a b"      not
//	+a                     required; the same as a, since juxtaposition is AND
//	(a OR b) c             grouping
//	title:a, title:"a b"   a word or phrase in the headline only; a prefix
//	                       before a group applies to the words inside it;
//	                       text: names the article text
//
// The keywords AND, OR and NOT are recognised only in upper case; "and", "or"
// and "not" are ordinary words. Precedence is NOT, then AND, then OR, so
// "a b OR c" means "(a AND b) OR c" and "NOT a b" means "(NOT a) AND b".
// The known field prefixes are "title" and "text"; any other
// "x:y" is an ordinary word.
//
// Parsing is lenient: an unclosed quote or parenthesis is closed at the end
// of the input, a stray ")" is ignored, an operator with nothing to apply to
// (a trailing "OR", a lone "-") is dropped, and empty groups or phrases
// vanish. A query made only of negations is valid and means "every document
// except these". The only errors are limits that protect the index:
// parentheses nested more than MaxDepth deep or more than MaxTerms words and
// phrases; they are reported as a *SyntaxError with the byte position.
package query

import (
	"fmt"
	"strings"
	"unicode"
)

// Field names that may prefix a word, phrase or group.
const (
	FieldTitle = "title" // the headline
	FieldText  = "text"  // the article text (an index may count the headline in)
)

// Limits that keep a query from costing the index too much.
const (
	MaxDepth = 32   // deepest nesting of parentheses
	MaxTerms = 1024 // most words and phrases in one query
)

// Node is a node of a parsed query: Term, Phrase, And, Or or Not.
type Node interface {
	// String returns the node in the query language, fully parenthesised;
	// parsing it again gives an equal tree.
	String() string
	isNode()
}

// Term is a single word as the user typed it. Field is "" (any field) or
// one of FieldTitle and FieldText.
type Term struct {
	Field string
	Text  string
}

// Phrase is a quoted sequence of words that must appear in order.
// Text is the content of the quotes with the surrounding space trimmed.
type Phrase struct {
	Field string
	Text  string
}

// And matches what all of its nodes match. It has at least two nodes.
type And struct {
	Nodes []Node
}

// Or matches what any of its nodes matches. It has at least two nodes.
type Or struct {
	Nodes []Node
}

// Not matches every document that Node does not match.
type Not struct {
	Node Node
}

func (Term) isNode()   {}
func (Phrase) isNode() {}
func (And) isNode()    {}
func (Or) isNode()     {}
func (Not) isNode()    {}

func (t Term) String() string {
	if t.Field != "" {
		return t.Field + ":" + t.Text
	}
	return t.Text
}

func (p Phrase) String() string {
	s := `"` + p.Text + `"`
	if p.Field != "" {
		return p.Field + ":" + s
	}
	return s
}

func (a And) String() string { return join(a.Nodes, " AND ") }
func (o Or) String() string  { return join(o.Nodes, " OR ") }
func (n Not) String() string { return "NOT " + n.Node.String() }

func join(nodes []Node, sep string) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, n := range nodes {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(n.String())
	}
	b.WriteByte(')')
	return b.String()
}

// Words splits the phrase into its words: runs of letters, digits and
// combining marks.
func (p Phrase) Words() []string {
	return strings.FieldsFunc(p.Text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
	})
}

// SyntaxError is a query that exceeds one of the parser's limits.
type SyntaxError struct {
	Pos int    // byte offset in the query
	Msg string // what is wrong
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("query: at byte %d: %s", e.Pos, e.Msg)
}

// Parse parses s. An empty or blank query, or one with nothing left after
// dropping empty parts, gives a nil Node and a nil error: it matches every
// document. Parse never panics; the only errors are *SyntaxError for a query
// over MaxDepth or MaxTerms.
func Parse(s string) (Node, error) {
	p := &parser{toks: lex(s)}
	n, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	return n, nil
}

// Terms returns the words of the positive part of the query: terms and the
// words of phrases that are not under a NOT, each once, in query order, as
// typed (not stemmed). Highlighters use them; an index's own Match is
// better where available, since it sees stems.
func Terms(n Node) []string {
	var out []string
	seen := make(map[string]bool)
	add := func(w string) {
		if w != "" && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	var walk func(Node)
	walk = func(n Node) {
		switch n := n.(type) {
		case Term:
			add(n.Text)
		case Phrase:
			for _, w := range n.Words() {
				add(w)
			}
		case And:
			for _, c := range n.Nodes {
				walk(c)
			}
		case Or:
			for _, c := range n.Nodes {
				walk(c)
			}
		case Not:
			// Negated parts match nothing worth highlighting.
		}
	}
	walk(n)
	return out
}

// parser is a recursive-descent parser over the tokens of one query.
type parser struct {
	toks  []token
	i     int
	depth int // parentheses currently open
	terms int // words and phrases seen
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

// parseOr parses: and ("OR" and)*.
func (p *parser) parseOr() (Node, error) {
	var nodes []Node
	for {
		n, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		if n != nil {
			nodes = append(nodes, n)
		}
		if p.peek().kind != tOr {
			return makeOr(nodes), nil
		}
		p.next()
	}
}

// parseAnd parses: unary (["AND"] unary)*, stopping before OR, before a ")"
// that closes an open group, and at the end.
func (p *parser) parseAnd() (Node, error) {
	var nodes []Node
	for {
		switch t := p.peek(); t.kind {
		case tEOF, tOr:
			return makeAnd(nodes), nil
		case tRParen:
			if p.depth > 0 {
				return makeAnd(nodes), nil
			}
			p.next() // a stray ")": ignore it
			continue
		case tAnd:
			p.next() // explicit AND means the same as juxtaposition
			continue
		}
		n, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		if n != nil {
			nodes = append(nodes, n)
		}
	}
}

// parseUnary parses any number of prefixes (NOT, -, +, field:) and the
// primary they apply to. A prefix with no primary after it is dropped.
func (p *parser) parseUnary() (Node, error) {
	neg := false
	field := ""
	for {
		t := p.peek()
		switch t.kind {
		case tNot, tMinus:
			neg = !neg
		case tPlus:
		case tField:
			field = t.text // the innermost prefix wins
		default:
			n, err := p.parsePrimary()
			if err != nil || n == nil {
				return nil, err
			}
			if field != "" {
				n = withField(n, field)
			}
			if neg {
				n = negate(n)
			}
			return n, nil
		}
		p.next()
	}
}

// parsePrimary parses a word, a phrase or a parenthesised group. It returns
// nil, consuming nothing, at a token that cannot start one.
func (p *parser) parsePrimary() (Node, error) {
	t := p.peek()
	switch t.kind {
	case tWord, tPhrase:
		p.next()
		p.terms++
		if p.terms > MaxTerms {
			return nil, &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("more than %d words and phrases", MaxTerms)}
		}
		if t.kind == tWord {
			return Term{Text: t.text}, nil
		}
		if t.text == "" {
			return nil, nil
		}
		return Phrase{Text: t.text}, nil
	case tLParen:
		p.next()
		if p.depth >= MaxDepth {
			return nil, &SyntaxError{Pos: t.pos, Msg: fmt.Sprintf("parentheses nested more than %d deep", MaxDepth)}
		}
		p.depth++
		n, err := p.parseOr()
		p.depth--
		if err != nil {
			return nil, err
		}
		if p.peek().kind == tRParen {
			p.next()
		} // else unclosed: closed at the end of the input
		return n, nil
	}
	return nil, nil
}

// makeAnd builds an And of nodes, flattening nested Ands; it returns the
// node itself for one and nil for none.
func makeAnd(nodes []Node) Node {
	flat := flatten(nodes, func(n Node) ([]Node, bool) { a, ok := n.(And); return a.Nodes, ok })
	if len(flat) < 2 {
		return single(flat)
	}
	return And{Nodes: flat}
}

// makeOr is makeAnd for Or.
func makeOr(nodes []Node) Node {
	flat := flatten(nodes, func(n Node) ([]Node, bool) { o, ok := n.(Or); return o.Nodes, ok })
	if len(flat) < 2 {
		return single(flat)
	}
	return Or{Nodes: flat}
}

// flatten replaces each node that inner opens (an And in an And) by its
// children.
func flatten(nodes []Node, inner func(Node) ([]Node, bool)) []Node {
	var flat []Node
	for _, n := range nodes {
		if kids, ok := inner(n); ok {
			flat = append(flat, kids...)
		} else {
			flat = append(flat, n)
		}
	}
	return flat
}

// single returns the one node of nodes, or nil for none.
func single(nodes []Node) Node {
	if len(nodes) == 0 {
		return nil
	}
	return nodes[0]
}

// negate returns NOT n, cancelling a double negation.
func negate(n Node) Node {
	if x, ok := n.(Not); ok {
		return x.Node
	}
	return Not{Node: n}
}

// withField sets field on every term and phrase under n that has none.
func withField(n Node, field string) Node {
	switch n := n.(type) {
	case Term:
		if n.Field == "" {
			n.Field = field
		}
		return n
	case Phrase:
		if n.Field == "" {
			n.Field = field
		}
		return n
	case And:
		nodes := make([]Node, len(n.Nodes))
		for i, c := range n.Nodes {
			nodes[i] = withField(c, field)
		}
		return And{Nodes: nodes}
	case Or:
		nodes := make([]Node, len(n.Nodes))
		for i, c := range n.Nodes {
			nodes[i] = withField(c, field)
		}
		return Or{Nodes: nodes}
	case Not:
		return Not{Node: withField(n.Node, field)}
	}
	return n
}
