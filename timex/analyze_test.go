package timex

import (
	"context"
	"testing"
	"time"

	"github.com/dateline-news/dateline"
)

func TestAnalyzeFillsRanges(t *testing.T) {
	tg, err := New()
	if err != nil {
		t.Fatal(err)
	}
	d := dateline.NewDoc(dateline.Article{ID: "r", Date: time.Date(2023, 3, 2, 0, 0, 0, 0, time.UTC),
		Text: "The ministers met last week and will talk for three hours on Friday, as they have every year since 2019."})
	if err := tg.Analyze(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time { t, _ := time.Parse(dateline.DateLayout, s); return t }
	want := map[string]*dateline.TimeRange{
		"last week":   {Start: day("2023-02-20"), End: day("2023-02-27")},
		"three hours": nil,
		"Friday":      {Start: day("2023-03-03"), End: day("2023-03-04")},
	}
	seen := 0
	for _, tx := range d.Timexes {
		w, ok := want[tx.Text]
		if !ok {
			continue
		}
		seen++
		switch {
		case w == nil && tx.Range != nil:
			t.Errorf("%q (%s) got a range %v", tx.Text, tx.Value, tx.Range)
		case w != nil && (tx.Range == nil || !tx.Range.Start.Equal(w.Start) || !tx.Range.End.Equal(w.End)):
			t.Errorf("%q (%s): range %v, want %v", tx.Text, tx.Value, tx.Range, w)
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d expressions: %+v", seen, len(want), d.Timexes)
	}
}
