package html

import (
	"strings"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockTags are the elements whose content stands in a block of its own:
// paragraph breaks go around them. They include the XML-TEI names
// trafilatura uses in its output tree (list, item, quote, row, cell, head).
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "body": true,
	"caption": true, "center": true, "dd": true, "details": true, "div": true, "dl": true,
	"dt": true, "fieldset": true, "figcaption": true, "figure": true, "footer": true,
	"form": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"header": true, "hr": true, "li": true, "main": true, "nav": true, "ol": true, "p": true,
	"pre": true, "section": true, "summary": true, "table": true, "tbody": true, "td": true,
	"tfoot": true, "th": true, "thead": true, "tr": true, "ul": true,
	"list": true, "item": true, "quote": true, "row": true, "cell": true, "head": true,
}

// skipTags are elements whose content is never text.
var skipTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "iframe": true,
	"svg": true, "math": true, "object": true, "embed": true, "canvas": true, "select": true,
	"button": true, "input": true, "textarea": true, "graphic": true, "img": true,
}

// Text returns the text of the HTML tree n as plain text: every block
// element (paragraph, heading, list item, table cell, ...) is a paragraph of
// its own, separated from the next by one blank line; white space inside a
// paragraph is collapsed to single spaces, except in <pre>, and <br> is a
// line break. The result has no leading or trailing white space.
func Text(n *xhtml.Node) string {
	if n == nil {
		return ""
	}
	var tw textWriter
	tw.node(n, false)
	return tw.finish()
}

// FragmentText returns the text of the HTML fragment s, as Text does. It is
// for the HTML of feed items.
func FragmentText(s string) string {
	body := &xhtml.Node{Type: xhtml.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := xhtml.ParseFragment(strings.NewReader(s), body)
	if err != nil {
		return ""
	}
	for _, c := range nodes {
		body.AppendChild(c)
	}
	return Text(body)
}

// textWriter assembles paragraphs.
type textWriter struct {
	b       strings.Builder
	para    strings.Builder // the paragraph being written
	space   bool            // a space is pending before the next word
	newline bool            // a line break is pending
}

func (tw *textWriter) node(n *xhtml.Node, pre bool) {
	switch n.Type {
	case xhtml.TextNode:
		tw.text(n.Data, pre)
		return
	case xhtml.ElementNode:
		tag := n.Data
		switch {
		case skipTags[tag]:
			return
		case tag == "br" || tag == "lb":
			tw.newline = true
			tw.space = false
			return
		case tag == "pre":
			pre = true
		}
		block := blockTags[tag]
		if block {
			tw.breakPara()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			tw.node(c, pre)
		}
		if block {
			tw.breakPara()
		}
		return
	case xhtml.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			tw.node(c, pre)
		}
	}
}

// text adds the text s to the paragraph.
func (tw *textWriter) text(s string, pre bool) {
	if pre {
		for i, line := range strings.Split(s, "\n") {
			if i > 0 {
				tw.newline = true
			}
			if strings.TrimSpace(line) != "" {
				tw.flushSpace()
				tw.para.WriteString(strings.TrimRightFunc(line, unicode.IsSpace))
			}
		}
		return
	}
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if isSpace(r) {
			tw.space = true
			s = s[size:]
			continue
		}
		end := strings.IndexFunc(s, isSpace)
		if end < 0 {
			end = len(s)
		}
		tw.flushSpace()
		tw.para.WriteString(s[:end])
		s = s[end:]
	}
}

// isSpace reports white space, including the no-break space pages use to
// lay out text.
func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\u200b' }

// flushSpace writes a pending space or line break before a word.
func (tw *textWriter) flushSpace() {
	if tw.para.Len() > 0 {
		switch {
		case tw.newline:
			tw.para.WriteByte('\n')
		case tw.space:
			tw.para.WriteByte(' ')
		}
	}
	tw.space, tw.newline = false, false
}

// breakPara ends the paragraph being written.
func (tw *textWriter) breakPara() {
	tw.space, tw.newline = false, false
	if tw.para.Len() == 0 {
		return
	}
	if tw.b.Len() > 0 {
		tw.b.WriteString("\n\n")
	}
	tw.b.WriteString(tw.para.String())
	tw.para.Reset()
}

func (tw *textWriter) finish() string {
	tw.breakPara()
	return tw.b.String()
}
