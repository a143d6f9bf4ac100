package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"readback/internal/audio"
	"readback/internal/fault"
)

// The library checks itself when it opens and backs itself up: before each
// migration of its schema, and once a day while in use, with SQLite's VACUUM INTO
// (a consistent copy taken while others read and write), into backups/ beside the
// database. The last KeepBackups are kept.

// KeepBackups is how many backups are kept.
const KeepBackups = 5

// BackupEvery is how often the library is backed up while in use.
const BackupEvery = 24 * time.Hour

// ErrDamaged is the cause of opening a library whose database fails its check.
var ErrDamaged = errors.New("the library database is damaged")

// BackupsDir is where the backups of the library at dbPath are kept.
func BackupsDir(dbPath string) string { return filepath.Join(filepath.Dir(dbPath), "backups") }

// Backup is one backup of the library.
type Backup struct {
	Path    string    `json:"path"`
	Taken   time.Time `json:"taken"`
	Size    int64     `json:"size"`
	Version int       `json:"version"` // the schema version it was taken at
}

// quickCheck runs SQLite's quick check (the structure of every page, without
// cross-checking indexes against tables): damage stops the library from opening.
func (s *Store) quickCheck(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, "PRAGMA quick_check(3)")
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", errCheckFailed, strings.Join(problems, "; "))
	}
	return nil
}

// errCheckFailed is a check that ran and found damage.
var errCheckFailed = errors.New("check failed")

// damaged is the error of a library that fails its check: what is wrong, and
// what to do.
func damaged(path string, cause error) error {
	return fault.Wrap(fmt.Errorf("%w: %v", ErrDamaged, cause), fault.Unavailable,
		"the library database %s is damaged (%v): nothing was written; run 'readback restore' to bring back its last backup, or 'readback doctor' to see what is wrong", path, cause)
}

// BackupNow copies the library into its backups folder, named by the time and
// the schema version, and prunes the oldest beyond KeepBackups.
func (s *Store) BackupNow(ctx context.Context, reason string) (*Backup, error) {
	dir := BackupsDir(s.path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("store: backup: %w", err)
	}
	version := s.schemaVersion(ctx)
	now := s.Now().UTC()
	name := fmt.Sprintf("library-%s-v%d-%s.db", now.Format("20060102T150405.000Z"), version, reason)
	final := filepath.Join(dir, name)
	// A process killed while it wrote leaves a file the next one can tell from a
	// backup another process is writing at the same moment (sweepParts).
	tmp := audio.TempName(final)
	// VACUUM INTO writes a new, compact, consistent database; it refuses a target
	// that exists, and a half-written one never has the final name.
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		os.Remove(tmp + "-journal")
		return nil, fmt.Errorf("store: backup to %s: %w", dir, err)
	}
	if err := os.Rename(tmp, final); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("store: backup: %w", err)
	}
	fi, _ := os.Stat(final)
	prune(dir)
	return &Backup{Path: final, Taken: now, Size: fi.Size(), Version: version}, nil
}

// BackupIfDue backs the library up when its last backup is older than BackupEvery.
func (s *Store) BackupIfDue(ctx context.Context) (*Backup, error) {
	sweepParts(BackupsDir(s.path)) // what a killed backup left, even when none is due
	var docs int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&docs); err != nil || docs == 0 {
		return nil, err // an empty library has nothing to lose
	}
	list, err := Backups(s.path)
	if err != nil {
		return nil, err
	}
	if len(list) > 0 && s.Now().Sub(list[0].Taken) < BackupEvery {
		return nil, nil
	}
	return s.BackupNow(ctx, "daily")
}

// Backups lists the backups of the library at dbPath, the newest first.
func Backups(dbPath string) ([]Backup, error) { return listBackups(BackupsDir(dbPath)) }

// listBackups lists the backups in dir, the newest first.
func listBackups(dir string) ([]Backup, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: backups in %s: %w", dir, err)
	}
	var out []Backup
	for _, e := range entries {
		b, ok := parseBackupName(e.Name())
		if !ok || e.IsDir() {
			continue
		}
		b.Path = filepath.Join(dir, e.Name())
		if fi, err := e.Info(); err == nil {
			b.Size = fi.Size()
		}
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b Backup) int { return b.Taken.Compare(a.Taken) })
	return out, nil
}

func parseBackupName(name string) (Backup, bool) {
	rest, ok := strings.CutPrefix(name, "library-")
	if !ok || !strings.HasSuffix(rest, ".db") {
		return Backup{}, false
	}
	stamp, rest, ok := strings.Cut(rest, "-v")
	if !ok {
		return Backup{}, false
	}
	taken, err := time.Parse("20060102T150405.000Z", stamp)
	if err != nil {
		return Backup{}, false
	}
	var version int
	fmt.Sscanf(rest, "%d", &version)
	return Backup{Taken: taken, Version: version}, true
}

// prune removes the oldest backups beyond KeepBackups, and stale partial ones.
func prune(dir string) {
	list, err := listBackups(dir)
	if err != nil {
		return
	}
	for _, b := range list[min(len(list), KeepBackups):] {
		os.Remove(b.Path)
	}
	sweepParts(dir)
}

// sweepParts removes the partial backups (and a journal VACUUM INTO left beside
// one) whose writer no longer runs. A part from before writers were named in it
// is removed once it is an hour old.
func sweepParts(dir string) {
	audio.SweepStale(dir)
	parts, _ := filepath.Glob(filepath.Join(dir, "library-*.part*"))
	for _, p := range parts {
		if fi, err := os.Stat(p); err == nil && time.Since(fi.ModTime()) > time.Hour {
			os.Remove(p)
		}
	}
}

// schemaVersion is the newest migration applied, 0 for a new library.
func (s *Store) schemaVersion(ctx context.Context) int {
	var v int
	s.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v
}

// Restore brings back the backup at from as the library at dbPath. The backup is
// checked first; the library must not be in use (the window, a conversion); the
// database it replaces is kept beside it as library.db.damaged-TIME, not deleted.
func Restore(ctx context.Context, dbPath, from string) (kept string, err error) {
	in, err := Inspect(ctx, from)
	if err != nil {
		return "", fault.New(fault.Invalid, "the backup %s cannot be read: %v", from, err)
	}
	if len(in.Problems) > 0 {
		return "", fault.New(fault.Invalid, "the backup %s is damaged too (%s): choose another", from, strings.Join(in.Problems, "; "))
	}
	if err := notInUse(dbPath); err != nil {
		return "", err
	}
	tmp := dbPath + ".restoring"
	if err := copyFile(from, tmp); err != nil {
		os.Remove(tmp)
		return "", fault.New(fault.Unavailable, "the backup %s could not be copied to %s: %v", from, filepath.Dir(dbPath), err)
	}
	if _, err := os.Stat(dbPath); err == nil {
		kept = fmt.Sprintf("%s.damaged-%s", dbPath, time.Now().UTC().Format("20060102T150405Z"))
		if err := os.Rename(dbPath, kept); err != nil {
			os.Remove(tmp)
			return "", fault.New(fault.Unavailable, "%s could not be set aside: %v", dbPath, err)
		}
		// Its journal belongs to it, not to the backup that takes its place.
		for _, suffix := range []string{"-wal", "-shm", "-journal"} {
			if _, err := os.Stat(dbPath + suffix); err == nil {
				os.Rename(dbPath+suffix, kept+suffix)
			}
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return kept, fault.New(fault.Unavailable, "the backup could not take the place of %s: %v", dbPath, err)
	}
	return kept, nil
}

// notInUse refuses when a process holds the library open (every Store holds a
// shared lock on library.db.lock for its life; see lockLibrary): restoring under a
// running window or conversion would lose what it writes next.
func notInUse(dbPath string) error {
	f, err := os.OpenFile(dbPath+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil // no lock can be held where none can be made
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return fault.New(fault.Conflict, "the library %s is in use: close Readback's window and wait for conversions to end, then restore", dbPath)
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return nil
}

// lockLibrary takes the shared lock every open library holds, which restore waits
// to be the only one holding.
func lockLibrary(dbPath string) (*os.File, error) {
	f, err := os.OpenFile(dbPath+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
