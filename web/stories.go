package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/dedup"
	"github.com/dateline-news/dateline/library"
)

// maxStoryArticles bounds the articles grouped into stories for one
// request: the most recent of the requested date range.
const maxStoryArticles = 3000

// storyParams is a stories request.
type storyParams struct {
	From, To      time.Time
	Min           int
	Window        time.Duration
	Limit, Offset int
}

func (sp storyParams) key() string {
	return fingerprint("stories", dayString(sp.From), dayString(sp.To), sp.Min, sp.Window.String())
}

func parseStories(p *params) storyParams {
	sp := storyParams{
		From:  p.day("from"),
		To:    p.day("to"),
		Min:   p.int("min", 2, 1, 1000),
		Limit: p.int("limit", 20, 1, 500),
	}
	if w := p.str("window"); w != "" {
		d, err := time.ParseDuration(w)
		if (err != nil || d <= 0 || d > 365*24*time.Hour) && p.err == nil {
			p.err = badf("window=%q: want a duration such as 96h", w)
		}
		sp.Window = d
	}
	sp.Offset = p.cursor(sp.key())
	return sp
}

// storyList is a page of stories, largest first.
type storyList struct {
	Total      int             `json:"total"`
	Offset     int             `json:"offset"`
	Stories    []library.Story `json:"stories"`
	NextCursor string          `json:"next_cursor,omitempty"`
	// Articles is the number of articles grouped; Complete says whether
	// that is every article (near-duplicates counted once) of the range.
	Articles int      `json:"articles"`
	Complete bool     `json:"complete"`
	Notes    []string `json:"notes,omitempty"`
	all      []library.Story
}

// storyCache keeps grouped stories until the next write.
type storyCache struct {
	compute sync.Mutex // one grouping at a time: they are costly
	mu      sync.Mutex
	m       map[string]*storyList
	gen     int
}

func (c *storyCache) clear() {
	c.mu.Lock()
	c.m = nil
	c.gen++
	c.mu.Unlock()
}

func (c *storyCache) get(key string) (*storyList, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[key], c.gen
}

// stories groups the most recent articles of the range into stories, as
// "dateline stories" does, and returns a page of them.
func (s *Server) stories(ctx context.Context, sp storyParams) (*storyList, error) {
	key := sp.key()
	all, _ := s.storyCache.get(key)
	if all == nil {
		s.storyCache.compute.Lock()
		var gen int
		all, gen = s.storyCache.get(key)
		if all == nil {
			var err error
			all, err = s.groupStories(ctx, sp)
			if err != nil {
				s.storyCache.compute.Unlock()
				return nil, err
			}
			s.storyCache.mu.Lock()
			if gen == s.storyCache.gen {
				if s.storyCache.m == nil || len(s.storyCache.m) > 100 {
					s.storyCache.m = map[string]*storyList{}
				}
				s.storyCache.m[key] = all
			}
			s.storyCache.mu.Unlock()
		}
		s.storyCache.compute.Unlock()
	}
	out := *all
	out.Offset = sp.Offset
	out.Stories = all.all[min(sp.Offset, len(all.all)):min(sp.Offset+sp.Limit, len(all.all))]
	if next := sp.Offset + len(out.Stories); next < out.Total {
		out.NextCursor = encodeCursor(next, key)
	}
	return &out, nil
}

func (s *Server) groupStories(ctx context.Context, sp storyParams) (*storyList, error) {
	// The most recent articles of the range, each text once.
	hits, err := s.lib.Index.Search(ctx, dateline.Query{From: sp.From, To: sp.To, Dedup: true, Limit: maxStoryArticles})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(hits.Hits))
	for i, h := range hits.Hits {
		ids[i] = h.ID
	}
	out := &storyList{Articles: len(ids), Complete: len(ids) == hits.Total, Stories: []library.Story{}}
	if !out.Complete {
		out.Notes = append(out.Notes, fmt.Sprintf("stories of the %d most recent of the %d articles in the range: narrow it with from and to for older stories", len(ids), hits.Total))
	}
	sums, err := s.lib.Store.Summaries(ctx, ids)
	if err != nil {
		return nil, err
	}
	texts, err := s.lib.Store.Texts(ctx, ids)
	if err != nil {
		return nil, err
	}
	fs, err := s.factsFor(ctx, ids)
	if err != nil {
		return nil, err
	}
	items := make([]dedup.StoryItem, 0, len(sums))
	for _, sm := range sums {
		var ents []string
		if f := fs[sm.ID]; f != nil {
			ents = f.Mentions
		}
		items = append(items, library.NewStoryItem(sm.ID, sm.Date, sm.Title, texts[sm.ID], ents))
	}
	if out.all, err = library.GroupStories(ctx, items, dedup.StoryOptions{Window: sp.Window}, sp.Min); err != nil {
		return nil, err
	}
	out.Total = len(out.all)
	return out, nil
}

func (s *Server) apiStories(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	sp := parseStories(p)
	format := p.format()
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	out, err := s.stories(r.Context(), sp)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if format == "csv" || format == "jsonl" {
		e := newExporter(w, "stories", format, []string{"story", "title", "first_date", "last_date", "articles", "article_ids", "entities"})
		for _, st := range out.all[min(sp.Offset, len(out.all)):] {
			if e.row(st, st.ID, st.Title, st.First, st.Last, strconv.Itoa(len(st.Articles)), strings.Join(st.Articles, "|"), strings.Join(st.Entities, "|")) != nil {
				return
			}
		}
		e.flush()
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// storiesView is the stories page.
type storiesView struct {
	List     *storyList
	Err      string
	Next     string
	Query    map[string]string
	Articles map[string]dateline.Summary
}

func (s *Server) pageStories(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	sp := parseStories(p)
	v := &storiesView{Query: map[string]string{}, Articles: map[string]dateline.Summary{}}
	for _, k := range []string{"from", "to", "min", "window"} {
		if x := p.str(k); x != "" {
			v.Query[k] = x
		}
	}
	if p.err != nil {
		v.Err = p.err.Error()
		s.render(w, r, http.StatusBadRequest, "stories", page{Title: "Stories", Nav: "stories", Data: v})
		return
	}
	list, err := s.stories(r.Context(), sp)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.List = list
	var ids []string
	for _, st := range list.Stories {
		ids = append(ids, st.Articles...)
	}
	sums, err := s.lib.Store.Summaries(r.Context(), ids)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	for _, sm := range sums {
		v.Articles[sm.ID] = sm
	}
	if list.NextCursor != "" {
		q := make([]string, 0, 2*len(v.Query)+2)
		for k, x := range v.Query {
			q = append(q, k, x)
		}
		v.Next = "/stories?" + queryURL(nil, append(q, "cursor", list.NextCursor)...)
	}
	s.render(w, r, http.StatusOK, "stories", page{Title: "Stories", Nav: "stories", Data: v})
}
