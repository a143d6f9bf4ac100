package app

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"readback/internal/audio"
	"readback/internal/catalog"
	"readback/internal/config"
	"readback/internal/document"
	"readback/internal/fault"
	"readback/internal/health"
	"readback/internal/library"
	"readback/internal/store"
)

// Settings is the settings view's handler.
type Settings struct {
	session *Session
	catalog *catalog.Catalog
	dataDir string
	version string
	health  func(ctx context.Context, enginesOnly bool) *health.Report // the health check, as the window wires it
}

// NewSettings returns the handler; diag runs the health check (nil: none).
func NewSettings(session *Session, cat *catalog.Catalog, dataDir, version string, diag func(context.Context, bool) *health.Report) *Settings {
	return &Settings{session: session, catalog: cat, dataDir: dataDir, version: version, health: diag}
}

// Diagnostics returns the health check as text, redacted for a bug report.
func (s *Settings) Diagnostics() string {
	if s.health == nil {
		return ""
	}
	return s.health(s.session.Context(), false).Text()
}

// Engines lists what makes sound and its state: each speech engine with its
// version and voices, the neural runtime, the audio device, ffmpeg.
func (s *Settings) Engines() []health.Check {
	if s.health == nil {
		return []health.Check{}
	}
	return s.health(s.session.Context(), true).Checks
}

// CopyDiagnostics puts the redacted health check on the clipboard.
func (s *Settings) CopyDiagnostics() error {
	return runtime.ClipboardSetText(s.session.Context(), s.Diagnostics())
}

// AuditLog returns a page (from 0) of the log of what cannot be undone.
func (s *Settings) AuditLog(q catalog.AuditQuery, page int) (*store.AuditPage, error) {
	return s.catalog.AuditLog(s.session.Context(), q, page)
}

// ExportAuditLog asks where to save the log as CSV and writes it there (whole or
// not at all); "" when the dialog was cancelled.
func (s *Settings) ExportAuditLog(q catalog.AuditQuery) (string, error) {
	path, err := runtime.SaveFileDialog(s.session.Context(), runtime.SaveDialogOptions{Title: "Export the audit log",
		DefaultFilename: "readback-audit.csv", Filters: []runtime.FileFilter{{DisplayName: "CSV", Pattern: "*.csv"}}})
	if err != nil || path == "" {
		return "", err
	}
	return path, s.ExportAuditLogTo(q, path)
}

// ExportAuditLogTo writes the log as CSV to path (outside the data directory).
func (s *Settings) ExportAuditLogTo(q catalog.AuditQuery, path string) error {
	if err := library.CheckOutput(path, s.dataDir); err != nil {
		return err
	}
	f, err := audio.CreateAtomic(path)
	if err != nil {
		return fault.Wrap(err, fault.Invalid, "%s: %v", path, err)
	}
	if err := s.catalog.WriteAuditCSV(s.session.Context(), f, q); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// About tells where the data lives and which version runs.
type About struct {
	Version string `json:"version"`
	DataDir string `json:"data_dir"`
	// Audiobooks is where a book goes when no folder is set: the desktop's music
	// folder's Audiobooks, else ~/Audiobooks.
	Audiobooks string `json:"audiobooks"`
}

// About returns the version and the folders the app uses.
func (s *Settings) About() About {
	return About{Version: s.version, DataDir: s.dataDir, Audiobooks: config.AudiobooksDir()}
}

// Limits returns the import limits in force.
func (s *Settings) Limits() (document.Limits, error) { return s.catalog.Limits(s.session.Context()) }

// SetLimits changes the import limits.
func (s *Settings) SetLimits(lim document.Limits) error {
	return s.catalog.SetLimits(s.session.Context(), lim)
}

// Preferences returns the writer's preferences (notifications, theme).
func (s *Settings) Preferences() (store.Preferences, error) {
	return s.catalog.Preferences(s.session.Context())
}

// SetPreferences keeps the writer's preferences.
func (s *Settings) SetPreferences(p store.Preferences) error {
	return s.catalog.SetPreferences(s.session.Context(), p)
}

// ChooseFolder asks for the folder audiobooks go to by default ("" when cancelled).
func (s *Settings) ChooseFolder() (string, error) {
	dir, err := runtime.OpenDirectoryDialog(s.session.Context(), runtime.OpenDialogOptions{Title: "Where audiobooks go", CanCreateDirectories: true})
	if err != nil {
		return "", fault.Wrap(err, fault.Unavailable, "the folder dialog could not be opened: %v", err)
	}
	return dir, nil
}

// DefaultLimits returns the limits Readback ships with.
func (s *Settings) DefaultLimits() document.Limits { return document.DefaultLimits() }
