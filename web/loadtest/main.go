// Command loadtest measures a running "dateline serve" with wrk: the search
// API and the article pages, each under a number of concurrent connections
// for a bounded time, on loopback only. It builds its request mix from the
// store itself (words of article titles, entity names, article ids), runs
// wrk once per scenario, and prints the latency percentiles, the request
// rate and the errors, and whether the targets were met.
//
//	go run ./web/loadtest -url http://127.0.0.1:8099 -d 30s -c 50
//
// web/loadtest/run.sh builds a store, starts the server and runs this.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
)

// result is what the wrk script's done() prints.
type result struct {
	Requests int64   `json:"requests"`
	Seconds  float64 `json:"seconds"`
	P50      float64 `json:"p50"` // microseconds
	P90      float64 `json:"p90"`
	P99      float64 `json:"p99"`
	Max      float64 `json:"max"`
	Connect  int64   `json:"connect"`
	Read     int64   `json:"read"`
	Write    int64   `json:"write"`
	Status   int64   `json:"status"` // non-2xx/3xx responses
	Timeout  int64   `json:"timeout"`
}

func (r result) errors() int64 { return r.Connect + r.Read + r.Write + r.Status + r.Timeout }

type scenario struct {
	name     string
	paths    []string
	p50, p99 time.Duration // targets (0: none)
}

func main() {
	base := flag.String("url", "http://127.0.0.1:8099", "server `URL` (loopback only)")
	duration := flag.Duration("d", 30*time.Second, "duration of each scenario")
	conns := flag.Int("c", 50, "concurrent connections")
	threads := flag.Int("t", 2, "wrk threads")
	queries := flag.Int("queries", 400, "distinct search requests in the mix")
	wrkPath := flag.String("wrk", "wrk", "wrk program")
	out := flag.String("json", "", "also write the results as JSON to `FILE`")
	warm := flag.Bool("warm", true, "request every path of a scenario once before measuring it (fills the server's cache)")
	label := flag.String("label", "", "a name for this run, printed with the results")
	report := flag.Bool("report-only", false, "report the figures without failing on missed targets (errors still fail)")
	flag.Parse()
	cfg := config{warm: *warm, label: *label, reportOnly: *report}
	if err := run(*base, *duration, *conns, *threads, *queries, *wrkPath, *out, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

type config struct {
	warm       bool
	label      string
	reportOnly bool
}

func run(base string, duration time.Duration, conns, threads, nq int, wrkPath, out string, cfg config) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(u.Hostname()); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%s: the load test runs against a loopback address only", base)
	}
	if duration > 10*time.Minute {
		return fmt.Errorf("-d %s: at most 10 minutes", duration)
	}
	words, ids, err := sample(base)
	if err != nil {
		return err
	}
	ents, err := entities(base)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var search []string
	for len(search) < nq {
		q := url.Values{}
		w := words[rng.IntN(len(words))]
		switch k := rng.IntN(10); {
		case k < 5: // one word
			q.Set("q", w)
		case k < 7: // two words
			q.Set("q", w+" "+words[rng.IntN(len(words))])
		case k < 8: // a word and a date range
			q.Set("q", w)
			d := time.Date(2023, time.Month(1+rng.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
			q.Set("from", d.Format("2006-01-02"))
			q.Set("to", d.AddDate(0, 1, -1).Format("2006-01-02"))
		case k < 9 && len(ents) > 0: // a word and an entity
			q.Set("q", w)
			q.Set("entity", ents[rng.IntN(len(ents))])
		default: // an OR
			q.Set("q", w+" OR "+words[rng.IntN(len(words))])
		}
		search = append(search, "/api/search?"+q.Encode())
	}
	var pages, apiArticles []string
	for _, id := range ids {
		pages = append(pages, "/articles/"+url.PathEscape(id))
		apiArticles = append(apiArticles, "/api/articles/"+url.PathEscape(id))
	}
	scenarios := []scenario{
		{"search API", search, 10 * time.Millisecond, 100 * time.Millisecond},
		{"article pages", pages, 20 * time.Millisecond, 0},
		{"article API", apiArticles, 0, 0},
	}
	fmt.Printf("load test%s: %s, %d connections, %d wrk threads, %s per scenario; %d search requests, %d articles in the mix; warm-up: %v\n",
		cfg.labelText(), base, conns, threads, duration, len(search), len(ids), cfg.warm)
	results := map[string]result{}
	ok := true
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\trequests/s\tp50 ms\tp90 ms\tp99 ms\tmax ms\terrors\ttarget\t")
	for _, sc := range scenarios {
		if cfg.warm {
			if err := warmUp(base, sc.paths); err != nil {
				return fmt.Errorf("%s: warming up: %w", sc.name, err)
			}
		}
		r, err := wrk(wrkPath, base, sc.paths, duration, conns, threads)
		if err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
		results[sc.name] = r
		verdict := "-"
		if sc.p50 > 0 {
			met := r.P50 < float64(sc.p50.Microseconds()) && r.errors() == 0
			if sc.p99 > 0 {
				met = met && r.P99 < float64(sc.p99.Microseconds())
			}
			verdict = fmt.Sprintf("p50<%s", sc.p50)
			if sc.p99 > 0 {
				verdict += fmt.Sprintf(" p99<%s", sc.p99)
			}
			if met {
				verdict += " met"
			} else {
				verdict += " MISSED"
				ok = false
			}
		}
		if r.errors() > 0 {
			ok = false
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%.2f\t%.2f\t%.2f\t%.1f\t%d\t%s\t\n", sc.name, float64(r.Requests)/r.Seconds,
			r.P50/1000, r.P90/1000, r.P99/1000, r.Max/1000, r.errors(), verdict)
	}
	tw.Flush()
	if out != "" {
		b, _ := json.MarshalIndent(results, "", "  ")
		if err := os.WriteFile(out, b, 0o644); err != nil {
			return err
		}
	}
	var errs int64
	for _, r := range results {
		errs += r.errors()
	}
	switch {
	case errs > 0:
		return fmt.Errorf("%d requests failed", errs)
	case !ok && !cfg.reportOnly:
		return fmt.Errorf("targets missed")
	}
	return nil
}

func (c config) labelText() string {
	if c.label == "" {
		return ""
	}
	return " (" + c.label + ")"
}

// warmUp requests every path once, four at a time, and checks each answer.
func warmUp(base string, paths []string) error {
	jobs := make(chan string)
	errc := make(chan error, 4)
	for range 4 {
		go func() {
			for p := range jobs {
				resp, err := http.Get(base + p)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						err = fmt.Errorf("%s: %s", p, resp.Status)
					}
				}
				if err != nil {
					errc <- err
					for range jobs {
					}
					return
				}
			}
			errc <- nil
		}()
	}
	for _, p := range paths {
		jobs <- p
	}
	close(jobs)
	var first error
	for range 4 {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// sample returns words of article titles and article ids, from up to 1,000
// articles of the store.
func sample(base string) (words, ids []string, err error) {
	resp, err := http.Get(base + "/api/search?format=jsonl&q=")
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return nil, nil, fmt.Errorf("listing articles: %s", resp.Status)
	}
	seen := map[string]bool{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() && len(ids) < 1000 {
		var a struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, nil, err
		}
		ids = append(ids, a.ID)
		for _, w := range strings.FieldsFunc(a.Title, func(r rune) bool { return !unicode.IsLetter(r) }) {
			w = strings.ToLower(w)
			if len(w) > 3 && !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	io.Copy(io.Discard, resp.Body)
	if len(ids) == 0 || len(words) == 0 {
		return nil, nil, fmt.Errorf("the store at %s has no articles with titles", base)
	}
	return words, ids, nil
}

func entities(base string) ([]string, error) {
	resp, err := http.Get(base + "/api/entities?limit=50")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var l struct {
		Entities []struct {
			Name string `json:"entity"`
		} `json:"entities"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&l); err != nil {
		return nil, err
	}
	var out []string
	for _, e := range l.Entities {
		out = append(out, e.Name)
	}
	return out, nil
}

// luaScript picks a random path of the list for each request and prints
// the results as one JSON line at the end.
const luaScript = `
local paths = {
%s
}
local n = #paths
math.randomseed(os.time())
request = function()
  return wrk.format("GET", paths[math.random(n)])
end
done = function(summary, latency, requests)
  io.write(string.format('RESULT {"requests": %%d, "seconds": %%f, "p50": %%f, "p90": %%f, "p99": %%f, "max": %%f, "connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
`

func wrk(wrkPath, base string, paths []string, d time.Duration, conns, threads int) (result, error) {
	var b strings.Builder
	for _, p := range paths {
		fmt.Fprintf(&b, "  %q,\n", p)
	}
	f, err := os.CreateTemp("", "dateline-loadtest-*.lua")
	if err != nil {
		return result{}, err
	}
	defer os.Remove(f.Name())
	fmt.Fprintf(f, luaScript, b.String())
	f.Close()
	cmd := exec.Command(wrkPath, "-t", fmt.Sprint(threads), "-c", fmt.Sprint(conns), "-d", fmt.Sprintf("%ds", int(d.Seconds())),
		"--timeout", "5s", "-s", f.Name(), base)
	outb, err := cmd.CombinedOutput()
	if err != nil {
		return result{}, fmt.Errorf("wrk: %v\n%s", err, outb)
	}
	for _, line := range strings.Split(string(outb), "\n") {
		if js, ok := strings.CutPrefix(line, "RESULT "); ok {
			var r result
			if err := json.Unmarshal([]byte(js), &r); err != nil {
				return r, fmt.Errorf("wrk result %q: %v", js, err)
			}
			return r, nil
		}
	}
	return result{}, fmt.Errorf("no result from wrk:\n%s", outb)
}
