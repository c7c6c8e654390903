package quote

import "testing"

// TestQuoteCueSenses checks that a cue word used in another sense (a noun,
// an adjective, a phrasal verb, a verb of motion or of giving an amount)
// yields no attribution, while the same cue in its reporting sense does.
func TestQuoteCueSenses(t *testing.T) {
	for _, tc := range []struct {
		body, cue string
		want      string // the content the cue must carry, or "" for no attribution
	}{
		// a verb with a particle and no object: another verb
		{"The old ferry cast off at dawn after a long delay.", "cast", ""},
		{"Critics cast doubt on the plan.", "cast", "doubt on the plan"},
		{"The minister backed down after the protests.", "backed", ""},
		// call + object + place: sending, not saying
		{"The union called its members onto the streets.", "called", ""},
		{"The union called workers into the streets on Monday.", "called", ""},
		{"She called for an inquiry.", "called for", "an inquiry"},
		{"He called the minister a liar.", "called", "the minister a liar"},
		// a plural noun after a preposition or before "due"
		{"The questions were left to a later round of talks due to begin in May.", "talks", ""},
		{"He talks about the war often.", "talks", "the war often"},
		{"The mayor was dogged by claims that he had lied.", "claims", "that he had lied"},
		// a noun after a determiner and an adjective
		{"Officials say the remaining dispute is about money.", "dispute", ""},
		{"The company disputes the figures.", "disputes", "the figures"},
		// a participle before the noun it modifies
		{"It was the first written promise between the two cities in years.", "written", ""},
		{"Lorries will use four agreed crossings, officials said.", "agreed", ""},
		{"He has written that the war was lost.", "written", "that the war was lost"},
		{"Six in 10 said the economy was the main issue.", "said", "the economy was the main issue"},
		// a bare amount, or an amount given by a verb that takes no clause
		{"The police counted 8,000 marchers; the organisers claimed more than 20,000.", "claimed", ""},
		{"The rebels claimed responsibility for the attack.", "claimed", "responsibility for the attack"},
		{"Since 2020, the bank has provided more than $400 million in loans to farmers.", "provided", ""},
		{"The report provided evidence that the scheme failed.", "provided", "evidence that the scheme failed"},
		{"The governor proposed $2 billion in new spending on roads.", "proposed", "$2 billion in new spending on roads"},
	} {
		doc := analyze(t, tc.body)
		var got string
		found := false
		for _, q := range doc.Quotes {
			if q.Cue != nil && q.Cue.Text == tc.cue {
				got, found = q.Text, true
				break
			}
		}
		switch {
		case tc.want == "" && found:
			t.Errorf("%q: cue %q gives %q, want no attribution", tc.body, tc.cue, got)
		case tc.want != "" && !found:
			t.Errorf("%q: no attribution with cue %q; got:%s", tc.body, tc.cue, describeAll(doc.Quotes))
		case tc.want != "" && got != tc.want:
			t.Errorf("%q: cue %q gives %q, want %q", tc.body, tc.cue, got, tc.want)
		}
	}
}
