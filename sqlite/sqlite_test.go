package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/internal/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) dateline.Store {
		s, err := Open(context.Background(), filepath.Join(t.TempDir(), "store.sqlite"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "store.sqlite")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, []*dateline.Doc{storetest.Doc("x", "2023-03-02")}, "v1"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Get(ctx, "x")
	if err != nil || got.Day() != "2023-03-02" || len(got.Quotes) != 2 {
		t.Fatalf("after reopen: %+v, %v", got, err)
	}
}
