package text

import (
	"io/fs"
	"strings"
	"testing"
)

// TestDataFiles checks the hygiene of the embedded word lists: every file
// parses, no entry is listed twice, and entries have the expected form.
func TestDataFiles(t *testing.T) {
	if _, err := loadLexicon(); err != nil {
		t.Fatal(err)
	}
	names, err := fs.Glob(dataFS, "data/*.txt")
	if err != nil || len(names) == 0 {
		t.Fatalf("no data files: %v", err)
	}
	abbrevFiles := map[string]bool{"titles.txt": true, "abbreviations.txt": true,
		"number_abbreviations.txt": false, "final_abbreviations.txt": true}
	seenAbbrev := map[string]string{}
	for _, path := range names {
		name := strings.TrimPrefix(path, "data/")
		entries, err := dataFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) == 0 {
			t.Errorf("%s has no entries", name)
		}
		seen := map[string]bool{}
		for _, e := range entries {
			if seen[e] {
				t.Errorf("%s lists %q twice", name, e)
			}
			seen[e] = true
			switch name {
			case "function_words.txt", "reporting_verbs.txt", "clitics.txt", "apostrophe_words.txt":
				if e != strings.ToLower(e) {
					t.Errorf("%s: %q is not lower case", name, e)
				}
			}
			// A word may be both a number abbreviation and something else
			// ("No."), but not in two of the other abbreviation lists.
			if abbrevFiles[name] {
				if other, ok := seenAbbrev[e]; ok {
					t.Errorf("%q is in both %s and %s", e, other, name)
				}
				seenAbbrev[e] = name
			}
		}
	}
}

// TestVersionTracksData checks that Version includes a digest of the data.
func TestVersionTracksData(t *testing.T) {
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	if lx.version == "" || !strings.HasSuffix(sg.Version(), lx.version) {
		t.Errorf("Version() = %q does not end with the data digest %q", sg.Version(), lx.version)
	}
}
