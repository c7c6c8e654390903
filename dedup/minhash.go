// Package dedup finds near-duplicate articles in one pass over a stream:
// syndicated wire copy that fifty sites publish with their own headline and
// boilerplate, and updated versions of one story. It also groups articles
// about one happening into stories (Stories).
//
// Each text gets a MinHash signature over its word shingles (runs of
// Options.Shingle words, taken within paragraphs, so that reordered
// paragraphs do not change them), computed by one-permutation hashing with
// optimal densification; the fraction of equal signature entries
// estimates the Jaccard similarity of two texts' shingle sets. An Index
// keeps the signatures and finds, through locality-sensitive hashing on
// bands of the signature, the earlier texts similar enough to a new one,
// which then joins their group.
package dedup

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Options set the signature and the index. The zero value means the
// defaults, which are tuned for a Jaccard similarity of 0.8: 128 hashes in
// 25 bands of 5 rows, word 5-shingles.
type Options struct {
	Hashes    int     // signature length; 0: 128
	Bands     int     // LSH bands; 0: 25
	Rows      int     // hashes per band; Bands*Rows <= Hashes; 0: 5
	Shingle   int     // words per shingle; 0: 5
	Threshold float64 // estimated Jaccard similarity that makes a duplicate; 0: 0.8
	Seed      uint64  // of the hash functions; signatures compare only under one seed
}

func (o Options) withDefaults() (Options, error) {
	if o.Hashes == 0 {
		o.Hashes = 128
	}
	if o.Bands == 0 {
		o.Bands = 25
	}
	if o.Rows == 0 {
		o.Rows = 5
	}
	if o.Shingle == 0 {
		o.Shingle = 5
	}
	if o.Threshold == 0 {
		o.Threshold = 0.8
	}
	if o.Hashes < 1 || o.Bands < 1 || o.Rows < 1 || o.Bands*o.Rows > o.Hashes || o.Shingle < 1 || o.Threshold <= 0 || o.Threshold > 1 {
		return o, fmt.Errorf("dedup: invalid options %+v", o)
	}
	return o, nil
}

// Signature is the MinHash signature of a text. An empty signature is that
// of a text without words; it is similar to nothing.
type Signature []uint32

// Similarity returns the estimated Jaccard similarity of the texts of s and
// o: the fraction of equal entries. Signatures of different lengths, or
// empty, have similarity 0.
func (s Signature) Similarity(o Signature) float64 {
	if len(s) != len(o) || len(s) == 0 {
		return 0
	}
	eq := 0
	for i, v := range s {
		if v == o[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(s))
}

// MarshalBinary encodes the signature in little-endian order, 4 bytes an
// entry, for a store to keep.
func (s Signature) MarshalBinary() ([]byte, error) {
	b := make([]byte, 4*len(s))
	for i, v := range s {
		binary.LittleEndian.PutUint32(b[4*i:], v)
	}
	return b, nil
}

// UnmarshalBinary decodes a signature encoded by MarshalBinary.
func (s *Signature) UnmarshalBinary(b []byte) error {
	if len(b)%4 != 0 {
		return errors.New("dedup: signature length is not a multiple of 4")
	}
	sig := make(Signature, len(b)/4)
	for i := range sig {
		sig[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	*s = sig
	return nil
}

// Hasher computes signatures. It is safe for concurrent use.
type Hasher struct {
	opts Options
	seed uint64
}

// NewHasher returns a Hasher with the options.
func NewHasher(opts Options) (*Hasher, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Hasher{opts: opts, seed: mix(opts.Seed ^ 0xd1b54a32d192ed03)}, nil
}

// Threshold returns the estimated Jaccard similarity from which two texts
// are near-duplicates.
func (h *Hasher) Threshold() float64 { return h.opts.Threshold }

// Signature returns the signature of text.
func (h *Hasher) Signature(text string) Signature {
	sig := make(Signature, h.opts.Hashes)
	if h.fill(sig, text) == 0 {
		return Signature{}
	}
	return sig
}

// fill computes the signature of text into sig and returns the number of
// shingles.
//
// The signature is a one-permutation MinHash with optimal densification
// (Li, Owen and Zhang 2012; Shrivastava 2017): each shingle's hash picks one
// of the len(sig) bins and competes for its minimum, and a bin no shingle
// fell into borrows the value of a bin chosen by a fixed probe sequence. The
// probability that two signatures agree in a bin is the Jaccard similarity
// of the shingle sets, as with len(sig) independent hash functions, at the
// cost of one hash per shingle instead of len(sig).
func (h *Hasher) fill(sig Signature, text string) int {
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	k := uint64(len(sig))
	filled := make([]bool, len(sig))
	seed := h.seed
	n := h.shingles(text, func(x uint64) {
		v := mix(x ^ seed)
		bin := (v >> 32) * k >> 32
		if val := uint32(v); val <= sig[bin] {
			sig[bin] = val
			filled[bin] = true
		}
	})
	if n == 0 {
		return 0
	}
	for j := range sig {
		if filled[j] {
			continue
		}
		for attempt := uint64(1); ; attempt++ {
			r := mix(seed ^ uint64(j)<<32 ^ attempt*0x9e3779b97f4a7c15)
			if b := (r >> 32) * k >> 32; filled[b] {
				sig[j] = sig[b]
				break
			}
		}
	}
	return n
}

// Shingles calls fn with the hash of each shingle of text, in order, and
// returns their number. A shingle is a run of Options.Shingle words within
// a paragraph (paragraphs are separated by blank lines); a shorter
// paragraph is one shingle. Words are runs of letters and digits, compared
// in lower case; punctuation and white space do not count.
func (h *Hasher) Shingles(text string, fn func(uint64)) int { return h.shingles(text, fn) }

func (h *Hasher) shingles(text string, fn func(uint64)) int {
	k := min(h.opts.Shingle, 16)
	var win [16]uint64 // the last words of the paragraph, a ring
	n := 0             // shingles
	inPara := 0        // words so far in the paragraph
	newlines := 0      // line ends since the last word or punctuation
	shingle := func(m int) uint64 {
		// The hash of the last m words.
		var x uint64 = 0x9e3779b97f4a7c15
		for j := inPara - m; j < inPara; j++ {
			x = (x ^ win[j%len(win)]) * 0xbf58476d1ce4e5b9
		}
		return x
	}
	endPara := func() {
		if inPara > 0 && inPara < k {
			fn(shingle(inPara)) // a short paragraph is one shingle
			n++
		}
		inPara = 0
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				newlines++
				if newlines >= 2 {
					endPara()
				}
				i++
				continue
			case !isWordByte(c):
				if c != ' ' && c != '\t' && c != '\r' {
					newlines = 0
				}
				i++
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(text[i:]); !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += size
			newlines = 0
			continue
		}
		// A word: letters and digits, folded to lower case.
		newlines = 0
		var w uint64 = 0xcbf29ce484222325
		for i < len(text) {
			c := text[i]
			if c < utf8.RuneSelf {
				if !isWordByte(c) {
					break
				}
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				w = (w ^ uint64(c)) * 0x100000001b3
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
				break
			}
			w = (w ^ uint64(unicode.ToLower(r))) * 0x100000001b3
			i += size
		}
		win[inPara%len(win)] = w
		inPara++
		if inPara >= k {
			fn(shingle(k))
			n++
		}
	}
	endPara()
	return n
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// mix is the splitmix64 finaliser: it spreads the bits of a shingle hash
// before the multiply-shift hashes.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
