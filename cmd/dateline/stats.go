package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/local"
)

func (e *env) statsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "stats [flags]",
		Short: "Print corpus counts and the date range",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			lib, err := e.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer lib.Close()
			st, err := lib.Store.Stats(cmd.Context())
			if err != nil {
				return err
			}
			size, err := local.Size(e.dbPath())
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.stdout, struct {
					Store string `json:"store"`
					Size  int64  `json:"store_bytes"`
					dateline.Stats
				}{e.dbPath(), size, st})
			}
			fmt.Fprintf(e.stdout, "store       %s (%.1f MB)\n", e.dbPath(), float64(size)/1e6)
			fmt.Fprintf(e.stdout, "articles    %d (%d without their near-duplicates)\n", st.Articles, st.Unique)
			if st.Articles > 0 {
				fmt.Fprintf(e.stdout, "dates       %s to %s\n", st.FirstDay, st.LastDay)
			}
			fmt.Fprintf(e.stdout, "sources     %d\nwords       %d\nsentences   %d\nentities    %d\ntimexes     %d\nquotes      %d\nevents      %d\n",
				st.Sources, st.Words, st.Sentences, st.Entities, st.Timexes, st.Quotes, st.Events)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	return cmd
}

func (e *env) reindexCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the search index from the store",
		Long: `reindex empties the full-text index and rebuilds it from the articles in the
store. The index is also caught up automatically whenever the store is opened,
so this is only needed after an index is lost or its settings change.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			lib, err := e.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer lib.Close()
			n, err := lib.Reindex(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "reindexed %d articles\n", n)
			return nil
		},
	}
}

func (e *env) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of dateline and of its analysis",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			v := "(devel)"
			if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
				v = bi.Main.Version
			}
			p, err := (&inputFlags{}).pipeline()
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "dateline %s\nanalysis %s\n", v, p.Version())
			return nil
		},
	}
}
