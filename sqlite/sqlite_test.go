package sqlite

import (
	"context"
	"fmt"
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

// BenchmarkGet reads articles with all their layers, from 2 goroutines per
// core, as the article pages of the server do.
func BenchmarkGet(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "store.sqlite"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const n = 1000
	docs := make([]*dateline.Doc, n)
	for i := range docs {
		docs[i] = storetest.Doc(fmt.Sprintf("a%d", i), "2023-03-02")
	}
	if _, err := s.Put(ctx, docs, "v1"); err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(2)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for i := 0; pb.Next(); i += 7 {
			if _, err := s.Get(ctx, fmt.Sprintf("a%d", i%n)); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
