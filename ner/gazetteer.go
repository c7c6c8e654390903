package ner

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/dateline-news/dateline/internal/datafile"
)

// A gazetteer is a set of named lists of names ("countries", "cities",
// "titles", ...). Each list is a text file data/gazetteer/NAME.txt with one
// entry per line; "#" starts a comment. A line may give several names of
// one thing separated by " | ", the canonical name first:
//
//	United States | US | U.S. | USA | America
//
// Names are split into tokens at spaces; matching ignores case (whether the
// case matched too is a feature of its own).
type gazetteer struct {
	lists   []string              // list names, sorted
	byFirst map[string][]gazEntry // lower-case first token -> entries
	alias   map[string]string     // lower-case name (tokens joined by space) -> canonical name
	inList  map[string][]uint8    // lower-case name -> lists that hold it
	digest  string
}

type gazEntry struct {
	toks  []string // lower case
	exact []string // as written
	list  uint8
}

// noAlias lists hold words, not names of one thing: their entries are not
// canonical names.
var noAlias = map[string]bool{"demonyms": true, "first_names": true, "titles": true, "honorifics": true}

func gazTokens(s string) []string { return strings.Fields(s) }

func loadGazetteer(fsys fs.FS, dir string) (*gazetteer, error) {
	ents, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	g := &gazetteer{byFirst: map[string][]gazEntry{}, alias: map[string]string{}, inList: map[string][]uint8{}}
	h := sha256.New()
	var names []string
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".txt") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	if len(names) > 250 {
		return nil, fmt.Errorf("too many gazetteer lists")
	}
	for li, name := range names {
		list := strings.TrimSuffix(name, ".txt")
		g.lists = append(g.lists, list)
		b, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		h.Write([]byte(name))
		h.Write(b)
		for _, l := range datafile.Entries(string(b)) {
			ln, line := l.N, datafile.StripComment(l.Text)
			if line == "" {
				continue
			}
			parts := strings.Split(line, "|")
			canon := strings.Join(gazTokens(parts[0]), " ")
			if canon == "" {
				return nil, fmt.Errorf("%s:%d: empty name", name, ln)
			}
			for _, p := range parts {
				toks := gazTokens(p)
				if len(toks) == 0 {
					return nil, fmt.Errorf("%s:%d: empty alias", name, ln)
				}
				low := make([]string, len(toks))
				for i, t := range toks {
					low[i] = strings.ToLower(t)
				}
				k := strings.Join(low, " ")
				if !noAlias[list] {
					// A line with aliases wins over a name listed alone.
					if _, ok := g.alias[k]; !ok || len(parts) > 1 {
						g.alias[k] = canon
					}
				}
				if !hasList(g.inList[k], uint8(li)) {
					g.inList[k] = append(g.inList[k], uint8(li))
					g.byFirst[low[0]] = append(g.byFirst[low[0]], gazEntry{toks: low, exact: toks, list: uint8(li)})
				}
			}
		}
	}
	g.digest = hex.EncodeToString(h.Sum(nil))[:12]
	return g, nil
}

func hasList(ls []uint8, l uint8) bool {
	for _, x := range ls {
		if x == l {
			return true
		}
	}
	return false
}

func (g *gazetteer) listID(name string) int {
	for i, l := range g.lists {
		if l == name {
			return i
		}
	}
	return -1
}

// has reports whether the lower-case name is in the list.
func (g *gazetteer) has(list int, lowerName string) bool {
	return list >= 0 && hasList(g.inList[lowerName], uint8(list))
}

// mark adds the gazetteer features to the tokens of a sentence: for every
// entry that matches a token sequence, each token gets the list, its BILOU
// position in the match, and whether the case matched.
func (g *gazetteer) mark(ts []tok) {
	for i := range ts {
		es := g.byFirst[ts[i].lower]
		for _, e := range es {
			n := len(e.toks)
			if i+n > len(ts) {
				continue
			}
			ok, exact := true, true
			for j := 0; j < n; j++ {
				if ts[i+j].lower != e.toks[j] {
					ok = false
					break
				}
				if ts[i+j].word != e.exact[j] {
					exact = false
				}
			}
			if !ok {
				continue
			}
			for j := 0; j < n; j++ {
				pos := uint64(posI)
				switch {
				case n == 1:
					pos = posU
				case j == 0:
					pos = posB
				case j == n-1:
					pos = posL
				}
				lh := uint64(e.list+1) << 8
				ts[i+j].gaz = append(ts[i+j].gaz, lh|pos, lh|pos|boolHash(exact)<<4)
			}
		}
	}
}
