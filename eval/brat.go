package eval

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dateline-news/dateline"
)

// BratTextBound is a text-bound annotation of a brat standoff file (a "T"
// line): a type and one or more fragments of the text. A discontinuous
// annotation ("Content 10 20;25 40") has several fragments, in text order.
// Offsets are byte offsets into the document text (brat counts characters;
// ParseBrat converts them).
type BratTextBound struct {
	ID    string          `json:"id"`
	Type  string          `json:"type"`
	Spans []dateline.Span `json:"spans"`
	Text  string          `json:"text"` // as written in the .ann file (fragments joined by a space)
}

// BratArg is one argument of an event or relation: a role and the ID of the
// annotation that fills it.
type BratArg struct {
	Role string `json:"role"`
	ID   string `json:"id"`
}

// BratEvent is an event annotation (an "E" line): a type, the ID of its
// trigger (a text-bound annotation) and its arguments. A relation ("R"
// line) is read as a BratEvent without a trigger.
type BratEvent struct {
	ID      string    `json:"id"`
	Type    string    `json:"type"`
	Trigger string    `json:"trigger,omitempty"`
	Args    []BratArg `json:"args"`
}

// BratDoc is one brat standoff document: the text and its annotations.
// Attribute ("A"/"M"), normalisation ("N") and note ("#") lines are skipped.
type BratDoc struct {
	Name       string // the .ann file name, without directory
	Text       string
	TextBounds map[string]*BratTextBound
	Events     []BratEvent // E lines, then R lines, in file order
}

// ParseBrat parses a brat .ann file read from r whose annotations point
// into text. Character offsets are converted to byte offsets; an offset
// beyond the text or a fragment whose end precedes its start is an error
// naming the file and line. Lines of unknown kind, and the continuation
// lines that brat writes when an annotated text contains a line break, are
// skipped.
func ParseBrat(name string, r io.Reader, text string) (*BratDoc, error) {
	doc := &BratDoc{Name: name, Text: text, TextBounds: map[string]*BratTextBound{}}
	// byteAt[i] is the byte offset of character i; one more for the end.
	byteAt := make([]int, 0, len(text)+1)
	for i := range text {
		byteAt = append(byteAt, i)
	}
	byteAt = append(byteAt, len(text))
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimRight(sc.Text(), "\r")
		if l == "" {
			continue
		}
		fields := strings.SplitN(l, "\t", 3)
		id := fields[0]
		if len(fields) < 2 || len(id) < 2 || !isBratID(id) {
			continue // continuation of a multi-line annotated text, or junk
		}
		bad := func(format string, args ...any) error {
			return &dateline.InputError{File: name, Line: line, Err: fmt.Errorf(format, args...)}
		}
		switch id[0] {
		case 'T':
			typ, offs, ok := strings.Cut(fields[1], " ")
			if !ok {
				return nil, bad("text-bound annotation %s has no offsets", id)
			}
			tb := &BratTextBound{ID: id, Type: typ}
			if len(fields) == 3 {
				tb.Text = fields[2]
			}
			for frag := range strings.SplitSeq(offs, ";") {
				a, b, ok := strings.Cut(strings.TrimSpace(frag), " ")
				if !ok {
					return nil, bad("fragment %q of %s is not \"start end\"", frag, id)
				}
				s, err1 := strconv.Atoi(a)
				e, err2 := strconv.Atoi(b)
				if err1 != nil || err2 != nil || s < 0 || e < s {
					return nil, bad("fragment %q of %s is not a valid offset pair", frag, id)
				}
				if e >= len(byteAt) {
					return nil, bad("fragment %q of %s lies beyond the text (%d characters)", frag, id, len(byteAt)-1)
				}
				tb.Spans = append(tb.Spans, dateline.Span{Start: byteAt[s], End: byteAt[e]})
			}
			sort.Slice(tb.Spans, func(i, j int) bool { return tb.Spans[i].Start < tb.Spans[j].Start })
			doc.TextBounds[id] = tb
		case 'E', 'R':
			ev := BratEvent{ID: id}
			for j, f := range strings.Fields(fields[1]) {
				role, ref, ok := strings.Cut(f, ":")
				if j == 0 && id[0] == 'E' {
					ev.Type, ev.Trigger = role, ref
					continue
				}
				if j == 0 && id[0] == 'R' && !ok {
					ev.Type = f
					continue
				}
				if !ok {
					return nil, bad("argument %q of %s is not Role:ID", f, id)
				}
				ev.Args = append(ev.Args, BratArg{Role: role, ID: ref})
			}
			doc.Events = append(doc.Events, ev)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: reading %s: %w", name, err)
	}
	// E lines first, then R lines, each in file order: sort by kind only.
	sort.SliceStable(doc.Events, func(i, j int) bool { return doc.Events[i].ID[0] < doc.Events[j].ID[0] })
	return doc, nil
}

func isBratID(id string) bool {
	switch id[0] {
	case 'T', 'E', 'R', 'A', 'M', 'N', '#':
	default:
		return false
	}
	if id[0] == '#' {
		return true
	}
	for _, c := range id[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Attribution is one gold attribution relation of a brat document: its
// source, cue and content fragments (byte offsets, in text order). Source
// and Cue may be empty (PolNeAR's "Attribution-no-source" has no source).
type Attribution struct {
	ID      string          `json:"id"`
	Source  []dateline.Span `json:"source,omitempty"`
	Cue     []dateline.Span `json:"cue,omitempty"`
	Content []dateline.Span `json:"content"`
}

// Attributions returns the attribution relations of the document, in file
// order. Two encodings are read:
//
//   - PolNeAR: an event whose type begins with "Attribution" (Attribution,
//     Attribution-no-source) with Source, Cue and Content arguments; further
//     content arguments (Content2, ...) add fragments to the content;
//   - relations ("R" lines) between a Cue and a Source or Content
//     annotation, as PARC-style conversions write them: the relations that
//     share a cue make one attribution.
//
// In both, an argument's role is taken from its name (Source..., Cue...,
// Content...) or, failing that, from the type of the annotation it points
// to. Attributions without content are dropped.
func (d *BratDoc) Attributions() []Attribution {
	var out []Attribution
	byCue := map[string]int{} // cue T id -> index in out, for R-line attributions
	roleOf := func(a BratArg) string {
		for _, r := range []string{"Source", "Cue", "Content"} {
			if strings.HasPrefix(a.Role, r) {
				return r
			}
		}
		if tb := d.TextBounds[a.ID]; tb != nil {
			for _, r := range []string{"Source", "Cue", "Content"} {
				if strings.HasPrefix(tb.Type, r) {
					return r
				}
			}
		}
		return ""
	}
	add := func(at *Attribution, a BratArg) {
		tb := d.TextBounds[a.ID]
		if tb == nil {
			return
		}
		switch roleOf(a) {
		case "Source":
			at.Source = append(at.Source, tb.Spans...)
		case "Cue":
			at.Cue = append(at.Cue, tb.Spans...)
		case "Content":
			at.Content = append(at.Content, tb.Spans...)
		}
	}
	for _, ev := range d.Events {
		if ev.Trigger != "" || strings.HasPrefix(ev.ID, "E") {
			if !strings.HasPrefix(ev.Type, "Attribution") {
				continue
			}
			at := Attribution{ID: ev.ID}
			for _, a := range ev.Args {
				add(&at, a)
			}
			out = append(out, at)
			continue
		}
		// A relation: find its cue argument.
		cue := ""
		for _, a := range ev.Args {
			if roleOf(a) == "Cue" {
				cue = a.ID
			}
		}
		if cue == "" {
			continue
		}
		i, ok := byCue[cue]
		if !ok {
			i = len(out)
			byCue[cue] = i
			out = append(out, Attribution{ID: ev.ID})
			add(&out[i], BratArg{Role: "Cue", ID: cue})
		}
		for _, a := range ev.Args {
			if a.ID != cue {
				add(&out[i], a)
			}
		}
	}
	kept := out[:0]
	for _, at := range out {
		if len(at.Content) == 0 {
			continue
		}
		for _, s := range [][]dateline.Span{at.Source, at.Cue, at.Content} {
			sort.Slice(s, func(i, j int) bool { return s[i].Start < s[j].Start })
		}
		kept = append(kept, at)
	}
	return kept
}

// ReadMetadata reads a tab-separated metadata file with a header line, as
// PolNeAR's metadata.tsv: it returns the publication date of every file
// name, from the columns "filename" and "publication_date" (YYYY-MM-DD or
// RFC 3339). Rows without a readable date are left out.
func ReadMetadata(path string) (map[string]time.Time, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("eval: %s: reading the header: %w", path, err)
	}
	nameCol, dateCol := -1, -1
	for i, h := range head {
		switch strings.TrimSpace(strings.ToLower(h)) {
		case "filename", "file", "name", "id":
			if nameCol < 0 {
				nameCol = i
			}
		case "publication_date", "date":
			if dateCol < 0 {
				dateCol = i
			}
		}
	}
	if nameCol < 0 || dateCol < 0 {
		return nil, fmt.Errorf("eval: %s: the header has no filename and publication_date columns", path)
	}
	out := map[string]time.Time{}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &dateline.InputError{File: path, Line: line, Err: err}
		}
		if nameCol >= len(rec) || dateCol >= len(rec) {
			continue
		}
		v := strings.TrimSpace(rec[dateCol])
		t, err := time.Parse(dateline.DateLayout, v)
		if err != nil {
			if t, err = time.Parse(time.RFC3339, v); err != nil {
				continue
			}
		}
		out[strings.TrimSpace(rec[nameCol])] = t
	}
	return out, nil
}

// bratFile is one .ann file to score and the text it annotates.
type bratFile struct {
	ann, txt  string // paths
	article   string // the text's file name without extension
	annotator string // the suffix after the article name, "" if none
}

// findBratFiles lists the .ann files under dir with their texts. A text is
// found next to the .ann file (same name, .txt), or, when the .ann name is
// the article name plus "_" and an annotator suffix, under that article
// name next to the .ann file, in a "text" directory beside the .ann file's
// directory, or in dir/text.
func findBratFiles(dir string) ([]bratFile, error) {
	var anns []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".ann") {
			anns = append(anns, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	sort.Strings(anns)
	exists := func(p string) bool {
		st, err := os.Stat(p)
		return err == nil && !st.IsDir()
	}
	var out []bratFile
	for _, ann := range anns {
		base := strings.TrimSuffix(filepath.Base(ann), filepath.Ext(ann))
		annDir := filepath.Dir(ann)
		names := []string{base}
		if i := strings.LastIndexByte(base, '_'); i > 0 {
			names = append(names, base[:i])
		}
		dirs := []string{annDir, filepath.Join(filepath.Dir(annDir), "text"), filepath.Join(dir, "text")}
		f := bratFile{ann: ann}
		for _, n := range names {
			for _, d := range dirs {
				if p := filepath.Join(d, n+".txt"); exists(p) {
					f.txt, f.article = p, n
					if n != base {
						f.annotator = base[len(n)+1:]
					}
					break
				}
			}
			if f.txt != "" {
				break
			}
		}
		if f.txt == "" {
			return nil, fmt.Errorf("eval: no text file for %s", ann)
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("eval: no .ann files under %s", dir)
	}
	return out, nil
}

// readBratText reads a text file as brat sees it: UTF-8, with a byte-order
// mark dropped. Invalid UTF-8 is an error, since character offsets could
// not be trusted.
func readBratText(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("eval: %w", err)
	}
	s := strings.TrimPrefix(string(b), "\ufeff")
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("eval: %s is not valid UTF-8", path)
	}
	return s, nil
}
