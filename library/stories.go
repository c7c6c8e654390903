package library

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/dedup"
)

// Story is a group of articles about one happening, as the CLI and the API
// show it.
type Story struct {
	ID       string   `json:"id"`    // its first article
	Title    string   `json:"title"` // the title of its most central article
	First    string   `json:"first_date"`
	Last     string   `json:"last_date"`
	Articles []string `json:"articles"` // in the order they joined
	Entities []string `json:"entities"` // its most mentioned entities
}

// storyTextBytes is how much of an article's text story grouping reads: the
// lead is what counts.
const storyTextBytes = 4000

// NewStoryItem is what story grouping needs of an article: its title, or its
// first line when it has none (line-format articles have no title), the
// start of its text, and the canonical names of the entities it mentions.
func NewStoryItem(id string, date time.Time, title, text string, entities []string) dedup.StoryItem {
	if title == "" {
		first, _, _ := strings.Cut(text, "\n")
		title = shorten(strings.Join(strings.Fields(first), " "), 120)
	}
	if len(text) > storyTextBytes {
		cut := storyTextBytes
		for cut > 0 && text[cut]&0xC0 == 0x80 {
			cut--
		}
		text = text[:cut]
	}
	return dedup.StoryItem{ID: id, Date: date, Title: title, Text: text, Entities: entities}
}

// GroupStories groups the items, taken in date order whatever their order
// here, into stories, and returns those of at least min articles, largest
// first.
func GroupStories(ctx context.Context, items []dedup.StoryItem, opts dedup.StoryOptions, min int) ([]Story, error) {
	items = slices.Clone(items)
	slices.SortStableFunc(items, func(a, b dedup.StoryItem) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	g := dedup.NewStories(opts)
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		g.Add(it)
	}
	out := []Story{}
	for _, s := range g.Stories() {
		if len(s.Articles) < min {
			continue
		}
		ents := s.Entities
		if ents == nil {
			ents = []string{}
		}
		out = append(out, Story{ID: s.ID, Title: s.Title, First: s.First.Format(dateline.DateLayout),
			Last: s.Last.Format(dateline.DateLayout), Articles: s.Articles, Entities: ents})
	}
	slices.SortStableFunc(out, func(a, b Story) int { return len(b.Articles) - len(a.Articles) })
	return out, nil
}

// shorten cuts s to about n bytes, on a character boundary, marking the cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
