package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dateline-news/dateline/ner"
)

func (e *env) trainCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "train COMMAND",
		Short: "Train a statistical analysis layer from gold data",
		Args:  exactArgs(0),
		RunE:  func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(e.trainNERCmd())
	return cmd
}

func (e *env) trainNERCmd() *cobra.Command {
	var (
		train, dev, out string
		opts            ner.TrainOptions
	)
	cmd := &cobra.Command{
		Use:   "ner --train FILE[,FILE] [--dev FILE] --out PATH",
		Short: "Train the named-entity tagger on CoNLL-format data",
		Long: `train ner trains the two-pass averaged-perceptron entity tagger on CoNLL-2003
format files (IOB1 or IOB2, with -DOCSTART- document boundaries), printing the
dev F1 as it goes, and writes the compressed model. Training is deterministic
for a seed. The model embedded in dateline is ner/model/ner.bin.gz, written by
'go generate ./ner' with the same code.`,
		Example: `  dateline train ner --train ../shared/data/conll2003/train.txt \
      --dev ../shared/data/conll2003/dev.txt --out ner/model/ner.bin.gz`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if train == "" || out == "" {
				return usageError{fmt.Errorf("--train and --out are required")}
			}
			opts.Log = e.stderr
			m, err := ner.Train(strings.Split(train, ","), dev, opts)
			if err != nil {
				return err
			}
			var b bytes.Buffer
			if err := m.Write(&b); err != nil {
				return err
			}
			if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "wrote %s (%.1f MB, dev F1 %.2f)\n", out, float64(b.Len())/1e6, m.Meta.DevF1)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&train, "train", "", "training `FILE`s in CoNLL format, comma-separated")
	f.StringVar(&dev, "dev", "", "development `FILE` scored after each epoch")
	f.StringVar(&out, "out", "", "where to write the model")
	f.IntVar(&opts.Epochs, "epochs", 0, "epochs of the first pass (0 = default)")
	f.IntVar(&opts.Epochs2, "epochs2", 0, "epochs of the second pass (0 = as --epochs)")
	f.IntVar(&opts.Folds, "folds", 0, "cross-validation folds for the second pass (0 = default, 1 = one pass)")
	f.Uint64Var(&opts.Seed, "seed", 1, "random seed")
	return cmd
}
