package quote

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/text"
)

var (
	finderOnce sync.Once
	finder     *Finder
	finderErr  error
)

func testFinder(t testing.TB) *Finder {
	t.Helper()
	finderOnce.Do(func() { finder, finderErr = New() })
	if finderErr != nil {
		t.Fatal(finderErr)
	}
	return finder
}

// analyze runs the text layer and the quote layer on body.
func analyze(t testing.TB, body string) *dateline.Doc {
	t.Helper()
	doc := dateline.NewDoc(dateline.Article{ID: "t", Text: body})
	if err := text.New().Analyze(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if err := testFinder(t).Analyze(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	checkQuotes(t, doc)
	return doc
}

// checkQuotes checks the invariants of the output: valid spans whose text
// is the text they carry, known kinds.
func checkQuotes(t testing.TB, doc *dateline.Doc) {
	t.Helper()
	n := len(doc.Text)
	for i, q := range doc.Quotes {
		if !q.Valid(n) || q.Len() == 0 {
			t.Fatalf("quote %d: bad span %+v in a text of %d bytes", i, q.Span, n)
		}
		if q.Text != doc.Text[q.Start:q.End] {
			t.Fatalf("quote %d: text %q is not the span's %q", i, q.Text, doc.Text[q.Start:q.End])
		}
		switch q.Kind {
		case dateline.QuoteDirect, dateline.QuoteIndirect, dateline.QuoteMixed:
		default:
			t.Fatalf("quote %d: kind %q", i, q.Kind)
		}
		for _, m := range []*dateline.Mention{q.Cue, q.Source} {
			if m == nil {
				continue
			}
			if !m.Valid(n) || m.Text != doc.Text[m.Start:m.End] {
				t.Fatalf("quote %d: bad mention %+v", i, *m)
			}
		}
		if i > 0 && doc.Quotes[i-1].Start > q.Start {
			t.Fatalf("quotes out of order at %d", i)
		}
	}
}

// want describes an expected quote: its kind, the start of its content,
// its source mention and speaker ("" for none), and the cue ("" to skip).
type want struct {
	kind, content, source, speaker, cue string
}

func (w want) String() string {
	return fmt.Sprintf("%s src=%q speaker=%q cue=%q %q", w.kind, w.source, w.speaker, w.cue, w.content)
}

func describe(q dateline.Quote) string {
	src, cue := "", ""
	if q.Source != nil {
		src = q.Source.Text
	}
	if q.Cue != nil {
		cue = q.Cue.Text
	}
	return fmt.Sprintf("%s src=%q speaker=%q cue=%q %q", q.Kind, src, q.Speaker, cue, q.Text)
}

// find returns the quote whose content starts with w.content.
func find(qs []dateline.Quote, w want) *dateline.Quote {
	for i := range qs {
		if strings.HasPrefix(qs[i].Text, w.content) {
			return &qs[i]
		}
	}
	return nil
}

func matches(q *dateline.Quote, w want) bool {
	src, cue := "", ""
	if q.Source != nil {
		src = q.Source.Text
	}
	if q.Cue != nil {
		cue = q.Cue.Text
	}
	return q.Kind == w.kind && src == w.source && q.Speaker == w.speaker && (w.cue == "" || cue == w.cue)
}

// expect checks that every wanted quote is found, and, when exact is set,
// that there are no others.
func expect(t *testing.T, body string, exact bool, wants ...want) {
	t.Helper()
	doc := analyze(t, body)
	var dump strings.Builder
	for _, q := range doc.Quotes {
		dump.WriteString("\n  " + describe(q))
	}
	for _, w := range wants {
		q := find(doc.Quotes, w)
		if q == nil {
			t.Errorf("missing %v; got:%s", w, dump.String())
			continue
		}
		if !matches(q, w) {
			t.Errorf("want %v\n got %s", w, describe(*q))
		}
	}
	if exact && len(doc.Quotes) != len(wants) {
		t.Errorf("got %d quotes, want %d:%s", len(doc.Quotes), len(wants), dump.String())
	}
}

func TestQuoteNewAndVersion(t *testing.T) {
	f := testFinder(t)
	if f.Name() != "quote" {
		t.Errorf("Name = %q", f.Name())
	}
	v := f.Version()
	if !strings.HasPrefix(v, engineVersion+".") || len(v) < len(engineVersion)+8 {
		t.Errorf("Version = %q, want the engine version and a data digest", v)
	}
	if f.lx.entries < 200 {
		t.Errorf("only %d cues loaded", f.lx.entries)
	}
}

// TestOrders covers the orders in which news writes source, cue and content.
func TestQuoteOrders(t *testing.T) {
	t.Run("source-cue-content", func(t *testing.T) {
		expect(t, "Anna Berg said the talks had failed.", true,
			want{dateline.QuoteIndirect, "the talks had failed", "Anna Berg", "Anna Berg", "said"})
	})
	t.Run("that-clause", func(t *testing.T) {
		expect(t, "The minister stressed on Monday that the border would stay open.", true,
			want{dateline.QuoteIndirect, "that the border would stay open", "The minister", "the minister", "stressed"})
	})
	t.Run("content-cue-source", func(t *testing.T) {
		expect(t, "The border will stay open, the minister said.", true,
			want{dateline.QuoteIndirect, "The border will stay open", "the minister", "the minister", "said"})
	})
	t.Run("content-inverted", func(t *testing.T) {
		expect(t, "The border will stay open, said Anna Berg, the interior minister.", true,
			want{dateline.QuoteIndirect, "The border will stay open", "Anna Berg, the interior minister", "Anna Berg", "said"})
	})
	t.Run("direct-source-cue", func(t *testing.T) {
		expect(t, "“We are not giving up,” Berg told reporters in Oslo.", true,
			want{dateline.QuoteDirect, "We are not giving up", "Berg", "Berg", "told"})
	})
	t.Run("direct-inverted", func(t *testing.T) {
		expect(t, "“We are not giving up,” said Anna Berg, the interior minister.", true,
			want{dateline.QuoteDirect, "We are not giving up", "Anna Berg", "Anna Berg", "said"})
	})
	t.Run("direct-before", func(t *testing.T) {
		expect(t, "Berg said: “We are not giving up.”", true,
			want{dateline.QuoteDirect, "We are not giving up.", "Berg", "Berg", "said"})
	})
	t.Run("direct-before-comma", func(t *testing.T) {
		expect(t, "In a statement, the ministry added, “The border stays open.”", true,
			want{dateline.QuoteDirect, "The border stays open.", "the ministry", "the ministry", "added"})
	})
	t.Run("parenthetical", func(t *testing.T) {
		expect(t, "Berg, the official added, wanted to end the talks.", false,
			want{dateline.QuoteIndirect, "Berg, the official added, wanted to end the talks", "the official", "the official", "added"})
	})
	t.Run("according-to-after", func(t *testing.T) {
		expect(t, "The convoy left at dawn, according to the German delegation.", true,
			want{dateline.QuoteIndirect, "The convoy left at dawn", "the German delegation", "the German delegation", "according to"})
	})
	t.Run("according-to-before", func(t *testing.T) {
		expect(t, "According to Anna Berg, the convoy left at dawn.", true,
			want{dateline.QuoteIndirect, "the convoy left at dawn", "Anna Berg", "Anna Berg", "According to"})
	})
	t.Run("participle", func(t *testing.T) {
		expect(t, "Anna Berg criticised the plan, saying it would cost too much.", false,
			want{dateline.QuoteIndirect, "it would cost too much", "Anna Berg", "Anna Berg", "saying"})
	})
	t.Run("recipient-then-clause", func(t *testing.T) {
		// the recipient of "told" is not the content, even without "that"
		expect(t, "James Cleverly told the BBC the government would act.", true,
			want{dateline.QuoteIndirect, "the government would act", "James Cleverly", "James Cleverly", "told"})
		expect(t, "Anna Berg told reporters her party would win.", true,
			want{dateline.QuoteIndirect, "her party would win", "Anna Berg", "Anna Berg", "told"})
	})
	t.Run("participle-after-intransitive", func(t *testing.T) {
		// the subject ends at the verb, even one the lexicon does not know
		expect(t, "Justice Anna Berg dissented, arguing that the law had no historical analogue.", false,
			want{dateline.QuoteIndirect, "that the law had no historical analogue", "Justice Anna Berg", "Anna Berg", "arguing"})
		expect(t, "The minister resigned, saying that the government had failed.", false,
			want{dateline.QuoteIndirect, "that the government had failed", "The minister", "the minister", "saying"})
	})
	t.Run("role-then-name-apposition", func(t *testing.T) {
		expect(t, "The prime minister, Anna Berg, said talks would continue.", true,
			want{dateline.QuoteIndirect, "talks would continue", "The prime minister, Anna Berg", "Anna Berg", "said"})
	})
	t.Run("relative-who", func(t *testing.T) {
		expect(t, "It was Anna Berg, who said the plan was dead, that won the vote.", false,
			want{dateline.QuoteIndirect, "the plan was dead", "who", "Anna Berg", "said"})
	})
	t.Run("apposition", func(t *testing.T) {
		expect(t, "Anna Berg, 52, a professor at the University of Tromsø, said the ice was thinning.", true,
			want{dateline.QuoteIndirect, "the ice was thinning", "Anna Berg, 52, a professor at the University of Tromsø", "Anna Berg", "said"})
	})
	t.Run("infinitive", func(t *testing.T) {
		expect(t, "Berg urged Lavrov to end the war.", true,
			want{dateline.QuoteIndirect, "Lavrov to end the war", "Berg", "Berg", "urged"})
	})
	t.Run("recipient", func(t *testing.T) {
		expect(t, "Berg told the committee on Tuesday that the plan had failed.", true,
			want{dateline.QuoteIndirect, "that the plan had failed", "Berg", "Berg", "told"})
	})
	t.Run("passive", func(t *testing.T) {
		// Without a source, what is attributed is the whole clause: "the
		// talks will resume in May".
		expect(t, "The talks are expected to resume in May.", true,
			want{dateline.QuoteIndirect, "The talks are expected to resume in May", "", "", "expected"})
	})
}

func TestQuoteMixed(t *testing.T) {
	expect(t, "Berg urged Lavrov to “end this war of aggression” in Ukraine.", true,
		want{dateline.QuoteMixed, "Lavrov to “end this war of aggression” in Ukraine", "Berg", "Berg", "urged"})
	expect(t, "Berg said the plan was “dead on arrival.”", true,
		want{dateline.QuoteMixed, "the plan was “dead on arrival.”", "Berg", "Berg", "said"})
}

func TestQuoteInterrupted(t *testing.T) {
	body := "“We came to talk,” Berg said. “We will leave when we are done.”"
	doc := analyze(t, body)
	if len(doc.Quotes) != 1 {
		t.Fatalf("want one quote, got %d: %+v", len(doc.Quotes), doc.Quotes)
	}
	q := doc.Quotes[0]
	if !strings.HasPrefix(q.Text, "We came to talk") || !strings.HasSuffix(q.Text, "when we are done.") {
		t.Errorf("span should run over both parts: %q", q.Text)
	}
	if q.Source == nil || q.Source.Text != "Berg" || q.Cue == nil || q.Cue.Text != "said" || q.Kind != dateline.QuoteDirect {
		t.Errorf("got %s", describe(q))
	}
	// Interrupted in the middle of a sentence.
	expect(t, "“The talks,” Berg said, “are over.”", true,
		want{dateline.QuoteDirect, "The talks,” Berg said, “are over.", "Berg", "Berg", "said"})
}

func TestQuoteMultiParagraph(t *testing.T) {
	body := "Berg spoke for an hour.\n\n“The first part is about money. It is short.\n\n“The second part is about time.\n\n“The third part is about people,” she said.\n\nThe hall emptied."
	doc := analyze(t, body)
	if len(doc.Quotes) != 1 {
		t.Fatalf("want one quote, got %d:\n%v", len(doc.Quotes), doc.Quotes)
	}
	q := doc.Quotes[0]
	if !strings.HasPrefix(q.Text, "The first part") || !strings.HasSuffix(q.Text, "about people") {
		t.Errorf("span should cover the three paragraphs: %q", q.Text)
	}
	if q.Speaker != "Berg" || q.Source.Text != "she" {
		t.Errorf("got %s", describe(q))
	}
	// A closed quotation followed by a paragraph that continues it.
	body = "“The first part is about money,” Berg said.\n\n“The second part is about time.”\n\nThe hall emptied."
	doc = analyze(t, body)
	if len(doc.Quotes) != 1 || !strings.HasSuffix(doc.Quotes[0].Text, "about time.") {
		t.Errorf("continuation paragraph not joined: %v", doc.Quotes)
	}
}

func TestQuoteNestedQuotes(t *testing.T) {
	expect(t, "“He told me, ‘Go home,’ and I went,” Berg said.", true,
		want{dateline.QuoteDirect, "He told me, ‘Go home,’ and I went", "Berg", "Berg", "said"})
	// British style: single outside, double inside.
	expect(t, "‘He told me, “Go home,” and I went,’ Berg said.", true,
		want{dateline.QuoteDirect, "He told me, “Go home,” and I went", "Berg", "Berg", "said"})
}

func TestQuoteMarkStyles(t *testing.T) {
	for _, tc := range []struct{ body, content string }{
		{`"We stay," Berg said.`, "We stay"},
		{"“We stay,” Berg said.", "We stay"},
		{"‘We stay,’ Berg said.", "We stay"},
		{"'We stay,' Berg said.", "We stay"},
		{"«We stay», Berg said.", "We stay"},
		{"‹We stay›, Berg said.", "We stay"},
		{"''We stay,'' Berg said.", "We stay"},
		{"„We stay“, Berg said.", "We stay"},
	} {
		t.Run(tc.body, func(t *testing.T) {
			expect(t, tc.body, true, want{dateline.QuoteDirect, tc.content, "Berg", "Berg", "said"})
		})
	}
}

func TestQuoteApostrophes(t *testing.T) {
	// Apostrophes are no quotation marks: the single quotation is found
	// whole around them.
	expect(t, "‘The Russians’ view isn’t ours, and we won’t pretend it is,’ Berg said.", true,
		want{dateline.QuoteDirect, "The Russians’ view isn’t ours, and we won’t pretend it is", "Berg", "Berg", "said"})
	expect(t, "'It's the voters' choice, not ours,' Berg said.", true,
		want{dateline.QuoteDirect, "It's the voters' choice, not ours", "Berg", "Berg", "said"})
}

func TestQuoteStrayMarks(t *testing.T) {
	// An unclosed mark in one paragraph does not swallow the next ones.
	body := "The “talks stalled on Monday.\n\n“We stay,” Berg said.\n\nAnna Kahl said the rain stopped."
	expect(t, body, true,
		want{dateline.QuoteDirect, "We stay", "Berg", "Berg", "said"},
		want{dateline.QuoteIndirect, "the rain stopped", "Anna Kahl", "Anna Kahl", "said"})
	// A stray closing mark.
	body = "The talks” stalled. “We stay,” Berg said."
	expect(t, body, true, want{dateline.QuoteDirect, "We stay", "Berg", "Berg", "said"})
	// A quotation whose closing mark was forgotten ends with its paragraph.
	body = "Berg said: “We stay until the end.\n\nThe hall emptied."
	expect(t, body, true, want{dateline.QuoteDirect, "We stay until the end.", "Berg", "Berg", "said"})
}

func TestQuoteScareQuotesAreNoQuotes(t *testing.T) {
	expect(t, "The so-called “peace plan” was published on Friday by the ministry.", true)
	expect(t, "She appeared on Fox News Channel’s “Hannity,” where the topic was taxes.", true)
}

func TestQuoteSpeakerResolution(t *testing.T) {
	body := "German Foreign Minister Annalena Baerbock arrived on Monday. " +
		"The foreign minister said the talks would go on. " +
		"She also said Russia had to withdraw.\n\n" +
		"A senior US official said the meeting was short. " +
		"“We remain hopeful,” the official said.\n\n" +
		"In a statement, the US State Department said the talks were useful. " +
		"Further meetings are planned, it said."
	expect(t, body, false,
		want{dateline.QuoteIndirect, "the talks would go on", "The foreign minister", "Annalena Baerbock", "said"},
		want{dateline.QuoteIndirect, "Russia had to withdraw", "She", "Annalena Baerbock", "said"},
		want{dateline.QuoteIndirect, "the meeting was short", "A senior US official", "the senior US official", "said"},
		want{dateline.QuoteDirect, "We remain hopeful", "the official", "the senior US official", "said"},
		want{dateline.QuoteIndirect, "the talks were useful", "the US State Department", "US State Department", "said"},
		want{dateline.QuoteIndirect, "Further meetings are planned", "it", "US State Department", "said"})
}

// A role phrase that introduces someone new, or describes someone else,
// is not the role mentioned before.
func TestQuoteNewRoleIsNotTheOldOne(t *testing.T) {
	body := "A senior US official said the meeting was short. " +
		"Later a Russian official said it was useful. " +
		"The US official added that talks would go on. " +
		"Right-wing lawmakers said the bill was too weak. " +
		"On Tuesday, 60 Conservative lawmakers said they would back it."
	expect(t, body, false,
		want{dateline.QuoteIndirect, "the meeting was short", "A senior US official", "the senior US official", "said"},
		want{dateline.QuoteIndirect, "it was useful", "a Russian official", "the Russian official", "said"},
		want{dateline.QuoteIndirect, "that talks would go on", "The US official", "the senior US official", "added"},
		want{dateline.QuoteIndirect, "the bill was too weak", "Right-wing lawmakers", "Right-wing lawmakers", "said"},
		want{dateline.QuoteIndirect, "they would back it", "60 Conservative lawmakers", "60 Conservative lawmakers", "said"})
}

// A title is bound to a name only from where the name is given, and "vice
// president" is not "president".
func TestQuoteTitleBoundBeforeOnly(t *testing.T) {
	body := "The outgoing president said last week that he feared an oligarchy. " +
		"Trump defeated Vice President Kamala Harris in the election. " +
		"The vice president said she would help."
	expect(t, body, false,
		want{dateline.QuoteIndirect, "that he feared an oligarchy", "The outgoing president", "the outgoing president", "said"},
		want{dateline.QuoteIndirect, "she would help", "The vice president", "Kamala Harris", "said"})
}

// A participle that modifies a noun is no cue: "a truce agreed last August
// collapsed"; "which an investigation said was careless" is one.
func TestQuoteParticipleModifier(t *testing.T) {
	expect(t, "A fragile truce agreed last August collapsed in October.", true)
	expect(t, "The minister agreed last week that the talks would resume.", true,
		want{dateline.QuoteIndirect, "that the talks would resume", "The minister", "the minister", "agreed"})
}

// "Asked not to be named" is no attribution, and the place a source is
// in is not the source.
func TestQuoteAnonymousSourceInAPlace(t *testing.T) {
	expect(t, "A senior Western diplomat in Geneva, who asked not to be named, said the next few days would be decisive.", true,
		want{dateline.QuoteIndirect, "the next few days would be decisive", "A senior Western diplomat in Geneva, who asked not to be named", "the senior Western diplomat in Geneva", "said"})
	expect(t, "Officials in Moscow said the talks had failed.", true,
		want{dateline.QuoteIndirect, "the talks had failed", "Officials in Moscow", "Officials in Moscow", "said"})
}

func TestQuoteEntitiesLayerIsUsed(t *testing.T) {
	body := "Mr Lavrov said the talks were over. He left at noon."
	doc := dateline.NewDoc(dateline.Article{Text: body})
	if err := text.New().Analyze(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	doc.Entities = []dateline.Entity{{Span: dateline.Span{Start: 3, End: 9}, Text: "Lavrov", Type: dateline.EntityPerson, Entity: "Sergei Lavrov"}}
	if err := testFinder(t).Analyze(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Quotes) != 1 || doc.Quotes[0].Speaker != "Sergei Lavrov" {
		t.Fatalf("want the entity's canonical name as speaker, got %v", doc.Quotes)
	}
}

func TestQuoteAnalyzeWithoutTextLayer(t *testing.T) {
	doc := dateline.NewDoc(dateline.Article{Text: "“We stay,” Berg said."})
	if err := testFinder(t).Analyze(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Quotes) != 1 || len(doc.Tokens) != 0 {
		t.Fatalf("got %d quotes and %d tokens", len(doc.Quotes), len(doc.Tokens))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := testFinder(t).Analyze(ctx, doc); err == nil {
		t.Error("Analyze ignored a cancelled context")
	}
}

func TestQuoteConcurrentUse(t *testing.T) {
	f := testFinder(t)
	body := "“We came to talk,” Berg said. “We will leave when we are done.” Lavrov said the talks were over."
	want := describeAll(analyze(t, body).Quotes)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 50; k++ {
				doc := dateline.NewDoc(dateline.Article{Text: body})
				_ = f.Analyze(context.Background(), doc)
				if got := describeAll(doc.Quotes); got != want {
					t.Errorf("concurrent run differs:\n%s\n%s", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func describeAll(qs []dateline.Quote) string {
	var b strings.Builder
	for _, q := range qs {
		b.WriteString(describe(q) + "\n")
	}
	return b.String()
}

// readSeed returns the body of the seed article, or skips the test.
func readSeed(t testing.TB) string {
	b, err := os.ReadFile("../../shared/seed/seed-article.txt")
	if err != nil {
		t.Skipf("seed article not found (it lives in ../shared/seed next to the repository): %v", err)
	}
	s := strings.TrimLeft(string(b), " \t\r\n")
	s = strings.TrimPrefix(s, "date ")
	if len(s) < 10 {
		t.Skip("seed article too short")
	}
	return strings.TrimRight(strings.TrimLeft(s[10:], " \t\r\n"), " \t\r\n")
}

// TestSeedArticle lists every quotation and piece of reported speech of the
// seed article with its kind, source and speaker.
func TestQuoteSeedArticle(t *testing.T) {
	body := readSeed(t)
	const (
		D = dateline.QuoteDirect
		I = dateline.QuoteIndirect
		M = dateline.QuoteMixed
	)
	expect(t, body, true,
		want{M, "he urged his Russian counterpart Sergei Lavrov to “end this war of aggression” in Ukraine", "US Secretary of State", "Blinken", "said"},
		want{M, "his Russian counterpart Sergei Lavrov to “end this war of aggression” in Ukraine", "he", "Blinken", "urged"},
		want{I, "the meeting was unscheduled and sought by the US", "Blinken", "Blinken", "said"},
		want{D, "I told the foreign minister what I and so many others said last week", "Blinken", "Blinken", "told"},
		want{I, "that only Russia and opposed condemnation of the war in Ukraine", "He", "Blinken", "told"},
		want{I, "condemnation of the war in Ukraine", "only Russia", "Russia", "opposed"},
		want{I, "he asked Lavrov that Russia should honour treaties", "The US Secretary of State", "Blinken", "said"},
		want{I, "that Russia should honour treaties", "he", "Blinken", "asked"},
		want{D, "The chair's statement by India today reiterated the declaration", "Blinken", "Blinken", "stated"},
		want{I, "Russia and were the only two countries that made clear that they will not sign that text", "he", "Blinken", "said"},
		want{I, "that they will not sign that text", "that", "the only two countries", "made clear"},
		want{I, "that 18 members of the G20 reiterated that it was essential", "He", "Blinken", "stressed"},
		want{I, "that it was essential to uphold law in the multilateral system", "18 members of the G20", "18 members of the G20", "reiterated"},
		want{I, "This included defending all of the principles", "he", "Blinken", "said"},
		want{I, "Blinken urged Russia to reverse its decision on the New START nuclear treaty", "A senior US official", "the senior US official", "said"},
		want{I, "Russia to reverse its decision on the New START nuclear treaty", "Blinken", "Blinken", "urged"},
		want{D, "We always remain hopeful that the Russians will reverse their decision", "the US official", "the senior US official", "said"},
		want{M, "Blinken, the official added, wanted to \"disabuse the Russians", "the official", "the senior US official", "added"},
		want{I, "the meeting focussed on shared efforts to elevate and expand cooperation", "the US State Department", "US State Department", "said"},
		want{I, "They also spoke on the efforts to promote food", "it", "US State Department", "said"},
		want{D, "Return to new START", "", "Baerbock", ""},
		want{I, "her Russian counterpart to return to the full implementation of the new START", "German Foreign Minister Baerbock", "Baerbock", "called on"},
		want{M, "“I ask you, Mr (Sergei) Lavrov, to return to full implementation of new START,” Baerbock said", "the German delegation", "the German delegation", "according to"},
		want{D, "I ask you, Mr (Sergei) Lavrov, to return to full implementation of new START", "Baerbock", "Baerbock", "said"},
	)
}
