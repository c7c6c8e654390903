package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/eval"
	"github.com/dateline-news/dateline/pipeline"
)

// eventsEvalResult is what eval events prints with --json.
type eventsEvalResult struct {
	PLOVER     *eval.PLOVERResult `json:"plover,omitempty"`
	ConfliBERT *eval.CAMEOResult  `json:"conflibert,omitempty"`
}

func (e *env) evalEventsCmd() *cobra.Command {
	var plover, conflibert string
	var asJSON, showErrors bool
	cmd := &cobra.Command{
		Use:   "events [--plover FILE] [--conflibert DIR]",
		Short: "Score political events on PLOVER records and ConfliBERT CAMEO sentences",
		Long: `eval events runs the text, entity, temporal, quote and event layers on each
gold sentence on its own and scores the events they find.

--plover reads a PLOVER gold-standard file (gsr-*.json: one sentence and its
one coded event per record) and reports type P/R/F1 (the predicted types of
a sentence against its gold type), overall and per type, coverage (sentences
with an event), and source and target accuracy on the sentences where the
gold type was found (a predicted actor is right when it shares a word with a
gold actor).

--conflibert reads the ConfliBERT CAMEO data (class-train.tsv and
spans-train.txt) and reports how well the first event of each sentence gets
its quad class (1 verbal cooperation, 2 material cooperation, 3 verbal
conflict, 4 material conflict; class 0, statements and appeals, has no PLOVER
type): coverage and accuracy on classes 1-4, the confusion matrix, and
source and target P/R/F1 of the first event's actors against the gold spans.`,
		Example: `  dateline eval events --plover ../shared/data/plover/gsr-dev.json --conflibert ../shared/data/conflibert-cameo
  dateline eval events --plover ../shared/data/plover/gsr-dev.json --errors`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if plover == "" && conflibert == "" {
				return usageError{fmt.Errorf("--plover FILE or --conflibert DIR is required")}
			}
			p, err := pipeline.New("ner", "timex", "quote", "event")
			if err != nil {
				return err
			}
			predict := eventPredictor(cmd.Context(), p)
			var res eventsEvalResult
			var recs []eval.PLOVERRecord
			var sents []eval.CAMEOSentence
			if plover != "" {
				if recs, err = eval.ReadPLOVER(plover); err != nil {
					return err
				}
				if res.PLOVER, err = eval.ScorePLOVER(recs, predict); err != nil {
					return err
				}
			}
			if conflibert != "" {
				if sents, err = eval.ReadConfliBERT(conflibert); err != nil {
					return err
				}
				if res.ConfliBERT, err = eval.ScoreConfliBERT(sents, predict); err != nil {
					return err
				}
			}
			if asJSON {
				return writeJSON(e.stdout, res)
			}
			var b strings.Builder
			if res.PLOVER != nil {
				writePLOVER(&b, plover, res.PLOVER, recs, showErrors)
			}
			if res.ConfliBERT != nil {
				if res.PLOVER != nil {
					b.WriteString("\n")
				}
				writeConfliBERT(&b, conflibert, res.ConfliBERT, sents, showErrors)
			}
			_, err = io.WriteString(e.stdout, b.String())
			return err
		},
	}
	cmd.Flags().StringVar(&plover, "plover", "", "PLOVER gold-standard `FILE` (gsr-*.json)")
	cmd.Flags().StringVar(&conflibert, "conflibert", "", "`DIR` of the ConfliBERT CAMEO class-train.tsv and spans-train.txt")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print scores (and per-sentence outcomes) as JSON")
	cmd.Flags().BoolVar(&showErrors, "errors", false, "print every miss")
	return cmd
}

// eventPredictor analyses one sentence as an article of its own, dated by
// the given date, and returns its events.
func eventPredictor(ctx context.Context, p *pipeline.Pipeline) eval.EventPredictor {
	n := 0
	return func(text, date string) ([]dateline.Event, error) {
		d, err := time.Parse(dateline.DateLayout, date)
		if err != nil {
			return nil, fmt.Errorf("date %q: %w", date, err)
		}
		n++
		doc := dateline.NewDoc(dateline.Article{ID: "sentence-" + strconv.Itoa(n), Date: d, Text: text, Lang: "en"})
		if err := p.Analyze(ctx, doc); err != nil {
			return nil, err
		}
		return doc.Events, nil
	}
}

func writePLOVER(b *strings.Builder, path string, r *eval.PLOVERResult, recs []eval.PLOVERRecord, errs bool) {
	fmt.Fprintf(b, "PLOVER %s: %d records\n", path, r.Records)
	fmt.Fprintf(b, "%-12s %5s %5s %7s  %6s %6s %6s\n", "type", "gold", "sys", "correct", "P", "R", "F1")
	line := func(s eval.PLOVERTypeScore) {
		fmt.Fprintf(b, "%-12s %5d %5d %7d  %6.2f %6.2f %6.2f\n", s.Type, s.Gold, s.System, s.Correct, s.Precision, s.Recall, s.F1)
	}
	line(r.Overall)
	for _, s := range r.ByType {
		line(s)
	}
	fmt.Fprintf(b, "coverage %s  first event type %s  source acc %s  target acc %s\n",
		accuracy(r.Coverage), accuracy(r.FirstType), accuracy(r.Source), accuracy(r.Target))
	if !errs {
		return
	}
	for i, row := range r.Rows {
		srcMiss, tgtMiss := row.Misses()
		if row.Found && !srcMiss && !tgtMiss {
			continue
		}
		fmt.Fprintf(b, "%s\tgold=%s\tpredicted=%s", row.ID, row.Gold, orNone(strings.Join(row.Predicted, ",")))
		writeActorMisses(b, &row.ActorOutcome)
		if i < len(recs) {
			fmt.Fprintf(b, "\t%s", clipText(recs[i].Text, 160))
		}
		b.WriteString("\n")
	}
}

func writeConfliBERT(b *strings.Builder, dir string, r *eval.CAMEOResult, sents []eval.CAMEOSentence, errs bool) {
	fmt.Fprintf(b, "ConfliBERT %s: %d sentences (%d with actor spans)\n", dir, r.Sentences, r.WithSpans)
	fmt.Fprintf(b, "classes 1-4: coverage %s  accuracy of predicted %s  accuracy %s\n",
		accuracy(r.Coverage), accuracy(r.Accuracy), accuracy(r.Strict))
	fmt.Fprintf(b, "%-26s %5s %5s %5s %5s %5s %5s\n", "gold \\ predicted", "0", "1", "2", "3", "4", "none")
	for g, row := range r.Confusion {
		fmt.Fprintf(b, "%-26s", fmt.Sprintf("%d %s", g, eval.QuadClassNames[g]))
		for _, n := range row {
			fmt.Fprintf(b, " %5d", n)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "actors of the first event, on the %d sentences of classes 1-4 with spans\n", r.ActorSentences)
	fmt.Fprintf(b, "%-8s %5s %5s  %6s %6s %6s\n", "actors", "gold", "sys", "P", "R", "F1")
	for _, a := range []struct {
		name string
		s    eval.SpanPRF
	}{{"source", r.Source}, {"target", r.Target}} {
		fmt.Fprintf(b, "%-8s %5d %5d  %6.2f %6.2f %6.2f\n", a.name, a.s.Gold, a.s.System, a.s.Precision, a.s.Recall, a.s.F1)
	}
	if len(r.Unmapped) > 0 {
		var ts []string
		for t, n := range r.Unmapped {
			ts = append(ts, fmt.Sprintf("%s %d", t, n))
		}
		slices.Sort(ts)
		fmt.Fprintf(b, "event types without a quad class (ignored): %s\n", strings.Join(ts, ", "))
	}
	if !errs {
		return
	}
	for i, row := range r.Rows {
		classMiss := row.Predicted != row.Gold && !(row.Gold == 0 && row.Predicted == eval.NoClass)
		srcMiss, tgtMiss := row.Misses()
		if !classMiss && !srcMiss && !tgtMiss {
			continue
		}
		pred := "none"
		if row.Predicted != eval.NoClass {
			pred = strconv.Itoa(row.Predicted)
		}
		fmt.Fprintf(b, "line %d\tgold=%d\tpredicted=%s\ttypes=%s", row.Line, row.Gold, pred, orNone(strings.Join(row.Types, ",")))
		writeActorMisses(b, &row.ActorOutcome)
		if i < len(sents) {
			fmt.Fprintf(b, "\t%s", clipText(sents[i].Text, 160))
		}
		b.WriteString("\n")
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func accuracy(a eval.Accuracy) string {
	return fmt.Sprintf("%.2f (%d/%d)", a.Accuracy, a.Correct, a.Total)
}

// clipText shortens s to at most n bytes, at a rune boundary, marking the cut.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// writeActorMisses writes the gold and system actors that were scored and
// wrong.
func writeActorMisses(b *strings.Builder, a *eval.ActorOutcome) {
	src, tgt := a.Misses()
	if src {
		fmt.Fprintf(b, "\tsource: gold %q sys %q", a.GoldSource, a.SystemSource)
	}
	if tgt {
		fmt.Fprintf(b, "\ttarget: gold %q sys %q", a.GoldTarget, a.SystemTarget)
	}
}
