package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/dateline-news/dateline"
)

// timeUnit is a calendar bucket size.
type timeUnit int

const (
	unitDay timeUnit = iota
	unitWeek
	unitMonth
	unitYear
)

func (u timeUnit) String() string {
	return [...]string{"day", "week", "month", "year"}[u]
}

// chooseUnit returns the smallest unit that splits [lo, hi] into at most
// max buckets.
func chooseUnit(lo, hi time.Time, max int) timeUnit {
	for _, u := range []timeUnit{unitDay, unitWeek, unitMonth} {
		if u.count(lo, hi) <= max {
			return u
		}
	}
	return unitYear
}

func (u timeUnit) count(lo, hi time.Time) int {
	n := 0
	for b := u.floor(lo); !b.After(hi); b = u.next(b) {
		n++
		if n > 100000 {
			break
		}
	}
	return n
}

// floor returns the start of the bucket holding t (weeks start on Monday).
func (u timeUnit) floor(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	switch u {
	case unitWeek:
		day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	case unitMonth:
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	case unitYear:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// next returns the start of the bucket after the one starting at b.
func (u timeUnit) next(b time.Time) time.Time {
	switch u {
	case unitWeek:
		return b.AddDate(0, 0, 7)
	case unitMonth:
		return b.AddDate(0, 1, 0)
	case unitYear:
		return b.AddDate(1, 0, 0)
	}
	return b.AddDate(0, 0, 1)
}

// label names the bucket starting at b.
func (u timeUnit) label(b time.Time) string {
	switch u {
	case unitWeek:
		return "week of " + b.Format("2 Jan 2006")
	case unitMonth:
		return b.Format("January 2006")
	case unitYear:
		return b.Format("2006")
	}
	return b.Format("2 Jan 2006")
}

// bucket is one time bucket of a timeline.
type bucket struct {
	From     string `json:"from"`
	To       string `json:"to"` // inclusive
	Articles int    `json:"articles"`
	Events   int    `json:"events"`
	start    time.Time
}

// timeline is an entity's mentions and events over time.
type timeline struct {
	Unit    string   `json:"unit"`
	Buckets []bucket `json:"buckets"`
}

// parseTimeValue returns the day a TimeML date value (2023-03-02,
// 2023-03-02T14:30, 2023-03, 2023-W08, 2023) starts on.
func parseTimeValue(v string) (time.Time, bool) {
	switch {
	case len(v) >= 10 && v[4] == '-' && v[7] == '-':
		t, err := time.Parse(dateline.DateLayout, v[:10])
		return t, err == nil
	case len(v) >= 8 && v[4] == '-' && v[5] == 'W':
		var y, w int
		if _, err := fmt.Sscanf(v[:8], "%4d-W%2d", &y, &w); err != nil || w < 1 || w > 53 {
			return time.Time{}, false
		}
		jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
		mon := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
		return mon.AddDate(0, 0, 7*(w-1)), true
	case len(v) == 7 && v[4] == '-':
		t, err := time.Parse("2006-01", v)
		return t, err == nil
	case len(v) == 4:
		t, err := time.Parse("2006", v)
		return t, err == nil
	}
	return time.Time{}, false
}

// timelineSVG draws a timeline as an SVG bar chart: articles that mention
// the entity above the axis, events it takes part in below it. Each bar
// links to the search for its articles. Only numbers and escaped strings
// go into the markup.
func timelineSVG(name string, tl timeline, names []string) template.HTML {
	const (
		W, H         = 960.0, 230.0
		left, right  = 36.0, 8.0
		top          = 12.0
		axisY        = 150.0
		evLane       = 36.0 // height of the events lane below the axis
		labelY       = axisY + evLane + 22
		plotW        = W - left - right
		articlesPlot = axisY - top
	)
	n := len(tl.Buckets)
	maxA, maxE := 0, 0
	for _, b := range tl.Buckets {
		maxA, maxE = max(maxA, b.Articles), max(maxE, b.Events)
	}
	var sb strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&sb, `<svg class="timeline" viewBox="0 0 %g %g" role="img" aria-labelledby="tl-title" preserveAspectRatio="xMidYMid meet">`, W, H)
	fmt.Fprintf(&sb, `<title id="tl-title">%s: articles mentioning it per %s, and events it takes part in</title>`, esc(name), tl.Unit)
	// Grid and axes.
	fmt.Fprintf(&sb, `<line class="axis" x1="%g" y1="%g" x2="%g" y2="%g"/>`, left, axisY, W-right, axisY)
	fmt.Fprintf(&sb, `<line class="grid" x1="%g" y1="%g" x2="%g" y2="%g"/>`, left, top, W-right, top)
	fmt.Fprintf(&sb, `<text class="ylabel" x="%g" y="%g" text-anchor="end">%d</text>`, left-4, top+4, maxA)
	fmt.Fprintf(&sb, `<text class="ylabel" x="%g" y="%g" text-anchor="end">0</text>`, left-4, axisY+4)
	fmt.Fprintf(&sb, `<text class="lane" x="%g" y="%g">articles</text>`, left+4, top+12)
	fmt.Fprintf(&sb, `<text class="lane ev" x="%g" y="%g">events</text>`, left+4, axisY+evLane-4)
	if n == 0 {
		fmt.Fprintf(&sb, `<text class="empty" x="%g" y="%g" text-anchor="middle">no mentions</text></svg>`, W/2, axisY/2)
		return template.HTML(sb.String())
	}
	slot := plotW / float64(n)
	barW := max(slot*0.8, 1)
	entityQuery := url.Values{}
	for _, nm := range names {
		entityQuery.Add("entity", nm)
	}
	for i, b := range tl.Buckets {
		x := left + float64(i)*slot + (slot-barW)/2
		q := url.Values{}
		for k, v := range entityQuery {
			q[k] = v
		}
		q.Set("from", b.From)
		q.Set("to", b.To)
		period := b.From
		if b.To != b.From {
			period = b.From + " to " + b.To
		}
		if b.Articles > 0 {
			h := float64(b.Articles) / float64(max(maxA, 1)) * articlesPlot
			fmt.Fprintf(&sb, `<a href="/?%s"><rect class="bar" x="%.2f" y="%.2f" width="%.2f" height="%.2f"><title>%s: %d article%s</title></rect></a>`,
				esc(q.Encode()), x, axisY-h, barW, h, esc(period), b.Articles, plural(b.Articles))
		}
		if b.Events > 0 {
			h := float64(b.Events) / float64(max(maxE, 1)) * (evLane - 10)
			fmt.Fprintf(&sb, `<rect class="evbar" x="%.2f" y="%.2f" width="%.2f" height="%.2f"><title>%s: %d event%s</title></rect>`,
				x, axisY+2, barW, h, esc(period), b.Events, plural(b.Events))
		}
	}
	// X labels: at most about 6, evenly spaced.
	step := max(1, (n+5)/6)
	for i := 0; i < n; i += step {
		x := left + float64(i)*slot + slot/2
		fmt.Fprintf(&sb, `<text class="xlabel" x="%.2f" y="%g" text-anchor="middle">%s</text>`, x, labelY, esc(shortLabel(tl.Buckets[i].start, tl.Unit)))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

func shortLabel(t time.Time, unit string) string {
	switch unit {
	case "month":
		return t.Format("Jan 2006")
	case "year":
		return t.Format("2006")
	}
	return t.Format("2 Jan")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
