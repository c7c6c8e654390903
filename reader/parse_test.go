package reader

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseLine(t *testing.T) {
	day := time.Date(2023, 3, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, in, text string
	}{
		{"plain", "date 2023-03-02 Body text.", "Body text."},
		{"leading space", " date 2023-03-02 Body text.", "Body text."},
		{"leading lines", "\n\n  date 2023-03-02 Body text.", "Body text."},
		{"newline after date", "date 2023-03-02\nBody text.\n", "Body text."},
		{"CRLF", "date 2023-03-02\r\nLine one.\r\nLine two.\r\n", "Line one.\r\nLine two."},
		{"tab after date", "date 2023-03-02\tBody", "Body"},
		{"several white space after date", "date 2023-03-02 \n\t Body", "Body"},
		{"BOM", "\uFEFFdate 2023-03-02 Body", "Body"},
		{"BOM and space", "\uFEFF date 2023-03-02 Body", "Body"},
		{"interior kept verbatim", "date 2023-03-02 A  b\n\n\tc   d  \n\n", "A  b\n\n\tc   d"},
		{"unicode", "date 2023-03-02 Baerbock — «Ça va?» 東京", "Baerbock — «Ça va?» 東京"},
		{"unicode space around", "\u00a0date 2023-03-02\u2003Body\u00a0", "Body"},
		{"body starts with date", "date 2023-03-02 date 2023-03-03 x", "date 2023-03-03 x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseLine("id1", []byte(tt.in))
			if err != nil {
				t.Fatalf("ParseLine(%q): %v", tt.in, err)
			}
			if a.ID != "id1" || !a.Date.Equal(day) || a.Date.Location() != time.UTC || a.HasTime || a.Text != tt.text {
				t.Errorf("ParseLine(%q) = {ID:%q Date:%v HasTime:%v Text:%q}, want text %q on %v",
					tt.in, a.ID, a.Date, a.HasTime, a.Text, tt.text, day)
			}
		})
	}
}

func TestParseLineErrors(t *testing.T) {
	tests := []struct {
		name, id, in string
		want         error
		line         int
		msg          string // a substring of the message
	}{
		{"empty", "a", "", ErrNoDateLine, 1, "empty"},
		{"white space only", "a", " \n\n ", ErrNoDateLine, 3, "empty"},
		{"no date line", "a", "Just some text.", ErrNoDateLine, 1, `"Just some text."`},
		{"no date line later", "a", "\n\nJust some text.", ErrNoDateLine, 3, "Just"},
		{"capital Date", "a", "Date 2023-03-02 x", ErrNoDateLine, 1, ""},
		{"two spaces", "a", "date  2023-03-02 x", ErrInvalidDate, 1, "one space"},
		{"date line only keyword", "a", "date \n2023-03-02 x", ErrInvalidDate, 1, "one space"},
		{"short date", "a", "date 2023-3-02 body text", ErrInvalidDate, 1, `"2023-3-02": want YYYY-MM-DD`},
		{"tab after keyword", "a", "date\t2023-03-02 x", ErrNoDateLine, 1, ""},
		{"February 30", "a", "\ndate 2023-02-30 x", ErrInvalidDate, 2, `"2023-02-30": day out of range`},
		{"February 29 not leap", "a", "date 2023-02-29 x", ErrInvalidDate, 1, "day out of range"},
		{"month 13", "a", "date 2023-13-01 x", ErrInvalidDate, 1, "month out of range"},
		{"day 0", "a", "date 2023-01-00 x", ErrInvalidDate, 1, "day out of range"},
		{"short day", "a", "date 2023-03-2 body text", ErrInvalidDate, 1, "want YYYY-MM-DD"},
		{"truncated date", "a", "date 2023-03", ErrInvalidDate, 1, ""},
		{"signed year", "a", "date -123-03-02 x", ErrInvalidDate, 1, ""},
		{"no space after date", "a", "date 2023-03-021 x", ErrInvalidDate, 1, `"2023-03-021"`},
		{"no body", "a", "date 2023-03-02", ErrEmptyText, 1, ""},
		{"white space body", "a", "date 2023-03-02 \n\t \n", ErrEmptyText, 1, ""},
		{"invalid UTF-8", "a", "date 2023-03-02 caf\xe9 au lait", ErrInvalidUTF8, 1, "byte offset 19"},
		{"UTF-8 surrogate", "a", "date 2023-03-02 x\xed\xa0\x80", ErrInvalidUTF8, 1, ""},
		{"empty id", "", "date 2023-03-02 x", ErrInvalidID, 1, ""},
		{"invalid id", "\xff", "date 2023-03-02 x", ErrInvalidID, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, line, err := parseLine(tt.id, []byte(tt.in))
			if err == nil {
				t.Fatalf("parseLine(%q) = %+v, want error", tt.in, a)
			}
			if a != nil {
				t.Errorf("parseLine(%q) returned an article with the error %v", tt.in, err)
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("parseLine(%q) error = %v, want %v", tt.in, err, tt.want)
			}
			if line != tt.line {
				t.Errorf("parseLine(%q) line = %d, want %d", tt.in, line, tt.line)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("parseLine(%q) error = %q, want it to contain %q", tt.in, err, tt.msg)
			}
		})
	}
}

func TestParseJSON(t *testing.T) {
	t.Run("all fields", func(t *testing.T) {
		a, err := ParseJSON([]byte(`{"id":"x/1","date":"2023-03-02","text":" Body \n","title":"T","url":"https://e.org/a","source":"S","lang":"en","extra":[1,{"a":2}]}`))
		if err != nil {
			t.Fatal(err)
		}
		want := time.Date(2023, 3, 2, 0, 0, 0, 0, time.UTC)
		if a.ID != "x/1" || !a.Date.Equal(want) || a.Date.Location() != time.UTC || a.HasTime ||
			a.Text != " Body \n" || a.Title != "T" || a.URL != "https://e.org/a" || a.Source != "S" || a.Lang != "en" {
			t.Errorf("got %+v", a)
		}
	})
	t.Run("RFC 3339 keeps the instant and the offset", func(t *testing.T) {
		a, err := ParseJSON([]byte(`{"id":"a","date":"2023-03-02T23:30:00-05:00","text":"x"}`))
		if err != nil {
			t.Fatal(err)
		}
		want := time.Date(2023, 3, 3, 4, 30, 0, 0, time.UTC)
		if !a.HasTime || !a.Date.Equal(want) {
			t.Errorf("Date = %v, HasTime = %v, want %v and true", a.Date, a.HasTime, want)
		}
		if _, off := a.Date.Zone(); off != -5*3600 {
			t.Errorf("offset = %d, want -18000", off)
		}
		if a.Day() != "2023-03-02" {
			t.Errorf("Day() = %s, want the day where it was published, 2023-03-02", a.Day())
		}
	})
	t.Run("RFC 3339 UTC with fraction", func(t *testing.T) {
		a, err := ParseJSON([]byte(`{"id":"a","date":"2023-03-02T10:00:00.5Z","text":"x"}`))
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2023, 3, 2, 10, 0, 0, 5e8, time.UTC); !a.Date.Equal(want) || !a.HasTime {
			t.Errorf("Date = %v, want %v", a.Date, want)
		}
	})
	t.Run("id verbatim", func(t *testing.T) {
		for in, want := range map[string]string{
			`"  A b\u00e9 "`: "  A bé ",
			`12345`:          "12345",
			`1.5e3`:          "1.5e3",
			`"\ud83d\ude00"`: "😀",
		} {
			a, err := ParseJSON([]byte(`{"id":` + in + `,"date":"2023-03-02","text":"x"}`))
			if err != nil {
				t.Errorf("id %s: %v", in, err)
				continue
			}
			if a.ID != want {
				t.Errorf("id %s: got %q, want %q", in, a.ID, want)
			}
		}
	})
	t.Run("null optional fields", func(t *testing.T) {
		a, err := ParseJSON([]byte(` {"id":"a","date":"2023-03-02","text":"x","title":null,"url":null} `))
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != "" || a.URL != "" {
			t.Errorf("got %+v", a)
		}
	})
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
		msg      string
	}{
		{"broken", `{"id":"a","date":"2023-03-02","text":"x"`, ErrInvalidJSON, ""},
		{"trailing garbage", `{"id":"a","date":"2023-03-02","text":"x"} x`, ErrInvalidJSON, ""},
		{"two objects", `{"id":"a","date":"2023-03-02","text":"x"}{}`, ErrInvalidJSON, ""},
		{"array", `[1,2]`, ErrInvalidJSON, "not a JSON object"},
		{"string", `"text"`, ErrInvalidJSON, "not a JSON object"},
		{"empty", ``, ErrInvalidJSON, ""},
		{"missing id", `{"date":"2023-03-02","text":"x"}`, ErrMissingField, `"id"`},
		{"null id", `{"id":null,"date":"2023-03-02","text":"x"}`, ErrMissingField, `"id"`},
		{"empty id", `{"id":"","date":"2023-03-02","text":"x"}`, ErrInvalidID, ""},
		{"bool id", `{"id":true,"date":"2023-03-02","text":"x"}`, ErrInvalidID, ""},
		{"object id", `{"id":{},"date":"2023-03-02","text":"x"}`, ErrInvalidID, ""},
		{"missing date", `{"id":"a","text":"x"}`, ErrMissingField, `"date"`},
		{"missing text", `{"id":"a","date":"2023-03-02"}`, ErrMissingField, `"text"`},
		{"null text", `{"id":"a","date":"2023-03-02","text":null}`, ErrMissingField, `"text"`},
		{"empty text", `{"id":"a","date":"2023-03-02","text":""}`, ErrEmptyText, ""},
		{"white space text", `{"id":"a","date":"2023-03-02","text":" \n\t"}`, ErrEmptyText, ""},
		{"number date", `{"id":"a","date":20230302,"text":"x"}`, ErrInvalidJSON, `field "date": want a string`},
		{"number title", `{"id":"a","date":"2023-03-02","text":"x","title":5}`, ErrInvalidJSON, `"title"`},
		{"February 30", `{"id":"a","date":"2023-02-30","text":"x"}`, ErrInvalidDate, "day out of range"},
		{"RFC 3339 February 30", `{"id":"a","date":"2023-02-30T10:00:00Z","text":"x"}`, ErrInvalidDate, "out of range"},
		{"no zone", `{"id":"a","date":"2023-03-02T10:00:00","text":"x"}`, ErrInvalidDate, "RFC 3339"},
		{"space for T", `{"id":"a","date":"2023-03-02 10:00:00Z","text":"x"}`, ErrInvalidDate, ""},
		{"slashes", `{"id":"a","date":"2023/03/02","text":"x"}`, ErrInvalidDate, ""},
		{"invalid UTF-8 in text", "{\"id\":\"a\",\"date\":\"2023-03-02\",\"text\":\"caf\xe9\"}", ErrInvalidUTF8, "byte offset 41"},
		{"invalid UTF-8 in id", "{\"id\":\"\xff\",\"date\":\"2023-03-02\",\"text\":\"x\"}", ErrInvalidUTF8, ""},
		{"lone high surrogate", `{"id":"a","date":"2023-03-02","text":"x\ud800y"}`, ErrInvalidUTF8, `\ud800`},
		{"lone low surrogate", `{"id":"a","date":"2023-03-02","text":"\udc00"}`, ErrInvalidUTF8, ""},
		{"reversed pair", `{"id":"a","date":"2023-03-02","text":"\ude00\ud83d"}`, ErrInvalidUTF8, ""},
		{"surrogate at end", `{"id":"a","date":"2023-03-02","text":"x\ud83d"}`, ErrInvalidUTF8, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseJSON([]byte(tt.in))
			if err == nil {
				t.Fatalf("ParseJSON(%q) = %+v, want error", tt.in, a)
			}
			if a != nil {
				t.Errorf("ParseJSON(%q) returned an article with the error %v", tt.in, err)
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("ParseJSON(%q) error = %v, want %v", tt.in, err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("ParseJSON(%q) error = %q, want it to contain %q", tt.in, err, tt.msg)
			}
		})
	}
}

func TestParseJSONEscapedBackslashIsNotASurrogate(t *testing.T) {
	// `\\ud800` is a backslash followed by the letters "ud800".
	a, err := ParseJSON([]byte(`{"id":"a","date":"2023-03-02","text":"x\\ud800"}`))
	if err != nil {
		t.Fatal(err)
	}
	if a.Text != `x\ud800` {
		t.Errorf("Text = %q", a.Text)
	}
}
