package fulltext

import (
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/query"
)

// matchTexts returns English texts to check Match on: the example articles
// and the data files of the analysis layers (word lists of every kind),
// and the seed article and PolNeAR's articles when ../shared is there.
func matchTexts(t *testing.T) []string {
	t.Helper()
	var texts []string
	for _, dir := range []string{"../examples", "../text/data", "../timex/data", "../quote/data", "../ner/data", "../../shared/seed", "../../shared/data/polnear/dev", "../../shared/data/polnear/train"} {
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if ext := filepath.Ext(path); ext != ".txt" && ext != ".jsonl" {
				return nil
			}
			b, err := os.ReadFile(path)
			if err == nil {
				texts = append(texts, string(b))
			}
			return nil
		})
	}
	if len(texts) < 30 {
		t.Fatalf("found %d texts, want the example articles at least", len(texts))
	}
	return texts
}

// TestStemPrefix checks the premise of Match's windows on every word of
// the texts: a word starts with the stem prefix of its own stem.
func TestStemPrefix(t *testing.T) {
	ix := openTest(t)
	words, checked := 0, 0
	for _, text := range matchTexts(t) {
		for _, tok := range ix.analyzer.Analyze([]byte(text)) {
			words++
			p := stemPrefix(string(tok.Term))
			if p == "" {
				continue
			}
			checked++
			if w := text[tok.Start:tok.End]; !strings.HasPrefix(asciiLower(w), p) {
				t.Errorf("%q stems to %q, which does not start with %q", w, tok.Term, p)
			}
		}
	}
	t.Logf("%d words, %d with a stem prefix", words, checked)
	if checked < 10000 {
		t.Errorf("only %d words checked", checked)
	}
}

// TestMatchWindows checks that Match, which analyses only windows of the
// text, finds what matching on the analysis of the whole text finds, for
// words, phrases and ORs taken from the texts themselves and for words
// that are not in them.
func TestMatchWindows(t *testing.T) {
	ix := openTest(t)
	rng := rand.New(rand.NewPCG(7, 11))
	texts := matchTexts(t)
	texts = texts[:min(len(texts), 300)] // the examples, data files and PolNeAR dev
	queries := 0
	for _, text := range texts {
		words := strings.Fields(text)
		if len(words) == 0 {
			continue
		}
		word := func() string {
			return strings.Trim(words[rng.IntN(len(words))], `.,;:!?"“”'()[]`)
		}
		phrase := func(n int) string {
			i := rng.IntN(len(words))
			j := min(i+n, len(words))
			return `"` + strings.ReplaceAll(strings.Join(words[i:j], " "), `"`, "") + `"`
		}
		for range 20 {
			var q string
			switch k := rng.IntN(6); k {
			case 0, 1:
				q = word()
			case 2:
				q = phrase(2 + rng.IntN(3))
			case 3:
				q = word() + " OR " + phrase(2)
			case 4:
				q = word() + " " + word() + " -" + word()
			default:
				q = "zzyzx " + word() + "s"
			}
			got, err := ix.Match(text, dateline.Query{Text: q})
			if err != nil {
				continue // a query the parser refuses: not Match's concern
			}
			queries++
			node, _ := query.Parse(q)
			want := mergeSpans(matchTokens(ix.analyzer.Analyze([]byte(text)), ix.patterns(node), 0, nil))
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("Match(%q) on a %d-byte text = %v, whole-text analysis gives %v", q, len(text), got, want)
			}
		}
	}
	if queries < 1000 {
		t.Errorf("only %d queries checked", queries)
	}
}

// BenchmarkMatch compares Match with matching on the analysis of the whole
// text, on an example article (about 2 KB) and a one-word and a phrase query.
func BenchmarkMatch(b *testing.B) {
	ix, err := Open(filepath.Join(b.TempDir(), "ix"))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	raw, err := os.ReadFile("../examples/articles/geneva-accord-reactions.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := string(raw)
	for _, q := range []string{"ceasefire", `"foreign minister"`} {
		node, err := query.Parse(q)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(q+"/windows", func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if _, err := ix.Match(text, dateline.Query{Text: q}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(q+"/whole-text", func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				mergeSpans(matchTokens(ix.analyzer.Analyze([]byte(text)), ix.patterns(node), 0, nil))
			}
		})
	}
}

// FuzzMatch checks Match against matching on the analysis of the whole
// text for any text and query.
func FuzzMatch(f *testing.F) {
	f.Add("Peace talks resumed; the talk was short. TALKS!", "talks")
	f.Add("Black Sea, black seas and the sea", `"black sea"`)
	f.Add("Relational databases relate", "relational OR hoping")
	f.Add("Ünïcødé — talks’ talk's", "talk")
	ix, err := Open(filepath.Join(f.TempDir(), "ix"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { ix.Close() })
	f.Fuzz(func(t *testing.T, text, q string) {
		if !utf8.ValidString(text) {
			return // the readers refuse such articles; the analyzer reads them differently
		}
		node, err := query.Parse(q)
		if err != nil {
			return
		}
		got, err := ix.Match(text, dateline.Query{Text: q})
		if err != nil {
			return
		}
		want := mergeSpans(matchTokens(ix.analyzer.Analyze([]byte(text)), ix.patterns(node), 0, nil))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Match(%q, %q) = %v, whole-text analysis gives %v", text, q, got, want)
		}
	})
}
