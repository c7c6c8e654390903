package timex

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/dateline-news/dateline"
)

var (
	testTagger     *Tagger
	testTaggerErr  error
	testTaggerOnce sync.Once
)

func tagger(t testing.TB) *Tagger {
	t.Helper()
	testTaggerOnce.Do(func() { testTagger, testTaggerErr = New() })
	if testTaggerErr != nil {
		t.Fatal(testTaggerErr)
	}
	return testTagger
}

func day(s string) time.Time {
	t, err := time.Parse(dateline.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

// want is an expected timex: its text, type, value and mod.
type want struct {
	text, typ, value, mod string
}

func (w want) String() string {
	s := fmt.Sprintf("%q %s %s", w.text, w.typ, w.value)
	if w.mod != "" {
		s += " " + w.mod
	}
	return s
}

func got(xs []dateline.Timex) []want {
	var out []want
	for _, x := range xs {
		out = append(out, want{x.Text, x.Type, x.Value, x.Mod})
	}
	return out
}

func checkTimexes(t *testing.T, text string, dct time.Time, xs []dateline.Timex, wants []want) {
	t.Helper()
	for _, x := range xs {
		if !x.Valid(len(text)) || text[x.Start:x.End] != x.Text {
			t.Errorf("%q: bad span %v for %q", text, x.Span, x.Text)
		}
	}
	g := got(xs)
	if fmt.Sprint(g) != fmt.Sprint(wants) {
		t.Errorf("text %q (dct %s)\n got: %v\nwant: %v", text, dct.Format(dateline.DateLayout), g, wants)
	}
}

// readSeed reads the seed article in the line format: optional white
// space, "date YYYY-MM-DD", white space, the body.
func readSeed(t *testing.T) (time.Time, string) {
	t.Helper()
	b, err := os.ReadFile("../../shared/seed/seed-article.txt")
	if err != nil {
		t.Skipf("seed article not available (%v); it lives in ../shared/seed next to the repository", err)
	}
	s := strings.TrimLeftFunc(string(b), unicode.IsSpace)
	rest, ok := strings.CutPrefix(s, "date ")
	if !ok || len(rest) < 10 {
		t.Fatalf("seed article: no date line")
	}
	dct, err := time.Parse(dateline.DateLayout, rest[:10])
	if err != nil {
		t.Fatalf("seed article: %v", err)
	}
	body := strings.TrimRightFunc(strings.TrimLeftFunc(rest[10:], unicode.IsSpace), unicode.IsSpace)
	return dct, body
}

// TestSeedArticle checks every time expression of the seed article.
func TestSeedArticle(t *testing.T) {
	dct, body := readSeed(t)
	doc := dateline.NewDoc(dateline.Article{ID: "seed-article", Date: dct, Text: body})
	tg := tagger(t)
	if err := tg.Analyze(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	checkTimexes(t, body, dct, doc.Timexes, []want{
		{"Thursday", "DATE", "2023-03-02", ""},
		{"less than 10 minutes", "DURATION", "PT10M", "LESS_THAN"},
		{"February 2022", "DATE", "2022-02", ""},
		{"last week", "DATE", "2023-W08", ""},
		{"today", "DATE", "2023-03-02", ""},
		{"Thursday", "DATE", "2023-03-02", ""},
		{"today", "DATE", "2023-03-02", ""},
		{"last year", "DATE", "2022", ""},
		{"the near term", "DATE", "FUTURE_REF", ""},
		{"Thursday", "DATE", "2023-03-02", ""},
	})
	// The same with sentences from an earlier layer.
	var sents []dateline.Sentence
	start := 0
	for i := 0; i < len(body); i++ {
		if body[i] == '\n' {
			if i > start {
				sents = append(sents, dateline.Sentence{Span: dateline.Span{Start: start, End: i}})
			}
			start = i + 1
		}
	}
	sents = append(sents, dateline.Sentence{Span: dateline.Span{Start: start, End: len(body)}})
	if a, b := tg.Tag(body, dct, nil), tg.Tag(body, dct, sents); fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("with sentences:\n%v\nwithout:\n%v", b, a)
	}
}

type tagCase struct {
	name  string
	dct   string
	text  string
	wants []want
}

func runCases(t *testing.T, cases []tagCase) {
	t.Helper()
	tg := tagger(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dct := day(c.dct)
			checkTimexes(t, c.text, dct, tg.Tag(c.text, dct, nil), c.wants)
		})
	}
}

func TestWeekdayDirection(t *testing.T) {
	// 2023-03-01 is a Wednesday.
	runCases(t, []tagCase{
		{"past", "2023-03-01", "The minister said on Friday that the talks had failed.",
			[]want{{"Friday", "DATE", "2023-02-24", ""}}},
		{"future", "2023-03-01", "The two ministers will meet on Friday in Geneva.",
			[]want{{"Friday", "DATE", "2023-03-03", ""}}},
		{"future reported", "2023-03-01", "Officials said the ministers would meet again on Friday.",
			[]want{{"Friday", "DATE", "2023-03-03", ""}}},
		{"today", "2023-03-01", "Protesters gathered outside parliament on Wednesday.",
			[]want{{"Wednesday", "DATE", "2023-03-01", ""}}},
		{"until", "2023-03-01", "The border stays closed until Monday, the army said.",
			[]want{{"Monday", "DATE", "2023-03-06", ""}}},
		{"last", "2023-03-01", "The vote took place last Monday.",
			[]want{{"last Monday", "DATE", "2023-02-27", ""}}},
		{"next", "2023-03-01", "The court rules next Tuesday.",
			[]want{{"next Tuesday", "DATE", "2023-03-07", ""}}},
		{"time of day", "2023-03-01", "The plane landed Tuesday morning.",
			[]want{{"Tuesday morning", "TIME", "2023-02-28TMO", ""}}},
		// the tense of the clause after ", and" is not the expression's
		{"clause joined by and", "2023-03-01", "The United States suspended its strategic partnership with Georgia on Saturday, and the European Union warned that the crackdown would have consequences.",
			[]want{{"Saturday", "DATE", "2023-02-25", ""}}},
	})
}

func TestISOWeeks(t *testing.T) {
	// 2021-01-01 is the Friday of ISO week 2020-W53 (28 December 2020 to
	// 3 January 2021); the week before it is 2020-W52.
	runCases(t, []tagCase{
		{"this week at year end", "2021-01-01", "Markets were quiet this week.",
			[]want{{"this week", "DATE", "2020-W53", ""}}},
		{"last week at year end", "2021-01-01", "Markets fell last week.",
			[]want{{"last week", "DATE", "2020-W52", ""}}},
		{"last week after year end", "2021-01-08", "Markets fell last week.",
			[]want{{"last week", "DATE", "2020-W53", ""}}},
		{"next week across year end", "2020-12-31", "Talks resume next week.",
			[]want{{"next week", "DATE", "2021-W01", ""}}},
		{"seed", "2023-03-02", "He said so last week.",
			[]want{{"last week", "DATE", "2023-W08", ""}}},
		{"weeks ago", "2023-03-02", "The deal was signed two weeks ago.",
			[]want{{"two weeks ago", "DATE", "2023-W07", ""}}},
	})
}

func TestAnchoring(t *testing.T) {
	runCases(t, []tagCase{
		{"next day", "2023-03-02", "The summit opened on March 10. The next day, leaders signed the accord.",
			[]want{{"March 10", "DATE", "2023-03-10", ""}, {"The next day", "DATE", "2023-03-11", ""}}},
		{"year later", "2023-03-02", "Fighting broke out on Jan. 5, 2021. A year later the town fell.",
			[]want{{"Jan. 5, 2021", "DATE", "2021-01-05", ""}, {"A year later", "DATE", "2022", ""}}},
		// The time between two events is a duration; "later" is a signal
		// outside the extent (TimeML, TimeBank).
		{"week later", "2023-03-02", "Fighting broke out on Jan. 5, 2022. A week later the town fell.",
			[]want{{"Jan. 5, 2022", "DATE", "2022-01-05", ""}, {"A week", "DURATION", "P1W", ""}}},
		{"that year", "2025-02-07", "Talks began in 2023 but collapsed in December of that year. Fighting resumed later that year.",
			[]want{{"2023", "DATE", "2023", ""}, {"December of that year", "DATE", "2023-12", ""}, {"later that year", "DATE", "2023", "END"}}},
		{"season of the same year", "2025-02-07", "The war began in 2019; in the summer of the same year the army withdrew.",
			[]want{{"2019", "DATE", "2019", ""}, {"the summer of the same year", "DATE", "2019-SU", ""}}},
		{"day before", "2023-03-02", "The vote was held on Feb. 20 and the polls closed the day before.",
			[]want{{"Feb. 20", "DATE", "2023-02-20", ""}, {"the day before", "DATE", "2023-02-19", ""}}},
		{"relative to dct", "2023-03-02", "Yesterday the index rose; tomorrow it may fall. Three years ago it crashed.",
			[]want{{"Yesterday", "DATE", "2023-03-01", ""}, {"tomorrow", "DATE", "2023-03-03", ""}, {"Three years ago", "DATE", "2020", ""}}},
		{"months", "2023-03-02", "Prices rose last month and will rise again next month.",
			[]want{{"last month", "DATE", "2023-02", ""}, {"next month", "DATE", "2023-04", ""}}},
		{"month name future", "2023-11-20", "The new law takes effect in January.",
			[]want{{"January", "DATE", "2024-01", ""}}},
		{"month name past", "2023-03-02", "The company was founded in October, the filing said.",
			[]want{{"October", "DATE", "2022-10", ""}}},
		{"month day near", "2023-12-28", "Voters go to the polls on Jan. 7.",
			[]want{{"Jan. 7", "DATE", "2024-01-07", ""}}},
		{"full date", "2023-03-02", "The treaty was signed on 5 March 1946 and ratified on Sept. 1, 1946.",
			[]want{{"5 March 1946", "DATE", "1946-03-05", ""}, {"Sept. 1, 1946", "DATE", "1946-09-01", ""}}},
		{"iso date", "2023-03-02", "The report is dated 2022-11-30.",
			[]want{{"2022-11-30", "DATE", "2022-11-30", ""}}},
		{"year", "2023-03-02", "Since 2014 the region has been contested.",
			[]want{{"2014", "DATE", "2014", ""}}},
		{"decade", "2023-03-02", "Inflation has not been this high since the 1980s.",
			[]want{{"the 1980s", "DATE", "198", ""}}},
		{"quarter", "2023-10-25", "Net income rose 5% in the third quarter from a year earlier.",
			[]want{{"the third quarter", "DATE", "2023-Q3", ""}, {"a year earlier", "DATE", "2022-Q3", ""}}},
		{"season", "2023-03-02", "The offensive began last summer.",
			[]want{{"last summer", "DATE", "2022-SU", ""}}},
		{"holiday", "2022-12-20", "Shops will close on Christmas Day.",
			[]want{{"Christmas Day", "DATE", "2022-12-25", ""}}},
		{"moving holiday", "2023-11-01", "Travel peaks before Thanksgiving.",
			[]want{{"Thanksgiving", "DATE", "2023-11-23", ""}}},
		{"easter", "2024-03-01", "The pope will lead Easter services.",
			[]want{{"Easter", "DATE", "2024-03-31", ""}}},
	})
}

func TestDurationsSetsTimes(t *testing.T) {
	runCases(t, []tagCase{
		{"durations", "2023-03-02", "The talks lasted three days, then 10 minutes, then a two-year truce.",
			[]want{{"three days", "DURATION", "P3D", ""}, {"10 minutes", "DURATION", "PT10M", ""}, {"two-year", "DURATION", "P2Y", ""}}},
		{"fractions", "2023-03-02", "He served two and a half years and waited half an hour.",
			[]want{{"two and a half years", "DURATION", "P2Y6M", ""}, {"half an hour", "DURATION", "PT30M", ""}}},
		{"vague duration", "2023-03-02", "The siege lasted several weeks.",
			[]want{{"several weeks", "DURATION", "PXW", ""}}},
		{"past n", "2023-03-02", "Prices doubled over the past two months.",
			[]want{{"the past two months", "DURATION", "P2M", ""}}},
		// "about" sets the mod but stays outside the extent, as in TimeBank.
		{"mods", "2023-03-02", "It took more than two weeks, at least 20 years, about three hours.",
			[]want{{"more than two weeks", "DURATION", "P2W", "MORE_THAN"}, {"at least 20 years", "DURATION", "P20Y", "EQUAL_OR_MORE"}, {"three hours", "DURATION", "PT3H", "APPROX"}}},
		{"point mods", "2023-03-02", "Work starts early next year and ends in late November, after the mid-1990s plan.",
			[]want{{"early next year", "DATE", "2024", "START"}, {"late November", "DATE", "2023-11", "END"}, {"the mid-1990s", "DATE", "199", "MID"}}},
		{"sets", "2023-03-02", "The council meets every Monday and publishes a daily report twice a week.",
			[]want{{"every Monday", "SET", "XXXX-WXX-1", ""}, {"daily", "SET", "P1D", ""}, {"a week", "SET", "P1W", ""}}},
		{"set interval", "2023-03-02", "Inspectors visit every two weeks.",
			[]want{{"every two weeks", "SET", "P2W", ""}}},
		// The zone is part of the extent, not of the value, as in the
		// TimeML news corpora.
		{"time with zone", "2023-03-02", "The launch is set for 14:30 GMT.",
			[]want{{"14:30 GMT", "TIME", "2023-03-02T14:30", ""}}},
		{"time with zone and day", "2023-03-02", "Polls close at 8 p.m. EST Tuesday, officials said.",
			[]want{{"8 p.m. EST Tuesday", "TIME", "2023-02-28T20:00", ""}}},
		{"time on a day", "2023-03-02", "The market closed at 3 p.m. on Monday.",
			[]want{{"3 p.m.", "TIME", "2023-02-27T15:00", ""}, {"Monday", "DATE", "2023-02-27", ""}}},
		{"time anchored", "2023-03-02", "The blast occurred on Monday at 10:35 a.m.",
			[]want{{"Monday", "DATE", "2023-02-27", ""}, {"10:35 a.m.", "TIME", "2023-02-27T10:35", ""}}},
		{"tonight", "2023-03-02", "The president speaks tonight.",
			[]want{{"tonight", "TIME", "2023-03-02TNI", ""}}},
		{"vague", "2023-03-02", "Now the region, which recently saw floods, looks to the future. In recent years it grew.",
			[]want{{"Now", "DATE", "PRESENT_REF", ""}, {"recently", "DATE", "PAST_REF", ""}, {"the future", "DATE", "FUTURE_REF", ""}, {"recent years", "DATE", "PAST_REF", ""}}},
	})
}

func TestNoFalsePositives(t *testing.T) {
	runCases(t, []tagCase{
		{"scores", "2023-03-02", "The home side won 3-2 after the 1-0 win in the first leg.", nil},
		{"phone numbers", "2023-03-02", "Call 555-1234 or (202) 555-0199 for tickets.", nil},
		{"long number", "2023-03-02", "The account number is 2882015.", nil},
		{"amounts", "2023-03-02", "The firm paid $1,990 for 2,000 shares, a 12.5 percent stake.", nil},
		{"counts", "2023-03-02", "About 2000 people and 1500 troops attended.", nil},
		{"ages", "2023-03-02", "A 44-year-old man, aged 30 at the time, is 52 years old now.",
			[]want{{"now", "DATE", "PRESENT_REF", ""}}},
		{"modal may", "2023-03-02", "The plan may march ahead, but it may fall.", nil},
		{"second", "2023-03-02", "He won a second term and a quarter of the vote.", nil},
	})
}

func TestAnalyzer(t *testing.T) {
	var a dateline.Analyzer = tagger(t)
	if a.Name() != "timex" {
		t.Errorf("Name() = %q", a.Name())
	}
	v, ok := a.(dateline.Versioned)
	if !ok || !strings.HasPrefix(v.Version(), engineVersion+"+") {
		t.Errorf("Version() = %v", v)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := a.Analyze(ctx, dateline.NewDoc(dateline.Article{Text: "today"})); err == nil {
		t.Error("Analyze with a cancelled context: want an error")
	}
}

// TestNoClock checks that values depend on the document date only.
func TestNoClock(t *testing.T) {
	tg := tagger(t)
	text := "He arrived yesterday and leaves next week."
	a := tg.Tag(text, day("1998-08-07"), nil)
	b := tg.Tag(text, day("1998-08-07").Add(23*time.Hour), nil)
	if fmt.Sprint(a) != fmt.Sprint(b) || len(a) != 2 || a[0].Value != "1998-08-06" || a[1].Value != "1998-W33" {
		t.Errorf("got %v and %v", a, b)
	}
}

func TestConcurrent(t *testing.T) {
	tg := tagger(t)
	dct, body := readSeed(t)
	want := fmt.Sprint(tg.Tag(body, dct, nil))
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				if got := fmt.Sprint(tg.Tag(body, dct, nil)); got != want {
					t.Errorf("concurrent Tag differs")
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestDataErrors(t *testing.T) {
	vocab, _ := dataFS.ReadFile("data/vocab.txt")
	rules, _ := dataFS.ReadFile("data/rules.txt")
	ctxw, _ := dataFS.ReadFile("data/context.txt")
	bad := []struct{ name, rules string }{
		{"unknown class", "DATE <nosuchclass> => 2000"},
		{"unknown function", "DATE today => {nosuchfn}"},
		{"missing capture", "DATE today => $month"},
		{"bad type", "WHEN today => 2000"},
		{"no arrow", "DATE today 2000"},
		{"bad mod", "MOD SOON before DATE: soon"},
		{"class in phrase", "DATE (late <decade>) => 2000"},
		{"bad extent", "DATE today => 2000 extent=1"},
	}
	for _, b := range bad {
		if _, err := newTagger(string(vocab), b.rules, string(ctxw)); err == nil {
			t.Errorf("%s: want an error", b.name)
		}
	}
	if _, err := newTagger(string(vocab), string(rules), string(ctxw)); err != nil {
		t.Fatal(err)
	}
}

func TestAgesInDecades(t *testing.T) {
	runCases(t, []tagCase{
		{"age decade", "2023-03-02", "She married when she was in her 30s and he in his late 40s.", nil},
		{"decade", "2023-03-02", "Prices soared in the late 1970s.",
			[]want{{"the late 1970s", "DATE", "197", "END"}}},
	})
}

// TestNewsConventions checks conventions of the TimeML news corpora that
// the rules follow.
func TestNewsConventions(t *testing.T) {
	runCases(t, []tagCase{
		// The closing day of a quarter leaves the quarter as the period
		// that "a year earlier" compares with.
		{"quarter ended", "1999-03-10", "Net income rose in the quarter ended Dec. 31, from a year earlier.",
			[]want{{"the quarter", "DATE", "1998-Q4", ""}, {"Dec. 31", "DATE", "1998-12-31", ""}, {"a year earlier", "DATE", "1997-Q4", ""}}},
		{"year-ago quarter", "1999-03-10", "Sales in the year-ago quarter and in last year's quarter were flat.",
			[]want{{"the year-ago quarter", "DATE", "1997-Q4", ""}, {"last year's quarter", "DATE", "1997-Q4", ""}}},
		// A possessive weekday names an event already reported.
		{"possessive weekday", "1999-03-10", "Lawyers will appeal against Monday's ruling.",
			[]want{{"Monday", "DATE", "1999-03-08", ""}}},
		// "next to" is not a future marker.
		{"next to", "1999-03-10", "A bomb exploded next to the embassy on Friday.",
			[]want{{"Friday", "DATE", "1999-03-05", ""}}},
		{"week of", "1999-03-10", "The hearing is set for the week of March 22.",
			[]want{{"the week of March 22", "DATE", "1999-W12", ""}}},
		{"winter", "1999-03-10", "Snow fell this winter, as it did in the winter of 1996.",
			[]want{{"this winter", "DATE", "1998-WI", ""}, {"the winter of 1996", "DATE", "1996-WI", ""}}},
		{"early season", "1999-10-10", "Demand has been weak since the early summer.",
			[]want{{"the early summer", "DATE", "1999-SU", "START"}}},
		{"full year", "1999-10-10", "The 1992 plan failed. Profit will rise for the full year.",
			[]want{{"1992", "DATE", "1992", ""}, {"the full year", "DATE", "1999", ""}}},
		// The time between two events is a duration without its signal.
		{"days later", "1999-03-10", "Three days later the index fell; two weeks before the vote, polls shifted.",
			[]want{{"Three days", "DURATION", "P3D", ""}, {"two weeks", "DURATION", "P2W", ""}}},
		// "over an hour" is more than an hour; "over three years" is during them.
		{"over", "1999-03-10", "It took over an hour. Prices rose over three years.",
			[]want{{"over an hour", "DURATION", "PT1H", "MORE_THAN"}, {"three years", "DURATION", "P3Y", ""}}},
		// A past verb right before the date is its verb, even when a future
		// marker follows.
		{"past verb", "1999-03-10", "He arrived on Jan. 5 and will leave in the spring.",
			[]want{{"Jan. 5", "DATE", "1999-01-05", ""}, {"the spring", "DATE", "1999-SP", ""}}},
	})
}
