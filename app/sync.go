package app

import (
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"readback/internal/library"
	"readback/internal/render"
	"readback/internal/tts"
)

// Sync is the handler of the shared library: its settings and Test connection, the
// Shared view, and the actions on it — each one call to library.Service.
type Sync struct {
	session  *Session
	svc      *library.Service
	renderer *render.Renderer
	pool     func() *render.Pool
	// defaultVoice names the voice a document without one of its own is read with.
	defaultVoice string
}

// NewSync returns the handler.
func NewSync(s *Session, svc *library.Service, r *render.Renderer, pool func() *render.Pool, defaultVoice string) *Sync {
	return &Sync{session: s, svc: svc, renderer: r, pool: pool, defaultVoice: defaultVoice}
}

// CancelTransfer stops the install, publish or download under way; what was
// downloaded is kept, and the next attempt fetches only the rest.
func (h *Sync) CancelTransfer() { h.svc.CancelTransfer() }

// progress reports a transfer to the window, at most ten times a second.
func (h *Sync) progress() library.Progress {
	return library.Throttle(func(key string, done, total int64) {
		h.session.Emit("shared:progress", map[string]any{"key": key, "done": done, "total": total})
	}, 100*time.Millisecond)
}

// SharedSettings are the settings page's contents.
type SharedSettings struct {
	Settings   library.Settings `json:"settings"`
	Configured bool             `json:"configured"`
	Status     library.Status   `json:"status"`
}

// Settings returns the shared library's settings and the last sync's outcome.
func (h *Sync) Settings() (SharedSettings, error) {
	set, configured, status, err := h.svc.Current(h.session.Context())
	return SharedSettings{Settings: set, Configured: configured, Status: status}, err
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
	return h.svc.TestConnection(h.session.Context())
}

// SyncNow syncs at once.
func (h *Sync) SyncNow() (*library.SyncReport, error) {
	return h.svc.Sync(h.session.Context(), false)
}

// Overview reads both sides; the bucket's failing leaves this library's in view.
func (h *Sync) Overview() (*library.Overview, error) { return h.svc.Overview(h.session.Context()) }

// InstallVoice installs (or updates to) a voice pack's latest version.
func (h *Sync) InstallVoice(id string) error {
	return h.svc.InstallVoice(h.session.Context(), id, h.progress())
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
	return h.svc.PublishVoice(h.session.Context(), dir)
}

// PublishNarration converts a document (reusing its audio) and publishes it.
func (h *Sync) PublishNarration(documentID int64, id, format string) (*library.NarrationManifest, error) {
	var pool *render.Pool
	if h.pool != nil {
		pool = h.pool()
	}
	// The document's voices and rate, as its conversion reads them.
	return h.svc.PublishDocument(h.session.Context(), h.renderer, pool, library.NarrationRequest{DocumentID: documentID, ID: id, Format: format,
		Voice: render.Voice{Prosody: tts.Prosody{Pitch: 1, Volume: 1}}, VoiceName: h.defaultVoice})
}

// DownloadNarration asks where to save a published narration and downloads it
// there (verified; an interrupted download resumes); "" when the dialog was cancelled.
func (h *Sync) DownloadNarration(id string) (string, error) {
	name, err := h.svc.NarrationFileName(h.session.Context(), id)
	if err != nil {
		return "", err
	}
	path, err := runtime.SaveFileDialog(h.session.Context(), runtime.SaveDialogOptions{Title: "Save the narration", DefaultFilename: name})
	if err != nil || path == "" {
		return "", err
	}
	return path, h.DownloadNarrationTo(id, path)
}

// DownloadNarrationTo downloads a published narration to path, which must be
// outside the data directory.
func (h *Sync) DownloadNarrationTo(id, path string) error {
	return h.svc.DownloadNarration(h.session.Context(), id, path, h.progress())
}

// ShareLinkView is a share link and when it stops working.
type ShareLinkView struct {
	URL   string `json:"url"`
	Until int64  `json:"until"` // Unix ms
}

// ShareLink makes a link to a narration that works for hours (1–168).
func (h *Sync) ShareLink(id string, hours int) (*ShareLinkView, error) {
	u, until, err := h.svc.ShareLink(h.session.Context(), id, time.Duration(hours)*time.Hour)
	if err != nil {
		return nil, err
	}
	return &ShareLinkView{URL: u, Until: until.UnixMilli()}, nil
}
