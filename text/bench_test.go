package text

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dateline-news/dateline"
)

// syntheticNews returns about n bytes of made-up English news text with the
// features that matter to the segmenter: titles and initials, abbreviations,
// quotations over several sentences, numbers, currency, percentages,
// contractions, dashes, URLs, headings and paragraphs. It is generated so
// that no third-party text needs to live in the repository.
func syntheticNews(n int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 42))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	people := []string{"Mr. Lavrov", "Sergei Lavrov", "Antony Blinken", "S Jaishankar", "Dr. Amara Okafor",
		"Gen. Mark Milley", "Sen. Jane Doe", "J.R. Ellison", "Ms. Chen", "Prime Minister Olaf Brandt",
		"the U.S. ambassador", "a senior official", "Prof. K. Mehta", "President Ruiz"}
	places := []string{"New Delhi", "Washington", "the U.S.", "Kyiv", "Brussels", "St. Louis", "Lagos",
		"the U.K.", "São Paulo", "Geneva"}
	orgs := []string{"the United Nations", "NATO", "Acme Corp.", "the G20", "the E.U.", "Globex Inc.",
		"the World Bank", "the State Department"}
	verbs := []string{"said", "told reporters", "added", "warned", "stated", "insisted"}
	days := []string{"on Thursday", "last week", "on Jan. 5", "on Sept. 12", "at 10:30 a.m.", "yesterday",
		"earlier this year", "in 2022"}
	clauses := []string{
		"the talks had been constructive but difficult",
		"the country's economy grew 3.5% in the third quarter",
		"a $1.2 billion aid package wouldn't be enough",
		"prices rose by 12 percent -- the fastest pace since 1990",
		"the one-on-one meeting lasted less than 10 minutes",
		"they'd reached no agreement on the 2nd or 3rd points",
		"the U.S.-led coalition would meet again in two weeks",
		"about 1,000 people had been evacuated from the area",
		"the plan, e.g. new tariffs, would cost €4.5bn",
		"the government can't ignore what happened — and won't",
		"more details were available at https://example.org/news/2023?id=7",
	}
	var b strings.Builder
	for b.Len() < n {
		switch r.IntN(12) {
		case 0: // heading
			fmt.Fprintf(&b, "%s talks in %s\n\n", pick([]string{"New", "Tense", "Late", "Secret"}), pick(places))
			continue
		case 1: // multi-sentence quotation
			fmt.Fprintf(&b, "“%s. We are ready to talk,” %s %s. ", capitalise(pick(clauses)), pick(people), pick(verbs))
		case 2: // question in quotes with a reporting clause
			fmt.Fprintf(&b, "\"Why now?\" %s asked. ", pick(people))
		}
		for k := 0; k < 2+r.IntN(4); k++ {
			switch r.IntN(4) {
			case 0:
				fmt.Fprintf(&b, "%s %s %s that %s. ", capitalise(pick(people)), pick(verbs), pick(days), pick(clauses))
			case 1:
				fmt.Fprintf(&b, "In %s, officials from %s met %s %s. ", pick(places), pick(orgs), pick(people), pick(days))
			case 2:
				fmt.Fprintf(&b, "%s, %s %s, %s. ", capitalise(pick(clauses)), pick(people), pick(verbs), pick(days))
			default:
				fmt.Fprintf(&b, "Was it over? Not yet... %s %s it was \"too early to tell\". ", capitalise(pick(people)), pick(verbs))
			}
		}
		b.WriteString("\n\n")
	}
	return b.String()
}

func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// BenchmarkSegment measures tokenisation and sentence segmentation together,
// reusing the output slices as a pipeline would.
func BenchmarkSegment(b *testing.B) {
	sg := New()
	text := syntheticNews(1<<20, 1)
	toks := make([]dateline.Token, 0, len(text)/4)
	var sents []dateline.Sentence
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		toks = sg.Tokenize(text, toks[:0])
		sents = sg.Sentences(text, toks, sents[:0])
	}
	b.ReportMetric(float64(len(toks)), "tokens/op")
	b.ReportMetric(float64(len(sents)), "sentences/op")
}

// BenchmarkTokenize measures tokenisation alone.
func BenchmarkTokenize(b *testing.B) {
	sg := New()
	text := syntheticNews(1<<20, 1)
	toks := make([]dateline.Token, 0, len(text)/4)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		toks = sg.Tokenize(text, toks[:0])
	}
}

// BenchmarkAnalyze measures the Analyzer on article-sized documents with a
// fresh Doc each time, as the pipeline calls it.
func BenchmarkAnalyze(b *testing.B) {
	sg := New()
	text := syntheticNews(4<<10, 2)
	ctx := b.Context()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		doc := dateline.NewDoc(dateline.Article{Text: text})
		if err := sg.Analyze(ctx, doc); err != nil {
			b.Fatal(err)
		}
	}
}
