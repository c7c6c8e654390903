package timex

import (
	"strconv"
	"time"
)

// gran is the granularity of a calendar value, from coarse to fine.
type gran uint8

const (
	gNone gran = iota
	gCentury
	gDecade
	gYear
	gHalf
	gQuarter
	gSeason
	gMonth
	gWeek
	gDay
)

var granNames = map[string]gran{
	"century": gCentury, "decade": gDecade, "year": gYear, "half": gHalf,
	"quarter": gQuarter, "season": gSeason, "month": gMonth, "week": gWeek,
	"day": gDay,
}

// point is a calendar unit: the unit of granularity g that starts on t
// (midnight UTC). Weeks are ISO weeks and start on Monday; seasons start in
// March (SP), June (SU), September (FA) and December (WI).
type point struct {
	g gran
	t time.Time
}

func (p point) valid() bool { return p.g != gNone }

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func daysIn(y, m int) int { return date(y, m+1, 0).Day() }

// truncate returns the unit of granularity g that contains day t.
func truncate(t time.Time, g gran) point {
	y, m, d := t.Date()
	switch g {
	case gCentury:
		return point{g, date(y/100*100, 1, 1)}
	case gDecade:
		return point{g, date(y/10*10, 1, 1)}
	case gYear:
		return point{g, date(y, 1, 1)}
	case gHalf:
		return point{g, date(y, (int(m)-1)/6*6+1, 1)}
	case gQuarter:
		return point{g, date(y, (int(m)-1)/3*3+1, 1)}
	case gSeason:
		// Dec-Feb is winter (of the year of its December), Mar-May spring, ...
		mm := int(m)
		if mm <= 2 {
			return point{g, date(y-1, 12, 1)}
		}
		return point{g, date(y, (mm-3)/3*3+3, 1)}
	case gMonth:
		return point{g, date(y, int(m), 1)}
	case gWeek:
		wd := int(t.Weekday()+6) % 7 // Monday = 0
		return point{g, date(y, int(m), d-wd)}
	case gDay:
		return point{g, date(y, int(m), d)}
	}
	return point{}
}

// shift moves p by n units of its own granularity.
func (p point) shift(n int) point {
	switch p.g {
	case gCentury:
		p.t = p.t.AddDate(100*n, 0, 0)
	case gDecade:
		p.t = p.t.AddDate(10*n, 0, 0)
	case gYear:
		p.t = p.t.AddDate(n, 0, 0)
	case gHalf:
		p.t = p.t.AddDate(0, 6*n, 0)
	case gQuarter, gSeason:
		p.t = p.t.AddDate(0, 3*n, 0)
	case gMonth:
		p.t = p.t.AddDate(0, n, 0)
	case gWeek:
		p.t = p.t.AddDate(0, 0, 7*n)
	case gDay:
		p.t = p.t.AddDate(0, 0, n)
	}
	return p
}

// end returns the first day after the unit.
func (p point) end() time.Time { return p.shift(1).t }

// to returns the unit of granularity g that contains the start of p.
func (p point) to(g gran) point { return truncate(p.t, g) }

var seasonCodes = [...]string{"SP", "SU", "FA", "WI"}

// String formats p as a TimeML value.
func (p point) String() string {
	y, m, _ := p.t.Date()
	switch p.g {
	case gCentury:
		return pad2(y / 100)
	case gDecade:
		return yearString(y)[:3]
	case gYear:
		return yearString(y)
	case gHalf:
		return yearString(y) + "-H" + strconv.Itoa((int(m)-1)/6+1)
	case gQuarter:
		return yearString(y) + "-Q" + strconv.Itoa((int(m)-1)/3+1)
	case gSeason:
		return yearString(y) + "-" + seasonCodes[(int(m)-3)/3]
	case gMonth:
		return yearString(y) + "-" + pad2(int(m))
	case gWeek:
		wy, w := p.t.ISOWeek()
		return yearString(wy) + "-W" + pad2(w)
	case gDay:
		return p.t.Format("2006-01-02")
	}
	return ""
}

func yearString(y int) string {
	s := strconv.Itoa(y)
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}

// parsePoint reads a TimeML calendar value back: 2023, 2023-03, 2023-03-02
// (with any time after it), 2023-W09, 2023-Q1, 2023-H1, 2023-SU, 199, 19.
func parsePoint(v string) point {
	atoi := func(s string) (int, bool) {
		if !plainDigits(s) || len(s) > 4 {
			return 0, false
		}
		n, err := strconv.Atoi(s)
		return n, err == nil
	}
	if len(v) == 2 || len(v) == 3 {
		if n, ok := atoi(v); ok {
			if len(v) == 2 {
				return point{gCentury, date(n*100, 1, 1)}
			}
			return point{gDecade, date(n*10, 1, 1)}
		}
		return point{}
	}
	if len(v) < 4 {
		return point{}
	}
	y, ok := atoi(v[:4])
	if !ok {
		return point{}
	}
	if len(v) == 4 {
		return point{gYear, date(y, 1, 1)}
	}
	if v[4] != '-' || len(v) < 7 {
		return point{}
	}
	rest := v[5:]
	switch {
	case rest[0] == 'W' && len(rest) >= 2 && isDigit(rest[1]):
		if len(rest) < 3 {
			return point{}
		}
		w, ok := atoi(rest[1:3])
		if !ok || w < 1 || w > 53 || (len(rest) > 3 && rest[3] != '-') {
			return point{}
		}
		// Monday of ISO week w: the week containing January 4 is week 1.
		jan4 := date(y, 1, 4)
		mon := truncate(jan4, gWeek).t.AddDate(0, 0, 7*(w-1))
		return point{gWeek, mon}
	case rest[0] == 'Q' && len(rest) == 2:
		q, ok := atoi(rest[1:])
		if !ok || q < 1 || q > 4 {
			return point{}
		}
		return point{gQuarter, date(y, 3*q-2, 1)}
	case rest[0] == 'H' && len(rest) == 2:
		h, ok := atoi(rest[1:])
		if !ok || h < 1 || h > 2 {
			return point{}
		}
		return point{gHalf, date(y, 6*h-5, 1)}
	case len(rest) == 2 && !isDigit(rest[0]):
		for i, c := range seasonCodes {
			if rest == c {
				return point{gSeason, date(y, 3*i+3, 1)}
			}
		}
		return point{}
	}
	m, ok := atoi(rest[:2])
	if !ok || m < 1 || m > 12 {
		return point{}
	}
	if len(rest) == 2 {
		return point{gMonth, date(y, m, 1)}
	}
	if len(rest) < 5 || rest[2] != '-' {
		return point{}
	}
	d, ok := atoi(rest[3:5])
	if !ok || d < 1 || d > daysIn(y, m) {
		return point{}
	}
	return point{gDay, date(y, m, d)}
}

// easter returns Western Easter Sunday of year y (anonymous Gregorian
// algorithm).
func easter(y int) time.Time {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return date(y, month, day)
}

// nthWeekday returns the n-th ISO weekday wd (1 = Monday) of month m of
// year y; n = -1 is the last one.
func nthWeekday(y, m, wd, n int) time.Time {
	if n < 0 {
		last := date(y, m, daysIn(y, m))
		back := (int(last.Weekday()+6)%7 + 1 - wd + 7) % 7
		return last.AddDate(0, 0, -back)
	}
	first := date(y, m, 1)
	fwd := (wd - (int(first.Weekday()+6)%7 + 1) + 7) % 7
	return first.AddDate(0, 0, fwd+7*(n-1))
}
