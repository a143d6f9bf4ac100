package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"

	"readback/internal/cloud"
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
	Notify   bool   `json:"notify"`   // a desktop notification when a conversion finishes or fails
	Theme    string `json:"theme"`    // "system" (follow the desktop), "light" or "dark"
	Language string `json:"language"` // the window's language: "" (the desktop's), "en" or "de"

	// What Convert… starts with: the voice ("" picks one by the document's
	// language), the narration rate (for a document without its own), the pauses,
	// the format, and the folder ("" is the music folder's Audiobooks; a document
	// converted before goes where it went last).
	Voice  string     `json:"voice"`
	Rate   float64    `json:"rate"`
	Pauses PausePrefs `json:"pauses"`
	Format string     `json:"format"`
	Folder string     `json:"folder"`

	// VoiceCatalog is the address of the Piper voice catalogue (voices.json); ""
	// is the official voice repository's.
	VoiceCatalog string `json:"voice_catalog"`

	// Polly sets up Amazon Polly's voices (off until the writer turns it on).
	Polly PollyPrefs `json:"polly"`
}

// PollyPrefs set up Amazon Polly. The credentials are never kept here: they come
// from the AWS chain (the environment, ~/.aws) or the named profile.
type PollyPrefs struct {
	On       bool   `json:"on"`
	Region   string `json:"region"`   // "" is us-east-1
	Profile  string `json:"profile"`  // "" is the default chain
	Endpoint string `json:"endpoint"` // "" is Amazon's; another for a stand-in
	// MonthlyCharacters is the budget: what may be sent in a calendar month (0:
	// no budget).
	MonthlyCharacters int64 `json:"monthly_characters"`
	// RequestsPerSecond is the account's quota (0: Polly's default for neural voices).
	RequestsPerSecond float64 `json:"requests_per_second"`
}

var (
	awsRegion  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]$`)
	awsProfile = regexp.MustCompile(`^[A-Za-z0-9_.@+-]{1,64}$`)
)

// Validate refuses what Polly could not be set up with.
func (p PollyPrefs) Validate() error {
	if p.Region != "" && !awsRegion.MatchString(p.Region) {
		return fault.New(fault.Invalid, "%q is not an AWS region (like eu-west-1)", p.Region)
	}
	if p.Profile != "" && !awsProfile.MatchString(p.Profile) {
		return fault.New(fault.Invalid, "%q is not an AWS profile's name", p.Profile)
	}
	if p.Endpoint != "" {
		if err := cloud.CheckEndpoint(p.Endpoint); err != nil {
			return err
		}
	}
	if p.MonthlyCharacters < 0 || p.MonthlyCharacters > 1e12 {
		return fault.New(fault.Invalid, "the monthly budget is 0 (none) to a trillion characters, not %d", p.MonthlyCharacters)
	}
	if !(p.RequestsPerSecond >= 0 && p.RequestsPerSecond <= 1000) {
		return fault.New(fault.Invalid, "Polly's requests a second are 0 (its default) to 1000, not %v", p.RequestsPerSecond)
	}
	return nil
}

// MonthlyBudget is the characters an engine may be sent in a month (0: no budget).
func (p Preferences) MonthlyBudget(engine string) int64 {
	if engine == "polly" {
		return p.Polly.MonthlyCharacters
	}
	return 0
}

// PausePrefs are the silences between sentences, paragraphs and chapters, in ms.
type PausePrefs struct {
	Sentence  int `json:"sentence"`
	Paragraph int `json:"paragraph"`
	Chapter   int `json:"chapter"`
}

// DefaultPreferences are what a new library starts with.
func DefaultPreferences() Preferences {
	return Preferences{Notify: true, Theme: "system", Rate: 1, Format: "m4b",
		Pauses: PausePrefs{Sentence: 250, Paragraph: 600, Chapter: 1500}}
}

const preferencesKey = "preferences"

// Validate refuses a preference the app does not know.
func (p Preferences) Validate() error {
	switch p.Theme {
	case "system", "light", "dark":
	default:
		return fault.New(fault.Invalid, "the theme is system, light or dark, not %q", p.Theme)
	}
	switch p.Language {
	case "", "en", "de":
	default:
		return fault.New(fault.Invalid, "the window's language is en or de (or the desktop's), not %q", p.Language)
	}
	switch p.Format {
	case "m4b", "mp3", "opus", "flac", "wav":
	default:
		return fault.New(fault.Invalid, "the format is m4b, mp3, opus, flac or wav, not %q", p.Format)
	}
	if p.Rate < 0.5 || p.Rate > 3 || p.Rate != p.Rate {
		return fault.New(fault.Invalid, "the rate is 0.5 to 3, not %v", p.Rate)
	}
	for _, ms := range []int{p.Pauses.Sentence, p.Pauses.Paragraph, p.Pauses.Chapter} {
		if ms < 0 || ms > MaxPauseMs {
			return fault.New(fault.Invalid, "pauses are 0 to 60000 ms, not %d", ms)
		}
	}
	if p.Folder != "" && !filepath.IsAbs(p.Folder) {
		return fault.New(fault.Invalid, "the folder must be a full path (from /), not %q", p.Folder)
	}
	if len(p.Voice) > 200 {
		return fault.New(fault.Invalid, "the voice's name is too long")
	}
	if err := p.Polly.Validate(); err != nil {
		return err
	}
	if p.VoiceCatalog != "" {
		u, err := url.Parse(p.VoiceCatalog)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(p.VoiceCatalog) > 2000 {
			return fault.New(fault.Invalid, "%q is not a voice catalogue's address (http or https)", p.VoiceCatalog)
		}
	}
	return nil
}

// Preferences reads the writer's preferences; what was never set has its default.
func (s *Store) Preferences(ctx context.Context) (Preferences, error) {
	p := DefaultPreferences()
	if _, err := s.Setting(ctx, preferencesKey, &p); err != nil {
		return DefaultPreferences(), err
	}
	// A value this version does not know (written by a newer one, or by hand) is
	// not the writer's problem: its default stands in, and the rest are kept. Each
	// field is tried alone among the defaults; one that fails there is reset.
	d := DefaultPreferences()
	fields := []func(dst *Preferences, src Preferences){
		func(dst *Preferences, src Preferences) { dst.Theme = src.Theme },
		func(dst *Preferences, src Preferences) { dst.Language = src.Language },
		func(dst *Preferences, src Preferences) { dst.Format = src.Format },
		func(dst *Preferences, src Preferences) { dst.Rate = src.Rate },
		func(dst *Preferences, src Preferences) { dst.Pauses = src.Pauses },
		func(dst *Preferences, src Preferences) { dst.Folder, dst.Voice = src.Folder, src.Voice },
		func(dst *Preferences, src Preferences) { dst.VoiceCatalog = src.VoiceCatalog },
		func(dst *Preferences, src Preferences) { dst.Polly = src.Polly },
	}
	for _, field := range fields {
		alone := d
		field(&alone, p)
		if alone.Validate() != nil {
			field(&p, d)
		}
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

// MaxPauseMs is the longest pause a writer may set anywhere (between sentences,
// paragraphs or chapters, or after one sentence): a minute.
const MaxPauseMs = 60000
