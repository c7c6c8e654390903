package dedup

import (
	"fmt"
	"sync"
)

// Match is what Index.Add found for a text.
type Match struct {
	// Group is the id of the group the text belongs to: the id of the
	// earliest text added of its group (the text's own id when it is new).
	Group string
	// Duplicate is true when the text is a near-duplicate of an earlier one.
	Duplicate bool
	// Of is the id of the most similar earlier text, and Similarity the
	// estimated Jaccard similarity to it ("" and 0 when not a duplicate).
	Of         string
	Similarity float64
}

// Index finds near-duplicates among the texts added to it, incrementally. It
// is safe for concurrent use.
//
// Memory: a signature (4 bytes a hash, 512 bytes by default) and one entry
// in each band's table per text: about 1.5 KB a text with the defaults.
type Index struct {
	h *Hasher

	mu     sync.Mutex
	ids    []string
	sigs   []Signature
	parent []int32 // union-find of the groups; a root is its group's earliest text
	byID   map[string]int32
	bands  []map[uint64][]int32
	stamp  []uint32 // candidate de-duplication: stamp[i] == round when seen
	round  uint32
}

// NewIndex returns an empty index.
func NewIndex(opts Options) (*Index, error) {
	h, err := NewHasher(opts)
	if err != nil {
		return nil, err
	}
	ix := &Index{h: h, byID: make(map[string]int32), bands: make([]map[uint64][]int32, h.opts.Bands)}
	for i := range ix.bands {
		ix.bands[i] = make(map[uint64][]int32)
	}
	return ix, nil
}

// Hasher returns the hasher of the index's signatures.
func (ix *Index) Hasher() *Hasher { return ix.h }

// Len returns the number of texts in the index.
func (ix *Index) Len() int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return len(ix.ids)
}

// Add computes the signature of text, finds the most similar earlier text
// whose estimated similarity reaches the threshold, and adds the text under
// id, in that text's group. A text similar to texts of two groups merges
// them. Adding an id again replaces nothing: it returns the group the id
// already has.
func (ix *Index) Add(id, text string) Match {
	return ix.AddSignature(id, ix.h.Signature(text))
}

// AddSignature is Add with a signature computed by the index's Hasher (or
// kept by a store from an earlier run: an index is rebuilt by adding the
// stored signatures in their original order).
func (ix *Index) AddSignature(id string, sig Signature) Match {
	keys := ix.bandKeys(sig)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if i, ok := ix.byID[id]; ok {
		return Match{Group: ix.ids[ix.find(i)]}
	}
	best, bestSim := int32(-1), 0.0
	ix.round++
	if ix.round == 0 { // wrapped: clear the stamps
		clear(ix.stamp)
		ix.round = 1
	}
	var linked []int32 // other matches at or above the threshold, to merge
	for b, key := range keys {
		for _, c := range ix.bands[b][key] {
			if ix.stamp[c] == ix.round {
				continue
			}
			ix.stamp[c] = ix.round
			sim := sig.Similarity(ix.sigs[c])
			if sim < ix.h.opts.Threshold {
				continue
			}
			linked = append(linked, c)
			if sim > bestSim || sim == bestSim && c < best {
				best, bestSim = c, sim
			}
		}
	}
	n := int32(len(ix.ids))
	ix.ids = append(ix.ids, id)
	ix.sigs = append(ix.sigs, sig)
	ix.parent = append(ix.parent, n)
	ix.stamp = append(ix.stamp, 0)
	ix.byID[id] = n
	for b, key := range keys {
		ix.bands[b][key] = append(ix.bands[b][key], n)
	}
	if best < 0 {
		return Match{Group: id}
	}
	for _, c := range linked {
		ix.union(c, n)
	}
	return Match{Group: ix.ids[ix.find(n)], Duplicate: true, Of: ix.ids[best], Similarity: bestSim}
}

// Group returns the group of id, and false if id is not in the index.
func (ix *Index) Group(id string) (string, bool) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	i, ok := ix.byID[id]
	if !ok {
		return "", false
	}
	return ix.ids[ix.find(i)], true
}

// Groups returns every group of more than one text: its id and the ids of
// its members in the order they were added (the first is the group id).
func (ix *Index) Groups() map[string][]string {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	groups := make(map[string][]string)
	for i, id := range ix.ids {
		root := ix.ids[ix.find(int32(i))]
		groups[root] = append(groups[root], id)
	}
	for g, m := range groups {
		if len(m) < 2 {
			delete(groups, g)
		}
	}
	return groups
}

// bandKeys returns the hash of each band of the signature; none for an
// empty signature.
func (ix *Index) bandKeys(sig Signature) []uint64 { return ix.h.BandKeys(sig) }

// BandKeys returns the LSH keys of a signature, one a band, for looking up
// candidate near-duplicates (in a map, or in a store's table: the band
// number is mixed into each key, so keys of all bands can share one table).
// An empty signature has none.
func (h *Hasher) BandKeys(sig Signature) []uint64 {
	o := h.opts
	if len(sig) == 0 {
		return nil
	}
	if len(sig) != o.Hashes {
		panic(fmt.Sprintf("dedup: signature of %d hashes, index of %d", len(sig), o.Hashes))
	}
	keys := make([]uint64, o.Bands)
	for b := range keys {
		var x uint64 = uint64(b) * 0x9e3779b97f4a7c15
		for _, v := range sig[b*o.Rows : (b+1)*o.Rows] {
			x = mix(x ^ uint64(v))
		}
		keys[b] = x
	}
	return keys
}

// find returns the root of i's group, halving the path.
func (ix *Index) find(i int32) int32 {
	for ix.parent[i] != i {
		ix.parent[i] = ix.parent[ix.parent[i]]
		i = ix.parent[i]
	}
	return i
}

// union merges the groups of i and j under the earlier root.
func (ix *Index) union(i, j int32) {
	ri, rj := ix.find(i), ix.find(j)
	switch {
	case ri == rj:
	case ri < rj:
		ix.parent[rj] = ri
	default:
		ix.parent[ri] = rj
	}
}
