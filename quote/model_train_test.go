package quote

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/eval"
	"github.com/dateline-news/dateline/text"
)

var (
	trainDir       = flag.String("quote.train", "", "train data/model.txt.gz on the PolNeAR articles in this directory (TestTrainModel)")
	trainOut       = flag.String("quote.model", filepath.Join("data", "model.txt.gz"), "where TestTrainModel writes the model (gzip-compressed when the name ends in .gz)")
	trainRate      = flag.Float64("quote.rate", 0.02, "TestTrainModel: AdaGrad learning rate")
	trainL2        = flag.Float64("quote.l2", 1e-5, "TestTrainModel: L2 penalty")
	trainEpochs    = flag.Int("quote.epochs", 5, "TestTrainModel: passes over the training articles")
	trainMinWeight = flag.Float64("quote.minweight", 0.05, "TestTrainModel: drop attribution weights smaller than this")
	trainAll       = flag.Bool("quote.all", false, "TestTrainModel: learn from every annotator's file, not only the first of each article")
	trainMinCount  = flag.Int("quote.mincount", 3, "TestTrainModel: drop features seen in fewer candidates")
	trainAlgo      = flag.String("quote.algo", "logistic", "TestTrainModel: logistic or perceptron")
)

// example is one candidate attribution of the training articles.
type example struct {
	feats []int
	label bool
}

// trainDoc is the candidates of one article and its number of gold
// attributions.
type trainDoc struct {
	ex   []example
	gold int
	art  int // index of the article (several annotators' files share it)
}

// TestTrainModel trains the attribution model (see model.go) on PolNeAR
// train and writes data/model.txt.gz:
//
//	go test ./quote -run TestTrainModel -quote.train ../../shared/data/polnear/train
//
// It skips without -quote.train. It scores one annotator per article (the
// first by file name, as eval does), reports cross-validated
// candidate precision, recall and F1 with and without the model, chooses
// the threshold that maximises cross-validated F1, and writes the average
// of the fold models of three random five-fold splits.
func TestTrainModel(t *testing.T) {
	if *trainDir == "" {
		t.Skip("no -quote.train directory")
	}
	base := testFinder(t)
	// First the end model, on the candidates of the rules alone: one
	// model per fold of the articles, and their average.
	endNames, endFolds, endW := trainEnds(t, &Finder{lx: base.lx, seg: base.seg}, *trainDir)
	// Then the attribution model, on the candidates with the ends chosen
	// by the end model that did not see the article, so that it learns
	// from ends as good as those it will meet.
	finders := make([]*Finder, len(endFolds))
	for k, w := range endFolds {
		em := &model{w: map[uint64]float32{}, threshold: float32(math.Inf(-1)), ends: true}
		for i, n := range endNames {
			em.w[hashFeature(n)] = w[i]
		}
		finders[k] = &Finder{lx: base.lx, seg: base.seg, m: em}
	}
	docs, names := loadTrainDocs(t, func(i int) *Finder { return finders[i%len(finders)] }, *trainDir)
	t.Logf("%d articles, %d features", len(docs), len(names))

	const folds, repeats = 5, 3
	epochs := *trainEpochs
	train := trainLogistic
	if *trainAlgo == "perceptron" {
		train = trainPerceptron
	}
	var scored []scoredEx
	gold := 0
	// The model is the average of the fold models of several random
	// splits, so that the threshold chosen on their held-out scores holds
	// for it, and so that it depends less on the order of the examples.
	final := make([]float32, len(names))
	for r := 0; r < repeats; r++ {
		nart := docs[len(docs)-1].art + 1
		pos := rand.New(rand.NewSource(int64(100 + r))).Perm(nart) // article -> position
		for k := 0; k < folds; k++ {
			var tr, te []trainDoc
			for _, d := range docs {
				if pos[d.art]%folds == k {
					te = append(te, d)
				} else {
					tr = append(tr, d)
				}
			}
			w := prune(train(tr, len(names), epochs, int64(r*folds+k+1)), *trainMinWeight)
			for i, x := range w {
				final[i] += x / (folds * repeats)
			}
			for _, d := range te {
				gold += d.gold
				scored = append(scored, scoreDoc(w, d)...)
			}
		}
	}
	final = prune(final, *trainMinWeight)
	th, best := chooseThreshold(scored, gold)
	all := f1At(scored, gold, float32(math.Inf(-1)))
	t.Logf("cross-validated on candidates: all kept P/R/F1 %.2f/%.2f/%.2f; with the model (threshold %.3f) %.2f/%.2f/%.2f",
		all.p, all.r, all.f, th, best.p, best.r, best.f)

	if err := writeModel(*trainOut, append(names, endNames...), append(final, endW...), th, len(docs), best); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", *trainOut)
}

// scoreDoc scores the candidates of one article.
func scoreDoc(w []float32, d trainDoc) []scoredEx {
	out := make([]scoredEx, len(d.ex))
	for i, e := range d.ex {
		out[i] = scoredEx{dot(w, e.feats), e.label}
	}
	return out
}

type scoredEx struct {
	s     float32
	label bool
}

type prf3 struct{ p, r, f float64 }

func f1At(ex []scoredEx, gold int, th float32) prf3 {
	tp, sys := 0, 0
	for _, e := range ex {
		if e.s >= th {
			sys++
			if e.label {
				tp++
			}
		}
	}
	var out prf3
	if sys > 0 {
		out.p = 100 * float64(tp) / float64(sys)
	}
	if gold > 0 {
		out.r = 100 * float64(tp) / float64(gold)
	}
	if sys+gold > 0 {
		out.f = 100 * 2 * float64(tp) / float64(sys+gold)
	}
	return out
}

// chooseThreshold returns the score threshold with the best F1.
func chooseThreshold(ex []scoredEx, gold int) (float32, prf3) {
	sort.Slice(ex, func(i, j int) bool { return ex[i].s > ex[j].s })
	tp, bestF, bestTh := 0, -1.0, float32(0)
	for i, e := range ex {
		if e.label {
			tp++
		}
		if i+1 < len(ex) && ex[i+1].s == e.s {
			continue
		}
		f := 2 * float64(tp) / float64(i+1+gold)
		if f > bestF {
			bestF = f
			if i+1 < len(ex) {
				bestTh = (e.s + ex[i+1].s) / 2
			} else {
				bestTh = e.s - 1
			}
		}
	}
	return bestTh, f1At(ex, gold, bestTh)
}

func dot(w []float32, feats []int) float32 {
	var s float32
	for _, i := range feats {
		s += w[i]
	}
	return s
}

// trainLogistic trains a logistic regression by stochastic gradient
// descent with AdaGrad steps and an L2 penalty, and returns the weights:
// the score w·x is the log-odds that a candidate matches a gold
// attribution, comparable from one training set to another.
func trainLogistic(docs []trainDoc, n, epochs int, seed int64) []float32 {
	rate, l2 := *trainRate, *trainL2
	w := make([]float64, n)
	g2 := make([]float64, n)
	rng := rand.New(rand.NewSource(seed))
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	for ep := 0; ep < epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, di := range order {
			for _, e := range docs[di].ex {
				z := 0.0
				for _, i := range e.feats {
					z += w[i]
				}
				p := 1 / (1 + math.Exp(-z))
				y := 0.0
				if e.label {
					y = 1
				}
				g := p - y
				for _, i := range e.feats {
					gi := g + l2*w[i]
					g2[i] += gi * gi
					w[i] -= rate * gi / math.Sqrt(g2[i]+1e-8)
				}
			}
		}
	}
	out := make([]float32, n)
	for i, x := range w {
		out[i] = float32(x)
	}
	return out
}

// trainPerceptron trains an averaged perceptron and returns the averaged
// weights.
func trainPerceptron(docs []trainDoc, n, epochs int, seed int64) []float32 {
	w := make([]float32, n)
	acc := make([]float64, n) // sum over steps of the weights, kept lazily
	last := make([]int, n)    // step of the last update of each weight
	step := 1
	rng := rand.New(rand.NewSource(seed))
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	for ep := 0; ep < epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, di := range order {
			for _, e := range docs[di].ex {
				y := float32(-1)
				if e.label {
					y = 1
				}
				if dot(w, e.feats)*y <= 0 {
					for _, i := range e.feats {
						acc[i] += float64(w[i]) * float64(step-last[i])
						last[i] = step
						w[i] += y
					}
				}
				step++
			}
		}
	}
	avg := make([]float32, n)
	for i := range w {
		acc[i] += float64(w[i]) * float64(step-last[i])
		avg[i] = float32(acc[i] / float64(step))
	}
	return avg
}

// prune zeroes the weights smaller than min in magnitude, which keeps the
// model file small; the held-out scores that choose the threshold come
// from pruned models too.
func prune(w []float32, min float64) []float32 {
	for i, x := range w {
		if math.Abs(float64(x)) < min {
			w[i] = 0
		}
	}
	return w
}

// writeModel writes the weights that matter, rounded, sorted by feature.
func writeModel(path string, names []string, w []float32, th float32, ndocs int, cv prf3) error {
	type fw struct {
		name string
		w    float32
	}
	var out []fw
	for i, x := range w {
		if x != 0 {
			out = append(out, fw{names[i], x})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	var b strings.Builder
	model := "a logistic regression"
	if *trainAlgo == "perceptron" {
		model = "an averaged perceptron"
	}
	fmt.Fprintf(&b, "# Attribution model of the quote layer: %s over\n", model)
	b.WriteString("# features of the candidate attributions (see model.go), trained on\n")
	fmt.Fprintf(&b, "# %d PolNeAR train articles by\n", ndocs)
	b.WriteString("#   go test ./quote -run TestTrainModel -quote.train ../../shared/data/polnear/train\n")
	fmt.Fprintf(&b, "# Cross-validated candidate P/R/F1 on train: %.2f/%.2f/%.2f.\n", cv.p, cv.r, cv.f)
	b.WriteString("# One \"weight feature\" pair per line; generated, do not edit by hand.\n")
	fmt.Fprintf(&b, "%s threshold\n", strconv.FormatFloat(float64(th), 'g', 4, 32))
	for _, x := range out {
		fmt.Fprintf(&b, "%s %s\n", strconv.FormatFloat(float64(x.w), 'g', 3, 32), x.name)
	}
	if !strings.HasSuffix(path, ".gz") {
		return os.WriteFile(path, []byte(b.String()), 0o644)
	}
	var z bytes.Buffer
	zw, err := gzip.NewWriterLevel(&z, gzip.BestCompression)
	if err != nil {
		return err
	}
	zw.ModTime = time.Time{} // the same model gives the same bytes
	if _, err := zw.Write([]byte(b.String())); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, z.Bytes(), 0o644)
}

// loadTrainDocs reads the PolNeAR articles of dir (attributions/*.ann and
// text/*.txt, the first annotator of each article) and turns their
// candidate attributions into examples.
func loadTrainDocs(t *testing.T, finder func(int) *Finder, dir string) ([]trainDoc, []string) {
	index := map[string]int{}
	var names []string
	var docs []trainDoc
	var fs featSet
	fs.keep = true
	eachTrainDoc(t, dir, *trainAll, func(art int, txt string, gold []eval.Attribution, doc *dateline.Doc) {
		a := finder(art).candidates(doc)
		rels := a.relations(nil)
		labels := alignLabels(txt, gold, a.atts)
		d := trainDoc{art: art, gold: len(gold)}
		for i, at := range a.atts {
			if at.content.Len() <= 0 {
				continue
			}
			a.features(at, rels[i], &fs)
			e := example{label: labels[i]}
			for _, n := range fs.names {
				k, ok := index[n]
				if !ok {
					k = len(names)
					index[n] = k
					names = append(names, n)
				}
				e.feats = append(e.feats, k)
			}
			d.ex = append(d.ex, e)
		}
		docs = append(docs, d)
	})
	return pruneRare(docs, names, *trainMinCount)
}

// pruneRare drops the features seen in fewer than min examples: their
// weights would fit the training articles and little else.
func pruneRare(docs []trainDoc, names []string, min int) ([]trainDoc, []string) {
	if min <= 1 {
		return docs, names
	}
	count := make([]int, len(names))
	for _, d := range docs {
		for _, e := range d.ex {
			for _, i := range e.feats {
				count[i]++
			}
		}
	}
	remap := make([]int, len(names))
	var kept []string
	for i, n := range names {
		remap[i] = -1
		if count[i] >= min {
			remap[i] = len(kept)
			kept = append(kept, n)
		}
	}
	for di := range docs {
		for ei := range docs[di].ex {
			e := &docs[di].ex[ei]
			v := e.feats[:0]
			for _, i := range e.feats {
				if remap[i] >= 0 {
					v = append(v, remap[i])
				}
			}
			e.feats = v
		}
	}
	return docs, kept
}

// alignLabels marks the candidates that the scorer would match to a gold
// attribution: overlap at least half of the union, one to one, best
// overlap first.
func alignLabels(txt string, gold []eval.Attribution, atts []*attribution) []bool {
	type cand struct {
		g, s int
		r    float64
	}
	chars := func(s, e int) int { return utf8.RuneCountInString(txt[s:e]) }
	var cs []cand
	for gi, g := range gold {
		gc := 0
		for _, sp := range g.Content {
			gc += chars(sp.Start, sp.End)
		}
		for si, at := range atts {
			sp := at.content
			if sp.Len() <= 0 {
				continue
			}
			inter := 0
			for _, gs := range g.Content {
				if s, e := max(gs.Start, sp.Start), min(gs.End, sp.End); s < e {
					inter += chars(s, e)
				}
			}
			union := gc + chars(sp.Start, sp.End) - inter
			if inter > 0 && 2*inter >= union {
				cs = append(cs, cand{gi, si, float64(inter) / float64(union)})
			}
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].r > cs[j].r })
	usedG := make([]bool, len(gold))
	out := make([]bool, len(atts))
	for _, c := range cs {
		if !usedG[c.g] && !out[c.s] {
			usedG[c.g], out[c.s] = true, true
		}
	}
	return out
}

// endExample is one content of the training articles whose end the model
// chooses: the features of each end point and the index of the gold one.
type endExample struct {
	points [][]int
	gold   int
	rules  int   // index of the end the rules chose
	lens   []int // length of the content ending at each point, in bytes
}

// trainEnds trains the end model (see ends.go) on the contents of the
// rules whose start agrees with a gold content's (within a token) and
// whose gold end is one of the end points, one model per fold of the
// articles (article i in fold i%5), without the features of fewer than
// -quote.mincount contents; it reports the held-out accuracy of the rules
// and of the models (and how often the models' end matches the gold one
// under the evaluation's overlap rule), and returns the feature names,
// the weights of each fold's model and their average.
func trainEnds(t *testing.T, f *Finder, dir string) ([]string, [][]float32, []float32) {
	index := map[string]int{}
	var names []string
	var docs [][]endExample
	var arts []int
	var fs featSet
	fs.keep = true
	eachTrainDoc(t, dir, *trainAll, func(art int, txt string, gold []eval.Attribution, doc *dateline.Doc) {
		a := f.candidates(doc)
		var exs []endExample
		for _, at := range a.atts {
			pts := a.endPoints(at)
			if pts == nil {
				continue
			}
			gi := -1
			for _, g := range gold {
				ext := dateline.Span{Start: g.Content[0].Start, End: g.Content[len(g.Content)-1].End}
				gs, ge := a.tokRange(ext)
				if gs < at.cs-1 || gs > at.cs+1 {
					continue
				}
				ge = a.trimEnd(gs, ge)
				for i, p := range pts {
					if p == ge {
						gi = i
					}
				}
				if gi >= 0 {
					break
				}
			}
			if gi < 0 {
				continue
			}
			ex := endExample{gold: gi}
			for i, p := range pts {
				if p == at.ce {
					ex.rules = i
				}
				ex.lens = append(ex.lens, a.toks[p-1].End-a.toks[at.cs].Start)
				a.endFeatures(at, pts, i, &fs)
				var v []int
				for _, n := range fs.names {
					k, ok := index[n]
					if !ok {
						k = len(names)
						index[n] = k
						names = append(names, n)
					}
					v = append(v, k)
				}
				ex.points = append(ex.points, v)
			}
			exs = append(exs, ex)
		}
		docs = append(docs, exs)
		arts = append(arts, art)
	})
	// features of fewer than -quote.mincount contents are dropped: their
	// weights would fit the training articles and little else
	count := make([]int, len(names))
	seen := make([]int, len(names))
	nex := 0
	for _, d := range docs {
		for _, ex := range d {
			nex++
			for _, p := range ex.points {
				for _, i := range p {
					if seen[i] != nex {
						seen[i] = nex
						count[i]++
					}
				}
			}
		}
	}
	for _, d := range docs {
		for _, ex := range d {
			for pi, p := range ex.points {
				v := p[:0]
				for _, i := range p {
					if count[i] >= *trainMinCount {
						v = append(v, i)
					}
				}
				ex.points[pi] = v
			}
		}
	}
	argmax := func(w []float32, ex endExample) int {
		b, bs := 0, float32(0)
		for i, p := range ex.points {
			if s := dot(w, p); i == 0 || s > bs {
				b, bs = i, s
			}
		}
		return b
	}
	train := func(docs [][]endExample) []float32 {
		w := make([]float32, len(names))
		acc := make([]float64, len(names))
		last := make([]int, len(names))
		step := 1
		rng := rand.New(rand.NewSource(7))
		order := rng.Perm(len(docs))
		for ep := 0; ep < 5; ep++ {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			for _, di := range order {
				for _, ex := range docs[di] {
					if p := argmax(w, ex); p != ex.gold {
						for _, upd := range []struct {
							v []int
							d float32
						}{{ex.points[ex.gold], 1}, {ex.points[p], -1}} {
							for _, i := range upd.v {
								acc[i] += float64(w[i]) * float64(step-last[i])
								last[i] = step
								w[i] += upd.d
							}
						}
					}
					step++
				}
			}
		}
		avg := make([]float32, len(names))
		for i := range w {
			acc[i] += float64(w[i]) * float64(step-last[i])
			avg[i] = float32(acc[i] / float64(step))
		}
		return avg
	}
	// held-out accuracy, five folds (article i is in fold i%5)
	var n, rulesOK, modelOK, modelMatch int
	folds := make([][]float32, 5)
	avg := make([]float32, len(names))
	for k := 0; k < 5; k++ {
		var tr [][]endExample
		for i, d := range docs {
			if arts[i]%5 != k {
				tr = append(tr, d)
			}
		}
		w := train(tr)
		folds[k] = w
		for i, x := range w {
			avg[i] += x / 5
		}
		for i, d := range docs {
			if arts[i]%5 != k {
				continue
			}
			for _, ex := range d {
				n++
				if ex.rules == ex.gold {
					rulesOK++
				}
				pr := argmax(w, ex)
				if pr == ex.gold {
					modelOK++
				}
				if lo, hi := min(ex.lens[pr], ex.lens[ex.gold]), max(ex.lens[pr], ex.lens[ex.gold]); 2*lo >= hi {
					modelMatch++
				}
			}
		}
	}
	t.Logf("content ends: %d contents, %d features; held-out accuracy of the rules %.1f%%, of the model %.1f%% (%.1f%% within the evaluation's overlap)",
		n, len(names), 100*float64(rulesOK)/float64(max(n, 1)), 100*float64(modelOK)/float64(max(n, 1)), 100*float64(modelMatch)/float64(max(n, 1)))
	return names, folds, avg
}

// eachTrainDoc calls fn with the article index, the text, the gold
// attributions and the segmented document of every article under dir: of
// its first annotator's file (by name, as eval scores), or of every
// annotator's when all is set.
func eachTrainDoc(t *testing.T, dir string, all bool, fn func(art int, txt string, gold []eval.Attribution, doc *dateline.Doc)) {
	anns, err := filepath.Glob(filepath.Join(dir, "attributions", "*.ann"))
	if err != nil || len(anns) == 0 {
		t.Fatalf("no .ann files under %s/attributions", dir)
	}
	sort.Strings(anns)
	artIndex := map[string]int{}
	seg := text.New()
	for _, ann := range anns {
		base := strings.TrimSuffix(filepath.Base(ann), ".ann")
		art := base
		if i := strings.LastIndexByte(base, '_'); i > 0 {
			art = base[:i]
		}
		ai, seen := artIndex[art]
		if seen && !all {
			continue
		}
		if !seen {
			ai = len(artIndex)
			artIndex[art] = ai
		}
		tb, err := os.ReadFile(filepath.Join(dir, "text", art+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		txt := strings.TrimPrefix(string(tb), "\ufeff")
		af, err := os.Open(ann)
		if err != nil {
			t.Fatal(err)
		}
		bd, err := eval.ParseBrat(filepath.Base(ann), af, txt)
		af.Close()
		if err != nil {
			t.Fatal(err)
		}
		doc := dateline.NewDoc(dateline.Article{ID: art, Text: txt})
		if err := seg.Analyze(context.Background(), doc); err != nil {
			t.Fatal(err)
		}
		fn(ai, txt, bd.Attributions(), doc)
	}
}
