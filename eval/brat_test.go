package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dateline-news/dateline"
)

// A brat document written for this test (not from any corpus). The text has
// typographic quotes, so character and byte offsets differ.
const bratText = "“We stay,” Berg said. “We go.”\nAnna Kahl said the rain stopped."

// Character offsets: “We stay,” = 0-10, Berg = 11-15, said = 16-20,
// “We go.” = 22-30, Anna Kahl = 31-40, said = 41-45, the rain stopped = 46-62.
const bratAnn = "T1\tSource 11 15\tBerg\n" +
	"T2\tCue 16 20\tsaid\n" +
	"T3\tContent 0 10;22 30\t“We stay,” “We go.”\n" +
	"T4\tAttribution 16 20\tsaid\n" +
	"E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n" +
	"T5\tSource 31 40\tAnna Kahl\n" +
	"T6\tCue 41 45\tsaid\n" +
	"T7\tContent 46 62\tthe rain\n" +
	"stopped\n" + // a continuation line, as brat writes for texts with line breaks
	"T8\tAttribution 41 45\tsaid\n" +
	"E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5\n" +
	"#1\tAnnotatorNotes T1\tfine\n" +
	"T9\tCue 46 49\tthe\n" +
	"E3\tAttribution-no-source:T9 Cue:T9\n" // no content: dropped

func TestParseBrat(t *testing.T) {
	d, err := ParseBrat("x.ann", strings.NewReader(bratAnn), bratText)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.TextBounds) != 9 || len(d.Events) != 3 {
		t.Fatalf("got %d text-bound annotations and %d events", len(d.TextBounds), len(d.Events))
	}
	t3 := d.TextBounds["T3"]
	if len(t3.Spans) != 2 || bratText[t3.Spans[0].Start:t3.Spans[0].End] != "“We stay,”" || bratText[t3.Spans[1].Start:t3.Spans[1].End] != "“We go.”" {
		t.Errorf("discontinuous span read wrong: %+v", t3.Spans)
	}
	atts := d.Attributions()
	if len(atts) != 2 {
		t.Fatalf("want 2 attributions, got %+v", atts)
	}
	if s := atts[1].Source[0]; bratText[s.Start:s.End] != "Anna Kahl" {
		t.Errorf("source %q", bratText[s.Start:s.End])
	}
	if got := GoldQuoteKind(bratText, atts[0].Content); got != dateline.QuoteDirect {
		t.Errorf("kind of an interrupted quotation = %s", got)
	}
	if got := GoldQuoteKind(bratText, atts[1].Content); got != dateline.QuoteIndirect {
		t.Errorf("kind of reported speech = %s", got)
	}
}

func TestParseBratErrors(t *testing.T) {
	for _, ann := range []string{
		"T1\tSource 5\tx\n",
		"T1\tSource 5 2\tx\n",
		"T1\tSource 0 999\tx\n",
		"E1\tAttribution:T4 Source\n",
	} {
		if _, err := ParseBrat("bad.ann", strings.NewReader(ann), "short text"); err == nil {
			t.Errorf("no error for %q", ann)
		} else if !strings.Contains(err.Error(), "bad.ann:1") {
			t.Errorf("error does not name the file and line: %v", err)
		}
	}
}

func TestBratRelations(t *testing.T) {
	text := "Berg said the rain stopped."
	ann := "T1\tSource 0 4\tBerg\nT2\tCue 5 9\tsaid\nT3\tContent 10 26\tthe rain stopped\n" +
		"R1\tSOURCE Arg1:T2 Arg2:T1\nR2\tCONTENT Arg1:T2 Arg2:T3\n"
	d, err := ParseBrat("r.ann", strings.NewReader(ann), text)
	if err != nil {
		t.Fatal(err)
	}
	atts := d.Attributions()
	if len(atts) != 1 || len(atts[0].Source) != 1 || len(atts[0].Content) != 1 || len(atts[0].Cue) != 1 {
		t.Fatalf("relations not joined into one attribution: %+v", atts)
	}
}

func TestGoldQuoteKind(t *testing.T) {
	for _, tc := range []struct{ text, kind string }{
		{"“We stay.”", dateline.QuoteDirect},
		{"\"We stay,\"", dateline.QuoteDirect},
		{"''We stay,''", dateline.QuoteDirect},
		{"‘We stay’", dateline.QuoteDirect},
		{"the plan was “dead”", dateline.QuoteMixed},
		{"the Russians’ view isn’t ours", dateline.QuoteIndirect},
		{"it's the voters' choice", dateline.QuoteIndirect},
	} {
		sp := []dateline.Span{{Start: 0, End: len(tc.text)}}
		if got := GoldQuoteKind(tc.text, sp); got != tc.kind {
			t.Errorf("GoldQuoteKind(%q) = %s, want %s", tc.text, got, tc.kind)
		}
	}
	// Quotation marks just outside the span count.
	text := "He said “we stay” today."
	if got := GoldQuoteKind(text, []dateline.Span{{Start: 11, End: 18}}); got != dateline.QuoteDirect {
		t.Errorf("marks around the span: %s", got)
	}
}

func TestScoreQuotes(t *testing.T) {
	d, err := ParseBrat("x.ann", strings.NewReader(bratAnn), bratText)
	if err != nil {
		t.Fatal(err)
	}
	gold := d.Attributions()
	span := func(s string) dateline.Span {
		i := strings.Index(bratText, s)
		return dateline.Span{Start: i, End: i + len(s)}
	}
	mention := func(s string) *dateline.Mention { return &dateline.Mention{Span: span(s), Text: s} }
	// One span over both parts of the interrupted quotation matches it.
	both := span("We stay,” Berg said. “We go.")
	sys := []dateline.Quote{
		{Span: both, Text: bratText[both.Start:both.End], Kind: dateline.QuoteDirect, Source: mention("Berg"), Cue: mention("Berg said")},
		{Span: span("the rain"), Text: "the rain", Kind: dateline.QuoteIndirect, Speaker: "Anna Kahl"}, // 8 of 16 characters: matches
		{Span: span("Anna"), Text: "Anna", Kind: dateline.QuoteIndirect},                               // spurious
	}
	s := ScoreQuotes(bratText, gold, sys)
	if s.Gold != 2 || s.System != 3 || s.Content.Correct != 2 {
		t.Fatalf("scores %+v", s)
	}
	if s.Content.Precision < 66 || s.Content.Precision > 67 || s.Content.Recall != 100 {
		t.Errorf("P/R = %.1f/%.1f", s.Content.Precision, s.Content.Recall)
	}
	// Source: a mention overlapping the gold source, or the speaker's name
	// matching the head of a gold name.
	if s.Source.Correct != 2 || s.Source.Total != 2 {
		t.Errorf("source %+v", s.Source)
	}
	// Less than half of the union: no match.
	short := []dateline.Quote{{Span: span("the"), Text: "the", Kind: dateline.QuoteIndirect}}
	if s := ScoreQuotes(bratText, gold[1:], short); s.Content.Correct != 0 {
		t.Errorf("a quote covering 3 of 16 characters matched")
	}
}

func TestBratMetadata(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "metadata.tsv")
	content := "compartment\tfilename\tpublication_date\tauthor\n" +
		"dev\tsome_article\t2016-09-12\tA. Writer\n" +
		"dev\tno_date\tNone\tB\n" +
		"dev\tshort\n"
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := ReadMetadata(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 1 || m["some_article"].Format(dateline.DateLayout) != "2016-09-12" {
		t.Errorf("got %v", m)
	}
	if _, err := ReadMetadata(filepath.Join(dir, "missing.tsv")); err == nil {
		t.Error("no error for a missing file")
	}
}

func TestFindBratFiles(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"attributions/a_x1.ann", "attributions/a_x2.ann", "text/a.txt", "flat/b.ann", "flat/b.txt"} {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, err := findBratFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Fatalf("got %+v", files)
	}
	if files[0].article != "a" || files[0].annotator != "x1" || files[2].article != "b" || files[2].annotator != "" {
		t.Errorf("got %+v", files)
	}
}
