package dedup_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/dateline-news/dateline/dedup"
	"github.com/dateline-news/dateline/internal/synth"
	"github.com/dateline-news/dateline/library"
)

// benchStoryItems returns n synthetic articles as story grouping gets them
// (library.NewStoryItem), in date order, as dense as in the 100,000-article
// load-test store (synth.New(1, 20000) over 730 days: about 137 a day), so
// that a small Zipf vocabulary puts nearly every open story in the
// postings of the common words. Their entities are the people and places
// the generator writes (the entity layer would find those).
func benchStoryItems(n int) []dedup.StoryItem {
	g := synth.New(1, 20000)
	g.Days = max(1, n*730/100000)
	isName, isSurname, isPlace := set(synthNames), set(synthSurnames), set(synthPlaces)
	items := make([]dedup.StoryItem, 0, n)
	for i := range n {
		a := g.Article("b", i)
		words := strings.FieldsFunc(a.Text, func(r rune) bool { return r == ' ' || r == ',' || r == '.' || r == '\n' || r == '“' || r == '”' })
		var ents []string
		for k, w := range words {
			switch {
			case isPlace[w]:
				ents = append(ents, w)
			case isName[w] && k+1 < len(words) && isSurname[words[k+1]]:
				ents = append(ents, w+" "+words[k+1])
			}
		}
		items = append(items, library.NewStoryItem(a.ID, a.Date, a.Title, a.Text, ents))
	}
	slices.SortStableFunc(items, func(a, b dedup.StoryItem) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return items
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// As in internal/synth.
const (
	synthNames    = `Anna Boris Carla Dmitri Elena Farid Greta Hassan Ingrid Jonas Katya Luis Maria Nikolai Olga Pavel Quinn Rosa Stefan Tomas Ursula Viktor Wanda Yusuf Zora`
	synthSurnames = `Petrov Lindqvist Moreau Okafor Varga Demir Novak Castillo Brandt Sato Kowalski Haddad Ionescu Larsen Mendes Nakamura Orlov Quintero Rossi Schmidt Tanaka Weber Young Zubair`
	synthPlaces   = `Geneva Oslo Vienna Nairobi Lima Hanoi Riga Tbilisi Dakar Quito Manila Cairo Warsaw Madrid Ankara Seoul Brussels Jakarta Bogota Accra`
)

// BenchmarkStories groups 20,000 synthetic articles into stories.
func BenchmarkStories(b *testing.B) {
	items := benchStoryItems(20000)
	b.ReportAllocs()
	stories := 0
	for b.Loop() {
		s := dedup.NewStories(dedup.StoryOptions{})
		for _, it := range items {
			s.Add(it)
		}
		stories = len(s.Stories())
	}
	b.ReportMetric(float64(len(items)*b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(stories), "stories")
}
