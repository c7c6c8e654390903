package reader

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dateline-news/dateline"
)

// checkArticle fails the test unless exactly one of a and err is set and a
// has a non-empty id and a non-empty valid UTF-8 text.
func checkArticle(t *testing.T, a *dateline.Article, err error) {
	t.Helper()
	switch {
	case a == nil && err == nil:
		t.Fatal("neither an article nor an error")
	case a != nil && err != nil:
		t.Fatalf("both an article and the error %v", err)
	case err != nil:
		return
	}
	if a.ID == "" || !utf8.ValidString(a.ID) {
		t.Fatalf("bad id %q", a.ID)
	}
	if strings.TrimSpace(a.Text) == "" || !utf8.ValidString(a.Text) {
		t.Fatalf("bad text %q", a.Text)
	}
	if !a.HasTime && (a.Date.Location() != time.UTC || !a.Date.Equal(a.Date.Truncate(24*time.Hour))) {
		t.Fatalf("date without time %v is not midnight UTC", a.Date)
	}
}

func FuzzParseLine(f *testing.F) {
	f.Add("seed-article", []byte(" date 2023-03-02 US Secretary of State on Thursday said he urged his Russian counterpart."))
	f.Add("a", []byte("date 2023-03-02\r\nBody\r\n"))
	f.Add("a", []byte("\uFEFF\n\tdate 2024-02-29\u00a0Leap.\u2003"))
	f.Add("a", []byte("date 2023-02-30 x"))
	f.Add("a", []byte("date 2023-03-02 caf\xe9"))
	f.Add("a", []byte("date 2023-03-02"))
	f.Add("", []byte("date 2023-03-02 x"))
	f.Add("a", []byte("date 2023-03-021"))
	f.Fuzz(func(t *testing.T, id string, data []byte) {
		a, line, err := parseLine(id, data)
		checkArticle(t, a, err)
		if line < 1 || line > bytes.Count(data, []byte{'\n'})+1 {
			t.Fatalf("line %d out of range", line)
		}
		if err != nil {
			return
		}
		if a.ID != id {
			t.Fatalf("id %q, want %q", a.ID, id)
		}
		// The body is verbatim: a piece of the input, ending it but for
		// white space.
		i := bytes.LastIndex(data, []byte(a.Text))
		if i < 0 || strings.TrimSpace(string(data[i+len(a.Text):])) != "" {
			t.Fatalf("text %q is not the verbatim end of the input", a.Text)
		}
		// Parsing the article as it would be written gives it back.
		b, err := ParseLine(id, []byte("date "+a.Day()+" "+a.Text))
		if err != nil || *b != *a {
			t.Fatalf("round trip: got %+v, %v, want %+v", b, err, a)
		}
	})
}

func FuzzParseJSON(f *testing.F) {
	f.Add([]byte(`{"id":"a","date":"2023-03-02","text":"x","title":"t","url":"u","source":"s","lang":"en"}`))
	f.Add([]byte(`{"id":12,"date":"2023-03-02T23:30:00-05:00","text":"x\u00e9\ud83d\ude00"}`))
	f.Add([]byte(`{"id":"a","date":"2023-03-02","text":"x\ud800"}`))
	f.Add([]byte(`{"id":"a","date":"2023-03-02","text":"x\\ud800"}`))
	f.Add([]byte(`{"id":"a","date":"2023-02-30","text":"x"}`))
	f.Add([]byte(`{"id":null,"date":"2023-03-02","text":"x"}`))
	f.Add([]byte("{\"id\":\"a\",\"date\":\"2023-03-02\",\"text\":\"\xff\"}"))
	f.Add([]byte(`{"id":"a","date":"2023-03-02","text":" "}`))
	f.Add([]byte(`[{"id":"a"}]`))
	f.Fuzz(func(t *testing.T, line []byte) {
		a, err := ParseJSON(line)
		checkArticle(t, a, err)
		if err != nil {
			return
		}
		// Writing the article as JSON and parsing it again gives it back.
		rec := map[string]string{"id": a.ID, "text": a.Text, "title": a.Title, "url": a.URL, "source": a.Source, "lang": a.Lang}
		if a.HasTime {
			rec["date"] = a.Date.Format(time.RFC3339Nano)
		} else {
			rec["date"] = a.Day()
		}
		out, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		b, err := ParseJSON(out)
		if err != nil {
			t.Fatalf("round trip of %s: %v", out, err)
		}
		if b.ID != a.ID || b.Text != a.Text || !b.Date.Equal(a.Date) || b.HasTime != a.HasTime ||
			b.Title != a.Title || b.URL != a.URL || b.Source != a.Source || b.Lang != a.Lang {
			t.Fatalf("round trip: got %+v, want %+v", b, a)
		}
		if _, o1 := a.Date.Zone(); a.HasTime {
			if _, o2 := b.Date.Zone(); o1 != o2 {
				t.Fatalf("round trip changed the offset from %d to %d", o1, o2)
			}
		}
	})
}

func FuzzReadJSONL(f *testing.F) {
	f.Add([]byte(record("a") + "\n" + record("b")))
	f.Add([]byte("\uFEFF" + record("a") + "{bad\r\n" + record("c")))
	f.Add([]byte(strings.Repeat("x", 100) + "\n" + record("a")))
	f.Add([]byte(" \t\r\n\n"))
	f.Add([]byte(`{"id":"a","date":"2023-03-02","text":"` + strings.Repeat("y", 40) + `"}`))
	f.Add([]byte("\xef\xbb"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// A small limit, so that the fuzzer meets over-long lines.
		const limit = 64
		r := &Reader{MaxRecord: limit}
		lines := bytes.Count(data, []byte{'\n'}) + 1
		steps, last := 0, 0
		for a, err := range r.ReadStream(context.Background(), "in", bytes.NewReader(data), FormatJSONL) {
			steps++
			checkArticle(t, a, err)
			if err == nil {
				continue
			}
			var ie *dateline.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an InputError", err)
			}
			if ie.File != "in" || ie.Line <= last || ie.Line > lines {
				t.Fatalf("error %v: bad file or line (last %d, lines %d)", err, last, lines)
			}
			last = ie.Line
		}
		if steps > lines {
			t.Fatalf("%d steps from %d lines", steps, lines)
		}
		n, err := countJSONL(context.Background(), bytes.NewReader(data), limit)
		if err != nil || n != steps {
			t.Fatalf("countJSONL = %d, %v, but reading yields %d steps", n, err, steps)
		}
		// Auto-detected JSONL reads the same.
		if trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte(utf8BOM)), " \t\r\n\v\f"); len(trimmed) > 0 && trimmed[0] == '{' {
			auto := 0
			for range r.ReadStream(context.Background(), "in", bytes.NewReader(data), FormatAuto) {
				auto++
			}
			if auto != steps {
				t.Fatalf("FormatAuto yields %d steps, FormatJSONL %d", auto, steps)
			}
		}
	})
}
