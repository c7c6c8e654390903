package pipeline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/event"
	"github.com/dateline-news/dateline/ner"
	"github.com/dateline-news/dateline/quote"
	"github.com/dateline-news/dateline/source/lang"
	"github.com/dateline-news/dateline/text"
	"github.com/dateline-news/dateline/timex"
)

// Layers lists the analysis layers dateline has, in the order they run:
// each may read the layers before it.
var Layers = []string{"text", "lang", "ner", "timex", "quote", "event"}

// Default returns the pipeline of every analysis layer.
func Default() (*Pipeline, error) { return New(Layers...) }

// New returns a pipeline of the named layers, run in the order of Layers.
// The text layer (sentences and tokens), which the others read, is always
// included.
func New(names ...string) (*Pipeline, error) {
	want := map[string]bool{"text": true}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if !slices.Contains(Layers, n) {
			return nil, fmt.Errorf("unknown analysis layer %q (have %s)", n, strings.Join(Layers, ", "))
		}
		want[n] = true
	}
	p := &Pipeline{}
	for _, n := range Layers {
		if !want[n] {
			continue
		}
		var a dateline.Analyzer
		var err error
		switch n {
		case "text":
			a = text.New()
		case "lang":
			a = lang.Detector{}
		case "ner":
			a, err = ner.New()
		case "timex":
			a, err = timex.New()
		case "quote":
			a, err = quote.New()
		case "event":
			a, err = event.New()
		}
		if err != nil {
			return nil, fmt.Errorf("loading the %s layer: %w", n, err)
		}
		p.Analyzers = append(p.Analyzers, a)
	}
	return p, nil
}
