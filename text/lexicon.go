package text

import (
	"embed"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/datafile"
)

// The lexicons live in data/*.txt, one entry per line, with # comments, so
// that they can be read and extended without touching the engine.
//
//go:embed data/*.txt
var dataFS embed.FS

// maxKey is the longest word, in bytes, that is normalised for a
// case-insensitive lexicon lookup. Longer words are in no lexicon.
const maxKey = 32

// abbrevClass says how a word that keeps its final period behaves at a
// possible sentence end.
type abbrevClass uint8

const (
	abbrevNone   abbrevClass = iota
	abbrevTitle              // Mr., Gen., Fig.: never ends a sentence
	abbrevPlain              // Inc., Jan., U.S., initials: ends one before a capitalised function word
	abbrevNumber             // No., Art.: an abbreviation only before a number
	abbrevFinal              // etc.: ends a sentence before any capitalised word
)

// lexicon holds the parsed word lists. It is built once by New and never
// modified afterwards, so a Segmenter can share it between goroutines.
type lexicon struct {
	abbrevs      map[string]abbrevClass // with final period, case variants included
	function     map[string]struct{}    // lower case
	reporting    map[string]struct{}    // lower case
	apostrophe   map[string]struct{}    // lower case, straight apostrophe
	contractions map[string][]int       // lower case, straight apostrophe -> cut offsets
	clitics      []string               // lower case, straight apostrophe, longest first

	// contractionLens has bit n set when some contraction is n bytes long,
	// a cheap filter in front of the map lookup.
	contractionLens uint64

	version string // digest of the data files
}

// dataFile reads the entries of one embedded data file: trimmed lines that
// are neither blank nor comments.
func dataFile(name string) ([]string, error) {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range datafile.Entries(string(b)) {
		if strings.ContainsAny(l.Text, " \t") {
			return nil, fmt.Errorf("data/%s:%d: entry %q contains white space", name, l.N, l.Text)
		}
		out = append(out, l.Text)
	}
	return out, nil
}

// loadLexicon parses the embedded data files.
func loadLexicon() (*lexicon, error) {
	lx := &lexicon{
		abbrevs:      make(map[string]abbrevClass),
		function:     make(map[string]struct{}),
		reporting:    make(map[string]struct{}),
		apostrophe:   make(map[string]struct{}),
		contractions: make(map[string][]int),
	}
	// Later files do not override earlier ones: a title stays a title even
	// if it is also listed as a plain abbreviation.
	for _, f := range []struct {
		name  string
		class abbrevClass
	}{
		{"titles.txt", abbrevTitle},
		{"number_abbreviations.txt", abbrevNumber},
		{"final_abbreviations.txt", abbrevFinal},
		{"abbreviations.txt", abbrevPlain},
	} {
		entries, err := dataFile(f.name)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if !strings.HasSuffix(e, ".") || len(e) < 2 {
				return nil, fmt.Errorf("data/%s: abbreviation %q must end with a period", f.name, e)
			}
			for _, v := range caseVariants(e) {
				if _, ok := lx.abbrevs[v]; !ok {
					lx.abbrevs[v] = f.class
				}
			}
		}
	}
	for _, f := range []struct {
		name string
		set  map[string]struct{}
	}{
		{"function_words.txt", lx.function},
		{"reporting_verbs.txt", lx.reporting},
		{"apostrophe_words.txt", lx.apostrophe},
	} {
		entries, err := dataFile(f.name)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			f.set[strings.ToLower(e)] = struct{}{}
		}
	}
	clitics, err := dataFile("clitics.txt")
	if err != nil {
		return nil, err
	}
	for _, c := range clitics {
		lx.clitics = append(lx.clitics, strings.ToLower(c))
	}
	sort.SliceStable(lx.clitics, func(i, j int) bool { return len(lx.clitics[i]) > len(lx.clitics[j]) })

	contractions, err := dataFile("contractions.txt")
	if err != nil {
		return nil, err
	}
	for _, c := range contractions {
		parts := strings.Split(strings.ToLower(c), "|")
		if len(parts) < 3 {
			return nil, fmt.Errorf("data/contractions.txt: %q: want word|part|part...", c)
		}
		word := parts[0]
		if strings.Join(parts[1:], "") != word {
			return nil, fmt.Errorf("data/contractions.txt: parts of %q do not spell it", word)
		}
		if len(word) > maxKey {
			return nil, fmt.Errorf("data/contractions.txt: %q is too long", word)
		}
		var cuts []int
		n := 0
		for _, p := range parts[1 : len(parts)-1] {
			n += len(p)
			cuts = append(cuts, n)
		}
		lx.contractions[word] = cuts
		lx.contractionLens |= 1 << uint(len(word))
	}

	if lx.version, err = datafile.Digest(dataFS, "data/*.txt"); err != nil {
		return nil, err
	}
	return lx, nil
}

// caseVariants returns e, its all-capitals form and, when e starts with a
// lower-case letter, its capitalised form. A single letter ("v.") has no
// variants: "V." is an initial.
func caseVariants(e string) []string {
	out := []string{e}
	if utf8.RuneCountInString(e) <= 2 {
		return out
	}
	if u := strings.ToUpper(e); u != e {
		out = append(out, u)
	}
	r, size := utf8.DecodeRuneInString(e)
	if unicode.IsLower(r) {
		out = append(out, string(unicode.ToUpper(r))+e[size:])
	}
	return out
}

// normKey writes the lexicon key of w into buf: ASCII letters lower-cased
// and the typographic apostrophe (’) replaced by a straight one. It reports
// false when w is too long or contains other non-ASCII characters, since no
// lexicon entry could match it then.
func normKey(buf *[maxKey]byte, w string) ([]byte, bool) {
	n := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			if strings.HasPrefix(w[i:], "’") {
				c = '\''
				i += len("’") - 1
			} else {
				return nil, false
			}
		} else if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if n == maxKey {
			return nil, false
		}
		buf[n] = c
		n++
	}
	return buf[:n], true
}

// inSet reports whether the normalised form of w is in set.
func inSet(set map[string]struct{}, w string) bool {
	var buf [maxKey]byte
	k, ok := normKey(&buf, w)
	if !ok {
		return false
	}
	_, ok = set[string(k)]
	return ok
}
