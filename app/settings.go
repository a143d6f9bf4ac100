package app

import (
	"readback/internal/catalog"
	"readback/internal/document"
)

// Settings is the settings view's handler.
type Settings struct {
	session *Session
	catalog *catalog.Catalog
	dataDir string
	version string
}

// NewSettings returns the handler.
func NewSettings(session *Session, cat *catalog.Catalog, dataDir, version string) *Settings {
	return &Settings{session: session, catalog: cat, dataDir: dataDir, version: version}
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
