package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dateline-news/dateline"
)

func (e *env) eventsCmd() *cobra.Command {
	var (
		types, entity, from, to string
		limit, offset           int
		asJSON, dedupe          bool
	)
	cmd := &cobra.Command{
		Use:   "events [flags]",
		Short: "List who did what to whom: coded political events, newest articles first",
		Long: `events lists the political events of the stored corpus (PLOVER types: AGREE,
CONSULT, DEMAND, DISAPPROVE, SANCTION, ...) with their source and target
actors, the date they happened and the article that reports them.

--entity takes a name as it was mentioned or its canonical form ("Lavrov"
stands for "Sergei Lavrov") and keeps the events it takes part in as source
or target. --type takes one or more types, comma-separated. --from and --to
bound the publication date of the article.`,
		Example: `  dateline events --entity Lastria
  dateline events --type DEMAND,THREATEN --from 2023-04-01 --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			q := dateline.EventQuery{Limit: limit, Offset: offset, Dedup: dedupe}
			known := dateline.EventTypes()
			for _, t := range strings.Split(types, ",") {
				if t = strings.ToUpper(strings.TrimSpace(t)); t == "" {
					continue
				}
				if !slices.Contains(known, t) {
					return usageError{fmt.Errorf("--type %q: not a PLOVER type (%s)", t, strings.Join(known, ", "))}
				}
				q.Types = append(q.Types, t)
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
			if entity != "" {
				if q.Actors, err = namesOrRole(ctx, lib, entity); err != nil {
					return err
				}
			}
			hits, total, err := lib.Store.Events(ctx, q)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.stdout, struct {
					Total  int                 `json:"total"`
					Offset int                 `json:"offset"`
					Events []dateline.EventHit `json:"events"`
				}{total, offset, hits})
			}
			printEvents(e.stdout, hits, total, offset)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&types, "type", "", "PLOVER `TYPES`, comma-separated")
	f.StringVar(&entity, "entity", "", "the entity `NAME` takes part, as source or target")
	f.StringVar(&from, "from", "", "published on or after `DATE`")
	f.StringVar(&to, "to", "", "published on or before `DATE`")
	f.IntVarP(&limit, "limit", "n", 20, "events per page")
	f.IntVar(&offset, "offset", 0, "events to skip")
	f.BoolVar(&dedupe, "dedup", false, "leave out the events of near-duplicate articles")
	f.BoolVar(&asJSON, "json", false, "print as JSON")
	return cmd
}

func printEvents(w io.Writer, hits []dateline.EventHit, total, offset int) {
	if total == 0 {
		fmt.Fprintln(w, "no events match")
		return
	}
	fmt.Fprintf(w, "%d events match; showing %d-%d\n\n", total, min(offset+1, offset+len(hits)), offset+len(hits))
	for _, h := range hits {
		fmt.Fprintf(w, "%s  %-11s %s -> %s\n", orDash(h.Date), h.Type, orDash(h.Source.Name()), orDash(h.Target.Name()))
		fmt.Fprintf(w, "    %s\n    — %s, %s\n\n", oneLine(h.Text, 300), h.ArticleID, h.Published)
	}
}
