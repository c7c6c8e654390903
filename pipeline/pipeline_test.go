package pipeline

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline"
)

// upper is a small analyzer that marks every capitalised word as an entity
// and sleeps in proportion to the text, so that workers finish out of order.
type upper struct{}

func (upper) Name() string    { return "upper" }
func (upper) Version() string { return "1" }
func (upper) Analyze(ctx context.Context, d *dateline.Doc) error {
	if strings.Contains(d.Text, "FAIL") {
		return errors.New("cannot analyse FAIL")
	}
	time.Sleep(time.Duration(len(d.Text)%7) * time.Millisecond)
	for i, w := range strings.Fields(d.Text) {
		if w[0] >= 'A' && w[0] <= 'Z' {
			d.Entities = append(d.Entities, dateline.Entity{Text: w, Type: "MISC", Entity: fmt.Sprint(i)})
		}
	}
	return nil
}

func articles(n int) iter.Seq2[*dateline.Article, error] {
	return func(yield func(*dateline.Article, error) bool) {
		for i := range n {
			var a *dateline.Article
			var err error
			switch {
			case i%10 == 3:
				err = &dateline.InputError{File: "in.jsonl", Line: i + 1, Err: errors.New("broken")}
			case i%10 == 7:
				a = &dateline.Article{ID: fmt.Sprint(i), Text: "FAIL here"}
			default:
				a = &dateline.Article{ID: fmt.Sprint(i), Text: strings.Repeat("Word and ", i%5+1)}
			}
			if !yield(a, err) {
				return
			}
		}
	}
}

func TestRunKeepsOrderAndErrors(t *testing.T) {
	p := &Pipeline{Analyzers: []dateline.Analyzer{upper{}}, Workers: 4}
	var got []Result
	err := p.Run(context.Background(), articles(200), func(r Result) error {
		got = append(got, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 200 {
		t.Fatalf("got %d results, want 200", len(got))
	}
	for i, r := range got {
		var ie *dateline.InputError
		switch {
		case i%10 == 3:
			if !errors.As(r.Err, &ie) || ie.Line != i+1 {
				t.Errorf("result %d: want the input error of line %d, got %v", i, i+1, r.Err)
			}
		case i%10 == 7:
			if r.Err == nil || !strings.Contains(r.Err.Error(), "cannot analyse") || r.Doc.ID != fmt.Sprint(i) {
				t.Errorf("result %d: want an analysis error, got %v", i, r.Err)
			}
		default:
			if r.Err != nil || r.Doc.ID != fmt.Sprint(i) || len(r.Doc.Entities) != i%5+1 {
				t.Errorf("result %d out of order or unanalysed: %+v", i, r)
			}
		}
	}
}

func TestRunStopsOnOutputError(t *testing.T) {
	p := &Pipeline{Analyzers: []dateline.Analyzer{upper{}}, Workers: 2}
	stop := errors.New("disk full")
	n := 0
	err := p.Run(context.Background(), articles(1000), func(r Result) error {
		n++
		if n == 5 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 5 {
		t.Errorf("got err %v after %d results, want %v after 5", err, n, stop)
	}
}

func TestSkipAndVersion(t *testing.T) {
	p := &Pipeline{Analyzers: []dateline.Analyzer{upper{}}, Skip: func(_ context.Context, a *dateline.Article) (bool, error) {
		return a.ID == "0", nil
	}}
	if v := p.Version(); v != "upper@1" {
		t.Errorf("version %q", v)
	}
	var got []Result
	if err := p.Run(context.Background(), articles(2), func(r Result) error { got = append(got, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if !got[0].Skipped || len(got[0].Doc.Entities) != 0 || got[1].Skipped || len(got[1].Doc.Entities) == 0 {
		t.Errorf("skip: %+v", got)
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p := &Pipeline{Analyzers: []dateline.Analyzer{upper{}}}
	n := 0
	err := p.Run(ctx, articles(1_000_000), func(Result) error {
		n++
		if n == 10 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

func TestNewLayers(t *testing.T) {
	p, err := New("timex")
	if err != nil {
		t.Fatal(err)
	}
	if v := p.Version(); !strings.HasPrefix(v, "text@") || !strings.Contains(v, ",timex@") || strings.Contains(v, "ner@") {
		t.Errorf("layers text and timex, in order: %s", v)
	}
	if _, err := New("text", "sentiment"); err == nil || !strings.Contains(err.Error(), `"sentiment"`) {
		t.Errorf("unknown layer: %v", err)
	}
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Analyzers) != len(Layers) {
		t.Errorf("default has %d layers, want %d", len(d.Analyzers), len(Layers))
	}
}

// TestLanguageGating checks that the English layers run on English text only,
// while every article gets its language, sentences and tokens.
func TestLanguageGating(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	day := time.Date(2023, 3, 2, 0, 0, 0, 0, time.UTC)
	en := dateline.NewDoc(dateline.Article{ID: "en", Date: day,
		Text: "Foreign Minister Sergei Lavrov met Antony Blinken in New Delhi on Thursday, officials said. " +
			"The two spoke for less than ten minutes about the war and the treaty that limits their nuclear arsenals."})
	// A short English text full of names is no sure detection: its language
	// stays unknown and the English layers still run.
	short := dateline.NewDoc(dateline.Article{ID: "short", Date: day,
		Text: "Foreign Minister Sergei Lavrov met Antony Blinken in New Delhi on Thursday, officials said."})
	fr := dateline.NewDoc(dateline.Article{ID: "fr", Date: day,
		Text: "Le ministre des Affaires étrangères Sergueï Lavrov a rencontré Antony Blinken à New Delhi jeudi, ont indiqué des responsables."})
	for _, d := range []*dateline.Doc{en, fr, short} {
		if err := p.Analyze(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if en.Lang != "en" || len(en.Entities) == 0 || len(en.Timexes) == 0 {
		t.Errorf("English article: lang %q, %d entities, %d timexes", en.Lang, len(en.Entities), len(en.Timexes))
	}
	if short.Lang != "" || len(short.Entities) == 0 {
		t.Errorf("short English article: lang %q, %d entities", short.Lang, len(short.Entities))
	}
	if fr.Lang != "fr" || len(fr.Sentences) == 0 || len(fr.Tokens) == 0 {
		t.Errorf("French article: lang %q, %d sentences", fr.Lang, len(fr.Sentences))
	}
	if len(fr.Entities) != 0 || len(fr.Timexes) != 0 || len(fr.Quotes) != 0 {
		t.Errorf("English layers ran on French: %+v %+v %+v", fr.Entities, fr.Timexes, fr.Quotes)
	}
}
