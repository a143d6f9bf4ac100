package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"readback/internal/fault"
)

// Setting reads the JSON value stored under key into v; found is false when the key
// has never been set (v is then left as it was, holding the default).
func (s *Store) Setting(ctx context.Context, key string, v any) (found bool, err error) {
	var raw string
	err = s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: setting %s: %w", key, err)
	}
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		return false, fmt.Errorf("store: setting %s: %w", key, err)
	}
	return true, nil
}

// SetSetting stores v as JSON under key.
func (s *Store) SetSetting(ctx context.Context, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("store: setting %s: %w", key, err)
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, string(raw))
	if err != nil {
		return fmt.Errorf("store: setting %s: %w", key, err)
	}
	return nil
}

// Preferences are the writer's choices for the app itself (import limits are kept
// apart, with the import).
type Preferences struct {
	Notify bool   `json:"notify"` // a desktop notification when a conversion finishes or fails
	Theme  string `json:"theme"`  // "system" (follow the desktop), "light" or "dark"
}

// DefaultPreferences are what a new library starts with.
func DefaultPreferences() Preferences { return Preferences{Notify: true, Theme: "system"} }

const preferencesKey = "preferences"

// Validate refuses a preference the app does not know.
func (p Preferences) Validate() error {
	switch p.Theme {
	case "system", "light", "dark":
	default:
		return fault.New(fault.Invalid, "the theme is system, light or dark, not %q", p.Theme)
	}
	return nil
}

// Preferences reads the writer's preferences; what was never set has its default.
func (s *Store) Preferences(ctx context.Context) (Preferences, error) {
	p := DefaultPreferences()
	if _, err := s.Setting(ctx, preferencesKey, &p); err != nil {
		return DefaultPreferences(), err
	}
	if p.Validate() != nil {
		p.Theme = DefaultPreferences().Theme
	}
	return p, nil
}

// SetPreferences keeps p, once valid.
func (s *Store) SetPreferences(ctx context.Context, p Preferences) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.SetSetting(ctx, preferencesKey, p)
}
