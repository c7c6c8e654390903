package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/dateline-news/dateline"
)

//go:embed assets
var assetFS embed.FS

// pageNames are the page templates, each in assets/templates/NAME.html and
// rendered inside layout.html.
var pageNames = []string{"search", "article", "entity", "entities", "quotes", "events", "stories", "error"}

func (s *Server) loadAssets() error {
	s.assets = map[string]string{}
	return fs.WalkDir(assetFS, "assets/static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assetFS.ReadFile(p)
		if err != nil {
			return err
		}
		s.assets[strings.TrimPrefix(p, "assets/static/")] = hashBytes(b)
		return nil
	})
}

func (s *Server) loadTemplates() error {
	funcs := template.FuncMap{
		"asset": func(name string) string {
			return "/static/" + name + "?v=" + s.assets[name]
		},
		"entityURL":     entityURL,
		"articleURL":    func(id string) string { return "/articles/" + url.PathEscape(id) },
		"webURL":        webURL,
		"quotesBy":      func(name string) string { return "/quotes?speaker=" + url.QueryEscape(name) },
		"apiArticleURL": func(id string) string { return "/api/articles/" + url.PathEscape(id) },
		"snippet":       snippetHTML,
		"version":       func() string { return s.opts.Version },
		"plural":        plural,
		"comma":         comma,
		"upper":         strings.ToUpper,
		"searchURL":     searchURL,
		"query":         queryURL,
		"lower":         strings.ToLower,
		"add":           func(a, b int) int { return a + b },
		"typeName":      typeName,
		"facet": func(title, key string, items []facetCount, base url.Values) facetView {
			return facetView{title, key, items, base}
		},
		"speakerOf": func(q dateline.Quote) string {
			if q.Speaker != "" {
				return q.Speaker
			}
			if q.Source != nil {
				return q.Source.Text
			}
			return ""
		},
		"actor": (*dateline.Actor).Name,
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(assetFS, "assets/templates/layout.html")
	if err != nil {
		return fmt.Errorf("web: templates: %w", err)
	}
	s.pages = map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.Must(base.Clone()).ParseFS(assetFS, "assets/templates/"+name+".html")
		if err != nil {
			return fmt.Errorf("web: templates: %w", err)
		}
		s.pages[name] = t
	}
	return nil
}

// page is what every page template gets.
type page struct {
	Title string
	Nav   string // the navigation item to mark as current
	Q     string // the query in the header search box
	Data  any
}

// render writes a page, buffering it so that a template error becomes a
// clean error page rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	var buf bytes.Buffer
	if err := s.pages[name].Execute(&buf, p); err != nil {
		s.log.Error("rendering page", "page", name, "path", r.URL.Path, "err", err)
		http.Error(w, "internal error rendering the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// pageError shows an error page.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	msg := err.Error()
	if status == http.StatusInternalServerError {
		s.log.Error("page failed", "path", r.URL.Path, "err", err)
	}
	s.render(w, r, status, "error", page{Title: http.StatusText(status), Data: struct {
		Status  int
		Message string
	}{status, msg}})
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeError(w, http.StatusNotFound, "no such API route: see /api/openapi.json")
		return
	}
	s.pageError(w, r, fmt.Errorf("no page at %s: %w", r.URL.Path, dateline.ErrNotFound))
}

func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	name := path.Clean(r.PathValue("file"))
	if _, ok := s.assets[name]; !ok {
		http.NotFound(w, r)
		return
	}
	if r.URL.Query().Get("v") == s.assets[name] {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Header().Set("ETag", `"`+s.assets[name]+`"`)
	http.ServeFileFS(w, r, subFS(assetFS, "assets/static"), name)
}

// searchView is the search page.
type searchView struct {
	P       searchParams
	Res     *searchResult
	Err     string
	Query   url.Values // the request's filters, for links that change one
	Filters []activeFilter
	Stats   dateline.Stats
}

// activeFilter is a filter in use, with the link that removes it.
type activeFilter struct {
	Label, Value, Remove string
}

func (s *Server) pageSearch(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	sp := parseSearch(p, 20)
	sp.Facets = true
	v := &searchView{P: sp, Query: filterValues(r.URL.Query())}
	if p.err != nil {
		v.Err = p.err.Error()
	} else {
		res, err := s.search(r.Context(), sp)
		switch {
		case err == nil:
			v.Res = res
		case statusOf(err) == http.StatusInternalServerError:
			s.pageError(w, r, err)
			return
		default:
			v.Err = err.Error()
		}
	}
	v.Stats, _ = s.statsNow(r.Context())
	for _, f := range []struct{ key, label string }{
		{"entity", "entity"}, {"speaker", "speaker"}, {"event_type", "event"}, {"lang", "language"},
		{"from", "published from"}, {"to", "published to"}, {"mentioned_from", "mentions from"}, {"mentioned_to", "mentions to"},
		{"dedup", "dedup"},
	} {
		for _, val := range v.Query[f.key] {
			rest := url.Values{}
			for k, vs := range v.Query {
				for _, x := range vs {
					if k != f.key || x != val {
						rest.Add(k, x)
					}
				}
			}
			v.Filters = append(v.Filters, activeFilter{f.label, val, "/?" + rest.Encode()})
		}
	}
	title := "Search"
	if sp.Text != "" {
		title = sp.Text + " · Search"
	}
	status := http.StatusOK
	if v.Err != "" {
		status = http.StatusBadRequest
	}
	s.render(w, r, status, "search", page{Title: title, Nav: "search", Q: sp.Text, Data: v})
}

// filterValues keeps the search parameters of a query, without paging.
func filterValues(q url.Values) url.Values {
	out := url.Values{}
	for _, k := range []string{"q", "from", "to", "mentioned_from", "mentioned_to", "entity", "speaker", "event_type", "lang", "dedup"} {
		for _, v := range q[k] {
			if strings.TrimSpace(v) != "" {
				out.Add(k, v)
			}
		}
	}
	return out
}

// searchURL returns the search page address for base with the pairs
// (key, value, key, value, ...) set; an empty value removes the key.
func searchURL(base url.Values, kv ...string) string {
	return "/?" + queryURL(base, kv...)
}

// queryURL returns base encoded with the pairs set (see searchURL).
func queryURL(base url.Values, kv ...string) string {
	q := url.Values{}
	for k, v := range base {
		q[k] = slices.Clone(v)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			q.Del(kv[i])
		} else {
			q.Set(kv[i], kv[i+1])
		}
	}
	return q.Encode()
}

// articleView is the article page.
type articleView struct {
	Doc        *dateline.Doc
	Places     []dateline.Place // where its text appeared, when more than here
	Analysis   string
	Text       template.HTML
	Entities   []entityGroup
	Layers     map[string]bool // the layers the analysis ran
	Published  string
	HasQuotes  bool
	HasEvents  bool
	HasTimexes bool
	Known      map[string]bool // the event actors that have an entity page
}

// entityGroup is an entity of an article with its mentions.
type entityGroup struct {
	Name, Type string
	Mentions   []string
	Count      int
}

func (s *Server) pageArticle(w http.ResponseWriter, r *http.Request) {
	st, err := s.lib.Store.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d := st.Doc
	v := &articleView{Doc: d, Analysis: st.Analysis, Text: highlightHTML(d.Text, annotations(d)), Layers: map[string]bool{}}
	for _, l := range strings.Split(st.Analysis, ",") {
		name, _, _ := strings.Cut(l, "@")
		v.Layers[name] = true
	}
	if places, err := s.lib.Store.Places(r.Context(), d.ID); err == nil && len(places) > 1 {
		v.Places = places
	}
	if d.HasTime {
		v.Published = d.Date.Format("2 January 2006, 15:04 MST")
	} else {
		v.Published = d.Date.Format("2 January 2006")
	}
	byName := map[entityRef]*entityGroup{}
	for _, e := range d.Entities {
		k := entityRef{e.Entity, e.Type}
		g := byName[k]
		if g == nil {
			g = &entityGroup{Name: e.Entity, Type: e.Type}
			byName[k] = g
			v.Entities = append(v.Entities, *g)
		}
		g.Count++
		if !slices.Contains(g.Mentions, e.Text) {
			g.Mentions = append(g.Mentions, e.Text)
		}
	}
	for i := range v.Entities {
		v.Entities[i] = *byName[entityRef{v.Entities[i].Name, v.Entities[i].Type}]
	}
	slices.SortStableFunc(v.Entities, func(a, b entityGroup) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Name, b.Name)
	})
	// An actor is an entity of the article when one of its mentions
	// resolves to that name: no look-up needed.
	v.Known = map[string]bool{}
	for _, e := range d.Entities {
		v.Known[e.Entity] = true
	}
	title := d.Title
	if title == "" {
		title = d.ID
	}
	s.render(w, r, http.StatusOK, "article", page{Title: title, Nav: "search", Data: v})
}

// entityView is the entity page.
type entityView struct {
	P     *entityProfile
	Chart template.HTML
	Types []string
	Known map[string]bool // the event actors that have an entity page
}

func (s *Server) pageEntity(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if name == "" {
		s.pageEntities(w, r)
		return
	}
	prof, err := s.entityProfile(r.Context(), name, 10)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &entityView{P: prof, Chart: timelineSVG(name, prof.Timeline, prof.Names), Known: s.knownActors(r.Context(), hitEvents(prof.Events))}
	for _, e := range prof.Entities {
		if !slices.Contains(v.Types, e.Type) {
			v.Types = append(v.Types, e.Type)
		}
	}
	s.render(w, r, http.StatusOK, "entity", page{Title: name, Nav: "entities", Data: v})
}

type entitiesView struct {
	P    entityParams
	List *entityList
	Err  string
	Next string
	Prev string
	Type string
}

func (s *Server) pageEntities(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	ep := parseEntities(p)
	v := &entitiesView{P: ep, Type: ep.Type}
	status := http.StatusOK
	if p.err != nil {
		v.Err, status = p.err.Error(), http.StatusBadRequest
	} else {
		list, err := s.entities(r.Context(), ep)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		v.List = list
		base := p.values("type", "from", "to")
		if list.NextCursor != "" {
			v.Next = "/entities?" + queryURL(base, "cursor", list.NextCursor)
		}
		if ep.Offset > 0 {
			v.Prev = "/entities?" + queryURL(base, "cursor", encodeCursor(max(0, ep.Offset-ep.Limit), ep.fingerprint()))
		}
	}
	s.render(w, r, status, "entities", page{Title: "Entities", Nav: "entities", Data: v})
}

type quotesView struct {
	P        quoteParams
	Profiles []string // entity pages of the speaker filter
	List     *quoteList
	Err      string
	Next     string
	Prev     string
	Query    url.Values
	Stats    dateline.Stats
}

func (s *Server) pageQuotes(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	qp := parseQuotes(p)
	v := &quotesView{P: qp, Query: p.values("speaker", "about", "text", "kind", "from", "to")}
	status := http.StatusOK
	if p.err != nil {
		v.Err, status = p.err.Error(), http.StatusBadRequest
	} else {
		list, err := s.quotes(r.Context(), qp)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		v.List = list
		if qp.Speaker != "" {
			if found, err := s.lib.Store.FindEntities(r.Context(), qp.Speaker); err == nil {
				for _, e := range found {
					if !slices.Contains(v.Profiles, e.Name) {
						v.Profiles = append(v.Profiles, e.Name)
					}
				}
			}
		}
		if list.NextCursor != "" {
			v.Next = "/quotes?" + queryURL(v.Query, "cursor", list.NextCursor)
		}
		if list.PrevCursor != "" {
			v.Prev = "/quotes?" + queryURL(v.Query, "cursor", list.PrevCursor)
		}
	}
	v.Stats, _ = s.statsNow(r.Context())
	s.render(w, r, status, "quotes", page{Title: "Quotes", Nav: "quotes", Data: v})
}

type eventsView struct {
	P     eventParams
	List  *eventList
	Err   string
	Next  string
	Query url.Values
	Types []string
	Known map[string]bool // the event actors that have an entity page
}

// knownActors returns which of the actors of evs have an entity page: an
// actor may be a phrase no entity is known by ("they", "the UN envoy"),
// shown as text rather than as a link to a missing page.
func (s *Server) knownActors(ctx context.Context, evs []dateline.Event) map[string]bool {
	var names []string
	for _, e := range evs {
		for _, a := range []*dateline.Actor{e.Source, e.Target} {
			if a != nil && a.Actor != "" && !slices.Contains(names, a.Actor) {
				names = append(names, a.Actor)
			}
		}
	}
	known, err := s.lib.Store.KnownNames(ctx, names)
	if err != nil {
		// Without the answer the actors are shown unlinked.
		if ctx.Err() == nil {
			s.log.Error("looking up event actors", "err", err)
		}
		return map[string]bool{}
	}
	return known
}

// hitEvents returns the events of a list of event hits.
func hitEvents(hits []dateline.EventHit) []dateline.Event {
	evs := make([]dateline.Event, len(hits))
	for i, h := range hits {
		evs[i] = h.Event
	}
	return evs
}

func (s *Server) pageEvents(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	ep := parseEvents(p)
	v := &eventsView{P: ep, Query: p.values("type", "entity", "q", "from", "to"), Types: dateline.EventTypes()}
	status := http.StatusOK
	if p.err != nil {
		v.Err, status = p.err.Error(), http.StatusBadRequest
	} else {
		list, err := s.events(r.Context(), ep)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		v.List = list
		v.Known = s.knownActors(r.Context(), hitEvents(list.Events))
		if list.NextCursor != "" {
			v.Next = "/events?" + queryURL(v.Query, "cursor", list.NextCursor)
		}
	}
	s.render(w, r, status, "events", page{Title: "Events", Nav: "events", Data: v})
}

// facetView is one facet list of the search page.
type facetView struct {
	Title string
	Key   string // the search parameter a value sets
	Items []facetCount
	Base  url.Values
}

// comma formats n with thousands separators.
func comma(n any) string {
	var x int64
	switch v := n.(type) {
	case int:
		x = int64(v)
	case int64:
		x = v
	default:
		return fmt.Sprint(n)
	}
	s := fmt.Sprint(x)
	if x < 0 {
		return "-" + comma(-x)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// webURL returns u when it is an http or https address, "" otherwise (a
// stored URL is shown as a link only when it leads to a web page).
func webURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return u
}

// typeName is the reader's name of an entity type.
func typeName(t string) string {
	switch t {
	case dateline.EntityPerson:
		return "person"
	case dateline.EntityOrg:
		return "organisation"
	case dateline.EntityLoc:
		return "place"
	case dateline.EntityMisc:
		return "other"
	}
	return strings.ToLower(t)
}
