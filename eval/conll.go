package eval

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/dateline-news/dateline"
)

// CoNLLSentence is one sentence of a CoNLL named-entity file: the words
// and their gold labels, as written in the file (IOB1 or IOB2, with the
// file's own type names).
type CoNLLSentence struct {
	Words []string
	Tags  []string
}

// CoNLLDoc is one document of a CoNLL file. CoNLL-2003 files separate
// documents with -DOCSTART- lines, CoNLL-U style files (Universal NER) with
// "# newdoc" comments; a file with neither is a single document.
type CoNLLDoc struct {
	ID        string
	Sentences []CoNLLSentence
}

// Words returns the words of every sentence.
func (d *CoNLLDoc) Words() [][]string {
	out := make([][]string, len(d.Sentences))
	for i, s := range d.Sentences {
		out[i] = s.Words
	}
	return out
}

// ReadCoNLL reads a named-entity file in one of the CoNLL column formats:
//
//   - CoNLL-2003: "word POS chunk NE" per line separated by spaces (the word
//     is the first column and the label the last), blank lines between
//     sentences, -DOCSTART- lines between documents;
//   - Universal NER (.iob2): CoNLL-U-like tab-separated "id word label ..."
//     lines with "#" comment lines, "# newdoc" starting a document.
//
// Labels may be IOB1 or IOB2; scoring reads both the way conlleval does.
func ReadCoNLL(path string) ([]CoNLLDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	docs, err := ParseCoNLL(path, f)
	if err != nil {
		return nil, err
	}
	return docs, nil
}

// ParseCoNLL parses a CoNLL named-entity file read from r; name is used in
// error messages. See ReadCoNLL for the formats.
func ParseCoNLL(name string, r io.Reader) ([]CoNLLDoc, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	var docs []CoNLLDoc
	var cur CoNLLDoc
	var sent CoNLLSentence
	endSent := func() {
		if len(sent.Words) > 0 {
			cur.Sentences = append(cur.Sentences, sent)
		}
		sent = CoNLLSentence{}
	}
	endDoc := func(nextID string) {
		endSent()
		if len(cur.Sentences) > 0 {
			if cur.ID == "" {
				cur.ID = strconv.Itoa(len(docs) + 1)
			}
			docs = append(docs, cur)
		}
		cur = CoNLLDoc{ID: nextID}
	}
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimRight(sc.Text(), "\r\n ")
		switch {
		case strings.TrimSpace(l) == "":
			endSent()
			continue
		case strings.HasPrefix(l, "-DOCSTART-"):
			endDoc("")
			continue
		case strings.HasPrefix(l, "#"):
			if rest, ok := strings.CutPrefix(l, "# newdoc"); ok {
				id := ""
				if _, v, ok := strings.Cut(rest, "="); ok {
					id = strings.TrimSpace(v)
				}
				endDoc(id)
			}
			continue
		}
		var word, tag string
		if strings.Contains(l, "\t") {
			f := strings.Split(l, "\t")
			if len(f) >= 3 && conllIsIndex(f[0]) {
				word, tag = f[1], f[2]
			} else if len(f) >= 2 {
				word, tag = f[0], f[len(f)-1]
			}
		} else {
			f := strings.Fields(l)
			if len(f) >= 2 {
				word, tag = f[0], f[len(f)-1]
			}
		}
		if word == "" || tag == "" {
			return nil, &dateline.InputError{File: name, Line: line, Err: fmt.Errorf("want a word and a label, got %q", l)}
		}
		if tag != "O" && !(len(tag) > 2 && (tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-') {
			return nil, &dateline.InputError{File: name, Line: line, Err: fmt.Errorf("label %q is not O, B-TYPE or I-TYPE", tag)}
		}
		sent.Words = append(sent.Words, word)
		sent.Tags = append(sent.Tags, tag)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: %s: %w", name, err)
	}
	endDoc("")
	return docs, nil
}

func conllIsIndex(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' && s[i] != '-' {
			return false
		}
	}
	return true
}

// EntityType maps a corpus entity type to dateline's: PER and PERSON to
// PERSON; ORG, LOC and MISC as they are; GPE and LOCATION to LOC;
// ORGANIZATION to ORG. Other types are returned unchanged.
func EntityType(t string) string {
	switch strings.ToUpper(t) {
	case "PER", "PERSON":
		return dateline.EntityPerson
	case "ORG", "ORGANIZATION", "ORGANISATION":
		return dateline.EntityOrg
	case "LOC", "LOCATION", "GPE":
		return dateline.EntityLoc
	case "MISC":
		return dateline.EntityMisc
	}
	return t
}

// CoNLLChunk is one labelled span of a token sequence: tokens [Start, End).
type CoNLLChunk struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Type  string `json:"type"`
}

// CoNLLChunks returns the entity chunks of a label sequence the way conlleval
// reads it, so that IOB1, IOB2 and BILOU (IOBES) sequences all work: a
// chunk starts at a B-, U- or S- label, at an I- or L- label after O or
// after a label of another type, and ends before the next label that
// starts a chunk or is not of its type, and after an L-, E-, U- or S-
// label. Types go through EntityType.
func CoNLLChunks(tags []string) []CoNLLChunk {
	var out []CoNLLChunk
	open := -1
	typ := ""
	closeAt := func(i int) {
		if open >= 0 {
			out = append(out, CoNLLChunk{open, i, typ})
			open = -1
			typ = ""
		}
	}
	for i, t := range tags {
		p, ty := conllSplitTag(t)
		switch p {
		case 'O':
			closeAt(i)
		case 'B', 'U', 'S':
			closeAt(i)
			open, typ = i, ty
		case 'I', 'L', 'E':
			if open < 0 || ty != typ {
				closeAt(i)
				open, typ = i, ty
			}
		}
		if p == 'L' || p == 'E' || p == 'U' || p == 'S' {
			closeAt(i + 1)
		}
	}
	closeAt(len(tags))
	return out
}

func conllSplitTag(t string) (byte, string) {
	if len(t) < 3 || t[1] != '-' {
		return 'O', ""
	}
	return t[0], EntityType(t[2:])
}

// CoNLLTagger labels the sentences of one document. TagDocument returns one
// label per word, in IOB2 (or BILOU), with dateline's entity types or the
// corpus's: they are mapped with EntityType before scoring. A tagger may
// use the whole document (document-level features).
type CoNLLTagger interface {
	TagDocument(sentences [][]string) [][]string
}

// CoNLLOptions restricts a CoNLL evaluation.
type CoNLLOptions struct {
	// Types, if set, lists the entity types scored (dateline's names, such
	// as PERSON, ORG, LOC for Universal NER, which has no MISC): gold and
	// system chunks of other types are ignored.
	Types []string
	// GoldTypesOnly scores only the types that occur in the gold data, for
	// corpora that do not annotate every type (Universal NER has no MISC).
	// It is ignored when Types is set.
	GoldTypesOnly bool
}

// CoNLLScores are the chunk counts and scores of one entity type or of
// all of them, as conlleval computes them: a system chunk is correct when
// a gold chunk has the same first and last token and the same type.
type CoNLLScores struct {
	Gold   int `json:"gold"`
	System int `json:"system"`
	PRF
}

// CoNLLError is one disagreement with the gold standard.
type CoNLLError struct {
	Doc      string      `json:"doc"`
	Sentence int         `json:"sentence"` // index within the document
	Kind     string      `json:"kind"`     // missed, spurious, type, boundary
	Gold     *CoNLLChunk `json:"gold,omitempty"`
	System   *CoNLLChunk `json:"system,omitempty"`
	GoldText string      `json:"gold_text,omitempty"`
	SysText  string      `json:"system_text,omitempty"`
	Context  string      `json:"context"` // the sentence, the gold (else system) chunk in [[ ]]
}

// CoNLLResult is the evaluation of a tagger on a CoNLL file.
type CoNLLResult struct {
	Docs      int                    `json:"docs"`
	Sentences int                    `json:"sentences"`
	Tokens    int                    `json:"tokens"`
	Accuracy  float64                `json:"token_accuracy"` // percent of tokens whose chunk label (type and begin/inside/outside) is right
	Overall   CoNLLScores            `json:"overall"`
	Types     map[string]CoNLLScores `json:"types"`
	Errors    []CoNLLError           `json:"errors,omitempty"`
}

type conllCounts struct{ gold, system, correct int }

// CoNLLScorer accumulates chunk counts over many sentences. The zero value
// scores every type.
type CoNLLScorer struct {
	Types     []string // if set, the only types scored
	counts    map[string]*conllCounts
	total     conllCounts
	tokens    int
	tokOK     int
	sentences int
}

func (s *CoNLLScorer) keep(t string) bool {
	if len(s.Types) == 0 {
		return true
	}
	for _, x := range s.Types {
		if x == t {
			return true
		}
	}
	return false
}

func (s *CoNLLScorer) filter(cs []CoNLLChunk) []CoNLLChunk {
	if len(s.Types) == 0 {
		return cs
	}
	out := cs[:0:0]
	for _, c := range cs {
		if s.keep(c.Type) {
			out = append(out, c)
		}
	}
	return out
}

func (s *CoNLLScorer) get(t string) *conllCounts {
	if s.counts == nil {
		s.counts = map[string]*conllCounts{}
	}
	c := s.counts[t]
	if c == nil {
		c = &conllCounts{}
		s.counts[t] = c
	}
	return c
}

// Add scores one sentence: gold and system label sequences of the same
// length. It returns the gold and system chunks that are not matched.
func (s *CoNLLScorer) Add(gold, system []string) (missed, spurious []CoNLLChunk) {
	g := s.filter(CoNLLChunks(gold))
	y := s.filter(CoNLLChunks(system))
	s.sentences++
	// Token accuracy on the chunk structure (conlleval's "accuracy").
	gl := conllChunkLabels(g, len(gold))
	yl := conllChunkLabels(y, len(gold))
	for i := range gl {
		s.tokens++
		if gl[i] == yl[i] {
			s.tokOK++
		}
	}
	sys := map[CoNLLChunk]bool{}
	for _, c := range y {
		sys[c] = true
		s.get(c.Type).system++
		s.total.system++
	}
	matched := map[CoNLLChunk]bool{}
	for _, c := range g {
		s.get(c.Type).gold++
		s.total.gold++
		if sys[c] {
			s.get(c.Type).correct++
			s.total.correct++
			matched[c] = true
		} else {
			missed = append(missed, c)
		}
	}
	for _, c := range y {
		if !matched[c] {
			spurious = append(spurious, c)
		}
	}
	return missed, spurious
}

func conllChunkLabels(cs []CoNLLChunk, n int) []string {
	l := make([]string, n)
	for i := range l {
		l[i] = "O"
	}
	for _, c := range cs {
		for i := c.Start; i < c.End && i < n; i++ {
			if i == c.Start {
				l[i] = "B-" + c.Type
			} else {
				l[i] = "I-" + c.Type
			}
		}
	}
	return l
}

// Overall returns the scores over every type.
func (s *CoNLLScorer) Overall() CoNLLScores {
	return CoNLLScores{Gold: s.total.gold, System: s.total.system, PRF: newPRF(s.total.correct, s.total.system, s.total.gold)}
}

// ByType returns the scores of each type seen in gold or system chunks.
func (s *CoNLLScorer) ByType() map[string]CoNLLScores {
	out := map[string]CoNLLScores{}
	for t, c := range s.counts {
		out[t] = CoNLLScores{Gold: c.gold, System: c.system, PRF: newPRF(c.correct, c.system, c.gold)}
	}
	return out
}

// Accuracy returns the percentage of tokens with the right chunk label.
func (s *CoNLLScorer) Accuracy() float64 {
	if s.tokens == 0 {
		return 0
	}
	return 100 * float64(s.tokOK) / float64(s.tokens)
}

// EvalCoNLL tags the words of every document with t and scores the labels
// against the gold ones.
func EvalCoNLL(ctx context.Context, docs []CoNLLDoc, t CoNLLTagger, opt CoNLLOptions) (*CoNLLResult, error) {
	sc := CoNLLScorer{Types: opt.Types}
	if len(sc.Types) == 0 && opt.GoldTypesOnly {
		sc.Types = GoldTypes(docs)
	}
	res := &CoNLLResult{Docs: len(docs)}
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		words := d.Words()
		tags := t.TagDocument(words)
		if len(tags) != len(words) {
			return nil, fmt.Errorf("eval: document %s: tagger returned %d sentences for %d", d.ID, len(tags), len(words))
		}
		for si, s := range d.Sentences {
			if len(tags[si]) != len(s.Words) {
				return nil, fmt.Errorf("eval: document %s, sentence %d: tagger returned %d labels for %d words", d.ID, si, len(tags[si]), len(s.Words))
			}
			missed, spurious := sc.Add(s.Tags, tags[si])
			res.Errors = append(res.Errors, conllErrors(d.ID, si, s.Words, missed, spurious)...)
		}
	}
	res.Sentences = sc.sentences
	res.Tokens = sc.tokens
	res.Accuracy = sc.Accuracy()
	res.Overall = sc.Overall()
	res.Types = sc.ByType()
	return res, nil
}

// GoldTypes returns the entity types (dateline's names) that occur in the
// gold labels of docs, sorted.
func GoldTypes(docs []CoNLLDoc) []string {
	seen := map[string]bool{}
	for _, d := range docs {
		for _, s := range d.Sentences {
			for _, c := range CoNLLChunks(s.Tags) {
				seen[c.Type] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// EvalCoNLLFile reads a CoNLL file and evaluates t on it.
func EvalCoNLLFile(ctx context.Context, path string, t CoNLLTagger, opt CoNLLOptions) (*CoNLLResult, error) {
	docs, err := ReadCoNLL(path)
	if err != nil {
		return nil, err
	}
	return EvalCoNLL(ctx, docs, t, opt)
}

func conllErrors(doc string, si int, words []string, missed, spurious []CoNLLChunk) []CoNLLError {
	var out []CoNLLError
	usedS := make([]bool, len(spurious))
	text := func(c CoNLLChunk) string { return strings.Join(words[c.Start:c.End], " ") }
	for _, g := range missed {
		e := CoNLLError{Doc: doc, Sentence: si, Kind: "missed", GoldText: text(g)}
		gg := g
		e.Gold = &gg
		for j, s := range spurious {
			if usedS[j] || s.End <= g.Start || g.End <= s.Start {
				continue
			}
			usedS[j] = true
			ss := s
			e.System = &ss
			e.SysText = text(s)
			if s.Start == g.Start && s.End == g.End {
				e.Kind = "type"
			} else {
				e.Kind = "boundary"
			}
			break
		}
		e.Context = conllContext(words, g)
		out = append(out, e)
	}
	for j, s := range spurious {
		if usedS[j] {
			continue
		}
		ss := s
		out = append(out, CoNLLError{Doc: doc, Sentence: si, Kind: "spurious", System: &ss, SysText: text(s), Context: conllContext(words, s)})
	}
	sort.SliceStable(out, func(i, j int) bool { return conllErrChunk(out[i]).Start < conllErrChunk(out[j]).Start })
	return out
}

func conllErrChunk(e CoNLLError) *CoNLLChunk {
	if e.Gold != nil {
		return e.Gold
	}
	return e.System
}

func conllContext(words []string, c CoNLLChunk) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		if i == c.Start {
			b.WriteString("[[")
		}
		b.WriteString(w)
		if i == c.End-1 {
			b.WriteString("]]")
		}
	}
	return b.String()
}

// WriteText prints the result as a conlleval-style table and, when errs
// is set, the errors one per line.
func (r *CoNLLResult) WriteText(w io.Writer, errs bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "processed %d tokens in %d sentences, %d documents; found: %d entities; correct: %d.\n",
		r.Tokens, r.Sentences, r.Docs, r.Overall.System, r.Overall.Correct)
	fmt.Fprintf(&b, "accuracy: %6.2f%%; precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f\n",
		r.Accuracy, r.Overall.Precision, r.Overall.Recall, r.Overall.F1)
	types := make([]string, 0, len(r.Types))
	for t := range r.Types {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		s := r.Types[t]
		fmt.Fprintf(&b, "%17s: precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f  %d (gold %d)\n",
			t, s.Precision, s.Recall, s.F1, s.System, s.Gold)
	}
	if errs {
		for _, e := range r.Errors {
			gold, sys := "-", "-"
			if e.Gold != nil {
				gold = e.Gold.Type + ":" + e.GoldText
			}
			if e.System != nil {
				sys = e.System.Type + ":" + e.SysText
			}
			fmt.Fprintf(&b, "%s/%d\t%s\tgold=%s\tsys=%s\t%s\n", e.Doc, e.Sentence, e.Kind, gold, sys, e.Context)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
