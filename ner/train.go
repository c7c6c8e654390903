package ner

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"time"

	"github.com/dateline-news/dateline/eval"
)

// TrainOptions controls Train. The zero value trains with the defaults.
type TrainOptions struct {
	Epochs   int     // passes over the training data of the first pass (default 12)
	Epochs2  int     // passes of the second pass (default Epochs)
	Folds    int     // cross-validation folds that give the second pass its first-pass labels on the training data (default 5); 1 trains one pass only
	Seed     uint64  // seed of the shuffling (default 1): equal seeds and data give equal models
	MinCount int     // features seen fewer times in the training data are dropped (default 1)
	Prune    float64 // averaged weights smaller than this in magnitude are dropped (default 0.01)
	Log      io.Writer
}

func (o *TrainOptions) defaults() {
	if o.Epochs <= 0 {
		o.Epochs = 12
	}
	if o.Epochs2 <= 0 {
		o.Epochs2 = o.Epochs
	}
	if o.Folds == 0 {
		o.Folds = 5
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.MinCount <= 0 {
		o.MinCount = 1
	}
	if o.Prune == 0 {
		o.Prune = 0.01
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
}

// trainDoc is a document prepared for training.
type trainDoc struct {
	words [][]string
	gold  [][]int
	ss    []sent
	tags  [][]string // gold tags as in the file, for scoring
}

// tsent is a sentence's features as rows of the trainer.
type tsent struct {
	doc, sent int
	feats     []int32 // rows of all tokens
	offs      []int32 // token i's rows are feats[offs[i]:offs[i+1]]
}

type trainer struct {
	index map[uint32]int32
	keys  []uint32
	w     []float32
	acc   []float64
	tw    [numLabels + 1][numLabels + 1]float32
	tacc  [numLabels + 1][numLabels + 1]float64
	c     float64
}

func newTrainer(index map[uint32]int32, keys []uint32) *trainer {
	n := len(keys) * numLabels
	return &trainer{index: index, keys: keys, w: make([]float32, n), acc: make([]float64, n), c: 1}
}

func (t *trainer) emissions(s *tsent, em [][numLabels]float32) {
	for i := range em {
		em[i] = [numLabels]float32{}
		for _, r := range s.feats[s.offs[i]:s.offs[i+1]] {
			row := t.w[int(r)*numLabels : int(r)*numLabels+numLabels]
			for l, v := range row {
				em[i][l] += v
			}
		}
	}
}

func (t *trainer) upd(r int32, l int, d float32) {
	k := int(r)*numLabels + l
	t.w[k] += d
	t.acc[k] += t.c * float64(d)
}

func (t *trainer) updT(a, b int, d float32) {
	t.tw[a][b] += d
	t.tacc[a][b] += t.c * float64(d)
}

// learn runs the perceptron on one sentence with gold labels.
func (t *trainer) learn(s *tsent, gold []int, em *[][numLabels]float32, pred []int) {
	n := len(gold)
	if cap(*em) < n {
		*em = make([][numLabels]float32, n)
	}
	e := (*em)[:n]
	t.emissions(s, e)
	viterbi(e, &t.tw, pred)
	for i := 0; i < n; i++ {
		if pred[i] != gold[i] {
			for _, r := range s.feats[s.offs[i]:s.offs[i+1]] {
				t.upd(r, gold[i], 1)
				t.upd(r, pred[i], -1)
			}
		}
	}
	for i := 0; i <= n; i++ {
		gp, pp := numLabels, numLabels
		if i > 0 {
			gp, pp = gold[i-1], pred[i-1]
		}
		gn, pn := numLabels, numLabels
		if i < n {
			gn, pn = gold[i], pred[i]
		}
		if gp != pp || gn != pn {
			t.updT(gp, gn, 1)
			t.updT(pp, pn, -1)
		}
	}
	t.c++
}

// average returns the averaged weights as rows, dropping small ones, and
// the averaged transitions.
func (t *trainer) average(prune float64) ([]row, [numLabels + 1][numLabels + 1]float32) {
	var rows []row
	for r, k := range t.keys {
		var rw row
		for l := 0; l < numLabels; l++ {
			i := r*numLabels + l
			v := float64(t.w[i]) - t.acc[i]/t.c
			if math.Abs(v) >= prune {
				rw.labs = append(rw.labs, uint8(l))
				rw.vals = append(rw.vals, float32(v))
			}
		}
		if len(rw.labs) > 0 {
			rw.key = k
			rows = append(rows, rw)
		}
	}
	var tr [numLabels + 1][numLabels + 1]float32
	for a := range tr {
		for b := range tr[a] {
			tr[a][b] = float32(float64(t.tw[a][b]) - t.tacc[a][b]/t.c)
		}
	}
	return rows, tr
}

// featureIndex assigns rows to the feature keys of the given sentences
// seen at least minCount times and returns the sentences as rows.
type featureIndex struct {
	index map[uint32]int32
	keys  []uint32
}

func buildFeatures(docs []trainDoc, minCount int, extract func(f *featSink, d, si, i int)) ([]tsent, *featureIndex) {
	var f featSink
	counts := map[uint32]int32{}
	type raw struct {
		d, s int
		keys []uint32
		offs []int32
	}
	var raws []raw
	for d := range docs {
		for si := range docs[d].ss {
			r := raw{d: d, s: si}
			r.offs = append(r.offs, 0)
			for i := range docs[d].ss[si].toks {
				f.keys = f.keys[:0]
				extract(&f, d, si, i)
				for _, k := range f.keys {
					counts[k]++
				}
				r.keys = append(r.keys, f.keys...)
				r.offs = append(r.offs, int32(len(r.keys)))
			}
			raws = append(raws, r)
		}
	}
	fi := &featureIndex{index: map[uint32]int32{}}
	out := make([]tsent, len(raws))
	for j, r := range raws {
		s := tsent{doc: r.d, sent: r.s, offs: make([]int32, len(r.offs))}
		s.feats = make([]int32, 0, len(r.keys))
		for i := 0; i+1 < len(r.offs); i++ {
			for _, k := range r.keys[r.offs[i]:r.offs[i+1]] {
				if counts[k] < int32(minCount) {
					continue
				}
				id, ok := fi.index[k]
				if !ok {
					id = int32(len(fi.keys))
					fi.index[k] = id
					fi.keys = append(fi.keys, k)
				}
				s.feats = append(s.feats, id)
			}
			s.offs[i+1] = int32(len(s.feats))
		}
		out[j] = s
	}
	return out, fi
}

// runPerceptron trains on the sentences whose document is selected by use,
// calling after (if set) after each epoch with the averaged weights.
func runPerceptron(ss []tsent, docs []trainDoc, fi *featureIndex, epochs int, seed uint64, use func(d int) bool, after func(epoch int, t *trainer)) *trainer {
	t := newTrainer(fi.index, fi.keys)
	var idx []int
	for j, s := range ss {
		if use == nil || use(s.doc) {
			idx = append(idx, j)
		}
	}
	rng := rand.New(rand.NewPCG(seed, seed^0xDA7E))
	var em [][numLabels]float32
	pred := make([]int, 0, 256)
	for ep := 1; ep <= epochs; ep++ {
		rng.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
		for _, j := range idx {
			s := &ss[j]
			g := docs[s.doc].gold[s.sent]
			if cap(pred) < len(g) {
				pred = make([]int, len(g))
			}
			t.learn(s, g, &em, pred[:len(g)])
		}
		if after != nil {
			after(ep, t)
		}
	}
	return t
}

// readTrainDocs reads CoNLL files into training documents.
func readTrainDocs(files []string) ([]trainDoc, int, error) {
	var docs []trainDoc
	tokens := 0
	for _, f := range files {
		cd, err := eval.ReadCoNLL(f)
		if err != nil {
			return nil, 0, err
		}
		for _, d := range cd {
			td := trainDoc{}
			for _, s := range d.Sentences {
				td.words = append(td.words, s.Words)
				td.tags = append(td.tags, s.Tags)
				td.gold = append(td.gold, bilouFromTags(s.Tags))
				tokens += len(s.Words)
			}
			docs = append(docs, td)
		}
	}
	return docs, tokens, nil
}

// Train trains a model on CoNLL-format files (CoNLL-2003 or Universal NER
// columns; see eval.ReadCoNLL) with the embedded gazetteer and word
// clusters, and reports the F1 on devFile (if not "") after every epoch to
// opt.Log. Training is deterministic: the same files, options and
// resources give the same model.
//
// The model has two passes, each an averaged structured perceptron over
// BILOU labels with Viterbi decoding. The second pass also sees the first
// pass's labels and how the first pass labelled the same words and names
// elsewhere in the document; it is trained on first-pass labels of the
// training data obtained by cross-validation (opt.Folds), so that they are
// as noisy as on new text.
func Train(trainFiles []string, devFile string, opt TrainOptions) (*Model, error) {
	opt.defaults()
	start := time.Now()
	res, err := loadResources()
	if err != nil {
		return nil, err
	}
	docs, ntok, err := readTrainDocs(trainFiles)
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("ner: no training data in %v", trainFiles)
	}
	var dev []trainDoc
	if devFile != "" {
		if dev, _, err = readTrainDocs([]string{devFile}); err != nil {
			return nil, err
		}
	}
	m := &Model{gaz: res.gaz, clusters: res.clusters}
	m.Meta = Meta{Format: modelFormat, Epochs: opt.Epochs, Seed: opt.Seed, TrainTokens: ntok,
		Gazetteer: res.gaz.digest, Clusters: res.clusterDigest()}
	for _, f := range trainFiles {
		m.Meta.Train = append(m.Meta.Train, filepath.Base(f))
	}
	if devFile != "" {
		m.Meta.DevFile = filepath.Base(devFile)
	}
	for d := range docs {
		docs[d].ss = m.prepare(docs[d].words)
	}
	for d := range dev {
		dev[d].ss = m.prepare(dev[d].words)
	}
	fmt.Fprintf(opt.Log, "ner: %d documents, %d tokens; prepared in %s\n", len(docs), ntok, time.Since(start).Round(time.Millisecond))

	// First pass.
	f1s, fi1 := buildFeatures(docs, opt.MinCount, func(f *featSink, d, si, i int) {
		f.salt = 0
		baseFeatures(f, &docs[d].ss[si], i)
	})
	fmt.Fprintf(opt.Log, "ner: pass 1: %d features\n", len(fi1.keys))
	evalDev := func(name string, ep int, mm *Model) float64 {
		if len(dev) == 0 {
			return 0
		}
		t0 := time.Now()
		o, by := scoreDocs(mm, dev)
		fmt.Fprintf(opt.Log, "ner: %s epoch %2d: dev F1 %.2f (PER %.2f ORG %.2f LOC %.2f MISC %.2f) [%s]\n", name, ep, o.F1,
			by["PERSON"].F1, by["ORG"].F1, by["LOC"].F1, by["MISC"].F1, time.Since(t0).Round(time.Millisecond))
		return o.F1
	}
	snapshot := func(t *trainer, prev *weights, pass int) *weights {
		rows, tr := t.average(opt.Prune)
		w := newWeights(rows)
		if prev != nil {
			w.trans = prev.trans
		}
		w.trans[pass] = tr
		return w
	}
	twoPass := opt.Folds > 1
	// Cross-validated first-pass labels for the second pass.
	var cv [][][]int
	if twoPass {
		cv = make([][][]int, len(docs))
		for k := 0; k < opt.Folds; k++ {
			t0 := time.Now()
			inFold := func(d int) bool { return d%opt.Folds == k }
			t := runPerceptron(f1s, docs, fi1, opt.Epochs, opt.Seed+uint64(k)+1, func(d int) bool { return !inFold(d) }, nil)
			fm := &Model{gaz: m.gaz, clusters: m.clusters, w: snapshot(t, nil, 0)}
			var f featSink
			var em [][numLabels]float32
			for d := range docs {
				if !inFold(d) {
					continue
				}
				cv[d] = make([][]int, len(docs[d].ss))
				for si := range docs[d].ss {
					cv[d][si] = fm.tagSent(&f, docs[d].ss, si, 0, nil, nil, &em)
				}
			}
			fmt.Fprintf(opt.Log, "ner: fold %d/%d done [%s]\n", k+1, opt.Folds, time.Since(t0).Round(time.Millisecond))
		}
	}
	t1 := runPerceptron(f1s, docs, fi1, opt.Epochs, opt.Seed, nil, func(ep int, t *trainer) {
		evalDev("pass 1", ep, &Model{gaz: m.gaz, clusters: m.clusters, w: snapshot(t, nil, 0)})
	})
	m.w = snapshot(t1, nil, 0)
	f1s, fi1 = nil, nil
	if twoPass {
		m.Meta.TwoPass = true
		m.Meta.Folds = opt.Folds
		m.Meta.Epochs2 = opt.Epochs2
		votes := make([]*votes, len(docs))
		for d := range docs {
			votes[d] = computeVotes(docs[d].ss, cv[d])
		}
		f2s, fi2 := buildFeatures(docs, opt.MinCount, func(f *featSink, d, si, i int) {
			f.salt = salt2
			baseFeatures(f, &docs[d].ss[si], i)
			secondFeatures(f, docs[d].ss, si, i, cv[d], votes[d])
		})
		fmt.Fprintf(opt.Log, "ner: pass 2: %d features\n", len(fi2.keys))
		w1 := m.w
		merge := func(t *trainer) *weights {
			rows1 := w1.sortedRows()
			rows2, tr := t.average(opt.Prune)
			w := newWeights(append(rows1, rows2...))
			w.trans = w1.trans
			w.trans[1] = tr
			return w
		}
		t2 := runPerceptron(f2s, docs, fi2, opt.Epochs2, opt.Seed+100, nil, func(ep int, t *trainer) {
			mm := &Model{gaz: m.gaz, clusters: m.clusters, w: merge(t), Meta: Meta{TwoPass: true}}
			evalDev("pass 2", ep, mm)
		})
		m.w = merge(t2)
	}
	m.Meta.Features = m.w.rows
	if len(dev) > 0 {
		o, by := scoreDocs(m, dev)
		m.Meta.DevF1 = round2(o.F1)
		m.Meta.DevF1ByType = map[string]float64{}
		for t, s := range by {
			m.Meta.DevF1ByType[t] = round2(s.F1)
		}
	}
	fmt.Fprintf(opt.Log, "ner: trained in %s: %d weight rows\n", time.Since(start).Round(time.Millisecond), m.w.rows)
	return m, nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func scoreDocs(m *Model, docs []trainDoc) (eval.CoNLLScores, map[string]eval.CoNLLScores) {
	var sc eval.CoNLLScorer
	for d := range docs {
		labs := m.tagPrepared(docs[d].ss)
		for si := range labs {
			sc.Add(docs[d].tags[si], bioTags(labs[si]))
		}
	}
	return sc.Overall(), sc.ByType()
}
