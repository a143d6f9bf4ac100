package library

import (
	"context"
	"errors"
	"path/filepath"
	"sort"
	"time"

	"readback/internal/fault"
	"readback/internal/render"
	"readback/internal/store"
)

// The window's operations on the shared library, each on the library for the
// settings in force, its failures in plain words, and the window told of changes.

// NarrationView is one published narration, as the Shared view lists it.
type NarrationView struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Voice       string `json:"voice"`
	DurationMs  int64  `json:"duration_ms"`
	Author      string `json:"author"`
	PublishedAt int64  `json:"published_at"`
	Mine        bool   `json:"mine"` // published from this library
}

// Overview is the Shared view: the bucket's side and this library's.
type Overview struct {
	Configured bool                    `json:"configured"`
	Settings   Settings                `json:"settings"`
	Status     Status                  `json:"status"`
	Voices     []VoiceStatus           `json:"voices"`
	Narrations []NarrationView         `json:"narrations"`
	Lexicon    int                     `json:"lexicon"` // global entries here
	Conflicts  []store.LexiconConflict `json:"conflicts"`
	Packs      int                     `json:"packs"`    // rendition packs known in the bucket
	Remote     int                     `json:"remote"`   // renditions known in the bucket
	Unshared   int                     `json:"unshared"` // renditions here the bucket does not hold
	// Error is why the bucket's side could not be read (offline, refused); this
	// library's side is still shown.
	Error string `json:"error"`
}

// Current is the settings in force (the default author filled in), whether a
// bucket is set up, and the last sync's outcome — all local, no request made.
func (s *Service) Current(ctx context.Context) (set Settings, configured bool, st Status, err error) {
	if set, configured, err = s.Settings(ctx); err != nil {
		return
	}
	if set.Author == "" {
		set.Author = DefaultAuthor()
	}
	st, err = LastStatus(ctx, s.Store)
	return
}

// Overview reads both sides; the bucket's failing leaves this library's in view.
func (s *Service) Overview(ctx context.Context) (*Overview, error) {
	set, configured, status, err := s.Current(ctx)
	if err != nil {
		return nil, err
	}
	o := &Overview{Configured: configured, Settings: set, Status: status, Voices: []VoiceStatus{}, Narrations: []NarrationView{}}
	entries, err := s.Store.LexiconEntries(ctx, 0)
	if err != nil {
		return nil, err
	}
	o.Lexicon = len(entries)
	if o.Conflicts, err = s.Store.LexiconConflicts(ctx, 20); err != nil {
		return nil, err
	}
	if o.Packs, o.Remote, o.Unshared, err = s.Store.SharedCounts(ctx); err != nil {
		return nil, err
	}
	local, err := s.Store.VoicePacks(ctx)
	if err != nil {
		return nil, err
	}
	x := &Index{}
	if o.Configured {
		l, err := s.Library(ctx)
		if err == nil {
			x, err = l.ReadIndexQuick(ctx)
		}
		if err != nil {
			o.Error = fault.MessageOf(UserMessage(err))
			x = &Index{}
		}
	}
	o.Voices = VoiceStates(x, local)
	mine, err := s.Store.PublishedNarrations(ctx)
	if err != nil {
		return nil, err
	}
	ours := map[string]bool{}
	for _, n := range mine {
		ours[n.ID] = true
	}
	for id, n := range x.Narrations {
		o.Narrations = append(o.Narrations, NarrationView{ID: id, Title: n.Title, Voice: n.Voice, DurationMs: n.DurationMs,
			Author: n.Author, PublishedAt: n.PublishedAt, Mine: ours[id]})
	}
	sort.Slice(o.Narrations, func(i, j int) bool { return o.Narrations[i].PublishedAt > o.Narrations[j].PublishedAt })
	return o, nil
}

// with runs fn on the library in force; its error comes back in plain words, and a
// change is told to the window.
func (s *Service) with(ctx context.Context, fn func(*Library) error) error {
	l, err := s.Library(ctx)
	if err != nil {
		return err
	}
	err = fn(l)
	s.changed()
	return UserMessage(err)
}

// TestConnection tries each permission the library needs of the bucket.
func (s *Service) TestConnection(ctx context.Context) ([]Check, error) {
	l, err := s.Library(ctx)
	if err != nil {
		return nil, err
	}
	return l.TestConnection(ctx), nil
}

// InstallVoice installs (or updates to) a voice pack's latest version.
func (s *Service) InstallVoice(ctx context.Context, id string, progress Progress) error {
	ctx, done := s.transfer(ctx)
	defer done()
	err := s.with(ctx, func(l *Library) error { _, err := l.InstallVoice(ctx, id, 0, progress); return err })
	if errors.Is(err, context.Canceled) {
		return fault.Wrap(err, fault.Conflict, "the install of %s was cancelled; what was downloaded is kept for the next attempt", id)
	}
	return err
}

// PublishVoice publishes the voice pack in dir.
func (s *Service) PublishVoice(ctx context.Context, dir string) (m *VoiceManifest, err error) {
	ctx, done := s.transfer(ctx)
	defer done()
	return m, s.with(ctx, func(l *Library) error { m, err = l.PublishVoice(ctx, dir); return err })
}

// PublishDocument converts a document (reusing its audio) and publishes it.
func (s *Service) PublishDocument(ctx context.Context, r *render.Renderer, pool *render.Pool, q NarrationRequest) (m *NarrationManifest, err error) {
	ctx, done := s.transfer(ctx)
	defer done()
	return m, s.with(ctx, func(l *Library) error { m, err = l.PublishDocument(ctx, r, pool, q); return err })
}

// NarrationFileName is the name a download of narration id is proposed under.
func (s *Service) NarrationFileName(ctx context.Context, id string) (name string, err error) {
	l, err := s.Library(ctx)
	if err != nil {
		return "", err
	}
	m, err := l.ReadNarration(ctx, id)
	if err != nil {
		return "", UserMessage(err)
	}
	return Slug(m.Title) + filepath.Ext(m.Audio.Name), nil
}

// DownloadNarration downloads a published narration to path — a path the user
// gave: absolute, and outside the data directory.
func (s *Service) DownloadNarration(ctx context.Context, id, path string, progress Progress) error {
	ctx, done := s.transfer(ctx)
	defer done()
	if err := CheckOutput(path, s.DataDir); err != nil {
		return err
	}
	l, err := s.Library(ctx)
	if err != nil {
		return err
	}
	_, err = l.PullNarration(ctx, id, path, progress)
	return UserMessage(err)
}

// ShareLink makes a link to a narration that works for d.
func (s *Service) ShareLink(ctx context.Context, id string, d time.Duration) (string, time.Time, error) {
	l, err := s.Library(ctx)
	if err != nil {
		return "", time.Time{}, err
	}
	u, until, err := l.ShareLink(ctx, id, d)
	return u, until, UserMessage(err)
}
