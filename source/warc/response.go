package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/source/html"
)

// ErrBodyTooLarge is wrapped by the error of a response whose page is
// larger than the limit.
var ErrBodyTooLarge = errors.New("page too large")

// Response is an HTML page a WARC response record holds.
type Response struct {
	URI         string    // WARC-Target-URI
	Date        time.Time // WARC-Date: when the page was fetched
	ContentType string    // the HTTP Content-Type
	Body        []byte    // the page, decoded from any Content-Encoding; valid until the next iteration step
	Offset      int64     // byte offset of the record (of its gzip member)
	Ordinal     int       // 1-based number of the record in the file
}

// Responses returns an iterator over the HTML pages of the WARC file r: its
// response records with an HTTP status of 200 and an HTML content type, in
// order. Other records are skipped without reading their blocks. A page
// larger than maxBody bytes (0: html.DefaultMaxBytes) is an error wrapping
// ErrBodyTooLarge. Errors are *RecordError values, after which the
// iteration goes on, or an error reading r or ctx.Err(), which end it. A
// Response's Body is reused by the next step: copy it to keep it.
func Responses(ctx context.Context, r io.Reader, maxBody int) iter.Seq2[*Response, error] {
	if maxBody <= 0 {
		maxBody = html.DefaultMaxBytes
	}
	return func(yield func(*Response, error) bool) {
		wr := NewReader(r)
		hr := bufio.NewReaderSize(nil, 16<<10)
		var buf bytes.Buffer // the page, reused
		for {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			rec, err := wr.Next()
			switch {
			case err == io.EOF:
				return
			case err != nil:
				var re *RecordError
				if !yield(nil, err) || !errors.As(err, &re) {
					return
				}
				continue
			}
			if rec.Type() != "response" || !strings.HasPrefix(rec.Header.Get("Content-Type"), "application/http") {
				continue
			}
			resp, err := readResponse(rec, hr, &buf, maxBody)
			if err != nil {
				if !yield(nil, &RecordError{Offset: rec.Offset, Ordinal: rec.Ordinal, Err: fmt.Errorf("<%s>: %w", rec.Header.Get("WARC-Target-URI"), err)}) {
					return
				}
				continue
			}
			if resp != nil && !yield(resp, nil) {
				return
			}
		}
	}
}

// readResponse reads the HTTP response in the record's block. It returns
// nil for a response that is not an HTML page with status 200.
func readResponse(rec *Record, hr *bufio.Reader, buf *bytes.Buffer, maxBody int) (*Response, error) {
	hr.Reset(rec.Body)
	resp, err := http.ReadResponse(hr, nil)
	if err != nil {
		if b, ok := rec.Body.(*body); ok && b.err != nil {
			return nil, b.err // the record is truncated or corrupt
		}
		return nil, fmt.Errorf("%w: invalid HTTP response: %v", ErrFormat, err)
	}
	defer resp.Body.Close()
	ct := resp.Header.Get("Content-Type")
	if resp.StatusCode != http.StatusOK || !isHTML(ct) {
		return nil, nil
	}
	var rd io.Reader = resp.Body
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(rd)
		if err != nil {
			return nil, fmt.Errorf("Content-Encoding gzip: %w", err)
		}
		rd = zr
	default:
		return nil, fmt.Errorf("unsupported Content-Encoding %q", enc)
	}
	buf.Reset()
	if _, err := buf.ReadFrom(io.LimitReader(rd, int64(maxBody)+1)); err != nil {
		return nil, fmt.Errorf("read page: %w", err)
	}
	if buf.Len() > maxBody {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrBodyTooLarge, maxBody)
	}
	date, _ := time.Parse(time.RFC3339Nano, rec.Header.Get("WARC-Date"))
	return &Response{
		URI:         strings.Trim(rec.Header.Get("WARC-Target-URI"), "<>"),
		Date:        date,
		ContentType: ct,
		Body:        buf.Bytes(),
		Offset:      rec.Offset,
		Ordinal:     rec.Ordinal,
	}, nil
}

// isHTML reports whether the content type is that of a web page. A
// response without one is taken to be a page.
func isHTML(ct string) bool {
	if ct == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// Options control Articles.
type Options struct {
	// HTML are the options of the extraction; URL, CrawlTime and
	// ContentType are set for each page from its record.
	HTML html.Options
	// MaxBody is the largest page read; 0 means html.DefaultMaxBytes.
	MaxBody int
	// OnPage, if not nil, is called with each extracted page before its
	// article is yielded (from the iterating goroutine).
	OnPage func(p *html.Page)
	// Workers is how many pages are extracted at once; the articles still
	// come in file order. 0 or 1 means one at a time, in the iterating
	// goroutine.
	Workers int
}

// Articles returns an iterator over the articles of the web pages in the
// WARC file r, in order: each page goes through html.ExtractBytes with its
// target URI as the address and its WARC-Date as the crawl time. name is
// the file name reported in errors. A corrupt record, and a page that gives
// no article, yield a *dateline.InputError whose Line is the record's
// ordinal and whose message gives its byte offset and address; the other
// pages go on.
func Articles(ctx context.Context, name string, r io.Reader, opts Options) iter.Seq2[*dateline.Article, error] {
	if opts.Workers > 1 {
		return parallelArticles(ctx, name, r, opts)
	}
	return func(yield func(*dateline.Article, error) bool) {
		for resp, err := range Responses(ctx, r, opts.MaxBody) {
			var p *html.Page
			if err == nil {
				p, err = Extract(ctx, resp, opts.HTML)
			}
			if !yieldPage(ctx, name, resp, p, err, opts, yield) {
				return
			}
		}
	}
}

// yieldPage yields the article of a page, or the error of a record or of
// its extraction. It returns false when the iteration must stop.
func yieldPage(ctx context.Context, name string, resp *Response, p *html.Page, err error, opts Options, yield func(*dateline.Article, error) bool) bool {
	switch {
	case err == nil:
		if opts.OnPage != nil {
			opts.OnPage(p)
		}
		return yield(&p.Article, nil)
	case ctx.Err() != nil:
		yield(nil, ctx.Err())
		return false
	case resp == nil:
		ie := inputError(name, err)
		var re *RecordError
		return yield(nil, ie) && errors.As(err, &re)
	}
	return yield(nil, &dateline.InputError{File: name, Line: resp.Ordinal,
		Err: fmt.Errorf("record at byte offset %d <%s>: %w", resp.Offset, resp.URI, err)})
}

// parallelArticles is Articles with opts.Workers extracting at once.
func parallelArticles(ctx context.Context, name string, r io.Reader, opts Options) iter.Seq2[*dateline.Article, error] {
	type job struct {
		resp *Response
		err  error
		page *html.Page
		done chan struct{}
	}
	return func(yield func(*dateline.Article, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		defer wg.Wait()
		defer cancel()
		jobs := make(chan *job, opts.Workers)
		order := make(chan *job, 2*opts.Workers)
		wg.Add(1)
		go func() { // read the file
			defer wg.Done()
			defer close(order)
			defer close(jobs)
			for resp, err := range Responses(ctx, r, opts.MaxBody) {
				j := &job{err: err, done: make(chan struct{})}
				if err == nil {
					rc := *resp
					rc.Body = bytes.Clone(resp.Body) // Responses reuses its buffer
					j.resp = &rc
				} else {
					close(j.done)
				}
				select {
				case order <- j:
				case <-ctx.Done():
					return
				}
				if j.resp != nil {
					select {
					case jobs <- j:
					case <-ctx.Done():
						return
					}
				}
			}
		}()
		for range opts.Workers {
			wg.Add(1)
			go func() { // extract pages
				defer wg.Done()
				for j := range jobs {
					j.page, j.err = Extract(ctx, j.resp, opts.HTML)
					close(j.done)
				}
			}()
		}
		for j := range order {
			select {
			case <-j.done:
			case <-ctx.Done():
				yield(nil, ctx.Err())
				return
			}
			if !yieldPage(ctx, name, j.resp, j.page, j.err, opts, yield) {
				return
			}
		}
	}
}

// Extract extracts the article of one response with html.ExtractBytes.
func Extract(ctx context.Context, resp *Response, opts html.Options) (*html.Page, error) {
	opts.URL = resp.URI
	opts.CrawlTime = resp.Date
	opts.ContentType = resp.ContentType
	return html.ExtractBytes(ctx, resp.URI, resp.Body, opts)
}

// inputError names the file of an error of Responses.
func inputError(name string, err error) error {
	var re *RecordError
	if errors.As(err, &re) {
		return &dateline.InputError{File: name, Line: re.Ordinal, Err: fmt.Errorf("record at byte offset %d: %w", re.Offset, re.Err)}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return &dateline.InputError{File: name, Err: fmt.Errorf("read: %w", err)}
}
