package quote

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/text"
)

// syntheticNews returns about n bytes of made-up news text full of
// quotations and reported speech in the forms the layer handles. It is
// generated so that no third-party text lives in the repository.
func syntheticNews(n int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 7))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	people := []string{"Anna Berg", "Berg", "Sergei Lavrov", "Mr. Lavrov", "the interior minister", "a senior official",
		"Prime Minister Olaf Brandt", "Dr. Amara Okafor", "the ministry", "the US State Department", "she", "he", "they"}
	verbs := []string{"said", "told reporters", "added", "warned", "stressed", "insisted", "noted", "argued"}
	clauses := []string{
		"the talks had been constructive but difficult",
		"the economy grew 3.5% in the third quarter",
		"a $1.2 billion aid package would not be enough",
		"the one-on-one meeting lasted less than 10 minutes",
		"the coalition would meet again in two weeks",
		"about 1,000 people had been evacuated from the area",
		"the government can't ignore what happened",
	}
	quotes := []string{
		"We are ready to talk, but not at any price",
		"Nobody wants this war to go on",
		"It's the voters' choice, not ours",
		"The numbers speak for themselves. We will publish them on Friday",
	}
	var b strings.Builder
	for b.Len() < n {
		switch r.IntN(9) {
		case 0:
			fmt.Fprintf(&b, "“%s,” %s %s. ", pick(quotes), pick(people), pick(verbs))
		case 1:
			fmt.Fprintf(&b, "%s %s: “%s.” ", capitalise(pick(people)), pick(verbs), pick(quotes))
		case 2:
			fmt.Fprintf(&b, "“%s,” %s said. “%s.” ", pick(quotes), pick(people), pick(quotes))
		case 3:
			fmt.Fprintf(&b, "%s, %s %s. ", capitalise(pick(clauses)), pick(people), pick(verbs))
		case 4:
			fmt.Fprintf(&b, "%s %s that %s. ", capitalise(pick(people)), pick(verbs), pick(clauses))
		case 5:
			fmt.Fprintf(&b, "%s urged %s to “%s.” ", capitalise(pick(people)), pick(people), strings.ToLower(pick(quotes)))
		case 6:
			fmt.Fprintf(&b, "%s, according to %s. ", capitalise(pick(clauses)), pick(people))
		case 7:
			fmt.Fprintf(&b, "‘%s,’ %s %s. ", pick(quotes), pick(people), pick(verbs))
		default:
			fmt.Fprintf(&b, "The so-called “plan” was published on %s by %s. ", pick([]string{"Monday", "Friday"}), pick(people))
		}
		if r.IntN(3) == 0 {
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func TestQuoteSyntheticNews(t *testing.T) {
	doc := analyze(t, syntheticNews(20000, 3))
	if len(doc.Quotes) < 100 {
		t.Errorf("only %d quotes in %d bytes of synthetic news", len(doc.Quotes), len(doc.Text))
	}
}

// BenchmarkFind measures the quote layer alone on article-sized documents
// that the text layer has already tokenised, as in the pipeline.
func BenchmarkFind(b *testing.B) {
	f := testFinder(b)
	var docs []*dateline.Doc
	total := 0
	for i := range 64 {
		s := syntheticNews(4<<10, uint64(i))
		doc := dateline.NewDoc(dateline.Article{Text: s})
		doc.Tokens, doc.Sentences = text.New().Segment(s)
		docs = append(docs, doc)
		total += len(s)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	var q []dateline.Quote
	for b.Loop() {
		for _, d := range docs {
			q = f.Find(d, q[:0])
		}
	}
}

// BenchmarkAnalyzeWithText measures the text layer and the quote layer
// together.
func BenchmarkAnalyzeWithText(b *testing.B) {
	f := testFinder(b)
	sg := text.New()
	s := syntheticNews(4<<10, 1)
	ctx := context.Background()
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		doc := dateline.NewDoc(dateline.Article{Text: s})
		_ = sg.Analyze(ctx, doc)
		_ = f.Analyze(ctx, doc)
	}
}

// FuzzAnalyze checks that no input makes the layer panic or produce a span
// outside the text.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"“We stay,” Berg said. “We go.”",
		"Berg said: «Non» and ‹oui›. ''No,'' he said.",
		"'''Hey,''' she said. 'It's the voters' choice.'",
		"“Unclosed\n\n“Second para\n\n“Third,” she said.",
		"According to, said, told: “", "\"\"\"\"", "” “ ’ ‘ » «", "said said said, said.",
		"A, B, C, D, said E, according to F.", syntheticNews(600, 9),
		// texts that end right after a cue's pronoun or a date's comma
		// (these panicked: found by event's FuzzCode)
		"Berg learned he", "She observed she", "Berg said on March 14,",
	} {
		f.Add(s)
	}
	fd := testFinder(f)
	sg := text.New()
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		doc := dateline.NewDoc(dateline.Article{Text: s})
		_ = sg.Analyze(context.Background(), doc)
		if err := fd.Analyze(context.Background(), doc); err != nil {
			t.Fatal(err)
		}
		checkQuotes(t, doc)
	})
}
