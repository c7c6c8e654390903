package web

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/library"
)

const (
	// timelineBuckets bounds the buckets of an entity timeline.
	timelineBuckets = 62
	// entityScan is the number of most recent articles mentioning an
	// entity whose layers give its co-occurring entities and events.
	entityScan = 300
	// eventScan is the number of most recent matching articles an events
	// listing reads.
	eventScan = 1000
)

// entityProfile is everything the server knows of one entity name.
type entityProfile struct {
	Name string `json:"name"`
	// Entities are the entities known by Name (a name can stand for
	// several: "Karvenia" the country and the government), with their
	// counts and aliases.
	Entities []dateline.EntityStat `json:"entities"`
	// Names are their canonical names, which the other fields are about.
	Names []string `json:"names"`
	// OthersNamed are other entities also mentioned by Name, not counted
	// here: a name that is a place's and, as a surname, many people's
	// stands for the place (see focusEntities).
	OthersNamed []dateline.EntityStat `json:"others_named,omitempty"`
	Mentions    int64                 `json:"mentions"`
	Articles    int64                 `json:"articles"`
	FirstDay    string                `json:"first_date"`
	LastDay     string                `json:"last_date"`
	Aliases     []dateline.Alias      `json:"aliases"`
	// Timeline counts the articles that mention the entity (all of them)
	// and the events it is the source or target of (in the articles
	// scanned) per time bucket.
	Timeline timeline `json:"timeline"`
	// Cooccurring are the entities mentioned in the same articles, among
	// the ScannedArticles most recent articles mentioning this one.
	Cooccurring     []cooccurrence      `json:"cooccurring"`
	ScannedArticles int                 `json:"scanned_articles"`
	Complete        bool                `json:"complete"` // the scan covered every article mentioning it
	QuotesBy        quotePage           `json:"quotes_by"`
	QuotesAbout     quotePage           `json:"quotes_about"`
	Events          []dateline.EventHit `json:"events"`
	RecentArticles  []library.Result    `json:"recent_articles"`
	Notes           []string            `json:"notes,omitempty"`
}

type cooccurrence struct {
	Entity   string `json:"entity"`
	Type     string `json:"type"`
	Articles int    `json:"articles"`
}

type quotePage struct {
	Total  int                 `json:"total"`
	Quotes []dateline.QuoteHit `json:"quotes"`
}

// maxOthersNamed bounds the other entities a profile lists by name.
const maxOthersNamed = 20

// focusEntities chooses, among the entities found by a name (most
// mentioned first), those a profile of the name is about. The entities
// whose canonical name it is come first; an entity known by it only as a
// mention joins them when it is the only one of its type known so
// ("Dostal" and "Milena Dostal"), and is listed apart otherwise ("Jakarta"
// the city and the hundreds of people surnamed Jakarta, or many Smiths).
// When no entity has the name as canonical name, the profile is about the
// most mentioned entity known by it, and the others are listed apart.
func focusEntities(name string, found []dateline.EntityStat) (mine, others []dateline.EntityStat) {
	var rest []dateline.EntityStat
	for _, e := range found {
		if strings.EqualFold(e.Name, name) {
			mine = append(mine, e)
		} else {
			rest = append(rest, e)
		}
	}
	exact := len(mine) > 0
	if !exact && len(rest) > 0 {
		top := rest[0].Name
		var keep []dateline.EntityStat
		for _, e := range rest {
			if e.Name == top {
				mine = append(mine, e)
			} else {
				keep = append(keep, e)
			}
		}
		rest = keep
	}
	perType := map[string]int{}
	for _, e := range rest {
		perType[e.Type]++
	}
	typeOf := map[string]bool{}
	for _, e := range mine {
		typeOf[e.Type] = true
	}
	for _, e := range rest {
		if exact && typeOf[e.Type] && perType[e.Type] == 1 {
			mine = append(mine, e)
		} else if len(others) < maxOthersNamed {
			others = append(others, e)
		}
	}
	return mine, others
}

// entityProfile gathers what is known of name; ErrNotFound when no entity
// is known by it.
func (s *Server) entityProfile(ctx context.Context, name string, quoteLimit int) (*entityProfile, error) {
	found, err := s.lib.Store.FindEntities(ctx, name)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("entity %q: %w", name, dateline.ErrNotFound)
	}
	mine, others := focusEntities(name, found)
	p := &entityProfile{Name: name, Entities: mine, OthersNamed: others}
	var lo, hi time.Time
	aliases := map[string]int64{}
	for _, e := range mine {
		if !slices.Contains(p.Names, e.Name) {
			p.Names = append(p.Names, e.Name)
		}
		p.Mentions += e.Mentions
		for _, a := range e.Aliases {
			aliases[a.Text] += a.Mentions
		}
		if f, err := time.Parse(dateline.DateLayout, e.FirstDay); err == nil && (lo.IsZero() || f.Before(lo)) {
			lo = f
		}
		if l, err := time.Parse(dateline.DateLayout, e.LastDay); err == nil && l.After(hi) {
			hi = l
		}
	}
	p.FirstDay, p.LastDay = dayString(lo), dayString(hi)
	for t, n := range aliases {
		p.Aliases = append(p.Aliases, dateline.Alias{Text: t, Mentions: n})
	}
	slices.SortFunc(p.Aliases, func(a, b dateline.Alias) int {
		if a.Mentions != b.Mentions {
			return int(b.Mentions - a.Mentions)
		}
		return strings.Compare(a.Text, b.Text)
	})

	// Articles: the total (an entity of two types counts its articles
	// once), and the most recent ones.
	recent, err := s.lib.Search(ctx, dateline.Query{Entities: p.Names, Limit: 10})
	if err != nil {
		return nil, err
	}
	p.Articles = int64(recent.Total)
	p.RecentArticles = recent.Results

	// The timeline: one count query per bucket.
	if !lo.IsZero() {
		unit := chooseUnit(lo, hi, timelineBuckets)
		p.Timeline.Unit = unit.String()
		for b := unit.floor(lo); !b.After(hi); b = unit.next(b) {
			end := unit.next(b).AddDate(0, 0, -1)
			hits, err := s.lib.Index.Search(ctx, dateline.Query{Entities: p.Names, From: b, To: end, Limit: 1})
			if err != nil {
				return nil, err
			}
			p.Timeline.Buckets = append(p.Timeline.Buckets, bucket{From: dayString(b), To: dayString(end), Articles: hits.Total, start: b})
		}
	}

	// Co-occurring entities and events, from the layers of the most recent
	// articles.
	hits, err := s.lib.Index.Search(ctx, dateline.Query{Entities: p.Names, Limit: entityScan})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(hits.Hits))
	for i, h := range hits.Hits {
		ids[i] = h.ID
	}
	p.ScannedArticles, p.Complete = len(ids), len(ids) == hits.Total
	fs, err := s.factsFor(ctx, ids)
	if err != nil {
		return nil, err
	}
	counts := map[entityRef]int{}
	isSelf := func(n string) bool {
		return slices.ContainsFunc(p.Names, func(x string) bool { return strings.EqualFold(x, n) })
	}
	for _, id := range ids {
		f := fs[id]
		if f == nil {
			continue
		}
		for _, e := range f.Entities {
			if !isSelf(e.Name) {
				counts[e]++
			}
		}
		for _, ev := range f.Events {
			if (ev.Source != nil && isSelf(ev.Source.Actor)) || (ev.Target != nil && isSelf(ev.Target.Actor)) {
				p.Events = append(p.Events, dateline.EventHit{Event: ev, ArticleID: id, Published: f.Day})
			}
		}
	}
	for e, n := range counts {
		p.Cooccurring = append(p.Cooccurring, cooccurrence{Entity: e.Name, Type: e.Type, Articles: n})
	}
	slices.SortFunc(p.Cooccurring, func(a, b cooccurrence) int {
		if a.Articles != b.Articles {
			return b.Articles - a.Articles
		}
		return strings.Compare(a.Entity, b.Entity)
	})
	p.Cooccurring = p.Cooccurring[:min(20, len(p.Cooccurring))]
	if p.Cooccurring == nil {
		p.Cooccurring = []cooccurrence{}
	}
	// Events into the timeline, by the date they happened (the article
	// date when the event has none).
	for _, ev := range p.Events {
		d, ok := parseTimeValue(ev.Date)
		if !ok {
			d, _ = time.Parse(dateline.DateLayout, ev.Published)
		}
		for i := range p.Timeline.Buckets {
			b := &p.Timeline.Buckets[i]
			if ds := dayString(d); ds >= b.From && ds <= b.To {
				b.Events++
				break
			}
		}
	}
	if p.Events == nil {
		p.Events = []dateline.EventHit{}
	}
	if !p.Complete {
		p.Notes = append(p.Notes, fmt.Sprintf("co-occurring entities and events are counted over the %d most recent of the %d articles that mention %s",
			p.ScannedArticles, hits.Total, name))
	}
	if st, err := s.statsNow(ctx); err == nil && st.Events == 0 {
		p.Notes = append(p.Notes, "the store holds no events yet: the event layer has not run on these articles")
	}

	// Quotes by and about.
	speakers, err := s.speakerNames(ctx, name)
	if err != nil {
		return nil, err
	}
	for _, n := range p.Names {
		if !slices.Contains(speakers, n) {
			speakers = append(speakers, n)
		}
	}
	if p.QuotesBy, err = s.quotePage(ctx, dateline.QuoteQuery{Speakers: speakers, Limit: quoteLimit, Dedup: true}); err != nil {
		return nil, err
	}
	if p.QuotesAbout, err = s.quotePage(ctx, dateline.QuoteQuery{About: p.Names, Limit: quoteLimit, Dedup: true}); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Server) quotePage(ctx context.Context, q dateline.QuoteQuery) (quotePage, error) {
	hits, total, err := s.lib.Store.Quotes(ctx, q)
	if hits == nil {
		hits = []dateline.QuoteHit{}
	}
	return quotePage{Total: total, Quotes: hits}, err
}

// eventParams is an events listing request.
type eventParams struct {
	Type          string
	Entity        string
	Text          string
	From, To      time.Time
	Limit, Offset int
}

func (ep eventParams) fingerprint() string {
	return fingerprint("events", ep.Type, ep.Entity, ep.Text, dayString(ep.From), dayString(ep.To))
}

func parseEvents(p *params) eventParams {
	ep := eventParams{
		Type:   strings.ToUpper(p.str("type")),
		Entity: p.str("entity"),
		Text:   p.str("q"),
		From:   p.day("from"),
		To:     p.day("to"),
		Limit:  p.int("limit", 50, 1, 500),
	}
	ep.Offset = p.cursor(ep.fingerprint())
	return ep
}

// eventList is a page of events.
type eventList struct {
	Total      int                 `json:"total"`
	Offset     int                 `json:"offset"`
	Events     []dateline.EventHit `json:"events"`
	NextCursor string              `json:"next_cursor,omitempty"`
	// Complete says whether every matching article was read; when it is
	// false, Total counts the events of the ScannedArticles most recent.
	Complete        bool     `json:"complete"`
	ScannedArticles int      `json:"scanned_articles"`
	Notes           []string `json:"notes,omitempty"`
	all             []dateline.EventHit
}

// events lists the events of the articles that match ep, newest articles
// first. Without words to match the store lists them exactly (by type,
// actor and publication date); with words, the server reads the event
// layers of the eventScan most recent articles that match them.
func (s *Server) events(ctx context.Context, ep eventParams) (*eventList, error) {
	out := &eventList{Offset: ep.Offset, Events: []dateline.EventHit{}, Complete: true}
	st, err := s.statsNow(ctx)
	if err != nil {
		return nil, err
	}
	if st.Events == 0 {
		out.Notes = append(out.Notes, "the store holds no events yet: the event layer has not run on these articles; this list fills itself once it has")
		return out, nil
	}
	// The actors to keep: the canonical names of the entity, or, when no
	// entity is known by it, the name as written (a role such as "the
	// envoy" is an actor without an entity). Only a known entity narrows
	// the articles to those that mention it.
	var self, actors []string
	if ep.Entity != "" {
		if actors, err = s.entityNames(ctx, ep.Entity); err != nil {
			return nil, err
		}
		known, err := s.lib.Store.KnownNames(ctx, []string{ep.Entity})
		if err != nil {
			return nil, err
		}
		if known[ep.Entity] {
			self = actors
		}
	}
	if strings.TrimSpace(ep.Text) == "" {
		// The store lists events by type, actor and date, exactly.
		eq := dateline.EventQuery{Actors: actors, From: ep.From, To: ep.To, Limit: ep.Limit, Offset: ep.Offset}
		if ep.Type != "" {
			eq.Types = []string{ep.Type}
		}
		hits, total, err := s.lib.Store.Events(ctx, eq)
		if err != nil {
			return nil, err
		}
		out.Total, out.Events, out.all = total, hits, hits
	} else if err := s.scanEvents(ctx, ep, self, actors, out); err != nil {
		return nil, err
	}
	if next := ep.Offset + len(out.Events); next < out.Total {
		out.NextCursor = encodeCursor(next, ep.fingerprint())
	}
	return out, nil
}

// scanEvents fills out with the events of the eventScan most recent
// articles that match ep's words (and mention the entity named self, if
// any), of ep's type and, if actors is not empty, with one of those names
// as source or target.
func (s *Server) scanEvents(ctx context.Context, ep eventParams, self, actors []string, out *eventList) error {
	q := dateline.Query{Text: ep.Text, From: ep.From, To: ep.To, Limit: eventScan, Entities: self}
	hits, err := s.lib.Index.Search(ctx, q)
	if err != nil {
		return err
	}
	ids := make([]string, len(hits.Hits))
	for i, h := range hits.Hits {
		ids[i] = h.ID
	}
	out.ScannedArticles, out.Complete = len(ids), len(ids) == hits.Total
	if !out.Complete {
		out.Notes = append(out.Notes, fmt.Sprintf("events of the %d most recent of %d matching articles", len(ids), hits.Total))
	}
	fs, err := s.factsFor(ctx, ids)
	if err != nil {
		return err
	}
	isActor := func(a *dateline.Actor) bool {
		return a != nil && slices.ContainsFunc(actors, func(x string) bool { return strings.EqualFold(x, a.Actor) })
	}
	sums, err := s.lib.Store.Summaries(ctx, ids)
	if err != nil {
		return err
	}
	titles := make(map[string]string, len(sums))
	for _, sm := range sums {
		titles[sm.ID] = sm.Title
	}
	for _, id := range ids {
		f := fs[id]
		if f == nil {
			continue
		}
		for _, ev := range f.Events {
			if ep.Type != "" && !strings.EqualFold(ev.Type, ep.Type) {
				continue
			}
			if len(actors) > 0 && !isActor(ev.Source) && !isActor(ev.Target) {
				continue
			}
			out.all = append(out.all, dateline.EventHit{Event: ev, ArticleID: id, Published: f.Day, Title: titles[id]})
		}
	}
	out.Total = len(out.all)
	out.Events = out.all[min(ep.Offset, len(out.all)):min(ep.Offset+ep.Limit, len(out.all))]
	if out.Events == nil {
		out.Events = []dateline.EventHit{}
	}
	return nil
}
