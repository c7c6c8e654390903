package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dateline-news/dateline"
)

func (e *env) entitiesCmd() *cobra.Command {
	var (
		typ, from, to string
		limit, offset int
		asJSON        bool
	)
	types := []string{dateline.EntityPerson, dateline.EntityOrg, dateline.EntityLoc, dateline.EntityMisc}
	cmd := &cobra.Command{
		Use:   "entities [flags] [NAME]",
		Short: "List the people, organisations and places of the corpus, most mentioned first",
		Long: `entities lists the entities of the stored corpus by canonical name and type,
with their mention and article counts, the first and last publication dates
they appear on, and the forms they were mentioned by.

With NAME it shows the entities known by that name (canonical or any
mention, ignoring case). --from and --to count only articles published in
that range.`,
		Example: `  dateline entities --type PERSON --limit 10
  dateline entities Lavrov
  dateline entities --from 2023-04-01 --to 2023-04-30 --json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError{fmt.Errorf("at most one NAME")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			q := dateline.EntityQuery{Type: strings.ToUpper(typ), Limit: limit, Offset: offset}
			if q.Type != "" && !slices.Contains(types, q.Type) {
				return usageError{fmt.Errorf("--type %q: want one of %s", typ, strings.Join(types, ", "))}
			}
			var err error
			if q.From, err = parseDay("from", from); err != nil {
				return err
			}
			if q.To, err = parseDay("to", to); err != nil {
				return err
			}
			lib, err := e.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer lib.Close()
			var ents []dateline.EntityStat
			if len(args) == 1 {
				ents, err = lib.Store.FindEntities(cmd.Context(), args[0])
			} else {
				ents, err = lib.Store.Entities(cmd.Context(), q)
			}
			if err != nil {
				return err
			}
			if asJSON {
				if ents == nil {
					ents = []dateline.EntityStat{}
				}
				return writeJSON(e.stdout, ents)
			}
			if len(ents) == 0 {
				fmt.Fprintln(e.stdout, "no entities")
				return nil
			}
			fmt.Fprintf(e.stdout, "%-32s %-7s %8s %8s  %-10s %-10s  %s\n", "entity", "type", "mentions", "articles", "first", "last", "also mentioned as")
			for _, en := range ents {
				var forms []string
				for _, a := range en.Aliases {
					if a.Text != en.Name && len(forms) < 4 {
						forms = append(forms, fmt.Sprintf("%s (%d)", a.Text, a.Mentions))
					}
				}
				fmt.Fprintf(e.stdout, "%-32s %-7s %8d %8d  %-10s %-10s  %s\n", oneLine(en.Name, 32), en.Type, en.Mentions, en.Articles,
					en.FirstDay, en.LastDay, strings.Join(forms, ", "))
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&typ, "type", "t", "", "only this type: PERSON, ORG, LOC or MISC")
	cmd.Flags().StringVar(&from, "from", "", "count articles published on or after `DATE`")
	cmd.Flags().StringVar(&to, "to", "", "count articles published on or before `DATE`")
	cmd.Flags().IntVarP(&limit, "limit", "n", 25, "entities to list")
	cmd.Flags().IntVar(&offset, "offset", 0, "entities to skip")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	return cmd
}
