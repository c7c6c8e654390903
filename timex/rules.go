package timex

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dateline-news/dateline/internal/datafile"
)

// alt is one alternative of a pattern element: a literal phrase, a
// vocabulary class or a builtin. Only class and builtin alternatives
// capture a value, under capName.
type alt struct {
	lit     []string
	litVal  string // a literal's value when captured: its tokens joined
	cls     *trie
	bi      *builtin
	capName string
}

// elem is one element of a pattern.
type elem struct {
	alts []alt
	opt  bool // may be skipped
	neg  bool // context elements only: must not match
	bos  bool // context elements only: "^", the sentence boundary, matches
}

// rule is one line of rules.txt.
type rule struct {
	id     int
	line   int
	typ    string // DATE, TIME, DURATION, SET, or NONE for a blocking rule
	before []elem // context before the match, nearest first
	elems  []elem
	after  []elem // context after the match, nearest first
	value  template
	mod    string
	attach bool // emit only when merged with an adjacent date
	noref  bool // a comparison ("a year ago"): does not become the reference date
	endref bool // the closing day of a period just named: the period stays the reference
	extent int  // if > 0, only the first extent elements form the expression
	src    string
}

// modifier is a MOD line: a phrase before or after a timex that sets its mod
// and becomes part of its extent.
type modifier struct {
	mod     string
	after   bool
	outside bool // sets the mod without joining the extent
	types   map[string]bool
	phrase  []string
}

// segment is a piece of a value template: literal text, a capture ($name)
// or a function call ({name arg ...}).
type segment struct {
	lit  string
	cap  string
	fn   string
	args []arg
}

type arg struct {
	lit string
	cap string
}

type template []segment

var validTypes = map[string]bool{"DATE": true, "TIME": true, "DURATION": true, "SET": true, "NONE": true}

var validMods = map[string]bool{
	"BEFORE": true, "AFTER": true, "ON_OR_BEFORE": true, "ON_OR_AFTER": true,
	"LESS_THAN": true, "MORE_THAN": true, "EQUAL_OR_LESS": true, "EQUAL_OR_MORE": true,
	"START": true, "MID": true, "END": true, "APPROX": true,
}

// parseRules reads rules.txt.
func parseRules(name, src string, lx *lexicon) ([]*rule, []modifier, error) {
	var rules []*rule
	var mods []modifier
	for _, l := range datafile.Entries(src) {
		line, s := l.N, l.Text
		typ, rest, _ := strings.Cut(s, " ")
		rest = strings.TrimSpace(rest)
		if typ == "MOD" {
			ms, err := parseMod(rest)
			if err != nil {
				return nil, nil, fmt.Errorf("%s:%d: %w", name, line, err)
			}
			mods = append(mods, ms...)
			continue
		}
		if !validTypes[typ] {
			return nil, nil, fmt.Errorf("%s:%d: unknown type %q (want DATE, TIME, DURATION, SET, NONE or MOD)", name, line, typ)
		}
		r, err := parseRule(typ, rest, lx)
		if err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		r.id = len(rules)
		r.line = line
		r.src = s
		rules = append(rules, r)
	}
	return rules, mods, nil
}

// parseMod reads "NAME before|after TYPE,TYPE: phrase | phrase".
func parseMod(s string) ([]modifier, error) {
	head, rest, ok := strings.Cut(s, ":")
	if !ok {
		return nil, fmt.Errorf("MOD: want \"MOD NAME before|after|before-outside TYPES: phrase | ...\"")
	}
	f := strings.Fields(head)
	if len(f) != 3 || !validMods[f[0]] || (f[1] != "before" && f[1] != "after" && f[1] != "before-outside") {
		return nil, fmt.Errorf("MOD: bad head %q", head)
	}
	types := make(map[string]bool)
	for _, t := range strings.Split(f[2], ",") {
		if !validTypes[t] || t == "NONE" {
			return nil, fmt.Errorf("MOD: bad type %q", t)
		}
		types[t] = true
	}
	var ms []modifier
	for _, ph := range strings.Split(rest, "|") {
		p := tokenizePhrase(ph)
		if len(p.toks) == 0 {
			return nil, fmt.Errorf("MOD: empty phrase")
		}
		ms = append(ms, modifier{mod: f[0], after: f[1] == "after", outside: f[1] == "before-outside", types: types, phrase: p.toks})
	}
	return ms, nil
}

// splitPattern splits a pattern at spaces outside (), [] and <>. Inside a
// context [...] only "]" is special, so brackets can be context literals.
func splitPattern(s string) ([]string, error) {
	var out []string
	depth, start := 0, -1
	inCtx := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inCtx:
			if c == ']' {
				inCtx = false
				depth--
			}
		case c == '[':
			inCtx = true
			depth++
		case c == '(' || c == '<':
			depth++
		case c == ')' || c == '>':
			depth--
		case c == ' ' || c == '\t':
			if depth == 0 {
				if start >= 0 {
					out = append(out, s[start:i])
					start = -1
				}
				continue
			}
		}
		if start < 0 {
			start = i
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("unbalanced brackets in %q", s)
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out, nil
}

func parseRule(typ, s string, lx *lexicon) (*rule, error) {
	pat, val, ok := strings.Cut(s, "=>")
	if !ok {
		return nil, fmt.Errorf("missing \"=>\"")
	}
	r := &rule{typ: typ}
	parts, err := splitPattern(strings.TrimSpace(pat))
	if err != nil {
		return nil, err
	}
	var ctxBefore, ctxAfter []elem
	for _, p := range parts {
		isCtx := strings.HasPrefix(p, "[") && strings.HasSuffix(p, "]")
		e, err := parseElem(p, isCtx, lx)
		if err != nil {
			return nil, err
		}
		switch {
		case isCtx && len(r.elems) == 0:
			ctxBefore = append(ctxBefore, e)
		case isCtx:
			ctxAfter = append(ctxAfter, e)
		case len(ctxAfter) > 0:
			return nil, fmt.Errorf("pattern element %q after a trailing context", p)
		default:
			r.elems = append(r.elems, e)
		}
	}
	if len(r.elems) == 0 {
		return nil, fmt.Errorf("empty pattern")
	}
	for i := len(ctxBefore) - 1; i >= 0; i-- {
		r.before = append(r.before, ctxBefore[i])
	}
	r.after = ctxAfter
	// The value template runs to the first space outside braces; options
	// follow.
	val = strings.TrimSpace(val)
	depth, end := 0, len(val)
	for i := 0; i < len(val); i++ {
		switch val[i] {
		case '{':
			depth++
		case '}':
			depth--
		case ' ', '\t':
			if depth == 0 && end == len(val) {
				end = i
			}
		}
	}
	tmpl, opts := val[:end], strings.Fields(val[end:])
	if typ == "NONE" {
		if tmpl != "-" {
			return nil, fmt.Errorf("a NONE rule has the value \"-\"")
		}
	} else {
		if r.value, err = parseTemplate(tmpl); err != nil {
			return nil, err
		}
		caps := make(map[string]bool)
		for _, e := range r.elems {
			for _, a := range e.alts {
				if a.capName != "" {
					caps[a.capName] = true
				}
			}
		}
		if err := r.value.check(caps); err != nil {
			return nil, err
		}
	}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch {
		case k == "mod" && validMods[v]:
			r.mod = v
		case k == "attach" && v == "":
			r.attach = true
		case k == "noref" && v == "":
			r.noref = true
		case k == "endref" && v == "":
			r.endref = true
		case k == "extent":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n >= len(r.elems) {
				return nil, fmt.Errorf("bad option %q: want extent=N, 0 < N < %d", o, len(r.elems))
			}
			r.extent = n
		default:
			return nil, fmt.Errorf("unknown option %q", o)
		}
	}
	return r, nil
}

func parseElem(p string, isCtx bool, lx *lexicon) (elem, error) {
	var e elem
	litCap := ""
	if isCtx {
		p = p[1 : len(p)-1]
		if strings.HasPrefix(p, "!") {
			e.neg = true
			p = p[1:]
		}
	} else {
		if strings.HasSuffix(p, "?") && len(p) > 1 {
			e.opt = true
			p = p[:len(p)-1]
		}
		// "(year|month):unit" captures the literal that matched as $unit.
		if i := strings.LastIndex(p, "):"); i > 0 && strings.HasPrefix(p, "(") {
			litCap = p[i+2:]
			p = p[:i+1]
		}
		if strings.HasPrefix(p, "(") && strings.HasSuffix(p, ")") {
			p = p[1 : len(p)-1]
		}
	}
	for _, a := range strings.Split(p, "|") {
		a = strings.TrimSpace(a)
		switch {
		case a == "":
			// A bare "|" is the literal bar: not used by the rules.
			return e, fmt.Errorf("empty alternative in %q", p)
		case a == "^" && isCtx:
			e.bos = true
		case strings.HasPrefix(a, "<") && strings.HasSuffix(a, ">") && len(a) > 2:
			name := a[1 : len(a)-1]
			class, capName, ok := strings.Cut(name, ":")
			if !ok {
				capName = class
			}
			al := alt{capName: capName}
			if isCtx {
				al.capName = ""
			}
			if bi := builtins[class]; bi != nil {
				al.bi = bi
			} else if t := lx.classes[class]; t != nil {
				al.cls = t
			} else {
				return e, fmt.Errorf("unknown class <%s>", class)
			}
			e.alts = append(e.alts, al)
		case strings.Contains(a, "<"):
			return e, fmt.Errorf("alternative %q mixes words and a <class>: write one rule per alternative", a)
		default:
			ph := tokenizePhrase(a)
			if len(ph.toks) == 0 {
				return e, fmt.Errorf("empty literal in %q", p)
			}
			e.alts = append(e.alts, alt{lit: ph.toks, litVal: strings.Join(ph.toks, " "), capName: litCap})
		}
	}
	return e, nil
}

// parseTemplate reads a value template: literal text with $capture and
// {function arg ...} substitutions.
func parseTemplate(s string) (template, error) {
	var t template
	lit := strings.Builder{}
	flush := func() {
		if lit.Len() > 0 {
			t = append(t, segment{lit: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '$':
			j := i + 1
			for j < len(s) && (isASCIILetter(s[j]) || isDigit(s[j]) || s[j] == '_') {
				j++
			}
			if j == i+1 {
				return nil, fmt.Errorf("bad capture in value %q", s)
			}
			flush()
			t = append(t, segment{cap: s[i+1 : j]})
			i = j
		case c == '{':
			j := strings.IndexByte(s[i:], '}')
			if j < 0 {
				return nil, fmt.Errorf("unclosed { in value %q", s)
			}
			f := strings.Fields(s[i+1 : i+j])
			if len(f) == 0 {
				return nil, fmt.Errorf("empty {} in value %q", s)
			}
			fn := funcs[f[0]]
			if fn == nil {
				return nil, fmt.Errorf("unknown function %q in value %q", f[0], s)
			}
			if len(f)-1 < fn.minArgs || len(f)-1 > fn.maxArgs {
				return nil, fmt.Errorf("function %s takes %d to %d arguments, got %d", f[0], fn.minArgs, fn.maxArgs, len(f)-1)
			}
			seg := segment{fn: f[0]}
			for _, a := range f[1:] {
				if strings.HasPrefix(a, "$") {
					seg.args = append(seg.args, arg{cap: a[1:]})
				} else {
					seg.args = append(seg.args, arg{lit: a})
				}
			}
			flush()
			t = append(t, seg)
			i += j + 1
		default:
			lit.WriteByte(c)
			i++
		}
	}
	flush()
	if len(t) == 0 {
		return nil, fmt.Errorf("empty value")
	}
	return t, nil
}

// check reports a capture that the pattern does not define.
func (t template) check(caps map[string]bool) error {
	for _, s := range t {
		if s.cap != "" && !caps[s.cap] {
			return fmt.Errorf("value uses $%s, which the pattern does not capture", s.cap)
		}
		for _, a := range s.args {
			if a.cap != "" && !caps[a.cap] {
				return fmt.Errorf("value uses $%s, which the pattern does not capture", a.cap)
			}
		}
	}
	return nil
}
