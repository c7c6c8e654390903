package fulltext

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	bquery "github.com/blevesearch/bleve/v2/search/query"

	"github.com/dateline-news/dateline"
)

// TestPhraseAgainstBleve checks that phraseQuery matches and scores exactly
// as Bleve's MatchPhraseQuery, alone and inside conjunctions (which call
// Advance), on a random corpus of several segments.
func TestPhraseAgainstBleve(t *testing.T) {
	ix := openTest(t)
	ctx := context.Background()
	r := rand.New(rand.NewSource(7))
	words := strings.Fields("grain deal sea black talks peace the of in port ship ships shipping war")
	sentence := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[r.Intn(len(words))])
		}
		return b.String()
	}
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	seq := int64(0)
	for batch := range 6 {
		var docs []*dateline.Stored
		for i := range 150 {
			seq++
			id := fmt.Sprintf("d%03d", (batch*150+i)%700) // later batches replace some
			docs = append(docs, &dateline.Stored{Doc: dateline.NewDoc(dateline.Article{
				ID:    id,
				Date:  start.AddDate(0, 0, r.Intn(60)),
				Title: sentence(1 + r.Intn(6)),
				Text:  sentence(5 + r.Intn(40)),
			})})
		}
		if err := ix.Apply(ctx, docs, seq); err != nil {
			t.Fatal(err)
		}
	}

	run := func(q bquery.Query) map[string]float64 {
		t.Helper()
		pre, err := ix.bm25PreSearch()
		if err != nil {
			t.Fatal(err)
		}
		req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
		req.PreSearchData = pre
		res, err := ix.idx.SearchInContext(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		out := make(map[string]float64, len(res.Hits))
		for _, h := range res.Hits {
			out[h.ID] = h.Score
		}
		return out
	}
	theirs := func(field, text string) bquery.Query {
		q := bleve.NewMatchPhraseQuery(text)
		q.SetField(field)
		q.Analyzer = en.AnalyzerName
		return q
	}
	ours := func(field, text string) bquery.Query {
		return phraseQuery{field: field, slots: ix.analyze(text)}
	}
	phrases := []string{
		"black sea", "grain deal", "the grain deal", "sea of grain", "ship ships", "peace talks peace",
		"war war", "talks in the port", "shipping black sea grain", "deal grain deal", "sea sea sea",
	}
	for range 30 {
		phrases = append(phrases, sentence(2+r.Intn(3)))
	}
	content := strings.Fields("grain deal sea black talks peace port ship war")
	matched := make(map[string]int) // hits per case, to know the test tests
	defer func() {
		for _, name := range []string{"alone", "and term", "and dates", "or term", "term not"} {
			if matched[name] < 50 {
				t.Errorf("case %q matched only %d documents in all", name, matched[name])
			}
		}
		t.Logf("hits per case: %v", matched)
	}()
	for _, field := range []string{fieldText, fieldTitle} {
		for _, p := range phrases {
			if len(ix.analyze(p)) < 2 {
				continue // not a phrase to the index
			}
			term := bleve.NewTermQuery(ix.analyze(content[r.Intn(len(content))])[0].term)
			term.SetField(fieldText)
			from, to := float64(dayNumber(start.AddDate(0, 0, 10))), float64(dayNumber(start.AddDate(0, 0, 30)))
			inclusive := true
			dates := bleve.NewNumericRangeInclusiveQuery(&from, &to, &inclusive, &inclusive)
			dates.SetField(fieldDay)
			cases := []struct {
				name         string
				theirs, ours bquery.Query
			}{
				{"alone", theirs(field, p), ours(field, p)},
				{"and term", bleve.NewConjunctionQuery(term, theirs(field, p)), bleve.NewConjunctionQuery(term, ours(field, p))},
				{"and dates", bleve.NewConjunctionQuery(theirs(field, p), unscored{dates}), bleve.NewConjunctionQuery(ours(field, p), unscored{dates})},
				{"or term", bleve.NewDisjunctionQuery(term, theirs(field, p)), bleve.NewDisjunctionQuery(term, ours(field, p))},
				{"term not", bleve.NewBooleanQuery(), bleve.NewBooleanQuery()},
			}
			cases[4].theirs.(*bquery.BooleanQuery).AddMust(term)
			cases[4].theirs.(*bquery.BooleanQuery).AddMustNot(theirs(field, p))
			cases[4].ours.(*bquery.BooleanQuery).AddMust(term)
			cases[4].ours.(*bquery.BooleanQuery).AddMustNot(ours(field, p))
			for _, c := range cases {
				want, got := run(c.theirs), run(c.ours)
				matched[c.name] += len(want)
				if len(got) != len(want) {
					t.Errorf("%s %q %s: %d hits, Bleve %d", field, p, c.name, len(got), len(want))
					continue
				}
				for id, w := range want {
					g, ok := got[id]
					if !ok || math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
						t.Errorf("%s %q %s: %s scores %v (found %v), Bleve %v", field, p, c.name, id, g, ok, w)
						break
					}
				}
			}
		}
	}
}
