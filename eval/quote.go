package eval

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline"
)

// QuoteEvalOptions configures EvalQuotes.
type QuoteEvalOptions struct {
	// Metadata is a metadata.tsv file giving each article's publication
	// date (see ReadMetadata); "" leaves the dates unset.
	Metadata string
	// AllAnnotators scores every .ann file. By default an article annotated
	// by several annotators (files "<article>_<annotator>.ann") is scored
	// once, against the annotator whose suffix sorts first, so that every
	// article weighs the same.
	AllAnnotators bool
	// MaxErrors caps the error list (0: no cap).
	MaxErrors int
}

// Accuracy is a proportion of correct decisions, in percent.
type Accuracy struct {
	Correct  int     `json:"correct"`
	Total    int     `json:"total"`
	Accuracy float64 `json:"accuracy"`
}

func newAccuracy(correct, total int) Accuracy {
	a := Accuracy{Correct: correct, Total: total}
	if total > 0 {
		a.Accuracy = 100 * float64(correct) / float64(total)
	}
	return a
}

// QuoteScores are the attribution measures for one set of quotes.
//
// Content: a system quote matches a gold attribution when the characters
// they share are at least half of the characters either covers (overlap /
// union >= 0.5, counting the gold content's fragments and the system span
// as sets of characters); quotes and attributions are aligned one to one,
// best overlap first. P = matched system quotes / system quotes, R =
// matched gold attributions / gold attributions.
//
// Source: on matched pairs whose gold attribution has a source, the system
// source is correct when its mention overlaps a gold source fragment, or,
// failing that, when the gold source is a name (its head, the last word
// before any comma or parenthesis, is capitalised and is not a pronoun) and
// that head is one of the words of the system speaker (case-insensitive):
// "Mr. Trump" in the gold source and speaker "Donald Trump" agree.
//
// Cue: on matched pairs with a gold cue, the system cue overlaps it.
// Kind: on matched pairs, the system kind equals the gold kind.
type QuoteScores struct {
	Gold    int      `json:"gold"`
	System  int      `json:"system"`
	Content PRF      `json:"content"`
	Source  Accuracy `json:"source"`
	Cue     Accuracy `json:"cue"`
	Kind    Accuracy `json:"kind"`
}

type quoteCounts struct {
	gold, system, matchedGold, matchedSys   int
	srcOK, srcN, cueOK, cueN, kindOK, kindN int
}

func (c *quoteCounts) add(o quoteCounts) {
	c.gold += o.gold
	c.system += o.system
	c.matchedGold += o.matchedGold
	c.matchedSys += o.matchedSys
	c.srcOK += o.srcOK
	c.srcN += o.srcN
	c.cueOK += o.cueOK
	c.cueN += o.cueN
	c.kindOK += o.kindOK
	c.kindN += o.kindN
}

func (c quoteCounts) scores() QuoteScores {
	p := newPRF(c.matchedSys, c.system, c.gold)
	// Recall counts gold attributions; with a one-to-one alignment the two
	// match counts are equal, but keep them apart for the kind breakdown.
	if c.gold > 0 {
		p.Recall = 100 * float64(c.matchedGold) / float64(c.gold)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	} else {
		p.F1 = 0
	}
	return QuoteScores{
		Gold: c.gold, System: c.system, Content: p,
		Source: newAccuracy(c.srcOK, c.srcN),
		Cue:    newAccuracy(c.cueOK, c.cueN),
		Kind:   newAccuracy(c.kindOK, c.kindN),
	}
}

// QuoteError is one disagreement with the gold attributions.
type QuoteError struct {
	File string `json:"file"`
	// Kind is "missed" (a gold attribution no system quote matches),
	// "spurious" (a system quote that matches none), or "source" (matched,
	// wrong source).
	Kind       string `json:"kind"`
	GoldKind   string `json:"gold_kind,omitempty"`
	SystemKind string `json:"system_kind,omitempty"`
	Gold       string `json:"gold,omitempty"`        // the gold content, fragments joined by " … "
	GoldSource string `json:"gold_source,omitempty"` // the gold source text
	GoldCue    string `json:"gold_cue,omitempty"`
	System     string `json:"system,omitempty"` // the system content
	Source     string `json:"source,omitempty"` // the system source mention
	Speaker    string `json:"speaker,omitempty"`
	Cue        string `json:"cue,omitempty"`
	Offset     int    `json:"offset"` // byte offset of the content in the text
}

// QuoteFileResult is the score of one annotation file.
type QuoteFileResult struct {
	File   string      `json:"file"`
	Date   string      `json:"date,omitempty"`
	Scores QuoteScores `json:"scores"`
}

// QuoteResult is the evaluation of a directory of brat attribution files.
//
// All counts every attribution; Direct, Indirect and Mixed count, on the
// gold side, the gold attributions of that kind and, on the system side,
// the system quotes of that kind, both matched under the one alignment of
// All (so a direct gold quote found as "mixed" counts for direct recall and
// for mixed precision). Gold kinds: direct when every content fragment is
// in quotation marks, mixed when the content contains a quotation mark,
// indirect otherwise.
//
// NoSource counts the matched gold attributions without a source (passive
// and impersonal attributions): correct when the system gave no source
// either. They are not in the source accuracy of All.
type QuoteResult struct {
	Files    int               `json:"files"`
	Skipped  []string          `json:"skipped,omitempty"` // .ann files of further annotators, not scored
	All      QuoteScores       `json:"all"`
	Direct   QuoteScores       `json:"direct"`
	Indirect QuoteScores       `json:"indirect"`
	Mixed    QuoteScores       `json:"mixed"`
	NoSource Accuracy          `json:"no_source"`
	PerFile  []QuoteFileResult `json:"per_file"`
	Errors   []QuoteError      `json:"errors"`
}

// EvalQuotes runs the layers, in order, on the text of every brat .ann file
// under dir (see findBratFiles for where texts are looked for) and scores
// the quotes they produce against the gold attributions (see QuoteScores).
// Normally the layers are the text layer, the named-entity layer when
// available, and the quote layer.
func EvalQuotes(ctx context.Context, dir string, opt QuoteEvalOptions, layers ...dateline.Analyzer) (*QuoteResult, error) {
	files, err := findBratFiles(dir)
	if err != nil {
		return nil, err
	}
	var dates map[string]time.Time
	if opt.Metadata != "" {
		if dates, err = ReadMetadata(opt.Metadata); err != nil {
			return nil, err
		}
	}
	res := &QuoteResult{}
	if !opt.AllAnnotators {
		seen := map[string]bool{}
		kept := files[:0]
		for _, f := range files {
			if seen[f.txt] {
				res.Skipped = append(res.Skipped, filepath.Base(f.ann))
				continue
			}
			seen[f.txt] = true
			kept = append(kept, f)
		}
		files = kept
	}
	var all, direct, indirect, mixed quoteCounts
	var noSrcOK, noSrcN int
	cache := map[string]*dateline.Doc{} // text path -> analysed doc
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		doc := cache[f.txt]
		if doc == nil {
			text, err := readBratText(f.txt)
			if err != nil {
				return nil, err
			}
			doc = dateline.NewDoc(dateline.Article{ID: f.article, Date: dates[f.article], Text: text})
			for _, a := range layers {
				if err := a.Analyze(ctx, doc); err != nil {
					return nil, fmt.Errorf("eval: %s: %s: %w", f.txt, a.Name(), err)
				}
			}
			cache = map[string]*dateline.Doc{f.txt: doc} // keep only the last text
		}
		rd, err := openAndParseBrat(f.ann, doc.Text)
		if err != nil {
			return nil, err
		}
		name := filepath.Base(f.ann)
		fs := scoreQuotes(name, doc.Text, rd.Attributions(), doc.Quotes)
		all.add(fs.all)
		direct.add(fs.byKind[dateline.QuoteDirect])
		indirect.add(fs.byKind[dateline.QuoteIndirect])
		mixed.add(fs.byKind[dateline.QuoteMixed])
		noSrcOK += fs.noSrcOK
		noSrcN += fs.noSrcN
		fr := QuoteFileResult{File: name, Scores: fs.all.scores()}
		if !doc.Date.IsZero() {
			fr.Date = doc.Date.Format(dateline.DateLayout)
		}
		res.PerFile = append(res.PerFile, fr)
		for _, e := range fs.errors {
			if opt.MaxErrors > 0 && len(res.Errors) >= opt.MaxErrors {
				break
			}
			res.Errors = append(res.Errors, e)
		}
	}
	res.Files = len(files)
	res.All = all.scores()
	res.Direct = direct.scores()
	res.Indirect = indirect.scores()
	res.Mixed = mixed.scores()
	res.NoSource = newAccuracy(noSrcOK, noSrcN)
	return res, nil
}

func openAndParseBrat(path, text string) (*BratDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseBrat(filepath.Base(path), f, text)
}

// fileScore is the scoring of one file.
type fileScore struct {
	all     quoteCounts
	byKind  map[string]quoteCounts
	noSrcOK int
	noSrcN  int
	errors  []QuoteError
}

// ScoreQuotes scores system quotes against gold attributions of one text
// (see QuoteScores for the measures).
func ScoreQuotes(text string, gold []Attribution, sys []dateline.Quote) QuoteScores {
	return scoreQuotes("", text, gold, sys).all.scores()
}

// GoldQuoteKind returns the kind of a gold attribution's content: direct
// when every fragment is in quotation marks (the marks inside the fragment
// or right around it), mixed when the content contains a quotation mark,
// indirect otherwise.
func GoldQuoteKind(text string, content []dateline.Span) string {
	if len(content) == 0 {
		return dateline.QuoteIndirect
	}
	allQuoted, anyMark := true, false
	for _, sp := range content {
		if !sp.Valid(len(text)) {
			return dateline.QuoteIndirect
		}
		if hasQuotation(text, sp) {
			anyMark = true
		}
		// Trim white space and sentence punctuation at both ends.
		a, b := sp.Start, sp.End
		for a < b {
			r, n := utf8.DecodeRuneInString(text[a:])
			if !unicode.IsSpace(r) && !strings.ContainsRune(",.:;!?…-—–", r) {
				break
			}
			a += n
		}
		for b > a {
			r, n := utf8.DecodeLastRuneInString(text[:b])
			if !unicode.IsSpace(r) && !strings.ContainsRune(",.:;!?…-—–", r) {
				break
			}
			b -= n
		}
		if a == b {
			continue
		}
		first, _ := utf8.DecodeRuneInString(text[a:])
		last, _ := utf8.DecodeLastRuneInString(text[:b])
		opens := isQuoteMark(first) || isQuoteMark(prevNonSpace(text, a))
		closes := isQuoteMark(last) || isQuoteMark(nextNonSpace(text, b))
		if !opens || !closes {
			allQuoted = false
		}
	}
	switch {
	case allQuoted:
		return dateline.QuoteDirect
	case anyMark:
		return dateline.QuoteMixed
	}
	return dateline.QuoteIndirect
}

// hasQuotation reports whether the span contains a quotation mark that is
// not an apostrophe: a double mark, a guillemet, or an opening single mark
// (‘, or ' and ’ after a non-letter and before a letter).
func hasQuotation(text string, sp dateline.Span) bool {
	prev := prevRune(text, sp.Start)
	for i, r := range text[sp.Start:sp.End] {
		switch r {
		case '"', '“', '”', '„', '«', '»', '‹', '›', '‘', '`':
			return true
		case '\'', '’':
			next, _ := utf8.DecodeRuneInString(text[sp.Start+i+1:])
			if !unicode.IsLetter(prev) && !unicode.IsDigit(prev) && unicode.IsLetter(next) {
				return true
			}
		}
		prev = r
	}
	return false
}

func prevRune(s string, i int) rune {
	if i <= 0 {
		return ' '
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

func isQuoteMark(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»', '‹', '›', '‘', '’', '\'', '`':
		return true
	}
	return false
}

func prevNonSpace(s string, i int) rune {
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.IsSpace(r) {
			return r
		}
		i -= n
	}
	return 0
}

func nextNonSpace(s string, i int) rune {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			return r
		}
		i += n
	}
	return 0
}

// charCount counts the characters of text in the union of spans, which
// must be sorted by start.
func charCount(text string, spans []dateline.Span) int {
	n, end := 0, 0
	for _, sp := range spans {
		a := max(sp.Start, end)
		if a < sp.End {
			n += utf8.RuneCountInString(text[a:sp.End])
			end = sp.End
		}
	}
	return n
}

// intersect returns the intersection of two sorted, non-overlapping span lists.
func intersect(a, b []dateline.Span) []dateline.Span {
	var out []dateline.Span
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		s, e := max(a[i].Start, b[j].Start), min(a[i].End, b[j].End)
		if s < e {
			out = append(out, dateline.Span{Start: s, End: e})
		}
		if a[i].End < b[j].End {
			i++
		} else {
			j++
		}
	}
	return out
}

// normSpans sorts spans, drops invalid ones and merges overlapping ones.
func normSpans(text string, spans []dateline.Span) []dateline.Span {
	var out []dateline.Span
	for _, s := range spans {
		if s.Valid(len(text)) && s.Len() > 0 {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	merged := out[:0]
	for _, s := range out {
		if k := len(merged) - 1; k >= 0 && s.Start <= merged[k].End {
			merged[k].End = max(merged[k].End, s.End)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

func anyOverlap(a []dateline.Span, b dateline.Span) bool {
	for _, s := range a {
		if s.Overlaps(b) {
			return true
		}
	}
	return false
}

func scoreQuotes(file, text string, gold []Attribution, sys []dateline.Quote) fileScore {
	fs := fileScore{byKind: map[string]quoteCounts{}}
	gSets := make([][]dateline.Span, len(gold))
	gChars := make([]int, len(gold))
	gKinds := make([]string, len(gold))
	for i, g := range gold {
		gSets[i] = normSpans(text, g.Content)
		gChars[i] = charCount(text, gSets[i])
		gKinds[i] = GoldQuoteKind(text, gSets[i])
	}
	sSets := make([][]dateline.Span, len(sys))
	sChars := make([]int, len(sys))
	for i, q := range sys {
		sSets[i] = normSpans(text, []dateline.Span{q.Span})
		sChars[i] = charCount(text, sSets[i])
	}
	type cand struct {
		g, s  int
		ratio float64
	}
	var cands []cand
	for gi := range gold {
		if gChars[gi] == 0 {
			continue
		}
		for si := range sys {
			if sChars[si] == 0 || !overlapsAny(gSets[gi], sSets[si]) {
				continue
			}
			inter := charCount(text, intersect(gSets[gi], sSets[si]))
			union := gChars[gi] + sChars[si] - inter
			if 2*inter >= union && union > 0 {
				cands = append(cands, cand{gi, si, float64(inter) / float64(union)})
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].ratio > cands[j].ratio })
	toSys := make([]int, len(gold))
	toGold := make([]int, len(sys))
	for i := range toSys {
		toSys[i] = -1
	}
	for i := range toGold {
		toGold[i] = -1
	}
	for _, c := range cands {
		if toSys[c.g] < 0 && toGold[c.s] < 0 {
			toSys[c.g], toGold[c.s] = c.s, c.g
		}
	}
	snippet := func(spans []dateline.Span) string {
		parts := make([]string, 0, len(spans))
		for _, s := range spans {
			if s.Valid(len(text)) {
				parts = append(parts, flatten(text[s.Start:s.End]))
			}
		}
		return strings.Join(parts, " … ")
	}
	kindCounts := func(k string) quoteCounts { return fs.byKind[k] }
	setKind := func(k string, c quoteCounts) { fs.byKind[k] = c }
	for gi, g := range gold {
		fs.all.gold++
		kc := kindCounts(gKinds[gi])
		kc.gold++
		si := toSys[gi]
		if si < 0 {
			setKind(gKinds[gi], kc)
			e := QuoteError{File: file, Kind: "missed", GoldKind: gKinds[gi],
				Gold: snippet(gSets[gi]), GoldSource: snippet(g.Source), GoldCue: snippet(g.Cue), Offset: firstStart(gSets[gi])}
			// The system quote that overlaps it most, if any, for study.
			best, bestN := -1, 0
			for sj := range sys {
				if n := charCount(text, intersect(gSets[gi], sSets[sj])); n > bestN {
					best, bestN = sj, n
				}
			}
			if best >= 0 {
				q := sys[best]
				e.SystemKind, e.System, e.Speaker = q.Kind, flatten(q.Text), q.Speaker
				if q.Source != nil {
					e.Source = q.Source.Text
				}
				if q.Cue != nil {
					e.Cue = q.Cue.Text
				}
			}
			fs.errors = append(fs.errors, e)
			continue
		}
		fs.all.matchedGold++
		kc.matchedGold++
		q := sys[si]
		var c quoteCounts
		if q.Kind == gKinds[gi] {
			c.kindOK++
		}
		c.kindN++
		if len(g.Cue) > 0 {
			c.cueN++
			if q.Cue != nil && anyOverlap(g.Cue, q.Cue.Span) {
				c.cueOK++
			}
		}
		srcOK := false
		if len(g.Source) == 0 {
			fs.noSrcN++
			if q.Source == nil {
				fs.noSrcOK++
			}
		} else {
			c.srcN++
			srcOK = sourceAgrees(text, g.Source, q)
			if srcOK {
				c.srcOK++
			}
		}
		fs.all.add(c)
		kc.add(c)
		setKind(gKinds[gi], kc)
		if len(g.Source) > 0 && !srcOK {
			e := QuoteError{File: file, Kind: "source", GoldKind: gKinds[gi], SystemKind: q.Kind,
				Gold: snippet(gSets[gi]), GoldSource: snippet(g.Source), GoldCue: snippet(g.Cue),
				System: flatten(q.Text), Speaker: q.Speaker, Offset: q.Start}
			if q.Source != nil {
				e.Source = q.Source.Text
			}
			if q.Cue != nil {
				e.Cue = q.Cue.Text
			}
			fs.errors = append(fs.errors, e)
		}
	}
	for si, q := range sys {
		fs.all.system++
		kc := kindCounts(q.Kind)
		kc.system++
		if toGold[si] >= 0 {
			fs.all.matchedSys++
			kc.matchedSys++
		} else {
			e := QuoteError{File: file, Kind: "spurious", SystemKind: q.Kind, System: flatten(q.Text), Speaker: q.Speaker, Offset: q.Start}
			if q.Source != nil {
				e.Source = q.Source.Text
			}
			if q.Cue != nil {
				e.Cue = q.Cue.Text
			}
			fs.errors = append(fs.errors, e)
		}
		setKind(q.Kind, kc)
	}
	sort.SliceStable(fs.errors, func(i, j int) bool { return fs.errors[i].Offset < fs.errors[j].Offset })
	return fs
}

func firstStart(s []dateline.Span) int {
	if len(s) == 0 {
		return 0
	}
	return s[0].Start
}

func overlapsAny(a, b []dateline.Span) bool {
	for _, x := range a {
		for _, y := range b {
			if x.Overlaps(y) {
				return true
			}
		}
	}
	return false
}

// sourceAgrees reports whether the system quote's source agrees with the
// gold source fragments (see QuoteScores).
func sourceAgrees(text string, gold []dateline.Span, q dateline.Quote) bool {
	if q.Source != nil && anyOverlap(gold, q.Source.Span) {
		return true
	}
	if q.Speaker == "" {
		return false
	}
	head := sourceHead(text, gold)
	if head == "" {
		return false
	}
	for _, w := range strings.FieldsFunc(q.Speaker, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '-' }) {
		if strings.EqualFold(w, head) {
			return true
		}
	}
	return false
}

// sourceHead returns the head of a gold source when it is a name: the last
// word of the first fragment before any comma or parenthesis, when that
// word is capitalised and is not a pronoun; "" otherwise.
func sourceHead(text string, gold []dateline.Span) string {
	if len(gold) == 0 || !gold[0].Valid(len(text)) {
		return ""
	}
	s := text[gold[0].Start:gold[0].End]
	if i := strings.IndexAny(s, ",("); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(s), "'s"), "’s")
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '-' })
	if len(words) == 0 {
		return ""
	}
	w := words[len(words)-1]
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return ""
	}
	switch strings.ToLower(w) {
	case "i", "he", "she", "it", "we", "they", "you", "who", "which":
		return ""
	}
	return w
}

// flatten returns s with runs of white space as single spaces.
func flatten(s string) string { return strings.Join(strings.Fields(s), " ") }

// WriteText prints the result as a table: the overall scores by kind, one
// line per file when perFile is set, and the errors when errs is set.
func (r *QuoteResult) WriteText(w io.Writer, perFile, errs bool) error {
	var b strings.Builder
	line := func(name string, s QuoteScores) {
		fmt.Fprintf(&b, "%-48s %5d %5d  %6.2f %6.2f %6.2f  %6.2f (%d/%d)  %6.2f  %6.2f\n", name, s.Gold, s.System,
			s.Content.Precision, s.Content.Recall, s.Content.F1, s.Source.Accuracy, s.Source.Correct, s.Source.Total,
			s.Cue.Accuracy, s.Kind.Accuracy)
	}
	fmt.Fprintf(&b, "%-48s %5s %5s  %6s %6s %6s  %-16s  %6s  %6s\n", "set", "gold", "sys", "P", "R", "F1", "source acc", "cue", "kind")
	if perFile {
		for _, f := range r.PerFile {
			line(f.File, f.Scores)
		}
	}
	line("all", r.All)
	line("direct", r.Direct)
	line("mixed", r.Mixed)
	line("indirect", r.Indirect)
	fmt.Fprintf(&b, "%d files scored", r.Files)
	if len(r.Skipped) > 0 {
		fmt.Fprintf(&b, ", %d files of further annotators skipped", len(r.Skipped))
	}
	fmt.Fprintf(&b, "; attributions without a source: %d matched, %d of them without a system source\n", r.NoSource.Total, r.NoSource.Correct)
	if errs {
		for _, e := range r.Errors {
			fmt.Fprintf(&b, "%s\t%d\t%s\tgold[%s]=%q src=%q cue=%q\tsys[%s]=%q src=%q speaker=%q cue=%q\n", e.File, e.Offset, e.Kind,
				e.GoldKind, clip(e.Gold, 160), e.GoldSource, e.GoldCue, e.SystemKind, clip(e.System, 160), e.Source, e.Speaker, e.Cue)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}
