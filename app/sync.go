package app

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"readback/internal/fault"
	"readback/internal/library"
	"readback/internal/render"
	"readback/internal/store"
	"readback/internal/tts"
)

// Sync is the handler of the shared library: its settings and Test connection, the
// Shared view (voices, narrations, lexicon, sentence audio), and the actions on it.
type Sync struct {
	session  *Session
	svc      *library.Service
	store    *store.Store
	renderer *render.Renderer
	pool     func() *render.Pool
	log      *slog.Logger
	// defaultVoice names the voice a document without one of its own is read with.
	defaultVoice string

	mu     sync.Mutex
	cancel context.CancelFunc // of the transfer under way (an install, a publish)
}

// transfer gives a long operation its own context, which CancelTransfer ends.
func (h *Sync) transfer() (context.Context, func()) {
	ctx, cancel := context.WithCancel(h.session.Context())
	h.mu.Lock()
	h.cancel = cancel
	h.mu.Unlock()
	return ctx, func() {
		h.mu.Lock()
		h.cancel = nil
		h.mu.Unlock()
		cancel()
	}
}

// CancelTransfer stops the install or publish under way; what was downloaded is
// kept, and the next attempt fetches only the rest.
func (h *Sync) CancelTransfer() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.cancel != nil {
		h.cancel()
	}
}

// NewSync returns the handler.
func NewSync(s *Session, svc *library.Service, st *store.Store, r *render.Renderer, pool func() *render.Pool, log *slog.Logger, defaultVoice string) *Sync {
	return &Sync{session: s, svc: svc, store: st, renderer: r, pool: pool, log: log, defaultVoice: defaultVoice}
}

// SharedSettings are the settings page's contents.
type SharedSettings struct {
	Settings   library.Settings `json:"settings"`
	Configured bool             `json:"configured"`
	Status     library.Status   `json:"status"`
}

// Settings returns the shared library's settings and the last sync's outcome.
func (h *Sync) Settings() (SharedSettings, error) {
	ctx := h.session.Context()
	set, ok, err := h.svc.Settings(ctx)
	if err != nil {
		return SharedSettings{}, err
	}
	if set.Author == "" {
		set.Author = library.DefaultAuthor()
	}
	st, err := library.LastStatus(ctx, h.store)
	return SharedSettings{Settings: set, Configured: ok, Status: st}, err
}

// SaveSettings validates and saves the settings; a sync follows.
func (h *Sync) SaveSettings(s library.Settings) (SharedSettings, error) {
	if _, err := h.svc.SetSettings(h.session.Context(), s); err != nil {
		return SharedSettings{}, err
	}
	return h.Settings()
}

// TestConnection tries each permission the library needs of the bucket.
func (h *Sync) TestConnection() ([]library.Check, error) {
	l, err := h.svc.Library(h.session.Context())
	if err != nil {
		return nil, err
	}
	return l.TestConnection(h.session.Context()), nil
}

// SyncNow syncs at once.
func (h *Sync) SyncNow() (*library.SyncReport, error) {
	return h.svc.Sync(h.session.Context(), false)
}

// NarrationView is one published narration.
type NarrationView struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Voice       string `json:"voice"`
	DurationMs  int64  `json:"duration_ms"`
	Author      string `json:"author"`
	PublishedAt int64  `json:"published_at"`
	Mine        bool   `json:"mine"` // published from this library
}

// SharedOverview is the Shared view: the bucket's side and this library's.
type SharedOverview struct {
	Configured bool                    `json:"configured"`
	Settings   library.Settings        `json:"settings"`
	Status     library.Status          `json:"status"`
	Voices     []library.VoiceStatus   `json:"voices"`
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

// Overview reads both sides; the bucket's failing leaves this library's in view.
func (h *Sync) Overview() (*SharedOverview, error) {
	ctx := h.session.Context()
	set, err := h.Settings()
	if err != nil {
		return nil, err
	}
	o := &SharedOverview{Configured: set.Configured, Settings: set.Settings, Status: set.Status,
		Voices: []library.VoiceStatus{}, Narrations: []NarrationView{}}
	entries, err := h.store.LexiconEntries(ctx, 0)
	if err != nil {
		return nil, err
	}
	o.Lexicon = len(entries)
	if o.Conflicts, err = h.store.LexiconConflicts(ctx, 20); err != nil {
		return nil, err
	}
	if o.Packs, o.Remote, o.Unshared, err = h.store.SharedCounts(ctx); err != nil {
		return nil, err
	}
	local, err := h.store.VoicePacks(ctx)
	if err != nil {
		return nil, err
	}
	mine, err := h.store.PublishedNarrations(ctx)
	if err != nil {
		return nil, err
	}
	if !o.Configured {
		o.Voices = library.VoiceStates(&library.Index{}, local)
		return o, nil
	}
	l, err := h.svc.Library(ctx)
	var x *library.Index
	if err == nil {
		x, err = l.ReadIndexQuick(ctx)
	}
	if err != nil {
		o.Error = fault.MessageOf(library.UserMessage(err))
		o.Voices = library.VoiceStates(&library.Index{}, local)
		return o, nil
	}
	o.Voices = library.VoiceStates(x, local)
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

// InstallVoice installs (or updates to) a voice pack's latest version.
func (h *Sync) InstallVoice(id string) error {
	ctx, done := h.transfer()
	defer done()
	l, err := h.svc.Library(ctx)
	if err != nil {
		return err
	}
	_, err = l.InstallVoice(ctx, id, 0, h.progress())
	h.session.Emit("shared:changed", nil)
	if errors.Is(err, context.Canceled) {
		return fault.Wrap(err, fault.Conflict, "the install of %s was cancelled; what was downloaded is kept for the next attempt", id)
	}
	return library.UserMessage(err)
}

// RemoveVoice uninstalls a voice pack here.
func (h *Sync) RemoveVoice(id string) error {
	return library.UserMessage(h.svc.RemoveVoice(h.session.Context(), id))
}

// PublishVoice asks for a voice folder and publishes it; "" when the dialog was
// cancelled.
func (h *Sync) PublishVoice() (string, error) {
	dir, err := runtime.OpenDirectoryDialog(h.session.Context(), runtime.OpenDialogOptions{
		Title: "Choose the voice folder to publish (with its voice.json)"})
	if err != nil || dir == "" {
		return "", err
	}
	m, err := h.PublishVoiceDir(dir)
	if err != nil {
		return "", err
	}
	return m.ID, nil
}

// PublishVoiceDir publishes the voice pack in dir.
func (h *Sync) PublishVoiceDir(dir string) (*library.VoiceManifest, error) {
	ctx := h.session.Context()
	l, err := h.svc.Library(ctx)
	if err != nil {
		return nil, err
	}
	m, err := l.PublishVoice(ctx, dir)
	h.session.Emit("shared:changed", nil)
	return m, library.UserMessage(err)
}

// PublishNarration converts a document (reusing its audio) and publishes it.
func (h *Sync) PublishNarration(documentID int64, id, format string) (*library.NarrationManifest, error) {
	ctx, done := h.transfer()
	defer done()
	l, err := h.svc.Library(ctx)
	if err != nil {
		return nil, err
	}
	var pool *render.Pool
	if h.pool != nil {
		pool = h.pool()
	}
	// The document's voices and rate, as its conversion reads them.
	m, err := l.PublishDocument(ctx, h.renderer, pool, library.NarrationRequest{DocumentID: documentID, ID: id, Format: format,
		Voice: render.Voice{Prosody: tts.Prosody{Pitch: 1, Volume: 1}}, VoiceName: h.defaultVoice})
	h.session.Emit("shared:changed", nil)
	if err != nil {
		var fe *fault.Error
		if !errors.As(err, &fe) {
			return nil, library.UserMessage(err)
		}
		return nil, err
	}
	return m, nil
}

// DownloadNarration asks where to save a published narration and downloads it
// there (verified; an interrupted download resumes); "" when the dialog was cancelled.
func (h *Sync) DownloadNarration(id string) (string, error) {
	ctx := h.session.Context()
	l, err := h.svc.Library(ctx)
	if err != nil {
		return "", err
	}
	m, err := l.ReadNarration(ctx, id)
	if err != nil {
		return "", library.UserMessage(err)
	}
	path, err := runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{Title: "Save the narration", DefaultFilename: library.Slug(m.Title) + filepath.Ext(m.Audio.Name)})
	if err != nil || path == "" {
		return "", err
	}
	return path, h.DownloadNarrationTo(id, path)
}

// DownloadNarrationTo downloads a published narration to path, which must be
// outside the data directory.
func (h *Sync) DownloadNarrationTo(id, path string) error {
	if !filepath.IsAbs(path) {
		return fault.New(fault.Invalid, "%q is not an absolute path", path)
	}
	if err := library.OutsideData(path, h.svc.DataDir); err != nil {
		return err
	}
	ctx, done := h.transfer()
	defer done()
	l, err := h.svc.Library(ctx)
	if err != nil {
		return err
	}
	_, err = l.PullNarration(ctx, id, path, h.progress())
	return library.UserMessage(err)
}

// ShareLinkView is a share link and when it stops working.
type ShareLinkView struct {
	URL   string `json:"url"`
	Until int64  `json:"until"` // Unix ms
}

// ShareLink makes a link to a narration that works for hours (1–168).
func (h *Sync) ShareLink(id string, hours int) (*ShareLinkView, error) {
	ctx := h.session.Context()
	l, err := h.svc.Library(ctx)
	if err != nil {
		return nil, err
	}
	u, until, err := l.ShareLink(ctx, id, time.Duration(hours)*time.Hour)
	if err != nil {
		return nil, library.UserMessage(err)
	}
	return &ShareLinkView{URL: u, Until: until.UnixMilli()}, nil
}

// progress reports a transfer to the window, at most ten times a second.
func (h *Sync) progress() library.Progress {
	return library.Throttle(func(key string, done, total int64) {
		h.session.Emit("shared:progress", map[string]any{"key": key, "done": done, "total": total})
	}, 100*time.Millisecond)
}
