package reader

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// benchText returns an article body of about n bytes.
func benchText(n int) string {
	const sentence = "US Secretary of State Antony Blinken said on Thursday that he had urged his Russian counterpart Sergei Lavrov to reverse the decision — «a mistake», he told reporters in New Delhi. "
	return strings.Repeat(sentence, max(1, n/len(sentence)))
}

func BenchmarkReadJSONL(b *testing.B) {
	var buf bytes.Buffer
	text := benchText(3000)
	for i := range 1000 {
		line, err := json.Marshal(map[string]string{
			"id": fmt.Sprintf("article-%d", i), "date": "2023-03-02T10:00:00Z", "text": text,
			"title": "Blinken urges Lavrov", "url": "https://example.org/a", "source": "Example News",
		})
		if err != nil {
			b.Fatal(err)
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	data := buf.Bytes()
	r := new(Reader)
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, err := range r.ReadStream(ctx, "bench", bytes.NewReader(data), FormatJSONL) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 1000 {
			b.Fatalf("read %d articles, want 1000", n)
		}
	}
}

func BenchmarkCountJSONL(b *testing.B) {
	var buf bytes.Buffer
	for i := range 1000 {
		fmt.Fprintf(&buf, `{"id":"article-%d","date":"2023-03-02","text":%q}`+"\n", i, benchText(3000))
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if n, err := countJSONL(context.Background(), bytes.NewReader(data), DefaultMaxRecord); err != nil || n != 1000 {
			b.Fatalf("countJSONL = %d, %v", n, err)
		}
	}
}

func BenchmarkParseLine(b *testing.B) {
	data := []byte(" date 2023-03-02 " + benchText(5000) + "\n")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseLine("seed-article", data); err != nil {
			b.Fatal(err)
		}
	}
}
