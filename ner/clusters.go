package ner

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
)

// clusterTable maps a word to its cluster ids at several granularities,
// computed by this package from unlabelled text (see cmd/clusters). The
// table is a gzipped text file: one word per line, then its ids separated
// by tabs, coarse to fine.
type clusterTable struct {
	words  map[string][]uint64 // word -> hashed (level, id) features
	digest string
}

func readClusters(r io.Reader) (*clusterTable, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	h := sha256.New()
	ct := &clusterTable{words: map[string][]uint64{}}
	sc := bufio.NewScanner(io.TeeReader(zr, h))
	sc.Buffer(make([]byte, 0, 1<<16), 1<<20)
	ln := 0
	for sc.Scan() {
		ln++
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 2 {
			return nil, fmt.Errorf("clusters line %d: want a word and ids", ln)
		}
		hs := make([]uint64, len(f)-1)
		for i, id := range f[1:] {
			hs[i] = mix(uint64(i+1), hstr(id))
		}
		ct.words[f[0]] = hs
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	ct.digest = hex.EncodeToString(h.Sum(nil))[:12]
	return ct, nil
}

var unknownCluster = []uint64{mix(99, hstr("<unk>"))}

// features returns the cluster features of a word: its own entry, else
// that of its lower-case form.
func (c *clusterTable) features(w string) []uint64 {
	if f, ok := c.words[w]; ok {
		return f
	}
	if f, ok := c.words[strings.ToLower(w)]; ok {
		return f
	}
	return unknownCluster
}
