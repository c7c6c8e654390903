// Command clusters computes the Brown word clusters that dateline's
// named-entity tagger uses as features, from unlabelled text, and writes
// them as ner/data/clusters.tsv.gz: one word per line with the prefixes of
// its cluster's bit string (4, 6, 10 and 20 bits).
//
//	go run ./ner/cmd/clusters -data ../shared/data -out ner/data/clusters.tsv.gz
//
// The text is the word sequence of the corpora under -data that are not
// development or test sets of the tagger: CoNLL-2003 train, PolNeAR,
// TempEval-3, GUM, ConfliBERT. Only the table of words and cluster ids is
// written, never the text.
//
// The algorithm is Brown et al.'s (1992) class-based bigram clustering in
// the form of Liang (2005): words are added in order of frequency, each
// into a cluster of its own, and whenever there are C+1 clusters the two
// whose merge loses the least average mutual information are merged; at
// the end the C clusters are merged into one binary tree, whose paths are
// the bit strings. Deterministic.
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/dateline-news/dateline/eval"
	"github.com/dateline-news/dateline/text"
)

func main() {
	data := flag.String("data", "../shared/data", "the shared data directory")
	out := flag.String("out", "ner/data/clusters.tsv.gz", "output file")
	c := flag.Int("c", 256, "number of clusters")
	minCount := flag.Int("min", 3, "minimum word frequency")
	maxWords := flag.Int("max", 30000, "maximum vocabulary")
	flag.Parse()
	t0 := time.Now()
	sents, err := corpus(*data)
	if err != nil {
		fmt.Fprintln(os.Stderr, "clusters:", err)
		os.Exit(1)
	}
	n := 0
	for _, s := range sents {
		n += len(s)
	}
	fmt.Fprintf(os.Stderr, "clusters: %d sentences, %d tokens [%s]\n", len(sents), n, time.Since(t0).Round(time.Millisecond))
	words, paths := brown(sents, *c, *minCount, *maxWords)
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "clusters:", err)
		os.Exit(1)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	for i, w := range words {
		p := paths[i]
		fmt.Fprintf(bw, "%s", w)
		for _, k := range []int{4, 6, 10, 20} {
			fmt.Fprintf(bw, "\t%s", p[:min(k, len(p))])
		}
		bw.WriteByte('\n')
	}
	bw.Flush()
	zw.Close()
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "clusters:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "clusters: wrote %d words to %s [%s]\n", len(words), *out, time.Since(t0).Round(time.Second))
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// corpus returns the tokenised sentences of the unlabelled text.
func corpus(dir string) ([][]string, error) {
	var out [][]string
	seg := text.New()
	addText := func(s string) {
		toks, sents := seg.Segment(s)
		ti := 0
		for _, se := range sents {
			var ws []string
			for ti < len(toks) && toks[ti].Start < se.End {
				ws = append(ws, s[toks[ti].Start:toks[ti].End])
				ti++
			}
			if len(ws) > 0 {
				out = append(out, ws)
			}
		}
	}
	docs, err := eval.ReadCoNLL(filepath.Join(dir, "conll2003", "train.txt"))
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		out = append(out, d.Words()...)
	}
	globs := []string{
		"polnear/train/text/*.txt", "polnear/dev/text/*.txt",
	}
	for _, g := range globs {
		ps, _ := filepath.Glob(filepath.Join(dir, g))
		sort.Strings(ps)
		for _, p := range ps {
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			addText(string(b))
		}
	}
	ps, _ := filepath.Glob(filepath.Join(dir, "tempeval3", "*", "*.tml"))
	sort.Strings(ps)
	for _, p := range ps {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		s := string(b)
		if i := strings.Index(s, "<TEXT>"); i >= 0 {
			s = s[i:]
		}
		if i := strings.Index(s, "</TEXT>"); i >= 0 {
			s = s[:i]
		}
		s = tagRE.ReplaceAllString(s, "")
		s = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", "\"", "&apos;", "'").Replace(s)
		addText(s)
	}
	ps, _ = filepath.Glob(filepath.Join(dir, "gum", "dep", "*.conllu"))
	sort.Strings(ps)
	for _, p := range ps {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 1<<16), 1<<22)
		var ws []string
		for sc.Scan() {
			l := sc.Text()
			if l == "" {
				if len(ws) > 0 {
					out = append(out, ws)
				}
				ws = nil
				continue
			}
			if l[0] == '#' {
				continue
			}
			fs := strings.SplitN(l, "\t", 3)
			if len(fs) < 2 || strings.ContainsAny(fs[0], "-.") {
				continue
			}
			ws = append(ws, fs[1])
		}
		f.Close()
		if len(ws) > 0 {
			out = append(out, ws)
		}
	}
	if f, err := os.Open(filepath.Join(dir, "conflibert-cameo", "class-train.tsv")); err == nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 1<<16), 1<<22)
		for sc.Scan() {
			s, _, _ := strings.Cut(sc.Text(), "\t")
			addText(s)
		}
		f.Close()
	}
	return out, nil
}

// brown clusters the words of sents and returns the vocabulary and each
// word's bit string.
func brown(sents [][]string, C, minCount, maxWords int) ([]string, []string) {
	freq := map[string]int{}
	for _, s := range sents {
		for _, w := range s {
			freq[w]++
		}
	}
	var words []string
	for w, n := range freq {
		if n >= minCount {
			words = append(words, w)
		}
	}
	sort.Slice(words, func(a, b int) bool {
		if freq[words[a]] != freq[words[b]] {
			return freq[words[a]] > freq[words[b]]
		}
		return words[a] < words[b]
	})
	if len(words) > maxWords {
		words = words[:maxWords]
	}
	id := make(map[string]int, len(words))
	for i, w := range words {
		id[w] = i
	}
	V := len(words)
	type nb struct{ w, n int }
	rightM := make([]map[int]int, V)
	leftM := make([]map[int]int, V)
	for i := range rightM {
		rightM[i] = map[int]int{}
		leftM[i] = map[int]int{}
	}
	total := 0
	for _, s := range sents {
		for i := 0; i+1 < len(s); i++ {
			a, ok1 := id[s[i]]
			b, ok2 := id[s[i+1]]
			if !ok1 || !ok2 {
				continue
			}
			rightM[a][b]++
			leftM[b][a]++
			total++
		}
	}
	toList := func(m map[int]int) []nb {
		l := make([]nb, 0, len(m))
		for k, v := range m {
			l = append(l, nb{k, v})
		}
		sort.Slice(l, func(a, b int) bool { return l[a].w < l[b].w })
		return l
	}
	right := make([][]nb, V)
	left := make([][]nb, V)
	uni := make([]float64, V)
	for i := range right {
		right[i] = toList(rightM[i])
		left[i] = toList(leftM[i])
		for _, e := range right[i] {
			uni[i] += float64(e.n)
		}
		for _, e := range left[i] {
			uni[i] += float64(e.n)
		}
	}
	rightM, leftM = nil, nil
	fmt.Fprintf(os.Stderr, "clusters: %d words, %d bigrams\n", V, total)

	// Clusters live in K = C+1 slots. P[x][y] is the probability of the
	// cluster bigram xy; the marginal m[x] is fixed by the words' counts
	// (Liang's formulation), so adding or merging clusters changes only
	// the terms of the clusters involved. W[x][y] caches the weight of the
	// pair: q(x,y)+q(y,x), or q(x,x) on the diagonal. L2[i][j] (i<j) is the
	// change in mutual information if i and j were merged.
	K := C + 1
	N := 2 * float64(total)
	P := make([][]float64, K)
	W := make([][]float64, K)
	L2 := make([][]float64, K)
	for i := range P {
		P[i] = make([]float64, K)
		W[i] = make([]float64, K)
		L2[i] = make([]float64, K)
	}
	m := make([]float64, K)
	active := make([]bool, K)
	slotOf := make([]int, V)
	for i := range slotOf {
		slotOf[i] = -1
	}
	members := make([][]int, K)
	q := func(p, l, r float64) float64 {
		if p <= 0 {
			return 0
		}
		return p * math.Log(p/(l*r))
	}
	setW := func(x int) {
		for y := 0; y < K; y++ {
			if !active[y] {
				W[x][y], W[y][x] = 0, 0
				continue
			}
			var v float64
			if y == x {
				v = q(P[x][x], m[x], m[x])
			} else {
				v = q(P[x][y], m[x], m[y]) + q(P[y][x], m[y], m[x])
			}
			W[x][y], W[y][x] = v, v
		}
	}
	// wm is the weight between the merge of i and j and cluster x.
	wm := func(i, j, x int) float64 {
		mij := m[i] + m[j]
		return q(P[i][x]+P[j][x], mij, m[x]) + q(P[x][i]+P[x][j], m[x], mij)
	}
	full := func(i, j int) float64 {
		d := 0.0
		for x := 0; x < K; x++ {
			if !active[x] || x == i || x == j {
				continue
			}
			d += wm(i, j, x) - W[i][x] - W[j][x]
		}
		mij := m[i] + m[j]
		d += q(P[i][i]+P[i][j]+P[j][i]+P[j][j], mij, mij) - W[i][i] - W[j][j] - W[i][j]
		return d
	}
	// addTerms adds sign * (the terms of cluster x) to every pair not
	// involving x.
	addTerms := func(x int, sign float64) {
		for i := 0; i < K; i++ {
			if !active[i] || i == x {
				continue
			}
			wix := W[i][x]
			for j := i + 1; j < K; j++ {
				if !active[j] || j == x {
					continue
				}
				L2[i][j] += sign * (wm(i, j, x) - wix - W[j][x])
			}
		}
	}
	fullPairs := func(x int) {
		for y := 0; y < K; y++ {
			if active[y] && y != x {
				L2[min(x, y)][max(x, y)] = full(min(x, y), max(x, y))
			}
		}
	}
	free := []int{}
	for s := K - 1; s >= 0; s-- {
		free = append(free, s)
	}
	add := func(w int) int {
		s := free[len(free)-1]
		free = free[:len(free)-1]
		slotOf[w] = s
		members[s] = []int{w}
		for _, e := range right[w] {
			if t := slotOf[e.w]; t >= 0 {
				P[s][t] += float64(e.n) / N
			}
		}
		for _, e := range left[w] {
			if t := slotOf[e.w]; t >= 0 && e.w != w {
				P[t][s] += float64(e.n) / N
			}
		}
		m[s] = uni[w] / N
		active[s] = true
		setW(s)
		return s
	}
	type node struct{ l, r int }
	var nodes []node
	nodeOf := make([]int, K)
	merge := func(a, b int, record bool) {
		addTerms(a, -1)
		addTerms(b, -1)
		paa := P[a][a] + P[a][b] + P[b][a] + P[b][b]
		for x := 0; x < K; x++ {
			if x == a || x == b {
				continue
			}
			P[a][x] += P[b][x]
			P[x][a] += P[x][b]
		}
		P[a][a] = paa
		m[a] += m[b]
		active[b] = false
		for x := 0; x < K; x++ {
			P[b][x], P[x][b] = 0, 0
		}
		m[b] = 0
		setW(b)
		for _, w := range members[b] {
			slotOf[w] = a
		}
		members[a] = append(members[a], members[b]...)
		members[b] = nil
		free = append(free, b)
		if record {
			nodes = append(nodes, node{nodeOf[a], nodeOf[b]})
			nodeOf[a] = len(nodes) - 1
		}
		setW(a)
		addTerms(a, +1)
		fullPairs(a)
	}
	best := func() (int, int) {
		bi, bj, bv := -1, -1, math.Inf(-1)
		for i := 0; i < K; i++ {
			if !active[i] {
				continue
			}
			for j := i + 1; j < K; j++ {
				if active[j] && L2[i][j] > bv {
					bi, bj, bv = i, j, L2[i][j]
				}
			}
		}
		return bi, bj
	}
	t0 := time.Now()
	next := 0
	for next < V && next < C {
		add(next)
		next++
	}
	for i := 0; i < K; i++ {
		if active[i] {
			setW(i)
		}
	}
	for i := 0; i < K; i++ {
		for j := i + 1; j < K; j++ {
			if active[i] && active[j] {
				L2[i][j] = full(i, j)
			}
		}
	}
	for next < V {
		s := add(next)
		next++
		addTerms(s, +1)
		fullPairs(s)
		a, b := best()
		merge(a, b, false)
		if next%2000 == 0 {
			fmt.Fprintf(os.Stderr, "clusters: %d/%d words [%s]\n", next, V, time.Since(t0).Round(time.Second))
		}
	}
	// Final phase: merge the clusters into one binary tree.
	leafOf := make([]int, V)
	for w := range V {
		leafOf[w] = slotOf[w]
	}
	for s := 0; s < K; s++ {
		nodeOf[s] = -1 - s
	}
	for {
		a, b := best()
		if a < 0 {
			break
		}
		merge(a, b, true)
	}
	root := -1
	for s := 0; s < K; s++ {
		if active[s] {
			root = nodeOf[s]
		}
	}
	leafPath := map[int]string{}
	var walk func(n int, path string)
	walk = func(n int, path string) {
		if n < 0 {
			leafPath[-1-n] = path
			return
		}
		walk(nodes[n].l, path+"0")
		walk(nodes[n].r, path+"1")
	}
	walk(root, "")
	paths := make([]string, V)
	for w := range V {
		paths[w] = leafPath[leafOf[w]]
	}
	return words, paths
}
