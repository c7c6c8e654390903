package eval

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dateline-news/dateline"
)

func eventDataDir(t *testing.T, sub string) string {
	t.Helper()
	p := filepath.Join("..", "..", "shared", "data", sub)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("event data not found at %s (it lives in ../shared/data next to the repository): %v", p, err)
	}
	return p
}

func TestReadPLOVER(t *testing.T) {
	path := eventDataDir(t, filepath.Join("plover", "gsr-dev.json"))
	recs, err := ReadPLOVER(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 164 {
		t.Errorf("%d records with text, want 164", len(recs))
	}
	ids := map[string]bool{}
	types := map[string]bool{}
	var withSource, withTarget, prevLine int
	for _, r := range recs {
		if r.Type == "DOCUMENT" || r.Text == "" || r.ID == "" {
			t.Errorf("record %q at line %d: type %q, %d bytes of text", r.ID, r.Line, r.Type, len(r.Text))
		}
		if ids[r.ID] {
			t.Errorf("duplicate id %s", r.ID)
		}
		ids[r.ID] = true
		types[r.Type] = true
		if r.Line <= prevLine {
			t.Errorf("record %s: line %d after line %d", r.ID, r.Line, prevLine)
		}
		prevLine = r.Line
		if r.Date != "2000-01-01" {
			t.Errorf("record %s: date %q", r.ID, r.Date)
		}
		if len(r.Source) > 0 {
			withSource++
		}
		if len(r.Target) > 0 {
			withTarget++
		}
		for _, a := range append(r.Source, r.Target...) {
			if a == "" || a != strings.TrimSpace(a) {
				t.Errorf("record %s: actor %q", r.ID, a)
			}
		}
	}
	// One record has no source (a passive sentence); targets are missing,
	// null, "" or a stray context word in 18 records.
	if withSource != 163 || withTarget != 146 {
		t.Errorf("%d records with a source and %d with a target, want 163 and 146", withSource, withTarget)
	}
	if len(types) != 18 {
		t.Errorf("%d event types, want 18", len(types))
	}
}

func TestReadConfliBERT(t *testing.T) {
	dir := eventDataDir(t, "conflibert-cameo")
	sents, err := ReadConfliBERT(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 1349 {
		t.Errorf("%d sentences, want 1349", len(sents))
	}
	var byClass [5]int
	var withSpans, withBoth int
	for _, s := range sents {
		byClass[s.Class]++
		if strings.ContainsAny(s.Text, "\t\r\n") {
			t.Errorf("line %d: control characters in the sentence", s.Line)
		}
		if !s.HasSpans {
			if len(s.Source)+len(s.Target)+len(s.Both) > 0 || s.SpanLine != 0 {
				t.Errorf("line %d: spans without HasSpans", s.Line)
			}
			continue
		}
		withSpans++
		if len(s.Both) > 0 {
			withBoth++
		}
	}
	if byClass != [5]int{240, 248, 303, 337, 221} {
		t.Errorf("sentences per class %v, want [240 248 303 337 221]", byClass)
	}
	// spans-train.txt has 1,153 sentences, not the 1,349 of class-train.tsv:
	// 218 of them are reworded and match no sentence of the class file, and
	// 414 class-file sentences have none. Every sentence that has a match is
	// aligned.
	if withSpans != 935 {
		t.Errorf("%d sentences with spans, want 935", withSpans)
	}
	if withBoth == 0 {
		t.Error("no sentence has B-R (both) spans")
	}

	// Every gold span covers exactly the letters of its chunk's tokens.
	blocks, err := readCAMEOSpans(filepath.Join(dir, "spans-train.txt"))
	if err != nil {
		t.Fatal(err)
	}
	byLine := map[int]cameoBlock{}
	for _, b := range blocks {
		byLine[b.line] = b
	}
	for _, s := range sents {
		if !s.HasSpans {
			continue
		}
		b, ok := byLine[s.SpanLine]
		if !ok {
			t.Fatalf("line %d: no span-file sentence at line %d", s.Line, s.SpanLine)
		}
		var want []string
		for _, c := range CoNLLChunks(b.labels) {
			want = append(want, c.Type+":"+cameoKey(strings.Join(b.tokens[c.Start:c.End], "")))
		}
		var got []string
		for _, g := range []struct {
			typ   string
			spans []dateline.Span
		}{{"S", s.Source}, {"T", s.Target}, {"R", s.Both}} {
			for _, sp := range g.spans {
				if !sp.Valid(len(s.Text)) || sp.Len() == 0 {
					t.Errorf("line %d: bad span %v", s.Line, sp)
					continue
				}
				got = append(got, g.typ+":"+cameoKey(s.Text[sp.Start:sp.End]))
			}
		}
		if !sameMultiset(got, want) {
			t.Errorf("class line %d, span line %d: spans %q, want %q", s.Line, s.SpanLine, got, want)
		}
	}
}

func sameMultiset(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	n := map[string]int{}
	for _, x := range a {
		n[x]++
	}
	for _, x := range b {
		n[x]--
	}
	for _, v := range n {
		if v != 0 {
			return false
		}
	}
	return true
}

func TestReadPLOVERErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ name, json, want string }{
		{"notext", "[\n{\"id\": \"a\", \"event\": \"AGREE\", \"text\": \"x\"},\n{\"id\": \"b\", \"event\": \"AGREE\"}\n]", ":3: record \"b\": no text"},
		{"badsource", "[\n  {\"id\": \"a\", \"event\": \"AGREE\", \"text\": \"x\", \"source\": 7}\n]", ":2: record \"a\": source: want a list of actors"},
		{"notlist", "{}", ":1: want a JSON list"},
	} {
		p := filepath.Join(dir, c.name+".json")
		if err := os.WriteFile(p, []byte(c.json), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ReadPLOVER(p)
		if err == nil || !strings.Contains(err.Error(), p+c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, p+c.want)
		}
	}
	// DOCUMENT records, null and string actor fields are accepted.
	p := filepath.Join(dir, "ok.json")
	doc := `[{"id": "d", "event": "DOCUMENT"},
	{"id": "a", "event": "AGREE", "text": "x y", "source": null, "target": "", "mode": "m", "context": "c",
	 "textInfo": {"markup": "(EVT: x) y"}},
	{"id": "b", "event": "AGREE", "text": "z", "source": [{"actorText": " Zenda ", "code": "ZEN"}], "target": "diplomatic"}]`
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, err := ReadPLOVER(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Source != nil || recs[0].Target != nil || recs[0].Mode != "m" || recs[0].Context != "c" ||
		recs[0].Markup != "(EVT: x) y" || recs[0].Line != 2 || len(recs[1].Source) != 1 || recs[1].Source[0] != "Zenda" || recs[1].Target != nil {
		t.Errorf("records %+v", recs)
	}
}

func TestConfliBERTReadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("spans-train.txt", "Zenda B-S\nwept O\n\n")
	write("class-train.tsv", "Zenda wept.\t1\r\nRuritania sighed.\t7\r\n")
	if _, err := ReadConfliBERT(dir); err == nil || !strings.Contains(err.Error(), "class-train.tsv:2: class \"7\"") {
		t.Errorf("error %v, want class-train.tsv:2", err)
	}
	write("class-train.tsv", "Zenda wept.\t1\r\nno tab here\r\n")
	if _, err := ReadConfliBERT(dir); err == nil || !strings.Contains(err.Error(), "class-train.tsv:2: want a sentence") {
		t.Errorf("error %v, want class-train.tsv:2", err)
	}
	write("class-train.tsv", "Zenda wept.\t1\r\n")
	write("spans-train.txt", "Zenda B-S\nwept O\n\nRuritania B-X\n")
	if _, err := ReadConfliBERT(dir); err == nil || !strings.Contains(err.Error(), "spans-train.txt:4: label \"B-X\"") {
		t.Errorf("error %v, want spans-train.txt:4", err)
	}
}

func TestConfliBERTAlignment(t *testing.T) {
	dir := t.TempDir()
	// Sentence 1: curly apostrophe and a quotation mark the tokens leave
	// out; sentence 2: CSV quoting, a full stop only the tokens have;
	// sentence 3: no tokens; sentence 4: reworded tokens match nothing.
	class := "The Zendan army’s chief “visited” Ruritania.\t1\r\n" +
		"\"Freedonia's \"\"envoy\"\" left\"\t3\r\n" +
		"Nobody came.\t0\r\n" +
		"Ruritania shelled the border town.\t4\r\n"
	spans := "The B-S\nZendan I-S\narmy I-S\n's I-S\nchief I-S\nvisited O\nRuritania B-T\n. O\n\n" +
		"Freedonia B-S\n' I-S\ns I-S\nenvoy I-S\nleft O\n. O\n\n" +
		"Ruritania B-R\nshelled O\nthe O\ntown B-T\n. O\n"
	for name, s := range map[string]string{"class-train.tsv": class, "spans-train.txt": spans} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sents, err := ReadConfliBERT(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 4 {
		t.Fatalf("%d sentences", len(sents))
	}
	texts := func(s CAMEOSentence, spans []dateline.Span) string {
		var out []string
		for _, sp := range spans {
			out = append(out, s.Text[sp.Start:sp.End])
		}
		return strings.Join(out, "|")
	}
	s := sents[0]
	if !s.HasSpans || s.SpanLine != 1 || s.Class != 1 || texts(s, s.Source) != "The Zendan army’s chief" || texts(s, s.Target) != "Ruritania" {
		t.Errorf("sentence 1: %+v: source %q target %q", s, texts(s, s.Source), texts(s, s.Target))
	}
	s = sents[1]
	if s.Text != `Freedonia's "envoy" left` || !s.HasSpans || s.SpanLine != 10 || texts(s, s.Source) != `Freedonia's "envoy` || len(s.Target) != 0 {
		t.Errorf("sentence 2: %+v: source %q", s, texts(s, s.Source))
	}
	if sents[2].HasSpans || sents[3].HasSpans {
		t.Errorf("sentences 3 and 4 have spans: %+v %+v", sents[2], sents[3])
	}
}

// predictor returns the events listed for each text, and records the dates
// it is given.
type predictor struct {
	events map[string][]dateline.Event
	dates  map[string]string
}

func (p *predictor) predict(text, date string) ([]dateline.Event, error) {
	if p.dates == nil {
		p.dates = map[string]string{}
	}
	p.dates[text] = date
	return p.events[text], nil
}

// actor returns an actor for the first occurrence of s in text.
func actor(text, s, name string) *dateline.Actor {
	i := strings.Index(text, s)
	if i < 0 {
		panic(fmt.Sprintf("%q not in %q", s, text))
	}
	return &dateline.Actor{Span: dateline.Span{Start: i, End: i + len(s)}, Text: s, Actor: name}
}

func event(text, trigger, typ string, src, tgt *dateline.Actor) dateline.Event {
	i := strings.Index(text, trigger)
	if i < 0 {
		panic(fmt.Sprintf("%q not in %q", trigger, text))
	}
	return dateline.Event{Span: dateline.Span{Start: i, End: i + len(trigger)}, Text: trigger, Type: typ, Source: src, Target: tgt}
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.01 }

func TestScorePLOVER(t *testing.T) {
	t1 := "Ruritania and Freedonia agreed to resume talks on Monday."
	t2 := "The police in Zenda arrested twelve protesters."
	t3 := "The minister rejected the proposal."
	t4 := "Rebels shelled the town."
	recs := []PLOVERRecord{
		{ID: "r1", Text: t1, Type: "AGREE", Source: []string{"Ruritania"}, Target: []string{"Freedonia"}},
		{ID: "r2", Text: t2, Type: "COERCE", Source: []string{"The police"}, Target: []string{"protesters"}, Date: "2019-05-04"},
		{ID: "r3", Text: t3, Type: "REJECT", Source: []string{"The minister"}},
		{ID: "r4", Text: t4, Type: "ASSAULT", Target: []string{"the town"}},
	}
	p := &predictor{events: map[string][]dateline.Event{
		// Out of offset order: the CONSULT event comes first in the text.
		t1: {
			event(t1, "agreed", "AGREE", actor(t1, "Ruritania and Freedonia", "the two governments"), actor(t1, "Freedonia", "")),
			event(t1, "Freedonia", "CONSULT", nil, nil),
			event(t1, "talks", "CONSULT", nil, nil),
		},
		// The source shares only "the" with the gold: wrong; no target: wrong.
		t2: {event(t2, "arrested", "COERCE", &dateline.Actor{Span: dateline.Span{Start: 0, End: 3}, Text: "The", Actor: "the state"}, nil)},
		t3: {event(t3, "rejected", "DISAPPROVE", actor(t3, "The minister", ""), nil)},
	}}
	res, err := ScorePLOVER(recs, p.predict)
	if err != nil {
		t.Fatal(err)
	}
	if p.dates[t1] != DefaultEventDate || p.dates[t2] != "2019-05-04" {
		t.Errorf("dates %v", p.dates)
	}
	// TP r1 AGREE, r2 COERCE; FP CONSULT (once per sentence), DISAPPROVE;
	// FN REJECT, ASSAULT.
	o := res.Overall
	if res.Records != 4 || o.Gold != 4 || o.System != 4 || o.Correct != 2 || !near(o.Precision, 50) || !near(o.Recall, 50) || !near(o.F1, 50) {
		t.Errorf("overall %+v", o)
	}
	want := map[string][3]int{ // gold, system, correct
		"AGREE": {1, 1, 1}, "ASSAULT": {1, 0, 0}, "COERCE": {1, 1, 1},
		"CONSULT": {0, 1, 0}, "DISAPPROVE": {0, 1, 0}, "REJECT": {1, 0, 0},
	}
	if len(res.ByType) != len(want) {
		t.Errorf("by type %+v", res.ByType)
	}
	for i, s := range res.ByType {
		if i > 0 && res.ByType[i-1].Type >= s.Type {
			t.Errorf("by type not sorted: %s after %s", s.Type, res.ByType[i-1].Type)
		}
		if w := want[s.Type]; [3]int{s.Gold, s.System, s.Correct} != w {
			t.Errorf("%s: %+v, want gold/system/correct %v", s.Type, s, w)
		}
	}
	if res.Coverage != (Accuracy{3, 4, 75}) {
		t.Errorf("coverage %+v", res.Coverage)
	}
	// First events by offset: r1 CONSULT (wrong), r2 COERCE, r3 DISAPPROVE.
	if res.FirstType != (Accuracy{1, 4, 25}) {
		t.Errorf("first type %+v", res.FirstType)
	}
	// Sources scored on r1 (right) and r2 (wrong); targets on r1 (right) and
	// r2 (missing); r3 has the wrong type, r4 no event.
	if res.Source != (Accuracy{1, 2, 50}) || res.Target != (Accuracy{1, 2, 50}) {
		t.Errorf("source %+v target %+v", res.Source, res.Target)
	}
	r := res.Rows
	if len(r) != 4 || !r[0].Found || r[2].Found || r[3].Found ||
		strings.Join(r[0].Predicted, ",") != "CONSULT,AGREE" || len(r[3].Predicted) != 0 ||
		r[0].SourceOK == nil || !*r[0].SourceOK || r[1].SourceOK == nil || *r[1].SourceOK ||
		r[1].TargetOK == nil || *r[1].TargetOK || r[2].SourceOK != nil || r[3].TargetOK != nil ||
		r[0].SystemSource != "Ruritania and Freedonia (the two governments)" || r[1].SystemTarget != "" {
		t.Errorf("rows %+v", r)
	}
}

func TestActorAgrees(t *testing.T) {
	for _, c := range []struct {
		text, actor string
		gold        []string
		want        bool
	}{
		{"US", "", []string{"U.S. ... negotiators"}, true},
		{"Washington", "United States", []string{"U.S."}, false},
		{"the government", "", []string{"The police"}, false},
		{"Zendan officials", "", []string{"Ruritanian", "Zendan"}, true},
		{"Zenda's army", "", []string{"Zenda"}, true},
		{"he", "Rudolf Rassendyll", []string{"Rassendyll"}, true},
		{"a", "", []string{"a"}, false},
	} {
		a := &dateline.Actor{Text: c.text, Actor: c.actor}
		if got := actorAgrees(a, c.gold); got != c.want {
			t.Errorf("actorAgrees(%q/%q, %q) = %v", c.text, c.actor, c.gold, got)
		}
	}
	if actorAgrees(nil, []string{"Zenda"}) {
		t.Error("a missing actor agrees")
	}
}

func TestQuadClass(t *testing.T) {
	want := map[int][]string{
		1: {"AGREE", "CONSULT", "SUPPORT"},
		2: {"COOPERATE", "AID", "CONCEDE", "RETREAT", "INVESTIGATE"},
		3: {"DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "REQUEST", "ACCUSE"},
		4: {"MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "FIGHT"},
	}
	n := 0
	for class, types := range want {
		for _, ty := range types {
			n++
			if got, ok := QuadClass[ty]; !ok || got != class {
				t.Errorf("QuadClass[%s] = %d, %v, want %d", ty, got, ok, class)
			}
		}
	}
	if len(QuadClass) != n {
		t.Errorf("QuadClass has %d types, want %d", len(QuadClass), n)
	}
}

func TestScoreConfliBERT(t *testing.T) {
	span := func(text, s string) dateline.Span {
		i := strings.Index(text, s)
		if i < 0 {
			panic(s)
		}
		return dateline.Span{Start: i, End: i + len(s)}
	}
	s1 := "Ruritania praised Freedonia for its help."
	s2 := "Troops fired on protesters in Zenda."
	s3 := "The army withdrew from the border."
	s4 := "The spokesman said the talks would continue."
	s5 := "Ruritania condemned the raid."
	s6 := "Ruritania and Freedonia met in Zenda."
	sents := []CAMEOSentence{
		{Line: 1, Text: s1, Class: 1, HasSpans: true, Source: []dateline.Span{span(s1, "Ruritania")}, Target: []dateline.Span{span(s1, "Freedonia")}},
		{Line: 2, Text: s2, Class: 4, HasSpans: true, Source: []dateline.Span{span(s2, "Troops")}, Target: []dateline.Span{span(s2, "protesters")}},
		{Line: 3, Text: s3, Class: 2, HasSpans: true, Source: []dateline.Span{span(s3, "The army")}},
		{Line: 4, Text: s4, Class: 0, HasSpans: true, Source: []dateline.Span{span(s4, "The spokesman")}},
		{Line: 5, Text: s5, Class: 3},
		{Line: 6, Text: s6, Class: 1, HasSpans: true, Both: []dateline.Span{span(s6, "Ruritania"), span(s6, "Freedonia")}},
	}
	p := &predictor{events: map[string][]dateline.Event{
		s1: {event(s1, "praised", "SUPPORT", actor(s1, "Ruritania", ""), actor(s1, "Freedonia", ""))},
		// The first event by offset is FIGHT (class 4), with a wrong source
		// and no target.
		s2: {event(s2, "protesters", "PROTEST", nil, nil), event(s2, "fired", "FIGHT", actor(s2, "protesters", ""), nil)},
		s4: {event(s4, "talks", "CONSULT", nil, nil)},
		// A type without a quad class is passed over.
		s5: {event(s5, "Ruritania", "NOSUCHTYPE", nil, nil), event(s5, "condemned", "AGREE", nil, nil)},
		s6: {event(s6, "met", "CONSULT", actor(s6, "Ruritania", ""), actor(s6, "Freedonia", ""))},
	}}
	res, err := ScoreConfliBERT(sents, p.predict)
	if err != nil {
		t.Fatal(err)
	}
	if p.dates[s1] != DefaultEventDate {
		t.Errorf("date %q", p.dates[s1])
	}
	if res.Sentences != 6 || res.WithSpans != 5 || res.ActorSentences != 4 || res.ByClass != [5]int{1, 2, 1, 1, 1} {
		t.Errorf("counts %d %d %d %v", res.Sentences, res.WithSpans, res.ActorSentences, res.ByClass)
	}
	// Gold classes 1-4: s1, s2, s3, s5, s6; predicted for all but s3; right
	// for s1, s2, s6.
	if res.Coverage != (Accuracy{4, 5, 80}) || res.Accuracy != (Accuracy{3, 4, 75}) || res.Strict != (Accuracy{3, 5, 60}) {
		t.Errorf("coverage %+v accuracy %+v strict %+v", res.Coverage, res.Accuracy, res.Strict)
	}
	var want [5][6]int
	want[1][1] = 2
	want[4][4] = 1
	want[2][NoClass] = 1
	want[0][1] = 1
	want[3][1] = 1
	if res.Confusion != want {
		t.Errorf("confusion %v, want %v", res.Confusion, want)
	}
	if len(res.Unmapped) != 1 || res.Unmapped["NOSUCHTYPE"] != 1 {
		t.Errorf("unmapped %v", res.Unmapped)
	}
	// Sources: gold s1 1, s2 1, s3 1, s6 2 (both), s4 left out (class 0);
	// predicted s1 (right), s2 (wrong), s6 (right, finds one of two).
	src := res.Source
	if src.Gold != 5 || src.System != 3 || src.MatchedSystem != 2 || src.MatchedGold != 2 ||
		!near(src.Precision, 66.67) || !near(src.Recall, 40) || !near(src.F1, 50) {
		t.Errorf("source %+v", src)
	}
	// Targets: gold s1 1, s2 1, s6 2; predicted s1, s6, both right.
	tgt := res.Target
	if tgt.Gold != 4 || tgt.System != 2 || tgt.MatchedSystem != 2 || tgt.MatchedGold != 2 ||
		!near(tgt.Precision, 100) || !near(tgt.Recall, 50) || !near(tgt.F1, 66.67) {
		t.Errorf("target %+v", tgt)
	}
	r := res.Rows
	if len(r) != 6 || r[1].Predicted != 4 || strings.Join(r[1].Types, ",") != "FIGHT,PROTEST" ||
		r[1].SourceOK == nil || *r[1].SourceOK || r[1].TargetOK == nil || *r[1].TargetOK ||
		r[2].Predicted != NoClass || r[2].TargetOK != nil || r[3].SourceOK != nil ||
		strings.Join(r[5].GoldSource, "|") != "Ruritania|Freedonia" {
		t.Errorf("rows %+v", r)
	}
}

func TestWordOverlap(t *testing.T) {
	text := "Zenda, Ruritania"
	a := dateline.Span{Start: 0, End: 6}  // "Zenda,"
	b := dateline.Span{Start: 5, End: 16} // ", Ruritania"
	if wordOverlap(text, a, b) {
		t.Error("spans sharing only a comma overlap")
	}
	if !wordOverlap(text, dateline.Span{Start: 0, End: 3}, dateline.Span{Start: 2, End: 5}) {
		t.Error("spans sharing letters do not overlap")
	}
}
