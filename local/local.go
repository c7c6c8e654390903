// Package local opens dateline's embedded default store: one directory
// holding a SQLite database (the system of record) and a Bleve full-text
// index kept in step with it.
package local

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/dateline-news/dateline/fulltext"
	"github.com/dateline-news/dateline/library"
	"github.com/dateline-news/dateline/sqlite"
)

// File names inside the store directory.
const (
	StoreFile = "store.sqlite"
	IndexDir  = "index.bleve"
)

// Open opens (creating if needed) the store directory dir and catches the
// index up with the store, so that a crash between the two writes is
// repaired on the next open.
func Open(ctx context.Context, dir string, log *slog.Logger) (*library.Library, error) {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("store %s: not a directory", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("store %s: %w", dir, err)
	}
	st, err := sqlite.Open(ctx, filepath.Join(dir, StoreFile))
	if err != nil {
		return nil, err
	}
	ix, err := fulltext.Open(filepath.Join(dir, IndexDir))
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("store %s: %w", dir, err)
	}
	lib := &library.Library{Store: st, Index: ix, Log: log}
	if _, err := lib.Sync(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("store %s: %w", dir, err), lib.Close())
	}
	return lib, nil
}

// Size returns the bytes used by the store directory.
func Size(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			n += fi.Size()
		}
		return nil
	})
	return n, err
}
