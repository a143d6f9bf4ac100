package app

import (
	"context"
	"errors"
	"path/filepath"
	"time"

	"readback/internal/fault"
	"readback/internal/store"
)

// Rescue is all the window offers when its library cannot be opened (it failed its
// check on opening): why, the backups there are, and bringing one back. Nothing else
// is bound then, so nothing can write into the damaged database.
type Rescue struct {
	session *Session
	db      string
	cause   error
	// quit closes the window (Wails's runtime; tests count calls).
	quit func(context.Context)
}

// RescueBackup is a backup the writer may bring back.
type RescueBackup struct {
	Name  string `json:"name"`
	Taken string `json:"taken"` // RFC 3339
	Size  int64  `json:"size"`
}

// RescueState is why the library did not open and what can bring it back.
type RescueState struct {
	Database string         `json:"database"`
	Problem  string         `json:"problem"`
	Backups  []RescueBackup `json:"backups"` // newest first
}

// NewRescue returns the rescue of the library at db, which failed to open with cause.
func NewRescue(session *Session, db string, cause error, quit func(context.Context)) *Rescue {
	return &Rescue{session: session, db: db, cause: cause, quit: quit}
}

// State says what is wrong and lists the backups.
func (r *Rescue) State() (*RescueState, error) {
	st := &RescueState{Database: r.db, Problem: r.problem(), Backups: []RescueBackup{}}
	list, err := store.Backups(r.db)
	if err != nil {
		return nil, err
	}
	for _, b := range list {
		st.Backups = append(st.Backups, RescueBackup{Name: filepath.Base(b.Path), Taken: b.Taken.UTC().Format(time.RFC3339), Size: b.Size})
	}
	return st, nil
}

// problem is the cause in words, without the command-line advice (the window
// offers the restore itself).
func (r *Rescue) problem() string {
	var cause interface{ Unwrap() error }
	if errors.As(r.cause, &cause) {
		if inner := cause.Unwrap(); inner != nil {
			return inner.Error()
		}
	}
	return r.cause.Error()
}

// Restore brings back the backup named (one of State's, never a path from the
// window) as the library, keeping the damaged database beside it, and returns the
// name of the kept copy. The window closes afterwards; the next start opens the
// restored library.
func (r *Rescue) Restore(name string) (string, error) {
	list, err := store.Backups(r.db)
	if err != nil {
		return "", err
	}
	for _, b := range list {
		if filepath.Base(b.Path) == name {
			kept, err := store.Restore(r.session.Context(), r.db, b.Path)
			if err != nil {
				return "", err
			}
			return filepath.Base(kept), nil
		}
	}
	return "", fault.New(fault.NotFound, "there is no backup %q", name)
}

// Quit closes the window.
func (r *Rescue) Quit() {
	if r.quit != nil {
		r.quit(r.session.Context())
	}
}
