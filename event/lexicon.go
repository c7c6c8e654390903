package event

import (
	"embed"
	"fmt"
	"slices"
	"strings"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/internal/datafile"
	"github.com/dateline-news/dateline/internal/inflect"
)

//go:embed data/*.txt
var dataFS embed.FS

// wordClass is a set of classes of data/words.txt.
type wordClass uint32

const (
	cAux wordClass = 1 << iota
	cFuture
	cNeg
	cBe
	cDet
	cPrep
	cBound
	cCoord
	cPron
	cRel
	cSince
	cActor
	cLight
	cIntend
	cMust
	cMilitary
	cAspect
)

var classNames = map[string]wordClass{
	"aux": cAux, "aspect": cAspect, "future": cFuture, "neg": cNeg, "be": cBe, "det": cDet, "prep": cPrep,
	"bound": cBound, "coord": cCoord, "pron": cPron, "rel": cRel, "since": cSince,
	"actor": cActor, "light": cLight, "intend": cIntend, "must": cMust, "military": cMilitary,
}

// trigger is one entry of data/triggers.txt.
type trigger struct {
	typ     string
	targets []string // "obj" or a preposition, in the order to try
	intent  bool     // an event verb in its "to" clause belongs to this event
	weak    bool     // only an event with an actor as source or target
	force   bool     // by an armed force, the "military" mood applies
	mutual  bool     // between the parties of a coordinated subject
}

// form is one way a trigger appears in text: an inflected verb with the
// words that must follow it and the nouns one of which must head its object.
type form struct {
	rest []string
	objs map[string]bool // nil: no object required
	kind inflect.Kind
	tr   *trigger
}

// lexicon holds the data files, loaded.
type lexicon struct {
	words map[string]wordClass
	forms map[string][]form // by the lower-case verb form
	mood  map[[2]string]string
	// must is the trigger of an obligation in reported speech whose verb
	// is no trigger: "the Red Cross said US forces must ensure security".
	must     *trigger
	triggers int
	digest   string
}

func (lx *lexicon) class(w string) wordClass { return lx.words[w] }

func loadLexicon() (*lexicon, error) {
	lx := &lexicon{words: map[string]wordClass{}, forms: map[string][]form{}, mood: map[[2]string]string{},
		must: &trigger{typ: "DEMAND"}}
	var err error
	if lx.digest, err = datafile.Digest(dataFS, "data/*.txt"); err != nil {
		return nil, err
	}
	read := func(name string) ([]datafile.Line, error) {
		b, err := dataFS.ReadFile("data/" + name)
		if err != nil {
			return nil, fmt.Errorf("event: reading %s: %w", name, err)
		}
		return datafile.Entries(string(b)), nil
	}
	types := map[string]bool{}
	for _, t := range dateline.EventTypes() {
		types[t] = true
	}

	lines, err := read("words.txt")
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		f := strings.Fields(datafile.StripComment(l.Text))
		if len(f) < 2 {
			return nil, fmt.Errorf("event: data/words.txt:%d: want a word and its classes", l.N)
		}
		for _, c := range f[1:] {
			cl, ok := classNames[c]
			if !ok {
				return nil, fmt.Errorf("event: data/words.txt:%d: unknown class %q", l.N, c)
			}
			lx.words[strings.ToLower(f[0])] |= cl
		}
	}

	if lines, err = read("modality.txt"); err != nil {
		return nil, err
	}
	for _, l := range lines {
		f := strings.Fields(datafile.StripComment(l.Text))
		if len(f) != 3 || f[0] != "future" && f[0] != "neg" && f[0] != "military" || f[1] != "*" && !types[f[1]] || f[2] != "-" && !types[f[2]] {
			return nil, fmt.Errorf("event: data/modality.txt:%d: want MOOD TYPE BECOMES, got %q", l.N, l.Text)
		}
		lx.mood[[2]string{f[0], f[1]}] = f[2]
	}

	if lines, err = read("triggers.txt"); err != nil {
		return nil, err
	}
	for _, l := range lines {
		lhs, rhs, ok := strings.Cut(datafile.StripComment(l.Text), ":")
		fail := func(format string, args ...any) error {
			return fmt.Errorf("event: data/triggers.txt:%d: %s", l.N, fmt.Sprintf(format, args...))
		}
		if !ok {
			return nil, fail("no ':' between the trigger and its type")
		}
		spec := strings.Fields(rhs)
		if len(spec) == 0 || !types[spec[0]] && spec[0] != "-" || spec[0] == "-" && len(spec) > 1 {
			return nil, fail("unknown or missing PLOVER type in %q", rhs)
		}
		tr := &trigger{typ: spec[0]}
		for _, s := range spec[1:] {
			switch s {
			case "intent":
				tr.intent = true
			case "weak":
				tr.weak = true
			case "force":
				tr.force = true
			case "mutual":
				tr.mutual = true
			default:
				if s != "obj" && lx.words[s]&cPrep == 0 && s != "to" {
					return nil, fail("%q is neither obj, a preposition nor a flag", s)
				}
				tr.targets = append(tr.targets, s)
			}
		}
		words := strings.Fields(strings.ToLower(lhs))
		if len(words) == 0 || len(words) > 2 || len(words) == 2 && !strings.HasPrefix(words[1], "~") {
			return nil, fail("want VERB[/PAST[/PART]][+WORD...] [~OBJECT[/OBJECT...]]")
		}
		var objs map[string]bool
		if len(words) == 2 {
			objs = map[string]bool{}
			for _, o := range strings.Split(strings.TrimPrefix(words[1], "~"), "/") {
				objs[o] = true
				objs[inflect.Plural(o)] = true
			}
		}
		parts := strings.Split(words[0], "+")
		forms := strings.Split(parts[0], "/")
		if len(forms) > 3 || slices.Contains(forms, "") || slices.Contains(parts, "") {
			return nil, fail("malformed verb %q", words[0])
		}
		for _, vf := range inflect.Verb(forms...) {
			lx.forms[vf.Word] = append(lx.forms[vf.Word], form{rest: parts[1:], objs: objs, kind: vf.Kind, tr: tr})
		}
		lx.triggers++
	}
	// The most specific forms first, so that matching can stop at the
	// first fit: more words after the verb, then an object required.
	for w, fs := range lx.forms {
		slices.SortStableFunc(fs, func(a, b form) int {
			if len(a.rest) != len(b.rest) {
				return len(b.rest) - len(a.rest)
			}
			return boolInt(b.objs != nil) - boolInt(a.objs != nil)
		})
		lx.forms[w] = fs
	}
	return lx, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
