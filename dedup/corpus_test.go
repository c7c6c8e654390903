package dedup

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/dateline-news/dateline/internal/synth"
)

// doc is one text of the test corpus.
type doc struct {
	id     string
	origin int    // the original it was made from; equal origins are near-duplicates
	kind   string // "original", "rewrite" or "follow-up"
	text   string // headline, blank line, body
}

// boilerplate is what sites add around wire copy.
var boilerplate = [][]string{
	{"Sign up for our morning briefing and get the day's top stories in your inbox.", "Copyright 2024 The Harbour Courier. All rights reserved."},
	{"This article was amended on the day of publication to correct a spelling.", "Follow us on social media for the latest updates from the region."},
	{"Reporting by our correspondents; editing by the night desk.", "Read more: the week in pictures, and our guide to the elections."},
	{"Have a story tip? Contact the newsroom by email or telephone at any hour.", "Support independent journalism: subscribe from one pound a week."},
}

// makeCorpus returns a shuffled corpus of n originals, with up to four
// rewrites of some of them (the positives: shuffled paragraphs, a new
// headline, boilerplate added, an update that adds a paragraph or changes a
// sentence, light word edits, in combination) and two kinds of hard
// negatives: reworked stories that keep every other paragraph of an
// original (Jaccard about 0.3 to 0.7), and follow-up stories that recap a
// paragraph or two of one.
//
// A rewrite whose exact Jaccard similarity to its original is under 0.8 is
// left out: the corpus is of near-duplicates at 0.8 or more, and of other
// stories well under it. makeCorpus also returns how many were left out.
func makeCorpus(seed uint64, n int) ([]doc, int) {
	h, _ := NewHasher(Options{})
	dropped := 0
	g := synth.New(seed, 20000)
	rng := rand.New(rand.NewPCG(seed, 77))
	var docs []doc
	para := func() string {
		return strings.Split(g.Article("p", 0).Text, "\n\n")[0]
	}
	origin := 0
	for i := range n {
		a := g.Article("o", i)
		paras := strings.Split(a.Text, "\n\n")
		docs = append(docs, doc{id: fmt.Sprintf("o%d", i), origin: origin, kind: "original", text: a.Title + "\n\n" + a.Text})
		// Rewrites.
		for r := range rng.IntN(5) {
			ps := append([]string(nil), paras...)
			title := a.Title
			for _, t := range rng.Perm(5)[:1+rng.IntN(3)] {
				switch t {
				case 0: // shuffled paragraphs
					rng.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
				case 1: // a new headline
					title = g.Article("t", 0).Title
				case 2: // boilerplate
					bp := boilerplate[rng.IntN(len(boilerplate))]
					ps = append([]string{bp[0]}, ps...)
					ps = append(ps, bp[1])
				case 3: // an update: a new paragraph, or a changed sentence
					if rng.IntN(2) == 0 {
						ps = append(ps, para())
					} else {
						k := rng.IntN(len(ps))
						sents := strings.SplitAfter(ps[k], ". ")
						sents[rng.IntN(len(sents))] = strings.SplitAfter(para(), ". ")[0]
						ps[k] = strings.Join(sents, "")
					}
				case 4: // light edits: a few words changed
					for range 3 {
						k := rng.IntN(len(ps))
						w := strings.Fields(ps[k])
						w[rng.IntN(len(w))] = "edited"
						ps[k] = strings.Join(w, " ")
					}
				}
			}
			text := title + "\n\n" + strings.Join(ps, "\n\n")
			if exactJaccard(h, text, a.Title+"\n\n"+a.Text) < 0.8 {
				dropped++
				continue
			}
			docs = append(docs, doc{id: fmt.Sprintf("o%d-r%d", i, r), origin: origin, kind: "rewrite", text: text})
		}
		origin++
		// Reworked stories: half the paragraphs kept, the rest new, so
		// that the similarity is high but well under 0.8.
		if rng.IntN(3) == 0 && len(paras) >= 4 {
			var ps []string
			for k, p := range paras {
				if k%2 == 0 {
					ps = append(ps, p)
				} else {
					ps = append(ps, para())
				}
			}
			text := a.Title + "\n\n" + strings.Join(ps, "\n\n")
			if exactJaccard(h, text, a.Title+"\n\n"+a.Text) < 0.7 {
				docs = append(docs, doc{id: fmt.Sprintf("o%d-f", i), origin: origin, kind: "follow-up", text: text})
				origin++
			}
		}
		// Follow-ups: another story that recaps one or two paragraphs.
		if rng.IntN(3) == 0 && len(paras) >= 3 {
			f := g.Article("f", i)
			fps := strings.Split(f.Text, "\n\n")
			fps = append(fps[:1], append(paras[:1+rng.IntN(2)], fps[1:]...)...)
			docs = append(docs, doc{id: fmt.Sprintf("o%d-u", i), origin: origin, kind: "follow-up", text: f.Title + "\n\n" + strings.Join(fps, "\n\n")})
			origin++
		}
	}
	rng.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	return docs, dropped
}

// shingleSet returns the set of shingle hashes of text.
func shingleSet(h *Hasher, text string) map[uint64]struct{} {
	s := make(map[uint64]struct{})
	h.Shingles(text, func(x uint64) { s[x] = struct{}{} })
	return s
}

// jaccard returns the Jaccard similarity of two sets.
func jaccard(a, b map[uint64]struct{}) float64 {
	inter := 0
	for x := range a {
		if _, ok := b[x]; ok {
			inter++
		}
	}
	if u := len(a) + len(b) - inter; u > 0 {
		return float64(inter) / float64(u)
	}
	return 0
}

// exactJaccard returns the Jaccard similarity of the shingle sets of a and b.
func exactJaccard(h *Hasher, a, b string) float64 {
	return jaccard(shingleSet(h, a), shingleSet(h, b))
}
