// Package datafile reads the data files that hold the rules and lexicons
// of the analysis layers: UTF-8 text, one entry per line, blank lines and
// lines that start with # ignored. The layers embed their files; this
// package gives them one reading of the format, line numbers for their
// error messages, and one digest for their version strings.
package datafile

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"strings"
)

// Line is one entry of a data file.
type Line struct {
	N    int    // line number, from 1
	Text string // the line, trimmed of surrounding white space
}

// Entries returns the lines of src that are neither blank nor comments,
// trimmed, with their line numbers.
func Entries(src string) []Line {
	var out []Line
	for n := 1; src != ""; n++ {
		var l string
		l, src, _ = strings.Cut(src, "\n")
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, Line{N: n, Text: l})
		}
	}
	return out
}

// StripComment returns s without a trailing "# comment", trimmed: for
// files whose entries never hold a #.
func StripComment(s string) string {
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// Digest returns a short digest (12 hex digits of SHA-256) of the files of
// fsys that pattern matches, names and contents, in name order: it
// changes whenever one of them does.
func Digest(fsys fs.FS, pattern string) (string, error) {
	names, err := fs.Glob(fsys, pattern)
	if err != nil {
		return "", err
	}
	if len(names) == 0 {
		return "", fmt.Errorf("datafile: no file matches %q", pattern)
	}
	h := sha256.New()
	for _, name := range names { // fs.Glob returns sorted names
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}
