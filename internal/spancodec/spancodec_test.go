package spancodec

import (
	"reflect"
	"testing"

	"github.com/dateline-news/dateline"
)

func TestRoundTrip(t *testing.T) {
	text := "Blinken met Lavrov. They spoke for ten minutes."
	toks := []dateline.Token{
		{Span: dateline.Span{Start: 0, End: 7}},
		{Span: dateline.Span{Start: 8, End: 11}},
		{Span: dateline.Span{Start: 12, End: 18}},
		{Span: dateline.Span{Start: 18, End: 19}, Kind: dateline.TokPunct},
		{Span: dateline.Span{Start: 20, End: 24}},
	}
	sents := []dateline.Sentence{{Span: dateline.Span{Start: 0, End: 19}}, {Span: dateline.Span{Start: 20, End: 47}}}
	gotT, err := Tokens(AppendTokens(nil, toks), len(text))
	if err != nil || !reflect.DeepEqual(gotT, toks) {
		t.Fatalf("tokens: got %v, %v; want %v", gotT, err, toks)
	}
	gotS, err := Sentences(AppendSentences(nil, sents), len(text))
	if err != nil || !reflect.DeepEqual(gotS, sents) {
		t.Fatalf("sentences: got %v, %v; want %v", gotS, err, sents)
	}
	if _, err := Tokens(AppendTokens(nil, toks), 10); err == nil {
		t.Error("a token past the end of the text was not reported as corrupt")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(AppendTokens(nil, []dateline.Token{{Span: dateline.Span{Start: 1, End: 4}}}), 10)
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, 100)
	f.Fuzz(func(t *testing.T, b []byte, n int) {
		if n < 0 || n > 1<<20 {
			return
		}
		if toks, err := Tokens(b, n); err == nil {
			for _, tok := range toks {
				if !tok.Valid(n) {
					t.Fatalf("invalid token %v accepted for text of %d bytes", tok, n)
				}
			}
		}
		if sents, err := Sentences(b, n); err == nil {
			for _, s := range sents {
				if !s.Valid(n) {
					t.Fatalf("invalid sentence %v accepted", s)
				}
			}
		}
	})
}
