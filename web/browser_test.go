package web

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/dateline-news/dateline"
)

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// fetchDoc gets an article's JSON from the server.
func fetchDoc(t *testing.T, u string) *dateline.Doc {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var d dateline.Doc
	if err := json.NewDecoder(resp.Body).Decode(&d); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%s: %d %v", u, resp.StatusCode, err)
	}
	return &d
}

// chromePath finds a Chromium to drive: $DATELINE_CHROME, else the first
// of the usual names on the PATH.
func chromePath() string {
	if p := os.Getenv("DATELINE_CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowser drives the UI in headless Chromium on the example corpus:
// search, open an article, open a person, open an article from the events
// page, check the highlights (events among them), their tooltips and the
// timeline chart, that markup in an article never runs, and that the pages
// fit a phone. Screenshots go to
// $DATELINE_ARTIFACTS/browser (or a temporary directory). It skips when no
// Chromium is installed, unless $DATELINE_REQUIRE_BROWSER is set (as CI does).
func TestBrowser(t *testing.T) {
	chrome := chromePath()
	if chrome == "" && os.Getenv("DATELINE_REQUIRE_BROWSER") != "" {
		t.Fatal("no Chromium found and $DATELINE_REQUIRE_BROWSER is set (apt-get install chromium, or set DATELINE_CHROME)")
	}
	if chrome == "" {
		t.Skip("no Chromium found (install it, e.g. apt-get install chromium, or set DATELINE_CHROME): skipping the browser test")
	}
	if testing.Short() {
		t.Skip("-short: skipping the browser test")
	}
	artifacts := os.Getenv("DATELINE_ARTIFACTS")
	if artifacts == "" {
		artifacts = t.TempDir()
	} else {
		artifacts = filepath.Join(artifacts, "browser")
		if err := os.MkdirAll(artifacts, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots in %s", artifacts)

	srv := httptest.NewServer(newTestServer(t, Options{}))
	defer srv.Close()
	base := srv.URL

	root, cancelRoot := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancelRoot()
	alloc, cancelAlloc := chromedp.NewExecAllocator(root,
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()

	// Every console message, and every dialog (which a script from an
	// article would open), is recorded.
	var (
		mu      sync.Mutex
		console []chromedp.ConsoleMessage
		dialogs []string
	)
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			mu.Lock()
			console = append(console, m)
			mu.Unlock()
		}
	}()
	opening := chromedp.Events(ctx, cdppage.JavascriptDialogOpening)
	go func() {
		for ev, err := range opening {
			if err != nil {
				return
			}
			mu.Lock()
			dialogs = append(dialogs, ev.Message)
			mu.Unlock()
			chromedp.Call(ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: false})
		}
	}()

	// Start the browser before any step has a timeout (a timeout on the
	// first run would stop the browser with it).
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting %s: %v", chrome, err)
	}
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, steps...); err != nil {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			if b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
				os.WriteFile(filepath.Join(artifacts, "failed.png"), b, 0o644)
			}
			t.Fatalf("%s: %v (at %s; screenshot failed.png)", what, err, loc)
		}
	}
	eval := func(expr string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](expr))
		if err != nil {
			t.Fatalf("evaluating %s: %v", expr, err)
		}
		return v
	}
	num := func(expr string) float64 {
		t.Helper()
		f, ok := eval(expr).(float64)
		if !ok {
			t.Fatalf("%s: not a number", expr)
		}
		return f
	}
	shot := func(name string, full bool) {
		t.Helper()
		a := chromedp.CaptureScreenshot()
		if full {
			a = chromedp.FullScreenshot(100)
		}
		b, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(artifacts, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// hover moves the mouse over the first element sel matches, after
	// scrolling it into view: over a piece of text of the element itself,
	// not of an annotation inside it.
	hover := func(sel string) {
		t.Helper()
		xy, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(`(() => {
			const el = document.querySelector(%q);
			el.scrollIntoView({block: "center"});
			for (const n of el.childNodes) {
				if (n.nodeType === Node.TEXT_NODE && n.textContent.trim().length > 1) {
					const range = document.createRange();
					const at = n.textContent.search(/\S/);
					range.setStart(n, at);
					range.setEnd(n, at + 1);
					const r = range.getClientRects()[0];
					return [r.left + r.width / 2, r.top + r.height / 2];
				}
			}
			const r = el.getClientRects()[0];
			return [r.left + Math.min(r.width / 2, 20), r.top + r.height / 2];
		})()`, sel)))
		if err != nil {
			t.Fatalf("hover %s: %v", sel, err)
		}
		do("hover "+sel, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, xy[0], xy[1]), chromedp.Sleep(150*time.Millisecond))
	}
	tooltip := func(sel string) string {
		t.Helper()
		s, _ := eval(fmt.Sprintf(`getComputedStyle(document.querySelector(%q), "::after").content`, sel)).(string)
		return strings.Trim(s, `"`)
	}
	noOverflow := func(page string, width float64) {
		t.Helper()
		if w := num(`document.documentElement.scrollWidth`); w > width+1 {
			wide := eval(fmt.Sprintf(`Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > %v).slice(0, 6).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right))`, width+1))
			t.Errorf("%s: the page is %v px wide on a %v px screen: %v", page, w, width, wide)
		}
	}

	// 1. Search, at 1280x800.
	do("search page",
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), `"Geneva Accord" ceasefire`),
		chromedp.Submit(chromedp.CSS("#q")),
		chromedp.WaitVisible(chromedp.CSS("p.summary q")), // the results of the query, not the page before
		chromedp.WaitVisible(chromedp.CSS("ol.hits li.hit a.title")),
	)
	if n := num(`document.querySelectorAll("ol.hits li.hit").length`); n < 3 {
		t.Errorf("search: %v results", n)
	}
	if n := num(`document.querySelectorAll(".facets .facet li").length`); n < 5 {
		t.Errorf("search: %v facet values", n)
	}
	if n := num(`document.querySelectorAll("ol.hits mark").length`); n == 0 {
		t.Error("search: no highlighted matches in the snippets")
	}
	shot("01-search-1280x800.png", false)

	// 2. The first result: its text with every layer highlighted.
	do("open an article",
		chromedp.Click(chromedp.CSS("ol.hits li.hit a.title")),
		chromedp.WaitVisible(chromedp.CSS("#doc")),
	)
	for sel, what := range map[string]string{"#doc .ent-PERSON": "people", "#doc .ent-LOC": "places", "#doc .tx": "dates", "#doc .qt": "quotes"} {
		if n := num(fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)); n == 0 {
			t.Errorf("article: no %s highlighted", what)
		}
	}
	hover("#doc .tx")
	if tip := tooltip("#doc .tx"); !strings.Contains(tip, "DATE") && !strings.Contains(tip, "TIME") && !strings.Contains(tip, "DURATION") {
		t.Errorf("article: a time expression's tooltip is %q", tip)
	}
	hover("#doc .qt")
	if tip := tooltip("#doc .qt"); !strings.HasPrefix(tip, "Quote (") {
		t.Errorf("article: a quote's tooltip is %q", tip)
	}
	// A person with a full name (a first and a last name).
	const personSel = `#doc a.ent-PERSON[href*="%20"]`
	hover(personSel)
	person, _ := eval(`document.querySelector('` + personSel + `').dataset.tip.split(" · ")[0]`).(string)
	if tip := tooltip(personSel); !strings.HasSuffix(tip, "PERSON") || person == "" {
		t.Errorf("article: a person's tooltip is %q", tip)
	}
	shot("02-article-1280x800.png", false)
	shot("02-article-full-1280.png", true)
	// Layers can be switched off.
	do("hide entities", chromedp.Click(chromedp.CSS(`label[for="l-ent"]`)))
	if bg := eval(`getComputedStyle(document.querySelector("#doc .ent-PERSON")).backgroundColor`); bg != "rgba(0, 0, 0, 0)" {
		t.Errorf("entities still highlighted when switched off: %v", bg)
	}
	do("show entities", chromedp.Click(chromedp.CSS(`label[for="l-ent"]`)))

	// 3. The person: timeline chart and quotes.
	do("open the person",
		chromedp.Click(chromedp.CSS(personSel)),
		chromedp.WaitVisible(chromedp.CSS("svg.timeline")),
	)
	if h1, _ := eval(`document.querySelector("h1").textContent`).(string); h1 != person {
		t.Errorf("entity page for %q, clicked %q", h1, person)
	}
	if n := num(`document.querySelectorAll("svg.timeline rect.bar").length`); n == 0 {
		t.Error("timeline: no bars")
	}
	if w, h := num(`document.querySelector("svg.timeline").getBoundingClientRect().width`), num(`document.querySelector("svg.timeline").getBoundingClientRect().height`); w < 600 || h < 100 {
		t.Errorf("timeline drawn %vx%v px", w, h)
	}
	if n := num(`document.querySelectorAll("#quotes-by li.quote, #quotes-about li.quote").length`); n == 0 {
		t.Error("entity page: no quotes by or about the person")
	}
	shot("03-entity-1280x800.png", false)
	shot("03-entity-full-1280.png", true)
	// A bar of the chart leads to the articles of its day.
	do("follow a bar", chromedp.Click(chromedp.CSS("svg.timeline a")), chromedp.WaitVisible(chromedp.CSS("ol.hits li.hit")))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "entity=") || !strings.Contains(loc, "from=") {
		t.Errorf("a bar leads to %s", loc)
	}

	// 4. The other pages.
	for _, p := range []struct{ path, wait, file string }{
		{"/quotes", "ul.quotes li.quote", "04-quotes-1280x800.png"},
		{"/events", "table.tbl", "05-events-1280x800.png"},
		{"/entities?type=PERSON", "table.tbl", "06-entities-1280x800.png"},
		{"/stories", "ol.stories li.story", "06-stories-1280x800.png"},
	} {
		do(p.path, chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait)))
		shot(p.file, false)
	}

	// 5. An article of the example corpus with the events the event layer
	// coded in it, found from the events page: each event underlined, its
	// tooltip giving its type, actors and date, and listed below the text.
	do("events page", chromedp.Navigate(base+"/events"), chromedp.WaitVisible(chromedp.CSS("table.tbl td.evtext")))
	href, _ := eval(fmt.Sprintf(`(Array.from(document.querySelectorAll('table.tbl td a[href^="/articles/"]'))
		.map(a => a.getAttribute("href")).find(h => h !== %q && h !== %q) || "")`, "/articles/"+layersID, "/articles/"+xssID)).(string)
	if href == "" {
		t.Fatal("events page: no event of an example article")
	}
	do("open an article with events",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`table.tbl td a[href=%q]`, href))),
		chromedp.WaitVisible(chromedp.CSS("#doc .ev")),
	)
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasSuffix(loc, href) {
		t.Errorf("the event's article link leads to %s, want %s", loc, href)
	}
	doc := fetchDoc(t, base+"/api"+href)
	if n := num(`document.querySelectorAll('#doc .ev[id^="ev-"]').length`); int(n) != len(doc.Events) || n == 0 {
		t.Errorf("%s: %v events highlighted, the article has %d", href, n, len(doc.Events))
	}
	if n := num(`document.querySelectorAll("#events tbody tr").length`); int(n) != len(doc.Events) {
		t.Errorf("%s: %v events listed, the article has %d", href, n, len(doc.Events))
	}
	// Every event's tooltip, and the one shown on hovering an event where
	// no other annotation is.
	tips, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`Object.fromEntries(Array.from(document.querySelectorAll('#doc .ev[id^="ev-"]')).map(e => [e.id, e.dataset.tip]))`))
	if err != nil {
		t.Fatal(err)
	}
	wantTip := func(i int, tip string) {
		t.Helper()
		ev := doc.Events[i]
		ok := strings.HasPrefix(tip, "Event "+ev.Type) && strings.Contains(tip, ev.Date)
		for _, a := range []*dateline.Actor{ev.Source, ev.Target} {
			if a != nil {
				ok = ok && strings.Contains(tip, cmp.Or(a.Actor, a.Text))
			}
		}
		if !ok {
			t.Errorf("%s: event %q (%s, %s) has the tooltip %q", href, ev.Text, ev.Type, actorsOf(ev), tip)
		}
	}
	for i := range doc.Events {
		wantTip(i, tips[fmt.Sprintf("ev-%d", i+1)])
	}
	// The event to hover: one with text of its own (outside the entities
	// and times inside it), with a source and a target if there is one.
	hoverable, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#doc .ev[id^="ev-"]'))
		.filter(e => Array.from(e.childNodes).some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim().length > 1)).map(e => e.id)`))
	if err != nil || len(hoverable) == 0 {
		t.Fatalf("%s: no event with text of its own to hover (%v)", href, err)
	}
	evID, best := hoverable[0], -1
	for _, id := range hoverable {
		i, _ := strconv.Atoi(strings.TrimPrefix(id, "ev-"))
		ev := doc.Events[i-1]
		if score := btoi(ev.Source != nil) + btoi(ev.Target != nil); score > best {
			evID, best = id, score
		}
	}
	i, _ := strconv.Atoi(strings.TrimPrefix(evID, "ev-"))
	hover("#" + evID)
	wantTip(i-1, tooltip("#"+evID))
	t.Logf("%s: %d events; hovered %s: %q", href, len(doc.Events), evID, tooltip("#"+evID))
	shot("11-article-events-1280x800.png", false)
	if c := eval(`getComputedStyle(document.querySelector("#doc .ev")).borderBottomColor`); c == "rgba(0, 0, 0, 0)" {
		t.Error("events not underlined")
	}
	do("hide events", chromedp.Click(chromedp.CSS(`label[for="l-ev"]`)))
	if c := eval(`getComputedStyle(document.querySelector("#doc .ev")).borderBottomColor`); c != "rgba(0, 0, 0, 0)" {
		t.Errorf("events still underlined when switched off: %v", c)
	}
	do("show events", chromedp.Click(chromedp.CSS(`label[for="l-ev"]`)))

	// 6. Markup in an article is shown, never run.
	do("injected article", chromedp.Navigate(base+"/articles/"+xssID), chromedp.WaitVisible(chromedp.CSS("#doc")), chromedp.Sleep(300*time.Millisecond))
	hover("h1")
	hover("#doc")
	if v := eval(`typeof window.__xss`); v != "undefined" {
		t.Errorf("a script from the article ran: window.__xss is %v", eval(`window.__xss`))
	}
	if n := num(`document.querySelectorAll("script").length`); n != 1 {
		t.Errorf("%v script elements on the page, want only the app's", n)
	}
	if n := num(`document.querySelectorAll("#doc img, #doc script, h1 b, h1 script, a[href^='javascript']").length`); n != 0 {
		t.Errorf("%v elements made from the article's markup", n)
	}
	if ok := eval(`document.getElementById("doc").textContent.includes("<script>window.__xss=1;alert(1)</script>")`); ok != true {
		t.Error("the article's markup is not shown as text")
	}
	shot("07-injected-markup-1280x800.png", false)

	// 7. A phone.
	phone := func(steps ...chromedp.Action[chromedp.Void]) []chromedp.Action[chromedp.Void] {
		return append([]chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2))}, steps...)
	}
	do("phone search", phone(chromedp.Navigate(base+"/?q=ceasefire&entity=Halvorsen"), chromedp.WaitVisible(chromedp.CSS("ol.hits li.hit")))...)
	noOverflow("search", 390)
	shot("08-search-390x844.png", false)
	do("phone article", chromedp.Navigate(base+"/articles/geneva-talks-open"), chromedp.WaitVisible(chromedp.CSS("#doc")))
	noOverflow("article", 390)
	// A tap on an annotation shows what it resolves to.
	do("tap a person", chromedp.Tap(chromedp.CSS("#doc a.ent-PERSON")), chromedp.Sleep(150*time.Millisecond))
	if on := num(`document.querySelectorAll("#doc .tip-on").length`); on != 1 {
		t.Errorf("phone: tapping a person shows %v tooltips", on)
	}
	shot("09-article-390x844.png", false)
	do("phone entity", chromedp.Navigate(base+"/entities/Ingrid%20Halvorsen"), chromedp.WaitVisible(chromedp.CSS("svg.timeline")))
	noOverflow("entity", 390)
	shot("10-entity-390x844.png", false)
	shot("10-entity-full-390.png", true)

	time.Sleep(200 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if len(dialogs) > 0 {
		t.Errorf("dialogs opened: %q", dialogs)
	}
	for _, m := range console {
		if m.Type == chromedp.ConsoleError || m.IsException() || strings.Contains(m.Text, "Content Security Policy") {
			t.Errorf("console %s: %s (%s)", m.Type, m.Text, m.URL)
		}
	}
}
