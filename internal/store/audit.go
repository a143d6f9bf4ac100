package store

import (
	"context"
	"fmt"
)

// AuditEvent is one thing done that cannot be undone: a delete, a rename, a new
// version, a publish, a settings change, a lexicon import.
type AuditEvent struct {
	ID      int64  `json:"id"`
	At      int64  `json:"at"` // Unix ms
	Action  string `json:"action"`
	Subject string `json:"subject"`
	Detail  string `json:"detail"`
}

// AuditPage is a page of the audit log, newest first.
type AuditPage struct {
	Events  []AuditEvent `json:"events"`
	Total   int          `json:"total"`
	Actions []string     `json:"actions"` // every action the log holds, for a filter
}

// AuditEvents lists the log newest first, optionally one action's, from since (Unix
// ms; 0: all), limit a page, in one query per part.
func (s *Store) AuditEvents(ctx context.Context, action string, since int64, offset, limit int) (*AuditPage, error) {
	p := &AuditPage{Events: []AuditEvent{}, Actions: []string{}}
	where := `WHERE (? = '' OR action = ?) AND at >= ?`
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM audit_events `+where, action, action, since).Scan(&p.Total); err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, action, subject, detail FROM audit_events `+where+` ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
		action, action, since, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e AuditEvent
		if err := rows.Scan(&e.ID, &e.At, &e.Action, &e.Subject, &e.Detail); err != nil {
			return nil, err
		}
		p.Events = append(p.Events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	arows, err := s.db.QueryContext(ctx, `SELECT DISTINCT action FROM audit_events ORDER BY action`)
	if err != nil {
		return nil, fmt.Errorf("store: audit actions: %w", err)
	}
	defer arows.Close()
	for arows.Next() {
		var a string
		if err := arows.Scan(&a); err != nil {
			return nil, err
		}
		p.Actions = append(p.Actions, a)
	}
	return p, arows.Err()
}
