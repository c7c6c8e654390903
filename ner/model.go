package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
)

// Meta describes how a model was trained.
type Meta struct {
	Format      int                `json:"format"`
	TwoPass     bool               `json:"two_pass"`
	Epochs      int                `json:"epochs"`
	Epochs2     int                `json:"epochs2,omitempty"`
	Folds       int                `json:"folds,omitempty"`
	Seed        uint64             `json:"seed"`
	Train       []string           `json:"train"`
	TrainTokens int                `json:"train_tokens"`
	Features    int                `json:"features"`
	Gazetteer   string             `json:"gazetteer"` // digest of the gazetteer lists trained with
	Clusters    string             `json:"clusters"`  // digest of the cluster table trained with
	DevF1       float64            `json:"dev_f1,omitempty"`
	DevF1ByType map[string]float64 `json:"dev_f1_by_type,omitempty"`
	DevFile     string             `json:"dev,omitempty"`
}

const modelFormat = 1

// Model is a trained sequence tagger with the gazetteer and cluster
// resources its features use. A Model is read-only once built and safe for
// concurrent use.
type Model struct {
	Meta     Meta
	w        *weights
	gaz      *gazetteer
	clusters *clusterTable
	digest   string
}

// Digest identifies the model's weights (a prefix of the SHA-256 of the
// serialised model).
func (m *Model) Digest() string { return m.digest }

// salt2 separates the features of the second pass from those of the first.
const salt2 = 0x5EC0_0D_9A55

// tagDoc labels the sentences of one document (BILOU label ids).
func (m *Model) tagDoc(doc [][]string) [][]int {
	ss := m.prepare(doc)
	return m.tagPrepared(ss)
}

func (m *Model) tagPrepared(ss []sent) [][]int {
	p1 := make([][]int, len(ss))
	var f featSink
	var em [][numLabels]float32
	for si := range ss {
		p1[si] = m.tagSent(&f, ss, si, 0, nil, nil, &em)
	}
	if !m.Meta.TwoPass {
		return p1
	}
	v := computeVotes(ss, p1)
	p2 := make([][]int, len(ss))
	for si := range ss {
		p2[si] = m.tagSent(&f, ss, si, 1, p1, v, &em)
	}
	return p2
}

func (m *Model) tagSent(f *featSink, ss []sent, si, pass int, p1 [][]int, v *votes, em *[][numLabels]float32) []int {
	s := &ss[si]
	n := len(s.toks)
	if cap(*em) < n {
		*em = make([][numLabels]float32, n)
	}
	e := (*em)[:n]
	for i := 0; i < n; i++ {
		f.keys = f.keys[:0]
		if pass == 0 {
			f.salt = 0
			baseFeatures(f, s, i)
		} else {
			f.salt = salt2
			baseFeatures(f, s, i)
			secondFeatures(f, ss, si, i, p1, v)
		}
		e[i] = [numLabels]float32{}
		m.w.add(f.keys, &e[i])
	}
	out := make([]int, n)
	viterbi(e, &m.w.trans[pass], out)
	return out
}

// viterbi finds the best BILOU label sequence for the emission scores em
// under the transition weights tr (row and column numLabels are the start
// and the end of the sentence) and the BILOU constraints.
func viterbi(em [][numLabels]float32, tr *[numLabels + 1][numLabels + 1]float32, out []int) {
	n := len(em)
	if n == 0 {
		return
	}
	const neg = -math.MaxFloat32
	back := make([][numLabels]uint8, n)
	var cur, next [numLabels]float32
	for l := 0; l < numLabels; l++ {
		if allowed[numLabels][l] {
			cur[l] = tr[numLabels][l] + em[0][l]
		} else {
			cur[l] = neg
		}
	}
	for i := 1; i < n; i++ {
		for l := 0; l < numLabels; l++ {
			best, arg := float32(neg), 0
			for _, p8 := range predecessors[l] {
				p := int(p8)
				if cur[p] == neg {
					continue
				}
				if s := cur[p] + tr[p][l]; s > best {
					best, arg = s, p
				}
			}
			if best == neg {
				next[l] = neg
			} else {
				next[l] = best + em[i][l]
			}
			back[i][l] = uint8(arg)
		}
		cur = next
	}
	best, arg := float32(neg), 0
	for l := 0; l < numLabels; l++ {
		if cur[l] == neg || !allowed[l][numLabels] {
			continue
		}
		if s := cur[l] + tr[l][numLabels]; s > best {
			best, arg = s, l
		}
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = arg
		arg = int(back[i][arg])
	}
}

// votes are the first pass's labels aggregated over a document.
type votes struct {
	word  map[string]*[numTypes + 1]int // lower-case word -> tokens labelled with each type; [numTypes] = all capitalised occurrences
	chunk map[string]*[numTypes]int     // lower-case entity text -> entities of each type
	last  map[string]*[numTypes]int     // lower-case last word of a multi-word entity -> types
	first map[string]*[numTypes]int
}

func chunkKey(ts []tok, c chunk) string {
	var b strings.Builder
	for i := c.start; i < c.end; i++ {
		if i > c.start {
			b.WriteByte(' ')
		}
		b.WriteString(ts[i].lower)
	}
	return b.String()
}

func computeVotes(ss []sent, p1 [][]int) *votes {
	v := &votes{word: map[string]*[numTypes + 1]int{}, chunk: map[string]*[numTypes]int{}, last: map[string]*[numTypes]int{}, first: map[string]*[numTypes]int{}}
	for si := range ss {
		ts := ss[si].toks
		for i := range ts {
			if !ts[i].cap {
				continue
			}
			c := v.word[ts[i].lower]
			if c == nil {
				c = new([numTypes + 1]int)
				v.word[ts[i].lower] = c
			}
			c[numTypes]++
			if t := labelType(p1[si][i]); t >= 0 {
				c[t]++
			}
		}
		for _, ch := range chunksOf(p1[si]) {
			k := chunkKey(ts, ch)
			c := v.chunk[k]
			if c == nil {
				c = new([numTypes]int)
				v.chunk[k] = c
			}
			c[ch.typ]++
			if ch.end-ch.start > 1 {
				for _, x := range []struct {
					m map[string]*[numTypes]int
					w string
				}{{v.last, ts[ch.end-1].lower}, {v.first, ts[ch.start].lower}} {
					c := x.m[x.w]
					if c == nil {
						c = new([numTypes]int)
						x.m[x.w] = c
					}
					c[ch.typ]++
				}
			}
		}
	}
	return v
}

func argmax(c []int) (int, int) {
	best, arg := 0, -1
	for t, n := range c {
		if n > best {
			best, arg = n, t
		}
	}
	return arg, best
}

// secondFeatures appends the second pass's features of token i of
// sentence si: the first pass's labels around it and how the first pass
// labelled the same word and the same entity elsewhere in the document.
func secondFeatures(f *featSink, ss []sent, si, i int, p1 [][]int, v *votes) {
	ts := ss[si].toks
	lab := p1[si]
	n := len(ts)
	at := func(j int) uint64 {
		if j < 0 {
			return 100
		}
		if j >= n {
			return 101
		}
		return uint64(lab[j])
	}
	f.add1(tP1Label, at(i))
	f.add2(tP1Prev, at(i-1), at(i))
	f.add2(tP1Next, at(i), at(i+1))
	f.add3(tP1Tri, at(i-1), at(i), at(i+1))
	f.add1(tP1Prev2, at(i-2))
	f.add1(tP1Next2, at(i+2))
	t := &ts[i]
	own := labelType(lab[i])
	if t.cap {
		if c := v.word[t.lower]; c != nil {
			cc := *c
			if own >= 0 {
				cc[own]--
			}
			cc[numTypes]--
			if typ, best := argmax(cc[:numTypes]); typ >= 0 {
				f.add1(tVote, uint64(typ))
				f.add2(tVotePos, uint64(typ), uint64(lab[i]))
				share := 4 * best / max(1, cc[numTypes])
				f.add2(tVoteShare, uint64(typ), uint64(share))
			}
		}
		if c := v.last[t.lower]; c != nil {
			if typ, _ := argmax(c[:]); typ >= 0 {
				f.add2(tVoteLast, 1, uint64(typ))
			}
		}
		if c := v.first[t.lower]; c != nil {
			if typ, _ := argmax(c[:]); typ >= 0 {
				f.add2(tVoteLast, 2, uint64(typ))
			}
		}
	}
	if own >= 0 {
		for _, ch := range chunksOf(lab) {
			if ch.start <= i && i < ch.end {
				if c := v.chunk[chunkKey(ts, ch)]; c != nil {
					cc := *c
					cc[ch.typ]--
					if typ, _ := argmax(cc[:]); typ >= 0 {
						f.add2(tChunkVote, uint64(typ), uint64(lab[i]))
					}
				}
				break
			}
		}
	}
}

// Write serialises the model, gzipped: a JSON line of metadata, then the
// weights.
func (m *Model) Write(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	meta, err := json.Marshal(m.Meta)
	if err != nil {
		return err
	}
	zw.Write(meta)
	zw.Write([]byte("\n"))
	if err := m.w.write(zw, weightScale(m.w)); err != nil {
		return err
	}
	return zw.Close()
}

// weightScale is the quantisation step of the weights: 1/4096 of the
// largest weight (so that weights round to 13-bit integers).
func weightScale(w *weights) float32 {
	var mx float32
	for _, c := range w.cells {
		if a := float32(math.Abs(float64(c.val))); a > mx {
			mx = a
		}
	}
	if mx == 0 {
		return 1
	}
	return mx / 4096
}

// readModel reads a model written by Write, with the gazetteer and cluster
// resources it was trained with.
func readModel(b []byte, gaz *gazetteer, cl *clusterTable) (*Model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("ner: model: %w", err)
	}
	br := bufio.NewReader(zr)
	line, err := br.ReadBytes('\n')
	if err != nil {
		return nil, fmt.Errorf("ner: model: %w", err)
	}
	m := &Model{gaz: gaz, clusters: cl}
	if err := json.Unmarshal(line, &m.Meta); err != nil {
		return nil, fmt.Errorf("ner: model metadata: %w", err)
	}
	if m.Meta.Format != modelFormat {
		return nil, fmt.Errorf("ner: model format %d, want %d", m.Meta.Format, modelFormat)
	}
	if m.w, err = readWeights(br); err != nil {
		return nil, fmt.Errorf("ner: model weights: %w", err)
	}
	// Gazetteer or cluster files edited since training still work (the
	// features are hashed by name); Version then says so, and retraining
	// (go generate ./ner) lets the weights catch up.
	sum := sha256.Sum256(b)
	m.digest = hex.EncodeToString(sum[:])[:12]
	return m, nil
}
