// Package quote is dateline's quotation layer: it finds every quotation and
// every piece of reported speech in an article, the cue that introduces it,
// the mention it is attributed to (its source) and who that mention is (its
// speaker).
//
// # What it finds
//
// Each doc.Quotes entry is one attribution. Its span is the content:
//
//   - direct: the words between quotation marks, the marks excluded (and
//     the comma that ends a quotation before its attribution). Straight
//     and typographic double quotes, single quotes as British outlets use
//     them (apostrophes, plural possessives included, are told apart),
//     guillemets, „German“ quotes, and two apostrophes in a row, as some
//     newspapers write a double quote are all read; marks pair within a
//     paragraph, so a stray mark never swallows the rest of the article,
//     and nested quotations stay inside the quotation that contains them.
//     A quotation of several paragraphs, each reopening the quotation
//     without closing the last, is one quote, and so is a paragraph in
//     quotation marks that follows an attributed quotation.
//   - A quotation interrupted by its attribution ("“...,” Blinken said.
//     “...”") is one quote whose span runs from the start of its first part
//     to the end of its last, so that the attribution is inside the span;
//     cue and source point into that middle. One span keeps the contract
//     of one span per quote, keeps the parts together for a reader, and
//     scores best under an overlap measure as long as the parts are longer
//     than the attribution between them. When the attribution is longer
//     (a long apposition after a short quotation), one span would be
//     mostly attribution, so the parts become quotes of their own that
//     share cue, source and speaker.
//   - indirect: reported speech, the clause after the cue ("Blinken said
//     [the meeting was unscheduled]", "stressed [that 18 members ...]",
//     "urged [Lavrov to end the war]", "told the press ... [that ...]"),
//     or before it ("[...], he said"), or around it ("[Blinken, the
//     official added, wanted to ...]"), the clause that "according to X"
//     qualifies, and headlines written "Name: statement". The content
//     stops before a following attribution (", saying", ", according
//     to", ", he said"), a semicolon, a contrast (", but"), a second
//     verb of the subject ("and said") or a non-restrictive relative
//     clause (", which ...").
//   - mixed: reported speech that contains quoted words ("urged [Lavrov to
//     “end this war of aggression” in Ukraine]"); a quotation that the
//     sentence goes on after ("says “the wind is at our backs” despite
//     his loss") is part of such reported speech, not a direct quote.
//
// Quotation marks with no cue (scare quotes, titles) are not quotes, with
// one exception: a quotation standing alone as a heading takes the speaker
// of the attributed quote below it that repeats its words, without a cue
// or source. Cues inside quotations are not attributions (the words of the
// quoted speaker, not of the article).
//
// # Cues and sources
//
// Cues are reporting verbs and phrases listed in data/cues.txt (verbs,
// with the complements that carry their content: clause, infinitive,
// object, recipient, ...) and data/phrases.txt ("according to", nouns such
// as "claim"); a colon after a clause whose subject is a name ("McConnell
// delivered a blunt message: “...”") and a dash before a name after a
// quotation ("“...” ― Sonya Herridge") are cues too. The source is the
// subject of the cue (a name, a pronoun, a role such as "a senior US
// official", an organisation, a relative "who", with its appositions:
// "Anna Berg, 52, a professor at ..."), found before the cue, after it
// ("said Blinken"), for a participle (", adding that ...") the subject of
// the clause, and for "according to" the phrase after it; when the noun
// phrase rules find none ("Current and former officials who spoke with
// HuffPost said"), the words between the start of the clause and the verb.
// Passive cues marked "pass" ("is expected to") make attributions without
// a source, whose content is the whole clause.
//
// # Kinds of attribution covered
//
// PolNeAR-style attribution covers more than speech. The layer finds
// statements and reports (say, tell, add, write, announce, according to),
// claims and arguments (claim, argue, insist, deny, warn), questions (ask,
// wonder, "Asked whether ..., he said"), evidence (show, find, suggest,
// indicate; "the survey found Clinton leading" without "that" when the
// source is a poll, a study or a report; "Trump leads in the latest poll"),
// beliefs and knowledge (think, believe, know that, see X as Y), stances
// written with an adjective after a linking verb ("is confident that", "are
// worried about", "seemed eager to"), intentions and promises (vow,
// promise, plan, intend, seek, want to, refuse, decline), calls and demands
// (urge, call on, call for, demand), evaluations and endorsements
// (praise, criticise, accuse, endorse, support, back, oppose, defend,
// "Cruz was endorsed by Fiorina"), rulings (rule, order), raising verbs
// without a source whose clause is the content ("New Hampshire seems
// stable", "The talks are expected to resume"), nouns with a possessive or
// a content preposition ("his claim that", "criticism of the plan",
// "support for Sanders"), transcript lines ("PENCE: And that's why ...")
// a long tail of verbs that PolNeAR's annotators mark as cues (see the
// counts in data/cues.txt), participles after a noun ("a group backing
// Bush", "polls showing a tight race") and, for a cue verb whose frames
// the words after it fit none of, the object, clause or "about"-phrase
// that any reporting verb may take ("wanted a complete break"), which the
// model judges.
//
// # The attribution model
//
// The rules propose; a model trained on PolNeAR decides (see model.go). It
// scores every candidate attribution by the rule that made it, its cue,
// source and content, and keeps those above a threshold chosen by
// cross-validation; for reported speech after its cue it also chooses
// where the content ends, the end most likely to match an annotator's
// (ends.go), and of two kept contents that share most of their words,
// neither inside the other, it keeps the one it scores higher. Trained on
// a corpus whose annotators mark only the outermost attribution, the model
// drops most attributions nested in the content of another; the layer
// keeps the nested ones that report a "that"-clause or the words of a
// named source ("He told reporters that only Russia opposed condemnation
// of the war").
//
// # Speakers
//
// The speaker is what the source refers to. With an entity layer
// (doc.Entities, filled by the ner layer before this one) it is the
// canonical name of the person or organisation entity heading the source;
// without one, the capitalised name in the source, titles stripped
// ("German Foreign Minister Baerbock" -> "Baerbock"), extended to the
// longest name of the article that ends with it ("Lavrov" -> "Sergei
// Lavrov"). Pronouns resolve to the latest speaker or name of matching
// kind and gender ("he" -> Blinken, "it" -> the US State Department); a
// relative pronoun to the noun phrase before it; a title bound to a name in
// the article ("the foreign minister" after "German Foreign Minister
// Baerbock") to that name, and a capitalised title bound to none ("US
// Secretary of State") to the person most quoted by name. A role without a
// name stays the role, with "the" ("the senior US official"), and a later
// mention of the same role resolves to it.
//
// The word lists in data/ can be read and extended without touching the
// code; after a change to them or to the rules, the model is retrained
// (see model.go), and Version changes with the data files.
package quote

import (
	"context"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/text"
)

// engineVersion is the version of the rules in the code; the data files
// have their own digest in Version.
const engineVersion = "9"

// Finder finds quotations and reported speech. Create one with New; a
// Finder is immutable and safe for concurrent use by several goroutines.
//
// Finder implements dateline.Analyzer and dateline.Versioned.
type Finder struct {
	lx  *lexicon
	m   *model // nil: keep every candidate
	seg *text.Segmenter
}

var (
	_ dateline.Analyzer  = (*Finder)(nil)
	_ dateline.Versioned = (*Finder)(nil)
)

// New returns a Finder with the embedded word lists. Loading them takes a
// moment, so create one Finder and share it.
func New() (*Finder, error) {
	lx, err := loadLexicon()
	if err != nil {
		return nil, err
	}
	m, err := loadModel()
	if err != nil {
		return nil, err
	}
	return &Finder{lx: lx, m: m, seg: text.New()}, nil
}

// Name returns "quote", the name of the layer.
func (f *Finder) Name() string { return "quote" }

// Version identifies the rules and word lists: the engine version and a
// digest of the data files.
func (f *Finder) Version() string { return engineVersion + "." + f.lx.digest }

// Analyze sets doc.Quotes from doc.Text, doc.Tokens, doc.Sentences and,
// when present, doc.Entities. A document without tokens is tokenised and
// segmented first (without changing doc.Tokens or doc.Sentences), so the
// layer also works alone. It fails only if ctx is done.
func (f *Finder) Analyze(ctx context.Context, doc *dateline.Doc) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d := doc
	if len(doc.Tokens) == 0 && doc.Text != "" {
		toks, sents := f.seg.Segment(doc.Text)
		d = &dateline.Doc{Article: doc.Article, Tokens: toks, Sentences: sents, Entities: doc.Entities}
	}
	doc.Quotes = f.Find(d, doc.Quotes[:0])
	return nil
}

// Find appends the quotes of doc to dst and returns the extended slice.
// doc must have its tokens and sentences (see the text layer).
func (f *Finder) Find(doc *dateline.Doc, dst []dateline.Quote) []dateline.Quote {
	if len(doc.Tokens) == 0 {
		return dst
	}
	a := f.candidates(doc)
	a.applyModel(f.m)
	a.buildNames()
	a.resolveSpeakers()
	a.headingQuotes()
	return a.quotes(dst)
}

// candidates runs the rules on doc: the attributions they propose, with
// their content spans and kinds, before the model chooses among them.
func (f *Finder) candidates(doc *dateline.Doc) *analysis {
	a := &analysis{lx: f.lx}
	a.build(doc)
	a.pairMarks()
	a.findCues()
	a.directQuotes()
	a.reportedSpeech()
	a.headlineColons()
	a.speakerColons()
	a.chooseEnds(f.m)
	a.finishKinds()
	return a
}

// Languages returns the languages the layer works on: English.
func (*Finder) Languages() []string { return []string{"en"} }
