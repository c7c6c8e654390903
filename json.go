package dateline

import (
	"encoding/json"
	"fmt"
	"time"
)

// docJSON is the extraction output contract (DESIGN.md section 3): one
// object per article, every layer present (an empty layer is []).
type docJSON struct {
	ID        string `json:"id"`
	Date      string `json:"date"`
	Published string `json:"published,omitempty"` // RFC 3339, when the input had a time of day
	// DateSource says where the date came from when not from the input.
	DateSource string `json:"date_source,omitempty"`
	// DuplicateOf names the article this one is a near-duplicate of.
	DuplicateOf string   `json:"duplicate_of,omitempty"`
	Title       string   `json:"title,omitempty"`
	URL         string   `json:"url,omitempty"`
	Source      string   `json:"source,omitempty"`
	Author      string   `json:"author,omitempty"`
	Lang        string   `json:"lang,omitempty"`
	Text        string   `json:"text"`
	Sentences   []Span   `json:"sentences"`
	Entities    []Entity `json:"entities"`
	Timexes     []Timex  `json:"timexes"`
	Quotes      []Quote  `json:"quotes"`
	Events      []Event  `json:"events"`
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// MarshalJSON writes the document in the extraction output contract.
// Tokens are not part of it.
func (d *Doc) MarshalJSON() ([]byte, error) {
	out := docJSON{
		ID: d.ID, Date: d.Day(), DateSource: d.DateSource, DuplicateOf: d.DuplicateOf, Title: d.Title, URL: d.URL, Source: d.Source, Author: d.Author, Lang: d.Lang, Text: d.Text,
		Sentences: make([]Span, len(d.Sentences)),
		Entities:  nonNil(d.Entities), Timexes: nonNil(d.Timexes), Quotes: nonNil(d.Quotes), Events: nonNil(d.Events),
	}
	if d.HasTime {
		out.Published = d.Date.Format(time.RFC3339)
	}
	for i, s := range d.Sentences {
		out.Sentences[i] = s.Span
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads a document written by MarshalJSON.
func (d *Doc) UnmarshalJSON(b []byte) error {
	var in docJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	date, err := time.Parse(DateLayout, in.Date)
	if err != nil {
		return fmt.Errorf("document %q: bad date: %w", in.ID, err)
	}
	*d = Doc{Article: Article{ID: in.ID, Date: date, DateSource: in.DateSource, DuplicateOf: in.DuplicateOf, Title: in.Title, URL: in.URL, Source: in.Source, Author: in.Author, Lang: in.Lang, Text: in.Text}}
	if in.Published != "" {
		t, err := time.Parse(time.RFC3339, in.Published)
		if err != nil {
			return fmt.Errorf("document %q: bad publication time: %w", in.ID, err)
		}
		d.Date, d.HasTime = t, true
	}
	for _, s := range in.Sentences {
		d.Sentences = append(d.Sentences, Sentence{Span: s})
	}
	d.Entities, d.Timexes, d.Quotes, d.Events = in.Entities, in.Timexes, in.Quotes, in.Events
	return nil
}
