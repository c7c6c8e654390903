package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dateline-news/dateline/eval"
	"github.com/dateline-news/dateline/ner"
	"github.com/dateline-news/dateline/pipeline"
	"github.com/dateline-news/dateline/text"
	"github.com/dateline-news/dateline/timex"
)

func (e *env) evalCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "eval COMMAND",
		Short: "Score the analysis layers against gold data",
		Long: `eval scores an analysis layer against a gold-annotated corpus in its standard
format and prints precision, recall and F1.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(e.evalSentencesCmd(), e.evalTimexCmd(), e.evalNERCmd(), e.evalQuotesCmd(), e.evalEventsCmd())
	return cmd
}

func (e *env) evalSentencesCmd() *cobra.Command {
	var gum string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "sentences --gum DIR",
		Short: "Score sentence and token boundaries on GUM (CoNLL-U)",
		Long: `eval sentences rebuilds each GUM document's text from its CoNLL-U tokens
(paragraphs separated by blank lines), segments it, and scores sentence-end
and token boundaries against the gold ones, for the GUM documents, the GENTLE
documents (out-of-domain genres) and all together.`,
		Example: `  dateline eval sentences --gum ../shared/data/gum/dep`,
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if gum == "" {
				return usageError{fmt.Errorf("--gum DIR is required")}
			}
			res, err := text.New().EvalGUM(gum)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.stdout, res)
			}
			fmt.Fprintf(e.stdout, "%-8s %6s %10s  %-24s %-24s %-24s\n", "set", "docs", "bytes", "sentence P/R/F1", "in-paragraph P/R/F1", "token P/R/F1")
			for _, row := range []struct {
				name string
				c    text.EvalCounts
			}{{"GUM", res.GUM}, {"GENTLE", res.GENTLE}, {"all", res.All}} {
				fmt.Fprintf(e.stdout, "%-8s %6d %10d  %-24s %-24s %-24s\n", row.name, row.c.Docs, row.c.Bytes,
					prf(row.c.Sentences), prf(row.c.InParagraph), prf(row.c.Tokens))
			}
			if len(res.Skipped) > 0 {
				fmt.Fprintf(e.stdout, "skipped %d documents whose text is withheld\n", len(res.Skipped))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&gum, "gum", "", "directory of GUM `.conllu` files")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	return cmd
}

func (e *env) evalTimexCmd() *cobra.Command {
	var gold string
	var asJSON, perFile, showErrors bool
	cmd := &cobra.Command{
		Use:   "timex --gold DIR",
		Short: "Score time expressions on TimeML (.tml) files, as TempEval-3 does",
		Long: `eval timex reads TimeML files (the document date is the TIMEX3 with
functionInDocument="CREATION_TIME"), runs the temporal layer on their raw
text, and reports strict and relaxed extent P/R/F1 and value and type F1
(attributes scored on relaxed matches, as the TempEval-3 scorer does).
The last column, valNF1, is not a TempEval-3 measure: it counts a value as
right when it equals the gold one up to notation ("1949" and "1949-XX",
"196" and "196X", "2000-W07" and "2000-W7", a day with or without its part
of day), to tell how much of a value gap is the corpus's notation.`,
		Example: `  dateline eval timex --gold ../shared/data/tempeval3/TimeBank
  dateline eval timex --gold ../shared/data/tempeval3/AQUAINT --errors`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if gold == "" {
				return usageError{fmt.Errorf("--gold DIR is required")}
			}
			tg, err := timex.New()
			if err != nil {
				return err
			}
			res, err := eval.EvalTimex(cmd.Context(), gold, tg)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.stdout, res)
			}
			return res.WriteText(e.stdout, perFile, showErrors)
		},
	}
	cmd.Flags().StringVar(&gold, "gold", "", "directory of TimeML `.tml` files")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print scores (and errors) as JSON")
	cmd.Flags().BoolVar(&perFile, "per-file", false, "print scores per file")
	cmd.Flags().BoolVar(&showErrors, "errors", false, "print every error with its context")
	return cmd
}

func (e *env) evalNERCmd() *cobra.Command {
	var file, types string
	var asJSON, goldTypes, showErrors bool
	cmd := &cobra.Command{
		Use:   "ner --conll FILE",
		Short: "Score named entities on CoNLL-format data, as conlleval does",
		Long: `eval ner tags the tokens of a CoNLL-2003 (or Universal NER .iob2) file,
document by document, and scores exact-match entity spans and types: precision,
recall and F1 per type and overall, as conlleval computes them.

For corpora that do not annotate every type (Universal NER has no MISC), pass
--gold-types to score only the types the gold data uses.`,
		Example: `  dateline eval ner --conll ../shared/data/conll2003/dev.txt
  dateline eval ner --conll ../shared/data/uner-en-ewt/en_ewt-ud-dev.iob2 --gold-types`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if file == "" {
				return usageError{fmt.Errorf("--conll FILE is required")}
			}
			tg, err := ner.New()
			if err != nil {
				return err
			}
			opts := eval.CoNLLOptions{GoldTypesOnly: goldTypes}
			if types != "" {
				opts.Types = strings.Split(types, ",")
			}
			res, err := eval.EvalCoNLLFile(cmd.Context(), file, tg, opts)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.stdout, res)
			}
			return res.WriteText(e.stdout, showErrors)
		},
	}
	cmd.Flags().StringVar(&file, "conll", "", "gold `FILE` in CoNLL format")
	cmd.Flags().StringVar(&types, "types", "", "score only these types, comma-separated (PERSON,ORG,LOC,MISC)")
	cmd.Flags().BoolVar(&goldTypes, "gold-types", false, "score only the types the gold data uses")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print scores (and errors) as JSON")
	cmd.Flags().BoolVar(&showErrors, "errors", false, "print every error")
	return cmd
}

func (e *env) evalQuotesCmd() *cobra.Command {
	var dir, metadata string
	var asJSON, perFile, showErrors, allAnnotators bool
	cmd := &cobra.Command{
		Use:   "quotes --brat DIR [--metadata FILE]",
		Short: "Score quotes and reported speech on PolNeAR-style brat standoff",
		Long: `eval quotes runs the text, entity and quote layers on the .txt files of a
brat directory (PolNeAR's Source/Cue/Content attributions in the .ann files),
dated by the metadata file's publication_date, and reports content P/R/F1 (a
system quote matches a gold content span when they share at least half of
the characters either covers) and source accuracy on matched quotes, for all
attributions and for direct, mixed and indirect ones.`,
		Example: `  dateline eval quotes --brat ../shared/data/polnear/dev --metadata ../shared/data/polnear/metadata.tsv`,
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if dir == "" {
				return usageError{fmt.Errorf("--brat DIR is required")}
			}
			p, err := pipeline.New("ner", "quote")
			if err != nil {
				return err
			}
			res, err := eval.EvalQuotes(cmd.Context(), dir, eval.QuoteEvalOptions{Metadata: metadata, AllAnnotators: allAnnotators}, p.Analyzers...)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.stdout, res)
			}
			return res.WriteText(e.stdout, perFile, showErrors)
		},
	}
	cmd.Flags().StringVar(&dir, "brat", "", "`DIR` of .txt and .ann files")
	cmd.Flags().StringVar(&metadata, "metadata", "", "PolNeAR metadata.tsv giving each article's publication_date")
	cmd.Flags().BoolVar(&allAnnotators, "all-annotators", false, "score every annotator's file, not the first of each article")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print scores (and errors) as JSON")
	cmd.Flags().BoolVar(&perFile, "per-file", false, "print scores per file")
	cmd.Flags().BoolVar(&showErrors, "errors", false, "print every error")
	return cmd
}

func prf(s text.Score) string {
	return fmt.Sprintf("%.4f/%.4f/%.4f", s.Precision(), s.Recall(), s.F1())
}
