package web

import (
	"cmp"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/library"
)

// Layers of highlighting, outermost first: an event may hold a quote,
// which may hold the mention of its source, entities and time expressions.
const (
	layerEvent = iota
	layerQuote
	layerQuoteSource
	layerEntity
	layerTimex
)

// annotation is one highlighted span of an article's text.
type annotation struct {
	dateline.Span
	layer int
	class string // CSS classes
	tip   string // what the span resolves to, shown on hover
	href  string // link target (entities), "" for none
	id    string // element id of the first piece, "" for none
}

// annotations returns the highlights of a document's layers, skipping any
// span that is empty, out of range or not on character boundaries.
func annotations(d *dateline.Doc) []annotation {
	n := len(d.Text)
	ok := func(s dateline.Span) bool {
		return s.Start < s.End && s.Valid(n) && utf8.RuneStart(textByte(d.Text, s.Start)) && (s.End == n || utf8.RuneStart(d.Text[s.End]))
	}
	var out []annotation
	for i, ev := range d.Events {
		if !ok(ev.Span) {
			continue
		}
		tip := "Event " + ev.Type
		if who := actorsOf(ev); who != "" {
			tip += " · " + who
		}
		if ev.Date != "" {
			tip += " · " + ev.Date
		}
		out = append(out, annotation{Span: ev.Span, layer: layerEvent, class: "ann ev", tip: tip, id: fmt.Sprintf("ev-%d", i+1)})
	}
	for i, q := range d.Quotes {
		if !ok(q.Span) {
			continue
		}
		speaker := q.Speaker
		if speaker == "" {
			speaker = "speaker unknown"
		}
		out = append(out, annotation{Span: q.Span, layer: layerQuote, class: "ann qt qt-" + cssName(q.Kind),
			tip: "Quote (" + q.Kind + ") · " + speaker, id: fmt.Sprintf("qt-%d", i+1)})
		if q.Source != nil && ok(q.Source.Span) {
			out = append(out, annotation{Span: q.Source.Span, layer: layerQuoteSource, class: "ann qsrc", tip: "Speaker · " + speaker})
		}
	}
	for _, e := range d.Entities {
		if !ok(e.Span) {
			continue
		}
		tip := e.Entity + " · " + e.Type
		if e.Entity == "" {
			tip = e.Type
		}
		a := annotation{Span: e.Span, layer: layerEntity, class: "ann ent ent-" + cssName(e.Type), tip: tip}
		if e.Entity != "" {
			a.href = entityURL(e.Entity)
		}
		out = append(out, a)
	}
	for _, t := range d.Timexes {
		if !ok(t.Span) {
			continue
		}
		tip := t.Value + " · " + t.Type
		if t.Mod != "" {
			tip += " · " + t.Mod
		}
		out = append(out, annotation{Span: t.Span, layer: layerTimex, class: "ann tx", tip: tip})
	}
	return out
}

func textByte(s string, i int) byte {
	if i >= len(s) {
		return 0
	}
	return s[i]
}

func actorsOf(ev dateline.Event) string {
	src, tgt := ev.Source.Name(), ev.Target.Name()
	switch {
	case src != "" && tgt != "":
		return src + " → " + tgt
	case src != "":
		return src
	case tgt != "":
		return "→ " + tgt
	}
	return ""
}

// cssName keeps the letters and digits of s, for a CSS class.
func cssName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// entityURL is the address of an entity's page.
func entityURL(name string) string {
	return "/entities/" + url.PathEscape(name)
}

// highlightHTML returns the text with the annotations as nested elements.
// The text is split at every annotation boundary; each piece is escaped and
// wrapped in the elements of the annotations that cover it, outermost layer
// first, so overlapping annotations become properly nested elements (an
// annotation that crosses another is split in two). All markup is built
// here from escaped pieces: nothing of the text is ever markup.
func highlightHTML(text string, anns []annotation) template.HTML {
	esc := template.HTMLEscapeString
	bounds := []int{0, len(text)}
	for _, a := range anns {
		bounds = append(bounds, a.Start, a.End)
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	// Annotations in nesting order: outer layer first, then the longer.
	order := slices.Clone(anns)
	slices.SortStableFunc(order, func(a, b annotation) int {
		return cmp.Or(cmp.Compare(a.layer, b.layer), cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End))
	})
	var sb strings.Builder
	var stack []int // indexes into order of the open elements
	opened := make([]bool, len(order))
	closeTo := func(n int) {
		for len(stack) > n {
			a := order[stack[len(stack)-1]]
			if a.href != "" && !linkBelow(order, stack[:len(stack)-1]) {
				sb.WriteString("</a>")
			} else {
				sb.WriteString("</span>")
			}
			stack = stack[:len(stack)-1]
		}
	}
	for i := 0; i+1 < len(bounds); i++ {
		from, to := bounds[i], bounds[i+1]
		var want []int
		for j, a := range order {
			if a.Start <= from && to <= a.End {
				want = append(want, j)
			}
		}
		common := 0
		for common < len(stack) && common < len(want) && stack[common] == want[common] {
			common++
		}
		closeTo(common)
		for _, j := range want[common:] {
			a := order[j]
			// A link inside a link is not allowed: an entity inside
			// another entity is a plain span.
			if a.href != "" && !linkBelow(order, stack) {
				fmt.Fprintf(&sb, `<a class="%s" href="%s" data-tip="%s"`, esc(a.class), esc(a.href), esc(a.tip))
			} else {
				fmt.Fprintf(&sb, `<span class="%s" data-tip="%s"`, esc(a.class), esc(a.tip))
			}
			if a.id != "" && !opened[j] {
				fmt.Fprintf(&sb, ` id="%s"`, esc(a.id))
			}
			sb.WriteString(">")
			opened[j] = true
			stack = append(stack, j)
		}
		sb.WriteString(esc(text[from:to]))
	}
	closeTo(0)
	return template.HTML(sb.String())
}

// linkBelow reports whether one of the open elements is a link.
func linkBelow(order []annotation, stack []int) bool {
	for _, j := range stack {
		if order[j].href != "" {
			// Only the first link in the stack is rendered as <a>.
			return true
		}
	}
	return false
}

// snippetHTML returns a search snippet with its matches marked.
func snippetHTML(sn library.Snippet) template.HTML {
	esc := template.HTMLEscapeString
	var sb strings.Builder
	prev := 0
	for _, h := range sn.Highlights {
		if h.Start < prev || h.End > len(sn.Text) || h.Start >= h.End {
			continue
		}
		sb.WriteString(esc(sn.Text[prev:h.Start]))
		sb.WriteString("<mark>")
		sb.WriteString(esc(sn.Text[h.Start:h.End]))
		sb.WriteString("</mark>")
		prev = h.End
	}
	sb.WriteString(esc(sn.Text[prev:]))
	return template.HTML(sb.String())
}
