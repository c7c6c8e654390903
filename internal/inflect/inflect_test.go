package inflect

import (
	"slices"
	"testing"
)

func TestVerb(t *testing.T) {
	for _, tc := range []struct {
		forms []string
		want  []string
	}{
		{[]string{"admit"}, []string{"admit", "admits", "admitted", "admitting"}},
		{[]string{"deny"}, []string{"deny", "denies", "denied", "denying"}},
		{[]string{"meet", "met", "met"}, []string{"meet", "meets", "met", "meeting"}},
		{[]string{"seize"}, []string{"seize", "seizes", "seized", "seizing"}},
		{[]string{"tie"}, []string{"ties", "tied", "tying"}},
		{[]string{"push"}, []string{"pushes", "pushed", "pushing"}},
	} {
		var got []string
		for _, f := range Verb(tc.forms...) {
			got = append(got, f.Word)
		}
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("Verb(%v) lacks %q: %v", tc.forms, w, got)
			}
		}
	}
	for _, f := range Verb("meet", "met", "met") {
		if f.Word == "met" && f.Kind != Past && f.Kind != Part {
			t.Errorf("met is %v", f.Kind)
		}
	}
}

func TestPlural(t *testing.T) {
	for n, want := range map[string]string{"talk": "talks", "ally": "allies", "crash": "crashes", "strike": "strikes", "day": "days"} {
		if got := Plural(n); got != want {
			t.Errorf("Plural(%q) = %q, want %q", n, got, want)
		}
	}
}
