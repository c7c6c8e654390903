package eval

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

const conll2003Sample = `-DOCSTART- -X- -X- O

Ada NNP B-NP B-PER
Lovelace NNP I-NP I-PER
visited VBD B-VP O
the DT B-NP O
Royal NNP I-NP B-ORG
Society NNP I-NP I-ORG
in IN B-PP O
London NNP B-NP B-LOC
. . O O

She PRP B-NP O
spoke VBD B-VP O
French JJ B-NP B-MISC
. . O O
-DOCSTART- -X- -X- O

Paris NNP B-NP B-LOC
Berlin NNP B-NP B-LOC
`

const unerSample = `# newdoc id = d1
# sent_id = d1-1
# text = i met bob in tampa bay
1	i	O	-	-
2	met	O	-	-
3	bob	B-PER	-	-
4	in	O	-	-
5	tampa	B-LOC	-	-
6	bay	I-LOC	-	-

# newdoc id = d2
# sent_id = d2-1
1	Acme	B-ORG	-	-
`

func TestParseCoNLL2003(t *testing.T) {
	docs, err := ParseCoNLL("sample", strings.NewReader(conll2003Sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || len(docs[0].Sentences) != 2 || len(docs[1].Sentences) != 1 {
		t.Fatalf("got %d docs: %+v", len(docs), docs)
	}
	s := docs[0].Sentences[0]
	if s.Words[4] != "Royal" || s.Tags[4] != "B-ORG" || len(s.Words) != 9 {
		t.Errorf("sentence: %+v", s)
	}
	want := []CoNLLChunk{{0, 2, "PERSON"}, {4, 6, "ORG"}, {7, 8, "LOC"}}
	if got := CoNLLChunks(s.Tags); !reflect.DeepEqual(got, want) {
		t.Errorf("chunks %v, want %v", got, want)
	}
}

func TestParseUNER(t *testing.T) {
	docs, err := ParseCoNLL("uner", strings.NewReader(unerSample))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].ID != "d1" || docs[1].ID != "d2" {
		t.Fatalf("docs: %+v", docs)
	}
	if w := docs[0].Sentences[0].Words; strings.Join(w, " ") != "i met bob in tampa bay" {
		t.Errorf("words %q", w)
	}
}

func TestParseCoNLLErrors(t *testing.T) {
	_, err := ParseCoNLL("bad", strings.NewReader("word NN X-PER\n"))
	if err == nil || !strings.Contains(err.Error(), "bad:1") {
		t.Errorf("error %v, want one naming bad:1", err)
	}
}

func TestChunksIOB1AndBILOU(t *testing.T) {
	// IOB1: I- starts a chunk, B- only separates two chunks of one type.
	iob1 := strings.Fields("I-PER I-PER B-PER O I-LOC I-ORG")
	want := []CoNLLChunk{{0, 2, "PERSON"}, {2, 3, "PERSON"}, {4, 5, "LOC"}, {5, 6, "ORG"}}
	if got := CoNLLChunks(iob1); !reflect.DeepEqual(got, want) {
		t.Errorf("IOB1: %v, want %v", got, want)
	}
	bilou := strings.Fields("B-PER L-PER U-LOC B-ORG I-ORG L-ORG O")
	want = []CoNLLChunk{{0, 2, "PERSON"}, {2, 3, "LOC"}, {3, 6, "ORG"}}
	if got := CoNLLChunks(bilou); !reflect.DeepEqual(got, want) {
		t.Errorf("BILOU: %v, want %v", got, want)
	}
}

// fixedTagger returns prepared labels.
type fixedTagger map[string][][]string

func (f fixedTagger) TagDocument(s [][]string) [][]string { return f[s[0][0]] }

func TestEvalCoNLL(t *testing.T) {
	docs, err := ParseCoNLL("sample", strings.NewReader(conll2003Sample))
	if err != nil {
		t.Fatal(err)
	}
	tg := fixedTagger{
		"Ada": {
			// person right, org with a wrong boundary, London typed ORG
			strings.Fields("B-PERSON I-PERSON O O O B-ORG O B-ORG O"),
			strings.Fields("O O B-MISC O"),
		},
		"Paris": {strings.Fields("B-LOC B-LOC")},
	}
	r, err := EvalCoNLL(context.Background(), docs, tg, CoNLLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// gold 6 chunks, system 6, correct: Ada Lovelace, French, Paris, Berlin.
	if r.Overall.Gold != 6 || r.Overall.System != 6 || r.Overall.Correct != 4 {
		t.Fatalf("overall %+v", r.Overall)
	}
	if f := r.Overall.F1; f < 66.66 || f > 66.67 {
		t.Errorf("F1 %.3f, want 66.67", f)
	}
	if o := r.Types["ORG"]; o.Gold != 1 || o.System != 2 || o.Correct != 0 {
		t.Errorf("ORG %+v", o)
	}
	kinds := map[string]int{}
	for _, e := range r.Errors {
		kinds[e.Kind]++
	}
	if kinds["boundary"] != 1 || kinds["type"] != 1 || len(r.Errors) != 2 {
		t.Errorf("errors %+v", r.Errors)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Error(err)
	}
	var b strings.Builder
	r.WriteText(&b, true)
	if !strings.Contains(b.String(), "FB1:  66.67") {
		t.Errorf("text output:\n%s", b.String())
	}
}

func TestEvalCoNLLTypes(t *testing.T) {
	docs, _ := ParseCoNLL("uner", strings.NewReader(unerSample))
	tg := fixedTagger{
		"i":    {strings.Fields("O O B-PERSON O B-LOC I-LOC")},
		"Acme": {strings.Fields("B-MISC")},
	}
	r, err := EvalCoNLL(context.Background(), docs, tg, CoNLLOptions{Types: []string{"PERSON", "ORG", "LOC"}})
	if err != nil {
		t.Fatal(err)
	}
	// The MISC label is not scored: Acme is missed, not also spurious.
	if r.Overall.Gold != 3 || r.Overall.System != 2 || r.Overall.Correct != 2 {
		t.Errorf("overall %+v", r.Overall)
	}
	if got := GoldTypes(docs); strings.Join(got, " ") != "LOC ORG PERSON" {
		t.Errorf("gold types %v", got)
	}
	r2, err := EvalCoNLL(context.Background(), docs, tg, CoNLLOptions{GoldTypesOnly: true})
	if err != nil || r2.Overall != r.Overall {
		t.Errorf("GoldTypesOnly: %+v, %v; want %+v", r2.Overall, err, r.Overall)
	}
}
