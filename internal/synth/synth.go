// Package synth generates synthetic news-like articles for benchmarks: a
// Zipf-distributed vocabulary (function words first, then made-up content
// words), sentences with capitalised names, numbers, quotations and
// paragraphs, and dates spread over a range. The output is deterministic for
// a seed and contains no third-party text.
package synth

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/dateline-news/dateline"
)

var functionWords = strings.Fields(`the of and to a in that is was for on with as he it by at said from
his an be has have are had but not this were which its their they after been who more also would will
one two about than into over there when up what could last can other new first year some no her we
all them only against most week officials government minister talks president country people`)

var syllables = strings.Fields(`ba ro ka te mi lo sa ven tor dal mer in es on ar cil pra gu nes ta
vor lin da ro mo ke sti fa ri ple zan cor ul tem po bri an gel ha ru`)

var names = strings.Fields(`Anna Boris Carla Dmitri Elena Farid Greta Hassan Ingrid Jonas Katya Luis
Maria Nikolai Olga Pavel Quinn Rosa Stefan Tomas Ursula Viktor Wanda Yusuf Zora`)

var surnames = strings.Fields(`Petrov Lindqvist Moreau Okafor Varga Demir Novak Castillo Brandt Sato
Kowalski Haddad Ionescu Larsen Mendes Nakamura Orlov Quintero Rossi Schmidt Tanaka Weber Young Zubair`)

var places = strings.Fields(`Geneva Oslo Vienna Nairobi Lima Hanoi Riga Tbilisi Dakar Quito Manila Cairo
Warsaw Madrid Ankara Seoul Brussels Jakarta Bogota Accra`)

// Generator makes articles. It is not safe for concurrent use.
type Generator struct {
	rng   *rand.Rand
	vocab []string
	zipf  *rand.Zipf
	// Words is the mean number of words per article (default 500).
	Words int
	// From and Days set the range of publication dates (default 2023-01-01 and 730 days).
	From time.Time
	Days int
}

// New returns a generator with a vocabulary of vocabSize words.
func New(seed uint64, vocabSize int) *Generator {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	vocab := append([]string(nil), functionWords...)
	seen := make(map[string]bool, vocabSize)
	for _, w := range vocab {
		seen[w] = true
	}
	for len(vocab) < vocabSize {
		n := 2 + rng.IntN(3)
		var b strings.Builder
		for range n {
			b.WriteString(syllables[rng.IntN(len(syllables))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			vocab = append(vocab, w)
		}
	}
	return &Generator{
		rng:   rng,
		vocab: vocab,
		zipf:  rand.NewZipf(rng, 1.07, 2, uint64(len(vocab)-1)),
		Words: 500,
		From:  time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC),
		Days:  730,
	}
}

// Word returns the vocabulary word of the given frequency rank (0 = most frequent).
func (g *Generator) Word(rank int) string { return g.vocab[rank] }

// VocabSize returns the number of words in the vocabulary.
func (g *Generator) VocabSize() int { return len(g.vocab) }

// Article returns the next article, with id prefix-N.
func (g *Generator) Article(prefix string, n int) *dateline.Article {
	words := g.Words/2 + g.rng.IntN(g.Words+1)
	var b strings.Builder
	b.Grow(words * 7)
	sentInPara := 0
	for written := 0; written < words; {
		if written > 0 {
			if sentInPara >= 3+g.rng.IntN(3) {
				b.WriteString("\n\n")
				sentInPara = 0
			} else {
				b.WriteByte(' ')
			}
		}
		written += g.sentence(&b)
		sentInPara++
	}
	return &dateline.Article{
		ID:     fmt.Sprintf("%s-%d", prefix, n),
		Date:   g.From.AddDate(0, 0, g.rng.IntN(g.Days)),
		Text:   b.String(),
		Title:  g.title(),
		Source: "Synthetic " + places[g.rng.IntN(len(places))] + " Times",
	}
}

// Articles yields n articles.
func (g *Generator) Articles(prefix string, n int) iter.Seq2[*dateline.Article, error] {
	return func(yield func(*dateline.Article, error) bool) {
		for i := range n {
			if !yield(g.Article(prefix, i), nil) {
				return
			}
		}
	}
}

func (g *Generator) title() string {
	var parts []string
	for range 4 + g.rng.IntN(4) {
		parts = append(parts, g.vocab[int(g.zipf.Uint64())])
	}
	t := strings.Join(parts, " ")
	return strings.ToUpper(t[:1]) + t[1:]
}

func (g *Generator) person() string {
	return names[g.rng.IntN(len(names))] + " " + surnames[g.rng.IntN(len(surnames))]
}

// sentence writes one sentence and returns its number of words.
func (g *Generator) sentence(b *strings.Builder) int {
	n := 8 + g.rng.IntN(22)
	quote := g.rng.IntN(6) == 0
	if quote {
		b.WriteString("“")
	}
	for i := range n {
		if i > 0 {
			if g.rng.IntN(12) == 0 {
				b.WriteByte(',')
			}
			b.WriteByte(' ')
		}
		var w string
		switch r := g.rng.IntN(40); {
		case r == 0:
			w = g.person()
		case r == 1:
			w = places[g.rng.IntN(len(places))]
		case r == 2:
			w = fmt.Sprint(g.rng.IntN(2000))
		default:
			w = g.vocab[int(g.zipf.Uint64())]
		}
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
	}
	if quote {
		b.WriteString(",” ")
		b.WriteString(g.person())
		b.WriteString(" said.")
		return n + 3
	}
	b.WriteByte('.')
	return n
}
