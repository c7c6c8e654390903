package ner

import (
	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/eval"
)

// The tagger works with BILOU labels: Begin, Inside, Last of a multi-token
// entity, Unit-length entity, Outside. Label 0 is O; the label of position p
// (0 B, 1 I, 2 L, 3 U) in type t is 1+4t+p.
const (
	numTypes  = 4
	numLabels = 1 + 4*numTypes
	labelO    = 0
)

const (
	posB = iota
	posI
	posL
	posU
)

// types are the entity types, in label order.
var types = [numTypes]string{dateline.EntityPerson, dateline.EntityOrg, dateline.EntityLoc, dateline.EntityMisc}

func typeIndex(t string) int {
	t = eval.EntityType(t)
	for i, x := range types {
		if x == t {
			return i
		}
	}
	return -1
}

func label(t, pos int) int { return 1 + 4*t + pos }

// labelType returns the type index of a label, or -1 for O.
func labelType(l int) int {
	if l == labelO {
		return -1
	}
	return (l - 1) / 4
}

func labelPos(l int) int { return (l - 1) % 4 }

// allowed[a][b] reports whether label b may follow label a in BILOU.
// Row numLabels is the sentence start, column numLabels the end.
var allowed = func() [numLabels + 1][numLabels + 1]bool {
	var a [numLabels + 1][numLabels + 1]bool
	open := func(l int) bool { return l != labelO && l < numLabels && (labelPos(l) == posB || labelPos(l) == posI) }
	for p := 0; p <= numLabels; p++ {
		for n := 0; n <= numLabels; n++ {
			switch {
			case p < numLabels && open(p):
				// Inside an entity: continue or close it with the same type.
				a[p][n] = n < numLabels && labelType(n) == labelType(p) && (labelPos(n) == posI || labelPos(n) == posL)
			default:
				// Outside: start a new entity or stay out.
				a[p][n] = n == numLabels || n == labelO || labelPos(n) == posB || labelPos(n) == posU
			}
		}
	}
	return a
}()

// predecessors[l] lists, in increasing order, the labels that label l may
// follow (allowed[p][l]): Viterbi looks at those alone.
var predecessors = func() [numLabels][]uint8 {
	var out [numLabels][]uint8
	for l := 0; l < numLabels; l++ {
		for p := 0; p < numLabels; p++ {
			if allowed[p][l] {
				out[l] = append(out[l], uint8(p))
			}
		}
	}
	return out
}()

// chunk is an entity as a token range [start, end) of a sentence.
type chunk struct {
	start, end, typ int
}

// chunksOf returns the entities of a BILOU label sequence.
func chunksOf(labels []int) []chunk {
	var out []chunk
	start := -1
	for i, l := range labels {
		if l == labelO {
			start = -1
			continue
		}
		t, p := labelType(l), labelPos(l)
		switch p {
		case posU:
			out = append(out, chunk{i, i + 1, t})
			start = -1
		case posB:
			start = i
		case posL:
			if start >= 0 && labelType(labels[start]) == t {
				out = append(out, chunk{start, i + 1, t})
			}
			start = -1
		}
	}
	return out
}

// bilouFromTags converts IOB1/IOB2 (or BILOU) tags with corpus types to
// BILOU label ids. Tags of unknown types become O.
func bilouFromTags(tags []string) []int {
	out := make([]int, len(tags))
	for _, c := range eval.CoNLLChunks(tags) {
		t := typeIndex(c.Type)
		if t < 0 {
			continue
		}
		setChunk(out, c.Start, c.End, t)
	}
	return out
}

func setChunk(out []int, start, end, t int) {
	if end-start == 1 {
		out[start] = label(t, posU)
		return
	}
	out[start] = label(t, posB)
	for i := start + 1; i < end-1; i++ {
		out[i] = label(t, posI)
	}
	out[end-1] = label(t, posL)
}

// bioTags converts BILOU label ids to IOB2 tags with dateline's types.
func bioTags(labels []int) []string {
	out := make([]string, len(labels))
	for i := range out {
		out[i] = "O"
	}
	for _, c := range chunksOf(labels) {
		out[c.start] = "B-" + types[c.typ]
		for i := c.start + 1; i < c.end; i++ {
			out[i] = "I-" + types[c.typ]
		}
	}
	return out
}
