package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readback/internal/store"
)

// The rescue lists the backups newest first, restores only one of them by name
// (never a path the window sends), keeps the damaged database, and says the cause
// without the command line's advice.
func TestRescueRestoresOnlyItsBackups(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "library.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.BackupNow(ctx, "daily"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	os.WriteFile(db, []byte("not a database any more, as far as anyone can tell"), 0o644)
	_, cause := store.Open(ctx, db)
	if !errors.Is(cause, store.ErrDamaged) {
		t.Fatalf("the damage was not taken for damage: %v", cause)
	}
	quits := 0
	r := NewRescue(NewSession(), db, cause, func(context.Context) { quits++ })
	s, err := r.State()
	if err != nil || len(s.Backups) != 1 || s.Database != db || strings.Contains(s.Problem, "readback restore") || !strings.Contains(s.Problem, "damaged") {
		t.Fatalf("state: %+v %v", s, err)
	}
	if _, err := r.Restore(filepath.Join(dir, "backups", s.Backups[0].Name)); err == nil {
		t.Fatal("a path was restored")
	}
	kept, err := r.Restore(s.Backups[0].Name)
	if err != nil || !strings.HasPrefix(kept, "library.db.damaged-") {
		t.Fatalf("restore: %q %v", kept, err)
	}
	st, err = store.Open(ctx, db)
	if err != nil {
		t.Fatalf("the restored library does not open: %v", err)
	}
	st.Close()
	r.Quit()
	if quits != 1 {
		t.Fatalf("quit %d times", quits)
	}
}
