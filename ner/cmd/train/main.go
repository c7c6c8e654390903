// Command train trains dateline's named-entity model.
//
//	go run ./ner/cmd/train -train ../shared/data/conll2003/train.txt \
//	    -dev ../shared/data/conll2003/dev.txt -out ner/model/ner.bin.gz
//
// It prints the dev F1 after every few epochs and the model's size. Runs
// are deterministic: the same data, flags and resources give the same
// model, byte for byte.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/dateline-news/dateline/ner"
)

func main() {
	train := flag.String("train", "", "training file(s) in CoNLL format, comma-separated")
	dev := flag.String("dev", "", "development file in CoNLL format (optional)")
	out := flag.String("out", "ner/model/ner.bin.gz", "where to write the model")
	epochs := flag.Int("epochs", 0, "epochs of the first pass (0 = default)")
	epochs2 := flag.Int("epochs2", 0, "epochs of the second pass (0 = same as -epochs)")
	folds := flag.Int("folds", 0, "cross-validation folds for the second pass (0 = default, 1 = one pass only)")
	seed := flag.Uint64("seed", 1, "random seed")
	prune := flag.Float64("prune", 0, "drop averaged weights smaller than this (0 = default)")
	minCount := flag.Int("mincount", 0, "drop features seen fewer times (0 = default)")
	flag.Parse()
	if *train == "" {
		fmt.Fprintln(os.Stderr, "train: -train is required")
		flag.Usage()
		os.Exit(2)
	}
	m, err := ner.Train(strings.Split(*train, ","), *dev, ner.TrainOptions{
		Epochs: *epochs, Epochs2: *epochs2, Folds: *folds, Seed: *seed, Prune: *prune, MinCount: *minCount, Log: os.Stderr,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
	var b bytes.Buffer
	if err := m.Write(&b); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "train: wrote %s (%.1f MB, %d weight rows, dev F1 %.2f)\n", *out, float64(b.Len())/1e6, m.Meta.Features, m.Meta.DevF1)
}
