package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dateline-news/dateline"
)

func (e *env) showCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show [flags] ID",
		Short: "Print a stored article with its annotation layers",
		Long: `show prints one stored article: its metadata, text, and every annotation layer
(sentences, entities, time expressions, quotes, events). With --json it prints
the article in the extraction contract format, as extract would.`,
		Example: `  dateline show geneva-talks-open
  dateline show geneva-talks-open --json`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			lib, err := e.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer lib.Close()
			st, err := lib.Store.Get(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetEscapeHTML(false)
				return enc.Encode(st.Doc)
			}
			places, err := lib.Store.Places(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			printDoc(e.stdout, st, places)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON (the extraction contract)")
	return cmd
}

func printDoc(w io.Writer, st *dateline.Stored, places []dateline.Place) {
	d := st.Doc
	fmt.Fprintf(w, "id:        %s\ndate:      %s\n", d.ID, d.Day())
	if d.HasTime {
		fmt.Fprintf(w, "published: %s\n", d.Date.Format("2006-01-02 15:04 MST"))
	}
	for _, kv := range [][2]string{{"title", d.Title}, {"source", d.Source}, {"author", d.Author}, {"url", d.URL}, {"language", d.Lang}} {
		if kv[1] != "" {
			fmt.Fprintf(w, "%-10s %s\n", kv[0]+":", kv[1])
		}
	}
	if d.DuplicateOf != "" {
		fmt.Fprintf(w, "duplicate: a near-duplicate of %s\n", d.DuplicateOf)
	}
	if len(places) > 1 {
		fmt.Fprintf(w, "places:    this text appeared %d times:\n", len(places))
		for _, p := range places {
			fmt.Fprintf(w, "           %s  %-40s %s %s\n", p.Day, p.ID, p.Source, p.URL)
		}
	}
	fmt.Fprintf(w, "words:     %d in %d sentences\nanalysis:  %s\n\n", d.Words(), len(d.Sentences), st.Analysis)
	fmt.Fprintln(w, d.Text)
	section := func(name string, n int) bool {
		if n == 0 {
			return false
		}
		fmt.Fprintf(w, "\n%s (%d)\n", name, n)
		return true
	}
	if section("sentences", len(d.Sentences)) {
		for i, s := range d.Sentences {
			fmt.Fprintf(w, "  %3d  [%d:%d] %s\n", i+1, s.Start, s.End, oneLine(d.Text[s.Start:s.End], 100))
		}
	}
	if section("entities", len(d.Entities)) {
		for _, en := range d.Entities {
			fmt.Fprintf(w, "  [%d:%d] %-7s %-30s -> %s\n", en.Start, en.End, en.Type, en.Text, en.Entity)
		}
	}
	if section("time expressions", len(d.Timexes)) {
		for _, t := range d.Timexes {
			mod := ""
			if t.Mod != "" {
				mod = " (" + t.Mod + ")"
			}
			fmt.Fprintf(w, "  [%d:%d] %-8s %-30s = %s%s\n", t.Start, t.End, t.Type, t.Text, t.Value, mod)
		}
	}
	if section("quotes", len(d.Quotes)) {
		for _, q := range d.Quotes {
			speaker := q.Speaker
			if speaker == "" && q.Source != nil {
				speaker = q.Source.Text
			}
			fmt.Fprintf(w, "  [%d:%d] %-8s %s: %s\n", q.Start, q.End, q.Kind, orDash(speaker), oneLine(q.Text, 100))
		}
	}
	if section("events", len(d.Events)) {
		for _, ev := range d.Events {
			fmt.Fprintf(w, "  [%d:%d] %-11s %s -> %s  %s\n", ev.Start, ev.End, ev.Type, orDash(ev.Source.Name()), orDash(ev.Target.Name()), orDash(ev.Date))
		}
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// oneLine folds white space and shortens s to about n bytes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
