package dedup

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
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
	words   map[string]*word   // every word seen, with its document frequency
	ents    map[string]*entity // every entity seen
	docs    int
	stories []*story          // all, in the order they started
	active  []*story          // those still open at the latest date added
	latest  time.Time         // the latest date added
	byID    map[string]*story // of each article
	round   int               // stamps the words and entities of the article being prepared

	// An article is compared only with the open stories it shares a word
	// or an entity with (the others are 0 similar), found through the
	// postings of its words and entities, which hold the open stories'
	// weights: one pass over them sums the dot products and entity
	// overlaps of every such story at once, in the accumulators of the
	// stories' slots.
	slots   []*story  // the open story of each slot; nil when free
	acc     []slotAcc // by slot
	free    []int32   // free slots
	touched []int32   // the slots accumulated for the article being compared

	// Scratch and a slab, so that Add allocates little.
	art  article
	tok  []byte
	vecs []share // the rest of the slab handed out by keepVec
}

// word is a word seen, with the postings of the open stories that hold it.
type word struct {
	s        string
	stop     bool // a stopword: not counted
	df       int  // documents it appeared in
	round    int  // the article that last counted it
	idx      int  // its place in that article's words
	postings []posting
}

// entity is an entity seen, with the postings of the open stories that
// mention it.
type entity struct {
	name     string
	round    int
	idx      int
	postings []posting
}

// posting is an open story's weight for a word (its tf-idf sum) or an
// entity (its share of the mentions), a copy of the story's own, kept
// with it as it grows.
type posting struct {
	w    float64
	slot int32  // the story's slot
	gen  uint32 // the slot's generation when the story opened: the story is closed when they differ
}

// slotAcc is what is known of the story of a slot: its generation and
// number of articles, and the sums of an article's similarity to it.
type slotAcc struct {
	dot, overlap float64
	n            float64 // the story's number of articles
	gen          uint32  // bumped when the story closes: its postings drop out as they are read
	touched      bool
}

// share is a word's value in a tf-idf vector, or an entity's share of the
// mentions.
type share struct {
	w *word
	v float64
}

type entShare struct {
	e *entity
	v float64
}

// article is an article prepared for comparison.
type article struct {
	words  []share    // its unit-length tf-idf vector
	counts []int      // of each word (title words twice)
	ents   []entShare // its entities' shares of the mentions
	nu     float64    // the squared norm of words
}

type story struct {
	Story
	terms    map[*word]float64   // sum of the members' normalised tf-idf vectors
	termsSq  float64             // the squared norm of terms, kept as it grows
	entities map[*entity]float64 // entity mentions, each article's normalised to sum 1
	members  []memberVec         // for choosing the central title
	order    int                 // its place in Stories.stories
	slot     int32               // while open
	gen      uint32              // of its slot
}

type memberVec struct {
	title string
	vec   []share
}

// NewStories returns an empty grouping.
func NewStories(opts StoryOptions) *Stories {
	return &Stories{opts: opts.withDefaults(), words: make(map[string]*word), ents: make(map[string]*entity),
		byID: make(map[string]*story)}
}

// Add puts the article in a story and returns the story's id. An id added
// before returns its story.
func (s *Stories) Add(it StoryItem) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.byID[it.ID]; ok {
		return st.ID
	}
	a := s.prepare(it)
	best, bestSim := s.closest(it.Date, a)
	return s.join(it, a, best, bestSim)
}

// join puts the prepared article in best, or in a new story when best is
// nil or bestSim under the threshold, and returns the story's id.
func (s *Stories) join(it StoryItem, a *article, best *story, bestSim float64) string {
	if best == nil || bestSim < s.opts.Threshold {
		best = &story{Story: Story{ID: it.ID, First: it.Date, Last: it.Date}, terms: make(map[*word]float64, len(a.words)),
			entities: make(map[*entity]float64, len(a.ents)), order: len(s.stories)}
		s.open(best)
		s.stories = append(s.stories, best)
		s.active = append(s.active, best)
	}
	s.byID[it.ID] = best
	best.Articles = append(best.Articles, it.ID)
	s.acc[best.slot].n = float64(len(best.Articles))
	if it.Date.Before(best.First) {
		best.First = it.Date
	}
	if it.Date.After(best.Last) {
		best.Last = it.Date
	}
	for _, sh := range a.words {
		old, had := best.terms[sh.w]
		v := sh.v
		best.terms[sh.w] = old + v
		best.termsSq += (old+v)*(old+v) - old*old
		sh.w.postings = best.post(sh.w.postings, had, old+v)
	}
	for _, es := range a.ents {
		old, had := best.entities[es.e]
		best.entities[es.e] = old + es.v
		es.e.postings = best.post(es.e.postings, had, old+es.v)
	}
	best.members = append(best.members, memberVec{it.Title, s.keepVec(a.words)})
	return best.ID
}

// post sets the story's weight in a posting list, adding it when the story
// had none there, and returns the list.
func (st *story) post(list []posting, had bool, w float64) []posting {
	if !had {
		return append(list, posting{w: w, slot: st.slot, gen: st.gen})
	}
	for i := range list {
		if list[i].slot == st.slot && list[i].gen == st.gen {
			list[i].w = w
			return list
		}
	}
	panic("dedup: an open story is missing from a posting list")
}

// open gives a new story a slot.
func (s *Stories) open(st *story) {
	if n := len(s.free); n > 0 {
		st.slot = s.free[n-1]
		s.free = s.free[:n-1]
		s.slots[st.slot] = st
	} else {
		st.slot = int32(len(s.slots))
		s.slots = append(s.slots, st)
		s.acc = append(s.acc, slotAcc{})
	}
	s.acc[st.slot] = slotAcc{gen: s.acc[st.slot].gen}
	st.gen = s.acc[st.slot].gen
}

// close closes a story: a new generation of its slot drops its postings as
// they are read, and the slot is free.
func (s *Stories) close(st *story) {
	s.acc[st.slot].gen++
	s.slots[st.slot] = nil
	s.free = append(s.free, st.slot)
}

// keepVec returns a copy of an article's vector, from a slab.
func (s *Stories) keepVec(vec []share) []share {
	if len(vec) > len(s.vecs) {
		s.vecs = make([]share, max(len(vec), 16384))
	}
	kept := s.vecs[:len(vec):len(vec)]
	copy(kept, vec)
	s.vecs = s.vecs[len(vec):]
	return kept
}

// prepare closes the stories the article's date leaves behind, counts its
// words into the document frequencies and returns it with its tf-idf vector
// and entity shares. The article is scratch, valid until the next prepare.
func (s *Stories) prepare(it StoryItem) *article {
	if it.Date.After(s.latest) {
		s.latest = it.Date
		win := s.window(it.Date)
		open := s.active[:0]
		for _, st := range s.active {
			if win.lastWithin(st.Last) {
				open = append(open, st)
			} else {
				s.close(st)
			}
		}
		clear(s.active[len(open):])
		s.active = open
	}
	s.round++
	a := &s.art
	a.words, a.counts, a.ents, a.nu = a.words[:0], a.counts[:0], a.ents[:0], 0
	s.countWords(it.Title, 2, 1<<30)
	s.countWords(it.Text, 1, s.opts.LeadWords)
	s.docs++
	for _, sh := range a.words {
		sh.w.df++
	}
	s.tfidf(a)
	for _, name := range it.Entities {
		e := s.ents[name]
		if e == nil {
			e = &entity{name: name}
			s.ents[name] = e
		}
		if e.round != s.round {
			e.round, e.idx = s.round, len(a.ents)
			a.ents = append(a.ents, entShare{e, 0})
		}
		a.ents[e.idx].v += 1 / float64(len(it.Entities))
	}
	return a
}

// countWords counts the content words of the first limit words of text,
// in lower case, weight times each, into the article being prepared.
// Words are runs of letters and digits.
func (s *Stories) countWords(text string, weight, limit int) {
	a := &s.art
	n := 0
	for i := 0; i < len(text); {
		// Skip to the start of a word.
		c := text[i]
		if c < utf8.RuneSelf {
			if !isASCIIAlnum(c) {
				i++
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(text[i:]); !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += size
			continue
		}
		if n >= limit {
			return
		}
		n++
		// Read it in lower case.
		tok := s.tok[:0]
		for i < len(text) {
			c := text[i]
			if c < utf8.RuneSelf {
				if !isASCIIAlnum(c) {
					break
				}
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				tok = append(tok, c)
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			tok = utf8.AppendRune(tok, unicode.ToLower(r))
			i += size
		}
		s.tok = tok
		if len(tok) < 3 {
			continue
		}
		w := s.words[string(tok)]
		if w == nil {
			w = &word{s: string(tok)}
			w.stop = stopwords[w.s]
			s.words[w.s] = w
		}
		if w.stop {
			continue
		}
		if w.round != s.round {
			w.round, w.idx = s.round, len(a.words)
			a.words = append(a.words, share{w, 0})
			a.counts = append(a.counts, 0)
		}
		a.counts[w.idx] += weight
	}
}

func isASCIIAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// tfidf makes the article's word counts a unit-length tf-idf vector, with
// the document frequencies seen so far.
func (s *Stories) tfidf(a *article) {
	norm := 0.0
	for i := range a.words {
		idf := math.Log(float64(s.docs+1) / float64(a.words[i].w.df))
		v := (1 + math.Log(float64(a.counts[i]))) * idf
		a.words[i].v = v
		norm += v * v
	}
	if norm > 0 {
		norm = math.Sqrt(norm)
		for i := range a.words {
			a.words[i].v /= norm
		}
	}
	for _, sh := range a.words {
		a.nu += sh.v * sh.v
	}
}

// closest returns the open story most similar to an article of the given
// date, and that similarity; nil when no open story within the window
// shares a word or an entity with it (every other story is 0 similar).
//
// The similarity of the article to a story is EntityWeight times the
// overlap of their entities (the sum over the article's entities of the
// smaller of its share and the story's mean share) plus the rest times the
// cosine of the article's vector and the story's terms; words count alone
// when either has no entities.
func (s *Stories) closest(date time.Time, a *article) (best *story, bestSim float64) {
	for _, sh := range a.words {
		sh.w.postings = s.accumulate(sh.w.postings, sh.v, false)
	}
	for _, es := range a.ents {
		es.e.postings = s.accumulate(es.e.postings, es.v, true)
	}
	w := s.opts.EntityWeight
	win := s.window(date)
	for _, slot := range s.touched {
		acc := &s.acc[slot]
		dot, overlap := acc.dot, acc.overlap
		acc.dot, acc.overlap, acc.touched = 0, 0, false
		st := s.slots[slot]
		if !win.holds(st.First, st.Last) {
			continue
		}
		sim := 0.0
		if st.termsSq > 0 && len(a.words) > 0 && a.nu != 0 {
			sim = dot / math.Sqrt(st.termsSq*a.nu)
		}
		if len(a.ents) > 0 && len(st.entities) > 0 {
			sim = w*overlap + (1-w)*sim
		}
		// Ties go to the story that started first, as a scan of the open
		// stories in order would give.
		if sim > bestSim || best != nil && sim == bestSim && st.order < best.order {
			best, bestSim = st, sim
		}
	}
	s.touched = s.touched[:0]
	return best, bestSim
}

// window is the span of the stories that may take an article of date.
type window struct {
	date, lo, hi time.Time
	w            time.Duration
	sub          bool // compare with time.Time.Sub, for windows of a century or more
}

func (s *Stories) window(date time.Time) window {
	w := s.opts.Window
	return window{date: date, lo: date.Add(-w), hi: date.Add(w), w: w, sub: w >= 100*365*24*time.Hour}
}

// holds reports whether the story is within the window: neither its last
// article more than the window before the date nor its first more than
// the window after, as time.Time.Sub measures them (which saturates, and
// which comparing with the bounds matches for windows under a century).
func (win *window) holds(first, last time.Time) bool {
	if win.sub {
		return win.date.Sub(last) <= win.w && first.Sub(win.date) <= win.w
	}
	return !last.Before(win.lo) && !first.After(win.hi)
}

// lastWithin reports whether the story's last article is no more than the
// window before the date.
func (win *window) lastWithin(last time.Time) bool {
	if win.sub {
		return win.date.Sub(last) <= win.w
	}
	return !last.Before(win.lo)
}

// accumulate adds an article's value v for a word or an entity to the
// accumulators of the open stories in its postings: v times the story's
// weight to the dot product of a word, the smaller of v and the story's
// mean share to the overlap of an entity. It returns the postings without
// the closed stories' entries.
func (s *Stories) accumulate(list []posting, v float64, entity bool) []posting {
	acc, touched := s.acc, s.touched
	n := 0 // postings kept
	for i, p := range list {
		sa := &acc[p.slot]
		if sa.gen != p.gen {
			continue // the story closed
		}
		if n != i {
			list[n] = p
		}
		n++
		if !sa.touched {
			sa.touched = true
			touched = append(touched, p.slot)
		}
		if entity {
			sa.overlap += min(v, p.w/sa.n)
		} else {
			sa.dot += v * p.w
		}
	}
	s.touched = touched
	return list[:n]
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
			es = append(es, ent{e.name, w})
		}
		slices.SortFunc(es, func(a, b ent) int {
			if c := cmp.Compare(b.w, a.w); c != 0 {
				return c
			}
			return strings.Compare(a.name, b.name)
		})
		for _, e := range es[:min(5, len(es))] {
			c.Entities = append(c.Entities, e.name)
		}
		out = append(out, c)
	}
	return out
}

// cosine returns the cosine similarity of a unit vector (an article's) and
// the story's terms. It reads only the article's words: the story's norm
// is kept as it grows.
func (st *story) cosine(unit []share) float64 {
	if st.termsSq <= 0 || len(unit) == 0 {
		return 0
	}
	dot, nu := 0.0, 0.0
	for _, sh := range unit {
		dot += sh.v * st.terms[sh.w]
		nu += sh.v * sh.v
	}
	if nu == 0 {
		return 0
	}
	return dot / math.Sqrt(st.termsSq*nu)
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
