package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/internal/testpages"
	"github.com/dateline-news/dateline/library"
)

const seedPath = "../../../shared/seed/seed-article.txt"

// runCLI runs one command line in-process and returns its exit status and output.
func runCLI(t *testing.T, db string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(k string) string {
		if k == "DATELINE_DB" {
			return db
		}
		return ""
	}}
	code := run(context.Background(), args, e)
	return code, out.String(), errOut.String()
}

func decodeDocs(t *testing.T, out string) []dateline.Doc {
	t.Helper()
	var docs []dateline.Doc
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var d dateline.Doc
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatalf("output line is not a contract document: %v\n%s", err, line)
		}
		docs = append(docs, d)
	}
	return docs
}

func TestExtractSeed(t *testing.T) {
	if _, err := os.Stat(seedPath); err != nil {
		t.Skipf("seed article not available at %s: %v", seedPath, err)
	}
	code, out, stderr := runCLI(t, "", "", "extract", "--format", "json", seedPath)
	if code != exitOK {
		t.Fatalf("exit %d, stderr: %s", code, stderr)
	}
	docs := decodeDocs(t, out)
	if len(docs) != 1 {
		t.Fatalf("got %d documents, want 1", len(docs))
	}
	d := docs[0]
	if d.ID != "seed-article" || d.Day() != "2023-03-02" {
		t.Errorf("id %q date %s", d.ID, d.Day())
	}
	if !strings.HasPrefix(d.Text, "US Secretary of State on Thursday said") || !strings.HasSuffix(d.Text, "according to the German delegation.") {
		t.Errorf("body not verbatim: %q ... %q", d.Text[:40], d.Text[len(d.Text)-40:])
	}
	// The raw JSON keeps every layer, empty ones as [].
	for _, key := range []string{`"sentences":[{`, `"entities":[`, `"timexes":[`, `"quotes":[`, `"events":[`} {
		if !strings.Contains(out, key) {
			t.Errorf("output lacks %s", key)
		}
	}
	// The temporal layer runs in extract: the seed's expressions resolve
	// against its date line.
	timexes := map[string]string{}
	for _, tx := range d.Timexes {
		if d.Text[tx.Start:tx.End] != tx.Text {
			t.Errorf("timex %q does not match its offsets", tx.Text)
		}
		timexes[tx.Text] = tx.Type + " " + tx.Value + " " + tx.Mod
	}
	for text, want := range map[string]string{
		"Thursday": "DATE 2023-03-02 ", "last week": "DATE 2023-W08 ", "last year": "DATE 2022 ",
		"February 2022": "DATE 2022-02 ", "today": "DATE 2023-03-02 ", "less than 10 minutes": "DURATION PT10M LESS_THAN",
	} {
		if timexes[text] != want {
			t.Errorf("timex %q: got %q, want %q", text, timexes[text], want)
		}
	}
	var sents []string
	for _, s := range d.Sentences {
		if !s.Valid(len(d.Text)) {
			t.Fatalf("sentence %v outside the text", s)
		}
		sents = append(sents, d.Text[s.Start:s.End])
	}
	for _, want := range []string{"Meetings with Jaishankar", "‘Return to new START’",
		"Blinken said the meeting was unscheduled and sought by the US when Lavrov was on the move."} {
		found := false
		for _, s := range sents {
			found = found || s == want
		}
		if !found {
			t.Errorf("no sentence %q in %q", want, sents)
		}
	}
}

func TestExtractBadInput(t *testing.T) {
	code, out, stderr := runCLI(t, "", "", "extract", "../../testdata/bad")
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	docs := decodeDocs(t, out)
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	if strings.Join(ids, ",") != "mixed-good-1,mixed-good-2,mixed-good-3" {
		t.Errorf("good records around the bad ones: got %v", ids)
	}
	for _, want := range []string{"bad-date.txt:1:", "no-date.txt:1:", "mixed.jsonl:2:", "mixed.jsonl:4:"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not name %s:\n%s", want, stderr)
		}
	}
}

func TestExtractStdin(t *testing.T) {
	in := `{"id": "s1", "date": "2023-03-02", "text": "Blinken met Lavrov. They spoke briefly."}` + "\n"
	code, out, stderr := runCLI(t, "", in, "extract", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	docs := decodeDocs(t, out)
	if len(docs) != 1 || docs[0].ID != "s1" || len(docs[0].Sentences) != 2 {
		t.Errorf("stdin: %+v", docs)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"extract"},
		{"extract", "--format", "xml", "x.txt"},
		{"search"},
		{"search", "x", "--from", "March"},
		{"nosuchcommand"},
		{"ingest", "--no-such-flag", "x"},
	} {
		if code, _, _ := runCLI(t, "", "", args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code, out, _ := runCLI(t, "", "", "help"); code != exitOK || !strings.Contains(out, "extract") {
		t.Errorf("help: exit %d\n%s", code, out)
	}
}

func TestIngestSearchShowStats(t *testing.T) {
	db := filepath.Join(t.TempDir(), "test.db")
	code, out, stderr := runCLI(t, db, "", "ingest", "../../examples")
	if code != exitOK {
		t.Fatalf("ingest: exit %d\n%s\n%s", code, out, stderr)
	}
	if !strings.Contains(out, "ingested 30 articles (30 new, 0 replaced, 0 unchanged)") {
		t.Errorf("ingest summary: %s", out)
	}
	// Re-ingesting changes nothing.
	code, out, _ = runCLI(t, db, "", "ingest", "../../examples")
	if code != exitOK || !strings.Contains(out, "(0 new, 0 replaced, 30 unchanged)") {
		t.Errorf("re-ingest: exit %d: %s", code, out)
	}

	code, out, _ = runCLI(t, db, "", "stats", "--json")
	var st dateline.Stats
	if err := json.Unmarshal([]byte(out), &st); code != exitOK || err != nil {
		t.Fatalf("stats: exit %d, %v\n%s", code, err, out)
	}
	// The example corpus has one wire story republished by a second outlet.
	if st.Articles != 30 || st.Unique != 29 || st.FirstDay != "2023-03-01" || st.Sentences == 0 || st.Words < 8000 {
		t.Errorf("stats: %+v", st)
	}

	search := func(args ...string) library.Results {
		t.Helper()
		code, out, stderr := runCLI(t, db, "", append([]string{"search", "--json"}, args...)...)
		var res library.Results
		if err := json.Unmarshal([]byte(out), &res); code != exitOK || err != nil {
			t.Fatalf("search %v: exit %d, %v\n%s%s", args, code, err, out, stderr)
		}
		return res
	}
	res := search("ceasefire")
	if res.Total < 5 || len(res.Results) == 0 || len(res.Results[0].Snippet.Highlights) == 0 {
		t.Fatalf("search ceasefire: %+v", res)
	}
	// Paging agrees with the total.
	seen := map[string]bool{}
	for off := 0; off < res.Total; off += 3 {
		page := search("ceasefire", "--limit", "3", "--offset", itoa(off))
		if page.Total != res.Total {
			t.Fatalf("total changed between pages: %d vs %d", page.Total, res.Total)
		}
		for _, r := range page.Results {
			if seen[r.ID] {
				t.Errorf("%s on two pages", r.ID)
			}
			seen[r.ID] = true
		}
	}
	if len(seen) != res.Total {
		t.Errorf("paging saw %d articles, total says %d", len(seen), res.Total)
	}
	// Date filter, inclusive.
	for _, r := range search("ceasefire", "--from", "2023-04-01", "--to", "2023-04-10", "--limit", "50").Results {
		if r.Day < "2023-04-01" || r.Day > "2023-04-10" {
			t.Errorf("%s dated %s is outside the filter", r.ID, r.Day)
		}
	}
	if n := search(`"Geneva Accord"`).Total; n == 0 || n >= search("Geneva").Total {
		t.Errorf("phrase search: %d hits", n)
	}
	if all, dd := search("accord").Total, search("accord", "--dedup").Total; dd != all-1 {
		t.Errorf("--dedup: %d hits, %d without near-duplicates", all, dd)
	}
	if a, b := search("Geneva").Total, search("Geneva -Oslo").Total; b >= a {
		t.Errorf("NOT does not narrow: %d vs %d", b, a)
	}

	// Articles that talk about February 2022, whenever published: each
	// has a stored time expression overlapping that month.
	feb := search("", "--mentioned-from", "2022-02-01", "--mentioned-to", "2022-02-28", "--limit", "50")
	if feb.Total == 0 {
		t.Fatal("no article mentions February 2022")
	}
	for _, r := range feb.Results {
		code, out, _ := runCLI(t, db, "", "show", "--json", r.ID)
		docs := decodeDocs(t, out)
		if code != exitOK || len(docs) != 1 {
			t.Fatalf("show %s: exit %d", r.ID, code)
		}
		found := false
		for _, tx := range docs[0].Timexes {
			found = found || strings.HasPrefix(tx.Value, "2022-02") || tx.Value == "2022" || tx.Value == "2022-Q1"
		}
		if !found {
			t.Errorf("%s matched --mentioned February 2022 but has no such timex: %+v", r.ID, docs[0].Timexes)
		}
	}

	// Entities across the corpus, and search by any form of a name.
	code, out, _ = runCLI(t, db, "", "entities", "--json", "Halvorsen")
	var ents []dateline.EntityStat
	if err := json.Unmarshal([]byte(out), &ents); code != exitOK || err != nil || len(ents) == 0 {
		t.Fatalf("entities Halvorsen: exit %d, %v\n%s", code, err, out)
	}
	if ents[0].Name != "Ingrid Halvorsen" || ents[0].Type != dateline.EntityPerson || ents[0].Articles < 10 {
		t.Errorf("entities Halvorsen: %+v", ents[0])
	}
	byName := search("", "--entity", "Halvorsen", "--limit", "50")
	byCanonical := search("", "--entity", "ingrid halvorsen", "--limit", "50")
	if byName.Total != int(ents[0].Articles) || byCanonical.Total != byName.Total {
		t.Errorf("search --entity: %d by alias, %d by canonical name, %d articles in the entity table",
			byName.Total, byCanonical.Total, ents[0].Articles)
	}
	if n := search("", "--entity", "Nobody Atall").Total; n != 0 {
		t.Errorf("unknown entity matched %d articles", n)
	}
	code, out, _ = runCLI(t, db, "", "entities", "--type", "PERSON", "--limit", "3")
	if code != exitOK || strings.Count(out, "PERSON") != 3 {
		t.Errorf("entities --type PERSON: exit %d\n%s", code, out)
	}
	if code, _, _ := runCLI(t, db, "", "entities", "--type", "ANIMAL"); code != exitUsage {
		t.Errorf("entities --type ANIMAL: exit %d", code)
	}

	// What people said: quotes by a speaker (by any form of the name) and
	// about an entity, with the total agreeing with the pages.
	quotes := func(args ...string) (int, []dateline.QuoteHit) {
		t.Helper()
		code, out, stderr := runCLI(t, db, "", append([]string{"quotes", "--json"}, args...)...)
		var res struct {
			Total  int                 `json:"total"`
			Quotes []dateline.QuoteHit `json:"quotes"`
		}
		if err := json.Unmarshal([]byte(out), &res); code != exitOK || err != nil {
			t.Fatalf("quotes %v: exit %d, %v\n%s%s", args, code, err, out, stderr)
		}
		return res.Total, res.Quotes
	}
	total, qs := quotes("--speaker", "Halvorsen", "--limit", "100")
	if total < 5 || len(qs) != total {
		t.Fatalf("quotes --speaker Halvorsen: %d (%d listed)", total, len(qs))
	}
	for _, q := range qs {
		if q.Speaker != "Ingrid Halvorsen" || q.ArticleID == "" || q.Day == "" {
			t.Errorf("quote by Halvorsen: %+v", q)
		}
	}
	if n, _ := quotes("--speaker", "Ingrid Halvorsen", "--limit", "1"); n != total {
		t.Errorf("canonical and short name give %d and %d quotes", n, total)
	}
	if n, qs := quotes("--speaker", "Halvorsen", "--kind", "direct"); n == 0 || n >= total || qs[0].Kind != "direct" {
		t.Errorf("direct quotes by Halvorsen: %d of %d", n, total)
	}
	// The republished wire story repeats Halvorsen's quotes; --dedup counts them once.
	if n, qs := quotes("--speaker", "Halvorsen", "--dedup", "--limit", "100"); n >= total || n == 0 {
		t.Errorf("--dedup: %d quotes by Halvorsen, %d without", total, n)
	} else {
		for _, q := range qs {
			if q.ArticleID == "harbour-times-2023-04-21-ilvar-to-reopen" {
				t.Errorf("a quote of a near-duplicate article under --dedup: %+v", q)
			}
		}
	}
	// search --speaker finds exactly the articles that quote him or her.
	quoting := map[string]bool{}
	for _, q := range qs {
		quoting[q.ArticleID] = true
	}
	if got := search("", "--speaker", "Halvorsen", "--limit", "100"); got.Total != len(quoting) {
		t.Errorf("search --speaker Halvorsen: %d articles, her quotes are in %d", got.Total, len(quoting))
	}
	// search --event-type finds articles with an event of that type, and
	// only those.
	demands := search("", "--event-type", "DEMAND", "--limit", "100")
	if demands.Total == 0 || demands.Total != len(demands.Results) {
		t.Errorf("search --event-type DEMAND: %d articles, %d listed", demands.Total, len(demands.Results))
	}
	for _, r := range demands.Results {
		code, out, _ := runCLI(t, db, "", "show", "--json", r.ID)
		var d dateline.Doc
		if err := json.Unmarshal([]byte(out), &d); code != exitOK || err != nil {
			t.Fatalf("show %s: exit %d, %v", r.ID, code, err)
		}
		if !slices.ContainsFunc(d.Events, func(e dateline.Event) bool { return e.Type == "DEMAND" }) {
			t.Errorf("search --event-type DEMAND found %s, which has no DEMAND event: %+v", r.ID, d.Events)
		}
	}
	if got := search("", "--event-type", "NOSUCHTYPE"); got.Total != 0 {
		t.Errorf("search --event-type NOSUCHTYPE: %d", got.Total)
	}
	// events lists the DEMAND events of exactly those articles, and those
	// of an entity involve it.
	events := func(args ...string) (int, []dateline.EventHit) {
		t.Helper()
		code, out, stderr := runCLI(t, db, "", append([]string{"events", "--json", "--limit", "500"}, args...)...)
		var res struct {
			Total  int
			Events []dateline.EventHit
		}
		if err := json.Unmarshal([]byte(out), &res); code != exitOK || err != nil {
			t.Fatalf("events %v: exit %d, %v\n%s%s", args, code, err, out, stderr)
		}
		return res.Total, res.Events
	}
	n, evs := events("--type", "demand")
	inArticles := map[string]bool{}
	for _, e := range evs {
		inArticles[e.ArticleID] = true
		if e.Type != "DEMAND" {
			t.Errorf("events --type demand lists a %s event", e.Type)
		}
	}
	if n != len(evs) || len(inArticles) != demands.Total {
		t.Errorf("events --type demand: %d events in %d articles; search --event-type DEMAND finds %d articles", n, len(inArticles), demands.Total)
	}
	n, evs = events("--entity", "Halvorsen")
	for _, e := range evs {
		if (e.Source == nil || e.Source.Actor != "Ingrid Halvorsen") && (e.Target == nil || e.Target.Actor != "Ingrid Halvorsen") {
			t.Errorf("an event of Halvorsen without her: %+v", e.Event)
		}
	}
	if n == 0 || n != len(evs) {
		t.Errorf("events --entity Halvorsen: %d, %d listed", n, len(evs))
	}
	if code, _, _ := runCLI(t, db, "", "events", "--type", "BOGUS"); code != exitUsage {
		t.Errorf("events --type BOGUS: exit %d, want %d", code, exitUsage)
	}
	if n, _ := quotes("--about", "Kovel"); n == 0 {
		t.Error("no quote mentions Kovel")
	}
	if n, _ := quotes("--text", "ceasefire"); n == 0 {
		t.Error("no quote text matches ceasefire")
	}

	code, out, _ = runCLI(t, db, "", "show", "geneva-talks-open")
	if code != exitOK || !strings.Contains(out, "date:      2023-03-09") || !strings.Contains(out, "sentences (") {
		t.Errorf("show: exit %d\n%s", code, out)
	}
	// Stories: the shelling of Tavrin and the next day's follow-up are one.
	code, out, _ = runCLI(t, db, "", "stories", "--json")
	var stories []library.Story
	if err := json.Unmarshal([]byte(out), &stories); code != exitOK || err != nil || len(stories) < 3 {
		t.Fatalf("stories: exit %d, %v\n%s", code, err, out)
	}
	found := false
	for _, s := range stories {
		if slices.Contains(s.Articles, "tavrin-market-shelling") {
			found = slices.Contains(s.Articles, "atlas-2023-03-03-lastria-will-attend-geneva") && s.First == "2023-03-02"
		}
		if slices.Contains(s.Articles, "harbour-times-2023-04-21-ilvar-to-reopen") {
			t.Errorf("a near-duplicate counted in a story: %+v", s)
		}
	}
	if !found {
		t.Errorf("the Tavrin story is not grouped: %+v", stories)
	}

	code, out, _ = runCLI(t, db, "", "show", "harbour-times-2023-04-21-ilvar-to-reopen")
	if code != exitOK || !strings.Contains(out, "a near-duplicate of atlas-2023-04-21-geneva-accord-signed") ||
		!strings.Contains(out, "this text appeared 2 times") {
		t.Errorf("show of a near-duplicate: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, db, "", "show", "--json", "geneva-talks-open")
	if docs := decodeDocs(t, out); code != exitOK || len(docs) != 1 || docs[0].ID != "geneva-talks-open" {
		t.Errorf("show --json: exit %d %s", code, out)
	}
	if code, _, stderr := runCLI(t, db, "", "show", "no-such-article"); code != exitFailed || !strings.Contains(stderr, "not found") {
		t.Errorf("show missing: exit %d %s", code, stderr)
	}

	// Losing the index is repaired by reindex, and by the next open.
	if err := os.RemoveAll(filepath.Join(db, "index.bleve")); err != nil {
		t.Fatal(err)
	}
	if got := search("ceasefire").Total; got != res.Total {
		t.Errorf("after losing the index: %d hits, want %d", got, res.Total)
	}
	if code, out, _ := runCLI(t, db, "", "reindex"); code != exitOK || !strings.Contains(out, "reindexed 30 articles") {
		t.Errorf("reindex: exit %d %s", code, out)
	}
}

func TestIngestReportsBadRecords(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bad.db")
	code, out, stderr := runCLI(t, db, "", "ingest", "../../testdata/bad")
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	if !strings.Contains(out, "ingested 3 articles") || !strings.Contains(stderr, "mixed.jsonl:2") {
		t.Errorf("out: %s\nstderr: %s", out, stderr)
	}
}

// TestIngestEveryFormat ingests a directory mixing line format, JSONL, saved
// web pages, RSS and Atom feeds and a gzipped web archive.
func TestIngestEveryFormat(t *testing.T) {
	dir, _ := testpages.MixedDir(t)
	db := filepath.Join(t.TempDir(), "mixed.db")
	code, out, stderr := runCLI(t, db, "", "ingest", dir)
	// The page that states no date is reported; the others land.
	if code != exitFailed || !strings.Contains(out, "ingested 10 articles") || !strings.Contains(stderr, "undated.htm") {
		t.Fatalf("ingest: exit %d\n%s\n%s", code, out, stderr)
	}
	code, out, stderr = runCLI(t, db, "", "ingest", "--date-fallback", "crawl", dir)
	if code != exitOK || !strings.Contains(out, "(1 new, 0 replaced, 10 unchanged)") {
		t.Fatalf("ingest --date-fallback crawl: exit %d\n%s\n%s", code, out, stderr)
	}
	code, out, _ = runCLI(t, db, "", "show", "--json", "undated.example/x")
	if docs := decodeDocs(t, out); code != exitOK || len(docs) != 1 || docs[0].DateSource != "crawl" || docs[0].Day() != "2024-01-02" {
		t.Errorf("page dated by its crawl time: exit %d %s", code, out)
	}
	search := func(args ...string) []string {
		code, out, _ := runCLI(t, db, "", append([]string{"search", "--json", "--limit", "50"}, args...)...)
		var res library.Results
		if err := json.Unmarshal([]byte(out), &res); code != exitOK || err != nil {
			t.Fatalf("search %v: exit %d %v", args, code, err)
		}
		var ids []string
		for _, r := range res.Results {
			ids = append(ids, r.ID)
		}
		return ids
	}
	if ids := search("", "--lang", "de"); strings.Join(ids, ",") != "j1" {
		t.Errorf("German articles: %v", ids)
	}
	if ids := search("", "--lang", "en"); len(ids) < 8 {
		t.Errorf("English articles: %v", ids)
	}
	code, out, _ = runCLI(t, db, "", "show", "--json", "site1.example/story")
	if docs := decodeDocs(t, out); code != exitOK || len(docs) != 1 || docs[0].Source != "Site site1.example" || len(docs[0].Sentences) == 0 {
		t.Errorf("page from the web archive: exit %d %s", code, out)
	}
	// --lang keeps only some languages at ingest.
	db2 := filepath.Join(t.TempDir(), "en.db")
	code, out, _ = runCLI(t, db2, "", "ingest", "--lang", "de", dir)
	if !strings.Contains(out, "ingested 10 articles (1 new") || !strings.Contains(out, "9 articles in other languages") {
		t.Errorf("ingest --lang de: exit %d %s", code, out)
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}
