package reader

import (
	"bufio"
	"context"
	"errors"
	"io"
	"iter"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline"
)

// lineDecoder is a test decoder: every line "id" of a file is an article,
// every line "!" an error.
type lineDecoder struct{ counts bool }

func (lineDecoder) Decode(ctx context.Context, name string, r io.Reader) iter.Seq2[*dateline.Article, error] {
	return func(yield func(*dateline.Article, error) bool) {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			var a *dateline.Article
			var err error
			if sc.Text() == "!" {
				err = errors.New("bad record") // not an InputError: the reader wraps it
			} else {
				a = &dateline.Article{ID: sc.Text(), Date: time.Date(2023, 3, 2, 0, 0, 0, 0, time.UTC), Text: "x"}
			}
			if !yield(a, err) {
				return
			}
		}
	}
}

type countingDecoder struct{ lineDecoder }

func (countingDecoder) Count(_ context.Context, _ string, r io.Reader) (int, error) {
	b, err := io.ReadAll(r)
	return strings.Count(string(b), "\n"), err
}

func TestReadFormats(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.txt", "date 2023-03-02 Line format.")
	write(t, dir, "b/page.fake", "f1\n!\nf2\n")
	write(t, dir, "c.FAKE.GZ", "g1\n")
	write(t, dir, "d.gz", "not read: no decoder for .gz\n")
	write(t, dir, ".hidden.fake", "h\n")
	r := &Reader{Formats: map[string]Decoder{".fake": lineDecoder{}, ".fake.gz": countingDecoder{}}}
	steps, errs := collect(t, r.Read(context.Background(), []string{dir}))
	wantSteps(t, steps, []string{"a", "f1", filepath.Join(dir, "b", "page.fake") + ":0!", "f2", "g1"})
	if len(errs) != 1 || errs[0].Err.Error() != "bad record" {
		t.Errorf("errors %v", errs)
	}
	// A file named on its own is read by its decoder too.
	steps, _ = collect(t, r.Read(context.Background(), []string{filepath.Join(dir, "c.FAKE.GZ")}))
	wantSteps(t, steps, []string{"g1"})
	// Count: 1 for a.txt, 1 for a decoder that does not count, the lines for one that does.
	n, err := r.Count(context.Background(), []string{dir})
	if err != nil || n != 3 {
		t.Errorf("Count = %d, %v; want 3", n, err)
	}
	// Without Formats nothing changes: only a.txt.
	steps, _ = collect(t, (&Reader{}).Read(context.Background(), []string{dir}))
	wantSteps(t, steps, []string{"a"})
}

func TestReadFormatsCancel(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "x.fake", strings.Repeat("id\n", 10))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := &Reader{Formats: map[string]Decoder{".fake": DecoderFunc(lineDecoder{}.Decode)}}
	var n int
	var last error
	for a, err := range r.Read(ctx, []string{dir}) {
		if a != nil {
			n++
			cancel()
		}
		last = err
	}
	if !errors.Is(last, context.Canceled) || n != 1 {
		t.Errorf("after cancel: %d articles, last error %v", n, last)
	}
}
