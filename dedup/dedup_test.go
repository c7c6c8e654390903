package dedup

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestSignature(t *testing.T) {
	h, err := NewHasher(Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := "The harbour authority said on Tuesday that the new ferry terminal would open next spring.\n\n" +
		"It was delayed by two years after the old quay flooded in the storm of the winter before last."
	s := h.Signature(text)
	if len(s) != 128 || s.Similarity(s) != 1 {
		t.Fatalf("signature %d long, self-similarity %v", len(s), s.Similarity(s))
	}
	// Case, punctuation, white space and paragraph order do not count.
	swapped := "IT WAS DELAYED by two years — after the old quay flooded in the storm of the winter before last!\n \n" +
		"The harbour authority said on Tuesday, that the new ferry terminal would open next spring."
	if sim := s.Similarity(h.Signature(swapped)); sim != 1 {
		t.Errorf("reordered: similarity %v", sim)
	}
	other := "Parliament voted late on Wednesday to extend the emergency powers by another three months."
	if sim := s.Similarity(h.Signature(other)); sim > 0.1 {
		t.Errorf("unrelated: similarity %v", sim)
	}
	if e := h.Signature(" ,. \n\n "); len(e) != 0 || e.Similarity(e) != 0 {
		t.Errorf("no words: %v", e)
	}
	if short := h.Signature("Ceasefire holds"); len(short) != 128 {
		t.Errorf("short text: %d", len(short))
	}
	b, _ := s.MarshalBinary()
	var back Signature
	if err := back.UnmarshalBinary(b); err != nil || !slices.Equal(back, s) {
		t.Errorf("round trip: %v", err)
	}
	// Deterministic: the same seed gives the same signature.
	h2, _ := NewHasher(Options{})
	if !slices.Equal(h2.Signature(text), s) {
		t.Error("not deterministic")
	}
	if _, err := NewHasher(Options{Bands: 30, Rows: 5}); err == nil {
		t.Error("30 bands of 5 rows in 128 hashes: no error")
	}
}

func TestIndex(t *testing.T) {
	ix, err := NewIndex(Options{})
	if err != nil {
		t.Fatal(err)
	}
	base := strings.Repeat("The talks in Geneva resumed on Monday with both delegations present. ", 1) +
		"Officials said the agenda covered the ceasefire line, prisoner exchanges and the grain corridor.\n\n" +
		"A spokesman for the mediators told reporters that progress had been slow but steady, and that a joint statement could follow by Friday.\n\n" +
		"Neither side commented on reports that the talks might move to Vienna next month."
	m := ix.Add("a", base)
	if m.Duplicate || m.Group != "a" {
		t.Errorf("first: %+v", m)
	}
	m = ix.Add("b", "Geneva talks resume\n\n"+base)
	if !m.Duplicate || m.Group != "a" || m.Of != "a" || m.Similarity < 0.8 {
		t.Errorf("headline added: %+v", m)
	}
	m = ix.Add("c", "Parliament voted late on Wednesday to extend the emergency powers by another three months, after a debate of eleven hours.")
	if m.Duplicate || m.Group != "c" {
		t.Errorf("unrelated: %+v", m)
	}
	if m = ix.Add("b", "anything"); m.Group != "a" {
		t.Errorf("added again: %+v", m)
	}
	if g, ok := ix.Group("b"); !ok || g != "a" {
		t.Errorf("Group(b) = %q %v", g, ok)
	}
	if _, ok := ix.Group("zz"); ok {
		t.Error("Group of an unknown id")
	}
	if got := ix.Groups(); len(got) != 1 || !slices.Equal(got["a"], []string{"a", "b"}) || ix.Len() != 3 {
		t.Errorf("groups %v, len %d", got, ix.Len())
	}
}

// pairKey is an unordered pair of corpus positions.
type pairKey [2]int

func pairsOf(groups map[string][]int) map[pairKey]bool {
	pairs := make(map[pairKey]bool)
	for _, m := range groups {
		for i := range m {
			for j := i + 1; j < len(m); j++ {
				pairs[pairKey{min(m[i], m[j]), max(m[i], m[j])}] = true
			}
		}
	}
	return pairs
}

// TestPrecisionRecall measures the duplicate finder on a generated corpus
// of rewrites (at exact Jaccard 0.8 or more from their original) and hard
// negatives (follow-up stories that recap a paragraph or two), over pairs
// of documents: a pair is predicted when the index puts both in one group,
// and true when both come from the same original. It also scores each
// duplicate decision (the document and the earlier one the index matched
// it to) against the exact Jaccard similarity at 0.8.
func TestPrecisionRecall(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 600
	}
	docs, dropped := makeCorpus(1, n)
	ix, err := NewIndex(Options{})
	if err != nil {
		t.Fatal(err)
	}
	pos := make(map[string]int, len(docs))
	var matches []Match
	start := time.Now()
	for i, d := range docs {
		pos[d.id] = i
		matches = append(matches, ix.Add(d.id, d.text))
	}
	elapsed := time.Since(start)

	predicted := make(map[string][]int)
	for g, ids := range ix.Groups() {
		for _, id := range ids {
			predicted[g] = append(predicted[g], pos[id])
		}
	}
	truth := make(map[string][]int)
	for i, d := range docs {
		k := fmt.Sprint(d.origin)
		truth[k] = append(truth[k], i)
	}
	pp, tp := pairsOf(predicted), pairsOf(truth)
	hit := 0
	for p := range pp {
		if tp[p] {
			hit++
		}
	}
	precision := float64(hit) / float64(max(len(pp), 1))
	recall := float64(hit) / float64(max(len(tp), 1))

	// Decisions against exact Jaccard: a decision is right when the matched
	// pair is at 0.8 or more; a document with an earlier one at 0.8 or more
	// (among its true pairs and its follow-up originals) should be matched.
	h := ix.Hasher()
	sets := make([]map[uint64]struct{}, len(docs))
	set := func(i int) map[uint64]struct{} {
		if sets[i] == nil {
			sets[i] = shingleSet(h, docs[i].text)
		}
		return sets[i]
	}
	byOrig := make(map[string]int)
	for i, d := range docs {
		if d.kind == "original" {
			byOrig[d.id] = i
		}
	}
	var decided, decidedRight, should, found int
	var posJ, negJ []float64
	for i, d := range docs {
		m := matches[i]
		if m.Duplicate {
			decided++
			if jaccard(set(i), set(pos[m.Of])) >= 0.8 {
				decidedRight++
			}
		}
		// Earlier documents this one is at 0.8 or more from.
		var earlier []int
		switch d.kind {
		case "follow-up":
			o := byOrig[d.id[:strings.LastIndexByte(d.id, '-')]]
			negJ = append(negJ, jaccard(set(i), set(o)))
			if o < i {
				earlier = append(earlier, o)
			}
		default:
			for _, j := range truth[fmt.Sprint(d.origin)] {
				if j < i {
					earlier = append(earlier, j)
				}
				if j > i && d.kind == "original" {
					posJ = append(posJ, jaccard(set(i), set(j)))
				}
			}
		}
		for _, j := range earlier {
			if jaccard(set(i), set(j)) >= 0.8 {
				should++
				if m.Duplicate {
					found++
				}
				break
			}
		}
	}
	sort.Float64s(posJ)
	sort.Float64s(negJ)
	dprec := float64(decidedRight) / float64(max(decided, 1))
	drec := float64(found) / float64(max(should, 1))
	t.Logf("corpus: %d documents from %d originals (%d rewrites under Jaccard 0.8 left out); rewrite-original Jaccard min %.2f, p5 %.2f, median %.2f; %d hard negatives, Jaccard max %.2f",
		len(docs), n, dropped, posJ[0], posJ[len(posJ)/20], posJ[len(posJ)/2], len(negJ), negJ[len(negJ)-1])
	t.Logf("pairs in one group:       precision %.4f recall %.4f (%d predicted pairs, %d true, %d right)", precision, recall, len(pp), len(tp), hit)
	t.Logf("decisions at Jaccard 0.8: precision %.4f recall %.4f (%d duplicates found, %d to find)", dprec, drec, decided, should)
	t.Logf("signatures and lookups:   %.0f documents/s", float64(len(docs))/elapsed.Seconds())
	if precision < 0.98 || recall < 0.95 {
		t.Errorf("pairs: precision %.4f recall %.4f, want at least 0.98 and 0.95", precision, recall)
	}
	if dprec < 0.98 || drec < 0.95 {
		t.Errorf("decisions: precision %.4f recall %.4f, want at least 0.98 and 0.95", dprec, drec)
	}
}

// BenchmarkAdd measures signatures and lookups per second on news-length
// texts (about 500 words). Run with -cpu 1 for the figure per core.
func BenchmarkAdd(b *testing.B) {
	docs, _ := makeCorpus(2, 2000)
	b.ResetTimer()
	var ix *Index
	for i := 0; i < b.N; i++ {
		if i%len(docs) == 0 {
			b.StopTimer()
			ix, _ = NewIndex(Options{})
			b.StartTimer()
		}
		d := docs[i%len(docs)]
		ix.Add(d.id, d.text)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}
