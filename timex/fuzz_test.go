package timex

import (
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dateline-news/dateline"
)

var validTypesOut = map[string]bool{
	dateline.TimexDate: true, dateline.TimexTime: true, dateline.TimexDuration: true, dateline.TimexSet: true,
}

func FuzzTag(f *testing.F) {
	for _, s := range []string{
		"The minister said on Friday that talks would resume next week.",
		"at 10:35 a.m. EST Tuesday, 2 1/2 years, the 1990s, mid-November",
		"Jan. 5, 2022. A week later", "every other Monday", "the year-earlier quarter",
		"nineteen ninety-six", "2023-02-31 3/4/99 12:99", "“last week” — ‘today’",
		"twenty - four hours", "the day before .", "a", "", "2000-W53",
	} {
		f.Add(s, int64(0))
	}
	tg := tagger(f)
	f.Fuzz(func(t *testing.T, text string, days int64) {
		dct := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days%40000))
		xs := tg.Tag(text, dct, nil)
		prevEnd := 0
		for _, x := range xs {
			if !x.Valid(len(text)) || x.Start >= x.End {
				t.Fatalf("bad span %v in %q", x.Span, text)
			}
			if x.Start < prevEnd {
				t.Fatalf("overlapping or unordered spans in %q: %v", text, xs)
			}
			prevEnd = x.End
			if x.Text != text[x.Start:x.End] {
				t.Fatalf("text %q != span %q", x.Text, text[x.Start:x.End])
			}
			if utf8.ValidString(text) && !utf8.ValidString(x.Text) {
				t.Fatalf("span cuts a UTF-8 sequence: %q", x.Text)
			}
			if !validTypesOut[x.Type] || x.Value == "" {
				t.Fatalf("bad timex %+v", x)
			}
		}
	})
}
