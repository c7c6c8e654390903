// Package text is dateline's first analysis layer: it splits an English
// news article into tokens and sentences.
//
// Every token and sentence is a span of byte offsets into the unchanged
// article text (half-open, UTF-8), so text[span.Start:span.End] is the
// token or sentence.
//
// # Tokens
//
// Tokenisation follows the Penn Treebank conventions that most English
// treebanks use, adapted to news:
//
//   - clitics are split off: "wouldn't" -> "would" "n't", "Russia's" ->
//     "Russia" "'s", "can't" -> "ca" "n't"; a few words split although they
//     have no apostrophe ("cannot" -> "can" "not", "gonna" -> "gon" "na");
//   - abbreviations and titles keep their period (Mr., Dr., Gen., Jan.,
//     Inc.), and so do initials (S. Jaishankar), dotted letter sequences
//     (U.S., e.g., J.R.R.) and "No." before a number; a capital letter
//     before a capitalised function word gives its period up, as it ends
//     the sentence ("x ∈ T. Then");
//   - a list label at the start of a line is one token: "2.", "(a)", "b)";
//   - numbers stay whole with their separators (3.5, 1,000, 10:30, 3/4,
//     2-1) and ordinals and decades with their suffix (3rd, 1990s); "%"
//     and currency signs are tokens of their own;
//   - URLs and e-mail addresses stay whole, without trailing punctuation;
//   - hyphenated words stay whole ("one-on-one", "U.S.-led");
//   - quotation marks, straight and typographic, are separate tokens of
//     kind TokQuote, except that an apostrophe after "s" that closes no
//     quote is a possessive word ("the Russians' view");
//   - "--", "—" and "–" are TokDash tokens; "..." and "…" are one token.
//
// # Sentences
//
// A sentence ends at . ! ? or an ellipsis followed by a word that is not
// lower case, a number or an opening quotation mark; closing quotation
// marks and brackets, and reference marks such as "[12]", stay with the
// sentence they close. A quotation of several sentences is split like any
// other text, as in the GUM treebank. A title (Mr.) never ends a sentence;
// another abbreviation, an initial or a dotted sequence ends one only when
// a capitalised function word follows ("in the U.S. The next day", but
// "the U.S. Senate"); "etc." ends one before any capitalised word. A
// question or exclamation in quotation marks followed by a reporting
// clause ("“Why now?” Blinken asked.") does not end the sentence, nor does
// a list number ("2. Methods"). A spaced dash followed by a capitalised
// function word ends an utterance that was cut off ("we'd have to go — We
// could").
//
// A blank line always ends a sentence. So does a single line break after
// final punctuation, before a bulleted line, after a line that is a heading
// by itself, and before a line that looks like a heading, so that headings
// without final punctuation are sentences of their own. A heading must be
// clearly shorter than the line after it, so that hard-wrapped text, whose
// lines are all about as long, is not cut at its line breaks.
//
// # Lexicons
//
// Abbreviations, titles, function words, clitics, contractions and
// reporting verbs are listed in the embedded files data/*.txt, one entry
// per line, so that a linguist can extend them without touching the code.
// Version changes whenever they do.
//
// # Evaluation
//
// EvalGUM scores the segmenter against the sentence and token boundaries
// of the GUM and GENTLE treebanks (CoNLL-U); see its documentation.
package text

import (
	"context"

	"github.com/dateline-news/dateline"
)

// engineVersion is the version of the rules in the code. Change it when a
// rule changes; changes to the data files change Version by themselves.
const engineVersion = "2"

// Segmenter splits text into tokens and sentences. Create one with New; a
// Segmenter is immutable and safe for concurrent use by several goroutines.
//
// Segmenter implements dateline.Analyzer and dateline.Versioned.
type Segmenter struct {
	lx *lexicon
}

var (
	_ dateline.Analyzer  = (*Segmenter)(nil)
	_ dateline.Versioned = (*Segmenter)(nil)
)

// New returns a Segmenter with the embedded lexicons. The lexicons are
// parsed on each call, so create one Segmenter and share it. New panics if
// the embedded data files are malformed, which the package tests rule out.
func New() *Segmenter {
	lx, err := loadLexicon()
	if err != nil {
		panic("text: " + err.Error())
	}
	return &Segmenter{lx: lx}
}

// Name returns "text", the name of the layer.
func (sg *Segmenter) Name() string { return "text" }

// Version identifies the rules and lexicons: the engine version and a
// digest of the data files. Output for an unchanged text changes only when
// the version does.
func (sg *Segmenter) Version() string { return engineVersion + "." + sg.lx.version }

// Analyze sets doc.Tokens and doc.Sentences from doc.Text, reusing the
// slices' storage. It fails only if ctx is done.
func (sg *Segmenter) Analyze(ctx context.Context, doc *dateline.Doc) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	// About one token per five bytes and one sentence per 120 in news.
	if doc.Tokens == nil {
		doc.Tokens = make([]dateline.Token, 0, len(doc.Text)/5+1)
	}
	if doc.Sentences == nil {
		doc.Sentences = make([]dateline.Sentence, 0, len(doc.Text)/120+1)
	}
	doc.Tokens = sg.Tokenize(doc.Text, doc.Tokens[:0])
	doc.Sentences = sg.Sentences(doc.Text, doc.Tokens, doc.Sentences[:0])
	return nil
}

// Tokenize appends the tokens of s to dst and returns the extended slice.
// Tokens are in text order, do not overlap and never include white space.
// Invalid UTF-8 bytes become one-byte TokSymbol tokens.
func (sg *Segmenter) Tokenize(s string, dst []dateline.Token) []dateline.Token {
	t := tokenizer{lx: sg.lx, s: s, out: dst}
	t.run()
	return t.out
}

// Sentences appends the sentences of s to dst and returns the extended
// slice. toks must be the tokens of s as returned by Tokenize. Every token
// belongs to exactly one sentence; a sentence starts at the start of its
// first token and ends at the end of its last, so it never begins or ends
// with white space.
func (sg *Segmenter) Sentences(s string, toks []dateline.Token, dst []dateline.Sentence) []dateline.Sentence {
	p := splitter{lx: sg.lx, s: s, toks: toks}
	return p.segment(dst)
}

// Segment returns the tokens and sentences of s in new slices.
func (sg *Segmenter) Segment(s string) ([]dateline.Token, []dateline.Sentence) {
	toks := sg.Tokenize(s, make([]dateline.Token, 0, len(s)/5+1))
	return toks, sg.Sentences(s, toks, nil)
}
