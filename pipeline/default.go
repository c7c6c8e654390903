package pipeline

import (
	"fmt"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/text"
	"github.com/dateline-news/dateline/timex"
)

// Default returns the pipeline of every analysis layer dateline has, in
// dependency order: text (sentences and tokens) first, then the layers that
// read them.
func Default() (*Pipeline, error) {
	tx, err := timex.New()
	if err != nil {
		return nil, fmt.Errorf("loading the temporal layer: %w", err)
	}
	return &Pipeline{Analyzers: []dateline.Analyzer{text.New(), tx}}, nil
}
