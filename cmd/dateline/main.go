// Command dateline turns dated news articles into a searchable,
// time-anchored record of who said and did what, to whom, and when.
//
// Run "dateline help" for the commands.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/dateline-news/dateline/library"
	"github.com/dateline-news/dateline/local"
)

// Exit statuses.
const (
	exitOK     = 0 // everything went through
	exitFailed = 1 // some records or the command failed
	exitUsage  = 2 // bad flags or arguments
)

// errRecords reports that the command finished but some records failed.
var errRecords = errors.New("some records failed")

// usageError marks an error in the command line.
type usageError struct{ error }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	stop()
	os.Exit(code)
}

// env is what a command sees of the outside world; tests provide their own.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	db             string // --db
	quiet          bool   // --quiet
	memLimitMB     int    // --memory-limit
	log            *slog.Logger
}

// run executes one command line and returns the exit status.
func run(ctx context.Context, args []string, e *env) int {
	root := e.rootCmd()
	root.SetArgs(args)
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	err := root.ExecuteContext(ctx)
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errRecords):
		fmt.Fprintln(e.stderr, "dateline:", err)
		return exitFailed
	case errors.As(err, &ue) || isFlagError(err):
		fmt.Fprintln(e.stderr, "dateline:", err)
		fmt.Fprintln(e.stderr, "Run 'dateline help' for usage.")
		return exitUsage
	default:
		fmt.Fprintln(e.stderr, "dateline:", err)
		return exitFailed
	}
}

func (e *env) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "dateline",
		Short: "Who said and did what, to whom, and when: a news-intelligence engine",
		Long: `dateline reads dated news articles, finds their sentences, named entities,
time expressions (resolved against the article date), quotations with their
speakers and political events, stores them in an embedded database, and lets
you search and export the record.

Input is the line format ("date YYYY-MM-DD <body>", one article per .txt file)
or JSONL ({"id", "date", "text", ...} per line); a directory means every
*.txt and *.jsonl below it, and - means standard input.

The store is a directory (default ./dateline.db, or $DATELINE_DB, or --db).`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRun: func(cmd *cobra.Command, args []string) {
			level := slog.LevelInfo
			if e.quiet {
				level = slog.LevelWarn
			}
			e.log = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
			// A soft memory limit makes the collector work harder only near
			// the limit, which keeps a long ingest's memory flat at little
			// cost; GOMEMLIMIT in the environment takes precedence.
			if e.memLimitMB > 0 && e.getenv("GOMEMLIMIT") == "" {
				debug.SetMemoryLimit(int64(e.memLimitMB) << 20)
			}
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.PersistentFlags().StringVar(&e.db, "db", "", "store directory (default $DATELINE_DB or ./dateline.db)")
	root.PersistentFlags().BoolVarP(&e.quiet, "quiet", "q", false, "log only warnings and errors")
	root.PersistentFlags().IntVar(&e.memLimitMB, "memory-limit", 320, "soft limit of the Go heap in MiB (0 = none; $GOMEMLIMIT overrides)")
	root.AddCommand(
		e.extractCmd(), e.ingestCmd(), e.searchCmd(), e.showCmd(), e.statsCmd(), e.entitiesCmd(), e.quotesCmd(), e.eventsCmd(), e.watchCmd(), e.storiesCmd(), e.serveCmd(),
		e.reindexCmd(), e.benchCmd(), e.evalCmd(), e.trainCmd(), e.versionCmd(),
	)
	return root
}

// isFlagError reports a command-line error that cobra made itself.
func isFlagError(err error) bool {
	msg := err.Error()
	return strings.HasPrefix(msg, "unknown command") || strings.HasPrefix(msg, "unknown flag") ||
		strings.HasPrefix(msg, "unknown shorthand flag")
}

// dbPath returns the store directory from --db, $DATELINE_DB or the default.
func (e *env) dbPath() string {
	if e.db != "" {
		return e.db
	}
	if p := e.getenv("DATELINE_DB"); p != "" {
		return p
	}
	return "dateline.db"
}

// open opens the store for commands that need an existing one.
func (e *env) open(ctx context.Context, create bool) (*library.Library, error) {
	path := e.dbPath()
	if !create {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("no store at %s (run 'dateline ingest' first, or pass --db): %w", path, err)
		}
	}
	return local.Open(ctx, path, e.log)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// exactArgs is cobra.ExactArgs with a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

func minArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.MinimumNArgs(n)(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}
