package reader

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/dateline-news/dateline"
)

// collect runs an iteration to its end. It returns one step per yield:
// the id of an article, or "file:line!" for an input error. It fails the
// test on an error that is not a *dateline.InputError, on a step with both
// or neither of an article and an error, and on an input error whose message
// does not start with its file and line.
func collect(t *testing.T, seq iter.Seq2[*dateline.Article, error]) (steps []string, errs []*dateline.InputError) {
	t.Helper()
	for a, err := range seq {
		switch {
		case (a == nil) == (err == nil):
			t.Fatalf("step with article %v and error %v", a, err)
		case err != nil:
			var ie *dateline.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v (%T) is not a *dateline.InputError", err, err)
			}
			prefix := ie.File + ":"
			if ie.Line > 0 {
				prefix += fmt.Sprint(ie.Line) + ":"
			}
			if !strings.HasPrefix(ie.Error(), prefix) {
				t.Errorf("error %q does not start with %q", ie, prefix)
			}
			errs = append(errs, ie)
			steps = append(steps, fmt.Sprintf("%s:%d!", ie.File, ie.Line))
		default:
			steps = append(steps, a.ID)
		}
	}
	return steps, errs
}

// write writes content to the file name below dir, creating directories,
// and returns its path.
func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// record returns a JSONL line for a valid article with the given id.
func record(id string) string {
	return fmt.Sprintf(`{"id":%q,"date":"2023-03-02","text":"Article %s."}`, id, id) + "\n"
}

func wantSteps(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("steps:\n got %q\nwant %q", got, want)
	}
}

func TestSeedArticle(t *testing.T) {
	const path = "../../shared/seed/seed-article.txt"
	if _, err := os.Stat(path); err != nil {
		t.Skipf("seed article not available: %v", err)
	}
	var n int
	for a, err := range new(Reader).Read(context.Background(), []string{path}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if a.ID != "seed-article" {
			t.Errorf("ID = %q, want seed-article", a.ID)
		}
		if !a.Date.Equal(time.Date(2023, 3, 2, 0, 0, 0, 0, time.UTC)) || a.HasTime || a.Day() != "2023-03-02" {
			t.Errorf("Date = %v, HasTime = %v, want 2023-03-02 without time", a.Date, a.HasTime)
		}
		if !strings.HasPrefix(a.Text, "US Secretary of State on Thursday said") {
			t.Errorf("Text starts %q", a.Text[:min(60, len(a.Text))])
		}
		if !strings.HasSuffix(a.Text, "according to the German delegation.") {
			t.Errorf("Text ends %q", a.Text[max(0, len(a.Text)-60):])
		}
	}
	if n != 1 {
		t.Errorf("got %d articles, want 1", n)
	}
}

func TestReadJSONLBadRecords(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "in.jsonl", ""+
		record("a1")+ // 1
		`{"id":"b","date":"2023-03-02","text":"x"`+"\n"+ // 2: broken
		"\n"+ // 3: blank
		record("a2")+ // 4
		`{"date":"2023-03-02","text":"x"}`+"\n"+ // 5: no id
		`{"id":"b","date":"2023-03-02"}`+"\n"+ // 6: no text
		`{"id":"b","text":"x"}`+"\n"+ // 7: no date
		"{\"id\":\"b\",\"date\":\"2023-03-02\",\"text\":\"\xff\"}\n"+ // 8: invalid UTF-8
		`{"id":"b","date":"2023-02-30","text":"x"}`+"\n"+ // 9: invalid date
		`{"id":"b","date":"2023-03-02","text":""}`+"\n"+ // 10: empty text
		" \t \n"+ // 11: blank
		record("a3")+ // 12
		record("a1")+ // 13: duplicate id, passed on
		"[]\n"+ // 14: not an object
		record("a4")) // 15, the last line, without "\n" below
	steps, errs := collect(t, new(Reader).Read(context.Background(), []string{p}))
	wantSteps(t, steps, []string{
		"a1", p + ":2!", "a2", p + ":5!", p + ":6!", p + ":7!", p + ":8!", p + ":9!", p + ":10!",
		"a3", "a1", p + ":14!", "a4",
	})
	want := []error{ErrInvalidJSON, ErrMissingField, ErrMissingField, ErrMissingField, ErrInvalidUTF8, ErrInvalidDate, ErrEmptyText, ErrInvalidJSON}
	for i, err := range errs {
		if i < len(want) && !errors.Is(err, want[i]) {
			t.Errorf("error %d = %v, want %v", i, err, want[i])
		}
	}
}

func TestReadJSONLNoFinalNewline(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "in.jsonl", record("a")+strings.TrimSuffix(record("b"), "\n"))
	steps, _ := collect(t, new(Reader).Read(context.Background(), []string{p}))
	wantSteps(t, steps, []string{"a", "b"})
}

// writeLongLine writes a JSONL file whose second line is a record with a
// text of n bytes, between valid records.
func writeLongLine(t *testing.T, dir string, n int) string {
	t.Helper()
	p := filepath.Join(dir, "long.jsonl")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(record("before"))
	w.WriteString(`{"id":"long","date":"2023-03-02","text":"`)
	chunk := strings.Repeat("x", 1<<20)
	for n > 0 {
		k := min(n, len(chunk))
		w.WriteString(chunk[:k])
		n -= k
	}
	w.WriteString("\"}\n")
	w.WriteString(record("after1"))
	w.WriteString(record("after2"))
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// allocated returns the bytes allocated while running f.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestReadJSONLLineTooLong(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 50 MB file")
	}
	dir := t.TempDir()
	p := writeLongLine(t, dir, 50<<20)
	want := []string{"before", p + ":2!", "after1", "after2"}

	t.Run("default limit", func(t *testing.T) {
		var steps []string
		var errs []*dateline.InputError
		n := allocated(func() { steps, errs = collect(t, new(Reader).Read(context.Background(), []string{p})) })
		wantSteps(t, steps, want)
		if len(errs) == 1 && !errors.Is(errs[0], ErrTooLarge) {
			t.Errorf("error = %v, want ErrTooLarge", errs[0])
		}
		t.Logf("allocated %.1f MB", float64(n)/(1<<20))
		// Holding the 50 MB line would allocate at least that much.
		if n > 40<<20 {
			t.Errorf("allocated %d MB reading a file with a 50 MB line", n>>20)
		}
	})
	t.Run("small limit", func(t *testing.T) {
		var steps []string
		n := allocated(func() { steps, _ = collect(t, (&Reader{MaxRecord: 1 << 20}).Read(context.Background(), []string{p})) })
		wantSteps(t, steps, want)
		t.Logf("allocated %.1f MB", float64(n)/(1<<20))
		if n > 4<<20 {
			t.Errorf("allocated %d MB with a limit of 1 MB", n>>20)
		}
	})
	t.Run("count", func(t *testing.T) {
		n, err := new(Reader).Count(context.Background(), []string{p})
		if err != nil || n != 4 {
			t.Errorf("Count = %d, %v, want 4", n, err)
		}
	})
}

func TestReadJSONLLineAtLimit(t *testing.T) {
	dir := t.TempDir()
	line := strings.TrimSuffix(record("a"), "\n")
	p := write(t, dir, "in.jsonl", line+"\n"+line+" \n"+line)
	r := &Reader{MaxRecord: len(line)}
	steps, _ := collect(t, r.Read(context.Background(), []string{p}))
	wantSteps(t, steps, []string{"a", p + ":2!", "a"})
	// A line assembled from several buffer fills.
	long := fmt.Sprintf(`{"id":"b","date":"2023-03-02","text":"%s"}`, strings.Repeat("y", 3*bufSize))
	p = write(t, dir, "long.jsonl", long+"\n"+long+"\r\n"+long)
	r = &Reader{MaxRecord: len(long) + 1}
	steps, _ = collect(t, r.Read(context.Background(), []string{p}))
	wantSteps(t, steps, []string{"b", "b", "b"})
	r = &Reader{MaxRecord: len(long)}
	steps, _ = collect(t, r.Read(context.Background(), []string{p}))
	wantSteps(t, steps, []string{"b", p + ":2!", "b"})
}

func TestReadLineFormatFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "big.txt", "date 2023-03-02 "+strings.Repeat("z", 2000))
	write(t, dir, "empty.txt", "")
	write(t, dir, "feb30.txt", "\n\ndate 2023-02-30 Body")
	write(t, dir, "good1.txt", "date 2023-03-02 Good one.")
	write(t, dir, "good2.TXT", "\uFEFFdate 2023-03-02\r\nGood two.\r\n")
	write(t, dir, "latin1.txt", "date 2023-03-02 Caf\xe9.")
	write(t, dir, "nobody.txt", "date 2023-03-02 \n\n")
	write(t, dir, "nodate.txt", "\n\nJust text.")
	write(t, dir, "zgood.txt", "date 2023-03-02 Good three.")
	// Files that cannot be read, even by root.
	if err := os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "broken.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "sub"), filepath.Join(dir, "dirlink.txt")); err != nil {
		t.Fatal(err)
	}
	// A file without read permission, for users other than root.
	unreadable := write(t, dir, "sub/unreadable.txt", "date 2023-03-02 Secret.")
	if err := os.Chmod(unreadable, 0); err != nil {
		t.Fatal(err)
	}
	unreadableStep := join(dir, "sub/unreadable.txt") + ":0!"
	if os.Geteuid() == 0 {
		unreadableStep = "unreadable"
	}

	missing := filepath.Join(dir, "missing.txt")
	after := write(t, t.TempDir(), "after.txt", "date 2023-03-02 After.")
	r := &Reader{MaxRecord: 1000}
	steps, errs := collect(t, r.Read(context.Background(), []string{dir, missing, after}))
	wantSteps(t, steps, []string{
		join(dir, "big.txt") + ":1!",
		join(dir, "broken.txt") + ":0!",
		join(dir, "dirlink.txt") + ":1!",
		join(dir, "empty.txt") + ":1!",
		join(dir, "feb30.txt") + ":3!",
		"good1",
		"good2",
		join(dir, "latin1.txt") + ":1!",
		join(dir, "nobody.txt") + ":1!",
		join(dir, "nodate.txt") + ":3!",
		unreadableStep,
		"zgood",
		missing + ":0!",
		"after",
	})
	checks := map[string]error{
		join(dir, "big.txt"):    ErrTooLarge,
		join(dir, "broken.txt"): fs.ErrNotExist,
		join(dir, "empty.txt"):  ErrNoDateLine,
		join(dir, "feb30.txt"):  ErrInvalidDate,
		join(dir, "latin1.txt"): ErrInvalidUTF8,
		join(dir, "nobody.txt"): ErrEmptyText,
		join(dir, "nodate.txt"): ErrNoDateLine,
		missing:                 fs.ErrNotExist,
	}
	for _, e := range errs {
		if want, ok := checks[e.File]; ok && !errors.Is(e, want) {
			t.Errorf("%v: want %v", e, want)
		}
	}
}

// join joins a slash-separated name to dir.
func join(dir, name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }

func TestReadLineFormatNotRegularFile(t *testing.T) {
	// A line-format input of unknown size, here a pipe, is limited as it is read.
	pr, pw := io.Pipe()
	go func() {
		pw.Write([]byte("date 2023-03-02 " + strings.Repeat("z", 5000)))
		pw.Close()
	}()
	r := &Reader{MaxRecord: 1000}
	steps, errs := collect(t, r.ReadStream(context.Background(), "pipe.txt", pr, FormatLine))
	wantSteps(t, steps, []string{"pipe.txt:1!"})
	if len(errs) == 1 && !errors.Is(errs[0], ErrTooLarge) {
		t.Errorf("error = %v, want ErrTooLarge", errs[0])
	}
	pr.Close()
}

func TestReadDirectoryOrder(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "b.txt", "date 2023-03-02 b")
	write(t, dir, "a.txt", "date 2023-03-02 a")
	write(t, dir, "a/z.jsonl", record("z1")+record("z2"))
	write(t, dir, "a/y.txt", "date 2023-03-02 y")
	write(t, dir, "a/b/c/deep.txt", "date 2023-03-02 deep")
	write(t, dir, "C.TXT", "date 2023-03-02 C")
	write(t, dir, "D.JSONL", record("D"))
	write(t, dir, "a-b.txt", "date 2023-03-02 a-b")
	write(t, dir, "x.tar.txt", "date 2023-03-02 x")
	write(t, dir, "notes.md", "date 2023-03-02 ignored")
	write(t, dir, "data.json", record("ignored"))
	write(t, dir, "txt", "date 2023-03-02 ignored")
	write(t, dir, ".hidden.txt", "date 2023-03-02 ignored")
	write(t, dir, ".git/x.txt", "date 2023-03-02 ignored")
	steps, _ := collect(t, new(Reader).Read(context.Background(), []string{dir}))
	// Lexical byte order, directory by directory: "C.TXT" < "D.JSONL" <
	// "a" < "a-b.txt" < "a.txt"; "a/b" < "a/y.txt" < "a/z.jsonl".
	want := []string{"C", "D", "deep", "y", "z1", "z2", "a-b", "a", "b", "x.tar"}
	wantSteps(t, steps, want)
	for range 3 { // deterministic
		again, _ := collect(t, new(Reader).Read(context.Background(), []string{dir}))
		wantSteps(t, again, want)
	}

	// A file given by path is read whatever its extension.
	steps, _ = collect(t, new(Reader).Read(context.Background(), []string{join(dir, "notes.md"), join(dir, "a/z.jsonl")}))
	wantSteps(t, steps, []string{"notes", "z1", "z2"})

	// A symbolic link to a directory, given as the path, is walked.
	link := filepath.Join(t.TempDir(), "corpus")
	if err := os.Symlink(filepath.Join(dir, "a"), link); err != nil {
		t.Fatal(err)
	}
	steps, _ = collect(t, new(Reader).Read(context.Background(), []string{link}))
	wantSteps(t, steps, []string{"deep", "y", "z1", "z2"})
}

func TestReadErrorNamesFileBelowDirectory(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "sub/bad.jsonl", record("a")+"{oops}\n")
	steps, _ := collect(t, new(Reader).Read(context.Background(), []string{dir + string(filepath.Separator)}))
	wantSteps(t, steps, []string{"a", filepath.Join(dir, "sub", "bad.jsonl") + ":2!"})
}

func TestReadStdin(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name, in string
		want     []string
	}{
		{"JSONL", record("s1") + record("s2"), []string{"s1", "s2"}},
		{"JSONL after BOM and blank lines", "\uFEFF\n  \r\n" + record("s1") + "nope\n" + record("s2"), []string{"s1", "-:4!", "s2"}},
		{"line format", "date 2023-03-02 From stdin.", []string{"-"}},
		{"line format after space", "\uFEFF \n date 2023-03-02 From stdin.", []string{"-"}},
		{"line format error", "\n\nhello", []string{"-:3!"}},
		{"line format starting with a brace-less JSON", `["x"]`, []string{"-:1!"}},
		{"empty", "", nil},
		{"white space", " \n\t\r\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Reader{Stdin: strings.NewReader(tt.in)}
			steps, _ := collect(t, r.Read(ctx, []string{"-"}))
			wantSteps(t, steps, tt.want)
		})
	}

	t.Run("between files", func(t *testing.T) {
		dir := t.TempDir()
		a := write(t, dir, "a.txt", "date 2023-03-02 a")
		b := write(t, dir, "b.jsonl", record("b"))
		r := &Reader{Stdin: strings.NewReader(record("s"))}
		steps, _ := collect(t, r.Read(ctx, []string{a, "-", b}))
		wantSteps(t, steps, []string{"a", "s", "b"})
	})
	t.Run("text", func(t *testing.T) {
		r := &Reader{Stdin: strings.NewReader("  date 2023-03-02\n\nBody of\nstdin.\n")}
		for a, err := range r.Read(ctx, []string{"-"}) {
			if err != nil {
				t.Fatal(err)
			}
			if a.Text != "Body of\nstdin." {
				t.Errorf("Text = %q", a.Text)
			}
		}
	})
	t.Run("too large", func(t *testing.T) {
		r := &Reader{Stdin: strings.NewReader("date 2023-03-02 " + strings.Repeat("x", 100)), MaxRecord: 50}
		steps, _ := collect(t, r.Read(ctx, []string{"-"}))
		wantSteps(t, steps, []string{"-:1!"})
	})
	t.Run("read error", func(t *testing.T) {
		boom := errors.New("boom")
		r := &Reader{Stdin: iotest.ErrReader(boom)}
		var n int
		for _, err := range r.Read(ctx, []string{"-"}) {
			n++
			if !errors.Is(err, boom) {
				t.Errorf("error = %v, want boom", err)
			}
		}
		if n != 1 {
			t.Errorf("got %d steps, want 1", n)
		}
	})
}

func TestReadStream(t *testing.T) {
	ctx := context.Background()
	r := new(Reader)
	steps, _ := collect(t, r.ReadStream(ctx, "in/x.y.txt", strings.NewReader("date 2023-03-02 x"), FormatLine))
	wantSteps(t, steps, []string{"x.y"})
	steps, _ = collect(t, r.ReadStream(ctx, "upload", strings.NewReader(record("j")+"{\n"), FormatJSONL))
	wantSteps(t, steps, []string{"j", "upload:2!"})
	steps, _ = collect(t, r.ReadStream(ctx, "upload", strings.NewReader(" "+record("j")), FormatAuto))
	wantSteps(t, steps, []string{"j"})
	// JSONL read as line format is one bad article.
	steps, _ = collect(t, r.ReadStream(ctx, "upload", strings.NewReader(record("j")), FormatLine))
	wantSteps(t, steps, []string{"upload:1!"})
}

func TestReadStreamReadError(t *testing.T) {
	boom := errors.New("boom")
	rd := io.MultiReader(strings.NewReader(record("a")+record("b")), iotest.ErrReader(boom))
	steps, errs := collect(t, new(Reader).ReadStream(context.Background(), "net", rd, FormatJSONL))
	wantSteps(t, steps, []string{"a", "b", "net:3!"})
	if len(errs) == 1 && !errors.Is(errs[0], boom) {
		t.Errorf("error = %v, want boom", errs[0])
	}
}

func TestReadCRLF(t *testing.T) {
	dir := t.TempDir()
	in := strings.ReplaceAll(record("a")+"\n"+`{"id":"b","date":"2023-03-02","text":"two\r\nlines"}`+"\n"+"{bad\n"+record("c"), "\n", "\r\n")
	p := write(t, dir, "crlf.jsonl", in)
	var texts []string
	var steps []string
	for a, err := range new(Reader).Read(context.Background(), []string{p}) {
		if err != nil {
			var ie *dateline.InputError
			if !errors.As(err, &ie) {
				t.Fatal(err)
			}
			steps = append(steps, fmt.Sprintf("%s:%d!", ie.File, ie.Line))
			continue
		}
		steps = append(steps, a.ID)
		texts = append(texts, a.Text)
	}
	wantSteps(t, steps, []string{"a", "b", p + ":4!", "c"})
	if want := []string{"Article a.", "two\r\nlines", "Article c."}; !slices.Equal(texts, want) {
		t.Errorf("texts = %q, want %q", texts, want)
	}
}

func TestReadBOM(t *testing.T) {
	dir := t.TempDir()
	j := write(t, dir, "bom.jsonl", "\uFEFF"+record("j1")+"\uFEFF"+record("j2"))
	l := write(t, dir, "bom.txt", "\uFEFFdate 2023-03-02 Body.")
	steps, _ := collect(t, new(Reader).Read(context.Background(), []string{j, l}))
	// Only a byte order mark at the start of a file is ignored.
	wantSteps(t, steps, []string{"j1", j + ":2!", "bom"})
}

func TestReadContext(t *testing.T) {
	dir := t.TempDir()
	f := write(t, dir, "a.jsonl", record("a")+record("b")+record("c"))
	write(t, dir, "d.txt", "date 2023-03-02 d")

	t.Run("canceled before", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		n, err := new(Reader).Count(ctx, []string{dir})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Count = %d, %v, want context.Canceled", n, err)
		}
		var got []error
		for a, err := range new(Reader).Read(ctx, []string{dir}) {
			if a != nil {
				t.Errorf("got article %s after cancel", a.ID)
			}
			got = append(got, err)
		}
		if len(got) != 1 || !errors.Is(got[0], context.Canceled) {
			t.Errorf("got %v, want one context.Canceled", got)
		}
	})
	t.Run("canceled during", func(t *testing.T) {
		for _, paths := range [][]string{{dir}, {f}, {f, f}} {
			ctx, cancel := context.WithCancel(context.Background())
			var ids []string
			var errs []error
			for a, err := range new(Reader).Read(ctx, paths) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				ids = append(ids, a.ID)
				cancel()
			}
			cancel()
			if len(ids) != 1 || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
				t.Errorf("%v: got %v and %v, want one article and context.Canceled", paths, ids, errs)
			}
		}
	})
	t.Run("break", func(t *testing.T) {
		r := &Reader{Stdin: strings.NewReader(record("s1") + record("s2"))}
		seqs := []iter.Seq2[*dateline.Article, error]{
			r.Read(context.Background(), []string{dir, f}),
			r.Read(context.Background(), []string{filepath.Join(dir, "missing"), f}),
			r.Read(context.Background(), []string{"-", f}),
			r.ReadStream(context.Background(), "x", strings.NewReader("{\n"+record("a")), FormatJSONL),
		}
		for i, seq := range seqs {
			n := 0
			for range seq {
				n++
				break // the iterator must not call yield again
			}
			if n != 1 {
				t.Errorf("seq %d: %d steps before break", i, n)
			}
		}
	})
}

func TestCount(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.jsonl", "\uFEFF"+record("a")+"\n  \r\n"+record("b")+"{broken\n"+strings.Repeat(" ", 300)+"\n"+record("c"))
	write(t, dir, "b.txt", "date 2023-03-02 b")
	write(t, dir, "c.txt", "no date")
	write(t, dir, "d.jsonl", "")
	write(t, dir, "e.jsonl", "\r\n\r\n")
	write(t, dir, "sub/f.jsonl", strings.Repeat(record("f"), 1000))
	write(t, dir, "ignored.md", "x")
	paths := []string{dir, filepath.Join(dir, "missing.jsonl"), filepath.Join(dir, "b.txt"), "-"}
	r := &Reader{MaxRecord: 200, Stdin: strings.NewReader(record("s"))}
	n, err := r.Count(context.Background(), paths)
	if err != nil {
		t.Fatal(err)
	}
	// a.jsonl: a, b, broken, the 300-byte blank line (too long), c.
	if want := 5 + 1 + 1 + 0 + 0 + 1000 + 1 + 1; n != want {
		t.Errorf("Count = %d, want %d", n, want)
	}
	steps, _ := collect(t, r.Read(context.Background(), paths[:3]))
	if n != len(steps) {
		t.Errorf("Count = %d, but Read yields %d steps", n, len(steps))
	}
}

func TestFormatOfAndIDOf(t *testing.T) {
	tests := []struct {
		name   string
		format Format
		id     string
	}{
		{"-", FormatAuto, "-"},
		{"a.jsonl", FormatJSONL, "a"},
		{"dir/A.JSONL", FormatJSONL, "A"},
		{"dir/seed-article.txt", FormatLine, "seed-article"},
		{"x.tar.txt", FormatLine, "x.tar"},
		{"README", FormatLine, "README"},
		{"dir.jsonl/a.json", FormatLine, "a"},
	}
	for _, tt := range tests {
		if got := FormatOf(tt.name); got != tt.format {
			t.Errorf("FormatOf(%q) = %v, want %v", tt.name, got, tt.format)
		}
		if got := IDOf(tt.name); got != tt.id {
			t.Errorf("IDOf(%q) = %q, want %q", tt.name, got, tt.id)
		}
	}
	if s := Format(7).String(); s != "Format(7)" {
		t.Errorf("Format(7).String() = %q", s)
	}
}
