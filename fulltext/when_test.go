package fulltext

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline"
)

func TestCover(t *testing.T) {
	for _, c := range []struct{ from, to, want string }{
		{"2023-03-02", "2023-03-03", "d2023-03-02"},
		{"2023-02-20", "2023-02-27", "d2023-02-20 d2023-02-21 d2023-02-22 d2023-02-23 d2023-02-24 d2023-02-25 d2023-02-26"},
		{"2023-03-01", "2023-04-01", "m2023-03"},
		{"2023-01-01", "2024-01-01", "y2023"},
		{"2023-01-01", "2023-04-01", "m2023-01 m2023-02 m2023-03"},
		{"1990-01-01", "2000-01-01", "D199"},
		{"1900-01-01", "2000-01-01", "C19"},
		{"2022-12-31", "2024-01-02", "d2022-12-31 y2023 d2024-01-01"},
	} {
		var got []string
		for _, u := range cover(day(c.from), day(c.to)) {
			got = append(got, u.String())
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("cover [%s, %s): got %v, want %s", c.from, c.to, got, c.want)
		}
	}
}

func withRanges(s *dateline.Stored, ranges ...[2]string) *dateline.Stored {
	for _, r := range ranges {
		s.Timexes = append(s.Timexes, dateline.Timex{Type: dateline.TimexDate,
			Range: &dateline.TimeRange{Start: day(r[0]), End: day(r[1])}})
	}
	return s
}

func TestMentionedFilter(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t)
	docs := []*dateline.Stored{
		withRanges(stored("thursday", "2023-03-02", "", "Talks on Thursday.", 1), [2]string{"2023-03-02", "2023-03-03"}),
		withRanges(stored("lastweek", "2023-03-02", "", "Talks last week.", 2), [2]string{"2023-02-20", "2023-02-27"}),
		withRanges(stored("lastyear", "2023-03-02", "", "Talks last year.", 3), [2]string{"2022-01-01", "2023-01-01"}),
		withRanges(stored("nineties", "2023-03-02", "", "Talks in the 1990s.", 4), [2]string{"1990-01-01", "2000-01-01"}),
		stored("notime", "2023-03-02", "", "Talks at some point.", 5),
	}
	if err := ix.Apply(ctx, docs, 5); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		from, to string
		want     string
	}{
		{"2023-03-02", "2023-03-02", "thursday"},
		{"2023-02-26", "2023-03-01", "lastweek"},
		{"2023-02-27", "2023-03-01", ""},
		{"2022-06-15", "2022-06-15", "lastyear"},
		{"2022-12-31", "2023-02-20", "lastweek lastyear"},
		{"1995-05-05", "", "lastweek lastyear nineties thursday"},
		{"", "1990-01-01", "nineties"},
		{"2000-01-01", "2021-12-31", ""},
		{"2023-03-05", "2023-03-01", ""},
	} {
		q := dateline.Query{Text: "talks", Limit: 10}
		if c.from != "" {
			q.MentionedFrom = day(c.from)
		}
		if c.to != "" {
			q.MentionedTo = day(c.to)
		}
		hits, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hits.Hits {
			got = append(got, h.ID)
		}
		slices.Sort(got)
		if strings.Join(got, " ") != c.want || hits.Total != len(got) {
			t.Errorf("mentioned %s..%s: got %v (total %d), want %q", c.from, c.to, got, hits.Total, c.want)
		}
	}
}

// TestWhenMatchesOverlap checks the term scheme against the plain interval
// test on random ranges.
func TestWhenMatchesOverlap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	base := day("1985-01-01")
	randRange := func() dateline.TimeRange {
		s := base.AddDate(0, 0, rng.IntN(365*40))
		n := []int{1, 7, 31, 90, 365, 3650}[rng.IntN(6)]
		return dateline.TimeRange{Start: s, End: s.AddDate(0, 0, 1+rng.IntN(n))}
	}
	for i := range 3000 {
		doc, q := randRange(), randRange()
		terms := map[string]bool{}
		whenTerms([]dateline.TimeRange{doc}, func(s string) { terms[s] = true })
		matched := false
		for _, c := range cover(q.Start, q.End) {
			if terms["in:"+c.String()] {
				matched = true
			}
			for a, ok := c.parent(); ok; a, ok = a.parent() {
				if terms["is:"+a.String()] {
					matched = true
				}
			}
		}
		if want := doc.Overlaps(q); matched != want {
			t.Fatalf("case %d: doc %v query %v: matched %v, overlap %v", i, fmt.Sprint(doc.Start.Format(time.DateOnly), doc.End.Format(time.DateOnly)),
				fmt.Sprint(q.Start.Format(time.DateOnly), q.End.Format(time.DateOnly)), matched, want)
		}
	}
}

func TestEntityFilter(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t)
	withEntities := func(s *dateline.Stored, names ...string) *dateline.Stored {
		for _, n := range names {
			s.Entities = append(s.Entities, dateline.Entity{Text: n, Type: dateline.EntityPerson, Entity: n})
		}
		return s
	}
	docs := []*dateline.Stored{
		withEntities(stored("e1", "2023-03-02", "", "Talks in Geneva.", 1), "Sergei Lavrov", "Antony Blinken"),
		withEntities(stored("e2", "2023-03-03", "", "Talks in Oslo.", 2), "Antony Blinken"),
		withEntities(stored("e3", "2023-03-04", "", "Talks in Rome.", 3), "Annalena Baerbock"),
	}
	if err := ix.Apply(ctx, docs, 3); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		names []string
		text  string
		want  string
	}{
		{[]string{"Antony Blinken"}, "talks", "e1 e2"},
		{[]string{"antony blinken"}, "", "e1 e2"},
		{[]string{"Sergei Lavrov", "Annalena Baerbock"}, "talks", "e1 e3"},
		{[]string{"Antony Blinken"}, "Oslo", "e2"},
		{[]string{"Nobody"}, "talks", ""},
	} {
		hits, err := ix.Search(ctx, dateline.Query{Text: c.text, Entities: c.names})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hits.Hits {
			got = append(got, h.ID)
		}
		slices.Sort(got)
		if strings.Join(got, " ") != c.want {
			t.Errorf("entities %v text %q: got %v, want %q", c.names, c.text, got, c.want)
		}
	}
}

func TestLanguageFilter(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t)
	en := stored("en", "2023-03-02", "", "Talks in Geneva.", 1)
	en.Lang = "en"
	fr := stored("fr", "2023-03-02", "", "Talks à Genève.", 2)
	fr.Lang = "fr"
	unknown := stored("und", "2023-03-02", "", "Talks.", 3)
	if err := ix.Apply(ctx, []*dateline.Stored{en, fr, unknown}, 3); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		langs []string
		want  string
	}{
		{[]string{"en"}, "en"},
		{[]string{"FR"}, "fr"},
		{[]string{"en", ""}, "en und"},
		{nil, "en fr und"},
		{[]string{"de"}, ""},
	} {
		hits, err := ix.Search(ctx, dateline.Query{Text: "talks", Languages: c.langs})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hits.Hits {
			got = append(got, h.ID)
		}
		slices.Sort(got)
		if strings.Join(got, " ") != c.want {
			t.Errorf("languages %q: got %v, want %q", c.langs, got, c.want)
		}
	}
}

func TestDedupFilter(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t)
	a := stored("a", "2023-03-02", "", "Ceasefire signed in Geneva.", 1)
	b := stored("b", "2023-03-02", "", "Ceasefire signed in Geneva, officials said.", 2)
	b.DuplicateOf = "a"
	c := stored("c", "2023-03-03", "", "Ceasefire holds.", 3)
	if err := ix.Apply(ctx, []*dateline.Stored{a, b, c}, 3); err != nil {
		t.Fatal(err)
	}
	for _, q := range []dateline.Query{{Text: "ceasefire"}, {Text: ""}, {Text: "NOT holds"}} {
		all, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		q.Dedup = true
		dd, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if dd.Total != all.Total-1 || len(dd.Hits) != dd.Total {
			t.Errorf("%q: %d hits, %d with --dedup", q.Text, all.Total, dd.Total)
		}
		for _, h := range dd.Hits {
			if h.ID == "b" {
				t.Errorf("%q: the duplicate is still found with Dedup", q.Text)
			}
		}
	}
}

func TestSpeakerAndEventFilters(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t)
	a := stored("a", "2023-03-02", "", "Talks in Geneva.", 1)
	a.Quotes = []dateline.Quote{{Text: "x", Kind: dateline.QuoteDirect, Speaker: "Ingrid Halvorsen"}, {Text: "y", Speaker: "the senior US official"}}
	a.Events = []dateline.Event{{Type: "DEMAND"}}
	b := stored("b", "2023-03-03", "", "Talks in Oslo.", 2)
	b.Quotes = []dateline.Quote{{Text: "z", Speaker: "Dmitar Kovel"}}
	b.Events = []dateline.Event{{Type: "AGREE"}, {Type: "CONSULT"}}
	if err := ix.Apply(ctx, []*dateline.Stored{a, b}, 2); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		q    dateline.Query
		want string
	}{
		{dateline.Query{Speakers: []string{"ingrid halvorsen"}}, "a"},
		{dateline.Query{Speakers: []string{"The senior US official", "Dmitar Kovel"}}, "a b"},
		{dateline.Query{EventTypes: []string{"consult"}}, "b"},
		{dateline.Query{EventTypes: []string{"DEMAND"}, Speakers: []string{"Dmitar Kovel"}}, ""},
		{dateline.Query{Text: "talks", EventTypes: []string{"AGREE", "DEMAND"}}, "a b"},
		{dateline.Query{Speakers: []string{" "}}, ""},
	} {
		hits, err := ix.Search(ctx, c.q)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hits.Hits {
			got = append(got, h.ID)
		}
		slices.Sort(got)
		if strings.Join(got, " ") != c.want || hits.Total != len(got) {
			t.Errorf("%+v: got %v (total %d), want %q", c.q, got, hits.Total, c.want)
		}
	}
}
