package dateline_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline"
)

func TestDocJSONContract(t *testing.T) {
	text := "Blinken met Lavrov on Thursday."
	d := dateline.NewDoc(dateline.Article{ID: "x-1", Date: time.Date(2023, 3, 2, 0, 0, 0, 0, time.UTC), Text: text})
	d.Sentences = []dateline.Sentence{{Span: dateline.Span{Start: 0, End: len(text)}}}
	d.Tokens = []dateline.Token{{Span: dateline.Span{Start: 0, End: 7}}}
	d.Timexes = []dateline.Timex{{Span: dateline.Span{Start: 22, End: 30}, Text: "Thursday", Type: "DATE", Value: "2023-03-02"}}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"x-1","date":"2023-03-02","text":"Blinken met Lavrov on Thursday.","sentences":[{"start":0,"end":31}],` +
		`"entities":[],"timexes":[{"start":22,"end":30,"text":"Thursday","type":"DATE","value":"2023-03-02"}],"quotes":[],"events":[]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	var back dateline.Doc
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	d.Tokens = nil // not part of the contract
	back.Entities, back.Quotes, back.Events = nil, nil, nil
	if !reflect.DeepEqual(&back, d) {
		t.Errorf("round trip: got %+v want %+v", back, *d)
	}

	d.Date = time.Date(2023, 4, 3, 14, 30, 0, 0, time.UTC)
	d.HasTime = true
	b, _ = json.Marshal(d)
	if !strings.Contains(string(b), `"date":"2023-04-03","published":"2023-04-03T14:30:00Z"`) {
		t.Errorf("time of day: %s", b)
	}
}

func TestContentHash(t *testing.T) {
	a := dateline.Article{ID: "a", Date: time.Date(2023, 3, 2, 0, 0, 0, 0, time.UTC), Text: "x"}
	b := a
	if dateline.ContentHash(&a, "v1") != dateline.ContentHash(&b, "v1") {
		t.Fatal("same content, different hash")
	}
	b.Text = "y"
	if dateline.ContentHash(&a, "v1") == dateline.ContentHash(&b, "v1") || dateline.ContentHash(&a, "v1") == dateline.ContentHash(&a, "v2") {
		t.Fatal("hash ignores text or analysis version")
	}
	// Field boundaries matter: moving a byte from title to text changes the hash.
	c, e := a, a
	c.Title, c.Text = "ab", "c"
	e.Title, e.Text = "a", "bc"
	if dateline.ContentHash(&c, "") == dateline.ContentHash(&e, "") {
		t.Fatal("hash does not separate fields")
	}
}

func TestActorName(t *testing.T) {
	var none *dateline.Actor
	for _, c := range []struct {
		a    *dateline.Actor
		want string
	}{
		{none, ""},
		{&dateline.Actor{Text: "Blinken", Actor: "Antony Blinken"}, "Antony Blinken"},
		{&dateline.Actor{Text: "her Russian counterpart"}, "her Russian counterpart"},
	} {
		if got := c.a.Name(); got != c.want {
			t.Errorf("%+v: Name() = %q, want %q", c.a, got, c.want)
		}
	}
}
