package quote

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/datafile"
	"github.com/dateline-news/dateline/internal/inflect"
)

//go:embed data
var dataFS embed.FS

// wordClass is a set of word classes of data/words.txt.
type wordClass uint32

const (
	wDet wordClass = 1 << iota
	wPron
	wObjPron
	wRel
	wAux
	wAdv
	wDay
	wPrep
	wSub
	wVerb
	wRole
	wTitle
	wOrgHead
	wMale
	wFemale
	wResearch
)

var classNames = map[string]wordClass{
	"det": wDet, "pron": wPron, "objpron": wObjPron, "rel": wRel, "aux": wAux,
	"adv": wAdv, "day": wDay, "prep": wPrep, "sub": wSub, "verb": wVerb,
	"role": wRole, "title": wTitle, "orghead": wOrgHead, "m": wMale, "f": wFemale,
	"research": wResearch,
}

// frame is a set of the complement frames of data/cues.txt.
type frame uint32

const (
	fThat      frame = 1 << iota // clause, with or without "that"
	fThatOnly                    // clause only after an explicit "that"
	fWh                          // whether / if / wh- clause
	fTo                          // to-infinitive
	fObjTo                       // object + to-infinitive
	fObj                         // noun-phrase object
	fRcpt                        // recipient object first
	fQuote                       // introduces quotations
	fInv                         // subject may follow
	fPass                        // passive is an attribution
	fWeak                        // low precision
	fAfter                       // phrase: source follows, content is the clause
	fNoun                        // noun cue
	fNounBase                    // base and -s forms are usually nouns
	fQObj                        // object content only with a quotation
	fSubj                        // no source: the content is the clause, subject included
	fAdj                         // an adjective after a linking verb: "is confident that"
	fObjAs                       // an object followed by "as": "sees Cruz as a uniter"
	fRcptFirst                   // a noun phrase right after the cue is the recipient
	fNone                        // not a cue: a fixed phrase that starts with one
)

var frameNames = map[string]frame{
	"that": fThat, "that!": fThatOnly, "wh": fWh, "to": fTo, "objto": fObjTo,
	"obj": fObj, "rcpt": fRcpt, "rcpt!": fRcpt | fRcptFirst, "quote": fQuote, "inv": fInv, "pass": fPass,
	"weak": fWeak, "after": fAfter, "noun": fNoun, "nb": fNounBase, "qobj": fQObj,
	"subj": fSubj, "adj": fAdj, "objas": fObjAs, "none": fNone,
}

// prepositions that may introduce the content of a cue ("spoke about").
var contentPreps = []string{"about", "on", "of", "for", "over", "to", "as", "at", "with", "against", "in", "by"}

// verbForm is the inflection of a matched cue word.
type verbForm uint8

const (
	vBase verbForm = 1 << iota
	vS
	vPast
	vPart
	vIng
	vPhrase // not a verb
)

// cue is one entry of data/cues.txt or data/phrases.txt.
type cue struct {
	lemma  string
	frames frame
	preps  []string // content prepositions, from the frames
}

func (c *cue) has(f frame) bool { return c.frames&f != 0 }

func (c *cue) takesPrep(p string) bool {
	for _, q := range c.preps {
		if q == p {
			return true
		}
	}
	return false
}

// cueForm is one surface form of a cue: the words after the first one (for
// phrases and particle verbs) and the inflection of the first.
type cueForm struct {
	rest []string
	form verbForm
	cue  *cue
}

// pronoun features, from data/pronouns.txt.
type pronoun struct {
	gender byte // 'm', 'f' or '-'
	number byte // 's', 'p' or '-'
	kind   string
}

// word is what the lexicon knows about one lower-case word form.
type word struct {
	key   string
	cls   wordClass
	forms []cueForm // cue forms whose first word this is
	pron  *pronoun
}

// lexicon is the parsed data directory. It is immutable after load.
type lexicon struct {
	words   map[string]*word
	caps    map[string]*word // all-capital forms: "US" is a title, not "us"
	digest  string
	entries int
}

func (lx *lexicon) get(key string) *word {
	w := lx.words[key]
	if w == nil {
		w = &word{key: key}
		lx.words[key] = w
	}
	return w
}

// lookup returns the lexicon's entry for the token s, lower-cased, or nil.
// It does not allocate for ASCII tokens.
func (lx *lexicon) lookup(s string) *word {
	var buf [48]byte
	if len(s) > len(buf) {
		return nil
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	if ascii {
		if len(s) >= 2 && isUpperASCII(s) {
			return lx.caps[string(buf[:len(s)])]
		}
		return lx.words[string(buf[:len(s)])]
	}
	// Typographic apostrophes count as straight ones ("n’t", "’s").
	return lx.words[strings.ToLower(strings.ReplaceAll(s, "’", "'"))]
}

// dataLines returns the entries of a data file, without their trailing
// "# comments" (no entry of these files holds a #).
func dataLines(name string) ([]datafile.Line, error) {
	b, err := fs.ReadFile(dataFS, "data/"+name)
	if err != nil {
		return nil, err
	}
	var out []datafile.Line
	for _, l := range datafile.Entries(string(b)) {
		if l.Text = datafile.StripComment(l.Text); l.Text != "" {
			out = append(out, l)
		}
	}
	return out, nil
}

// loadLexicon parses the embedded data files.
func loadLexicon() (*lexicon, error) {
	lx := &lexicon{words: map[string]*word{}}
	var err error
	if lx.digest, err = datafile.Digest(dataFS, "data/*"); err != nil {
		return nil, err
	}

	for _, file := range []string{"words.txt", "names.txt"} {
		lines, err := dataLines(file)
		if err != nil {
			return nil, err
		}
		var cls wordClass
		for _, ln := range lines {
			l := ln.Text
			if strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]") {
				c, ok := classNames[l[1:len(l)-1]]
				if !ok {
					return nil, fmt.Errorf("data/%s:%d: unknown class %s", file, ln.N, l)
				}
				cls = c
				continue
			}
			if cls == 0 {
				return nil, fmt.Errorf("data/%s:%d: words before the first [class]", file, ln.N)
			}
			for _, w := range strings.Fields(l) {
				lx.get(strings.ToLower(w)).cls |= cls
			}
		}
	}

	lines, err := dataLines("pronouns.txt")
	if err != nil {
		return nil, err
	}
	for _, ln := range lines {
		l := ln.Text
		f := strings.Fields(l)
		if len(f) != 4 {
			return nil, fmt.Errorf("data/pronouns.txt:%d: want 4 fields: %q", ln.N, l)
		}
		lx.get(f[0]).pron = &pronoun{gender: f[1][0], number: f[2][0], kind: f[3]}
	}

	for _, file := range []string{"cues.txt", "phrases.txt"} {
		lines, err := dataLines(file)
		if err != nil {
			return nil, err
		}
		for _, ln := range lines {
			l := ln.Text
			head, fr, ok := strings.Cut(l, ":")
			if !ok {
				return nil, fmt.Errorf("data/%s:%d: no ':' in %q", file, ln.N, l)
			}
			c := &cue{}
			for _, f := range strings.Fields(fr) {
				if v, ok := frameNames[f]; ok {
					c.frames |= v
					continue
				}
				found := false
				for _, p := range contentPreps {
					if p == f {
						c.preps = append(c.preps, f)
						found = true
					}
				}
				if !found {
					return nil, fmt.Errorf("data/%s:%d: unknown frame %q in %q", file, ln.N, f, l)
				}
			}
			head = strings.ToLower(strings.TrimSpace(head))
			if file == "phrases.txt" {
				ws := strings.Fields(head)
				c.lemma = head
				lx.addForm(ws, vPhrase, c)
				lx.entries++
				continue
			}
			parts := strings.Split(head, "+")
			forms := strings.Split(parts[0], "/")
			particles := parts[1:]
			c.lemma = strings.Join(append([]string{forms[0]}, particles...), " ")
			if c.has(fAdj) {
				// an adjective has one form
				lx.addForm(append([]string{forms[0]}, particles...), vBase, c)
				lx.entries++
				continue
			}
			for _, vf := range inflect.Verb(forms...) {
				lx.addForm(append([]string{vf.Word}, particles...), inflectKind[vf.Kind], c)
			}
			lx.entries++
		}
	}
	// All-capital words are acronyms or headings: only titles and
	// organisation heads keep their class ("US", "UN"), with none of the
	// function-word classes of their lower-case twins ("us", "it").
	lx.caps = map[string]*word{}
	for k, w := range lx.words {
		if c := w.cls & (wTitle | wOrgHead); c != 0 {
			lx.caps[k] = &word{key: k, cls: c}
		}
	}
	return lx, nil
}

// isUpperASCII reports whether s has letters and all of them are capitals.
func isUpperASCII(s string) bool {
	letters := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' {
			return false
		}
		if 'A' <= c && c <= 'Z' {
			letters++
		}
	}
	return letters >= 2
}

func (lx *lexicon) addForm(ws []string, f verbForm, c *cue) {
	w := lx.get(ws[0])
	rest := ws[1:]
	for i := range w.forms {
		o := &w.forms[i]
		if o.cue.lemma == c.lemma && strings.Join(o.rest, " ") == strings.Join(rest, " ") && (o.form&vPhrase != 0) == (f&vPhrase != 0) {
			o.form |= f
			o.cue.frames |= c.frames
			o.cue.preps = append(o.cue.preps, c.preps...)
			return
		}
	}
	for _, r := range rest {
		lx.get(r)
	}
	w.forms = append(w.forms, cueForm{rest: rest, form: f, cue: c})
	// Longest phrases first, so that matching can stop at the first fit.
	sort.SliceStable(w.forms, func(i, j int) bool { return len(w.forms[i].rest) > len(w.forms[j].rest) })
}

// inflectKind maps an inflection to the layer's verb form.
var inflectKind = [...]verbForm{inflect.Base: vBase, inflect.S: vS, inflect.Ing: vIng, inflect.Past: vPast, inflect.Part: vPart}

// isCapitalised reports whether s begins with an upper-case letter.
func isCapitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
