package store_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"readback/internal/store"
)

// A backup killed while it was written leaves its partial file (and the journal
// VACUUM INTO keeps beside it); the next start removes them even when no backup is
// due, and leaves alone the one another running process is writing. CI's kill
// storm found the first kind left behind: the sweep ran only after a new backup.
func TestKilledBackupIsSweptAtTheNextStart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "library.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	oneParagraph(t, st, "0123456789abcdef")
	if _, err := st.BackupNow(ctx, "daily"); err != nil {
		t.Fatal(err)
	}

	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	running := exec.Command("sleep", "60")
	if err := running.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { running.Process.Kill(); running.Wait() }()

	dir := store.BackupsDir(path)
	killed := fmt.Sprintf(".library-20261201T224537.106Z-v14-daily.db.%d.1796165137106000000.part", gone.Process.Pid)
	writing := fmt.Sprintf(".library-20261201T224538.000Z-v14-daily.db.%d.1796165138000000000.part", running.Process.Pid)
	for _, name := range []string{killed, killed + "-journal", writing} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("half a database"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := st.BackupIfDue(ctx)
	if err != nil || b != nil {
		t.Fatalf("a backup was due a moment after the last: %+v, %v", b, err)
	}
	for _, name := range []string{killed, killed + "-journal"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("%s, left by a process no longer running, is still there (%v)", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, writing)); err != nil {
		t.Errorf("the backup a running process writes was removed: %v", err)
	}
	if list, _ := store.Backups(path); len(list) != 1 {
		t.Errorf("%d backups listed, want the one taken", len(list))
	}
}
