package event_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/event"
	"github.com/dateline-news/dateline/ner"
	"github.com/dateline-news/dateline/quote"
	"github.com/dateline-news/dateline/text"
	"github.com/dateline-news/dateline/timex"
)

// layers runs the layers the event layer reads, then the event layer.
type layers []dateline.Analyzer

func newLayers(t testing.TB) layers {
	t.Helper()
	n, err := ner.New()
	if err != nil {
		t.Fatal(err)
	}
	x, err := timex.New()
	if err != nil {
		t.Fatal(err)
	}
	q, err := quote.New()
	if err != nil {
		t.Fatal(err)
	}
	e, err := event.New()
	if err != nil {
		t.Fatal(err)
	}
	return layers{text.New(), n, x, q, e}
}

func (ls layers) run(t testing.TB, day, body string) *dateline.Doc {
	t.Helper()
	d, err := time.Parse(dateline.DateLayout, day)
	if err != nil {
		t.Fatal(err)
	}
	doc := dateline.NewDoc(dateline.Article{ID: "t", Date: d, Text: body})
	for _, a := range ls {
		if err := a.Analyze(context.Background(), doc); err != nil {
			t.Fatal(err)
		}
	}
	return doc
}

// show renders an event as "TYPE source -> target @date".
func show(e dateline.Event) string {
	src, tgt := "-", "-"
	if e.Source != nil {
		src = e.Source.Actor
	}
	if e.Target != nil {
		tgt = e.Target.Actor
	}
	return fmt.Sprintf("%s %s -> %s @%s", e.Type, src, tgt, e.Date)
}

func showAll(evs []dateline.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, show(e))
	}
	return out
}

func check(t *testing.T, ls layers, day, body string, want ...string) {
	t.Helper()
	doc := ls.run(t, day, body)
	got := showAll(doc.Events)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s\n got: %q\nwant: %q", body, got, want)
	}
	for _, e := range doc.Events {
		if doc.Text[e.Start:e.End] != e.Text {
			t.Errorf("event span %d-%d is %q, text %q", e.Start, e.End, doc.Text[e.Start:e.End], e.Text)
		}
		for _, a := range []*dateline.Actor{e.Source, e.Target} {
			if a != nil && doc.Text[a.Start:a.End] != a.Text {
				t.Errorf("actor span %d-%d is %q, text %q", a.Start, a.End, doc.Text[a.Start:a.End], a.Text)
			}
		}
	}
}

// The sentences are ours, written for these tests; each shows one rule.
func TestEventRules(t *testing.T) {
	ls := newLayers(t)
	const day = "2024-05-17" // a Friday
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"object and date", "Prime Minister Helga Strand met Chancellor Otto Weiss in Vienna on Tuesday.",
			[]string{"CONSULT Helga Strand -> Otto Weiss @2024-05-14"}},
		{"preposition target", "Foreign Minister Anna Lindqvist held talks with Vladimir Orlov on Wednesday.",
			[]string{"CONSULT Anna Lindqvist -> Vladimir Orlov @2024-05-15"}},
		{"object noun", "The European Union imposed new sanctions on Belarus.",
			[]string{"SANCTION European Union -> Belarus @2024-05-17"}},
		{"lifting", "Washington lifted its sanctions on Venezuela last month.",
			[]string{"RETREAT Washington -> Venezuela @2024-04"}},
		{"passive", "The journalist Mark Ellison was detained by police in Minsk.",
			[]string{"COERCE police -> Mark Ellison @2024-05-17"}},
		{"negation of cooperation", "Serbia did not sign the agreement with Kosovo.",
			[]string{"REJECT Serbia -> Kosovo @2024-05-17"}},
		{"negation of conflict", "The army did not attack the village.",
			nil},
		{"future cooperation", "Chancellor Otto Weiss will visit Poland next week.",
			[]string{"AGREE Otto Weiss -> Poland @2024-W21"}},
		{"future force", "Russia would impose sanctions on Georgia, the Kremlin warned.",
			[]string{"THREATEN Russia -> Georgia @2024-05-17"}},
		{"intention", "Iran agreed to meet with the inspectors.",
			[]string{"AGREE Iran -> inspectors @2024-05-17"}},
		{"demand with infinitive", "The United Nations urged Israel to allow aid into Gaza.",
			[]string{"DEMAND United Nations -> Israel @2024-05-17"}},
		{"refusal", "Hungary refused to back the resolution.",
			[]string{"REJECT Hungary -> - @2024-05-17"}},
		{"shared subject", "Macron met Scholz in Berlin and criticised Hungary.",
			[]string{"CONSULT Macron -> Scholz @2024-05-17", "DISAPPROVE Macron -> Hungary @2024-05-17"}},
		{"pronoun in reported speech", "Erdogan said he condemned the attack on Sweden.",
			[]string{"DISAPPROVE Erdogan -> - @2024-05-17"}},
		{"role source", "Hungarian officials condemned Romania on Monday.",
			[]string{"DISAPPROVE Hungarian officials -> Romania @2024-05-13"}},
		{"noun is no event", "The talks ended without a deal, and the attack was not mentioned.",
			nil},
		{"weak verb without actors", "Prices will help nobody.",
			nil},
		{"obligation in reported speech", "The Red Cross said Lastria must open the border crossings.",
			[]string{"DEMAND International Committee of the Red Cross -> Lastria @2024-05-17"}},
		{"obligation of the speaker is an intention", "Vetrovian officials said their countries should cooperate.",
			[]string{"AGREE their countries -> - @2024-05-17"}},
		{"armed force", "Lastrian troops killed two farmers near Pelsk, and gunmen killed a priest.",
			[]string{"FIGHT Lastrian troops -> two farmers @2024-05-17", "ASSAULT gunmen -> - @2024-05-17"}},
		{"casualties are part of the attack", "Rebels shelled Pelsk on Sunday, killing five civilians.",
			[]string{"FIGHT Rebels -> Pelsk @2024-05-12"}},
		{"apposition", "Lastria, a close ally of Karvenia, has refused to sign the accord.",
			[]string{"REJECT Lastria -> - @2024-05-17"}},
		{"a place is no subject", "Protesters marched through the centre of Pelsk on Sunday to demand new elections.",
			[]string{"PROTEST Protesters -> - @2024-05-12", "DEMAND Protesters -> - @2024-05-12"}},
		{"shared subject, not the object before", "Gunmen killed one soldier and wounded two others.",
			[]string{"ASSAULT Gunmen -> one soldier @2024-05-17", "ASSAULT Gunmen -> - @2024-05-17"}},
		{"time since is not the date", "Protesters have rallied against the government since March.",
			[]string{"PROTEST Protesters -> government @2024-05-17"}},
		{"the purpose of a meeting is the meeting", "Foreign ministers met in Brussels to discuss the sanctions.",
			[]string{"CONSULT Foreign ministers -> - @2024-05-17"}},
		{"a role is not the subject across its verb", "Protesters marched in Drovna to demand the release of the journalists.",
			[]string{"PROTEST Protesters -> - @2024-05-17", "DEMAND Protesters -> journalists @2024-05-17"}},
		{"a verb of aspect is part of the verb group", "Russian forces continued shelling Kharkiv on Friday.",
			[]string{"FIGHT Russian forces -> Kharkiv @2024-05-17"}},
		{"the to-clause of a demand after a verb of aspect", "Washington would keep pressing both sides to return to the table.",
			[]string{"DEMAND Washington -> - @2024-05-17"}},
		{"groups are actors", "Gun rights groups criticized the decision.",
			[]string{"DISAPPROVE Gun rights groups -> - @2024-05-17"}},
		{"fighting for rights is no fighting", "The association said it would continue to fight for the rights of gun owners.",
			[]string{}},
		{"fighting for control is", "Rebels fought for control of the airport.",
			[]string{"FIGHT Rebels -> - @2024-05-17"}},
		{"no comment is no rejection", "The governor's office declined to comment on the bill. Russia refused to withdraw its troops.",
			[]string{"REJECT Russia -> its troops @2024-05-17"}},
		{"more actor nouns", "Two deputy party chairmen resigned on Tuesday.",
			[]string{"CONCEDE Two deputy party chairmen -> - @2024-05-14"}},
		{"a coordinated subject: an event per party", "Russia and China vetoed the resolution.",
			[]string{"REJECT Russia -> - @2024-05-17", "REJECT China -> - @2024-05-17"}},
		{"a mutual event is between the parties", "Britain and Rwanda signed a new treaty on Tuesday.",
			[]string{"SUPPORT United Kingdom -> Rwanda @2024-05-14", "SUPPORT Rwanda -> United Kingdom @2024-05-14"}},
		{"no coordination across a clause", "Karl Holm met Anna Lind and Russia urged calm.",
			[]string{"CONSULT Karl Holm -> Anna Lind @2024-05-17", "DEMAND Russia -> - @2024-05-17"}},
		{"launching drones is fighting", "Russia launched 120 drones and two ballistic missiles at Ukraine overnight.",
			[]string{"FIGHT Russia -> Ukraine @2024-05-17"}},
		{"tariffs are sanctions", "China has already imposed 84% tariffs on American imports. Washington raised tariffs on Chinese goods to 125%. Beijing would fight to the end.",
			[]string{"SANCTION China -> American @2024-05-17", "SANCTION Washington -> Chinese @2024-05-17"}},
		// the accused businessman is no actor noun, and the target is
		// never looked for further left ("Police", "Canadian")
		{"a reduced relative is passive", "Police detained a Canadian businessman accused of spying. Three civilians killed in the strike were buried. Gunmen killed at least 75 civilians.",
			[]string{"COERCE Police -> Canadian @2024-05-17", "ASSAULT - -> Three civilians @2024-05-17", "ASSAULT Gunmen -> 75 civilians @2024-05-17"}},
		{"a vow of force is a threat, not a promise to oneself", "Karl Holm accused the opposition of organizing violence and vowed to crack down on what he called a fascist movement.",
			[]string{"DISAPPROVE Karl Holm -> opposition @2024-05-17", "THREATEN Karl Holm -> - @2024-05-17"}},
		{"an offer of troops stays an offer", "Finland offered to send troops to Ukraine.",
			[]string{"AGREE Finland -> Ukraine @2024-05-17"}},
		{"the passive in a reported clause", "The Interior Ministry said 48 people were detained overnight.",
			[]string{}},
		{"travel bans and suspended partnerships are sanctions", "Estonia imposed travel bans on 11 Georgian officials. The United States suspended its strategic partnership with Georgia.",
			[]string{"SANCTION Estonia -> 11 Georgian officials @2024-05-17", "SANCTION United States -> Georgia @2024-05-17"}},
		{"a date that modifies a noun does not date the event", "On Monday Karl Holm pardoned 1,500 people charged over the Jan. 6, 2021, attack.",
			[]string{"CONCEDE Karl Holm -> - @2024-05-13"}},
		{"a plural noun before 'and' is no verb; a pronoun for an army fights", "The Israeli military said it struck more than 30 militant targets and killed a Hamas commander.",
			[]string{"FIGHT The Israeli military -> - @2024-05-17", "FIGHT The Israeli military -> Hamas @2024-05-17"}},
		{"a deployment's target is where it goes", "Kenya deployed 1,000 police officers to Haiti.",
			[]string{"MOBILIZE Kenya -> Haiti @2024-05-17"}},
		{"an object stops at the next verb", "Karl Holm welcomed the plan and urged the ministers to act.",
			[]string{"SUPPORT Karl Holm -> - @2024-05-17", "DEMAND Karl Holm -> ministers @2024-05-17"}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, ls, day, tc.body, tc.want...) })
	}
}

// A role the article gives a person in apposition stands for that person
// elsewhere in it; a role given to two people stays a role.
func TestEventRoleBindings(t *testing.T) {
	ls := newLayers(t)
	const day = "2024-05-17"
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"role before the name", "Ministers met in Vienna on Friday. Karl Holm greeted his Hungarian counterpart Zoltan Varga. Later Karl Holm urged his Hungarian counterpart to release the detained journalists.",
			[]string{"CONSULT Ministers -> - @2024-05-17", "DEMAND Karl Holm -> Zoltan Varga @2024-05-17"}},
		{"role after the name, a shorter form later", "Anna Lind, the Swedish foreign minister, arrived in Kyiv on Monday. On Tuesday the foreign minister met Ukrainian President Petro Holub.",
			[]string{"CONSULT Anna Lind -> Kyiv @2024-05-13", "CONSULT Anna Lind -> Petro Holub @2024-05-14"}},
		{"a role of two people binds nobody", "Anna Lind, the foreign minister, met Jonas Berg, the foreign minister, on Monday. On Tuesday the foreign minister met Ukrainian President Petro Holub.",
			[]string{"CONSULT Anna Lind -> Jonas Berg @2024-05-13", "CONSULT foreign minister -> Petro Holub @2024-05-14"}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, ls, day, tc.body, tc.want...) })
	}
}

// TestEventSeedArticle lists the events of the seed article.
func TestEventSeedArticle(t *testing.T) {
	b, err := os.ReadFile("../../shared/seed/seed-article.txt")
	if err != nil {
		t.Skipf("seed article not found (it lives in ../shared/seed next to the repository): %v", err)
	}
	s := strings.TrimSpace(string(b))
	day, body := s[5:15], strings.TrimSpace(s[15:])
	check(t, newLayers(t), day, body,
		"DEMAND Blinken -> Sergei Lavrov @2023-03-02",
		"REJECT Russia -> - @2023-03-02",
		"DEMAND Blinken -> Sergei Lavrov @2023-03-02",
		"REJECT the only two countries -> - @2023-03-02",
		"DEMAND Blinken -> Russia @2023-03-02",
		"CONSULT Blinken -> S Jaishankar @2023-03-02",
		"DEMAND Baerbock -> Sergei Lavrov @2023-03-02", // "her Russian counterpart": "his Russian counterpart Sergei Lavrov" before
		"DEMAND Baerbock -> - @2023-03-02",
	)
}

func TestEventAlone(t *testing.T) {
	// Without the other layers the coder still finds events, with fewer
	// actors.
	c, err := event.New()
	if err != nil {
		t.Fatal(err)
	}
	doc := dateline.NewDoc(dateline.Article{ID: "a", Date: time.Date(2024, 5, 17, 0, 0, 0, 0, time.UTC),
		Text: "Police arrested the protesters."})
	if err := c.Analyze(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if got := showAll(doc.Events); strings.Join(got, ";") != "COERCE Police -> protesters @2024-05-17" {
		t.Errorf("got %q", got)
	}
	if doc.Tokens != nil {
		t.Error("Analyze set the tokens of a document it segmented for itself")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Analyze(ctx, doc); err == nil {
		t.Error("Analyze with a cancelled context succeeded")
	}
	if v := c.Version(); !regexp.MustCompile(`^[0-9]+\.[0-9a-f]{8,}$`).MatchString(v) {
		t.Errorf("Version() = %q", v)
	}
}
