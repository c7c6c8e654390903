package warc

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/internal/synth"
	"github.com/dateline-news/dateline/internal/testpages"
)

// testWARC is a generated WARC file and what it holds.
type testWARC struct {
	data    []byte
	offsets []int64  // of every record, in order
	types   []string // of every record
	pages   []*dateline.Article
	uris    []string
}

var crawlTime = time.Date(2024, 2, 3, 4, 5, 6, 0, time.UTC)

// makeWARC writes a warcinfo record, then for each of n pages a request, a
// response and a metadata record, and, after the first page, a JPEG
// response, a 404 and a redirect, which are not pages.
func makeWARC(t testing.TB, n int, gz bool) *testWARC {
	var buf bytes.Buffer
	w := testpages.NewWARCWriter(&buf, gz)
	tw := &testWARC{}
	check := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	check(w.Info())
	g := synth.New(3, 5000)
	for i := range n {
		a := g.Article("w", i)
		a.Date = time.Date(2023, 5, 1+i%28, 0, 0, 0, 0, time.UTC)
		host := fmt.Sprintf("site%d.example", i%3)
		p := testpages.Page{Site: "Site " + host, Host: host, Path: fmt.Sprintf("/news/%d", i), Date: testpages.DateMeta}
		uri := "http://" + host + p.Path + "?ref=home"
		check(w.Response(uri, crawlTime.Add(time.Duration(i)*time.Second), "text/html; charset=UTF-8", testpages.HTML(a, p)))
		tw.pages = append(tw.pages, a)
		tw.uris = append(tw.uris, uri)
		if i == 0 {
			hdr := func(uri string) []string {
				return []string{"WARC-Date", "2024-02-03T04:05:06Z", "WARC-Target-URI", uri, "Content-Type", "application/http; msgtype=response"}
			}
			check(w.Record("response", hdr("http://x.example/a.jpg"),
				[]byte("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 4\r\n\r\n\xff\xd8\xff\xe0")))
			check(w.Record("response", hdr("http://x.example/gone"),
				[]byte("HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\nnot found")))
			check(w.Record("response", hdr("http://x.example/old"),
				[]byte("HTTP/1.1 301 Moved Permanently\r\nLocation: http://x.example/new\r\nContent-Length: 0\r\n\r\n")))
		}
	}
	tw.data = buf.Bytes()
	tw.offsets, tw.types = w.Offsets, w.Types
	return tw
}

func TestReaderRecords(t *testing.T) {
	for _, gz := range []bool{false, true} {
		tw := makeWARC(t, 4, gz)
		r := NewReader(bytes.NewReader(tw.data))
		if r.Compressed() != gz {
			t.Errorf("gz %v: Compressed() = %v", gz, r.Compressed())
		}
		var i int
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("gz %v record %d: %v", gz, i+1, err)
			}
			if rec.Type() != tw.types[i] || rec.Ordinal != i+1 || rec.Offset != tw.offsets[i] {
				t.Errorf("gz %v record %d: type %q ordinal %d offset %d, want %q %d %d", gz, i+1, rec.Type(), rec.Ordinal, rec.Offset, tw.types[i], i+1, tw.offsets[i])
			}
			if rec.Version != "WARC/1.0" || rec.Header.Get("warc-record-id") == "" {
				t.Errorf("record %d: version %q header %v", i+1, rec.Version, rec.Header)
			}
			if i%2 == 0 { // read some bodies, leave the others to Next
				n, err := io.Copy(io.Discard, rec.Body)
				if err != nil || n != rec.ContentLength {
					t.Errorf("record %d: body %d bytes, %v; want %d", i+1, n, err, rec.ContentLength)
				}
			}
			i++
		}
		if i != len(tw.types) {
			t.Errorf("gz %v: %d records, want %d", gz, i, len(tw.types))
		}
		if _, err := r.Next(); err != io.EOF {
			t.Errorf("after the end: %v", err)
		}
	}
}

func TestArticles(t *testing.T) {
	for _, gz := range []bool{false, true} {
		tw := makeWARC(t, 5, gz)
		var got []*dateline.Article
		for a, err := range Articles(context.Background(), "crawl.warc.gz", bytes.NewReader(tw.data), Options{}) {
			if err != nil {
				t.Fatalf("gz %v: %v", gz, err)
			}
			got = append(got, a)
		}
		if len(got) != len(tw.pages) {
			t.Fatalf("gz %v: %d articles, want %d", gz, len(got), len(tw.pages))
		}
		for i, a := range got {
			want := tw.pages[i]
			host := fmt.Sprintf("site%d.example", i%3)
			if a.Text != want.Text || a.Title != want.Title || !a.Date.Equal(want.Date) {
				t.Errorf("article %d: %q %v, want %q %v", i, a.Title, a.Date, want.Title, want.Date)
			}
			if a.URL != fmt.Sprintf("https://%s/news/%d", host, i) || a.ID != fmt.Sprintf("%s/news/%d", host, i) || a.Source != "Site "+host || a.Lang != "en" {
				t.Errorf("article %d: url %q id %q source %q lang %q", i, a.URL, a.ID, a.Source, a.Lang)
			}
		}
	}
}

func TestArticlesNoDateFallback(t *testing.T) {
	var buf bytes.Buffer
	w := testpages.NewWARCWriter(&buf, true)
	a := synth.New(9, 5000).Article("n", 0)
	page := testpages.HTML(a, testpages.Page{Site: "S", Host: "s.example", Path: "/x", Date: testpages.DateNone})
	if err := w.Response("https://s.example/x", crawlTime, "text/html", page); err != nil {
		t.Fatal(err)
	}
	var errs []error
	for _, err := range Articles(context.Background(), "f.warc.gz", bytes.NewReader(buf.Bytes()), Options{}) {
		errs = append(errs, err)
	}
	var ie *dateline.InputError
	if len(errs) != 1 || !errors.As(errs[0], &ie) || ie.Line != 2 || !strings.Contains(ie.Error(), "f.warc.gz:2: record at byte offset") ||
		!strings.Contains(ie.Error(), "<https://s.example/x>: no publication date") {
		t.Fatalf("errors %v", errs)
	}
	opts := Options{}
	opts.HTML.DateFallback = 1 // html.FallbackCrawl
	for a, err := range Articles(context.Background(), "f.warc.gz", bytes.NewReader(buf.Bytes()), opts) {
		if err != nil || !a.Date.Equal(crawlTime) || !a.HasTime {
			t.Errorf("fallback: %v %v", a, err)
		}
	}
}

// recordsAndErrors reads data through Reader and returns the target URIs of
// the records read, the errors, and whether every error was a *RecordError.
func recordsAndErrors(t *testing.T, data []byte) (uris []string, errs []*RecordError) {
	t.Helper()
	r := NewReader(bytes.NewReader(data))
	for range 10000 {
		rec, err := r.Next()
		if err == io.EOF {
			return uris, errs
		}
		var re *RecordError
		if err != nil {
			if !errors.As(err, &re) {
				t.Fatalf("error %v is not a *RecordError", err)
			}
			errs = append(errs, re)
			continue
		}
		if _, err := io.Copy(io.Discard, rec.Body); err != nil {
			errs = append(errs, &RecordError{Offset: rec.Offset, Ordinal: rec.Ordinal, Err: err})
			continue
		}
		uris = append(uris, rec.Type()+" "+rec.Header.Get("WARC-Target-URI"))
	}
	t.Fatal("Next does not end")
	return nil, nil
}

func TestCorruptGzip(t *testing.T) {
	tw := makeWARC(t, 6, true)
	good, _ := recordsAndErrors(t, tw.data)
	// Damage the compressed data in the middle of the response of page 2.
	resp := indexOfType(tw, 2, "response")
	data := bytes.Clone(tw.data)
	mid := tw.offsets[resp] + 200
	for i := range 40 {
		data[mid+int64(i)] ^= 0x5a
	}
	uris, errs := recordsAndErrors(t, data)
	if len(errs) != 1 || errs[0].Offset != tw.offsets[resp] || errs[0].Ordinal != resp+1 {
		t.Fatalf("errors %v, want one at record %d offset %d", errs, resp+1, tw.offsets[resp])
	}
	if want := without(good, resp); strings.Join(uris, "\n") != strings.Join(want, "\n") {
		t.Errorf("records read\n%s\nwant\n%s", strings.Join(uris, "\n"), strings.Join(want, "\n"))
	}
	// Garbage between two members is skipped and reported once.
	data = slicesInsert(tw.data, tw.offsets[resp], []byte("garbage\x1f\x8b\x08 not a member at all"))
	uris, errs = recordsAndErrors(t, data)
	if len(errs) != 1 || len(uris) != len(good) {
		t.Errorf("garbage between members: errors %v, %d records, want %d", errs, len(uris), len(good))
	}
}

func TestTruncated(t *testing.T) {
	for _, gz := range []bool{false, true} {
		tw := makeWARC(t, 3, gz)
		good, _ := recordsAndErrors(t, tw.data)
		last := len(tw.offsets) - 1
		cut := tw.data[:tw.offsets[last]+(int64(len(tw.data))-tw.offsets[last])/2]
		uris, errs := recordsAndErrors(t, cut)
		if len(errs) != 1 || errs[0].Ordinal != last+1 || !errors.Is(errs[0], io.ErrUnexpectedEOF) {
			t.Errorf("gz %v: errors %v, want one truncated record %d", gz, errs, last+1)
		}
		if len(uris) != len(good)-1 {
			t.Errorf("gz %v: %d records, want %d", gz, len(uris), len(good)-1)
		}
	}
}

func TestCorruptPlain(t *testing.T) {
	tw := makeWARC(t, 4, false)
	good, _ := recordsAndErrors(t, tw.data)
	// A bad Content-Length in the response of page 1.
	resp := indexOfType(tw, 1, "response")
	data := bytes.Clone(tw.data)
	at := int64(bytes.Index(data[tw.offsets[resp]:], []byte("\r\nContent-Length: "))) + tw.offsets[resp] + 18
	copy(data[at:], "x")
	uris, errs := recordsAndErrors(t, data)
	if len(errs) != 1 || errs[0].Offset != tw.offsets[resp] || !errors.Is(errs[0], ErrFormat) {
		t.Fatalf("errors %v", errs)
	}
	if want := without(good, resp); len(uris) != len(want) {
		t.Errorf("%d records, want %d", len(uris), len(want))
	}
	// Garbage between records.
	data = slicesInsert(tw.data, tw.offsets[resp], []byte("this is not a record\r\nnor is this\r\n"))
	uris, errs = recordsAndErrors(t, data)
	if len(errs) != 1 || len(uris) != len(good) {
		t.Errorf("garbage: errors %v, %d records, want %d", errs, len(uris), len(good))
	}
}

// indexOfType returns the index of the record of the given type of page i.
func indexOfType(tw *testWARC, page int, typ string) int {
	n := -1
	for i, ty := range tw.types {
		if ty == "request" {
			n++
		}
		if n == page && ty == typ {
			return i
		}
	}
	panic("no such record")
}

func without(s []string, i int) []string {
	return append(append([]string(nil), s[:i]...), s[i+1:]...)
}

func slicesInsert(b []byte, at int64, ins []byte) []byte {
	out := append([]byte(nil), b[:at]...)
	out = append(out, ins...)
	return append(out, b[at:]...)
}

// repeatReader yields the bytes of a WARC file repeated until n bytes.
type repeatReader struct {
	data []byte
	pos  int
	left int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	n := copy(p, r.data[r.pos:])
	r.pos = (r.pos + n) % len(r.data)
	r.left -= int64(n)
	return n, nil
}

var warcMB = flag.Int("warcmb", 256, "size in MB of the .warc.gz TestMemoryFlat reads")

// TestMemoryFlat reads a large generated .warc.gz (256 MB; 32 MB with
// -short) and checks that the live heap does not grow with it.
func TestMemoryFlat(t *testing.T) {
	tw := makeWARC(t, 40, true)
	size := int64(*warcMB) << 20
	if testing.Short() {
		size = 32 << 20
	}
	// Whole members only, so that the repetition is a valid WARC file.
	n := size / int64(len(tw.data))
	src := &repeatReader{data: tw.data, left: n * int64(len(tw.data))}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc // the packages' tables and the test's data
	var peak uint64
	pages := 0
	start := time.Now()
	for resp, err := range Responses(context.Background(), src, 0) {
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Body) == 0 {
			t.Fatal("empty page")
		}
		pages++
		if pages%2000 == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc-min(base, ms.HeapAlloc))
		}
	}
	if want := int(n) * len(tw.pages); pages != want {
		t.Errorf("%d pages, want %d", pages, want)
	}
	el := time.Since(start)
	t.Logf("%d MB of gzip in %v (%.0f MB/s), %d pages, peak live heap above the start %.1f MB", n*int64(len(tw.data))>>20, el,
		float64(n*int64(len(tw.data)))/1e6/el.Seconds(), pages, float64(peak)/1e6)
	if peak > 4<<20 {
		t.Errorf("peak heap %d bytes", peak)
	}
}

// BenchmarkResponses measures how fast HTML pages come out of a .warc.gz
// (decompression, WARC and HTTP parsing), in MB/s of gzip input. Run with
// -cpu 1 for the figure per core.
func BenchmarkResponses(b *testing.B) {
	tw := makeWARC(b, 200, true)
	b.SetBytes(int64(len(tw.data)))
	ctx := context.Background()
	for b.Loop() {
		for _, err := range Responses(ctx, bytes.NewReader(tw.data), 0) {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

func TestArticlesWorkers(t *testing.T) {
	tw := makeWARC(t, 12, true)
	// Damage one record, and make one page undated, so that errors are
	// ordered too.
	data := bytes.Clone(tw.data)
	resp := indexOfType(tw, 4, "response")
	for i := range 40 {
		data[tw.offsets[resp]+300+int64(i)] ^= 0x33
	}
	steps := func(workers int) []string {
		var s []string
		for a, err := range Articles(context.Background(), "x.warc.gz", bytes.NewReader(data), Options{Workers: workers}) {
			if err != nil {
				s = append(s, "error: "+err.Error())
				continue
			}
			s = append(s, a.ID)
		}
		return s
	}
	seq, par := steps(1), steps(3)
	if len(seq) != 12 || !strings.HasPrefix(seq[4], "error: x.warc.gz:") {
		t.Fatalf("sequential: %q", seq)
	}
	if strings.Join(seq, "\n") != strings.Join(par, "\n") {
		t.Errorf("parallel\n%s\nwant\n%s", strings.Join(par, "\n"), strings.Join(seq, "\n"))
	}
	// Stopping early leaves no goroutine behind.
	before := runtime.NumGoroutine()
	for range Articles(context.Background(), "x.warc.gz", bytes.NewReader(data), Options{Workers: 3}) {
		break
	}
	time.Sleep(50 * time.Millisecond)
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("%d goroutines before, %d after", before, after)
	}
}

// BenchmarkArticles measures pages per second from a .warc.gz through
// extraction, with one worker and with two.
func BenchmarkArticles(b *testing.B) {
	tw := makeWARC(b, 100, true)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			pages := 0
			for b.Loop() {
				for _, err := range Articles(context.Background(), "b.warc.gz", bytes.NewReader(tw.data), Options{Workers: workers}) {
					if err != nil {
						b.Fatal(err)
					}
					pages++
				}
			}
			b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}
