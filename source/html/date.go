package html

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

var months = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
	"sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

const monthRx = `(january|february|march|april|may|june|july|august|september|october|november|december|` +
	`jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?`

var (
	// 2023-03-02
	rxISODate = regexp.MustCompile(`\b(\d{4})-(\d{1,2})-(\d{1,2})\b`)
	// March 2, 2023 / Mar. 2 2023
	rxMDY = regexp.MustCompile(`(?i)\b` + monthRx + `\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	// 2 March 2023 / 2nd of March, 2023
	rxDMY = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?` + monthRx + `,?\s+(\d{4})\b`)
	// 02.03.2023 (day first, as in most of Europe)
	rxDotted = regexp.MustCompile(`\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b`)
)

// dateLineMax is the length of the longest paragraph taken for a date line.
const dateLineMax = 160

// DateInText returns the publication date stated by a date line of the
// text: a short paragraph among the first four or the last two ("Published
// 2 March 2023", "Updated: March 2, 2023"), or the start of the first
// paragraph ("GENEVA, March 2, 2023 -"). Dates in the body of a paragraph
// are not taken: they are what the article talks about. A date after
// notAfter (when it is not zero) is not taken either. Dates are midnight UTC
// of the day.
func DateInText(text string, notAfter time.Time) (time.Time, bool) {
	paras := strings.Split(text, "\n\n")
	var cands []string
	for i, p := range paras {
		if i < 4 || i >= len(paras)-2 {
			cands = append(cands, strings.TrimSpace(p))
		}
	}
	if len(paras) > 0 && len(paras[0]) > dateLineMax {
		// A dateline at the start of the first paragraph.
		if d, ok := findDate(paras[0][:cut(paras[0], 80)], notAfter); ok {
			return d, true
		}
	}
	var updated time.Time
	for _, p := range cands {
		if len(p) > dateLineMax {
			continue
		}
		d, ok := findDate(p, notAfter)
		if !ok {
			continue
		}
		lower := strings.ToLower(p)
		if strings.Contains(lower, "updated") || strings.Contains(lower, "modified") {
			if updated.IsZero() {
				updated = d
			}
			continue
		}
		return d, true
	}
	return updated, !updated.IsZero()
}

// cut returns the largest index <= n at a rune boundary of s.
func cut(s string, n int) int {
	if n >= len(s) {
		return len(s)
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return n
}

// findDate returns the first valid date in s.
func findDate(s string, notAfter time.Time) (time.Time, bool) {
	type match struct {
		at      int
		y, m, d int
	}
	var best *match
	try := func(at, y, m, d int) {
		if best != nil && best.at <= at {
			return
		}
		if !validDay(y, m, d, notAfter) {
			return
		}
		best = &match{at, y, m, d}
	}
	for _, sm := range rxISODate.FindAllStringSubmatchIndex(s, 2) {
		try(sm[0], atoi(s[sm[2]:sm[3]]), atoi(s[sm[4]:sm[5]]), atoi(s[sm[6]:sm[7]]))
	}
	for _, sm := range rxMDY.FindAllStringSubmatchIndex(s, 2) {
		try(sm[0], atoi(s[sm[6]:sm[7]]), int(months[strings.ToLower(s[sm[2]:sm[3]])]), atoi(s[sm[4]:sm[5]]))
	}
	for _, sm := range rxDMY.FindAllStringSubmatchIndex(s, 2) {
		try(sm[0], atoi(s[sm[6]:sm[7]]), int(months[strings.ToLower(s[sm[4]:sm[5]])]), atoi(s[sm[2]:sm[3]]))
	}
	for _, sm := range rxDotted.FindAllStringSubmatchIndex(s, 2) {
		try(sm[0], atoi(s[sm[6]:sm[7]]), atoi(s[sm[4]:sm[5]]), atoi(s[sm[2]:sm[3]]))
	}
	if best == nil {
		return time.Time{}, false
	}
	return time.Date(best.y, time.Month(best.m), best.d, 0, 0, 0, 0, time.UTC), true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// validDay reports whether y-m-d is a real day from 1990 on, and not after
// notAfter when that is set.
func validDay(y, m, d int, notAfter time.Time) bool {
	if y < 1990 || y > 2200 || m < 1 || m > 12 || d < 1 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return false // 31 April
	}
	return notAfter.IsZero() || !t.After(notAfter)
}
