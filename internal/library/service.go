package library

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"readback/internal/audiobook"
	"readback/internal/fault"
	"readback/internal/render"
	"readback/internal/store"
)

// Service keeps the window's shared library: the library for the settings in
// force (made again when they change), a background sync every Interval that
// backs off while the bucket cannot be reached and resumes when it can, and the
// renderer's source of shared renditions.
type Service struct {
	Store    *store.Store
	DataDir  string
	Log      *slog.Logger
	Interval time.Duration // between syncs (default 10 minutes)
	// RetryAfter is the least wait after a failed sync (default 15 s); the wait
	// grows, with jitter, up to Interval while failures go on.
	RetryAfter time.Duration
	// OnChange is told when a sync ended or the settings changed (for the window).
	OnChange func()
	// Connect makes the remote for settings (default: NewS3); tests replace it.
	Connect func(ctx context.Context, s Settings) (Remote, error)

	mu   sync.Mutex
	lib  *Library
	kick chan struct{}

	// The installs, publishes and downloads under way, which CancelTransfer stops.
	transferMu sync.Mutex
	transferN  int
	transfers  map[int]context.CancelFunc
}

// transfer gives a long operation its own context, which CancelTransfer ends; the
// returned func ends it when the operation is over.
func (s *Service) transfer(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	s.transferMu.Lock()
	defer s.transferMu.Unlock()
	if s.transfers == nil {
		s.transfers = map[int]context.CancelFunc{}
	}
	s.transferN++
	n := s.transferN
	s.transfers[n] = cancel
	return ctx, func() {
		s.transferMu.Lock()
		delete(s.transfers, n)
		s.transferMu.Unlock()
		cancel()
	}
}

// CancelTransfer stops the installs, publishes and downloads under way; what was
// downloaded is kept, and the next attempt fetches only the rest.
func (s *Service) CancelTransfer() {
	s.transferMu.Lock()
	defer s.transferMu.Unlock()
	for _, cancel := range s.transfers {
		cancel()
	}
}

func (s *Service) logger() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

// Library returns the library for the settings in force, or ErrNotConfigured.
func (s *Service) Library(ctx context.Context) (*Library, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lib != nil {
		return s.lib, nil
	}
	set, ok, err := LoadSettings(ctx, s.Store)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotConfigured
	}
	if err := set.Validate(); err != nil {
		return nil, err
	}
	connect := s.Connect
	if connect == nil {
		connect = func(ctx context.Context, set Settings) (Remote, error) { return NewS3(ctx, set.S3, S3Options{}) }
	}
	r, err := connect(ctx, set)
	if err != nil {
		return nil, fault.Wrap(err, fault.Unavailable, "the shared library: %v", err)
	}
	s.lib = New(r, s.Store, s.DataDir, set, s.Log)
	return s.lib, nil
}

// Settings returns the settings (the zero value and false when none are set).
func (s *Service) Settings(ctx context.Context) (Settings, bool, error) {
	return LoadSettings(ctx, s.Store)
}

// SetSettings validates and saves new settings; the next operation uses them and
// a sync starts soon.
func (s *Service) SetSettings(ctx context.Context, set Settings) (Settings, error) {
	set, err := SaveSettings(ctx, s.Store, set)
	if err != nil {
		return set, err
	}
	s.mu.Lock()
	if s.lib != nil {
		s.lib.Close()
		s.lib = nil
	}
	s.mu.Unlock()
	s.Kick()
	s.changed()
	return set, nil
}

// Kick asks the background loop to sync now.
func (s *Service) Kick() {
	s.mu.Lock()
	k := s.kick
	s.mu.Unlock()
	if k != nil {
		select {
		case k <- struct{}{}:
		default:
		}
	}
}

func (s *Service) changed() {
	if s.OnChange != nil {
		s.OnChange()
	}
}

// Sync syncs now with the library in force.
func (s *Service) Sync(ctx context.Context, dry bool) (*SyncReport, error) {
	l, err := s.Library(ctx)
	if err != nil {
		return nil, err
	}
	rep, err := l.Sync(ctx, dry)
	if !dry {
		s.changed()
	}
	return rep, err
}

// Fetch is the renderer's source of shared renditions: nothing when no library is
// set up or renditions are not shared.
func (s *Service) Fetch(ctx context.Context, keys []string) (int, error) {
	l, err := s.Library(ctx)
	if errors.Is(err, ErrNotConfigured) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return l.Fetch(ctx, keys)
}

// Run syncs at start, every Interval, and when kicked, until ctx ends. While the
// bucket cannot be reached it waits longer between attempts (up to the interval),
// so that hours offline cost nothing and a reconnection is noticed within minutes.
func (s *Service) Run(ctx context.Context) {
	interval := s.Interval
	if interval <= 0 {
		interval = 10 * time.Minute
	}
	s.mu.Lock()
	s.kick = make(chan struct{}, 1)
	kick := s.kick
	s.mu.Unlock()
	wait := time.Duration(0)
	retryAfter := s.RetryAfter
	if retryAfter <= 0 {
		retryAfter = 15 * time.Second
	}
	retry := Backoff{Base: retryAfter, Max: interval}
	failures := 0
	for {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-kick:
			t.Stop()
		case <-t.C:
		}
		_, err := s.Sync(ctx, false)
		switch {
		case ctx.Err() != nil:
			return
		case errors.Is(err, ErrNotConfigured):
			wait, failures = interval, 0
		case err != nil:
			failures++
			wait = retry.Base + retry.Wait(failures) // 15 s and more, growing to the interval
			s.logger().Warn("shared library: sync failed; trying again later", "err", err, "in", wait.Round(time.Second))
		default:
			wait, failures = interval, 0
		}
	}
}

// RemoveVoice uninstalls a voice pack from this library (the bucket keeps it).
func (s *Service) RemoveVoice(ctx context.Context, id string) error {
	l, err := s.Library(ctx)
	if err != nil {
		return err
	}
	if err := CheckName("voice id", id); err != nil {
		return fault.New(fault.Invalid, "%v", err)
	}
	packs, err := s.Store.VoicePacks(ctx)
	if err != nil {
		return err
	}
	p, ok := packs[id]
	if !ok {
		return fault.New(fault.NotFound, "voice %s is not installed", id)
	}
	if err := os.RemoveAll(filepath.Join(l.VoicesDir(), id, strconv.Itoa(p.Version))); err != nil {
		return err
	}
	if err := s.Store.DeleteVoicePack(ctx, id); err != nil {
		return err
	}
	s.changed()
	return s.Store.Audit(ctx, "voice.remove", id, "version "+strconv.Itoa(p.Version))
}

// QuoteRemote prices converting a document in the cloud (the Convert dialog's
// "In the cloud").
func (s *Service) QuoteRemote(ctx context.Context, r *render.Renderer, docID int64, v render.Voice, p render.Pauses) (*render.Quote, error) {
	l, err := s.Library(ctx)
	if err != nil {
		return nil, err
	}
	q, err := l.QuoteRemote(ctx, r, docID, v, p)
	if err != nil {
		return nil, UserMessage(err)
	}
	return q, nil
}

// ConvertRemote runs a queued conversion through Polly (the queue's handler calls
// it for requests marked Remote).
func (s *Service) ConvertRemote(ctx context.Context, r *render.Renderer, q audiobook.ConvertRequest, progress render.Progress) (*audiobook.ConvertResult, error) {
	l, err := s.Library(ctx)
	if err != nil {
		return nil, err
	}
	tasks, err := l.PollyTasks(ctx)
	if err != nil {
		return nil, err
	}
	res, err := l.ConvertRemote(ctx, r, q, RemoteOptions{Tasks: tasks, Progress: progress})
	if err != nil {
		return nil, UserMessage(err)
	}
	return &audiobook.ConvertResult{Output: res.Output, Files: []string{res.Output}, Segments: res.Segments, AudioSeconds: res.AudioSeconds, Chapters: res.Chapters,
		RemoteTasks: res.Parts, CloudEngine: res.Engine, CloudCharacters: res.Characters, Failures: []render.Failure{}}, nil
}
