package warc

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/dateline-news/dateline/internal/testpages"
)

// FuzzReader checks that no input makes the reader panic, loop, or return
// an error other than a *RecordError before the end.
func FuzzReader(f *testing.F) {
	page := []byte("<html><head><title>T</title><meta property=\"article:published_time\" content=\"2023-03-02\"></head>" +
		"<body><article><p>One paragraph of text.</p></article></body></html>")
	for _, gz := range []bool{false, true} {
		var buf bytes.Buffer
		w := testpages.NewWARCWriter(&buf, gz)
		w.Info()
		w.Response("https://example.org/a", crawlTime, "text/html", page)
		f.Add(buf.Bytes())
		f.Add(buf.Bytes()[:buf.Len()/2])
	}
	f.Add([]byte("WARC/1.0\r\nContent-Length: 5\r\n\r\nhello\r\n\r\nWARC/1.0\r\nContent-Length: -1\r\n\r\n"))
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 20\r\n\r\nHTTP/1.1 200 OK\r\n\r\n"))
	f.Add([]byte{0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data))
		for i := 0; ; i++ {
			if i > len(data)+2 {
				t.Fatal("Next does not end")
			}
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			var re *RecordError
			if err != nil {
				if !errors.As(err, &re) {
					t.Fatalf("error %T %v", err, err)
				}
				continue
			}
			io.Copy(io.Discard, rec.Body)
		}
		for _, err := range Responses(context.Background(), bytes.NewReader(data), 1<<20) {
			var re *RecordError
			if err != nil && !errors.As(err, &re) {
				t.Fatalf("Responses error %T %v", err, err)
			}
		}
	})
}
