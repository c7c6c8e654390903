package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dateline-news/dateline/pipeline"
	"github.com/dateline-news/dateline/reader"
)

// inputFlags are the flags of commands that read articles.
type inputFlags struct {
	workers   int
	maxRecord int
	layers    string
}

func (f *inputFlags) register(cmd *cobra.Command) {
	cmd.Flags().IntVarP(&f.workers, "workers", "j", 0, "articles analysed in parallel (default GOMAXPROCS)")
	cmd.Flags().IntVar(&f.maxRecord, "max-record", reader.DefaultMaxRecord, "largest record (file or JSONL line) in bytes")
	cmd.Flags().StringVar(&f.layers, "layers", strings.Join(pipeline.Layers, ","), "analysis layers to run, comma-separated (text always runs)")
}

func (f *inputFlags) reader(e *env) *reader.Reader {
	return &reader.Reader{MaxRecord: f.maxRecord, Stdin: e.stdin}
}

func (f *inputFlags) pipeline() (*pipeline.Pipeline, error) {
	names := strings.Split(f.layers, ",")
	if f.layers == "" {
		names = pipeline.Layers
	}
	p, err := pipeline.New(names...)
	if err != nil {
		return nil, usageError{err}
	}
	p.Workers = f.workers
	return p, nil
}

func (e *env) extractCmd() *cobra.Command {
	var in inputFlags
	var format string
	cmd := &cobra.Command{
		Use:   "extract [flags] PATH...",
		Short: "Analyse articles and print one JSON document per article",
		Long: `extract reads articles (line format, JSONL, directories of them, or - for
standard input), analyses them and prints one JSON object per article per line
on standard output, in input order, following the extraction contract:

  {"id", "date", "text", "sentences", "entities", "timexes", "quotes", "events"}

Offsets are byte offsets into "text" (UTF-8), half-open. A malformed record is
reported on standard error with its file and line, the other records go
through, and the exit status is 1.`,
		Example: `  dateline extract --format json ../shared/seed/seed-article.txt
  cat articles.jsonl | dateline extract -`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "json" {
				return usageError{fmt.Errorf("unknown --format %q (want json)", format)}
			}
			p, err := in.pipeline()
			if err != nil {
				return err
			}
			w := bufio.NewWriterSize(e.stdout, 1<<16)
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			failed := 0
			err = p.Run(cmd.Context(), in.reader(e).Read(cmd.Context(), args), func(r pipeline.Result) error {
				if r.Err != nil {
					failed++
					fmt.Fprintln(e.stderr, "dateline:", r.Err)
					return nil
				}
				return enc.Encode(r.Doc)
			})
			if ferr := w.Flush(); err == nil {
				err = ferr
			}
			if err != nil {
				return err
			}
			if failed > 0 {
				return fmt.Errorf("%d record(s) failed: %w", failed, errRecords)
			}
			return nil
		},
	}
	in.register(cmd)
	cmd.Flags().StringVarP(&format, "format", "f", "json", "output format: json (one document per line)")
	return cmd
}
