// Package storetest is a conformance suite for dateline.Store
// implementations: every backend (sqlite, postgres) runs the same tests.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline"
)

// Doc returns a document with every layer filled, for round-trip tests.
func Doc(id string, day string) *dateline.Doc {
	date, err := time.Parse(dateline.DateLayout, day)
	if err != nil {
		panic(err)
	}
	text := "Blinken said on Thursday he urged Lavrov to “end this war”."
	d := dateline.NewDoc(dateline.Article{ID: id, Date: date, Text: text, Title: "Blinken urges Lavrov", Source: "Example Wire"})
	sp := func(s string) dateline.Span {
		for i := 0; i+len(s) <= len(text); i++ {
			if text[i:i+len(s)] == s {
				return dateline.Span{Start: i, End: i + len(s)}
			}
		}
		panic("no " + s)
	}
	d.Sentences = []dateline.Sentence{{Span: dateline.Span{Start: 0, End: len(text)}}}
	d.Tokens = []dateline.Token{{Span: sp("Blinken")}, {Span: sp("said")}, {Span: sp("Thursday")}, {Span: sp("."), Kind: dateline.TokPunct}}
	d.Entities = []dateline.Entity{
		{Span: sp("Blinken"), Text: "Blinken", Type: dateline.EntityPerson, Entity: "Antony Blinken"},
		{Span: sp("Lavrov"), Text: "Lavrov", Type: dateline.EntityPerson, Entity: "Sergei Lavrov"},
	}
	d.Timexes = []dateline.Timex{{Span: sp("Thursday"), Text: "Thursday", Type: dateline.TimexDate, Value: day,
		Range: &dateline.TimeRange{Start: date, End: date.AddDate(0, 0, 1)}}}
	cue := dateline.Mention{Span: sp("said"), Text: "said"}
	src := dateline.Mention{Span: sp("Blinken"), Text: "Blinken"}
	d.Quotes = []dateline.Quote{
		{Span: sp("end this war"), Text: "end this war", Kind: dateline.QuoteMixed, Cue: &cue, Source: &src, Speaker: "Antony Blinken"},
		{Span: sp("he urged"), Text: "he urged", Kind: dateline.QuoteIndirect},
	}
	d.Events = []dateline.Event{{Span: dateline.Span{Start: 0, End: len(text)}, Text: text, Type: "DEMAND",
		Source: &dateline.Actor{Span: sp("Blinken"), Text: "Blinken", Actor: "Antony Blinken"},
		Target: &dateline.Actor{Span: sp("Lavrov"), Text: "Lavrov", Actor: "Sergei Lavrov"}, Date: day}}
	return d
}

// Run runs the conformance suite. open returns a new, empty store; the suite
// closes it.
func Run(t *testing.T, open func(t *testing.T) dateline.Store) {
	ctx := context.Background()
	t.Run("RoundTrip", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		d := Doc("a1", "2023-03-02")
		res, err := s.Put(ctx, []*dateline.Doc{d}, "v1")
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Status != dateline.PutInserted || res[0].Seq == 0 {
			t.Fatalf("put: got %+v, want inserted with a sequence number", res[0])
		}
		got, err := s.Get(ctx, "a1")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Doc, d) {
			t.Errorf("round trip changed the document:\n got %+v\nwant %+v", got.Doc, d)
		}
		if got.Analysis != "v1" || got.Hash != dateline.ContentHash(&d.Article, "v1") || got.Seq != res[0].Seq {
			t.Errorf("bookkeeping: got analysis %q hash %q seq %d", got.Analysis, got.Hash, got.Seq)
		}
		if _, err := s.Get(ctx, "missing"); !errors.Is(err, dateline.ErrNotFound) {
			t.Errorf("get missing: got %v, want ErrNotFound", err)
		}
	})
	t.Run("TimeOfDay", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		d := Doc("t1", "2023-04-03")
		d.Date = time.Date(2023, 4, 3, 14, 30, 0, 0, time.UTC)
		d.HasTime = true
		d.DateSource, d.Lang, d.Author, d.URL = "crawl", "de", "Jane Roe", "https://news.example/x"
		if _, err := s.Put(ctx, []*dateline.Doc{d}, "v1"); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, "t1")
		if err != nil {
			t.Fatal(err)
		}
		if got.DateSource != "crawl" || got.Lang != "de" || got.Author != "Jane Roe" || got.URL != d.URL {
			t.Errorf("metadata: date source %q, language %q, author %q, url %q", got.DateSource, got.Lang, got.Author, got.URL)
		}
		if !got.HasTime || !got.Date.Equal(d.Date) {
			t.Errorf("publication time: got %v (has time %v), want %v", got.Date, got.HasTime, d.Date)
		}
	})
	t.Run("Idempotent", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		a, b := Doc("a", "2023-03-01"), Doc("b", "2023-03-02")
		if _, err := s.Put(ctx, []*dateline.Doc{a, b}, "v1"); err != nil {
			t.Fatal(err)
		}
		res, err := s.Put(ctx, []*dateline.Doc{a, b}, "v1")
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res {
			if r.Status != dateline.PutUnchanged || r.Seq != 0 {
				t.Errorf("re-put of unchanged doc %d: got %+v, want unchanged", i, r)
			}
		}
		b2 := Doc("b", "2023-03-02")
		b2.Text = "Lavrov said nothing."
		b2.Sentences, b2.Tokens, b2.Entities, b2.Timexes, b2.Quotes, b2.Events = nil, nil, nil, nil, nil, nil
		res, err = s.Put(ctx, []*dateline.Doc{b2}, "v1")
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Status != dateline.PutReplaced {
			t.Errorf("changed text: got %v, want replaced", res[0].Status)
		}
		got, err := s.Get(ctx, "b")
		if err != nil {
			t.Fatal(err)
		}
		if got.Text != b2.Text || len(got.Entities) != 0 || len(got.Quotes) != 0 {
			t.Errorf("replacement kept old data: %+v", got.Doc)
		}
		res, err = s.Put(ctx, []*dateline.Doc{a}, "v2")
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Status != dateline.PutReplaced {
			t.Errorf("new analysis version: got %v, want replaced", res[0].Status)
		}
		st, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Articles != 2 || st.Entities != 2 || st.Quotes != 2 || st.Events != 1 || st.Timexes != 1 {
			t.Errorf("stats after replacements: %+v", st)
		}
		h, err := s.Hashes(ctx, []string{"a", "b", "zzz"})
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 2 || h["a"] != dateline.ContentHash(&a.Article, "v2") {
			t.Errorf("hashes: %v", h)
		}
	})
	t.Run("ChangesAndSummaries", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		var docs []*dateline.Doc
		for i := range 25 {
			docs = append(docs, Doc(fmt.Sprintf("d%02d", i), fmt.Sprintf("2023-03-%02d", i+1)))
		}
		if _, err := s.Put(ctx, docs[:10], "v1"); err != nil {
			t.Fatal(err)
		}
		res, err := s.Put(ctx, docs[10:], "v1")
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		last, err := s.Changes(ctx, 0, 0, func(st *dateline.Stored) error {
			ids = append(ids, st.ID)
			if st.Text == "" || st.Seq == 0 {
				t.Errorf("change without article fields: %+v", st)
			}
			if len(st.Quotes) != 2 || st.Quotes[0].Speaker != "Antony Blinken" || len(st.Events) != 1 || st.Events[0].Source == nil {
				t.Errorf("change %s without its quotes and events: %+v %+v", st.ID, st.Quotes, st.Events)
			}
			if len(st.Entities) != 2 || len(st.Timexes) != 1 || st.Timexes[0].Range == nil ||
				st.Timexes[0].Range.Start.Format(dateline.DateLayout) != st.Day() {
				t.Errorf("change %s without its entities and timexes: %+v %+v", st.ID, st.Entities, st.Timexes)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != 25 || ids[0] != "d00" || ids[24] != "d24" || last != res[14].Seq {
			t.Errorf("changes: got %d ids %v, last %d", len(ids), ids, last)
		}
		n := 0
		from, err := s.Changes(ctx, res[4].Seq, 3, func(st *dateline.Stored) error { n++; return nil })
		if err != nil || n != 3 || from != res[7].Seq {
			t.Errorf("changes since with limit: n=%d last=%d err=%v", n, from, err)
		}
		sums, err := s.Summaries(ctx, []string{"d03", "nope", "d01"})
		if err != nil {
			t.Fatal(err)
		}
		if len(sums) != 2 || sums[0].ID != "d03" || sums[1].ID != "d01" || sums[0].Day != "2023-03-04" || sums[0].Title == "" {
			t.Errorf("summaries: %+v", sums)
		}
		texts, err := s.Texts(ctx, []string{"d05", "nope"})
		if err != nil || len(texts) != 1 || texts["d05"] != docs[5].Text {
			t.Errorf("texts: %v %v", texts, err)
		}
		st, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Articles != 25 || st.FirstDay != "2023-03-01" || st.LastDay != "2023-03-25" || st.Sources != 1 || st.Sentences != 25 {
			t.Errorf("stats: %+v", st)
		}
	})
	t.Run("Entities", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		a, b, c := Doc("a", "2023-03-01"), Doc("b", "2023-03-05"), Doc("c", "2023-03-09")
		c.Entities = append(c.Entities, dateline.Entity{Span: c.Entities[0].Span, Text: "Antony Blinken", Type: dateline.EntityPerson, Entity: "Antony Blinken"})
		if _, err := s.Put(ctx, []*dateline.Doc{a, b}, "v1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Put(ctx, []*dateline.Doc{c}, "v1"); err != nil {
			t.Fatal(err)
		}
		ents, err := s.Entities(ctx, dateline.EntityQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ents) != 2 || ents[0].Name != "Antony Blinken" || ents[0].Mentions != 4 || ents[0].Articles != 3 ||
			ents[0].FirstDay != "2023-03-01" || ents[0].LastDay != "2023-03-09" {
			t.Fatalf("entities: %+v", ents)
		}
		if al := ents[0].Aliases; len(al) != 2 || al[0] != (dateline.Alias{Text: "Blinken", Mentions: 3}) {
			t.Errorf("aliases: %+v", al)
		}
		if al := ents[1].Aliases; len(al) != 1 || al[0] != (dateline.Alias{Text: "Lavrov", Mentions: 3}) {
			t.Errorf("aliases of the second entity: %+v", al)
		}
		names := []string{"blinken", "Sergei Lavrov", "ANTONY BLINKEN", "nobody", "Lavrov ", ""}
		known, err := s.KnownNames(ctx, names)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			found, _ := s.FindEntities(ctx, n)
			if known[n] != (len(found) > 0) {
				t.Errorf("KnownNames says %q is %v; FindEntities finds %d", n, known[n], len(found))
			}
		}
		if len(known) != 4 {
			t.Errorf("known names: %v", known)
		}
		// A date range counts only the articles published in it.
		ents, err = s.Entities(ctx, dateline.EntityQuery{From: b.Date, To: c.Date, Type: dateline.EntityPerson, Limit: 1})
		if err != nil || len(ents) != 1 || ents[0].Mentions != 3 || ents[0].Articles != 2 || ents[0].FirstDay != "2023-03-05" {
			t.Errorf("entities in range: %+v %v", ents, err)
		}
		if ents, _ := s.Entities(ctx, dateline.EntityQuery{Type: dateline.EntityOrg}); len(ents) != 0 {
			t.Errorf("type filter: %+v", ents)
		}
		// Replacing the last article without entities moves the last day back.
		c2 := Doc("c", "2023-03-09")
		c2.Text, c2.Sentences, c2.Tokens, c2.Entities, c2.Timexes, c2.Quotes, c2.Events = "Nothing.", nil, nil, nil, nil, nil, nil
		if _, err := s.Put(ctx, []*dateline.Doc{c2}, "v1"); err != nil {
			t.Fatal(err)
		}
		found, err := s.FindEntities(ctx, "blinken")
		if err != nil || len(found) != 1 || found[0].Name != "Antony Blinken" || found[0].Mentions != 2 ||
			found[0].Articles != 2 || found[0].LastDay != "2023-03-05" || len(found[0].Aliases) != 1 {
			t.Errorf("after replacing c: %+v %v", found, err)
		}
		if found, _ := s.FindEntities(ctx, "SERGEI LAVROV"); len(found) != 1 || found[0].Type != dateline.EntityPerson {
			t.Errorf("find by canonical name: %+v", found)
		}
		if found, _ := s.FindEntities(ctx, "nobody"); len(found) != 0 {
			t.Errorf("find unknown: %+v", found)
		}
	})
	t.Run("Events", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		a, b, c := Doc("a", "2023-03-01"), Doc("b", "2023-03-05"), Doc("c", "2023-03-07")
		// b: Lavrov condemns Blinken, and an event without a target.
		b.Events[0].Type = "DISAPPROVE"
		b.Events[0].Source, b.Events[0].Target = b.Events[0].Target, b.Events[0].Source
		b.Events = append(b.Events, dateline.Event{Span: b.Events[0].Span, Text: b.Text, Type: "CONSULT",
			Source: &dateline.Actor{Span: b.Entities[0].Span, Text: "Blinken", Actor: "Antony Blinken"}, Date: "2023-03-04"})
		c.DuplicateOf = "a"
		if _, err := s.Put(ctx, []*dateline.Doc{a, b, c}, "v1"); err != nil {
			t.Fatal(err)
		}
		list := func(q dateline.EventQuery) ([]dateline.EventHit, int) {
			t.Helper()
			hits, total, err := s.Events(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			return hits, total
		}
		hits, total := list(dateline.EventQuery{})
		if total != 4 || len(hits) != 4 || hits[0].ArticleID != "c" || hits[1].ArticleID != "b" || hits[1].Published != "2023-03-05" ||
			hits[1].Title == "" || !reflect.DeepEqual(hits[3].Event, a.Events[0]) {
			t.Fatalf("all events, newest article first: %d %+v", total, hits)
		}
		if _, total = list(dateline.EventQuery{Types: []string{"demand"}}); total != 2 {
			t.Errorf("by type, in another case: %d", total)
		}
		if hits, total = list(dateline.EventQuery{Types: []string{"CONSULT", "DISAPPROVE"}}); total != 2 || hits[0].ArticleID != "b" {
			t.Errorf("by two types: %d %+v", total, hits)
		}
		// Lavrov is the target of a's and c's, the source of b's first.
		if _, total = list(dateline.EventQuery{Actors: []string{"sergei lavrov"}}); total != 3 {
			t.Errorf("by actor as source or target: %d", total)
		}
		if hits, total = list(dateline.EventQuery{Actors: []string{"Antony Blinken"}, Types: []string{"CONSULT"}}); total != 1 || hits[0].Target != nil || hits[0].Date != "2023-03-04" {
			t.Errorf("actor and type: %d %+v", total, hits)
		}
		if _, total = list(dateline.EventQuery{Actors: []string{"Nobody"}}); total != 0 {
			t.Errorf("unknown actor: %d", total)
		}
		if _, total = list(dateline.EventQuery{Dedup: true}); total != 3 {
			t.Errorf("without near-duplicates: %d", total)
		}
		if hits, total = list(dateline.EventQuery{From: b.Date, To: b.Date}); total != 2 || hits[0].ArticleID != "b" {
			t.Errorf("by publication date: %d %+v", total, hits)
		}
		if hits, total = list(dateline.EventQuery{Limit: 1, Offset: 3}); total != 4 || len(hits) != 1 || hits[0].ArticleID != "a" {
			t.Errorf("paging: %d %+v", total, hits)
		}
		// Replacing an article replaces its events.
		b2 := Doc("b", "2023-03-05")
		b2.Events = nil
		if _, err := s.Put(ctx, []*dateline.Doc{b2}, "v2"); err != nil {
			t.Fatal(err)
		}
		if _, total = list(dateline.EventQuery{Actors: []string{"Antony Blinken"}}); total != 2 {
			t.Errorf("after replacing b: %d events of Blinken", total)
		}
	})
	t.Run("Quotes", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		a, b := Doc("a", "2023-03-01"), Doc("b", "2023-03-05")
		// In b, Lavrov is quoted about Blinken.
		b.Quotes[0].Speaker = "Sergei Lavrov"
		b.Quotes[0].Span = dateline.Span{Start: 0, End: 24} // "Blinken said on Thursday"
		b.Quotes[0].Text = b.Text[:24]
		lavrov := strings.Index(b.Text, "Lavrov")
		b.Quotes[0].Source = &dateline.Mention{Span: dateline.Span{Start: lavrov, End: lavrov + len("Lavrov")}, Text: "Lavrov"}
		if _, err := s.Put(ctx, []*dateline.Doc{a, b}, "v1"); err != nil {
			t.Fatal(err)
		}
		list := func(q dateline.QuoteQuery) ([]dateline.QuoteHit, int) {
			t.Helper()
			hits, total, err := s.Quotes(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			return hits, total
		}
		hits, total := list(dateline.QuoteQuery{})
		if total != 4 || len(hits) != 4 || hits[0].ArticleID != "b" || hits[0].Day != "2023-03-05" || hits[0].Title == "" {
			t.Fatalf("all quotes: %d %+v", total, hits)
		}
		hits, total = list(dateline.QuoteQuery{Speakers: []string{"antony blinken"}})
		if total != 1 || hits[0].ArticleID != "a" || hits[0].Cue == nil || hits[0].Cue.Text != "said" || hits[0].Source.Text != "Blinken" {
			t.Errorf("by speaker: %d %+v", total, hits)
		}
		if _, total = list(dateline.QuoteQuery{About: []string{"Antony Blinken"}}); total != 1 {
			t.Errorf("about Blinken: %d, want the quote whose content mentions him", total)
		}
		if hits, total = list(dateline.QuoteQuery{Text: "wars"}); total != 1 || hits[0].ArticleID != "a" {
			t.Errorf("text search (stemmed): %d", total)
		}
		if _, total = list(dateline.QuoteQuery{Text: "thursday blinken"}); total != 1 {
			t.Errorf("text search, two words: %d", total)
		}
		if _, total = list(dateline.QuoteQuery{Text: `"this war" end`}); total != 1 {
			t.Errorf("phrase search: %d", total)
		}
		if _, total = list(dateline.QuoteQuery{Text: `AND OR NOT ( * "`}); total != 0 {
			t.Errorf("query syntax must not leak into the text search: %d", total)
		}
		if _, total = list(dateline.QuoteQuery{Dedup: true}); total != 4 {
			t.Errorf("dedup without duplicates: %d", total)
		}
		if _, total = list(dateline.QuoteQuery{Kind: dateline.QuoteIndirect, From: b.Date}); total != 1 {
			t.Errorf("kind and date: %d", total)
		}
		hits, total = list(dateline.QuoteQuery{Limit: 1, Offset: 3})
		if total != 4 || len(hits) != 1 {
			t.Errorf("paging: %d %d", total, len(hits))
		}
		if hits, total = list(dateline.QuoteQuery{Limit: 2, Offset: 10}); total != 4 || len(hits) != 0 {
			t.Errorf("a page past the end: total %d, %d quotes; want the total of 4 and none", total, len(hits))
		}
		if hits, total = list(dateline.QuoteQuery{About: []string{"antony blinken"}, Limit: 1}); total != 1 || len(hits) != 1 || hits[0].ArticleID != "b" {
			t.Errorf("about, in another case: %d %+v", total, hits)
		}
		// Replacing an article replaces its quotes in the text search too.
		a2 := Doc("a", "2023-03-01")
		a2.Quotes = nil
		if _, err := s.Put(ctx, []*dateline.Doc{a2}, "v2"); err != nil {
			t.Fatal(err)
		}
		if _, total = list(dateline.QuoteQuery{Text: "war"}); total != 0 {
			t.Errorf("after replacing a: %d quotes still match its old quote", total)
		}
		if _, total = list(dateline.QuoteQuery{}); total != 2 {
			t.Errorf("after replacing a: %d quotes", total)
		}
	})
	t.Run("QuotesAboutNotTheirSource", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		// "Blinken said on Thursday" quoted as one span that holds its own
		// source, as an interrupted quote does ("“…,” Blinken said. “…”"):
		// the mention of the speaker does not make it a quote about him.
		a := Doc("a", "2023-03-01")
		a.Quotes = a.Quotes[:1]
		a.Quotes[0].Span = dateline.Span{Start: 0, End: 24}
		a.Quotes[0].Text = a.Text[:24]
		if _, err := s.Put(ctx, []*dateline.Doc{a}, "v1"); err != nil {
			t.Fatal(err)
		}
		if hits, total, err := s.Quotes(ctx, dateline.QuoteQuery{About: []string{"Antony Blinken"}}); err != nil || total != 0 {
			t.Errorf("quotes about Blinken: %d %+v %v; want none, he is their source", total, hits, err)
		}
		if _, total, _ := s.Quotes(ctx, dateline.QuoteQuery{Speakers: []string{"Antony Blinken"}}); total != 1 {
			t.Errorf("quotes by Blinken: %d, want 1", total)
		}
	})
	t.Run("Duplicates", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		a, b, c := Doc("wire-1", "2023-03-02"), Doc("wire-2", "2023-03-03"), Doc("other", "2023-03-01")
		a.URL, b.URL = "https://one.example/a", "https://two.example/b"
		a.Fingerprint = &dateline.Fingerprint{Signature: []byte{1, 2, 3, 4}, Bands: []uint64{7, 1 << 63, 9}}
		b.Fingerprint = &dateline.Fingerprint{Signature: []byte{1, 2, 3, 5}, Bands: []uint64{1 << 63, 11}}
		b.DuplicateOf = "wire-1"
		c.Fingerprint = &dateline.Fingerprint{Signature: []byte{9}, Bands: []uint64{12}}
		if _, err := s.Put(ctx, []*dateline.Doc{a, b, c}, "v1"); err != nil {
			t.Fatal(err)
		}
		cands, err := s.Candidates(ctx, []uint64{1 << 63, 99})
		if err != nil || len(cands) != 2 || cands[0].ID != "wire-1" || cands[1].DuplicateOf != "wire-1" ||
			string(cands[0].Signature) != string(a.Fingerprint.Signature) {
			t.Errorf("candidates: %+v %v", cands, err)
		}
		if cands, _ := s.Candidates(ctx, []uint64{404}); len(cands) != 0 {
			t.Errorf("candidates of an unknown key: %+v", cands)
		}
		for _, id := range []string{"wire-1", "wire-2"} {
			places, err := s.Places(ctx, id)
			if err != nil || len(places) != 2 || places[0].ID != "wire-1" || places[1].URL != "https://two.example/b" || places[1].Day != "2023-03-03" {
				t.Errorf("places of %s: %+v %v", id, places, err)
			}
		}
		if places, _ := s.Places(ctx, "other"); len(places) != 1 {
			t.Errorf("places of an article without duplicates: %+v", places)
		}
		got, err := s.Get(ctx, "wire-2")
		if err != nil || got.DuplicateOf != "wire-1" {
			t.Errorf("duplicate_of not stored: %+v %v", got, err)
		}
		if st, _ := s.Stats(ctx); st.Articles != 3 || st.Unique != 2 {
			t.Errorf("stats: %d articles, %d unique", st.Articles, st.Unique)
		}
	})
	t.Run("EmptyPut", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		res, err := s.Put(ctx, nil, "v1")
		if err != nil || len(res) != 0 {
			t.Errorf("empty put: %v %v", res, err)
		}
		st, err := s.Stats(ctx)
		if err != nil || st.Articles != 0 || st.FirstDay != "" {
			t.Errorf("stats of an empty store: %+v %v", st, err)
		}
	})
}
