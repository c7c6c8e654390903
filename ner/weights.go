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
// weights, and the label transition weights of each pass. A slot holds
// its key and where its row is, and a row's labels and weights lie side
// by side, so that a look-up touches two places in memory, not five:
// tagging is bound by these look-ups, and the table is far larger than
// the caches.
type weights struct {
	mask  uint32
	slots []wslot
	cells []wcell // the rows, one after another
	trans [2][numLabels + 1][numLabels + 1]float32
	rows  int
}

// wslot is one slot of the hash table.
type wslot struct {
	key uint32 // 0 = empty slot
	off uint32 // start of the row in cells
	n   uint32 // length of the row
}

// wcell is one label's weight in a row.
type wcell struct {
	lab uint8
	val float32
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
	w := &weights{mask: uint32(size - 1), slots: make([]wslot, size), rows: len(rows)}
	n := 0
	for _, r := range rows {
		n += len(r.labs)
	}
	w.cells = make([]wcell, 0, n)
	for _, r := range rows {
		if len(r.labs) == 0 {
			continue
		}
		s := slot(r.key) & w.mask
		for w.slots[s].key != 0 && w.slots[s].key != r.key {
			s = (s + 1) & w.mask
		}
		w.slots[s] = wslot{key: r.key, off: uint32(len(w.cells)), n: uint32(len(r.labs))}
		for j, l := range r.labs {
			w.cells = append(w.cells, wcell{lab: l, val: r.vals[j]})
		}
	}
	return w
}

func slot(k uint32) uint32 { return k * 0x9E3779B1 >> 7 }

// add adds the weights of the features keys to score.
func (w *weights) add(keys []uint32, score *[numLabels]float32) {
	for _, k := range keys {
		s := slot(k) & w.mask
		for {
			sl := &w.slots[s]
			if sl.key == k {
				for _, c := range w.cells[sl.off : sl.off+sl.n] {
					score[c.lab&31] += c.val
				}
				break
			}
			if sl.key == 0 {
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
	for _, sl := range w.slots {
		if sl.key == 0 {
			continue
		}
		r := row{key: sl.key, labs: make([]uint8, sl.n), vals: make([]float32, sl.n)}
		for j, c := range w.cells[sl.off : sl.off+sl.n] {
			r.labs[j], r.vals[j] = c.lab, c.val
		}
		rows = append(rows, r)
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
