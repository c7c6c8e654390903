package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/timex"
)

// A TimeML document written for this test (not from any corpus).
const sampleTML = `<?xml version="1.0" ?>
<TimeML>
<DOCID>SAMPLE-1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2023-03-02" temporalFunction="false" functionInDocument="CREATION_TIME">March 2, 2023</TIMEX3></DCT>
<TITLE>Ministers meet</TITLE>
<TEXT>
The ministers <EVENT eid="e1" class="OCCURRENCE">met</EVENT> on <TIMEX3 tid="t1" type="DATE" value="2023-03-02" functionInDocument="NONE">Thursday</TIMEX3> for <TIMEX3 tid="t2" type="DURATION" value="PT10M" mod="LESS_THAN" functionInDocument="NONE">less than 10 minutes</TIMEX3> &amp; parted.
They <EVENT eid="e2" class="OCCURRENCE">spoke</EVENT> <TIMEX3 tid="t3" type="DATE" value="2023-W08" functionInDocument="NONE">last week</TIMEX3>, too.
</TEXT>
</TimeML>
`

func TestParseTimeML(t *testing.T) {
	d, err := ParseTimeML("sample.tml", strings.NewReader(sampleTML))
	if err != nil {
		t.Fatal(err)
	}
	if got := d.DCT.Format(dateline.DateLayout); got != "2023-03-02" {
		t.Errorf("DCT = %s", got)
	}
	if strings.Contains(d.Text, "<") || !strings.Contains(d.Text, "less than 10 minutes & parted") {
		t.Errorf("text not stripped of tags: %q", d.Text)
	}
	want := []dateline.Timex{
		{Text: "Thursday", Type: "DATE", Value: "2023-03-02"},
		{Text: "less than 10 minutes", Type: "DURATION", Value: "PT10M", Mod: "LESS_THAN"},
		{Text: "last week", Type: "DATE", Value: "2023-W08"},
	}
	if len(d.Gold) != len(want) {
		t.Fatalf("gold = %v", d.Gold)
	}
	for i, g := range d.Gold {
		w := want[i]
		if d.Text[g.Start:g.End] != w.Text || g.Text != w.Text || g.Type != w.Type || g.Value != w.Value || g.Mod != w.Mod {
			t.Errorf("gold[%d] = %+v, want %+v", i, g, w)
		}
	}
}

func TestParseTimeMLNoDCT(t *testing.T) {
	_, err := ParseTimeML("x.tml", strings.NewReader("<TimeML><TEXT>no date</TEXT></TimeML>"))
	if err == nil {
		t.Fatal("want an error for a document without CREATION_TIME")
	}
}

func tx(start, end int, typ, value string) dateline.Timex {
	return dateline.Timex{Span: dateline.Span{Start: start, End: end}, Type: typ, Value: value}
}

func TestScoreTimexes(t *testing.T) {
	gold := []dateline.Timex{
		tx(0, 8, "DATE", "2023-03-02"),    // exact, right
		tx(10, 20, "DATE", "2023-W08"),    // overlap, wrong value
		tx(30, 40, "DURATION", "P3D"),     // missed
		tx(50, 60, "DATE", "PRESENT_REF"), // exact, wrong type
	}
	sys := []dateline.Timex{
		tx(0, 8, "DATE", "2023-03-02"),
		tx(12, 20, "DATE", "2023-W09"),
		tx(50, 60, "TIME", "PRESENT_REF"),
		tx(70, 75, "DATE", "2022"), // spurious
	}
	s := ScoreTimexes(gold, sys)
	if s.Gold != 4 || s.System != 4 {
		t.Fatalf("counts %+v", s)
	}
	check := func(name string, p PRF, correct int) {
		t.Helper()
		if p.Correct != correct || p.Precision != 25*float64(correct) || p.Recall != 25*float64(correct) {
			t.Errorf("%s = %+v, want %d correct", name, p, correct)
		}
	}
	check("strict", s.Strict, 2)
	check("relaxed", s.Relaxed, 3)
	check("value", s.Value, 2)
	check("type", s.Type, 2)
	// One system timex cannot match two gold ones.
	s = ScoreTimexes([]dateline.Timex{tx(0, 5, "DATE", "x"), tx(6, 10, "DATE", "y")}, []dateline.Timex{tx(0, 10, "DATE", "x")})
	if s.Relaxed.Correct != 1 || s.Value.Correct != 1 {
		t.Errorf("one-to-one: %+v", s)
	}
}

func TestEvalTimexDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "sample.tml"), []byte(sampleTML), 0o644); err != nil {
		t.Fatal(err)
	}
	tg, err := timex.New()
	if err != nil {
		t.Fatal(err)
	}
	r, err := EvalTimex(context.Background(), dir, tg)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Files) != 1 || r.Overall.Gold != 3 || r.Overall.Strict.F1 != 100 || r.Overall.Value.F1 != 100 {
		t.Errorf("result %+v, errors %+v", r.Overall, r.Errors)
	}
	var b bytes.Buffer
	if err := r.WriteText(&b, true, true); err != nil || !strings.Contains(b.String(), "overall") {
		t.Errorf("WriteText: %v %q", err, b.String())
	}
	if _, err := json.Marshal(r); err != nil {
		t.Error(err)
	}
	if _, err := EvalTimex(context.Background(), t.TempDir(), tg); err == nil {
		t.Error("want an error for a directory without .tml files")
	}
}

var printErrors = flag.Bool("timex.errors", false, "print the timex errors of the TempEval-3 floor test")

// Floors: the scores last measured on the TempEval-3 TBAQ-cleaned data
// (TimeBank and AQUAINT, ../shared/data/tempeval3). The test fails when a
// change makes any of them drop. Raise them when the scores improve.
var timexFloors = map[string]struct{ strict, relaxed, value, typ float64 }{
	"TimeBank": {91.3, 95.1, 84.8, 92.9},
	"AQUAINT":  {87.4, 94.7, 79.0, 86.9},
}

func TestSameValueNotation(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"1949", "1949-XX", true},
		{"1994-XX-XX", "1994", true},
		{"196", "196X", true},
		{"2000-W07", "2000-W7", true},
		{"2000-W02-WE", "2000-W2-WE", true},
		{"2000-W14", "2000-W14", true},
		{"2000-01-05", "2000-01-05TNI", true},
		{"2000-01-07TEV", "2000-01-07TNI", true},
		// Different times stay different.
		{"1949", "1948-XX", false},
		{"196", "197X", false},
		{"2000-W07", "2000-W17", false},
		{"2000-01-05", "2000-01-12TNI", false},
		{"1998-10", "1998", false},
		{"P1W", "2000-W07", false},
		{"2000-01-05T22:00", "2000-01-05", false},
		{"PRESENT_REF", "PAST_REF", false},
	} {
		if got := SameValueNotation(c.a, c.b); got != c.same {
			t.Errorf("SameValueNotation(%q, %q) = %v, want %v", c.a, c.b, got, c.same)
		}
		if got := SameValueNotation(c.b, c.a); got != c.same {
			t.Errorf("SameValueNotation(%q, %q) = %v, want %v", c.b, c.a, got, c.same)
		}
	}
	// The measure counts notation-equal values on relaxed matches only.
	s := ScoreTimexes([]dateline.Timex{tx(0, 4, "DATE", "1949-XX"), tx(10, 20, "DATE", "2000-W7")},
		[]dateline.Timex{tx(0, 4, "DATE", "1949"), tx(30, 40, "DATE", "2000-W07")})
	if s.Value.Correct != 0 || s.ValueNotation.Correct != 1 {
		t.Errorf("value %d, value up to notation %d; want 0 and 1", s.Value.Correct, s.ValueNotation.Correct)
	}
}

func TestTempEval3Floor(t *testing.T) {
	root := filepath.Join("..", "..", "shared", "data", "tempeval3")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("TempEval-3 data not found at %s (it lives in ../shared/data next to the repository): %v", root, err)
	}
	tg, err := timex.New()
	if err != nil {
		t.Fatal(err)
	}
	for name, floor := range timexFloors {
		r, err := EvalTimex(context.Background(), filepath.Join(root, name), tg)
		if err != nil {
			t.Fatal(err)
		}
		o := r.Overall
		t.Logf("%s: gold %d system %d; P/R/F1 strict %.2f/%.2f/%.2f relaxed %.2f/%.2f/%.2f value %.2f/%.2f/%.2f type %.2f/%.2f/%.2f",
			name, o.Gold, o.System, o.Strict.Precision, o.Strict.Recall, o.Strict.F1,
			o.Relaxed.Precision, o.Relaxed.Recall, o.Relaxed.F1,
			o.Value.Precision, o.Value.Recall, o.Value.F1, o.Type.Precision, o.Type.Recall, o.Type.F1)
		if *printErrors {
			var b bytes.Buffer
			r.WriteText(&b, false, true)
			t.Log("\n" + b.String())
		}
		for _, c := range []struct {
			what       string
			got, floor float64
		}{
			{"strict F1", o.Strict.F1, floor.strict},
			{"relaxed F1", o.Relaxed.F1, floor.relaxed},
			{"value F1", o.Value.F1, floor.value},
			{"type F1", o.Type.F1, floor.typ},
		} {
			if c.got < c.floor {
				t.Errorf("%s: %s %.2f fell below the floor %.2f", name, c.what, c.got, c.floor)
			}
		}
	}
}
