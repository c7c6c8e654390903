package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/dedup"
	"github.com/dateline-news/dateline/pipeline"
	"github.com/dateline-news/dateline/reader"
	"github.com/dateline-news/dateline/source"
	"github.com/dateline-news/dateline/source/html"
)

// inputFlags are the flags of commands that read articles.
type inputFlags struct {
	workers      int
	maxRecord    int
	layers       string
	dateFallback string
	langs        string
}

func (f *inputFlags) register(cmd *cobra.Command) {
	cmd.Flags().IntVarP(&f.workers, "workers", "j", 0, "articles analysed in parallel (default GOMAXPROCS)")
	cmd.Flags().IntVar(&f.maxRecord, "max-record", reader.DefaultMaxRecord, "largest record (file or JSONL line) in bytes")
	cmd.Flags().StringVar(&f.layers, "layers", strings.Join(pipeline.Layers, ","), "analysis layers to run, comma-separated (text always runs)")
	cmd.Flags().StringVar(&f.dateFallback, "date-fallback", "none", "a web page that states no date: none (report it) or crawl (date it by its crawl time, marked date_source crawl)")
	cmd.Flags().StringVar(&f.langs, "lang", "", "keep only articles in these languages, comma-separated ISO 639-1 codes")
}

func (f *inputFlags) reader(e *env) (*reader.Reader, error) {
	fb, err := html.ParseFallback(f.dateFallback)
	if err != nil {
		return nil, usageError{fmt.Errorf("--date-fallback: %w", err)}
	}
	return &reader.Reader{
		MaxRecord: f.maxRecord,
		Stdin:     e.stdin,
		Formats:   source.Formats(source.Options{DateFallback: fb, Workers: f.workers}),
	}, nil
}

// hasher returns the near-duplicate fingerprinter of ingests.
func (f *inputFlags) hasher() (*dedup.Hasher, error) { return dedup.NewHasher(dedup.Options{}) }

// keep reports whether an analysed document passes --lang.
func (f *inputFlags) keep(d *dateline.Doc) bool {
	if f.langs == "" {
		return true
	}
	for _, l := range strings.Split(f.langs, ",") {
		if strings.EqualFold(strings.TrimSpace(l), d.Lang) {
			return true
		}
	}
	return false
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
		Long: `extract reads articles (line format, JSONL, saved web pages (.html), RSS and
Atom feeds (.rss, .atom, .xml), web archives (.warc, .warc.gz), directories of
them, or - for standard input), analyses them and prints one JSON object per article per line
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
			rd, err := in.reader(e)
			if err != nil {
				return err
			}
			err = p.Run(cmd.Context(), rd.Read(cmd.Context(), args), func(r pipeline.Result) error {
				if r.Err != nil {
					failed++
					fmt.Fprintln(e.stderr, "dateline:", r.Err)
					return nil
				}
				if !in.keep(r.Doc) {
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
