package dedup

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/dateline-news/dateline/internal/synth"
)

// storyCorpus makes articles about n happenings: each has a few entities
// (drawn from small pools, so that unrelated happenings often share a
// place or a person), words of its own, and two to eight articles over
// three days; the happenings start over ninety days. It returns the
// articles in date order and the happening of each.
func storyCorpus(seed uint64, n int) ([]StoryItem, map[string]int) {
	rng := rand.New(rand.NewPCG(seed, 5))
	g := synth.New(seed, 20000)
	people := make([]string, 40)
	for i := range people {
		people[i] = fmt.Sprintf("Person%c%c Name%d", 'A'+i%26, 'a'+i/26, i)
	}
	places := []string{"Geneva", "Oslo", "Vienna", "Nairobi", "Lima", "Hanoi", "Riga", "Tbilisi", "Dakar", "Quito", "Manila", "Cairo"}
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	var items []StoryItem
	truth := map[string]int{}
	for h := range n {
		ents := []string{places[rng.IntN(len(places))], people[rng.IntN(len(people))], people[rng.IntN(len(people))]}
		topic := make([]string, 8)
		for i := range topic {
			topic[i] = g.Word(3000 + rng.IntN(15000))
		}
		day := start.Add(time.Duration(rng.IntN(90*24)) * time.Hour)
		for k := range 2 + rng.IntN(7) {
			var b strings.Builder
			var mentions []string
			for s := range 12 {
				for w := range 12 {
					switch r := rng.IntN(10); {
					case r < 2:
						b.WriteString(topic[rng.IntN(len(topic))])
					case r == 2 && w > 0:
						e := ents[rng.IntN(len(ents))]
						mentions = append(mentions, e)
						b.WriteString(e)
					default:
						b.WriteString(g.Word(rng.IntN(3000)))
					}
					b.WriteByte(' ')
				}
				b.WriteString(". ")
				if s%4 == 3 {
					b.WriteString("\n\n")
				}
			}
			title := strings.Join([]string{topic[rng.IntN(3)], "in", ents[0], topic[3+rng.IntN(3)]}, " ")
			id := fmt.Sprintf("h%d-a%d", h, k)
			items = append(items, StoryItem{ID: id, Date: day.Add(time.Duration(rng.IntN(72)) * time.Hour), Title: title, Text: b.String(), Entities: mentions})
			truth[id] = h
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Date.Before(items[j].Date) })
	return items, truth
}

func TestStories(t *testing.T) {
	items, truth := storyCorpus(3, 300)
	s := NewStories(StoryOptions{})
	for _, it := range items {
		s.Add(it)
	}
	stories := s.Stories()
	// Pairwise precision and recall of "same story".
	pos := map[string]int{}
	for i, it := range items {
		pos[it.ID] = i
	}
	same := func(groups [][]string) map[pairKey]bool {
		m := map[string][]int{}
		for i, g := range groups {
			for _, id := range g {
				k := fmt.Sprint(i)
				m[k] = append(m[k], pos[id])
			}
		}
		return pairsOf(m)
	}
	var got [][]string
	for _, st := range stories {
		got = append(got, st.Articles)
	}
	byH := map[int][]string{}
	for id, h := range truth {
		byH[h] = append(byH[h], id)
	}
	var want [][]string
	for _, g := range byH {
		want = append(want, g)
	}
	gp, wp := same(got), same(want)
	hit := 0
	for p := range gp {
		if wp[p] {
			hit++
		}
	}
	precision, recall := float64(hit)/float64(len(gp)), float64(hit)/float64(len(wp))
	t.Logf("%d articles about %d happenings: %d stories; pairs: precision %.3f recall %.3f", len(items), len(byH), len(stories), precision, recall)
	if precision < 0.9 || recall < 0.9 {
		t.Errorf("precision %.3f recall %.3f, want at least 0.9", precision, recall)
	}
	// Stories have their span, a title from one of their articles, and their entities.
	titles := map[string]string{}
	for _, it := range items {
		titles[it.ID] = it.Title
	}
	for _, st := range stories {
		if st.First.After(st.Last) || st.ID != st.Articles[0] || len(st.Entities) == 0 {
			t.Fatalf("story %+v", st)
		}
		ok := false
		for _, id := range st.Articles {
			ok = ok || titles[id] == st.Title
		}
		if !ok {
			t.Errorf("story %s: title %q is none of its articles'", st.ID, st.Title)
		}
	}
	// Adding an article again changes nothing.
	if id := s.Add(items[0]); id != stories[0].ID || !slices.Equal(s.Stories()[0].Articles, stories[0].Articles) {
		t.Errorf("re-added: story %q", id)
	}
}

// TestStoriesClosestScansNoLess checks that the closest open story found
// through the word and entity postings is the one a scan of every open
// story finds, article by article, on a corpus of many stories that share
// words and entities; and that the article's vector and entity shares are
// those of a plain reading with maps.
func TestStoriesClosestScansNoLess(t *testing.T) {
	items, _ := storyCorpus(5, 400)
	// A few articles in other scripts and cases, and out of date order.
	extra := []StoryItem{
		{ID: "x1", Date: items[len(items)/2].Date, Title: "ÉLYSÉE Straße İstanbul ΣΟΦΙΑ", Text: "Ünïcödé wörds, KELVIN \u212a \xff\xfe ab abc 123 4567 naïve", Entities: []string{"Paris", "Paris", "Berlin"}},
		{ID: "x2", Date: items[len(items)/3].Date, Title: "", Text: ""},
		{ID: "x3", Date: items[len(items)/3].Date.Add(-72 * time.Hour), Title: items[len(items)/3].Title, Text: items[len(items)/3].Text, Entities: items[len(items)/3].Entities},
	}
	for i, x := range extra {
		k := (i + 1) * len(items) / 4
		items = append(items[:k], append([]StoryItem{x}, items[k:]...)...)
	}
	s := NewStories(StoryOptions{})
	df, docs := map[string]int{}, 0
	joined := 0
	for _, it := range items {
		s.mu.Lock()
		a := s.prepare(it)
		// The vector and entity shares.
		words := refStoryWords(it.Title, it.Text, s.opts.LeadWords)
		docs++
		for w := range words {
			df[w]++
		}
		vec, ents := refTfidf(words, df, docs), refEntityVec(it.Entities)
		if len(a.words) != len(vec) || len(a.ents) != len(ents) {
			t.Fatalf("%s: %d words and %d entities, want %d and %d", it.ID, len(a.words), len(a.ents), len(vec), len(ents))
		}
		for _, sh := range a.words {
			if v, ok := vec[sh.w.s]; !ok || math.Abs(sh.v-v) > 1e-12 {
				t.Fatalf("%s: word %q: %v, want %v", it.ID, sh.w.s, sh.v, v)
			}
		}
		for _, es := range a.ents {
			if v, ok := ents[es.e.name]; !ok || math.Abs(es.v-v) > 1e-12 {
				t.Fatalf("%s: entity %q: %v, want %v", it.ID, es.e.name, es.v, v)
			}
		}
		// A scan of the open stories, in the order they started.
		var want *story
		wantSim := 0.0
		for _, st := range s.active {
			if it.Date.Sub(st.Last) > s.opts.Window || st.First.Sub(it.Date) > s.opts.Window {
				continue
			}
			if sim := scanSimilarity(s, vec, ents, st); sim > wantSim {
				want, wantSim = st, sim
			}
		}
		got, gotSim := s.closest(it.Date, a)
		gotScan := 0.0
		if got != nil {
			gotScan = scanSimilarity(s, vec, ents, got)
		}
		s.join(it, a, got, gotSim)
		s.mu.Unlock()
		// Sums over maps come in any order: similarities agree to rounding,
		// and a story within rounding of the best may stand for it.
		if math.Abs(gotSim-wantSim) > 1e-12 || got != want && (got == nil || math.Abs(gotScan-wantSim) > 1e-12) {
			t.Fatalf("%s: postings give %v (%.6f), a scan %v (%.6f)", it.ID, storyID(got), gotSim, storyID(want), wantSim)
		}
		if got != nil && gotSim >= s.opts.Threshold {
			joined++
		}
	}
	if joined < len(items)/2 {
		t.Errorf("only %d of %d articles joined a story: the check compared little", joined, len(items))
	}
}

// scanSimilarity is the similarity of an article (its tf-idf vector and
// entity shares, by name) to a story, by lookups in the story's terms and
// entities.
func scanSimilarity(s *Stories, vec, ents map[string]float64, st *story) float64 {
	terms := map[string]float64{}
	for w, v := range st.terms {
		terms[w.s] = v
	}
	entities := map[string]float64{}
	for e, v := range st.entities {
		entities[e.name] = v
	}
	words := 0.0
	if st.termsSq > 0 && len(vec) > 0 {
		dot, nu := 0.0, 0.0
		for w, x := range vec {
			dot += x * terms[w]
			nu += x * x
		}
		if nu != 0 {
			words = dot / math.Sqrt(st.termsSq*nu)
		}
	}
	if len(ents) == 0 || len(entities) == 0 {
		return words
	}
	n := float64(len(st.Articles))
	overlap := 0.0
	for e, v := range ents {
		overlap += math.Min(v, entities[e]/n)
	}
	w := s.opts.EntityWeight
	return w*overlap + (1-w)*words
}

// refStoryWords returns the content words of the title (counted twice) and
// of the first lead words of the text, in lower case.
func refStoryWords(title, text string, lead int) map[string]int {
	m := make(map[string]int)
	add := func(s string, weight, limit int) {
		n := 0
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if n >= limit {
				return
			}
			n++
			w = strings.ToLower(w)
			if len(w) < 3 || stopwords[w] {
				continue
			}
			m[w] += weight
		}
	}
	add(title, 2, 1<<30)
	add(text, 1, lead)
	return m
}

// refTfidf returns the unit-length tf-idf vector of the word counts.
func refTfidf(words map[string]int, df map[string]int, docs int) map[string]float64 {
	vec := make(map[string]float64, len(words))
	norm := 0.0
	for w, n := range words {
		idf := math.Log(float64(docs+1) / float64(df[w]))
		v := (1 + math.Log(float64(n))) * idf
		vec[w] = v
		norm += v * v
	}
	if norm > 0 {
		norm = math.Sqrt(norm)
		for w := range vec {
			vec[w] /= norm
		}
	}
	return vec
}

// refEntityVec returns the entities' shares of the mentions.
func refEntityVec(ents []string) map[string]float64 {
	m := make(map[string]float64)
	for _, e := range ents {
		m[e] += 1 / float64(len(ents))
	}
	return m
}

func storyID(st *story) string {
	if st == nil {
		return "none"
	}
	return st.ID
}

// BenchmarkStoriesJoining groups the articles of 3,000 happenings (about
// 15,000 articles, most of which join a story) into stories.
func BenchmarkStoriesJoining(b *testing.B) {
	items, _ := storyCorpus(7, 3000)
	b.ReportAllocs()
	for b.Loop() {
		s := NewStories(StoryOptions{})
		for _, it := range items {
			s.Add(it)
		}
		s.Stories()
	}
	b.ReportMetric(float64(len(items)*b.N)/b.Elapsed().Seconds(), "articles/s")
}
