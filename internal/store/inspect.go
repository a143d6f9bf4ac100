package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
)

// Inspection is what a library database says of itself, read without changing it
// (no migration, no check on opening): for doctor, on a library that may be damaged.
type Inspection struct {
	Problems   []string // integrity_check's findings; none when it is sound
	Version    int      // its schema version
	Documents  int
	Renditions []RenditionSpan
}

// RenditionSpan is where a rendition's audio lies in the packs.
type RenditionSpan struct {
	Key    string
	Pack   string
	Offset int64
	Bytes  int64
}

// Inspect reads the database at path read-only. An error means it could not be
// read at all (not a database, or too damaged for its tables to be listed).
func Inspect(ctx context.Context, path string) (*Inspection, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: abs}).EscapedPath()+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	in := &Inspection{}
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check(20)")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if line != "ok" {
			in.Problems = append(in.Problems, line)
		}
	}
	rows.Close()
	// What can still be read is read: a damaged page may hide some of it.
	db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&in.Version)
	db.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&in.Documents)
	var tables int
	db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table'`).Scan(&tables)
	if tables == 0 && len(in.Problems) == 0 {
		return in, nil // an empty file: a library not made yet, which opening makes
	}
	if rows, err = db.QueryContext(ctx, `SELECT key, pack, pack_offset, samples * 2 FROM renditions`); err != nil {
		in.Problems = append(in.Problems, "renditions: "+err.Error())
		return in, nil
	}
	defer rows.Close()
	for rows.Next() {
		var r RenditionSpan
		if err := rows.Scan(&r.Key, &r.Pack, &r.Offset, &r.Bytes); err != nil {
			in.Problems = append(in.Problems, "renditions: "+err.Error())
			break
		}
		in.Renditions = append(in.Renditions, r)
	}
	if err := rows.Err(); err != nil {
		in.Problems = append(in.Problems, "renditions: "+err.Error())
	}
	return in, nil
}
