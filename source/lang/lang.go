// Package lang detects the language of an article's text with whatlanggo
// (trigram profiles of 84 languages; pure Go, no model files).
package lang

import (
	"context"
	"iter"
	"strings"

	"github.com/abadojack/whatlanggo"

	"github.com/dateline-news/dateline"
)

// English is the code of the language the analysis layers are built for.
const English = "en"

// sample is how many bytes of a text detection looks at: enough for a
// reliable answer, and the cost stays flat for long articles.
const sample = 1536

// MinConfidence is the confidence under which Choose prefers a language the
// document declared over the detected one.
const MinConfidence = 0.5

// Detect returns the ISO 639-1 code of the language of text and a
// confidence between 0 and 1. It returns "" and 0 when text has too little
// of any script to tell, or for a language that has no ISO 639-1 code.
func Detect(text string) (code string, confidence float64) {
	text = head(text, sample)
	if strings.TrimSpace(text) == "" {
		return "", 0
	}
	info := whatlanggo.Detect(text)
	code = iso6391[info.Lang]
	if code == "" {
		return "", 0
	}
	return code, info.Confidence
}

// iso6391 is the ISO 639-1 code of each language whatlanggo knows, made
// once: Lang.Iso6391 builds a map on every call.
var iso6391 = func() map[whatlanggo.Lang]string {
	m := make(map[whatlanggo.Lang]string, len(whatlanggo.Langs))
	for l := range whatlanggo.Langs {
		m[l] = l.Iso6391()
	}
	return m
}()

// Choose returns the language of text: the detected one, unless detection is
// unsure (confidence under MinConfidence) and declared, a language the
// document declared (an HTML lang attribute, a feed's language), is not
// empty. declared may be a tag such as "en-GB".
func Choose(text, declared string) string {
	code, conf := Detect(text)
	declared = primary(declared)
	if declared != "" && (code == "" || conf < MinConfidence) {
		return declared
	}
	return code
}

// Fill returns the articles of seq with Lang set by Detect where it is
// empty. Errors pass through.
func Fill(seq iter.Seq2[*dateline.Article, error]) iter.Seq2[*dateline.Article, error] {
	return func(yield func(*dateline.Article, error) bool) {
		for a, err := range seq {
			if a != nil && a.Lang == "" {
				a.Lang, _ = Detect(a.Text)
			}
			if !yield(a, err) {
				return
			}
		}
	}
}

// Filter returns the articles of seq whose Lang is one of langs (ISO 639-1
// codes, or tags such as "en-GB"). Errors pass through. With no langs, seq
// is returned unchanged.
func Filter(seq iter.Seq2[*dateline.Article, error], langs ...string) iter.Seq2[*dateline.Article, error] {
	if len(langs) == 0 {
		return seq
	}
	keep := make(map[string]bool, len(langs))
	for _, l := range langs {
		keep[primary(l)] = true
	}
	return func(yield func(*dateline.Article, error) bool) {
		for a, err := range seq {
			if a != nil && err == nil && !keep[a.Lang] {
				continue
			}
			if !yield(a, err) {
				return
			}
		}
	}
}

// primary returns the primary subtag of a language tag in lower case, or ""
// if it is not a two-letter code.
func primary(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) != 2 {
		return ""
	}
	return tag
}

// head returns at most the first n bytes of s, cut at a rune boundary.
func head(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// Detector is the language layer: an analyzer that sets Doc.Lang from the
// text, keeping a language the input declared when detection is unsure.
// With nothing declared, an unsure detection leaves Lang unknown (""),
// which the English layers treat as English: a short English text full of
// names can look like Norwegian to a trigram model, and losing its analysis
// is worse than analysing a foreign text in vain.
type Detector struct{}

// Sure is the confidence from which Detector trusts a detection over
// an unknown language.
const Sure = 0.8

// Name returns "lang".
func (Detector) Name() string { return "lang" }

// Version identifies the detector.
func (Detector) Version() string { return "english-words-1+whatlanggo-1.0.1" }

// Analyze sets doc.Lang.
func (Detector) Analyze(ctx context.Context, doc *dateline.Doc) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if (doc.Lang == "" || primary(doc.Lang) == English) && LooksEnglish(doc.Text) {
		doc.Lang = English
		return nil
	}
	if doc.Lang != "" {
		doc.Lang = Choose(doc.Text, doc.Lang)
		return nil
	}
	if code, conf := Detect(doc.Text); conf >= Sure {
		doc.Lang = code
	}
	return nil
}

// englishWords are frequent English words that are not words of other
// languages written in the Latin script (no "a", "in", "to", "die", "on").
var englishWords = map[string]bool{
	"the": true, "and": true, "of": true, "that": true, "said": true, "with": true, "was": true,
	"were": true, "for": true, "from": true, "which": true, "this": true, "have": true, "has": true,
	"is": true, "are": true, "his": true, "her": true, "they": true, "would": true, "will": true,
	"been": true, "by": true, "it": true, "their": true, "who": true, "not": true, "but": true,
}

// LooksEnglish reports whether the start of text is plainly English: at
// least a fifth of its first 120 words are frequent English function words
// that other languages do not share. English news runs at about a third.
// It is the detector's fast path: a trigram model costs about 50 times
// more, and is needed only for the rest.
func LooksEnglish(text string) bool {
	const sampleWords = 120
	words, hits := 0, 0
	for i := 0; i < len(text) && words < sampleWords; {
		if !isLetterByte(text[i]) {
			i++
			continue
		}
		start, ascii := i, true
		for i < len(text) && isLetterByte(text[i]) {
			ascii = ascii && text[i] < 0x80
			i++
		}
		words++
		if w := text[start:i]; ascii && len(w) <= 6 && englishWords[strings.ToLower(w)] {
			hits++
		}
	}
	return words >= 8 && hits*5 >= words
}

// isLetterByte reports whether c is an ASCII letter or part of a non-ASCII
// character (which, in news text, is almost always part of a word).
func isLetterByte(c byte) bool { return c >= 0x80 || c|0x20 >= 'a' && c|0x20 <= 'z' }
