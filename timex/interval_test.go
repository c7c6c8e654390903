package timex

import (
	"testing"
	"time"
)

func TestInterval(t *testing.T) {
	utc := func(y, m, d, h, mi, s int) time.Time { return time.Date(y, time.Month(m), d, h, mi, s, 0, time.UTC) }
	day := func(y, m, d int) time.Time { return utc(y, m, d, 0, 0, 0) }
	cases := []struct {
		value      string
		start, end time.Time
	}{
		{"2023-03-02", day(2023, 3, 2), day(2023, 3, 3)},
		{"2024-02-29", day(2024, 2, 29), day(2024, 3, 1)},
		{"2023-12-31", day(2023, 12, 31), day(2024, 1, 1)},
		// 2023-W08 runs from Monday 20 February to Monday 27 February.
		{"2023-W08", day(2023, 2, 20), day(2023, 2, 27)},
		// ISO week 1 of 2021 starts on 4 January; 2020-W53 on 28 December.
		{"2021-W01", day(2021, 1, 4), day(2021, 1, 11)},
		{"2020-W53", day(2020, 12, 28), day(2021, 1, 4)},
		{"2023-W08-3", day(2023, 2, 22), day(2023, 2, 23)},
		{"2023-W08-WE", day(2023, 2, 25), day(2023, 2, 27)},
		{"2022", day(2022, 1, 1), day(2023, 1, 1)},
		{"2022-02", day(2022, 2, 1), day(2022, 3, 1)},
		{"2022-12", day(2022, 12, 1), day(2023, 1, 1)},
		{"2023-Q1", day(2023, 1, 1), day(2023, 4, 1)},
		{"2023-Q4", day(2023, 10, 1), day(2024, 1, 1)},
		{"2023-H2", day(2023, 7, 1), day(2024, 1, 1)},
		{"199", day(1990, 1, 1), day(2000, 1, 1)},
		{"19", day(1900, 1, 1), day(2000, 1, 1)},
		{"20", day(2000, 1, 1), day(2100, 1, 1)},
		{"2023-SP", day(2023, 3, 1), day(2023, 6, 1)},
		{"2023-SU", day(2023, 6, 1), day(2023, 9, 1)},
		{"2023-FA", day(2023, 9, 1), day(2023, 12, 1)},
		{"2023-WI", day(2023, 12, 1), day(2024, 3, 1)},
		{"2023-03-02TMO", day(2023, 3, 2), day(2023, 3, 3)},
		{"2023-03-02TNI", day(2023, 3, 2), day(2023, 3, 3)},
		{"2023-03-02T14", utc(2023, 3, 2, 14, 0, 0), utc(2023, 3, 2, 15, 0, 0)},
		{"2023-03-02T14:30", utc(2023, 3, 2, 14, 30, 0), utc(2023, 3, 2, 14, 31, 0)},
		{"2023-03-02T14:30:05", utc(2023, 3, 2, 14, 30, 5), utc(2023, 3, 2, 14, 30, 6)},
		{"2023-03-02T24:00", day(2023, 3, 3), utc(2023, 3, 3, 0, 1, 0)},
		{"2023-03-02T14:30Z", utc(2023, 3, 2, 14, 30, 0), utc(2023, 3, 2, 14, 31, 0)},
		// 14:30 at UTC-5 is 19:30 UTC.
		{"2023-03-02T14:30-05:00", utc(2023, 3, 2, 19, 30, 0), utc(2023, 3, 2, 19, 31, 0)},
	}
	for _, c := range cases {
		s, e, ok := Interval(c.value)
		if !ok || !s.Equal(c.start) || !e.Equal(c.end) {
			t.Errorf("Interval(%q) = %v, %v, %v; want %v, %v", c.value, s, e, ok, c.start, c.end)
		}
	}
	for _, v := range []string{
		"", "PRESENT_REF", "PAST_REF", "FUTURE_REF", "P3D", "PT10M", "PXY",
		"XXXX-WXX-1", "XXXX-03", "199X", "2023-XX", "2023-XX-XX", "19XX", "T14:30",
		"2023-02-30", "2023-13", "2023-W54", "2023-Q5", "2023-XY", "2023-W08-8",
		"2023-03-02T25:00", "2023-03-02T14:61", "2023-03-02TXX", "2023T14:00", "2023-03-02xyz",
	} {
		if s, e, ok := Interval(v); ok {
			t.Errorf("Interval(%q) = %v, %v, true; want ok = false", v, s, e)
		}
	}
}

// TestIntervalOfTagged checks that every DATE and TIME value the tagger
// gives for a calendar expression has an interval, and that it contains the
// point the expression names.
func TestIntervalOfTagged(t *testing.T) {
	tg := tagger(t)
	text := "The ministers met on Thursday, last week and in February 2022, in the third quarter, " +
		"last summer, this winter, in the 1990s and in the 20th century; the blast came at 10:35 a.m. Monday " +
		"and the rally on Friday night, the weekend before."
	dct := day("2023-03-02")
	n := 0
	for _, x := range tg.Tag(text, dct, nil) {
		if x.Type != "DATE" && x.Type != "TIME" {
			continue
		}
		s, e, ok := Interval(x.Value)
		if !ok || !s.Before(e) {
			t.Errorf("%q %s: Interval = %v, %v, %v", x.Text, x.Value, s, e, ok)
		}
		n++
	}
	if n < 10 {
		t.Errorf("only %d calendar values tagged", n)
	}
}
