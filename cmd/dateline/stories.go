package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/dedup"
	"github.com/dateline-news/dateline/library"
)

func (e *env) storiesCmd() *cobra.Command {
	var (
		from, to string
		minSize  int
		window   time.Duration
		asJSON   bool
	)
	cmd := &cobra.Command{
		Use:   "stories [flags]",
		Short: "Group the stored articles into stories about one happening",
		Long: `stories groups the stored articles, in date order, into stories: an article
joins a story when it shares entities and words (title and lead) with it and
comes within --window of its last article. Each story is printed with a
title, its date span, its articles and its main entities. Near-duplicates
count once. --from and --to keep articles published in that range.`,
		Example: `  dateline stories
  dateline stories --from 2023-04-01 --min 3 --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			f, err := parseDay("from", from)
			if err != nil {
				return err
			}
			t, err := parseDay("to", to)
			if err != nil {
				return err
			}
			lib, err := e.open(ctx, false)
			if err != nil {
				return err
			}
			defer lib.Close()
			var items []dedup.StoryItem
			_, err = lib.Store.Changes(ctx, 0, 0, func(s *dateline.Stored) error {
				day := s.Date.UTC().Truncate(24 * time.Hour)
				if s.DuplicateOf != "" || (!f.IsZero() && day.Before(f)) || (!t.IsZero() && day.After(t)) {
					return nil
				}
				ents := make([]string, 0, len(s.Entities))
				for _, en := range s.Entities {
					ents = append(ents, en.Entity)
				}
				items = append(items, library.NewStoryItem(s.ID, s.Date, s.Title, s.Text, ents))
				return nil
			})
			if err != nil {
				return err
			}
			out, err := library.GroupStories(ctx, items, dedup.StoryOptions{Window: window}, minSize)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.stdout, out)
			}
			if len(out) == 0 {
				fmt.Fprintln(e.stdout, "no stories")
				return nil
			}
			for _, s := range out {
				fmt.Fprintf(e.stdout, "%s to %s  %d articles  %s\n", s.First, s.Last, len(s.Articles), s.Title)
				if len(s.Entities) > 0 {
					fmt.Fprintf(e.stdout, "    entities: %s\n", strings.Join(s.Entities, ", "))
				}
				fmt.Fprintf(e.stdout, "    articles: %s\n\n", strings.Join(s.Articles, ", "))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "published on or after `DATE`")
	cmd.Flags().StringVar(&to, "to", "", "published on or before `DATE`")
	cmd.Flags().IntVar(&minSize, "min", 2, "print stories of at least this many articles")
	cmd.Flags().DurationVar(&window, "window", 0, "how long a story takes new articles after its last one (default 96h)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	return cmd
}
