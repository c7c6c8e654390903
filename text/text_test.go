package text

import (
	"context"
	"errors"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/dateline-news/dateline"
)

// sg is shared by the tests, which also checks that a Segmenter can be.
var sg = New()

// sentenceTexts returns the text of each sentence of s.
func sentenceTexts(s string) []string {
	_, sents := sg.Segment(s)
	out := make([]string, len(sents))
	for i, x := range sents {
		out[i] = s[x.Start:x.End]
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// seedBody reads the seed article and returns its body, parsed by the line
// format of DESIGN.md: optional white space, "date", a space, an ISO date,
// white space, then the body.
func seedBody(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../shared/seed/seed-article.txt")
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("seed article ../../shared/seed/seed-article.txt not found; skipping")
	}
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`^\s*date \d{4}-\d{2}-\d{2}\s+`).FindIndex(b)
	if m == nil {
		t.Fatal("seed article does not start with a date line")
	}
	return strings.TrimRight(string(b[m[1]:]), " \t\r\n")
}

func TestSeedArticleSentences(t *testing.T) {
	body := seedBody(t)
	want := []string{
		"US Secretary of State on Thursday said he urged his Russian counterpart Sergei Lavrov to “end this war of aggression” in Ukraine.",
		"The two spoke for less than 10 minutes in what is believed to be their first one-on-one conversation in person since before Russia's February 2022 invasion of Ukraine.",
		"Blinken said the meeting was unscheduled and sought by the US when Lavrov was on the move.",
		"“I told the foreign minister what I and so many others said last week at the United Nations and what so many G20 foreign ministers said today -- end this war of aggression, engage in meaningful diplomacy that can produce a just and lasting peace,” Blinken told reporters after talks in New Delhi.",
		"He also told the press after the first G20 Foreign Ministers meeting ended on Thursday that only Russia and opposed condemnation of the war in Ukraine.",
		"The US Secretary of State said he asked Lavrov that Russia should honour treaties, which place verifiable limits on the nuclear stockpiles of both the US and Russia.",
		"His statement opens to questions Russia’s support for the common outcome document brought out under India's presidency of the G20.",
		"“The chair's statement by India today reiterated the declaration issued by G20 last year in Bali that strongly condemned the war in Ukraine, and stressed that it was causing immense suffering, and exacerbating existing fragilities in the global economy,” Blinken stated.",
		"Russia and were the only two countries that made clear that they will not sign that text, he said.",
		"He also stressed that 18 members of the G20 reiterated that it was essential to uphold law in the multilateral system.",
		"This included defending all of the principles enshrined in the charter of the United Nations and adhering to humanitarian law, he said.",
		"A senior US official said Blinken urged Russia to reverse its decision on the New START nuclear treaty.",
		"“We always remain hopeful that the Russians will reverse their decision and be prepared to engage in a diplomatic process that can lead to a just and durable peace, but I wouldn't say that coming out of this encounter there was any expectation that things will change in the near term,\" the US official said.",
		"Blinken, the official added, wanted to \"disabuse the Russians of any notion that our support (for Ukraine) might be wavering or the support from our allies and partners might be wavering\".",
		"Meetings with Jaishankar",
		"Blinken also met External Affairs Minister S Jaishankar for a bilateral meeting on the sidelines of the G20 meeting.",
		"In a press statement, the US State Department said the meeting focussed on shared efforts to elevate and expand cooperation on strategic technology, defense, and industry.",
		"They also spoke on the efforts to promote food, energy, and global health security, the clean energy transition, counternarcotics cooperation, and women’s economic empowerment, it said.",
		"‘Return to new START’",
		"German Foreign Minister Baerbock on Thursday called on her Russian counterpart to return to the full implementation of the new START nuclear arms control treaty.",
		"“I ask you, Mr (Sergei) Lavrov, to return to full implementation of new START,” Baerbock said during the first G20 session on multilateralism, according to the German delegation.",
	}
	got := sentenceTexts(body)
	if !equalStrings(got, want) {
		for i := 0; i < max(len(got), len(want)); i++ {
			var g, w string
			if i < len(got) {
				g = got[i]
			}
			if i < len(want) {
				w = want[i]
			}
			if g != w {
				t.Errorf("sentence %d:\n got %q\nwant %q", i, g, w)
			}
		}
	}
}

func TestSeedArticleTokens(t *testing.T) {
	body := seedBody(t)
	toks := sg.Tokenize(body, nil)
	kinds := make(map[string]dateline.TokenKind)
	var texts []string
	for _, tk := range toks {
		w := body[tk.Start:tk.End]
		texts = append(texts, w)
		kinds[w] = tk.Kind
	}
	joined := " " + strings.Join(texts, " ") + " "
	for _, want := range []string{
		" one-on-one ",
		" Russia 's February 2022 ",
		" Russia ’s support ",
		" I would n't say ",
		" women ’s economic ",
		" “ end this war of aggression ” ",
		" today -- end ",
		" Mr ( Sergei ) Lavrov , ",
		" S Jaishankar ",
		" ‘ Return to new START ’ ",
		" G20 ",
		" wavering \" . ",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("tokens do not contain %q", want)
		}
	}
	for w, k := range map[string]dateline.TokenKind{
		"“": dateline.TokQuote, "”": dateline.TokQuote, "‘": dateline.TokQuote, "’": dateline.TokQuote,
		"\"": dateline.TokQuote, "--": dateline.TokDash, "2022": dateline.TokNumber, "10": dateline.TokNumber,
		"G20": dateline.TokWord, "'s": dateline.TokWord, "’s": dateline.TokWord, "n't": dateline.TokWord,
		",": dateline.TokPunct, ".": dateline.TokPunct, "(": dateline.TokPunct,
	} {
		if got, ok := kinds[w]; !ok || got != k {
			t.Errorf("kind of %q = %v (found %v), want %v", w, got, ok, k)
		}
	}
}

// tok is an expected token: its text and kind.
type tok struct {
	text string
	kind dateline.TokenKind
}

const (
	W = dateline.TokWord
	N = dateline.TokNumber
	P = dateline.TokPunct
	Q = dateline.TokQuote
	D = dateline.TokDash
	S = dateline.TokSymbol
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []tok
	}{
		{"Mr. Lavrov wouldn't go.", []tok{{"Mr.", W}, {"Lavrov", W}, {"would", W}, {"n't", W}, {"go", W}, {".", P}}},
		{"Russia's war", []tok{{"Russia", W}, {"'s", W}, {"war", W}}},
		{"Russia’s war", []tok{{"Russia", W}, {"’s", W}, {"war", W}}},
		{"can't won't cannot", []tok{{"ca", W}, {"n't", W}, {"wo", W}, {"n't", W}, {"can", W}, {"not", W}}},
		{"I'm we're they've she'll he'd", []tok{{"I", W}, {"'m", W}, {"we", W}, {"'re", W}, {"they", W}, {"'ve", W}, {"she", W}, {"'ll", W}, {"he", W}, {"'d", W}}},
		{"WOULDN'T shouldn't've", []tok{{"WOULD", W}, {"N'T", W}, {"should", W}, {"n't", W}, {"'ve", W}}},
		{"O'Brien rock'n'roll", []tok{{"O'Brien", W}, {"rock'n'roll", W}}},
		{"gonna gotta", []tok{{"gon", W}, {"na", W}, {"got", W}, {"ta", W}}},
		{"the Russians' view", []tok{{"the", W}, {"Russians", W}, {"'", W}, {"view", W}}},
		{"'courageous achievement'", []tok{{"'", Q}, {"courageous", W}, {"achievement", W}, {"'", Q}}},
		{"'tis the '90s, rock 'n' roll", []tok{{"'t", W}, {"is", W}, {"the", W}, {"'90s", N}, {",", P}, {"rock", W}, {"'n'", W}, {"roll", W}}},
		{"Dr. Gen. Sen. Jan. Inc. etc.", []tok{{"Dr.", W}, {"Gen.", W}, {"Sen.", W}, {"Jan.", W}, {"Inc.", W}, {"etc.", W}}},
		{"U.S. e.g. J.R.R. Tolkien Ph.D.", []tok{{"U.S.", W}, {"e.g.", W}, {"J.R.R.", W}, {"Tolkien", W}, {"Ph.D.", W}}},
		{"S. Jaishankar and S Jaishankar", []tok{{"S.", W}, {"Jaishankar", W}, {"and", W}, {"S", W}, {"Jaishankar", W}}},
		{"the U.S.-led talks", []tok{{"the", W}, {"U.S.-led", W}, {"talks", W}}},
		{"the U.S.'s position, Jr.. End", []tok{{"the", W}, {"U.S.", W}, {"'s", W}, {"position", W}, {",", P}, {"Jr.", W}, {".", P}, {"End", W}}},
		{"No. 10 said no.", []tok{{"No.", W}, {"10", N}, {"said", W}, {"no", W}, {".", P}}},
		{"3.5 1,000 1,000,000.25 2022 10:30 3rd 1990s 3/4 2-1", []tok{{"3.5", N}, {"1,000", N}, {"1,000,000.25", N}, {"2022", N}, {"10:30", N}, {"3rd", N}, {"1990s", N}, {"3/4", N}, {"2-1", N}}},
		{"pages 18,19 and -5 or .5", []tok{{"pages", W}, {"18", N}, {",", P}, {"19", N}, {"and", W}, {"-5", N}, {"or", W}, {".5", N}}},
		{"10% $3.5bn £20 €4", []tok{{"10", N}, {"%", S}, {"$", S}, {"3.5bn", W}, {"£", S}, {"20", N}, {"€", S}, {"4", N}}},
		{"see https://example.com/a_(b)?x=1. Or www.example.org, mail me@x.org.", []tok{{"see", W}, {"https://example.com/a_(b)?x=1", W}, {".", P}, {"Or", W}, {"www.example.org", W}, {",", P}, {"mail", W}, {"me@x.org", W}, {".", P}}},
		{"(https://example.com)", []tok{{"(", P}, {"https://example.com", W}, {")", P}}},
		{"one-on-one self-esteem COVID-19", []tok{{"one-on-one", W}, {"self-esteem", W}, {"COVID-19", W}}},
		{"war--peace war -- peace war—peace war – peace", []tok{{"war", W}, {"--", D}, {"peace", W}, {"war", W}, {"--", D}, {"peace", W}, {"war", W}, {"—", D}, {"peace", W}, {"war", W}, {"–", D}, {"peace", W}}},
		{"pre- and post-war", []tok{{"pre-", W}, {"and", W}, {"post-war", W}}},
		{"“Go,” he said. \"No.\"", []tok{{"“", Q}, {"Go", W}, {",", P}, {"”", Q}, {"he", W}, {"said", W}, {".", P}, {"\"", Q}, {"No", W}, {".", P}, {"\"", Q}}},
		{"«Non» ‹oui›", []tok{{"«", Q}, {"Non", W}, {"»", Q}, {"‹", Q}, {"oui", W}, {"›", Q}}},
		{"Wait... what?! Really…", []tok{{"Wait", W}, {"...", P}, {"what", W}, {"?!", P}, {"Really", W}, {"…", P}}},
		{"AT&T and S&P; Q&A", []tok{{"AT&T", W}, {"and", W}, {"S&P", W}, {";", P}, {"Q&A", W}}},
		{"#G20 @UN", []tok{{"#G20", W}, {"@UN", W}}},
		{"São Paulo naïve Dvořák", []tok{{"São", W}, {"Paulo", W}, {"naïve", W}, {"Dvořák", W}}},
		{"and/or friend(s)", []tok{{"and", W}, {"/", P}, {"or", W}, {"friend(s)", W}}},
		{"2. Methods\n(a) first\nb) second", []tok{{"2.", N}, {"Methods", W}, {"(a)", P}, {"first", W}, {"b)", W}, {"second", W}}},
		{"👍🏽 ok", []tok{{"👍🏽", S}, {"ok", W}}},
		{"a\xffb", []tok{{"a", W}, {"\xff", S}, {"b", W}}},
		{"in 1971 (Roe v. Wade)", []tok{{"in", W}, {"1971", N}, {"(", P}, {"Roe", W}, {"v.", W}, {"Wade", W}, {")", P}}},
		{"c. 1900", []tok{{"c.", W}, {"1900", N}}},
		{"Sen. Doe (D-Calif.) said", []tok{{"Sen.", W}, {"Doe", W}, {"(", P}, {"D-Calif.", W}, {")", P}, {"said", W}}},
		{"US$5m at 3 p.m. in Washington, D.C., today", []tok{{"US", W}, {"$", S}, {"5m", W}, {"at", W}, {"3", N}, {"p.m.", W}, {"in", W}, {"Washington", W}, {",", P}, {"D.C.", W}, {",", P}, {"today", W}}},
		{"x ∈ T. Then", []tok{{"x", W}, {"∈", S}, {"T", W}, {".", P}, {"Then", W}}},
	}
	for _, tt := range tests {
		toks := sg.Tokenize(tt.in, nil)
		var got []tok
		for _, x := range toks {
			got = append(got, tok{tt.in[x.Start:x.End], x.Kind})
		}
		if len(got) != len(tt.want) {
			t.Errorf("Tokenize(%q)\n got %v\nwant %v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("Tokenize(%q): token %d = %q/%v, want %q/%v\n all: %v", tt.in, i, got[i].text, got[i].kind, tt.want[i].text, tt.want[i].kind, got)
				break
			}
		}
	}
}

func TestTokenizeAppends(t *testing.T) {
	dst := []dateline.Token{{Span: dateline.Span{Start: 7, End: 9}}}
	got := sg.Tokenize("Hi there.", dst)
	if len(got) != 4 || got[0] != dst[0] {
		t.Fatalf("Tokenize did not append to dst: %v", got)
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"titles", "Mr. Lavrov met Dr. Smith and Gen. Milley on Friday. They talked.",
			[]string{"Mr. Lavrov met Dr. Smith and Gen. Milley on Friday.", "They talked."}},
		{"title without period", "I ask you, Mr Lavrov, to return. He did not.",
			[]string{"I ask you, Mr Lavrov, to return.", "He did not."}},
		{"initials", "External Affairs Minister S. Jaishankar met J. R. R. Tolkien's heirs. S Jaishankar left.",
			[]string{"External Affairs Minister S. Jaishankar met J. R. R. Tolkien's heirs.", "S Jaishankar left."}},
		{"U.S. inside", "The U.S. Senate and the U.S. State Department agreed.",
			[]string{"The U.S. Senate and the U.S. State Department agreed."}},
		{"U.S. at the end", "He flew to the U.S. The next day he met Blinken.",
			[]string{"He flew to the U.S.", "The next day he met Blinken."}},
		{"U.S. at the end of the text", "He flew to the U.S.",
			[]string{"He flew to the U.S."}},
		{"abbreviations in running text", "The meeting is at 3 p.m. The U.N. Security Council met in Washington, D.C., on Monday. He was born in the U.K. He moved to St. Louis, Mo., in 1990. Sen. Jane Doe (D-Calif.) agreed.",
			[]string{"The meeting is at 3 p.m.", "The U.N. Security Council met in Washington, D.C., on Monday.", "He was born in the U.K.",
				"He moved to St. Louis, Mo., in 1990.", "Sen. Jane Doe (D-Calif.) agreed."}},
		{"single quotes", "‘We will win,’ he said. ‘It is over.’ Then he left.",
			[]string{"‘We will win,’ he said.", "‘It is over.’", "Then he left."}},
		{"abbreviation before a name", "Shares of Acme Inc. rose. Acme Inc. Chief Executive Jane Roe said so.",
			[]string{"Shares of Acme Inc. rose.", "Acme Inc. Chief Executive Jane Roe said so."}},
		{"dateline", "KYIV, Ukraine (AP) — Russia launched 120 drones overnight, the air force said.",
			[]string{"KYIV, Ukraine (AP) —", "Russia launched 120 drones overnight, the air force said."}},
		{"dateline with a date", "KHARTOUM, Feb 7 (Reuters) - Sudan's army said it had retaken the town.",
			[]string{"KHARTOUM, Feb 7 (Reuters) -", "Sudan's army said it had retaken the town."}},
		{"dateline of a place alone", "NEW YORK — Stocks fell on Monday.",
			[]string{"NEW YORK —", "Stocks fell on Monday."}},
		{"no dateline: a heading in capitals", "CONGRESSIONAL RECORD — SENATE S65",
			[]string{"CONGRESSIONAL RECORD — SENATE S65"}},
		{"no dateline: an acronym and words", "NATO Secretary General Mark Rutte — who spoke on Monday — said allies must spend more.",
			[]string{"NATO Secretary General Mark Rutte — who spoke on Monday — said allies must spend more."}},
		{"no dateline: not at a line start", "He said so. BRUSSELS — Rome — Paris were named.",
			[]string{"He said so.", "BRUSSELS — Rome — Paris were named."}},
		{"etc.", "They sold tea, coffee, etc. Prices rose.",
			[]string{"They sold tea, coffee, etc.", "Prices rose."}},
		{"decimals and numbers", "Growth was 3.5 percent in 2022. 18 members agreed. It cost $1,000.50 at 10:30 a.m. on Jan. 5.",
			[]string{"Growth was 3.5 percent in 2022.", "18 members agreed.", "It cost $1,000.50 at 10:30 a.m. on Jan. 5."}},
		{"No. before a number", "He lives at No. 10 Downing Street. No. He does not.",
			[]string{"He lives at No. 10 Downing Street.", "No.", "He does not."}},
		{"he said endings", "Russia was isolated, he said. The talks ended.",
			[]string{"Russia was isolated, he said.", "The talks ended."}},
		{"quote closing after period", "He said: “We will go.” Then he left.",
			[]string{"He said: “We will go.”", "Then he left."}},
		{"quote spanning sentences", "“We remain hopeful. But I wouldn't say that,” the official said. Talks ended.",
			[]string{"“We remain hopeful.", "But I wouldn't say that,” the official said.", "Talks ended."}},
		{"straight quotes", "\"It is over.\" He left. She said \"no\".",
			[]string{"\"It is over.\"", "He left.", "She said \"no\"."}},
		{"question with reporting clause", "“Why now?” Blinken asked. “Why not?” he replied.",
			[]string{"“Why now?” Blinken asked.", "“Why not?” he replied."}},
		{"question", "Is it over? Not yet! Maybe.",
			[]string{"Is it over?", "Not yet!", "Maybe."}},
		{"ellipsis", "He paused... and went on. Then silence… The end.",
			[]string{"He paused... and went on.", "Then silence…", "The end."}},
		{"brackets", "It grew (see below.) Then it fell. (It rose again.) Fine.",
			[]string{"It grew (see below.)", "Then it fell.", "(It rose again.)", "Fine."}},
		{"lower case after period", "The plan, approx. five pages, was read. the end",
			[]string{"The plan, approx. five pages, was read. the end"}},
		{"citation marks", "He died in 2014. [4] His work lives on.",
			[]string{"He died in 2014. [4]", "His work lives on."}},
		{"list numbers", "2. Methods\n\nWe used 3. The rest followed.",
			[]string{"2. Methods", "We used 3.", "The rest followed."}},
		{"paragraphs", "First paragraph without a stop\n\nSecond one.\r\n\r\nThird",
			[]string{"First paragraph without a stop", "Second one.", "Third"}},
		{"heading between single newlines",
			"The talks ended after less than ten minutes.\nMeetings with Jaishankar\nBlinken also met External Affairs Minister S Jaishankar on the sidelines.",
			[]string{"The talks ended after less than ten minutes.", "Meetings with Jaishankar",
				"Blinken also met External Affairs Minister S Jaishankar on the sidelines."}},
		{"hard-wrapped capitalised line start",
			"The two spoke for less than ten minutes in what was their first meeting.\nBlinken met Lavrov on the sidelines of the meeting in New\nDelhi on Thursday, and the two spoke for less than ten\nminutes.\n\nNext paragraph.",
			[]string{"The two spoke for less than ten minutes in what was their first meeting.",
				"Blinken met Lavrov on the sidelines of the meeting in New\nDelhi on Thursday, and the two spoke for less than ten\nminutes.", "Next paragraph."}},
		{"hard-wrapped paragraph end", "Claire Warwick c.l.h.warwick@durham.ac.uk Durham University, United\nKingdom\n\nHow do people look at art?",
			[]string{"Claire Warwick c.l.h.warwick@durham.ac.uk Durham University, United\nKingdom", "How do people look at art?"}},
		{"wrapped dash", "Her mind was on the broader pictures\n— when it came to the joinery she knew.",
			[]string{"Her mind was on the broader pictures\n— when it came to the joinery she knew."}},
		{"quoted heading", "It ended.\n\n‘Return to new START’\n\nBaerbock spoke.",
			[]string{"It ended.", "‘Return to new START’", "Baerbock spoke."}},
		{"hard-wrapped lines", "Blinken said the meeting was\nunscheduled and sought by the\nUS when Lavrov was on the move.",
			[]string{"Blinken said the meeting was\nunscheduled and sought by the\nUS when Lavrov was on the move."}},
		{"bullets", "Key points:\n- talks ended\n- no deal",
			[]string{"Key points:", "- talks ended", "- no deal"}},
		{"dash cut-off", "We'd have to go — We could try it.",
			[]string{"We'd have to go —", "We could try it."}},
		{"white space", "  \n Hello.  \n\n  ", []string{"Hello."}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentenceTexts(tt.in)
			if !equalStrings(got, tt.want) {
				t.Errorf("sentences of %q\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAnalyzer(t *testing.T) {
	var a dateline.Analyzer = sg
	if a.Name() != "text" {
		t.Errorf("Name() = %q, want %q", a.Name(), "text")
	}
	v := sg.Version()
	if !regexp.MustCompile(`^\d+\.[0-9a-f]{12}$`).MatchString(v) {
		t.Errorf("Version() = %q, want engine version and data digest", v)
	}
	if New().Version() != v {
		t.Error("Version differs between two Segmenters")
	}
	doc := dateline.NewDoc(dateline.Article{Text: "Mr. Lavrov left. Blinken stayed."})
	if err := a.Analyze(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Sentences) != 2 || len(doc.Tokens) != 7 || doc.Words() != 5 {
		t.Errorf("Analyze: %d sentences, %d tokens, %d words; want 2, 7, 5", len(doc.Sentences), len(doc.Tokens), doc.Words())
	}
	// A second run on the same Doc replaces the layers.
	if err := a.Analyze(context.Background(), doc); err != nil || len(doc.Sentences) != 2 || len(doc.Tokens) != 7 {
		t.Errorf("second Analyze: err %v, %d sentences, %d tokens", err, len(doc.Sentences), len(doc.Tokens))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := a.Analyze(ctx, doc); !errors.Is(err, context.Canceled) {
		t.Errorf("Analyze with a cancelled context = %v, want context.Canceled", err)
	}
}

func TestConcurrentUse(t *testing.T) {
	text := syntheticNews(64<<10, 3)
	wantToks, wantSents := sg.Segment(text)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Go(func() {
			for k := 0; k < 3; k++ {
				doc := dateline.NewDoc(dateline.Article{Text: text})
				if err := sg.Analyze(context.Background(), doc); err != nil {
					t.Error(err)
					return
				}
				if len(doc.Tokens) != len(wantToks) || len(doc.Sentences) != len(wantSents) {
					t.Errorf("concurrent Analyze: %d tokens, %d sentences; want %d, %d",
						len(doc.Tokens), len(doc.Sentences), len(wantToks), len(wantSents))
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestSyntheticNews checks the invariants on the benchmark text and that
// the segmenter finds the sentences the generator wrote.
func TestSyntheticNews(t *testing.T) {
	text := syntheticNews(256<<10, 4)
	toks, sents := sg.Segment(text)
	checkInvariants(t, text, toks, sents)
	for _, x := range sents {
		s := text[x.Start:x.End]
		if strings.HasSuffix(s, " Mr.") || strings.HasSuffix(s, " Dr.") || strings.HasSuffix(s, " Gen.") ||
			strings.HasSuffix(s, " Sept.") || strings.HasSuffix(s, " St.") || strings.HasSuffix(s, " e.g.") {
			t.Fatalf("sentence ends at an abbreviation: %q", s)
		}
	}
}
