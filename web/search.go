package web

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/library"
)

// Limits of the filters the store cannot apply itself (speaker, event
// type): the server filters the full list of matches, which it refuses to
// do for very broad queries.
const (
	// maxCandidates bounds the matches a speaker filter reads.
	maxCandidates = 20000
	// maxLayerCandidates bounds the matches an event-type filter reads the
	// stored layers of.
	maxLayerCandidates = 2000
	// facetSample is the number of top results facets are counted over.
	facetSample = 200
	// maxQuoteArticles bounds the quotes read to find a speaker's articles.
	maxQuoteArticles = 100000
)

// tooBroad is a query the server will not post-filter: a 422.
type tooBroad struct{ error }

// searchParams is a search request.
type searchParams struct {
	Text          string
	From, To      time.Time
	MFrom, MTo    time.Time
	Entities      []string // names as the user gave them
	Speaker       string
	EventType     string
	Lang          string
	Dedup         bool
	Limit, Offset int
	Facets        bool
}

func (sp searchParams) fingerprint() string {
	return fingerprint("search", sp.Text, dayString(sp.From), dayString(sp.To), dayString(sp.MFrom), dayString(sp.MTo),
		sp.Entities, sp.Speaker, strings.ToUpper(sp.EventType), strings.ToLower(sp.Lang), sp.Dedup)
}

func parseSearch(p *params, defaultLimit int) searchParams {
	sp := searchParams{
		Text:      p.str("q"),
		From:      p.day("from"),
		To:        p.day("to"),
		MFrom:     p.day("mentioned_from"),
		MTo:       p.day("mentioned_to"),
		Entities:  p.strs("entity"),
		Speaker:   p.str("speaker"),
		EventType: strings.ToUpper(p.str("event_type")),
		Lang:      strings.ToLower(p.str("lang")),
		Dedup:     p.bool("dedup"),
		Limit:     p.int("limit", defaultLimit, 1, 100),
		Facets:    p.bool("facets"),
	}
	sp.Offset = p.cursor(sp.fingerprint())
	return sp
}

// searchResult is a page of search results.
type searchResult struct {
	Query      string           `json:"query"`
	Total      int              `json:"total"`
	Offset     int              `json:"offset"`
	Limit      int              `json:"limit"`
	Results    []library.Result `json:"results"`
	NextCursor string           `json:"next_cursor,omitempty"`
	PrevCursor string           `json:"prev_cursor,omitempty"`
	TookMS     float64          `json:"took_ms"`
	Entities   []string         `json:"entities,omitempty"` // canonical names the entity filter stands for
	Facets     *facets          `json:"facets,omitempty"`
	Notes      []string         `json:"notes,omitempty"`
}

// query turns the request into a store query, resolving entity names.
func (s *Server) query(ctx context.Context, sp searchParams) (dateline.Query, []string, error) {
	q := dateline.Query{Text: sp.Text, From: sp.From, To: sp.To, MentionedFrom: sp.MFrom, MentionedTo: sp.MTo,
		Dedup: sp.Dedup, Limit: sp.Limit, Offset: sp.Offset}
	if sp.Lang != "" {
		q.Languages = []string{sp.Lang}
	}
	var names []string
	for _, e := range sp.Entities {
		n, err := s.entityNames(ctx, e)
		if err != nil {
			return q, nil, err
		}
		for _, x := range n {
			if !slices.Contains(names, x) {
				names = append(names, x)
			}
		}
	}
	q.Entities = names
	return q, names, nil
}

func (sp searchParams) postFiltered() bool {
	return sp.Speaker != "" || sp.EventType != ""
}

// search answers a search request.
func (s *Server) search(ctx context.Context, sp searchParams) (*searchResult, error) {
	start := time.Now()
	q, names, err := s.query(ctx, sp)
	if err != nil {
		return nil, err
	}
	out := &searchResult{Query: sp.Text, Offset: sp.Offset, Limit: sp.Limit, Entities: names}
	var sample []string
	if !sp.postFiltered() {
		res, err := s.lib.Search(ctx, q)
		if err != nil {
			return nil, err
		}
		out.Total, out.Results = res.Total, res.Results
		if sp.Facets {
			if sp.Offset == 0 && (len(res.Results) == res.Total || len(res.Results) >= facetSample) {
				for _, r := range res.Results[:min(len(res.Results), facetSample)] {
					sample = append(sample, r.ID)
				}
			} else {
				fq := q
				fq.Limit, fq.Offset = facetSample, 0
				hits, err := s.lib.Index.Search(ctx, fq)
				if err != nil {
					return nil, err
				}
				for _, h := range hits.Hits {
					sample = append(sample, h.ID)
				}
			}
		}
	} else {
		hits, notes, err := s.filteredHits(ctx, q, sp)
		if err != nil {
			return nil, err
		}
		out.Notes = append(out.Notes, notes...)
		out.Total = len(hits)
		page := hits[min(sp.Offset, len(hits)):min(sp.Offset+sp.Limit, len(hits))]
		if out.Results, err = s.results(ctx, q, page); err != nil {
			return nil, err
		}
		if sp.Facets {
			for _, h := range hits[:min(len(hits), facetSample)] {
				sample = append(sample, h.ID)
			}
		}
	}
	if out.Results == nil {
		out.Results = []library.Result{}
	}
	fp := sp.fingerprint()
	if next := sp.Offset + len(out.Results); next < out.Total && len(out.Results) > 0 {
		out.NextCursor = encodeCursor(next, fp)
	}
	if sp.Offset > 0 {
		out.PrevCursor = encodeCursor(max(0, sp.Offset-sp.Limit), fp)
	}
	if sp.Facets {
		if out.Facets, err = s.facetsOf(ctx, sample, out.Total); err != nil {
			return nil, err
		}
	}
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// filteredHits returns every match of q that passes the filters the store
// cannot apply (speaker, event type), in rank order.
func (s *Server) filteredHits(ctx context.Context, q dateline.Query, sp searchParams) ([]dateline.Hit, []string, error) {
	var notes []string
	all := q
	all.Limit, all.Offset = maxCandidates, 0
	hits, err := s.lib.Index.Search(ctx, all)
	if err != nil {
		return nil, nil, err
	}
	if hits.Total > maxCandidates {
		return nil, nil, tooBroad{fmt.Errorf("the speaker and event_type filters read every match, and this query has %d (at most %d): add words, an entity or a date range",
			hits.Total, maxCandidates)}
	}
	keep := hits.Hits
	if sp.Speaker != "" {
		arts, err := s.speakerArticles(ctx, sp.Speaker)
		if err != nil {
			return nil, nil, err
		}
		keep = slices.DeleteFunc(keep, func(h dateline.Hit) bool { return !arts[h.ID] })
	}
	if sp.EventType != "" {
		st, err := s.statsNow(ctx)
		if err != nil {
			return nil, nil, err
		}
		if st.Events == 0 {
			notes = append(notes, "event_type: the store holds no events yet, so no article matches")
			keep = nil
		}
	}
	if len(keep) > 0 && sp.EventType != "" {
		if len(keep) > maxLayerCandidates {
			return nil, nil, tooBroad{fmt.Errorf("the event_type filter reads the layers of every match, and this query has %d (at most %d): add words, an entity or a date range",
				len(keep), maxLayerCandidates)}
		}
		ids := make([]string, len(keep))
		for i, h := range keep {
			ids[i] = h.ID
		}
		fs, err := s.factsFor(ctx, ids)
		if err != nil {
			return nil, nil, err
		}
		keep = slices.DeleteFunc(keep, func(h dateline.Hit) bool {
			f := fs[h.ID]
			return f == nil || !slices.ContainsFunc(f.Events, func(e dateline.Event) bool { return strings.EqualFold(e.Type, sp.EventType) })
		})
	}
	return keep, notes, nil
}

// speakerNames returns the names a speaker filter stands for: the
// canonical names of the entities known by that name, and the name itself
// (a role such as "a senior official" can be a speaker).
func (s *Server) speakerNames(ctx context.Context, name string) ([]string, error) {
	names, err := s.entityNames(ctx, name)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, name) }) {
		names = append(names, name)
	}
	return names, nil
}

// speakerArticles returns the ids of the articles that quote the speaker.
func (s *Server) speakerArticles(ctx context.Context, speaker string) (map[string]bool, error) {
	names, err := s.speakerNames(ctx, speaker)
	if err != nil {
		return nil, err
	}
	hits, total, err := s.lib.Store.Quotes(ctx, dateline.QuoteQuery{Speakers: names, Limit: maxQuoteArticles})
	if err != nil {
		return nil, err
	}
	if total > len(hits) {
		return nil, tooBroad{fmt.Errorf("speaker %q has %d quotes (at most %d can be filtered on)", speaker, total, maxQuoteArticles)}
	}
	arts := make(map[string]bool)
	for _, h := range hits {
		arts[h.ArticleID] = true
	}
	return arts, nil
}

// results returns the summaries and snippets of a page of hits.
func (s *Server) results(ctx context.Context, q dateline.Query, hits []dateline.Hit) ([]library.Result, error) {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	sums, err := s.lib.Store.Summaries(ctx, ids)
	if err != nil {
		return nil, err
	}
	texts, err := s.lib.Store.Texts(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]dateline.Summary, len(sums))
	for _, sm := range sums {
		byID[sm.ID] = sm
	}
	out := make([]library.Result, 0, len(hits))
	for _, h := range hits {
		sm, ok := byID[h.ID]
		if !ok {
			continue
		}
		r := library.Result{Summary: sm, Score: h.Score}
		if text, ok := texts[h.ID]; ok {
			var spans []dateline.Span
			if q.Text != "" {
				if spans, err = s.lib.Index.Match(text, q); err != nil {
					return nil, err
				}
			}
			r.Snippet = library.MakeSnippet(text, spans, 240)
		}
		out = append(out, r)
	}
	return out, nil
}

// facets counts, over the top results of a search, the dates, entities,
// speakers, event types and languages of the articles.
type facets struct {
	// Over is the number of top results counted; Complete says whether
	// that is every match.
	Over          int          `json:"over"`
	Complete      bool         `json:"complete"`
	Dates         []facetCount `json:"dates"`
	People        []facetCount `json:"people"`
	Organisations []facetCount `json:"organisations"`
	Places        []facetCount `json:"places"`
	Other         []facetCount `json:"other"`
	Speakers      []facetCount `json:"speakers"`
	EventTypes    []facetCount `json:"event_types"`
	Languages     []facetCount `json:"languages"`
}

// facetCount is one value of a facet. Date buckets carry their range.
type facetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
}

const facetTop = 10

func (s *Server) facetsOf(ctx context.Context, ids []string, total int) (*facets, error) {
	fs, err := s.factsFor(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := &facets{Over: len(ids), Complete: len(ids) == total}
	ents := map[string]map[string]int{}
	speakers, events, langs := map[string]int{}, map[string]int{}, map[string]int{}
	var days []time.Time
	for _, id := range ids {
		f := fs[id]
		if f == nil {
			continue
		}
		if d, err := time.Parse(dateline.DateLayout, f.Day); err == nil {
			days = append(days, d)
		}
		seen := map[string]bool{}
		for _, e := range f.Entities {
			if seen[e.Type+"\x00"+e.Name] {
				continue
			}
			seen[e.Type+"\x00"+e.Name] = true
			if ents[e.Type] == nil {
				ents[e.Type] = map[string]int{}
			}
			ents[e.Type][e.Name]++
		}
		for _, sp := range f.Speakers {
			speakers[sp]++
		}
		evSeen := map[string]bool{}
		for _, e := range f.Events {
			if !evSeen[e.Type] {
				evSeen[e.Type] = true
				events[e.Type]++
			}
		}
		if f.Lang != "" {
			langs[f.Lang]++
		}
	}
	out.People = topCounts(ents[dateline.EntityPerson], facetTop)
	out.Organisations = topCounts(ents[dateline.EntityOrg], facetTop)
	out.Places = topCounts(ents[dateline.EntityLoc], facetTop)
	out.Other = topCounts(ents[dateline.EntityMisc], facetTop)
	out.Speakers = topCounts(speakers, facetTop)
	out.EventTypes = topCounts(events, 25)
	out.Languages = topCounts(langs, facetTop)
	out.Dates = dateFacet(days)
	return out, nil
}

func topCounts(m map[string]int, n int) []facetCount {
	out := make([]facetCount, 0, len(m))
	for k, v := range m {
		out = append(out, facetCount{Value: k, Count: v})
	}
	slices.SortFunc(out, func(a, b facetCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return strings.Compare(a.Value, b.Value)
	})
	return out[:min(n, len(out))]
}

// dateFacet counts days in calendar buckets (days, weeks or months, so
// that there are at most about 16), newest first.
func dateFacet(days []time.Time) []facetCount {
	if len(days) == 0 {
		return []facetCount{}
	}
	lo := slices.MinFunc(days, time.Time.Compare)
	hi := slices.MaxFunc(days, time.Time.Compare)
	unit := chooseUnit(lo, hi, 16)
	counts := map[time.Time]int{}
	for _, d := range days {
		counts[unit.floor(d)]++
	}
	out := make([]facetCount, 0, len(counts))
	for b, n := range counts {
		end := unit.next(b).AddDate(0, 0, -1)
		out = append(out, facetCount{Value: unit.label(b), Count: n, From: dayString(b), To: dayString(end)})
	}
	slices.SortFunc(out, func(a, b facetCount) int { return strings.Compare(b.From, a.From) })
	return out
}
