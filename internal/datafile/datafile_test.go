package datafile

import (
	"reflect"
	"testing"
	"testing/fstest"
)

func TestEntries(t *testing.T) {
	src := "# a comment\n\n  said  \r\nwarned # not a comment here\n\t# indented comment\nlast"
	want := []Line{{3, "said"}, {4, "warned # not a comment here"}, {6, "last"}}
	if got := Entries(src); !reflect.DeepEqual(got, want) {
		t.Errorf("Entries = %+v, want %+v", got, want)
	}
	if got := Entries(""); got != nil {
		t.Errorf("Entries of nothing = %+v", got)
	}
	if got := StripComment("  warned   # verb "); got != "warned" {
		t.Errorf("StripComment = %q", got)
	}
}

func TestDigest(t *testing.T) {
	fsys := fstest.MapFS{"data/a.txt": {Data: []byte("x")}, "data/b.txt": {Data: []byte("y")}}
	d1, err := Digest(fsys, "data/*.txt")
	if err != nil || len(d1) != 12 {
		t.Fatalf("Digest = %q, %v", d1, err)
	}
	// Moving a byte from one file to the next changes the digest.
	fsys["data/a.txt"] = &fstest.MapFile{Data: []byte("xy")}
	fsys["data/b.txt"] = &fstest.MapFile{Data: []byte("")}
	if d2, _ := Digest(fsys, "data/*.txt"); d2 == d1 {
		t.Error("the digest did not change with the contents")
	}
	if _, err := Digest(fsys, "none/*"); err == nil {
		t.Error("a pattern that matches nothing gave a digest")
	}
}
