// Package spancodec packs the dense layers of a document (sentences and
// tokens) into compact byte strings for storage: each span is written as
// the gap from the previous span's end and its length, as unsigned varints,
// so a token costs two or three bytes instead of a database row.
package spancodec

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/dateline-news/dateline"
)

// ErrCorrupt is returned for a byte string that is not a valid encoding.
var ErrCorrupt = errors.New("spancodec: corrupt encoding")

// AppendSentences appends the encoding of sents to dst.
func AppendSentences(dst []byte, sents []dateline.Sentence) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(sents)))
	prev := 0
	for _, s := range sents {
		dst = binary.AppendUvarint(dst, uint64(s.Start-prev))
		dst = binary.AppendUvarint(dst, uint64(s.Len()))
		prev = s.End
	}
	return dst
}

// AppendTokens appends the encoding of toks to dst.
func AppendTokens(dst []byte, toks []dateline.Token) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(toks)))
	prev := 0
	for _, t := range toks {
		dst = binary.AppendUvarint(dst, uint64(t.Start-prev))
		dst = binary.AppendUvarint(dst, uint64(t.Len()))
		dst = append(dst, byte(t.Kind))
		prev = t.End
	}
	return dst
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() int {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 || v > 1<<40 {
		d.err = ErrCorrupt
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

func (d *decoder) byte() byte {
	if d.err != nil {
		return 0
	}
	if len(d.b) == 0 {
		d.err = ErrCorrupt
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

// count reads a length prefix and checks it against what the remaining bytes
// can hold, so a corrupt prefix cannot make the caller allocate gigabytes.
func (d *decoder) count(minBytesEach int) int {
	n := d.uvarint()
	if d.err == nil && n*minBytesEach > len(d.b) {
		d.err = ErrCorrupt
		return 0
	}
	return n
}

// Sentences decodes an encoding made by AppendSentences. textLen bounds the
// offsets: a span outside [0, textLen] is reported as corrupt.
func Sentences(b []byte, textLen int) ([]dateline.Sentence, error) {
	if len(b) == 0 {
		return nil, nil
	}
	d := decoder{b: b}
	n := d.count(2)
	out := make([]dateline.Sentence, 0, n)
	prev := 0
	for i := 0; i < n && d.err == nil; i++ {
		start := prev + d.uvarint()
		end := start + d.uvarint()
		s := dateline.Sentence{Span: dateline.Span{Start: start, End: end}}
		if d.err == nil && !s.Valid(textLen) {
			d.err = ErrCorrupt
		}
		out = append(out, s)
		prev = end
	}
	if d.err != nil {
		return nil, fmt.Errorf("decoding sentences: %w", d.err)
	}
	return out, nil
}

// Tokens decodes an encoding made by AppendTokens. textLen bounds the offsets.
func Tokens(b []byte, textLen int) ([]dateline.Token, error) {
	if len(b) == 0 {
		return nil, nil
	}
	d := decoder{b: b}
	n := d.count(3)
	out := make([]dateline.Token, 0, n)
	prev := 0
	for i := 0; i < n && d.err == nil; i++ {
		start := prev + d.uvarint()
		end := start + d.uvarint()
		t := dateline.Token{Span: dateline.Span{Start: start, End: end}, Kind: dateline.TokenKind(d.byte())}
		if d.err == nil && !t.Valid(textLen) {
			d.err = ErrCorrupt
		}
		out = append(out, t)
		prev = end
	}
	if d.err != nil {
		return nil, fmt.Errorf("decoding tokens: %w", d.err)
	}
	return out, nil
}
