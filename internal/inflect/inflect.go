// Package inflect generates the inflected forms of English verbs, for the
// layers whose lexicons list verbs by their base form (reporting verbs,
// event verbs).
package inflect

import "strings"

// Kind is the inflection of a verb form.
type Kind uint8

// Verb form kinds.
const (
	Base Kind = iota // say
	S                // says
	Ing              // saying
	Past             // said
	Part             // said (participle)
)

// Form is one inflected form of a verb.
type Form struct {
	Word string
	Kind Kind
}

// Verb generates the forms of a verb from its base form and, optionally,
// its past and participle: base, -s, -ing, past and participle (given or
// regular). Regular spellings are generated both with and without a doubled
// final consonant ("admitted", "visited" and "visitted"); the one that is not
// a word never matches text.
func Verb(forms ...string) []Form {
	base := forms[0]
	out := []Form{{base, Base}, {thirdPerson(base), S}}
	for _, g := range gerunds(base) {
		out = append(out, Form{g, Ing})
	}
	var past, part []string
	if len(forms) > 1 {
		past = []string{forms[1]}
	} else {
		past = regularPast(base)
	}
	if len(forms) > 2 {
		part = []string{forms[2]}
	} else {
		part = past
	}
	for _, p := range past {
		out = append(out, Form{p, Past})
	}
	for _, p := range part {
		out = append(out, Form{p, Part})
	}
	return out
}

// Plural returns the regular plural of a noun: "talk" -> "talks",
// "strike" -> "strikes", "ally" -> "allies", "crash" -> "crashes".
func Plural(n string) string { return thirdPerson(n) }

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

func thirdPerson(b string) string {
	switch {
	case strings.HasSuffix(b, "s"), strings.HasSuffix(b, "sh"), strings.HasSuffix(b, "ch"),
		strings.HasSuffix(b, "x"), strings.HasSuffix(b, "z"), strings.HasSuffix(b, "o"):
		return b + "es"
	case len(b) > 1 && b[len(b)-1] == 'y' && !isVowel(b[len(b)-2]):
		return b[:len(b)-1] + "ies"
	}
	return b + "s"
}

// cvc reports whether b ends consonant-vowel-consonant, where doubling may apply.
func cvc(b string) bool {
	n := len(b)
	if n < 3 {
		return false
	}
	c := b[n-1]
	return !isVowel(c) && c != 'w' && c != 'x' && c != 'y' && isVowel(b[n-2]) && !isVowel(b[n-3])
}

func gerunds(b string) []string {
	switch {
	case strings.HasSuffix(b, "ie"):
		return []string{b[:len(b)-2] + "ying"}
	case strings.HasSuffix(b, "ee"), strings.HasSuffix(b, "ye"), strings.HasSuffix(b, "oe"):
		return []string{b + "ing"}
	case strings.HasSuffix(b, "e"):
		return []string{b[:len(b)-1] + "ing"}
	case cvc(b):
		return []string{b + "ing", b + b[len(b)-1:] + "ing"}
	}
	return []string{b + "ing"}
}

func regularPast(b string) []string {
	switch {
	case strings.HasSuffix(b, "e"):
		return []string{b + "d"}
	case len(b) > 1 && b[len(b)-1] == 'y' && !isVowel(b[len(b)-2]):
		return []string{b[:len(b)-1] + "ied"}
	case cvc(b):
		return []string{b + "ed", b + b[len(b)-1:] + "ed"}
	}
	return []string{b + "ed"}
}
