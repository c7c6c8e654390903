package main

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/spf13/cobra"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/library"
)

func (e *env) quotesCmd() *cobra.Command {
	var (
		speaker, about, text, kind, from, to string
		limit, offset                        int
		asJSON, dedupe                       bool
	)
	kinds := []string{dateline.QuoteDirect, dateline.QuoteIndirect, dateline.QuoteMixed}
	cmd := &cobra.Command{
		Use:   "quotes [flags]",
		Short: "List what people said: quotations and reported speech, newest first",
		Long: `quotes lists the quotations and reported speech of the stored corpus with
their speaker, date and article.

--speaker and --about take a name as it was mentioned or its canonical form
("Lavrov" stands for "Sergei Lavrov"); --speaker also takes a role used as a
speaker when no name was given ("the US official"). --about keeps the quotes
whose content mentions the entity. --text searches the quote text (all
words, stemmed, or a "quoted phrase").`,
		Example: `  dateline quotes --speaker Halvorsen
  dateline quotes --about Lastria --from 2023-04-01 --json
  dateline quotes --text ceasefire --kind direct`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			q := dateline.QuoteQuery{Text: text, Kind: kind, Limit: limit, Offset: offset, Dedup: dedupe}
			if kind != "" && !slices.Contains(kinds, kind) {
				return usageError{fmt.Errorf("--kind %q: want direct, indirect or mixed", kind)}
			}
			var err error
			if q.From, err = parseDay("from", from); err != nil {
				return err
			}
			if q.To, err = parseDay("to", to); err != nil {
				return err
			}
			lib, err := e.open(ctx, false)
			if err != nil {
				return err
			}
			defer lib.Close()
			if speaker != "" {
				if q.Speakers, err = namesOrRole(ctx, lib, speaker); err != nil {
					return err
				}
			}
			if about != "" {
				if q.About, err = lib.EntityNames(ctx, about); err != nil {
					return err
				}
			}
			hits, total, err := lib.Store.Quotes(ctx, q)
			if err != nil {
				return err
			}
			if asJSON {
				if hits == nil {
					hits = []dateline.QuoteHit{}
				}
				return writeJSON(e.stdout, struct {
					Total  int                 `json:"total"`
					Offset int                 `json:"offset"`
					Quotes []dateline.QuoteHit `json:"quotes"`
				}{total, offset, hits})
			}
			printQuotes(e.stdout, hits, total, offset)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&speaker, "speaker", "", "said by `NAME`")
	f.StringVar(&about, "about", "", "content mentions the entity `NAME`")
	f.StringVar(&text, "text", "", "content matches these `WORDS`")
	f.StringVar(&kind, "kind", "", "direct, indirect or mixed")
	f.StringVar(&from, "from", "", "published on or after `DATE`")
	f.StringVar(&to, "to", "", "published on or before `DATE`")
	f.IntVarP(&limit, "limit", "n", 20, "quotes per page")
	f.IntVar(&offset, "offset", 0, "quotes to skip")
	f.BoolVar(&dedupe, "dedup", false, "leave out the quotes of near-duplicate articles")
	f.BoolVar(&asJSON, "json", false, "print as JSON")
	return cmd
}

// namesOrRole returns the canonical names name stands for, and name itself:
// a role used as a speaker or an actor ("the US official", "the army") is
// no entity but is stored as it was written.
func namesOrRole(ctx context.Context, lib *library.Library, name string) ([]string, error) {
	names, err := lib.EntityNames(ctx, name)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(names, name) {
		names = append(names, name)
	}
	return names, nil
}

func printQuotes(w io.Writer, hits []dateline.QuoteHit, total, offset int) {
	if total == 0 {
		fmt.Fprintln(w, "no quotes match")
		return
	}
	fmt.Fprintf(w, "%d quotes match; showing %d-%d\n\n", total, min(offset+1, offset+len(hits)), offset+len(hits))
	for _, h := range hits {
		speaker := h.Speaker
		if speaker == "" && h.Source != nil {
			speaker = h.Source.Text
		}
		fmt.Fprintf(w, "%s  %s  (%s)\n", h.Day, orDash(speaker), h.Kind)
		fmt.Fprintf(w, "    %s\n    — %s\n\n", oneLine(h.Text, 300), h.ArticleID)
	}
}
