package timex

import (
	"math/rand"
	"strings"
	"testing"
)

// newsText generates news-like text of about n bytes from the tagger's own
// phrase lists: ordinary sentences, with a time expression in some of them.
func newsText(n int) string {
	subjects := []string{"The minister", "A spokesman for the company", "Police", "The central bank",
		"Rebel forces", "The prime minister's office", "Shareholders", "The court", "Officials in the capital"}
	verbs := []string{"said", "announced", "denied", "confirmed", "reported", "warned", "will decide", "expects"}
	objects := []string{"that the agreement would be signed", "a sharp fall in exports", "new sanctions against the regime",
		"the resignation of two senior officials", "record profits of $2.5 billion, up 12 percent",
		"that 1,500 troops had crossed the border", "a plan to cut 3,000 jobs", "the results of the inquiry"}
	times := []string{"on Thursday", "last week", "in February 2022", "for less than 10 minutes", "today",
		"earlier this month", "next year", "a year ago", "since 1998", "at 10:30 a.m. EST Tuesday",
		"in the third quarter", "every Monday", "over the past two years", "in recent years", "the next day"}
	r := rand.New(rand.NewSource(1))
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(subjects[r.Intn(len(subjects))])
		b.WriteByte(' ')
		b.WriteString(verbs[r.Intn(len(verbs))])
		if r.Intn(3) == 0 {
			b.WriteByte(' ')
			b.WriteString(times[r.Intn(len(times))])
		}
		b.WriteByte(' ')
		b.WriteString(objects[r.Intn(len(objects))])
		b.WriteString(". ")
		if r.Intn(6) == 0 {
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

// BenchmarkTag measures throughput on generated news-like text (see the
// MB/s column).
func BenchmarkTag(b *testing.B) {
	tg := tagger(b)
	text := newsText(1 << 20)
	dct := day("2023-03-02")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tg.Tag(text, dct, nil)
	}
}

// BenchmarkTagArticle measures a short article at a time, as the pipeline
// calls the tagger.
func BenchmarkTagArticle(b *testing.B) {
	tg := tagger(b)
	text := newsText(4000)
	dct := day("2023-03-02")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tg.Tag(text, dct, nil)
	}
}
