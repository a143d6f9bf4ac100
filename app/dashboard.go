package app

import "readback/internal/catalog"

// Dashboard is the dashboard's handler: the library's activity over a window of days.
type Dashboard struct {
	session *Session
	catalog *catalog.Catalog
}

// NewDashboard returns the handler.
func NewDashboard(session *Session, cat *catalog.Catalog) *Dashboard {
	return &Dashboard{session: session, catalog: cat}
}

// Read returns the dashboard over q's window (clamped to 1–365 days, the reason in
// the answer's note) with q's page of conversions.
func (d *Dashboard) Read(q catalog.DashboardQuery) (*catalog.Dashboard, error) {
	return d.catalog.Dashboard(d.session.Context(), q)
}
