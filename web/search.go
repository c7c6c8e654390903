package web

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/library"
)

// facetSample is the number of top results facets are counted over.
const facetSample = 200

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
	if sp.EventType != "" {
		q.EventTypes = []string{sp.EventType}
	}
	if sp.Speaker != "" {
		speakers, err := s.speakerNames(ctx, sp.Speaker)
		if err != nil {
			return q, nil, err
		}
		q.Speakers = speakers
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

// search answers a search request.
func (s *Server) search(ctx context.Context, sp searchParams) (*searchResult, error) {
	start := time.Now()
	q, names, err := s.query(ctx, sp)
	if err != nil {
		return nil, err
	}
	out := &searchResult{Query: sp.Text, Offset: sp.Offset, Limit: sp.Limit, Entities: names}
	var sample []string
	res, err := s.lib.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	out.Total, out.Results = res.Total, res.Results
	if sp.EventType != "" {
		if st, err := s.statsNow(ctx); err == nil && st.Events == 0 {
			out.Notes = append(out.Notes, "event_type: the store holds no events yet, so no article matches")
		}
	}
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
