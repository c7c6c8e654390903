package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/library"
)

// parseDay parses a --from/--to flag value.
func parseDay(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(dateline.DateLayout, s)
	if err != nil {
		return time.Time{}, usageError{fmt.Errorf("--%s %q: want a date YYYY-MM-DD", flag, s)}
	}
	return t, nil
}

func (e *env) searchCmd() *cobra.Command {
	var from, to, mfrom, mto, entity, langs, speaker, eventType string
	var limit, offset int
	var asJSON, dedupe bool
	cmd := &cobra.Command{
		Use:   "search [flags] QUERY",
		Short: "Full-text search over the stored articles, ranked by BM25",
		Long: `search finds articles by their text and title, ranked by relevance (BM25), and
prints each hit's date, id, title and a snippet with the matches highlighted.

Query language:
  words          all must match (stemmed: "talks" finds "talk")
  "a phrase"     the words in this order
  a OR b         either
  a AND b        both (the default between words)
  NOT a, -a      must not match
  ( ... )        grouping
  title:word     match in the title only

--from and --to keep articles published in that range (inclusive).
--mentioned-from and --mentioned-to keep articles that talk about a time in
that range, whenever they were published: one of their time expressions
("last week", "in February 2022", "on Thursday", resolved against the
article's date) denotes an interval that overlaps it. The total counts every
match, so it agrees with paging through --offset. --entity keeps articles
that mention an entity, by its canonical name or any form it was mentioned by
("Lavrov" finds the articles about "Sergei Lavrov"). An empty QUERY ("") matches
every article that passes the filters.`,
		Example: `  dateline search ceasefire
  dateline search '"grain corridor" AND (Geneva OR Oslo) -sanctions' --from 2023-04-01
  dateline search truce --limit 5 --offset 5 --json
  dateline search talks --entity Halvorsen
  dateline search "" --mentioned-from 2022-02-01 --mentioned-to 2022-02-28`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			q := dateline.Query{Text: args[0], Limit: limit, Offset: offset, Dedup: dedupe}
			var err error
			if q.From, err = parseDay("from", from); err != nil {
				return err
			}
			if q.To, err = parseDay("to", to); err != nil {
				return err
			}
			if q.MentionedFrom, err = parseDay("mentioned-from", mfrom); err != nil {
				return err
			}
			if q.MentionedTo, err = parseDay("mentioned-to", mto); err != nil {
				return err
			}
			if limit < 1 || offset < 0 {
				return usageError{fmt.Errorf("--limit must be at least 1 and --offset at least 0")}
			}
			lib, err := e.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer lib.Close()
			if langs != "" {
				q.Languages = strings.Split(langs, ",")
			}
			if entity != "" {
				if q.Entities, err = lib.EntityNames(cmd.Context(), entity); err != nil {
					return err
				}
			}
			if speaker != "" {
				if q.Speakers, err = lib.EntityNames(cmd.Context(), speaker); err != nil {
					return err
				}
				if !slices.Contains(q.Speakers, speaker) {
					q.Speakers = append(q.Speakers, speaker) // a role used as the speaker
				}
			}
			if eventType != "" {
				q.EventTypes = strings.Split(strings.ToUpper(eventType), ",")
			}
			res, err := lib.Search(cmd.Context(), q)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.stdout, res)
			}
			printResults(e.stdout, res, isTerminal(e.stdout))
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "published on or after `DATE` (YYYY-MM-DD)")
	cmd.Flags().StringVar(&to, "to", "", "published on or before `DATE` (YYYY-MM-DD)")
	cmd.Flags().StringVar(&mfrom, "mentioned-from", "", "talks about a time on or after `DATE`")
	cmd.Flags().StringVar(&mto, "mentioned-to", "", "talks about a time on or before `DATE`")
	cmd.Flags().StringVar(&entity, "entity", "", "mentions the entity `NAME` (a canonical name or any form it was mentioned by)")
	cmd.Flags().StringVar(&speaker, "speaker", "", "quotes the speaker `NAME` (a name as mentioned, its canonical form, or a role)")
	cmd.Flags().StringVar(&eventType, "event-type", "", "has an event of these PLOVER `TYPES`, comma-separated")
	cmd.Flags().StringVar(&langs, "lang", "", "in these languages, comma-separated ISO 639-1 codes (\"\" in the list: unknown)")
	cmd.Flags().IntVarP(&limit, "limit", "n", 10, "results per page")
	cmd.Flags().IntVar(&offset, "offset", 0, "results to skip (for paging)")
	cmd.Flags().BoolVar(&dedupe, "dedup", false, "leave out near-duplicates: each text once, as its first article")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print results as JSON")
	return cmd
}

func printResults(w io.Writer, res *library.Results, color bool) {
	if res.Total == 0 {
		fmt.Fprintf(w, "no articles match %q\n", res.Query)
		return
	}
	last := res.Offset + len(res.Results)
	fmt.Fprintf(w, "%d articles match; showing %d-%d (%.1f ms)\n\n", res.Total, min(res.Offset+1, last), last, res.TookMS)
	for _, r := range res.Results {
		fmt.Fprintf(w, "%s  %s  %s\n", r.Day, r.ID, r.Title)
		if r.Snippet.Text != "" {
			fmt.Fprintf(w, "    %s\n", highlight(r.Snippet, color))
		}
		fmt.Fprintln(w)
	}
}

// highlight marks the snippet's matches: bold on a terminal, [brackets] otherwise.
func highlight(s library.Snippet, color bool) string {
	open, close := "[", "]"
	if color {
		open, close = "\x1b[1m", "\x1b[0m"
	}
	var b strings.Builder
	prev := 0
	for _, h := range s.Highlights {
		if h.Start < prev || h.End > len(s.Text) {
			continue
		}
		b.WriteString(s.Text[prev:h.Start])
		b.WriteString(open)
		b.WriteString(s.Text[h.Start:h.End])
		b.WriteString(close)
		prev = h.End
	}
	b.WriteString(s.Text[prev:])
	return b.String()
}
