package query

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, want string // want is Node.String(), "" for nil
	}{
		{"", ""},
		{"   \t\n", ""},
		{"talks", "talks"},
		{"peace talks", "(peace AND talks)"},
		{"peace AND talks", "(peace AND talks)"},
		{"peace and talks", "(peace AND and AND talks)"},
		{"a OR b", "(a OR b)"},
		{"a b OR c", "((a AND b) OR c)"},
		{"a OR b c", "(a OR (b AND c))"},
		{"a AND b OR c AND d", "((a AND b) OR (c AND d))"},
		{"(a OR b) c", "((a OR b) AND c)"},
		{"a (b OR (c d))", "(a AND (b OR (c AND d)))"},
		{"NOT a", "NOT a"},
		{"NOT a b", "(NOT a AND b)"},
		{"a NOT b", "(a AND NOT b)"},
		{"NOT (a OR b)", "NOT (a OR b)"},
		{"NOT NOT a", "a"},
		{"-a", "NOT a"},
		{"a -b -c", "(a AND NOT b AND NOT c)"},
		{`-"peace talks"`, `NOT "peace talks"`},
		{"-(a b)", "NOT (a AND b)"},
		{"+a +b", "(a AND b)"},
		{"a OR +b", "(a OR b)"},
		{`"peace talks"`, `"peace talks"`},
		{`  "  peace   talks "  `, `"peace   talks"`},
		{"“peace talks” Kyiv", `("peace talks" AND Kyiv)`},
		{"„Frieden“", `"Frieden"`},
		{`"a b" "c d"`, `("a b" AND "c d")`},
		{`foo"bar baz"`, `(foo AND "bar baz")`},
		{"title:ukraine", "title:ukraine"},
		{"Title:Ukraine war", "(title:Ukraine AND war)"},
		{`title:"grain deal"`, `title:"grain deal"`},
		{"title:(a OR b) c", "((title:a OR title:b) AND c)"},
		{"title:(a text:b)", "(title:a AND text:b)"},
		{"-title:a", "NOT title:a"},
		{"title:-a", "NOT title:a"},
		{"title: a", "(title: AND a)"},
		{"author:smith", "author:smith"},
		{"10:30", "10:30"},
		{"well-known", "well-known"},
		{"a - b", "(a AND b)"},
		{"a -- b", "(a AND -- AND b)"},
		{"don't", "don't"},
		{"U.S.", "U.S."},
		// Lenient handling of malformed input.
		{`"peace talks`, `"peace talks"`},
		{`a "`, "a"},
		{`""`, ""},
		{"(a OR b", "(a OR b)"},
		{"((a", "a"},
		{"a) b", "(a AND b)"},
		{")))", ""},
		{"()", ""},
		{"a ()", "a"},
		{"a OR", "a"},
		{"OR a", "a"},
		{"a OR OR b", "(a OR b)"},
		{"AND", ""},
		{"a AND AND b", "(a AND b)"},
		{"NOT", ""},
		{"a NOT", "a"},
		{"-", ""},
		{"+", ""},
		{"a NOT OR b", "(a OR b)"},
		{"title:", "title:"},
		{`title:""`, ""},
		{"NOT()", ""},
	}
	for _, tt := range tests {
		n, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		got := ""
		if n != nil {
			got = n.String()
		}
		if got != tt.want {
			t.Errorf("Parse(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseTree(t *testing.T) {
	n, err := Parse(`title:grain "Black Sea" -Russia`)
	if err != nil {
		t.Fatal(err)
	}
	want := And{Nodes: []Node{
		Term{Field: FieldTitle, Text: "grain"},
		Phrase{Text: "Black Sea"},
		Not{Node: Term{Text: "Russia"}},
	}}
	if !reflect.DeepEqual(n, want) {
		t.Errorf("got %#v, want %#v", n, want)
	}
}

func TestParseLimits(t *testing.T) {
	deep := strings.Repeat("(", MaxDepth+1) + "a"
	_, err := Parse(deep)
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("Parse(deep) error = %v, want *SyntaxError", err)
	}
	if se.Pos != MaxDepth {
		t.Errorf("deep: Pos = %d, want %d", se.Pos, MaxDepth)
	}
	if _, err := Parse(strings.Repeat("(", MaxDepth) + "a"); err != nil {
		t.Errorf("Parse at MaxDepth: %v", err)
	}

	many := strings.Repeat("w ", MaxTerms+1)
	_, err = Parse(many)
	if !errors.As(err, &se) {
		t.Fatalf("Parse(many) error = %v, want *SyntaxError", err)
	}
	if se.Pos != 2*MaxTerms {
		t.Errorf("many: Pos = %d, want %d", se.Pos, 2*MaxTerms)
	}
	if !strings.Contains(se.Error(), "byte") {
		t.Errorf("error text %q does not give the position", se.Error())
	}

	// Long chains of prefixes are not recursion.
	if _, err := Parse(strings.Repeat("NOT ", 100000) + "a"); err != nil {
		t.Errorf("NOT chain: %v", err)
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"peace talks", []string{"peace", "talks"}},
		{`"Black Sea" grain -Russia`, []string{"Black", "Sea", "grain"}},
		{`(a OR b) NOT (c d) a`, []string{"a", "b"}},
		{`NOT NOT a`, []string{"a"}},
		{`title:"U.S. talks"`, []string{"U", "S", "talks"}},
		{`-a -b`, nil},
	}
	for _, tt := range tests {
		n, err := Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := Terms(n); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// checkParse asserts the properties every parse must have: no panic, an
// error only of type *SyntaxError with a position inside the input, and a
// String form that parses back to the same tree.
func checkParse(t *testing.T, s string) {
	t.Helper()
	n, err := Parse(s)
	if err != nil {
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("Parse(%q): error %v is not a *SyntaxError", s, err)
		}
		if se.Pos < 0 || se.Pos > len(s) {
			t.Fatalf("Parse(%q): position %d outside the input", s, se.Pos)
		}
		return
	}
	if n == nil {
		return
	}
	checkTree(t, s, n)
	text := n.String()
	n2, err := Parse(text)
	if err != nil {
		t.Fatalf("Parse(%q) = %s, which does not parse again: %v", s, text, err)
	}
	if !reflect.DeepEqual(n, n2) {
		t.Fatalf("Parse(%q) = %s, which parses again to %s", s, text, n2)
	}
}

// checkTree asserts the shape invariants of a parsed tree.
func checkTree(t *testing.T, s string, n Node) {
	t.Helper()
	switch n := n.(type) {
	case Term:
		if n.Text == "" {
			t.Fatalf("Parse(%q): empty term", s)
		}
	case Phrase:
		if n.Text == "" {
			t.Fatalf("Parse(%q): empty phrase", s)
		}
	case And:
		if len(n.Nodes) < 2 {
			t.Fatalf("Parse(%q): And with %d nodes", s, len(n.Nodes))
		}
		for _, c := range n.Nodes {
			if _, ok := c.(And); ok {
				t.Fatalf("Parse(%q): And directly under And", s)
			}
			checkTree(t, s, c)
		}
	case Or:
		if len(n.Nodes) < 2 {
			t.Fatalf("Parse(%q): Or with %d nodes", s, len(n.Nodes))
		}
		for _, c := range n.Nodes {
			if _, ok := c.(Or); ok {
				t.Fatalf("Parse(%q): Or directly under Or", s)
			}
			checkTree(t, s, c)
		}
	case Not:
		if _, ok := n.Node.(Not); ok {
			t.Fatalf("Parse(%q): double negation left", s)
		}
		checkTree(t, s, n.Node)
	default:
		t.Fatalf("Parse(%q): unexpected node %T", s, n)
	}
}

var seeds = []string{
	"", "a", `"a b"`, "a OR b", "NOT a", "-a", "+a", "(a b) OR c", "title:a",
	`title:"a b"`, `“a”`, `"a`, "(a", "a)", "a OR", "NOT", "-", "--a", "title:",
	"title:(a -b)", "10:30", "\xff\xfe", "a\u00a0b", "NOT(a)OR(b)", "text:title:x",
}

func TestParseProperties(t *testing.T) {
	for _, s := range seeds {
		checkParse(t, s)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkParse(t, s)
		_ = Terms(nil)
		n, err := Parse(s)
		if err == nil {
			_ = Terms(n)
		}
	})
}
