package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/dedup"
)

// storyJSON is a story as stories --json prints it.
type storyJSON struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	First    string   `json:"first_date"`
	Last     string   `json:"last_date"`
	Articles []string `json:"articles"`
	Entities []string `json:"entities"`
}

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
				items = append(items, storyItem(s.Doc))
				return nil
			})
			if err != nil {
				return err
			}
			slices.SortStableFunc(items, func(a, b dedup.StoryItem) int {
				if c := a.Date.Compare(b.Date); c != 0 {
					return c
				}
				return strings.Compare(a.ID, b.ID)
			})
			st := dedup.NewStories(dedup.StoryOptions{Window: window})
			for _, it := range items {
				st.Add(it)
			}
			var out []storyJSON
			for _, s := range st.Stories() {
				if len(s.Articles) < minSize {
					continue
				}
				out = append(out, storyJSON{ID: s.ID, Title: s.Title, First: s.First.Format(dateline.DateLayout),
					Last: s.Last.Format(dateline.DateLayout), Articles: s.Articles, Entities: s.Entities})
			}
			slices.SortStableFunc(out, func(a, b storyJSON) int { return len(b.Articles) - len(a.Articles) })
			if asJSON {
				if out == nil {
					out = []storyJSON{}
				}
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

// storyItem is what story grouping needs of a stored article: its title
// (or, lacking one, its first line) and lead, and its entities.
func storyItem(d *dateline.Doc) dedup.StoryItem {
	title := d.Title
	if title == "" {
		title, _, _ = strings.Cut(d.Text, "\n")
		title = oneLine(title, 120)
	}
	text := d.Text
	if len(text) > 4000 {
		text = text[:4000]
	}
	ents := make([]string, 0, len(d.Entities))
	for _, en := range d.Entities {
		ents = append(ents, en.Entity)
	}
	return dedup.StoryItem{ID: d.ID, Date: d.Date, Title: title, Text: text, Entities: ents}
}
