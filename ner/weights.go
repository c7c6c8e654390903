package ner

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"slices"
)

// weights is the read-only feature table of a trained model: an
// open-addressing hash table from feature key to a sparse row of label
// weights, and the label transition weights of each pass.
type weights struct {
	mask  uint32
	keys  []uint32 // 0 = empty slot
	offs  []uint32 // start of the row in labs/vals
	lens  []uint8
	labs  []uint8
	vals  []float32
	trans [2][numLabels + 1][numLabels + 1]float32
	rows  int
}

// row is one feature's sparse weights during building.
type row struct {
	key  uint32
	labs []uint8
	vals []float32
}

func newWeights(rows []row) *weights {
	size := 1
	for size < len(rows)*2 {
		size <<= 1
	}
	w := &weights{mask: uint32(size - 1), keys: make([]uint32, size), offs: make([]uint32, size), lens: make([]uint8, size), rows: len(rows)}
	n := 0
	for _, r := range rows {
		n += len(r.labs)
	}
	w.labs = make([]uint8, 0, n)
	w.vals = make([]float32, 0, n)
	for _, r := range rows {
		if len(r.labs) == 0 {
			continue
		}
		s := slot(r.key) & w.mask
		for w.keys[s] != 0 && w.keys[s] != r.key {
			s = (s + 1) & w.mask
		}
		w.keys[s] = r.key
		w.offs[s] = uint32(len(w.labs))
		w.lens[s] = uint8(len(r.labs))
		w.labs = append(w.labs, r.labs...)
		w.vals = append(w.vals, r.vals...)
	}
	return w
}

func slot(k uint32) uint32 { return k * 0x9E3779B1 >> 7 }

// add adds the weights of the features keys to score.
func (w *weights) add(keys []uint32, score *[numLabels]float32) {
	for _, k := range keys {
		s := slot(k) & w.mask
		for {
			kk := w.keys[s]
			if kk == k {
				o := w.offs[s]
				e := o + uint32(w.lens[s])
				labs := w.labs[o:e]
				vals := w.vals[o:e]
				for j, l := range labs {
					score[l&31] += vals[j]
				}
				break
			}
			if kk == 0 {
				break
			}
			s = (s + 1) & w.mask
		}
	}
}

// Serialisation: after the magic, the transition matrices (float32), the
// scale, the number of rows and the rows in key order: the key as a varint
// delta from the previous, a bit mask of labels with a weight, and each
// weight as a zigzag varint of round(value/scale). The stream is gzipped
// by the caller.
const weightsMagic = "dateline-ner-weights-1\n"

func (w *weights) sortedRows() []row {
	rows := make([]row, 0, w.rows)
	for s, k := range w.keys {
		if k == 0 {
			continue
		}
		o := w.offs[s]
		e := o + uint32(w.lens[s])
		rows = append(rows, row{key: k, labs: w.labs[o:e], vals: w.vals[o:e]})
	}
	slices.SortFunc(rows, func(a, b row) int {
		if a.key < b.key {
			return -1
		}
		if a.key > b.key {
			return 1
		}
		return 0
	})
	return rows
}

func (w *weights) write(out io.Writer, scale float32) error {
	bw := bufio.NewWriter(out)
	bw.WriteString(weightsMagic)
	var buf [binary.MaxVarintLen64]byte
	putU := func(v uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], v)]) }
	putI := func(v int64) { bw.Write(buf[:binary.PutVarint(buf[:], v)]) }
	for p := range w.trans {
		for a := range w.trans[p] {
			for b := range w.trans[p][a] {
				binary.Write(bw, binary.LittleEndian, w.trans[p][a][b])
			}
		}
	}
	binary.Write(bw, binary.LittleEndian, scale)
	rows := w.sortedRows()
	putU(uint64(len(rows)))
	var prev uint32
	for _, r := range rows {
		putU(uint64(r.key - prev))
		prev = r.key
		var mask uint32
		for _, l := range r.labs {
			mask |= 1 << l
		}
		putU(uint64(mask))
		// values in label order
		vs := make([]float32, numLabels)
		for j, l := range r.labs {
			vs[l] = r.vals[j]
		}
		for l := 0; l < numLabels; l++ {
			if mask&(1<<l) != 0 {
				putI(int64(math.Round(float64(vs[l] / scale))))
			}
		}
	}
	return bw.Flush()
}

func readWeights(r io.Reader) (*weights, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	magic := make([]byte, len(weightsMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != weightsMagic {
		return nil, errors.New("not a dateline NER weights stream")
	}
	var trans [2][numLabels + 1][numLabels + 1]float32
	if err := binary.Read(br, binary.LittleEndian, &trans); err != nil {
		return nil, err
	}
	var scale float32
	if err := binary.Read(br, binary.LittleEndian, &scale); err != nil {
		return nil, err
	}
	n, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, err
	}
	if n > 1<<26 {
		return nil, fmt.Errorf("implausible row count %d", n)
	}
	rows := make([]row, n)
	labs := make([]uint8, 0, n*4)
	vals := make([]float32, 0, n*4)
	var prev uint32
	for i := range rows {
		d, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, err
		}
		k := prev + uint32(d)
		prev = k
		m, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, err
		}
		start := len(labs)
		for mm := uint32(m); mm != 0; mm &= mm - 1 {
			l := bits.TrailingZeros32(mm)
			if l >= numLabels {
				return nil, fmt.Errorf("bad label %d", l)
			}
			v, err := binary.ReadVarint(br)
			if err != nil {
				return nil, err
			}
			labs = append(labs, uint8(l))
			vals = append(vals, float32(v)*scale)
		}
		rows[i] = row{key: k, labs: labs[start:len(labs):len(labs)], vals: vals[start:len(vals):len(vals)]}
	}
	w := newWeights(rows)
	w.trans = trans
	return w, nil
}
