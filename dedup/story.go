package dedup

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
)

// StoryItem is what story grouping needs of an article.
type StoryItem struct {
	ID       string
	Date     time.Time
	Title    string
	Text     string   // the body; its first StoryOptions.LeadWords words count
	Entities []string // canonical names of the entities it mentions (the entity layer's output), repeats allowed
}

// Story is a group of articles about one happening.
type Story struct {
	ID          string    // the id of its first article
	Title       string    // the title of its most central article
	First, Last time.Time // dates of its first and last articles
	Articles    []string  // ids, in the order added
	Entities    []string  // its most mentioned entities, most first (up to 5)
}

// StoryOptions tune story grouping. The zero value means the defaults.
type StoryOptions struct {
	// Window is how long a story takes new articles after its last one;
	// 0: 4 days.
	Window time.Duration
	// Threshold is the similarity an article needs to join a story; 0: 0.35.
	Threshold float64
	// EntityWeight is the share of entity overlap in the similarity, the
	// rest being the cosine of word vectors; 0: 0.35. With no entities on
	// either side, words count alone.
	EntityWeight float64
	// LeadWords is how many words of the body count, besides the title
	// (counted twice); 0: 150.
	LeadWords int
}

func (o StoryOptions) withDefaults() StoryOptions {
	if o.Window <= 0 {
		o.Window = 4 * 24 * time.Hour
	}
	if o.Threshold <= 0 {
		o.Threshold = 0.35
	}
	if o.EntityWeight <= 0 {
		o.EntityWeight = 0.35
	}
	if o.LeadWords <= 0 {
		o.LeadWords = 150
	}
	return o
}

// Stories groups articles into stories in one pass, in date order: each
// article joins the open story it is most similar to, by shared entities
// and the TF-IDF cosine of its title and lead against the story's centroid,
// if that similarity reaches the threshold, and starts a story otherwise.
// A story is open until Window after its last article. Add articles in
// date order (roughly: a story's window is measured from its latest
// date). It is safe for concurrent use.
type Stories struct {
	opts StoryOptions

	mu      sync.Mutex
	df      map[string]int // documents each word appeared in
	docs    int
	stories []*story          // all, in the order they started
	active  []*story          // those still open at the latest date added
	latest  time.Time         // the latest date added
	byID    map[string]*story // of each article
	// The open stories that hold each word and each entity: an article is
	// compared only with the stories it shares something with (the others
	// are 0 similar), not with every open story.
	byWord, byEntity map[string][]*story
	round            int // stamps the stories already compared in one Add
}

type story struct {
	Story
	terms    map[string]float64 // sum of the members' normalised tf-idf vectors
	termsSq  float64            // the squared norm of terms, kept as it grows
	entities map[string]float64 // entity mentions, each article's normalised to sum 1
	members  []memberVec        // for choosing the central title
	order    int                // its place in Stories.stories
	closed   bool               // no longer open: dropped from the postings as they are read
	round    int                // the Add that last compared it
}

type memberVec struct {
	title string
	vec   map[string]float64
}

// NewStories returns an empty grouping.
func NewStories(opts StoryOptions) *Stories {
	return &Stories{opts: opts.withDefaults(), df: make(map[string]int), byID: make(map[string]*story),
		byWord: make(map[string][]*story), byEntity: make(map[string][]*story)}
}

// Add puts the article in a story and returns the story's id. An id added
// before returns its story.
func (s *Stories) Add(it StoryItem) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.byID[it.ID]; ok {
		return st.ID
	}
	vec, ents := s.prepare(it)
	best, bestSim := s.closest(it.Date, vec, ents)
	if best == nil || bestSim < s.opts.Threshold {
		best = &story{Story: Story{ID: it.ID, First: it.Date, Last: it.Date}, terms: map[string]float64{}, entities: map[string]float64{}, order: len(s.stories)}
		s.stories = append(s.stories, best)
		s.active = append(s.active, best)
	}
	s.byID[it.ID] = best
	best.Articles = append(best.Articles, it.ID)
	if it.Date.Before(best.First) {
		best.First = it.Date
	}
	if it.Date.After(best.Last) {
		best.Last = it.Date
	}
	for w, v := range vec {
		old, had := best.terms[w]
		if !had {
			s.byWord[w] = append(s.byWord[w], best)
		}
		best.terms[w] = old + v
		best.termsSq += (old+v)*(old+v) - old*old
	}
	for e, v := range ents {
		if _, had := best.entities[e]; !had {
			s.byEntity[e] = append(s.byEntity[e], best)
		}
		best.entities[e] += v
	}
	best.members = append(best.members, memberVec{it.Title, vec})
	return best.ID
}

// prepare closes the stories the article's date leaves behind, counts its
// words into the document frequencies and returns its tf-idf vector and
// entity shares.
func (s *Stories) prepare(it StoryItem) (vec, ents map[string]float64) {
	if it.Date.After(s.latest) {
		s.latest = it.Date
		open := s.active[:0]
		for _, st := range s.active {
			if s.latest.Sub(st.Last) <= s.opts.Window {
				open = append(open, st)
			} else {
				st.closed = true
			}
		}
		clear(s.active[len(open):])
		s.active = open
	}
	words := storyWords(it.Title, it.Text, s.opts.LeadWords)
	s.docs++
	for w := range words {
		s.df[w]++
	}
	return s.tfidf(words), entityVec(it.Entities)
}

// closest returns the open story most similar to an article of the given
// date, vector and entities, and that similarity; nil when no open story
// within the window shares a word or an entity with it (every other story
// is 0 similar).
func (s *Stories) closest(date time.Time, vec, ents map[string]float64) (best *story, bestSim float64) {
	s.round++
	consider := func(st *story) {
		if st.round == s.round {
			return
		}
		st.round = s.round
		if date.Sub(st.Last) > s.opts.Window || st.First.Sub(date) > s.opts.Window {
			return
		}
		// Ties go to the story that started first, as a scan of the open
		// stories in order would give.
		if sim := s.similarity(vec, ents, st); sim > bestSim || best != nil && sim == bestSim && st.order < best.order {
			best, bestSim = st, sim
		}
	}
	for w := range vec {
		s.byWord[w] = eachOpen(s.byWord[w], consider)
	}
	for e := range ents {
		s.byEntity[e] = eachOpen(s.byEntity[e], consider)
	}
	return best, bestSim
}

// eachOpen calls fn for every open story of a posting list and returns the
// list without the closed ones.
func eachOpen(list []*story, fn func(*story)) []*story {
	open := list[:0]
	for _, st := range list {
		if !st.closed {
			fn(st)
			open = append(open, st)
		}
	}
	clear(list[len(open):])
	return open
}

// similarity of an article to a story.
func (s *Stories) similarity(vec, ents map[string]float64, st *story) float64 {
	words := st.cosine(vec)
	if len(ents) == 0 || len(st.entities) == 0 {
		return words
	}
	// Entity overlap: the intersection of the article's entity shares
	// with the story's mean shares, between 0 and 1.
	n := float64(len(st.Articles))
	overlap := 0.0
	for e, v := range ents {
		overlap += math.Min(v, st.entities[e]/n)
	}
	w := s.opts.EntityWeight
	return w*overlap + (1-w)*words
}

// Stories returns the stories, in the order they started, with their
// titles chosen: the title of the article closest to the story's centroid.
func (s *Stories) Stories() []Story {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Story, 0, len(s.stories))
	for _, st := range s.stories {
		c := st.Story
		c.Articles = slices.Clone(st.Articles)
		best := -1.0
		for _, m := range st.members {
			if sim := st.cosine(m.vec); sim > best && m.title != "" {
				best, c.Title = sim, m.title
			}
		}
		type ent struct {
			name string
			w    float64
		}
		var es []ent
		for e, w := range st.entities {
			es = append(es, ent{e, w})
		}
		sort.Slice(es, func(i, j int) bool { return es[i].w > es[j].w || es[i].w == es[j].w && es[i].name < es[j].name })
		for _, e := range es[:min(5, len(es))] {
			c.Entities = append(c.Entities, e.name)
		}
		out = append(out, c)
	}
	return out
}

// tfidf returns the unit-length tf-idf vector of the word counts, with the
// document frequencies seen so far.
func (s *Stories) tfidf(words map[string]int) map[string]float64 {
	vec := make(map[string]float64, len(words))
	norm := 0.0
	for w, n := range words {
		idf := math.Log(float64(s.docs+1) / float64(s.df[w]))
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

// cosine returns the cosine similarity of a unit vector (an article's) and
// the story's terms. It reads only the article's words: the story's norm
// is kept as it grows, which made grouping 100,000 articles a matter of
// seconds rather than of a scan of every open story's vocabulary per
// article.
func (st *story) cosine(unit map[string]float64) float64 {
	if st.termsSq <= 0 || len(unit) == 0 {
		return 0
	}
	dot, nu := 0.0, 0.0
	for w, x := range unit {
		dot += x * st.terms[w]
		nu += x * x
	}
	if nu == 0 {
		return 0
	}
	return dot / math.Sqrt(st.termsSq*nu)
}

// entityVec returns the entities' shares of the mentions.
func entityVec(ents []string) map[string]float64 {
	if len(ents) == 0 {
		return nil
	}
	m := make(map[string]float64)
	for _, e := range ents {
		m[e] += 1 / float64(len(ents))
	}
	return m
}

// storyWords returns the content words of the title (counted twice) and of
// the first lead words of the text, in lower case.
func storyWords(title, text string, lead int) map[string]int {
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

var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the and for that with was were are has have had but not this which its their they after been
who more also would will one two about than into over there when what could last can other new first year some her all them
only against most week his from said says she him our out you your may more any such where while these those then than very
just like over into upon being because before after during under again further once both each few many much own same so too`) {
		m[w] = true
	}
	return m
}()
