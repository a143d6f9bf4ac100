package cli_test

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readback/internal/cli"
	"readback/internal/store"
)

// A damaged library stops every command that would write into it, with the file
// and what to do (issue 8: list, import, jobs and lexicon went on writing into a
// database that failed its check); doctor says what is wrong, restore brings back
// the last backup, and doctor then says ok.
func TestDamagedLibraryRefusesAndRestores(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	src := write(t, dir, "keeper.md", "# The Keeper\n\nThe keeper climbed the stairs. The lamp was cold.\n")
	if r := run(t, "import", "--data-dir", data, src); r.code != cli.ExitOK {
		t.Fatal(r.stderr)
	}
	// The next use of a library with a document in it backs it up (daily).
	if r := run(t, "list", "--data-dir", data); r.code != cli.ExitOK {
		t.Fatal(r.stderr)
	}
	db := filepath.Join(data, "library.db")
	backups, err := store.Backups(db)
	if err != nil || len(backups) != 1 {
		t.Fatalf("backups after a day's first use: %v %+v", err, backups)
	}
	if r := run(t, "doctor", "--data-dir", data); r.code != cli.ExitOK || !strings.Contains(r.stdout, "integrity ok") {
		t.Fatalf("doctor on a sound library: %d %s %s", r.code, r.stdout, r.stderr)
	}

	damage(t, db)
	other := write(t, dir, "other.md", "# Other\n\nAnother text to import.\n")
	for _, args := range [][]string{
		{"import", other}, {"convert", src, "-o", filepath.Join(dir, "k.wav")}, {"lexicon", "add", "Siobhan", "--say", "shiv awn"},
		{"list"}, {"jobs"},
	} {
		r := run(t, append(args, "--data-dir", data)...)
		if r.code == cli.ExitOK || !strings.Contains(r.stderr, db+" is damaged") || !strings.Contains(r.stderr, "readback restore") {
			t.Errorf("%s on a damaged library: %d %q", args[0], r.code, r.stderr)
		}
	}
	if r := run(t, "doctor", "--data-dir", data); r.code != cli.ExitError || !strings.Contains(r.stdout, "PROBLEM") {
		t.Fatalf("doctor on a damaged library: %d %s", r.code, r.stdout)
	}
	if r := run(t, "diagnostics", "--data-dir", data); r.code != cli.ExitError || !strings.Contains(r.stdout, "is damaged") {
		t.Fatalf("diagnostics on a damaged library reports it with the rest: %d %s %s", r.code, r.stdout, r.stderr)
	}
	r := run(t, "restore", "--data-dir", data)
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, "restored the library from") {
		t.Fatalf("restore: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, "doctor", "--data-dir", data); r.code != cli.ExitOK {
		t.Fatalf("doctor after the restore: %d %s", r.code, r.stdout)
	}
	if r := run(t, "list", "--data-dir", data); r.code != cli.ExitOK || !strings.Contains(r.stdout, "The Keeper") {
		t.Fatalf("list after the restore: %d %s %s", r.code, r.stdout, r.stderr)
	}
	kept, _ := filepath.Glob(db + ".damaged-*")
	if len(kept) == 0 {
		t.Error("the damaged database was not kept")
	}
}

// damage writes random bytes over the database's pages after the first (its header
// stays, so SQLite still takes it for a database).
func damage(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 4096; i < len(b); i++ {
		if i%4096 < 2048 {
			b[i] = byte(rng.IntN(256))
		}
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
}

// A library whose schema is about to change is backed up first.
func TestMigrationIsPrecededByABackup(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "library.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	// Take the library back to before its newest migration (0017 adds a table if it
	// is missing: run again on a library that has it, it does nothing).
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	var newest int
	raw.QueryRow(`SELECT max(version) FROM schema_migrations`).Scan(&newest)
	if newest != 17 {
		t.Fatalf("migration %d: the test undoes 0017", newest)
	}
	if _, err := raw.Exec(`DELETE FROM schema_migrations WHERE version = ?`, newest); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	st, err = store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	backups, _ := store.Backups(db)
	if len(backups) != 1 || backups[0].Version != newest-1 || !strings.Contains(backups[0].Path, "before-v") {
		t.Fatalf("backups: %+v", backups)
	}
}

// Restoring is refused while the library is open elsewhere (an idle window holds
// no SQLite lock in WAL mode: its writes after the restore would be lost).
func TestRestoreRefusedWhileInUse(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	src := write(t, dir, "keeper.md", "# The Keeper\n\nThe keeper climbed the stairs.\n")
	run(t, "import", "--data-dir", data, src)
	run(t, "list", "--data-dir", data) // the day's backup
	st, err := store.Open(ctx, filepath.Join(data, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, "restore", "--data-dir", data)
	st.Close()
	if r.code == cli.ExitOK || !strings.Contains(r.stderr, "is in use") {
		t.Fatalf("restore under an open library: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := run(t, "restore", "--data-dir", data); r.code != cli.ExitOK {
		t.Fatalf("restore once it is closed: %d %q", r.code, r.stderr)
	}
}

// Only the newest backups are kept.
func TestBackupsArePruned(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	run(t, "import", "--data-dir", data, write(t, dir, "a.md", "# A\n\nWords to keep.\n"))
	st, err := store.Open(ctx, filepath.Join(data, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := 0; i < store.KeepBackups+3; i++ {
		if _, err := st.BackupNow(ctx, "test"); err != nil {
			t.Fatal(err)
		}
	}
	list, _ := store.Backups(filepath.Join(data, "library.db"))
	files, _ := filepath.Glob(filepath.Join(store.BackupsDir(filepath.Join(data, "library.db")), "*"))
	if len(list) != store.KeepBackups || len(files) != store.KeepBackups {
		t.Fatalf("%d backups, %d files; want %d", len(list), len(files), store.KeepBackups)
	}
}

// Doctor reads the packs' entries: audio a stopped conversion wrote and never
// recorded is counted (and convert then records it instead of synthesising it), a
// sentence's audio whose bytes changed fails its checksum and is a problem, and an
// entry's header is not taken for unreferenced space.
func TestDoctorReadsPackEntries(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	src := write(t, dir, "keeper.md", "# The Keeper\n\nThe keeper climbed the stairs. The lamp was cold. Rain fell.\n")
	t.Setenv("READBACK_TEST_CLI", "1")
	if _, r := convert(t, "--data-dir", data, "--workers", "1", src, "-o", filepath.Join(dir, "k.wav")); r.code != cli.ExitOK {
		t.Fatal(r.stderr)
	}
	r := run(t, "doctor", "--data-dir", data)
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, "0.0 MB of pack space nothing refers to") || strings.Contains(r.stdout, "unrecorded") {
		t.Fatalf("doctor after a clean conversion: %d %s", r.code, r.stdout)
	}
	// One sentence forgotten by the library, as if its run had been killed before
	// recording it.
	db, err := sql.Open("sqlite", filepath.Join(data, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	var key, pack string
	var offset int64
	db.QueryRow("SELECT key, pack, pack_offset FROM renditions ORDER BY pack_offset DESC LIMIT 1").Scan(&key, &pack, &offset)
	if _, err := db.Exec("DELETE FROM renditions WHERE key = ?", key); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if r := run(t, "doctor", "--data-dir", data); !strings.Contains(r.stdout, "1 sentences' audio was written by a stopped conversion and not recorded") {
		t.Fatalf("doctor with unrecorded audio: %d %s", r.code, r.stdout)
	}
	s, r2 := convert(t, "--data-dir", data, "--workers", "1", src, "-o", filepath.Join(dir, "k2.wav"))
	if r2.code != cli.ExitOK || s.Recovered != 1 || s.Synthesized != 0 {
		t.Fatalf("convert after: %+v %s", s, r2.stderr)
	}
	// A byte of the first sentence's audio changed.
	path := filepath.Join(data, "renditions", "packs", pack)
	b, _ := os.ReadFile(path)
	b[100] ^= 0xFF
	os.WriteFile(path, b, 0o644)
	if r := run(t, "doctor", "--data-dir", data); r.code != cli.ExitError || !strings.Contains(r.stdout, "fails its checksum") {
		t.Fatalf("doctor with damaged audio: %d %s", r.code, r.stdout)
	}
}
