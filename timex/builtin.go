package timex

import (
	"strconv"
	"strings"
)

// A builtin is a token class computed by code rather than listed in
// vocab.txt: numbers in digits and words, ordinals, days of the month,
// years, clock times and numeric dates. Rules use them like classes:
// <num>, <ord>, <day>, <year>, <yy>, <decade>, <hhmm>, <hour>, <isodate>,
// <yearword>, <dayrange> ("20-21"), <clock4> ("1900" of "1900 GMT").
type builtin struct {
	name    string
	numeric bool                    // can start at a number token
	words   func(*lexicon) []string // word tokens it can start at
	match   func(lx *lexicon, toks []token, i int, opts []option) []option
}

var builtins = map[string]*builtin{
	"num":      {name: "num", numeric: true, words: numberWords, match: matchNum},
	"ord":      {name: "ord", numeric: true, words: ordWords, match: matchOrd},
	"day":      {name: "day", numeric: true, words: ordWords, match: matchDay},
	"year":     {name: "year", numeric: true, match: matchYear},
	"yy":       {name: "yy", numeric: true, match: matchYY},
	"decade":   {name: "decade", numeric: true, match: matchDecade},
	"hhmm":     {name: "hhmm", numeric: true, match: matchHHMM},
	"hour":     {name: "hour", numeric: true, words: cardWords, match: matchHour},
	"isodate":  {name: "isodate", numeric: true, match: matchISODate},
	"yearword": {name: "yearword", words: yearWords, match: matchYearWord},
	// dayrange: "20-21", a range of days of a month in one token; its
	// value is the first day.
	"dayrange": {name: "dayrange", numeric: true, match: matchDayRange},
	// clock4: a four-digit clock time, "1900" in "1900 GMT"; its value is
	// "19:00".
	"clock4": {name: "clock4", numeric: true, match: matchClock4},
	"plural": {name: "plural", match: matchPlural},
	// modernyear: a year from 1900 to 2099, likely a year even without a
	// preposition before it ("his unsuccessful 1996 campaign").
	"modernyear": {name: "modernyear", numeric: true, match: matchModernYear},
}

// numBuiltin is <num>, whose matches the tagger caches per token.
var numBuiltin = builtins["num"]

// matchPlural: a lower-case word that looks like a plural noun (people,
// troops, shares): used as context, as in "2000 people" (not a year).
func matchPlural(lx *lexicon, toks []token, i int, opts []option) []option {
	t := toks[i]
	w := t.norm
	if t.kind != tkWord || t.upper || len(w) < 3 {
		return opts
	}
	if w == "people" || w == "men" || w == "women" || w == "children" ||
		(w[len(w)-1] == 's' && w[len(w)-2] != 's' && w[len(w)-2] != 'u' && w[len(w)-2] != 'i') {
		return append(opts, option{end: i + 1})
	}
	return opts
}

func numberWords(lx *lexicon) []string {
	ws := cardWords(lx)
	for w := range lx.tens {
		ws = append(ws, w)
	}
	return append(ws, "a", "an")
}

func cardWords(lx *lexicon) []string {
	var ws []string
	for w := range lx.card {
		ws = append(ws, w)
	}
	return ws
}

func ordWords(lx *lexicon) []string {
	var ws []string
	for w := range lx.ordword {
		ws = append(ws, w)
	}
	for w := range lx.tens {
		ws = append(ws, w)
	}
	return ws
}

func yearWords(lx *lexicon) []string { return []string{"nineteen", "two", "eighteen"} }

// plainDigits reports whether s is all ASCII digits.
func plainDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// parseDecimal parses 10, 1,000, 3.5 and 1,234.5; it rejects anything else
// (10:35, 1-0, 8/7/98, 3rd).
func parseDecimal(s string) (float64, bool) {
	if s == "" || !isDigit(s[0]) {
		return 0, false
	}
	dot := false
	groups := strings.Contains(s, ",")
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
		case c == ',' && !dot:
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	if groups {
		// 1,000 and 12,345,678: every group after the first has three digits.
		intPart, _, _ := strings.Cut(s, ".")
		parts := strings.Split(intPart, ",")
		if len(parts[0]) > 3 {
			return 0, false
		}
		for _, p := range parts[1:] {
			if len(p) != 3 {
				return 0, false
			}
		}
		s = strings.ReplaceAll(s, ",", "")
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

func fmtNum(f float64) string {
	if f == float64(int(f)) && f >= 0 && f < 1e9 {
		return strconv.Itoa(int(f)) // small integers do not allocate
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// wordNumber parses a cardinal in words starting at token i: "four",
// "twenty-four", "twenty four", "two hundred", "a hundred", "one hundred and
// five", "three thousand". It returns the value and the end token.
func wordNumber(lx *lexicon, toks []token, i int) (int, int, bool) {
	const (
		none = iota
		card
		tens
		scale
	)
	total, cur, j, last := 0, 0, i, none
	for j < len(toks) {
		w := toks[j].norm
		if v, ok := lx.card[w]; ok {
			if last == card || (last == tens && v >= 10) || (last == tens && v == 0) {
				break
			}
			cur += v
			last = card
			j++
			continue
		}
		if v, ok := lx.tens[w]; ok {
			if last == card || last == tens {
				break
			}
			cur += v
			last = tens
			j++
			// "twenty-four": the hyphen is a token of its own.
			if j+1 < len(toks) && toks[j].norm == "-" && !toks[j].space && !toks[j+1].space {
				if v2, ok := lx.card[toks[j+1].norm]; ok && v2 > 0 && v2 < 10 {
					cur += v2
					last = card
					j += 2
				}
			}
			continue
		}
		if (w == "a" || w == "an") && last == none && j+1 < len(toks) {
			if _, ok := lx.scale[toks[j+1].norm]; ok {
				cur = 1
				last = card
				j++
				continue
			}
			break
		}
		if v, ok := lx.scale[w]; ok && (last == card || last == tens) && cur > 0 {
			if v < 1000 {
				if cur >= 100 {
					break
				}
				cur *= v
			} else {
				total += cur * v
				cur = 0
			}
			last = scale
			j++
			// "one hundred and five"
			if j+1 < len(toks) && toks[j].norm == "and" {
				_, c := lx.card[toks[j+1].norm]
				_, t := lx.tens[toks[j+1].norm]
				if c || t {
					j++
				}
			}
			continue
		}
		break
	}
	if last == none {
		return 0, i, false
	}
	return total + cur, j, true
}

// matchNum: a cardinal number in digits or words, with an optional fraction
// ("5 1/2", "two and a half").
func matchNum(lx *lexicon, toks []token, i int, opts []option) []option {
	t := toks[i]
	var v float64
	end := i + 1
	if t.kind == tkNumber {
		f, ok := parseDecimal(t.norm)
		if !ok {
			return opts
		}
		v = f
	} else {
		n, j, ok := wordNumber(lx, toks, i)
		if !ok {
			return opts
		}
		v, end = float64(n), j
	}
	opts = append(opts, option{end: end, val: fmtNum(v)})
	if end < len(toks) && v == float64(int(v)) {
		for _, o := range lx.half.match(toks, end, nil) {
			f, err := strconv.ParseFloat(o.val, 64)
			if err == nil {
				opts = append(opts, option{end: o.end, val: fmtNum(v + f)})
			}
		}
	}
	return opts
}

// ordinal parses 1st, 22nd, 3rd, 4th, "first", "twenty-first".
func ordinal(lx *lexicon, toks []token, i int) (int, int, bool) {
	t := toks[i]
	if t.kind == tkNumber {
		s := t.norm
		if len(s) < 3 {
			return 0, 0, false
		}
		num, suf := s[:len(s)-2], s[len(s)-2:]
		if !plainDigits(num) {
			return 0, 0, false
		}
		n, _ := strconv.Atoi(num)
		want := "th"
		if n%100 < 11 || n%100 > 13 {
			switch n % 10 {
			case 1:
				want = "st"
			case 2:
				want = "nd"
			case 3:
				want = "rd"
			}
		}
		if suf != want {
			return 0, 0, false
		}
		return n, i + 1, true
	}
	if v, ok := lx.ordword[t.norm]; ok {
		return v, i + 1, true
	}
	if v, ok := lx.tens[t.norm]; ok {
		j := i + 1
		if j < len(toks) && toks[j].norm == "-" {
			j++
		}
		if j < len(toks) {
			if v2, ok := lx.ordword[toks[j].norm]; ok && v2 < 10 {
				return v + v2, j + 1, true
			}
		}
	}
	return 0, 0, false
}

func matchOrd(lx *lexicon, toks []token, i int, opts []option) []option {
	if n, end, ok := ordinal(lx, toks, i); ok {
		opts = append(opts, option{end: end, val: strconv.Itoa(n)})
	}
	return opts
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// matchDay: a day of the month, 1 to 31, as digits or an ordinal.
func matchDay(lx *lexicon, toks []token, i int, opts []option) []option {
	t := toks[i]
	if t.kind == tkNumber && len(t.norm) <= 2 && plainDigits(t.norm) {
		n, _ := strconv.Atoi(t.norm)
		if n >= 1 && n <= 31 {
			opts = append(opts, option{end: i + 1, val: pad2(n)})
		}
		return opts
	}
	if n, end, ok := ordinal(lx, toks, i); ok && n >= 1 && n <= 31 {
		opts = append(opts, option{end: end, val: pad2(n)})
	}
	return opts
}

func matchDayRange(lx *lexicon, toks []token, i int, opts []option) []option {
	t := toks[i]
	if t.kind != tkNumber {
		return opts
	}
	a, b, ok := strings.Cut(t.norm, "-")
	if !ok || len(a) > 2 || len(b) > 2 || !plainDigits(a) || !plainDigits(b) {
		return opts
	}
	m, _ := strconv.Atoi(a)
	n, _ := strconv.Atoi(b)
	if m >= 1 && m < n && n <= 31 {
		opts = append(opts, option{end: i + 1, val: pad2(m)})
	}
	return opts
}

func matchClock4(lx *lexicon, toks []token, i int, opts []option) []option {
	s := toks[i].norm
	if len(s) != 4 || !plainDigits(s) {
		return opts
	}
	h := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[2]-'0')*10 + int(s[3]-'0')
	if h < 24 && m < 60 {
		opts = append(opts, option{end: i + 1, val: s[:2] + ":" + s[2:]})
	}
	return opts
}

// matchYear: a four-digit year from 1000 to 2199.
func matchYear(lx *lexicon, toks []token, i int, opts []option) []option {
	s := toks[i].norm
	if len(s) == 4 && plainDigits(s) && (s[0] == '1' || (s[0] == '2' && s[1] <= '1')) {
		opts = append(opts, option{end: i + 1, val: s})
	}
	return opts
}

func matchModernYear(lx *lexicon, toks []token, i int, opts []option) []option {
	s := toks[i].norm
	if len(s) == 4 && plainDigits(s) && (s[:2] == "19" || s[:2] == "20") {
		opts = append(opts, option{end: i + 1, val: s})
	}
	return opts
}

// matchYY: a two-digit year, as in '98.
func matchYY(lx *lexicon, toks []token, i int, opts []option) []option {
	s := toks[i].norm
	if len(s) == 2 && plainDigits(s) {
		opts = append(opts, option{end: i + 1, val: s})
	}
	return opts
}

// matchDecade: 1990s, 90s, 1990's. The value is the digits: "1990" or "90".
func matchDecade(lx *lexicon, toks []token, i int, opts []option) []option {
	s := toks[i].norm
	if (len(s) == 5 || len(s) == 3) && s[len(s)-1] == 's' && s[len(s)-2] == '0' && plainDigits(s[:len(s)-1]) {
		return append(opts, option{end: i + 1, val: s[:len(s)-1]})
	}
	if (len(s) == 4 || len(s) == 2) && plainDigits(s) && s[len(s)-1] == '0' && i+2 < len(toks) &&
		toks[i+1].norm == "'" && toks[i+2].norm == "s" && !toks[i+1].space && !toks[i+2].space {
		return append(opts, option{end: i + 3, val: s})
	}
	return opts
}

// matchHHMM: 10:35, 9:05:30, 14:30. The value keeps the colons.
func matchHHMM(lx *lexicon, toks []token, i int, opts []option) []option {
	s := toks[i].norm
	if n := strings.Count(s, ":"); n < 1 || n > 2 {
		return opts
	}
	parts := strings.Split(s, ":")
	for k, p := range parts {
		if !plainDigits(p) || (k == 0 && len(p) > 2) || (k > 0 && len(p) != 2) {
			return opts
		}
	}
	h, _ := strconv.Atoi(parts[0])
	m, _ := strconv.Atoi(parts[1])
	if h > 24 || m > 59 {
		return opts
	}
	if len(parts) == 3 {
		if sec, _ := strconv.Atoi(parts[2]); sec > 59 {
			return opts
		}
	}
	return append(opts, option{end: i + 1, val: s})
}

// matchHour: an hour of the clock, 0 to 24 in digits, one to twelve in words.
func matchHour(lx *lexicon, toks []token, i int, opts []option) []option {
	t := toks[i]
	if t.kind == tkNumber {
		if len(t.norm) <= 2 && plainDigits(t.norm) {
			if n, _ := strconv.Atoi(t.norm); n <= 24 {
				opts = append(opts, option{end: i + 1, val: strconv.Itoa(n)})
			}
		}
		return opts
	}
	if n, ok := lx.card[t.norm]; ok && n >= 1 && n <= 12 {
		opts = append(opts, option{end: i + 1, val: strconv.Itoa(n)})
	}
	return opts
}

// matchISODate: 2023-03-02, 2023/03/02, and the US order 3/2/2023, 03/02/23.
func matchISODate(lx *lexicon, toks []token, i int, opts []option) []option {
	s := toks[i].norm
	if len(s) < 6 {
		return opts
	}
	var parts []string
	var sep byte
	switch {
	case strings.Count(s, "-") == 2:
		parts, sep = strings.Split(s, "-"), '-'
	case strings.Count(s, "/") == 2:
		parts, sep = strings.Split(s, "/"), '/'
	default:
		return opts
	}
	for _, p := range parts {
		if !plainDigits(p) {
			return opts
		}
	}
	var y, m, d int
	switch {
	case len(parts[0]) == 4 && len(parts[1]) == 2 && len(parts[2]) == 2:
		y, _ = strconv.Atoi(parts[0])
		m, _ = strconv.Atoi(parts[1])
		d, _ = strconv.Atoi(parts[2])
	case sep == '/' && len(parts[0]) <= 2 && len(parts[1]) <= 2 && (len(parts[2]) == 4 || len(parts[2]) == 2):
		m, _ = strconv.Atoi(parts[0])
		d, _ = strconv.Atoi(parts[1])
		y, _ = strconv.Atoi(parts[2])
		if len(parts[2]) == 2 {
			// Two-digit years: 00-39 are 2000s, the rest 1900s.
			if y < 40 {
				y += 2000
			} else {
				y += 1900
			}
		}
	default:
		return opts
	}
	if y < 1000 || y > 2199 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return opts
	}
	return append(opts, option{end: i + 1, val: strconv.Itoa(y) + "-" + pad2(m) + "-" + pad2(d)})
}

// matchYearWord: a year in words: "nineteen ninety-six", "nineteen eighty",
// "two thousand", "two thousand and one", "eighteen hundred".
func matchYearWord(lx *lexicon, toks []token, i int, opts []option) []option {
	w := toks[i].norm
	switch w {
	case "nineteen", "eighteen":
		century := lx.card[w]
		j := i + 1
		if j >= len(toks) {
			return opts
		}
		if toks[j].norm == "hundred" {
			return append(opts, option{end: j + 1, val: strconv.Itoa(century * 100)})
		}
		if toks[j].norm == "oh" && j+1 < len(toks) {
			if v, ok := lx.card[toks[j+1].norm]; ok && v > 0 && v < 10 {
				return append(opts, option{end: j + 2, val: strconv.Itoa(century*100 + v)})
			}
			return opts
		}
		n, end, ok := wordNumber(lx, toks, j)
		if !ok || n < 10 || n > 99 {
			return opts
		}
		return append(opts, option{end: end, val: strconv.Itoa(century*100 + n)})
	case "two":
		if i+1 < len(toks) && toks[i+1].norm == "thousand" {
			j := i + 2
			if j < len(toks) && toks[j].norm == "and" {
				j++
			}
			if j < len(toks) {
				if n, end, ok := wordNumber(lx, toks, j); ok && n > 0 && n < 100 {
					return append(opts, option{end: end, val: strconv.Itoa(2000 + n)}, option{end: i + 2, val: "2000"})
				}
			}
			return append(opts, option{end: i + 2, val: "2000"})
		}
	}
	return opts
}
