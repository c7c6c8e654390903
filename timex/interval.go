package timex

import (
	"strconv"
	"strings"
	"time"
)

// Interval returns the half-open calendar interval [start, end) that a
// TimeML DATE or TIME value denotes, in UTC unless the value carries a time
// zone:
//
//	2023-03-02        the day
//	2023-W08          the ISO week, Monday to the next Monday
//	2023-W08-3        a day of an ISO week; 2023-W08-WE its weekend
//	2022-02, 2022     the month, the year
//	2023-Q1, 2023-H2  the quarter, the half year
//	2023-SP ... -WI   the season, by whole months: spring March to May,
//	                  summer June to August, fall September to November,
//	                  winter December to February of the next year
//	199, 19           the decade (1990-2000), the century (1900-2000)
//	2023-03-02TMO     a part of the day: the day
//	2023-03-02T14     the hour; T14:30 the minute; T14:30:05 the second
//
// It reports ok = false for values that name no calendar interval:
// PRESENT_REF, PAST_REF, FUTURE_REF, durations (P3D), sets and partly
// unknown values (XXXX-WXX-1, 199X, 2023-XX).
func Interval(value string) (start, end time.Time, ok bool) {
	v := strings.TrimSpace(value)
	datePart, timePart, hasTime := strings.Cut(v, "T")
	if datePart == "" || strings.ContainsAny(datePart, "X") {
		return time.Time{}, time.Time{}, false
	}
	// Weeks with a day or a weekend after them.
	if i := strings.Index(datePart, "-W"); i == 4 && len(datePart) > 8 && datePart[8] == '-' {
		wk := parsePoint(datePart[:8])
		if wk.g != gWeek || len(datePart) < 10 {
			return time.Time{}, time.Time{}, false
		}
		switch rest := datePart[9:]; {
		case rest == "WE":
			if hasTime {
				return time.Time{}, time.Time{}, false
			}
			s := wk.t.AddDate(0, 0, 5)
			return s, s.AddDate(0, 0, 2), true
		case len(rest) == 1 && rest[0] >= '1' && rest[0] <= '7':
			day := wk.t.AddDate(0, 0, int(rest[0]-'1'))
			return dayInterval(day, timePart, hasTime)
		}
		return time.Time{}, time.Time{}, false
	}
	p := parsePoint(datePart)
	if !p.valid() || p.String() != datePart {
		return time.Time{}, time.Time{}, false
	}
	if p.g == gDay {
		return dayInterval(p.t, timePart, hasTime)
	}
	if hasTime {
		return time.Time{}, time.Time{}, false
	}
	return p.t, p.end(), true
}

// dayInterval is the interval of a time of day (or of the whole day when
// there is none, or a part of the day such as MO or NI) on day d.
func dayInterval(d time.Time, tp string, hasTime bool) (time.Time, time.Time, bool) {
	if !hasTime {
		return d, d.AddDate(0, 0, 1), true
	}
	switch tp {
	case "MO", "AF", "EV", "NI", "DT":
		return d, d.AddDate(0, 0, 1), true
	}
	clock, loc, ok := splitZone(tp)
	if !ok {
		return time.Time{}, time.Time{}, false
	}
	parts := strings.Split(clock, ":")
	if len(parts) > 3 {
		return time.Time{}, time.Time{}, false
	}
	var f [3]int
	for i, s := range parts {
		if len(s) != 2 || !plainDigits(s) {
			return time.Time{}, time.Time{}, false
		}
		f[i], _ = strconv.Atoi(s)
	}
	h, m, sec := f[0], f[1], f[2]
	if h > 24 || m > 59 || sec > 59 || (h == 24 && (m > 0 || sec > 0)) {
		return time.Time{}, time.Time{}, false
	}
	y, mo, dd := d.Date()
	s := time.Date(y, mo, dd, h, m, sec, 0, loc)
	var step time.Duration
	switch len(parts) {
	case 1:
		step = time.Hour
	case 2:
		step = time.Minute
	default:
		step = time.Second
	}
	if h == 24 {
		// T24:00 is the midnight at the end of the day: an instant,
		// given the granularity it was written with.
		s = time.Date(y, mo, dd+1, 0, 0, 0, 0, loc)
	}
	return s, s.Add(step), true
}

// splitZone separates a time zone (Z, +hh:mm, -hh:mm, +hhmm, -hh) from a
// clock time.
func splitZone(tp string) (string, *time.Location, bool) {
	if strings.HasSuffix(tp, "Z") {
		return strings.TrimSuffix(tp, "Z"), time.UTC, true
	}
	i := strings.LastIndexAny(tp, "+-")
	if i < 0 {
		return tp, time.UTC, true
	}
	z := strings.ReplaceAll(tp[i+1:], ":", "")
	if !plainDigits(z) || (len(z) != 2 && len(z) != 4) {
		return "", nil, false
	}
	hh, _ := strconv.Atoi(z[:2])
	mm := 0
	if len(z) == 4 {
		mm, _ = strconv.Atoi(z[2:])
	}
	if hh > 14 || mm > 59 {
		return "", nil, false
	}
	off := (hh*60 + mm) * 60
	if tp[i] == '-' {
		off = -off
	}
	return tp[:i], time.FixedZone(tp[i:], off), true
}
