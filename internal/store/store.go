package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" driver

	"readback/internal/fault"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the library database.
type Store struct {
	db   *sql.DB
	path string
	lock *os.File         // the shared lock that says the library is open (see lockLibrary)
	Now  func() time.Time // injected so that tests control time
}

// Open opens (creating if needed) the database at path and brings its schema up to
// date. WAL and synchronous=NORMAL make it crash-safe without an fsync per write;
// immediate transactions avoid the deadlock of two readers upgrading to writers.
func Open(ctx context.Context, path string) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: resolve %s: %w", path, err)
	}
	dsn := "file:" + (&url.URL{Path: abs}).EscapedPath() +
		"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &Store{db: db, path: abs, Now: time.Now}
	if s.lock, err = lockLibrary(abs); err != nil {
		db.Close()
		return nil, fault.Wrap(err, fault.Unavailable, "the library database %s cannot be opened: %v", path, err)
	}
	if err := s.quickCheck(ctx); err != nil {
		s.Close()
		if corrupt(err) {
			return nil, damaged(abs, err)
		}
		return nil, fault.Wrap(err, fault.Unavailable, "the library database %s cannot be opened: %v", path, err)
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fault.Wrap(err, fault.Unavailable, "the library database %s cannot be opened: %v", path, err)
	}
	return s, nil
}

// bookChangesOf is the BookChanges of the document doc names (a parameter "?" or
// a column), in SQL.
func bookChangesOf(doc string) string {
	return `(SELECT coalesce(sum(n), 0) FROM book_changes WHERE document_id IN (0, ` + doc + `))`
}

// BookChanges is a number that changes whenever what a document's book is built
// from is committed, by this process or another: the document, its sections,
// segments and speakers, its lexicon and the global one (migration 0014). A book
// kept in memory is reused only while it is what it was when the book was read.
// Renditions, claims and jobs do not change it.
func (s *Store) BookChanges(ctx context.Context, docID int64) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT `+bookChangesOf("?"), docID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: changes of document %d: %w", docID, err)
	}
	return n, nil
}

// Path is the database file's absolute path; its folder is the library's.
func (s *Store) Path() string { return s.path }

// corrupt reports whether err says a database is damaged, or is not one: SQLite's
// CORRUPT and NOTADB, or a check that found problems.
func corrupt(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case 11, 26: // SQLITE_CORRUPT, SQLITE_NOTADB
			return true
		}
		return false
	}
	return errors.Is(err, errCheckFailed)
}

// Close closes the database.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.lock != nil {
		s.lock.Close() // and with it the lock
	}
	return err
}

// IntegrityCheck runs SQLite's own consistency check.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	var res string
	if err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("store: integrity check: %s", res)
	}
	return nil
}

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	// A library whose schema is about to change is backed up first: a migration
	// that goes wrong leaves the writer a library to go back to.
	if current := s.schemaVersion(ctx); current > 0 && len(names) > 0 {
		if last, _ := strconv.Atoi(strings.SplitN(filepath.Base(names[len(names)-1]), "_", 2)[0]); last > current {
			if _, err := s.BackupNow(ctx, fmt.Sprintf("before-v%d", last)); err != nil {
				return fmt.Errorf("backup before the migration: %w", err)
			}
		}
	}
	for _, name := range names {
		base := filepath.Base(name)
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", base)
		}
		if err := s.apply(ctx, version, name); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
	}
	return nil
}

// apply runs one migration in its own transaction, unless it has run already.
func (s *Store) apply(ctx context.Context, version int, name string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, version, s.Now().Unix())
		return err
	})
}

// tx runs fn in a transaction, committing if it returns nil.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return errors.Join(err, rbErr)
		}
		return err
	}
	return tx.Commit()
}

func (s *Store) audit(ctx context.Context, tx *sql.Tx, action, subject, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_events (at, action, subject, detail) VALUES (?, ?, ?, ?)`,
		s.Now().UnixMilli(), action, subject, detail)
	return err
}

// Audit records an event that cannot be undone (a publish, a settings change).
func (s *Store) Audit(ctx context.Context, action, subject, detail string) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return s.audit(ctx, tx, action, subject, detail) })
}
