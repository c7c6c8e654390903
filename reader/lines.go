package reader

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
)

// bufSize is the size of the read buffers. Lines longer than this are
// assembled from several reads, up to the maximum record size.
const bufSize = 64 << 10

// lineReader reads a stream line by line with a bound on the line length.
// A longer line is reported and skipped up to its newline; no more than the
// bound is ever held in memory.
type lineReader struct {
	br    *bufio.Reader
	limit int    // maximum line length, without the "\n"
	line  int    // number of the line last returned by next, 1-based
	buf   []byte // assembles lines longer than the bufio buffer
}

// newLineReader returns a lineReader for r that strips a UTF-8 byte order
// mark at the start of r.
func newLineReader(r io.Reader, limit int) *lineReader {
	br := bufio.NewReaderSize(r, bufSize)
	skipBOM(br)
	return &lineReader{br: br, limit: limit}
}

// skipBOM discards a UTF-8 byte order mark at the start of br.
func skipBOM(br *bufio.Reader) {
	if b, _ := br.Peek(len(utf8BOM)); string(b) == utf8BOM {
		br.Discard(len(utf8BOM))
	}
}

// next returns the next line without its terminating "\n" (a "\r" before it
// is kept). The line is valid until the next call. At the end of the input it
// returns io.EOF. A line longer than the maximum is skipped and reported with
// an error wrapping ErrTooLarge; the caller may go on with the next line.
// Any other error is a read error, after which the stream is unusable.
func (lr *lineReader) next() ([]byte, error) {
	lr.buf = lr.buf[:0]
	size := 0 // length of the line so far, without "\n"
	for {
		chunk, err := lr.br.ReadSlice('\n')
		content := chunk
		if err == nil {
			content = chunk[:len(chunk)-1]
		}
		first := size == 0
		size += len(content)
		switch {
		case size > lr.limit:
			lr.buf = lr.buf[:0]
		case err == nil && first:
			// The whole line is in the bufio buffer: no copy.
			lr.line++
			return content, nil
		default:
			lr.grow(len(content))
			lr.buf = append(lr.buf, content...)
		}
		switch {
		case err == nil:
			lr.line++
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if size == 0 {
				return nil, io.EOF
			}
			lr.line++ // a last line without "\n"
		default:
			lr.line++
			return nil, err
		}
		if size > lr.limit {
			return nil, fmt.Errorf("%w: line is longer than %d bytes", ErrTooLarge, lr.limit)
		}
		return lr.buf, nil
	}
}

// grow makes room in lr.buf for n more bytes. It doubles the capacity, so
// that assembling a line of the maximum size allocates about twice that size
// in all, and never allocates more than the maximum line length.
func (lr *lineReader) grow(n int) {
	need := len(lr.buf) + n
	if need <= cap(lr.buf) {
		return
	}
	c := min(max(2*cap(lr.buf), need, bufSize), lr.limit)
	buf := make([]byte, len(lr.buf), c)
	copy(buf, lr.buf)
	lr.buf = buf
}

// isJSONSpace reports whether c is JSON white space other than "\n".
func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

// trimJSONSpace trims JSON white space from both ends of b.
func trimJSONSpace(b []byte) []byte {
	for len(b) > 0 && isJSONSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isJSONSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// countJSONL counts the records that reading r as JSONL would yield: the
// lines that are not blank, and lines longer than limit. It scans bytes and
// parses no JSON.
func countJSONL(ctx context.Context, r io.Reader, limit int) (int, error) {
	br := bufio.NewReaderSize(r, bufSize)
	skipBOM(br)
	buf := make([]byte, bufSize)
	n := 0
	size := 0         // length of the current line so far
	nonBlank := false // whether the current line has a byte other than white space
	for {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		m, err := br.Read(buf)
		chunk := buf[:m]
		for len(chunk) > 0 {
			seg := chunk
			i := bytes.IndexByte(chunk, '\n')
			if i >= 0 {
				seg = chunk[:i]
			}
			size += len(seg)
			for j := 0; !nonBlank && j < len(seg); j++ {
				nonBlank = !isJSONSpace(seg[j])
			}
			if i < 0 {
				break
			}
			if nonBlank || size > limit {
				n++
			}
			size, nonBlank = 0, false
			chunk = chunk[i+1:]
		}
		if err != nil {
			if nonBlank || size > limit {
				n++
			}
			if errors.Is(err, io.EOF) {
				return n, nil
			}
			return n, err
		}
	}
}
