package text

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gumDir is the GUM treebank's dep/ directory, relative to this package.
const gumDir = "../../shared/data/gum/dep"

var gumErrors = flag.Bool("gum.errors", false, "TestGUM: print every sentence boundary the segmenter misses or adds")

// Floors for TestGUM, a little under the scores measured when they were set
// (see the package report): the test fails if a change makes them drop.
var gumFloors = []struct {
	group                     string
	sentF1, inParF1, tokensF1 float64
}{
	{"GUM", 0.985, 0.975, 0.987},
	{"GENTLE", 0.925, 0.845, 0.982},
	{"All", 0.980, 0.968, 0.987},
}

// TestGUM scores the segmenter on the GUM and GENTLE treebanks when the
// shared data is present, and fails if a score drops below its floor.
// Run with -v to see the scores and with -gum.errors to list the errors.
func TestGUM(t *testing.T) {
	if _, err := os.Stat(gumDir); errors.Is(err, os.ErrNotExist) {
		t.Skipf("GUM data not found at %s (relative to the text package); skipping the evaluation", gumDir)
	}
	res, err := sg.EvalGUM(gumDir)
	if err != nil {
		t.Fatal(err)
	}
	if res.GUM.Docs == 0 || res.GENTLE.Docs == 0 {
		t.Fatalf("found %d GUM and %d GENTLE documents, want some of each", res.GUM.Docs, res.GENTLE.Docs)
	}
	groups := map[string]EvalCounts{"GUM": res.GUM, "GENTLE": res.GENTLE, "All": res.All}
	for _, fl := range gumFloors {
		c := groups[fl.group]
		t.Logf("%s: %d documents, %d bytes", fl.group, c.Docs, c.Bytes)
		t.Logf("  sentence boundaries:        %v", c.Sentences)
		t.Logf("  boundaries in paragraphs:   %v", c.InParagraph)
		t.Logf("  tokens:                     %v", c.Tokens)
		t.Logf("  tokens, hyphens joined:     %v", c.TokensJoinedHyphens)
		if f := c.Sentences.F1(); f < fl.sentF1 {
			t.Errorf("%s sentence boundary F1 = %.4f, below the floor %.3f", fl.group, f, fl.sentF1)
		}
		if f := c.InParagraph.F1(); f < fl.inParF1 {
			t.Errorf("%s in-paragraph boundary F1 = %.4f, below the floor %.3f", fl.group, f, fl.inParF1)
		}
		if f := c.Tokens.F1(); f < fl.tokensF1 {
			t.Errorf("%s token F1 = %.4f, below the floor %.3f", fl.group, f, fl.tokensF1)
		}
	}
	t.Logf("skipped %d documents without text: %s", len(res.Skipped), strings.Join(res.Skipped, " "))

	// The same text hard-wrapped at 72 bytes, as plain-text newswire is:
	// line breaks must not become sentence breaks.
	wrapped, err := sg.EvalGUMWith(gumDir, EvalOptions{WrapWidth: 72})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("All, wrapped at 72 bytes: sentence boundaries %v", wrapped.All.Sentences)
	if f, floor := wrapped.All.Sentences.F1(), gumFloors[2].sentF1; f < floor {
		t.Errorf("sentence boundary F1 on wrapped text = %.4f, below the floor %.3f", f, floor)
	}
	if *gumErrors {
		printGUMErrors(t)
	}
}

// printGUMErrors prints each boundary the segmenter misses or adds, with
// the text around it; "|" marks the boundary.
func printGUMErrors(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(gumDir, "*.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		docs, err := ReadCoNLLU(f, name)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for i := range docs {
			d := &docs[i]
			if d.noText() {
				continue
			}
			missed, added := sg.DocErrors(d)
			for _, e := range []struct {
				tag  string
				offs []int
			}{{"missed", missed}, {"added", added}} {
				for _, x := range e.offs {
					a, b := max(0, x-70), min(len(d.Text), x+50)
					fmt.Printf("%-6s %s: %q | %q\n", e.tag, d.ID, d.Text[a:x], d.Text[x:b])
				}
			}
		}
	}
}

func TestReadCoNLLU(t *testing.T) {
	const in = `# newdoc id = GUM_test_one
# newpar
# text = Hello world!
1	Hello	hello	INTJ	UH	_	0	root	_	_
2	world	world	NOUN	NN	_	1	vocative	_	SpaceAfter=No
3	!	!	PUNCT	.	_	1	punct	_	_

# text = I don't know.
1	I	I	PRON	PRP	_	3	nsubj	_	_
2-3	don't	_	_	_	_	_	_	_	_
2	do	do	AUX	VBP	_	4	aux	_	_
3	n't	not	PART	RB	_	4	advmod	_	_
4	know	know	VERB	VB	_	0	root	_	SpaceAfter=No
4.1	know	know	VERB	VB	_	_	_	_	_
5	.	.	PUNCT	.	_	4	punct	_	_

# newpar
# text = Bye
1	Bye	bye	INTJ	UH	_	0	root	_	_

`
	docs, err := ReadCoNLLU(strings.NewReader(in), "test.conllu")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 {
		t.Fatalf("got %d documents, want 1", len(docs))
	}
	d := docs[0]
	if want := "Hello world! I don't know.\n\nBye"; d.Text != want {
		t.Errorf("text = %q, want %q", d.Text, want)
	}
	var toks []string
	for _, x := range d.Tokens {
		toks = append(toks, d.Text[x.Start:x.End])
	}
	if want := []string{"Hello", "world", "!", "I", "do", "n't", "know", ".", "Bye"}; !equalStrings(toks, want) {
		t.Errorf("tokens = %q, want %q", toks, want)
	}
	var sents []string
	for _, x := range d.Sentences {
		sents = append(sents, d.Text[x.Start:x.End])
	}
	if want := []string{"Hello world!", "I don't know.", "Bye"}; !equalStrings(sents, want) {
		t.Errorf("sentences = %q, want %q", sents, want)
	}
	if want := []bool{true, false, true}; fmt.Sprint(d.ParStart) != fmt.Sprint(want) {
		t.Errorf("ParStart = %v, want %v", d.ParStart, want)
	}
	toks2, sents2 := sg.Segment(d.Text)
	c := scoreDoc(&d, toks2, sents2)
	if c.Sentences != (Score{Gold: 2, Predicted: 2, Correct: 2}) ||
		c.InParagraph != (Score{Gold: 1, Predicted: 1, Correct: 1}) ||
		c.Tokens != (Score{Gold: 9, Predicted: 9, Correct: 9}) {
		t.Errorf("scoreDoc = %+v", c)
	}
	if f := c.Sentences.F1(); f != 1 {
		t.Errorf("F1 = %v, want 1", f)
	}
}
