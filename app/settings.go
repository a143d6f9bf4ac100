package app

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"readback/internal/catalog"
	"readback/internal/document"
	"readback/internal/health"
)

// Settings is the settings view's handler.
type Settings struct {
	session *Session
	catalog *catalog.Catalog
	dataDir string
	version string
	health  func(context.Context) *health.Report // the health check, as main wires it
}

// NewSettings returns the handler; diag runs the health check (nil: none).
func NewSettings(session *Session, cat *catalog.Catalog, dataDir, version string, diag func(context.Context) *health.Report) *Settings {
	return &Settings{session: session, catalog: cat, dataDir: dataDir, version: version, health: diag}
}

// Diagnostics returns the health check as text, redacted for a bug report.
func (s *Settings) Diagnostics() string {
	if s.health == nil {
		return ""
	}
	return s.health(s.session.Context()).Text()
}

// CopyDiagnostics puts the redacted health check on the clipboard.
func (s *Settings) CopyDiagnostics() error {
	return runtime.ClipboardSetText(s.session.Context(), s.Diagnostics())
}

// About tells where the data lives and which version runs.
type About struct {
	Version string `json:"version"`
	DataDir string `json:"data_dir"`
}

// About returns the version and data directory.
func (s *Settings) About() About { return About{Version: s.version, DataDir: s.dataDir} }

// Limits returns the import limits in force.
func (s *Settings) Limits() (document.Limits, error) { return s.catalog.Limits(s.session.Context()) }

// SetLimits changes the import limits.
func (s *Settings) SetLimits(lim document.Limits) error {
	return s.catalog.SetLimits(s.session.Context(), lim)
}

// DefaultLimits returns the limits Readback ships with.
func (s *Settings) DefaultLimits() document.Limits { return document.DefaultLimits() }
