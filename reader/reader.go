// Package reader reads dated news articles from files, directories and
// standard input, in the formats of dateline's article input contract.
//
// Line format: optional leading white space, the word "date", one space, a
// date YYYY-MM-DD, white space, and then the body, which is the rest of the
// input verbatim (trailing white space trimmed). A file holds one article;
// its id is the file name without its extension.
//
//	date 2023-03-02 US Secretary of State on Thursday said ...
//
// JSONL: one JSON object per line, with "id", "date" (YYYY-MM-DD or RFC 3339)
// and "text", and optionally "title", "url", "source" and "lang". Blank lines
// are skipped.
//
//	{"id": "a1", "date": "2023-03-02", "text": "US Secretary of State ..."}
//
// Other formats (web pages, feeds, web archives) are read by decoders that
// the program registers in Reader.Formats by file name suffix.
//
// A Reader streams articles one at a time, so memory stays flat however large
// the corpus. A malformed record never stops the others: it is reported as a
// *dateline.InputError naming the file and line, and reading goes on.
package reader

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"

	"github.com/dateline-news/dateline"
)

// DefaultMaxRecord is the maximum size of one record when Reader.MaxRecord
// is not set: 16 MiB.
const DefaultMaxRecord = 16 << 20

// stdinName is the path that means standard input.
const stdinName = "-"

// Format is an input format.
type Format int

// Input formats.
const (
	// FormatAuto decides by the first byte other than white space or a byte
	// order mark: '{' means JSONL, anything else line format.
	FormatAuto  Format = iota
	FormatLine         // one article in line format
	FormatJSONL        // one JSON object per line
)

func (f Format) String() string {
	switch f {
	case FormatAuto:
		return "auto"
	case FormatLine:
		return "line"
	case FormatJSONL:
		return "jsonl"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// FormatOf returns the format of the file name by its extension: FormatJSONL
// for ".jsonl" (in any case), FormatAuto for standard input ("-"), and
// FormatLine for anything else.
func FormatOf(name string) Format {
	switch {
	case name == stdinName:
		return FormatAuto
	case strings.EqualFold(filepath.Ext(name), ".jsonl"):
		return FormatJSONL
	}
	return FormatLine
}

// IDOf returns the id of the line-format article in the file name: the base
// name without its extension. The id of standard input ("-") is "-".
func IDOf(name string) string {
	base := filepath.Base(name)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// A Reader reads articles from files, directories and standard input. The
// zero value is ready to use. A Reader is not changed by reading, so one may
// be used by several goroutines at once (though only one of them should read
// standard input).
type Reader struct {
	// MaxRecord is the maximum size in bytes of one record: a JSONL line
	// (without its "\n") or a whole line-format input. A larger record is
	// reported as an error wrapping ErrTooLarge and skipped without being held
	// in memory. Zero or less means DefaultMaxRecord.
	MaxRecord int

	// Stdin is read for the path "-". Nil means os.Stdin.
	Stdin io.Reader

	// Formats maps file name suffixes, such as ".html" or ".warc.gz"
	// (matched in any case; the longest that matches wins), to the decoders
	// of files in other formats than line format and JSONL. Files with these
	// suffixes are read by their decoder, and directories include them.
	// MaxRecord does not apply to them: decoders have their own limits.
	Formats map[string]Decoder
}

// A Decoder reads the articles of one file in a format of its own. Decode
// returns an iterator over the articles of r, in order; name is the file
// name to report in errors. A malformed record yields an error and the
// iteration goes on with the next one; errors that are not a
// *dateline.InputError are wrapped in one naming the file.
type Decoder interface {
	Decode(ctx context.Context, name string, r io.Reader) iter.Seq2[*dateline.Article, error]
}

// DecoderFunc is a function that is a Decoder.
type DecoderFunc func(ctx context.Context, name string, r io.Reader) iter.Seq2[*dateline.Article, error]

// Decode calls f.
func (f DecoderFunc) Decode(ctx context.Context, name string, r io.Reader) iter.Seq2[*dateline.Article, error] {
	return f(ctx, name, r)
}

// A Counter is a Decoder that can count the records of a file quickly, for
// Reader.Count. A Decoder that is not a Counter counts 1 a file.
type Counter interface {
	Count(ctx context.Context, name string, r io.Reader) (int, error)
}

// decoder returns the decoder of the file name, or nil.
func (r *Reader) decoder(name string) Decoder {
	var dec Decoder
	best := 0
	for suffix, d := range r.Formats {
		if len(suffix) > best && len(suffix) <= len(name) && strings.EqualFold(name[len(name)-len(suffix):], suffix) {
			dec, best = d, len(suffix)
		}
	}
	return dec
}

func (r *Reader) maxRecord() int {
	if r.MaxRecord <= 0 {
		return DefaultMaxRecord
	}
	return r.MaxRecord
}

func (r *Reader) stdin() io.Reader {
	if r.Stdin == nil {
		return os.Stdin
	}
	return r.Stdin
}

// Read returns an iterator over the articles in paths, in order. A path is
// a file, a directory or "-" for standard input:
//
//   - A file whose name ends in a suffix of Formats is read by its decoder;
//     else a file whose name ends in ".jsonl" (in any case) is read as
//     JSONL, any other file as one line-format article.
//   - A directory means every *.txt and *.jsonl file below it, and every
//     file with a suffix of Formats, recursively, in lexical order,
//     directory by directory. Files and directories whose names start with
//     "." are skipped, and so are other files.
//   - Standard input is JSONL if its first byte other than white space (or a
//     byte order mark) is '{', and one line-format article with the id "-"
//     otherwise. Standard input holding nothing but white space yields nothing.
//
// A UTF-8 byte order mark at the start of an input is ignored. Each step of
// the iteration yields either an article or an error. A malformed record,
// or a path that cannot be read, yields a *dateline.InputError, with the file
// name as given (names below a directory are joined to it), and the 1-based
// line of the record (for a line-format article, the line of its date line;
// 0 when no line applies, as for a file that cannot be opened), and reading
// goes on with the next record. When ctx is done, the iteration yields
// ctx.Err() and stops.
//
// Articles are read one at a time as the iteration asks for them.
// Cancellation is noticed between records: a read that blocks, as on a
// terminal or a pipe, is not interrupted.
func (r *Reader) Read(ctx context.Context, paths []string) iter.Seq2[*dateline.Article, error] {
	return func(yield func(*dateline.Article, error) bool) {
		for _, p := range paths {
			if !r.readPath(ctx, p, yield) {
				return
			}
		}
	}
}

// ReadStream returns an iterator over the articles in rd, read in the given
// format. name is the name reported in errors; for FormatLine, the article's
// id is IDOf(name). FormatAuto decides the format as for standard input in
// Read. Errors are reported as by Read.
func (r *Reader) ReadStream(ctx context.Context, name string, rd io.Reader, format Format) iter.Seq2[*dateline.Article, error] {
	return func(yield func(*dateline.Article, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(nil, err)
			return
		}
		r.readStream(ctx, name, rd, format, yield)
	}
}

// Count returns the number of records Read would yield for paths, articles
// and errors together, quickly and without parsing, so that a progress
// report can estimate the time left. A line-format file counts 1, a JSONL
// file its lines that are not blank, a path that cannot be read 1. Standard
// input is not counted, as it can be read only once. For malformed input the
// count may be off. The error is ctx.Err() if ctx is done before counting
// ends.
func (r *Reader) Count(ctx context.Context, paths []string) (int, error) {
	n := 0
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		if p == stdinName {
			continue
		}
		fi, err := os.Stat(p)
		switch {
		case err != nil:
			n++
		case !fi.IsDir():
			n += r.countFile(ctx, p)
		default:
			r.walk(p, func(name string, err error) bool {
				if err != nil {
					n++
				} else {
					n += r.countFile(ctx, name)
				}
				return ctx.Err() == nil
			})
		}
	}
	return n, ctx.Err()
}

// countFile counts the records in the file name.
func (r *Reader) countFile(ctx context.Context, name string) int {
	if dec := r.decoder(name); dec != nil {
		c, ok := dec.(Counter)
		if !ok {
			return 1
		}
		f, err := os.Open(name)
		if err != nil {
			return 1
		}
		defer f.Close()
		n, err := c.Count(ctx, name, f)
		if err != nil {
			return max(n, 1)
		}
		return n
	}
	if FormatOf(name) != FormatJSONL {
		return 1
	}
	f, err := os.Open(name)
	if err != nil {
		return 1
	}
	defer f.Close()
	n, err := countJSONL(ctx, f, r.maxRecord())
	if err != nil && ctx.Err() == nil {
		n++ // Read reports the read error
	}
	return n
}

// yieldFunc receives the steps of an iteration; it returns false to stop.
type yieldFunc = func(*dateline.Article, error) bool

// readPath reads one path argument of Read. It returns false when the
// iteration must stop.
func (r *Reader) readPath(ctx context.Context, p string, yield yieldFunc) bool {
	if err := ctx.Err(); err != nil {
		yield(nil, err)
		return false
	}
	if p == stdinName {
		return r.readStream(ctx, stdinName, r.stdin(), FormatAuto, yield)
	}
	fi, err := os.Stat(p)
	switch {
	case err != nil:
		return yield(nil, &dateline.InputError{File: p, Err: err})
	case !fi.IsDir():
		return r.readFile(ctx, p, yield)
	}
	return r.walk(p, func(name string, err error) bool {
		if err != nil {
			return yield(nil, &dateline.InputError{File: name, Err: err})
		}
		if err := ctx.Err(); err != nil {
			yield(nil, err)
			return false
		}
		return r.readFile(ctx, name, yield)
	})
}

// readFile reads the file name in the format its extension says.
func (r *Reader) readFile(ctx context.Context, name string, yield yieldFunc) bool {
	f, err := os.Open(name)
	if err != nil {
		return yield(nil, &dateline.InputError{File: name, Err: err})
	}
	defer f.Close()
	if dec := r.decoder(name); dec != nil {
		return r.decode(ctx, name, f, dec, yield)
	}
	format := FormatOf(name)
	if format == FormatLine {
		// Refuse an oversized file before reading any of it.
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > int64(r.maxRecord()) {
			return yield(nil, &dateline.InputError{File: name, Line: 1,
				Err: fmt.Errorf("%w: file is %d bytes, more than the limit of %d", ErrTooLarge, fi.Size(), r.maxRecord())})
		}
	}
	return r.readStream(ctx, name, f, format, yield)
}

// decode reads the file name with its decoder.
func (r *Reader) decode(ctx context.Context, name string, f io.Reader, dec Decoder, yield yieldFunc) bool {
	for a, err := range dec.Decode(ctx, name, f) {
		var ie *dateline.InputError
		switch {
		case ctx.Err() != nil:
			yield(nil, ctx.Err())
			return false
		case err == nil:
		case errors.As(err, &ie):
		default:
			err = &dateline.InputError{File: name, Err: err}
		}
		if !yield(a, err) {
			return false
		}
	}
	if err := ctx.Err(); err != nil {
		yield(nil, err)
		return false
	}
	return true
}

// readStream reads rd in the given format, reporting errors under name.
func (r *Reader) readStream(ctx context.Context, name string, rd io.Reader, format Format, yield yieldFunc) bool {
	switch format {
	case FormatJSONL:
		return r.readJSONL(ctx, name, rd, yield)
	case FormatLine:
		return r.readLine(name, rd, yield)
	}
	br := bufio.NewReaderSize(rd, bufSize)
	format, err := sniff(br)
	switch {
	case err == io.EOF:
		return true // nothing but white space
	case err != nil:
		return yield(nil, &dateline.InputError{File: name, Err: fmt.Errorf("read: %w", err)})
	case format == FormatJSONL:
		return r.readJSONL(ctx, name, br, yield)
	}
	return r.readLine(name, br, yield)
}

// readLine reads rd as one line-format article.
func (r *Reader) readLine(name string, rd io.Reader, yield yieldFunc) bool {
	limit := r.maxRecord()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(rd, int64(limit)+1)); err != nil {
		return yield(nil, &dateline.InputError{File: name, Line: 1, Err: fmt.Errorf("read: %w", err)})
	}
	if buf.Len() > limit {
		return yield(nil, &dateline.InputError{File: name, Line: 1,
			Err: fmt.Errorf("%w: input is more than the limit of %d bytes", ErrTooLarge, limit)})
	}
	a, line, err := parseLine(IDOf(name), buf.Bytes())
	if err != nil {
		return yield(nil, &dateline.InputError{File: name, Line: line, Err: err})
	}
	return yield(a, nil)
}

// readJSONL reads rd as JSONL.
func (r *Reader) readJSONL(ctx context.Context, name string, rd io.Reader, yield yieldFunc) bool {
	lr := newLineReader(rd, r.maxRecord())
	for {
		if err := ctx.Err(); err != nil {
			yield(nil, err)
			return false
		}
		line, err := lr.next()
		switch {
		case err == io.EOF:
			return true
		case errors.Is(err, ErrTooLarge):
			if !yield(nil, &dateline.InputError{File: name, Line: lr.line, Err: err}) {
				return false
			}
			continue
		case err != nil:
			return yield(nil, &dateline.InputError{File: name, Line: lr.line, Err: fmt.Errorf("read: %w", err)})
		}
		line = trimJSONSpace(line)
		if len(line) == 0 {
			continue
		}
		a, err := ParseJSON(line)
		if err != nil {
			if !yield(nil, &dateline.InputError{File: name, Line: lr.line, Err: err}) {
				return false
			}
			continue
		}
		if !yield(a, nil) {
			return false
		}
	}
}

// sniff decides the format of br by its first byte other than white space
// or a byte order mark, without consuming anything. It returns io.EOF if br
// holds nothing else. When the first bufSize bytes are all white space, the
// format is FormatLine.
func sniff(br *bufio.Reader) (Format, error) {
	i := 0
	if b, _ := br.Peek(len(utf8BOM)); string(b) == utf8BOM {
		i = len(utf8BOM)
	}
	for ; ; i++ {
		b, err := br.Peek(i + 1)
		switch {
		case err == bufio.ErrBufferFull:
			return FormatLine, nil
		case err != nil:
			return FormatAuto, err
		}
		switch b[i] {
		case ' ', '\t', '\n', '\r', '\v', '\f':
			continue
		case '{':
			return FormatJSONL, nil
		}
		return FormatLine, nil
	}
}

// walk calls fn for every *.txt and *.jsonl file, and every file with a
// suffix of r.Formats, below the directory root, in lexical order, skipping
// names that start with ".", and with the error for every file or directory
// that cannot be read. It stops when fn returns false, and then returns
// false.
func (r *Reader) walk(root string, fn func(name string, err error) bool) bool {
	ok := true
	// os.DirFS follows root when it is a symbolic link to a directory,
	// which filepath.WalkDir does not.
	fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
		name := root
		if p != "." {
			name = filepath.Join(root, filepath.FromSlash(p))
		}
		switch {
		case err != nil:
			ok = fn(name, err)
		case p == ".":
			return nil
		case strings.HasPrefix(d.Name(), "."):
			if d.IsDir() {
				return fs.SkipDir
			}
		case isInputFile(d) || isRegular(d) && r.decoder(d.Name()) != nil:
			ok = fn(name, nil)
		}
		if !ok {
			return fs.SkipAll
		}
		return nil
	})
	return ok
}

// isInputFile reports whether the directory entry d is a file Read reads
// when it finds it in a directory: a regular file or a symbolic link whose
// name ends in ".txt" or ".jsonl", in any case.
func isInputFile(d fs.DirEntry) bool {
	if !isRegular(d) {
		return false
	}
	ext := filepath.Ext(d.Name())
	return strings.EqualFold(ext, ".txt") || strings.EqualFold(ext, ".jsonl")
}

// isRegular reports whether d is a regular file or a symbolic link.
func isRegular(d fs.DirEntry) bool {
	t := d.Type()
	return t.IsRegular() || t&fs.ModeSymlink != 0
}
