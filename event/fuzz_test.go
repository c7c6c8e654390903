package event_test

import (
	"context"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/event"
	"github.com/dateline-news/dateline/quote"
	"github.com/dateline-news/dateline/text"
	"github.com/dateline-news/dateline/timex"
)

// FuzzCode checks that the coder never panics and that every event and
// actor span lies in the text and carries its text, whatever the input.
// The seeds are our own sentences.
func FuzzCode(f *testing.F) {
	for _, s := range []string{
		"Prime Minister Helga Strand met Chancellor Otto Weiss in Vienna on Tuesday.",
		"The journalist was detained by police, and Serbia did not sign the agreement.",
		"“I ask you to return,” she said. They said Lastria must open the border, killing",
		"Iran agreed to meet with the inspectors; the army would impose a curfew on",
		"urged to , and who met which by",
		"killed in the strike. accused of spying, at least",
		"Britain and Rwanda signed. and China vetoed",
		"",
	} {
		f.Add(s)
	}
	c, err := event.New()
	if err != nil {
		f.Fatal(err)
	}
	seg := text.New()
	q, err := quote.New()
	if err != nil {
		f.Fatal(err)
	}
	x, err := timex.New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		doc := dateline.NewDoc(dateline.Article{ID: "f", Date: time.Date(2024, 5, 17, 0, 0, 0, 0, time.UTC), Text: s})
		if err := seg.Analyze(context.Background(), doc); err != nil {
			t.Fatal(err)
		}
		// every capitalised word an entity, so that the actor code runs
		for _, tk := range doc.Tokens {
			if w := s[tk.Start:tk.End]; tk.Kind == dateline.TokWord && w[0] >= 'A' && w[0] <= 'Z' {
				doc.Entities = append(doc.Entities, dateline.Entity{Span: tk.Span, Text: w, Type: dateline.EntityPerson, Entity: w})
			}
		}
		for _, a := range []dateline.Analyzer{x, q, c} {
			if err := a.Analyze(context.Background(), doc); err != nil {
				t.Fatal(err)
			}
		}
		for _, e := range doc.Events {
			if !e.Valid(len(s)) || s[e.Start:e.End] != e.Text {
				t.Fatalf("event span %d-%d %q in %q", e.Start, e.End, e.Text, s)
			}
			for _, a := range []*dateline.Actor{e.Source, e.Target} {
				if a != nil && (!a.Valid(len(s)) || s[a.Start:a.End] != a.Text) {
					t.Fatalf("actor span %d-%d %q in %q", a.Start, a.End, a.Text, s)
				}
			}
		}
	})
}
