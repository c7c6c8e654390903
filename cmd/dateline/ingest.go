package main

import (
	"fmt"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/dateline-news/dateline/library"
)

func (e *env) ingestCmd() *cobra.Command {
	var in inputFlags
	var batch int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "ingest [flags] PATH...",
		Short: "Read, analyse, store and index articles",
		Long: `ingest reads articles like extract does (line format, JSONL, saved web pages,
feeds, web archives), analyses them and writes them with all
their layers to the store, in transactions, and to the search index.

Re-ingesting an article id replaces it; an article whose content and analysis
are unchanged is skipped. Each article is compared with the stored ones by a
MinHash signature of its text: a near-duplicate (estimated Jaccard similarity
0.8 or more: syndicated wire copy, an updated version) is stored marked as a
duplicate of the first of its group, so that search --dedup counts it once
and show lists every place the text appeared. A malformed record is reported with its file and
line, the others are stored, and the exit status is 1. A progress bar is shown
on a terminal, plain log lines otherwise, and a summary at the end.`,
		Example: `  dateline ingest examples/
  dateline --db /data/news.db ingest crawl/*.jsonl`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			p, err := in.pipeline()
			if err != nil {
				return err
			}
			lib, err := e.open(ctx, true)
			if err != nil {
				return err
			}
			defer lib.Close()
			rd, err := in.reader(e)
			if err != nil {
				return err
			}
			total := -1
			if !hasStdin(args) {
				if total, err = rd.Count(ctx, args); err != nil {
					return err
				}
			}
			h, err := in.hasher()
			if err != nil {
				return err
			}
			progress := e.progress(total)
			opts := library.IngestOptions{
				Dedup: h,
				Batch: batch,
				OnError: func(err error) {
					progress.clear()
					e.log.Error("record failed", "err", err)
				},
				OnProgress: progress.update,
				Keep:       in.keep,
			}
			st, err := lib.Ingest(ctx, p, rd.Read(ctx, args), opts)
			progress.finish()
			if err != nil {
				return err
			}
			if asJSON {
				if err := writeJSON(e.stdout, st); err != nil {
					return err
				}
			} else {
				fmt.Fprintf(e.stdout, "ingested %d articles (%d new, %d replaced, %d unchanged), %d words, %d failed, in %s (%.0f articles/s)\n",
					st.Read, st.Inserted, st.Replaced, st.Unchanged, st.Words, st.Failed,
					st.Elapsed.Round(time.Millisecond), rate(st.Read, st.Elapsed))
				if st.Duplicates > 0 {
					fmt.Fprintf(e.stdout, "%d of them are near-duplicates of earlier articles (search --dedup leaves them out)\n", st.Duplicates)
				}
				if st.Filtered > 0 {
					fmt.Fprintf(e.stdout, "%d articles in other languages than --lang %s were left out\n", st.Filtered, in.langs)
				}
			}
			if st.Failed > 0 {
				return fmt.Errorf("%d record(s) failed: %w", st.Failed, errRecords)
			}
			return nil
		},
	}
	in.register(cmd)
	cmd.Flags().IntVar(&batch, "batch", 1000, "articles written per transaction")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON")
	return cmd
}

func hasStdin(args []string) bool {
	for _, a := range args {
		if a == "-" {
			return true
		}
	}
	return false
}

func rate(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// progress shows ingest progress: a bar on a terminal, a log line every few
// seconds otherwise.
type progress struct {
	e       *env
	bar     *progressbar.ProgressBar
	lastLog time.Time
	total   int
}

func (e *env) progress(total int) *progress {
	p := &progress{e: e, total: total, lastLog: time.Now()}
	if !e.quiet && isTerminal(e.stderr) {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("ingesting"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("articles"),
			progressbar.OptionSetPredictTime(total > 0),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		p.bar.RenderBlank() // starts the bar's clock now, so the first rate is right
	}
	return p
}

func (p *progress) update(st library.IngestStats) {
	done := st.Read + st.Failed
	if p.bar != nil {
		p.bar.Set(done)
		return
	}
	if time.Since(p.lastLog) >= 5*time.Second {
		p.lastLog = time.Now()
		args := []any{"articles", done, "rate", fmt.Sprintf("%.0f/s", rate(done, st.Elapsed))}
		if p.total > 0 {
			args = append(args, "total", p.total)
		}
		p.e.log.Info("ingest progress", args...)
	}
}

func (p *progress) clear() {
	if p.bar != nil {
		p.bar.Clear()
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
