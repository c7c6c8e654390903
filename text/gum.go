package text

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dateline-news/dateline"
)

// GoldDoc is a document rebuilt from a CoNLL-U treebank, with its gold
// sentences and tokens as spans into Text.
//
// Text is reconstructed the way EvalGUM documents: tokens joined by a
// space unless the token has SpaceAfter=No, sentences joined by a space,
// and paragraphs (# newpar) by a blank line.
type GoldDoc struct {
	ID        string
	Text      string
	Sentences []dateline.Span
	// ParStart[k] reports whether sentence k starts a paragraph.
	ParStart []bool
	// Tokens are the syntactic words; a multiword token whose words do not
	// spell it (rare) counts as one token.
	Tokens []dateline.Span
}

// ReadCoNLLU reads the documents of a CoNLL-U file. Empty nodes are
// ignored; a file without "# newdoc" is one document named after name.
func ReadCoNLLU(r io.Reader, name string) ([]GoldDoc, error) {
	var (
		docs    []GoldDoc
		doc     *GoldDoc
		b       strings.Builder
		newpar  bool
		inSent  bool
		sStart  int
		space   bool // a space is due before the next token
		mwtForm string
		mwtSp   bool
		mwtLeft int
		mwtAt   int
		mwtToks []dateline.Span
		mwtOK   bool
		line    int
	)
	finishSent := func() {
		if inSent {
			doc.Sentences = append(doc.Sentences, dateline.Span{Start: sStart, End: b.Len()})
			inSent = false
		}
	}
	finishDoc := func() {
		if doc == nil {
			return
		}
		finishSent()
		doc.Text = b.String()
		docs = append(docs, *doc)
		doc = nil
		b.Reset()
	}
	startDoc := func(id string) {
		finishDoc()
		doc = &GoldDoc{ID: id}
		newpar = true
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<24)
	for sc.Scan() {
		line++
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "# newdoc"):
			id := name
			if _, v, ok := strings.Cut(l, "="); ok {
				id = strings.TrimSpace(v)
			}
			startDoc(id)
			continue
		case l == "# newpar" || strings.HasPrefix(l, "# newpar ") || strings.HasPrefix(l, "# newpar="):
			newpar = true
			continue
		case strings.HasPrefix(l, "#"):
			continue
		case strings.TrimSpace(l) == "":
			finishSent()
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != 10 {
			return nil, fmt.Errorf("%s:%d: want 10 tab-separated fields, got %d", name, line, len(f))
		}
		id, form := f[0], f[1]
		if strings.Contains(id, ".") { // empty node
			continue
		}
		if doc == nil {
			startDoc(name)
		}
		if !inSent {
			if b.Len() > 0 {
				if newpar {
					b.WriteString("\n\n")
				} else {
					b.WriteByte(' ')
				}
			}
			doc.ParStart = append(doc.ParStart, newpar)
			newpar = false
			inSent = true
			sStart = b.Len()
			space = false
		}
		spaceAfter := !hasMisc(f[9], "SpaceAfter=No")
		if lo, hi, ok := strings.Cut(id, "-"); ok {
			var a, z int
			if _, err := fmt.Sscanf(lo+" "+hi, "%d %d", &a, &z); err != nil || z < a {
				return nil, fmt.Errorf("%s:%d: bad multiword token range %q", name, line, id)
			}
			if space {
				b.WriteByte(' ')
			}
			mwtForm, mwtSp, mwtLeft, mwtAt, mwtOK = form, spaceAfter, z-a+1, b.Len(), true
			mwtToks = mwtToks[:0]
			b.WriteString(form)
			space = spaceAfter
			continue
		}
		if mwtLeft > 0 {
			// A word of the multiword token: it spells the next part of it.
			at := mwtAt
			if n := len(mwtToks); n > 0 {
				at = mwtToks[n-1].End
			}
			end := at + len(form)
			if end > mwtAt+len(mwtForm) || mwtForm[at-mwtAt:end-mwtAt] != form {
				mwtOK = false
			}
			mwtToks = append(mwtToks, dateline.Span{Start: at, End: end})
			mwtLeft--
			if mwtLeft == 0 {
				whole := dateline.Span{Start: mwtAt, End: mwtAt + len(mwtForm)}
				if mwtOK && mwtToks[len(mwtToks)-1].End == whole.End {
					doc.Tokens = append(doc.Tokens, mwtToks...)
				} else {
					doc.Tokens = append(doc.Tokens, whole)
				}
				space = mwtSp
			}
			continue
		}
		if space {
			b.WriteByte(' ')
		}
		doc.Tokens = append(doc.Tokens, dateline.Span{Start: b.Len(), End: b.Len() + len(form)})
		b.WriteString(form)
		space = spaceAfter
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	finishDoc()
	return docs, nil
}

// hasMisc reports whether the MISC column m contains the attribute a.
func hasMisc(m, a string) bool {
	for m != "" {
		var x string
		x, m, _ = strings.Cut(m, "|")
		if x == a {
			return true
		}
	}
	return false
}

// noText reports whether the document's words are withheld, as in GUM's
// Reddit documents, whose words are all underscores.
func (d *GoldDoc) noText() bool {
	under := 0
	for _, t := range d.Tokens {
		if strings.Trim(d.Text[t.Start:t.End], "_") == "" {
			under++
		}
	}
	return under*2 > len(d.Tokens)
}

// Score counts the items of an evaluation: in the gold standard, in the
// prediction, and in both.
type Score struct {
	Gold, Predicted, Correct int
}

// Precision returns Correct/Predicted, or 0 if nothing was predicted.
func (s Score) Precision() float64 { return ratio(s.Correct, s.Predicted) }

// Recall returns Correct/Gold, or 0 if the gold standard is empty.
func (s Score) Recall() float64 { return ratio(s.Correct, s.Gold) }

// F1 returns the harmonic mean of precision and recall.
func (s Score) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// String formats the score as "P=… R=… F1=… (correct/predicted/gold)".
func (s Score) String() string {
	return fmt.Sprintf("P=%.4f R=%.4f F1=%.4f (%d correct, %d predicted, %d gold)",
		s.Precision(), s.Recall(), s.F1(), s.Correct, s.Predicted, s.Gold)
}

func (s *Score) add(o Score) {
	s.Gold += o.Gold
	s.Predicted += o.Predicted
	s.Correct += o.Correct
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// EvalCounts are the scores of a group of documents.
type EvalCounts struct {
	Docs  int // documents scored
	Bytes int // bytes of reconstructed text

	// Sentences scores sentence boundaries: the end offsets of all
	// sentences except the last of each document, which is free.
	Sentences Score
	// InParagraph scores only the boundaries that are not paragraph breaks
	// in the gold standard: the ones a blank line does not give away.
	InParagraph Score
	// Tokens scores token spans: a token is correct if both its start and
	// its end match a gold token.
	Tokens Score
	// TokensJoinedHyphens scores token spans after joining gold words that
	// the treebank splits at hyphens written without spaces ("six - member"
	// from "six-member"), which this tokenizer keeps whole by design.
	TokensJoinedHyphens Score
}

func (c *EvalCounts) add(o EvalCounts) {
	c.Docs += o.Docs
	c.Bytes += o.Bytes
	c.Sentences.add(o.Sentences)
	c.InParagraph.add(o.InParagraph)
	c.Tokens.add(o.Tokens)
	c.TokensJoinedHyphens.add(o.TokensJoinedHyphens)
}

// GUMResult is the outcome of EvalGUM: scores for the GUM documents, the
// GENTLE documents (out-of-domain genres) and all of them.
type GUMResult struct {
	GUM, GENTLE, All EvalCounts
	// Skipped lists the documents left out because their text is withheld
	// (GUM's Reddit documents, whose words are underscores).
	Skipped []string
}

// EvalOptions change how EvalGUMWith rebuilds the text.
type EvalOptions struct {
	// WrapWidth, if positive, hard-wraps every paragraph at this many bytes
	// by turning spaces into line breaks, as in plain-text newswire. Offsets
	// do not change, so the gold spans still apply.
	WrapWidth int
}

// wrap replaces spaces in text by line breaks so that no line is longer
// than width bytes unless a single word is.
func wrap(text string, width int) string {
	b := []byte(text)
	lineStart, lastSpace := 0, -1
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\n':
			lineStart, lastSpace = i+1, -1
			continue
		case ' ':
			lastSpace = i
		}
		if i-lineStart >= width && lastSpace > lineStart {
			b[lastSpace] = '\n'
			lineStart, lastSpace = lastSpace+1, -1
		}
	}
	return string(b)
}

// EvalGUM scores the segmenter on the CoNLL-U files (*.conllu) in dir, as
// found in the dep/ directory of the GUM corpus. Each document's text is
// rebuilt from its tokens (see GoldDoc), segmented, and compared with the
// gold sentence and token boundaries. Documents whose ID starts with
// "GENTLE_" count as GENTLE, all others as GUM.
//
// The rebuilt text has a blank line at every gold paragraph break and no
// line breaks otherwise; EvalCounts.InParagraph reports the boundaries a
// blank line does not give away.
func (sg *Segmenter) EvalGUM(dir string) (GUMResult, error) {
	return sg.EvalGUMWith(dir, EvalOptions{})
}

// EvalGUMWith is EvalGUM with options.
func (sg *Segmenter) EvalGUMWith(dir string, opt EvalOptions) (GUMResult, error) {
	var res GUMResult
	files, err := filepath.Glob(filepath.Join(dir, "*.conllu"))
	if err != nil {
		return res, err
	}
	if len(files) == 0 {
		return res, fmt.Errorf("text: no *.conllu files in %s", dir)
	}
	sort.Strings(files)
	var toks []dateline.Token
	var sents []dateline.Sentence
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return res, err
		}
		docs, err := ReadCoNLLU(f, name)
		f.Close()
		if err != nil {
			return res, err
		}
		for i := range docs {
			d := &docs[i]
			if d.noText() {
				res.Skipped = append(res.Skipped, d.ID)
				continue
			}
			if opt.WrapWidth > 0 {
				d.Text = wrap(d.Text, opt.WrapWidth)
			}
			toks = sg.Tokenize(d.Text, toks[:0])
			sents = sg.Sentences(d.Text, toks, sents[:0])
			c := scoreDoc(d, toks, sents)
			if strings.HasPrefix(d.ID, "GENTLE_") {
				res.GENTLE.add(c)
			} else {
				res.GUM.add(c)
			}
			res.All.add(c)
		}
	}
	return res, nil
}

// scoreDoc compares the segmentation of one document with its gold standard.
func scoreDoc(d *GoldDoc, toks []dateline.Token, sents []dateline.Sentence) EvalCounts {
	c := EvalCounts{Docs: 1, Bytes: len(d.Text)}
	gold := make([]int, 0, len(d.Sentences))
	par := make(map[int]bool)
	for k := 0; k+1 < len(d.Sentences); k++ {
		gold = append(gold, d.Sentences[k].End)
		if d.ParStart[k+1] {
			par[d.Sentences[k].End] = true
		}
	}
	pred := make([]int, 0, len(sents))
	for k := 0; k+1 < len(sents); k++ {
		pred = append(pred, sents[k].End)
	}
	c.Sentences = matchInts(gold, pred)
	c.InParagraph = matchInts(without(gold, par), without(pred, par))

	predSpans := make([]dateline.Span, len(toks))
	for k, t := range toks {
		predSpans[k] = t.Span
	}
	c.Tokens = matchSpans(d.Tokens, predSpans)
	c.TokensJoinedHyphens = matchSpans(joinHyphens(d.Text, d.Tokens), predSpans)
	return c
}

// DocErrors returns the sentence boundaries (end offsets, as in EvalGUM)
// of d that the segmenter missed and the ones it added. It is meant for
// inspecting errors.
func (sg *Segmenter) DocErrors(d *GoldDoc) (missed, added []int) {
	_, sents := sg.Segment(d.Text)
	gold := make(map[int]bool)
	for k := 0; k+1 < len(d.Sentences); k++ {
		gold[d.Sentences[k].End] = true
	}
	pred := make(map[int]bool)
	for k := 0; k+1 < len(sents); k++ {
		pred[sents[k].End] = true
		if !gold[sents[k].End] {
			added = append(added, sents[k].End)
		}
	}
	for k := 0; k+1 < len(d.Sentences); k++ {
		if !pred[d.Sentences[k].End] {
			missed = append(missed, d.Sentences[k].End)
		}
	}
	return missed, added
}

// without returns the elements of xs not in drop.
func without(xs []int, drop map[int]bool) []int {
	out := make([]int, 0, len(xs))
	for _, x := range xs {
		if !drop[x] {
			out = append(out, x)
		}
	}
	return out
}

// matchInts scores two increasing lists of offsets.
func matchInts(gold, pred []int) Score {
	s := Score{Gold: len(gold), Predicted: len(pred)}
	for i, j := 0, 0; i < len(gold) && j < len(pred); {
		switch {
		case gold[i] == pred[j]:
			s.Correct++
			i++
			j++
		case gold[i] < pred[j]:
			i++
		default:
			j++
		}
	}
	return s
}

// matchSpans scores two lists of spans ordered by start.
func matchSpans(gold, pred []dateline.Span) Score {
	s := Score{Gold: len(gold), Predicted: len(pred)}
	for i, j := 0, 0; i < len(gold) && j < len(pred); {
		switch {
		case gold[i] == pred[j]:
			s.Correct++
			i++
			j++
		case gold[i].Start < pred[j].Start || (gold[i].Start == pred[j].Start && gold[i].End < pred[j].End):
			i++
		default:
			j++
		}
	}
	return s
}

// joinHyphens merges gold tokens around a hyphen token that touches a word
// on both sides: "six" "-" "member" becomes "six-member".
func joinHyphens(text string, toks []dateline.Span) []dateline.Span {
	out := make([]dateline.Span, 0, len(toks))
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if n := len(out); n > 0 && text[t.Start:t.End] == "-" && i+1 < len(toks) &&
			out[n-1].End == t.Start && toks[i+1].Start == t.End &&
			wordBefore(text, t.Start) && wordAt(text, t.End) {
			out[n-1].End = toks[i+1].End
			i++
			continue
		}
		out = append(out, t)
	}
	return out
}
