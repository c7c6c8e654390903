package text

import (
	"testing"
	"unicode/utf8"

	"github.com/dateline-news/dateline"
)

// checkInvariants verifies what Tokenize and Sentences promise for any
// input: tokens are valid, ordered, non-empty, do not overlap and cover
// every byte that is not white space; sentences are valid, ordered, do not
// overlap, start and end on token boundaries and cover every token.
func checkInvariants(t *testing.T, s string, toks []dateline.Token, sents []dateline.Sentence) {
	t.Helper()
	prev := 0
	for i, tk := range toks {
		if !tk.Valid(len(s)) || tk.Len() == 0 {
			t.Fatalf("token %d %v invalid or empty in text of %d bytes", i, tk.Span, len(s))
		}
		if tk.Start < prev {
			t.Fatalf("token %d %v overlaps or precedes the previous token ending at %d", i, tk.Span, prev)
		}
		if tk.Kind > dateline.TokSymbol {
			t.Fatalf("token %d has unknown kind %v", i, tk.Kind)
		}
		checkSpace(t, s, prev, tk.Start)
		w := s[tk.Start:tk.End]
		if tk.Len() > 1 && !utf8.ValidString(w) {
			t.Fatalf("token %d %q: invalid UTF-8 inside a token longer than one byte", i, w)
		}
		for _, r := range w {
			if isSpaceRune(r) {
				t.Fatalf("token %d %q contains white space", i, w)
			}
		}
		prev = tk.End
	}
	checkSpace(t, s, prev, len(s))

	next := 0 // index of the first token not yet in a sentence
	end := 0
	for i, x := range sents {
		if !x.Valid(len(s)) || x.Len() == 0 || x.Start < end {
			t.Fatalf("sentence %d %v invalid, empty or overlapping (previous end %d)", i, x.Span, end)
		}
		if next >= len(toks) || toks[next].Start != x.Start {
			t.Fatalf("sentence %d %v does not start at the next token", i, x.Span)
		}
		for next < len(toks) && toks[next].End <= x.End {
			next++
		}
		if toks[next-1].End != x.End {
			t.Fatalf("sentence %d %v does not end at a token end", i, x.Span)
		}
		end = x.End
	}
	if next != len(toks) {
		t.Fatalf("%d of %d tokens are in no sentence", len(toks)-next, len(toks))
	}
}

// checkSpace fails unless s[a:b] is white space only.
func checkSpace(t *testing.T, s string, a, b int) {
	t.Helper()
	for i := a; i < b; {
		r, size := utf8.DecodeRuneInString(s[i:b])
		if (r == utf8.RuneError && size <= 1) || !isSpaceRune(r) {
			t.Fatalf("byte range [%d,%d) between tokens holds %q, not white space", a, b, s[a:b])
		}
		i += size
	}
}

func FuzzSegment(f *testing.F) {
	for _, s := range []string{
		"",
		" ",
		"Mr. Lavrov met S Jaishankar in the U.S. The next day he left.",
		"“We remain hopeful. But I wouldn't say that,” the official said.",
		"‘Return to new START’\n\nGerman Foreign Minister Baerbock spoke.",
		"It cost $1,000.50 (3.5%) at 10:30 a.m. on Jan. 5... Really?! Yes…",
		"see https://example.com/a_(b)?x=1. Or mail me@x.org.",
		"one-on-one -- war—peace 'tis the '90s, rock 'n' roll; the Russians' view",
		"2. Methods\n(a) first\nb) second\n- bullet\n• bullet",
		"a\xffb\xc3\x28 \xe2\x82 \xf0\x9f\x98",
		"\u2029\u2028\u0085\u00a0\u200b\ufeff",
		"👍🏽👨\u200d👩\u200d👧 ok",
		"'''\"\"\"’’’‘‘‘“”«»",
		"...............!!!!!!!!????",
		"-5 .5 −5 1,000,000 18,19 3rd 1990's",
		"He died in 2014. [4] [5] His work [citation needed] lives on.",
		"“Why now?” Blinken asked. I — We could — go.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := sg.Tokenize(s, nil)
		sents := sg.Sentences(s, toks, nil)
		checkInvariants(t, s, toks, sents)

		// Appending to a non-empty slice gives the same tokens after it.
		pre := []dateline.Token{{Span: dateline.Span{Start: 0, End: 0}}}
		again := sg.Tokenize(s, pre)
		if len(again) != len(toks)+1 {
			t.Fatalf("Tokenize with a prefix gave %d tokens, want %d", len(again), len(toks)+1)
		}
		for i := range toks {
			if again[i+1] != toks[i] {
				t.Fatalf("Tokenize is not deterministic at token %d: %v vs %v", i, again[i+1], toks[i])
			}
		}
		// Sentences must not panic on tokens that are not Tokenize's.
		if len(toks) > 1 {
			odd := append([]dateline.Token(nil), toks...)
			odd[0], odd[len(odd)-1] = odd[len(odd)-1], odd[0]
			odd = append(odd, dateline.Token{Span: dateline.Span{Start: -1, End: len(s) + 5}})
			sg.Sentences(s, odd, nil)
		}
	})
}
