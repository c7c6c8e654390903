// Package warc reads WARC files (ISO 28500, versions 1.0 and 1.1), plain
// (.warc) or compressed with one gzip member per record (.warc.gz, as Common
// Crawl publishes them), as a stream: memory stays flat however large the
// file. A corrupt or truncated record is reported with its byte offset and
// skipped; reading goes on at the next record.
//
// Reader gives the records; Responses the HTML pages among them with their
// target URI and crawl date; Articles the articles extracted from those
// pages by package html.
package warc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/klauspost/compress/gzip"
)

// maxHeader is the largest record header Reader accepts.
const maxHeader = 1 << 20

// ErrFormat is wrapped by the errors of records that are not valid WARC.
var ErrFormat = errors.New("malformed WARC record")

// RecordError is a corrupt or truncated record. After one, Reader.Next goes
// on with the next record it can find.
type RecordError struct {
	Offset  int64 // byte offset in the file of the record (of its gzip member in a .warc.gz)
	Ordinal int   // 1-based number of the record in the file
	Err     error
}

func (e *RecordError) Error() string {
	return fmt.Sprintf("record %d at byte offset %d: %v", e.Ordinal, e.Offset, e.Err)
}

func (e *RecordError) Unwrap() error { return e.Err }

// Header is the named fields of a record header, in order.
type Header []Field

// Field is one header field.
type Field struct{ Name, Value string }

// Get returns the value of the first field named name (case-insensitively),
// or "".
func (h Header) Get(name string) string {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Record is one WARC record. The record, its Header and its Body are valid
// until the next call of Reader.Next.
type Record struct {
	Version       string // "WARC/1.0" or "WARC/1.1"
	Header        Header
	Offset        int64 // byte offset of the record (of its gzip member in a .warc.gz)
	Ordinal       int   // 1-based number of the record
	ContentLength int64
	// Body is the record block, ContentLength bytes. A read error (the
	// file is truncated or corrupt) is returned by Read and the record is
	// not reported again by Next.
	Body io.Reader
}

// Type returns the WARC-Type: "response", "request", "warcinfo", ...
func (r *Record) Type() string { return r.Header.Get("WARC-Type") }

// Reader reads the records of a WARC file.
type Reader struct {
	src  *countReader  // the file, counting the bytes read from it
	br   *bufio.Reader // the file, buffered
	gz   *gzip.Reader  // nil for an uncompressed file
	rd   *bufio.Reader // the record stream: the open gzip member, or br
	open bool          // a gzip member is open in rd

	n         int   // records started
	start     int64 // offset of the current record (or its member)
	cur       body  // the current record and its body
	active    bool  // cur is a record returned by Next
	header    []byte
	eof       bool // the input has ended
	resyncing bool // looking for a record after a corrupt one
}

// countReader counts the bytes read from r and keeps its first error other
// than io.EOF.
type countReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF && c.err == nil {
		c.err = err
	}
	return n, err
}

// NewReader returns a Reader of the WARC file r, gzip-compressed or not: it
// decides by the first two bytes.
func NewReader(r io.Reader) *Reader {
	src := &countReader{r: r}
	br := bufio.NewReaderSize(src, 256<<10)
	wr := &Reader{src: src, br: br, rd: br}
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		wr.gz = new(gzip.Reader)
		wr.rd = bufio.NewReaderSize(nil, 64<<10)
	}
	return wr
}

// Compressed reports whether the file is gzip-compressed.
func (r *Reader) Compressed() bool { return r.gz != nil }

// offset returns the offset in the file of the next unread byte of br.
func (r *Reader) offset() int64 { return r.src.n - int64(r.br.Buffered()) }

// Next returns the next record. At the end of the input it returns io.EOF.
// A record that cannot be read is a *RecordError, after which Next goes on
// with the records that follow. An error reading the file ends the input
// and is returned as it is.
func (r *Reader) Next() (*Record, error) {
	if r.active {
		r.active = false
		if err := r.finish(); err != nil {
			return nil, err
		}
	}
	if r.src.err != nil {
		err := r.src.err
		r.eof = true
		r.src.err = nil
		return nil, err
	}
	if r.eof {
		return nil, io.EOF
	}
	for {
		if err := r.next(); err != nil {
			if err == io.EOF {
				r.eof = true
			}
			if r.src.err != nil {
				return nil, r.src.err
			}
			return nil, err
		}
		rec, err := r.readHeader()
		if err != nil && r.resyncing && r.src.err == nil {
			// Not a record after all: the scan found a false start.
			r.resync()
			continue
		}
		r.n++
		if err != nil {
			return nil, r.corrupt(err)
		}
		r.resyncing = false
		r.active = true
		return rec, nil
	}
}

// next moves to the start of the next record and sets r.start. It returns
// io.EOF at the end of the input, or a *RecordError for a gzip member that
// cannot be opened.
func (r *Reader) next() error {
	if r.gz == nil {
		// Tolerate stray line ends between records.
		for {
			b, err := r.br.Peek(1)
			if err != nil {
				return io.EOF
			}
			if b[0] != '\r' && b[0] != '\n' {
				break
			}
			r.br.Discard(1)
		}
		r.start = r.offset()
		return nil
	}
	if r.open {
		if _, err := r.rd.Peek(1); err == nil {
			return nil // another record in the same member
		} else if err != io.EOF {
			// The member's trailer is wrong: report it against the
			// record just read.
			return r.corrupt(fmt.Errorf("end of gzip member: %w", err))
		}
		r.open = false
	}
	for {
		if _, err := r.br.Peek(1); err != nil {
			return io.EOF
		}
		r.start = r.offset()
		err := r.gz.Reset(r.br)
		if err == nil {
			break
		}
		if !r.resyncing {
			r.n++
			return r.corrupt(fmt.Errorf("gzip member: %w", err))
		}
		r.resync()
	}
	r.gz.Multistream(false)
	r.rd.Reset(r.gz)
	r.open = true
	return nil
}

// readHeader reads the version line and the named fields of a record.
func (r *Reader) readHeader() (*Record, error) {
	r.header = r.header[:0]
	line, err := r.line()
	if err != nil {
		return nil, err
	}
	version := strings.TrimRight(string(line), "\r\n")
	if !strings.HasPrefix(version, "WARC/") {
		return nil, fmt.Errorf("%w: want a version line WARC/1.x, found %q", ErrFormat, snippet(line))
	}
	rec := &r.cur.rec
	*rec = Record{Version: version, Offset: r.start, Ordinal: r.n + 1, Header: rec.Header[:0]}
	for {
		line, err := r.line()
		if err != nil {
			return nil, err
		}
		s := strings.TrimRight(string(line), "\r\n")
		if s == "" {
			break
		}
		if (s[0] == ' ' || s[0] == '\t') && len(rec.Header) > 0 {
			f := &rec.Header[len(rec.Header)-1]
			f.Value += " " + strings.TrimSpace(s)
			continue
		}
		name, value, ok := strings.Cut(s, ":")
		if !ok {
			return nil, fmt.Errorf("%w: header line without a colon: %q", ErrFormat, snippet(line))
		}
		rec.Header = append(rec.Header, Field{strings.TrimSpace(name), strings.TrimSpace(value)})
	}
	cl := rec.Header.Get("Content-Length")
	n, err := strconv.ParseInt(cl, 10, 64)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("%w: invalid Content-Length %q", ErrFormat, cl)
	}
	rec.ContentLength = n
	r.cur.lr = io.LimitedReader{R: r.rd, N: n}
	r.cur.err = nil
	rec.Body = &r.cur
	return rec, nil
}

// line reads one header line, counting it against the header limit.
func (r *Reader) line() ([]byte, error) {
	for {
		chunk, err := r.rd.ReadSlice('\n')
		r.header = append(r.header, chunk...)
		if len(r.header) > maxHeader {
			return nil, fmt.Errorf("%w: header longer than %d bytes", ErrFormat, maxHeader)
		}
		switch {
		case err == nil:
			line := r.header
			r.header = r.header[:0]
			return line, nil
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			return nil, fmt.Errorf("truncated record header: %w", io.ErrUnexpectedEOF)
		default:
			return nil, err
		}
	}
}

// body is a record body. It keeps the first read error, so that a record
// whose body failed is not reported twice.
type body struct {
	rec Record
	lr  io.LimitedReader
	err error
}

func (b *body) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.lr.Read(p)
	if err == io.EOF && b.lr.N > 0 {
		err = fmt.Errorf("truncated record block (%d bytes missing): %w", b.lr.N, io.ErrUnexpectedEOF)
	}
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}

// finish drains the rest of the current record and the blank lines after
// it. An error is a *RecordError, unless the caller has already seen it
// when reading the body.
func (r *Reader) finish() error {
	b := &r.cur
	if b.err == nil {
		_, err := io.Copy(io.Discard, b)
		if err != nil {
			return r.corrupt(err)
		}
	} else {
		r.resync()
		return nil
	}
	// The record ends with "\r\n\r\n"; be lenient about its form.
	for range 4 {
		c, err := r.rd.ReadByte()
		if err != nil {
			break
		}
		if c != '\r' && c != '\n' {
			r.rd.UnreadByte()
			break
		}
	}
	return nil
}

// corrupt returns the error of the current record and moves on to where
// the next record may start.
func (r *Reader) corrupt(err error) error {
	if r.src.err != nil {
		err = r.src.err
	}
	re := &RecordError{Offset: r.start, Ordinal: r.n, Err: err}
	r.resync()
	return re
}

// resync moves to where the next record may start: the next gzip member
// (found by its magic bytes) in a compressed file, the next line starting
// "WARC/1." in a plain one.
func (r *Reader) resync() {
	r.resyncing = true
	if r.gz != nil {
		r.open = false
		// Skip the magic of the member that failed, then look for the next.
		if r.offset() == r.start {
			r.br.Discard(1)
		}
		r.scan([]byte{0x1f, 0x8b, 0x08}, 0)
		return
	}
	if b, _ := r.br.Peek(7); string(b) == "WARC/1." {
		return
	}
	r.scan([]byte("\nWARC/1."), 1)
}

// scan discards input up to the next occurrence of pat, keeping its last
// len(pat)-skip bytes, or to the end of the input.
func (r *Reader) scan(pat []byte, skip int) {
	for {
		buf, err := r.br.Peek(r.br.Size())
		if len(buf) < len(pat) && err != nil {
			r.br.Discard(len(buf))
			return
		}
		if i := bytes.Index(buf, pat); i >= 0 {
			r.br.Discard(i + skip)
			return
		}
		if err != nil && err != bufio.ErrBufferFull {
			r.br.Discard(len(buf))
			return
		}
		r.br.Discard(len(buf) - len(pat) + 1)
	}
}

// snippet returns the start of b for an error message.
func snippet(b []byte) []byte {
	b = bytes.TrimRight(b, "\r\n")
	if len(b) > 40 {
		b = b[:40]
	}
	return b
}
