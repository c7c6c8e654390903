package fulltext

import (
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	bquery "github.com/blevesearch/bleve/v2/search/query"

	"github.com/dateline-news/dateline"
)

// The "when" field indexes the time an article talks about: the calendar
// intervals its time expressions denote (Timex.Range), so that a search can
// keep the articles that mention a time in a range, whenever they were
// published.
//
// Calendar units nest: century ⊃ decade ⊃ year ⊃ month ⊃ day. An interval
// is cut into the fewest whole units that cover it (a week is seven days, a
// quarter three months, 2022 one year), and for each unit P the article gets
// the term "is:P" and the terms "in:A" for P and every unit A above it.
// Two units overlap exactly when one contains the other, so an article's
// interval overlaps a query range when, for some unit C of the range's
// cover, the article has "in:C" (one of its units lies inside C) or "is:A"
// for a unit A strictly above C (one of its units contains C). A range of
// any length needs at most a few hundred terms.

// Bounds of the calendar the index knows; intervals are clipped to it.
var (
	whenMin = time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC)
	whenMax = time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)
)

type unitKind uint8

const (
	unitDay unitKind = iota
	unitMonth
	unitYear
	unitDecade
	unitCentury
)

// unit is a calendar unit starting at start (midnight UTC).
type unit struct {
	kind  unitKind
	start time.Time
}

func (u unit) end() time.Time {
	switch u.kind {
	case unitDay:
		return u.start.AddDate(0, 0, 1)
	case unitMonth:
		return u.start.AddDate(0, 1, 0)
	case unitYear:
		return u.start.AddDate(1, 0, 0)
	case unitDecade:
		return u.start.AddDate(10, 0, 0)
	}
	return u.start.AddDate(100, 0, 0)
}

func (u unit) String() string {
	y := u.start.Year()
	switch u.kind {
	case unitDay:
		return u.start.Format("d2006-01-02")
	case unitMonth:
		return u.start.Format("m2006-01")
	case unitYear:
		return fmt.Sprintf("y%04d", y)
	case unitDecade:
		return fmt.Sprintf("D%03d", y/10)
	}
	return fmt.Sprintf("C%02d", y/100)
}

// parent returns the unit directly above u; ok is false for a century.
func (u unit) parent() (unit, bool) {
	y, m, _ := u.start.Date()
	switch u.kind {
	case unitDay:
		return unit{unitMonth, time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)}, true
	case unitMonth:
		return unit{unitYear, time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)}, true
	case unitYear:
		return unit{unitDecade, time.Date(y-y%10, 1, 1, 0, 0, 0, 0, time.UTC)}, true
	case unitDecade:
		return unit{unitCentury, time.Date(y-y%100, 1, 1, 0, 0, 0, 0, time.UTC)}, true
	}
	return unit{}, false
}

// cover returns the fewest whole units that cover [from, to), after
// rounding both ends out to whole days and clipping to the known calendar.
func cover(from, to time.Time) []unit {
	from = floorDay(from)
	if e := floorDay(to); e.Before(to) {
		to = e.AddDate(0, 0, 1)
	} else {
		to = e
	}
	if from.Before(whenMin) {
		from = whenMin
	}
	if to.After(whenMax) {
		to = whenMax
	}
	var out []unit
	for p := from; p.Before(to); {
		u := unit{unitDay, p}
		// Grow to the largest unit that starts at p and ends by to.
		for {
			up, ok := u.parent()
			if !ok || !up.start.Equal(p) || up.end().After(to) {
				break
			}
			u = up
		}
		out = append(out, u)
		p = u.end()
	}
	return out
}

func floorDay(t time.Time) time.Time {
	t = t.UTC()
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// whenTerms calls add with the "when" terms of an article whose time
// expressions denote the ranges rs.
func whenTerms(rs []dateline.TimeRange, add func(term string)) {
	seen := make(map[string]bool)
	emit := func(t string) {
		if !seen[t] {
			seen[t] = true
			add(t)
		}
	}
	for _, r := range rs {
		for _, u := range cover(r.Start, r.End) {
			emit("is:" + u.String())
			for a, ok := u, true; ok; a, ok = a.parent() {
				emit("in:" + a.String())
			}
		}
	}
}

// whenFilter returns the query for articles that mention a time overlapping
// the days from to to, inclusive (a zero time leaves that end open); nil
// when there is no such filter, and empty == true when the range is empty.
func whenFilter(from, to time.Time) (q bquery.Query, empty bool) {
	if from.IsZero() && to.IsZero() {
		return nil, false
	}
	lo, hi := whenMin, whenMax
	if !from.IsZero() {
		lo = floorDay(from)
	}
	if !to.IsZero() {
		hi = floorDay(to).AddDate(0, 0, 1)
	}
	if !lo.Before(hi) {
		return nil, true
	}
	seen := make(map[string]bool)
	var terms []bquery.Query
	term := func(t string) {
		if seen[t] {
			return
		}
		seen[t] = true
		tq := bleve.NewTermQuery(t)
		tq.SetField(fieldWhen)
		terms = append(terms, tq)
	}
	for _, c := range cover(lo, hi) {
		term("in:" + c.String())
		for a, ok := c.parent(); ok; a, ok = a.parent() {
			term("is:" + a.String())
		}
	}
	if len(terms) == 0 {
		return nil, true
	}
	return bleve.NewDisjunctionQuery(terms...), false
}
