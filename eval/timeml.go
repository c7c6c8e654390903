// Package eval scores dateline's analysis layers against gold data in
// standard formats.
package eval

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/dateline-news/dateline"
)

// TimeMLDoc is a TimeML document reduced to what timex scoring needs.
type TimeMLDoc struct {
	Name string           // file name, relative to the directory scored
	Text string           // character content of <TEXT>, tags removed
	DCT  time.Time        // value of the TIMEX3 with functionInDocument="CREATION_TIME"
	Gold []dateline.Timex // TIMEX3 elements inside <TEXT>, offsets into Text
}

// ReadTimeML reads and parses a TimeML (.tml) file.
func ReadTimeML(path string) (*TimeMLDoc, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	d, err := ParseTimeML(filepath.Base(path), bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("eval: %s: %w", path, err)
	}
	return d, nil
}

// ParseTimeML parses a TimeML document. The raw text is the character
// content of the TEXT element; gold offsets are byte offsets into it. The
// document date is the value of the CREATION_TIME timex, wherever it is.
func ParseTimeML(name string, r io.Reader) (*TimeMLDoc, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	doc := &TimeMLDoc{Name: name}
	var text strings.Builder
	inText := false
	var open *dateline.Timex // TIMEX3 being read inside TEXT
	dctValue := ""
	inDCTTimex := false
	var dctText strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "TEXT":
				inText = true
			case "TIMEX3":
				attr := func(k string) string {
					for _, a := range t.Attr {
						if a.Name.Local == k {
							return a.Value
						}
					}
					return ""
				}
				if attr("functionInDocument") == "CREATION_TIME" {
					dctValue = attr("value")
					inDCTTimex = true
					dctText.Reset()
					if !inText {
						continue
					}
				}
				if inText {
					open = &dateline.Timex{
						Span:  dateline.Span{Start: text.Len()},
						Type:  attr("type"),
						Value: attr("value"),
						Mod:   attr("mod"),
					}
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "TEXT":
				inText = false
			case "TIMEX3":
				inDCTTimex = false
				if open != nil {
					open.End = text.Len()
					doc.Gold = append(doc.Gold, *open)
					open = nil
				}
			}
		case xml.CharData:
			if inText {
				text.Write(t)
			}
			if inDCTTimex {
				dctText.Write(t)
			}
		}
	}
	doc.Text = text.String()
	for i := range doc.Gold {
		g := &doc.Gold[i]
		// Trim white space at the edges of a gold extent.
		for g.Start < g.End && isXMLSpace(doc.Text[g.Start]) {
			g.Start++
		}
		for g.End > g.Start && isXMLSpace(doc.Text[g.End-1]) {
			g.End--
		}
		g.Text = doc.Text[g.Start:g.End]
	}
	if dctValue == "" {
		dctValue = strings.TrimSpace(dctText.String())
	}
	dct, err := parseDCT(dctValue)
	if err != nil {
		return nil, err
	}
	doc.DCT = dct
	return doc, nil
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// parseDCT reads the date of a CREATION_TIME value: 1998-08-07,
// 1998-08-07T06:18:00 or 19980807.
func parseDCT(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if len(v) >= 10 {
		if t, err := time.Parse("2006-01-02", v[:10]); err == nil {
			return t, nil
		}
	}
	if len(v) >= 8 {
		if t, err := time.Parse("20060102", v[:8]); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("no document date: CREATION_TIME value %q", v)
}

// PRF holds precision, recall and F1 (in percent) of one measure, with the
// counts they come from: P = Correct/System, R = Correct/Gold.
type PRF struct {
	Correct   int     `json:"correct"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func newPRF(correct, system, gold int) PRF {
	p := PRF{Correct: correct}
	if system > 0 {
		p.Precision = 100 * float64(correct) / float64(system)
	}
	if gold > 0 {
		p.Recall = 100 * float64(correct) / float64(gold)
	}
	p.F1 = f1(p.Precision, p.Recall)
	return p
}

// f1 is the harmonic mean of a precision and a recall (0 when both are).
func f1(precision, recall float64) float64 {
	if precision+recall == 0 {
		return 0
	}
	return 2 * precision * recall / (precision + recall)
}

// TimexScores are the TempEval-3 timex measures: strict extent (same
// extent), relaxed extent (overlapping extents), and value and type, which
// are counted on relaxed matches: an attribute is correct when a system
// timex overlaps a gold one and has the same attribute.
type TimexScores struct {
	Gold    int `json:"gold"`
	System  int `json:"system"`
	Strict  PRF `json:"strict"`
	Relaxed PRF `json:"relaxed"`
	Value   PRF `json:"value"`
	Type    PRF `json:"type"`
	// ValueNotation counts a value as correct when it equals the gold
	// one up to notation (see SameValueNotation). It is not a TempEval-3
	// measure: it tells how much of a value gap is notation.
	ValueNotation PRF `json:"value_notation"`
}

type timexCounts struct {
	gold, system, strict, relaxed, value, typ, valueNotation int
}

func (c *timexCounts) add(o timexCounts) {
	c.gold += o.gold
	c.system += o.system
	c.strict += o.strict
	c.relaxed += o.relaxed
	c.value += o.value
	c.typ += o.typ
	c.valueNotation += o.valueNotation
}

func (c timexCounts) scores() TimexScores {
	return TimexScores{
		Gold:    c.gold,
		System:  c.system,
		Strict:  newPRF(c.strict, c.system, c.gold),
		Relaxed: newPRF(c.relaxed, c.system, c.gold),
		Value:   newPRF(c.value, c.system, c.gold),
		Type:    newPRF(c.typ, c.system, c.gold),

		ValueNotation: newPRF(c.valueNotation, c.system, c.gold),
	}
}

// TimexError is one disagreement with the gold standard.
type TimexError struct {
	File    string          `json:"file"`
	Kind    string          `json:"kind"` // missed, spurious, extent, value, type
	Gold    *dateline.Timex `json:"gold,omitempty"`
	System  *dateline.Timex `json:"system,omitempty"`
	Context string          `json:"context"` // text around, the expression in [[ ]]
}

// TimexFileResult is the score of one file.
type TimexFileResult struct {
	File   string      `json:"file"`
	DCT    string      `json:"dct"`
	Scores TimexScores `json:"scores"`
}

// TimexResult is the evaluation of a directory of TimeML files.
type TimexResult struct {
	Files   []TimexFileResult `json:"files"`
	Overall TimexScores       `json:"overall"`
	Errors  []TimexError      `json:"errors"`
}

// timexPair is a one-to-one alignment of a gold and a system timex.
type timexPair struct{ g, s int }

// alignTimexes pairs every gold timex with at most one overlapping system timex:
// an exact extent first, else the largest overlap not yet taken.
func alignTimexes(gold, sys []dateline.Timex) []timexPair {
	used := make([]bool, len(sys))
	var pairs []timexPair
	for gi, g := range gold {
		best, bestOv := -1, 0
		for si, s := range sys {
			if used[si] || !g.Overlaps(s.Span) {
				continue
			}
			if s.Span == g.Span {
				best = si
				break
			}
			ov := min(g.End, s.End) - max(g.Start, s.Start)
			if ov > bestOv {
				best, bestOv = si, ov
			}
		}
		if best >= 0 {
			used[best] = true
			pairs = append(pairs, timexPair{gi, best})
		}
	}
	return pairs
}

// ScoreTimexes scores system timexes against gold ones in one text.
func ScoreTimexes(gold, sys []dateline.Timex) TimexScores {
	c, _ := scoreTimexes("", "", gold, sys)
	return c.scores()
}

func scoreTimexes(file, text string, gold, sys []dateline.Timex) (timexCounts, []TimexError) {
	c := timexCounts{gold: len(gold), system: len(sys)}
	var errs []TimexError
	pairs := alignTimexes(gold, sys)
	gotG := make([]bool, len(gold))
	gotS := make([]bool, len(sys))
	for _, p := range pairs {
		g, s := gold[p.g], sys[p.s]
		gotG[p.g], gotS[p.s] = true, true
		c.relaxed++
		if g.Span == s.Span {
			c.strict++
		} else {
			errs = append(errs, timexError(file, "extent", text, &g, &s))
		}
		if SameValueNotation(g.Value, s.Value) {
			c.valueNotation++
		}
		if g.Value == s.Value {
			c.value++
		} else {
			errs = append(errs, timexError(file, "value", text, &g, &s))
		}
		if g.Type == s.Type {
			c.typ++
		} else {
			errs = append(errs, timexError(file, "type", text, &g, &s))
		}
	}
	for i := range gold {
		if !gotG[i] {
			errs = append(errs, timexError(file, "missed", text, &gold[i], nil))
		}
	}
	for i := range sys {
		if !gotS[i] {
			errs = append(errs, timexError(file, "spurious", text, nil, &sys[i]))
		}
	}
	sort.SliceStable(errs, func(i, j int) bool { return timexErrStart(errs[i]) < timexErrStart(errs[j]) })
	return c, errs
}

// SameValueNotation reports whether two TIMEX3 values are equal once
// written in one notation. Annotated corpora differ in four notations
// that do not change which time is meant, or only its grain within the
// same day:
//   - a year as "1949" or "1949-XX" or "1949-XX-XX";
//   - a decade as "196" (TimeML) or "196X";
//   - an ISO week as "2000-W07" or "2000-W7";
//   - a day with or without a part of day ("2000-01-05" or
//     "2000-01-05TNI"), and one part of day for another.
func SameValueNotation(a, b string) bool {
	return a == b || valueNotation(a) == valueNotation(b)
}

func valueNotation(v string) string {
	isDigits := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
		return s != ""
	}
	// Year with unknown month (and day).
	if len(v) > 4 && isDigits(v[:4]) && (v[4:] == "-XX" || v[4:] == "-XX-XX") {
		return v[:4]
	}
	// Decade.
	if len(v) == 4 && isDigits(v[:3]) && v[3] == 'X' {
		return v[:3]
	}
	// Part of day.
	for _, p := range []string{"TMO", "TAF", "TEV", "TNI", "TDT"} {
		if t, ok := strings.CutSuffix(v, p); ok && len(t) == len("2006-01-02") {
			v = t
			break
		}
	}
	// ISO week of one digit.
	if i := strings.Index(v, "-W"); i == 4 && isDigits(v[:4]) {
		w := v[i+2:]
		n := 0
		for n < len(w) && w[n] >= '0' && w[n] <= '9' {
			n++
		}
		if n == 1 {
			v = v[:i+2] + "0" + w
		}
	}
	return v
}

func timexErrStart(e TimexError) int {
	if e.Gold != nil {
		return e.Gold.Start
	}
	return e.System.Start
}

func timexError(file, kind, text string, g, s *dateline.Timex) TimexError {
	e := TimexError{File: file, Kind: kind}
	var sp dateline.Span
	if g != nil {
		gg := *g
		e.Gold = &gg
		sp = g.Span
	}
	if s != nil {
		ss := *s
		e.System = &ss
		if g == nil {
			sp = s.Span
		}
	}
	if text != "" && sp.Valid(len(text)) {
		e.Context = timexSnippet(text, sp, 60)
	}
	return e
}

// timexSnippet returns the text around span with the span in [[ ]] and line
// breaks flattened.
func timexSnippet(text string, sp dateline.Span, width int) string {
	lo := max(0, sp.Start-width)
	hi := min(len(text), sp.End+width)
	// Do not cut a UTF-8 sequence.
	for lo > 0 && lo < len(text) && text[lo]&0xC0 == 0x80 {
		lo--
	}
	for hi < len(text) && text[hi]&0xC0 == 0x80 {
		hi++
	}
	s := text[lo:sp.Start] + "[[" + text[sp.Start:sp.End] + "]]" + text[sp.End:hi]
	return strings.Join(strings.Fields(s), " ")
}

// EvalTimex runs an analyzer (normally the timex layer, alone or after the
// layers it may use) on the raw text of every .tml file under dir, anchored
// on each file's document date, and scores its timexes against the gold
// ones. Files are scored in lexical order of their paths.
func EvalTimex(ctx context.Context, dir string, a dateline.Analyzer) (*TimexResult, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".tml") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("eval: no .tml files under %s", dir)
	}
	sort.Strings(paths)
	res := &TimexResult{}
	var total timexCounts
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d, err := ReadTimeML(p)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			rel = p
		}
		doc := dateline.NewDoc(dateline.Article{ID: rel, Date: d.DCT, Text: d.Text})
		if err := a.Analyze(ctx, doc); err != nil {
			return nil, fmt.Errorf("eval: %s: %s: %w", rel, a.Name(), err)
		}
		c, errs := scoreTimexes(rel, d.Text, d.Gold, doc.Timexes)
		total.add(c)
		res.Files = append(res.Files, TimexFileResult{File: rel, DCT: d.DCT.Format(dateline.DateLayout), Scores: c.scores()})
		res.Errors = append(res.Errors, errs...)
	}
	res.Overall = total.scores()
	return res, nil
}

// WriteText prints the result as a table: one line per file when perFile
// is set, the overall line, and the errors when errs is set.
func (r *TimexResult) WriteText(w io.Writer, perFile, errs bool) error {
	var b strings.Builder
	line := func(name string, s TimexScores) {
		fmt.Fprintf(&b, "%-40s %5d %5d  %6.2f %6.2f %6.2f  %6.2f %6.2f %6.2f  %6.2f %6.2f  %6.2f\n", name, s.Gold, s.System,
			s.Strict.Precision, s.Strict.Recall, s.Strict.F1,
			s.Relaxed.Precision, s.Relaxed.Recall, s.Relaxed.F1,
			s.Value.F1, s.Type.F1, s.ValueNotation.F1)
	}
	fmt.Fprintf(&b, "%-40s %5s %5s  %6s %6s %6s  %6s %6s %6s  %6s %6s  %6s\n", "file", "gold", "sys",
		"strP", "strR", "strF1", "relP", "relR", "relF1", "valF1", "typF1", "valNF1")
	if perFile {
		for _, f := range r.Files {
			line(f.File, f.Scores)
		}
	}
	line("overall", r.Overall)
	if errs {
		for _, e := range r.Errors {
			fmt.Fprintf(&b, "%s\t%s\tgold=%s\tsys=%s\t%s\n", e.File, e.Kind, describeTimex(e.Gold), describeTimex(e.System), e.Context)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func describeTimex(t *dateline.Timex) string {
	if t == nil {
		return "-"
	}
	s := fmt.Sprintf("%q/%s/%s", t.Text, t.Type, t.Value)
	if t.Mod != "" {
		s += "/" + t.Mod
	}
	return s
}
