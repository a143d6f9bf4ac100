package library

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/user"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"readback/internal/audio"
	"readback/internal/config"
	"readback/internal/fault"
	"readback/internal/store"
	"readback/internal/tts/polly"
)

// SettingsKey is where the shared library's settings live in the store.
const SettingsKey = "shared_library"

// Settings say where the team's bucket is and what this library shares. They hold
// no secret.
type Settings struct {
	S3 S3Config `json:"s3"`
	// ShareRenditions publishes this library's sentence audio and fetches the
	// team's instead of synthesising it (opt-in: it uploads audio).
	ShareRenditions bool `json:"share_renditions"`
	// Author names this library's edits in the shared lexicon and manifests.
	Author string `json:"author"`
	// Polly, when set, lets conversions run in the cloud (scale-out): Polly's
	// asynchronous tasks write into this bucket.
	Polly *polly.Config `json:"polly,omitempty"`
}

// Validate checks the settings and fills the defaults.
func (s *Settings) Validate() error {
	if err := s.S3.Validate(); err != nil {
		return fault.New(fault.Invalid, "%v", err)
	}
	s.Author = strings.TrimSpace(s.Author)
	if s.Author == "" {
		s.Author = DefaultAuthor()
	}
	if len(s.Author) > 100 || strings.ContainsAny(s.Author, "\x00\n\r\t") {
		return fault.New(fault.Invalid, "the author name must be one line of at most 100 characters")
	}
	if s.Polly != nil {
		if err := s.Polly.Validate(); err != nil {
			return fault.New(fault.Invalid, "%v", err)
		}
	}
	return nil
}

// DefaultAuthor is user@host.
func DefaultAuthor() string {
	name := os.Getenv("USER")
	if name == "" {
		if u, err := user.Current(); err == nil {
			name = u.Username
		}
	}
	if name == "" {
		name = "someone"
	}
	user := name
	host, _ := os.Hostname()
	if host == "" {
		return user
	}
	return user + "@" + host
}

// LoadSettings reads the settings; ok is false when no bucket was set up.
func LoadSettings(ctx context.Context, st *store.Store) (s Settings, ok bool, err error) {
	ok, err = st.Setting(ctx, SettingsKey, &s)
	return s, ok && s.S3.Bucket != "", err
}

// SaveSettings validates and stores the settings; the change is audited.
func SaveSettings(ctx context.Context, st *store.Store, s Settings) (Settings, error) {
	if err := s.Validate(); err != nil {
		return s, err
	}
	prev, had, err := LoadSettings(ctx, st)
	if err != nil {
		return s, err
	}
	// Another bucket is another library: what was known of the old one (its packs,
	// the lexicon as last agreed there) must not stand for the new one's.
	if had && (prev.S3.Endpoint != s.S3.Endpoint || prev.S3.Bucket != s.S3.Bucket || prev.S3.Prefix != s.S3.Prefix) {
		if err := st.ForgetSharedState(ctx); err != nil {
			return s, err
		}
	}
	if err := st.SetSetting(ctx, SettingsKey, s); err != nil {
		return s, err
	}
	return s, st.Audit(ctx, "shared.settings", s.S3.Bucket, fmt.Sprintf("endpoint=%s prefix=%s profile=%s", s.S3.Endpoint, s.S3.Prefix, s.S3.Profile))
}

// ErrNotConfigured: no bucket was set up.
var ErrNotConfigured = fault.New(fault.NotFound, "no shared library is set up: run 'readback sync settings --bucket NAME' or open Settings → Shared library")

// Library is this data directory's view of the team's bucket.
type Library struct {
	Client   *Client // retries as a sync may: for a few seconds
	quick    *Client // retries once: for the conversion path, which must not wait
	Store    *store.Store
	Settings Settings
	DataDir  string
	Author   string
	Now      func() time.Time
	Log      *slog.Logger

	packsOnce sync.Once
	packs     *audio.PackWriter

	mu           sync.Mutex
	offlineUntil time.Time
}

// Open connects the data directory's library to its bucket (no request is made
// yet); ErrNotConfigured when none is set up.
func Open(ctx context.Context, st *store.Store, dataDir string, log *slog.Logger) (*Library, error) {
	s, ok, err := LoadSettings(ctx, st)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotConfigured
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	r, err := NewS3(ctx, s.S3, S3Options{})
	if err != nil {
		return nil, fault.Wrap(err, fault.Unavailable, "the shared library: %v", err)
	}
	return New(r, st, dataDir, s, log), nil
}

// QuickBackoff is for work that must not wait on the network: one retry.
var QuickBackoff = Backoff{Attempts: 2, Base: 200 * time.Millisecond, Max: time.Second}

// New is a library on any remote (tests use Mem); requests are retried and held to
// 50 a second.
func New(r Remote, st *store.Store, dataDir string, s Settings, log *slog.Logger) *Library {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if s.Author == "" {
		s.Author = DefaultAuthor()
	}
	limit := rate.NewLimiter(50, 20)
	client := NewClient(&Retrying{Remote: r, Backoff: DefaultBackoff, Limit: limit})
	quick := NewClient(&Retrying{Remote: r, Backoff: QuickBackoff, Limit: limit})
	quick.Backoff = QuickBackoff
	return &Library{Client: client, quick: quick, Store: st, Settings: s, DataDir: dataDir, Author: s.Author, Now: time.Now, Log: log}
}

// Close closes the pack fetched renditions are written to.
func (l *Library) Close() error {
	if l.packs != nil {
		return l.packs.Close()
	}
	return nil
}

// RenditionsDir is the data directory's renditions folder (render.New's dir).
func (l *Library) RenditionsDir() string { return config.RenditionsIn(l.DataDir) }

// offline reports whether a recent failure to reach the bucket says not to try
// again yet: local work never waits on a network that is not there.
func (l *Library) offline() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.Now().Before(l.offlineUntil)
}

// noteReach records whether the bucket answered; a network failure holds further
// attempts from the conversion path back for a minute.
func (l *Library) noteReach(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil && (errors.Is(err, ErrTransient) || errors.Is(err, context.DeadlineExceeded)) {
		l.offlineUntil = l.Now().Add(time.Minute)
	} else if err == nil {
		l.offlineUntil = time.Time{}
	}
}

// UserMessage turns a remote failure into what a writer can act on. Nothing of a
// credential is in any error this package makes.
func UserMessage(err error) error {
	switch {
	case err == nil:
		return nil
	case fault.CodeOf(err) != fault.Internal:
		return err
	case errors.Is(err, ErrNoBucket):
		return fault.Wrap(err, fault.NotFound, "the bucket does not exist, or these credentials cannot see it (%v): check the bucket's name and the server", err)
	case errors.Is(err, ErrNoCredentials):
		return fault.Wrap(err, fault.Unavailable, "%v", ErrNoCredentials)
	case errors.Is(err, ErrDenied):
		return fault.Wrap(err, fault.Unavailable, "the bucket refused the credentials (%v): check the access key and secret, or the profile", err)
	case errors.Is(err, context.DeadlineExceeded):
		return fault.Wrap(err, fault.Unavailable, "the shared library did not answer in time; local work goes on, and the next sync tries again")
	case errors.Is(err, ErrOffline):
		return fault.Wrap(err, fault.Unavailable, "the shared library was unreachable a moment ago; local work goes on, and the next sync tries again")
	case errors.Is(err, ErrTransient):
		return fault.Wrap(err, fault.Unavailable, "the shared library cannot be reached (%v); local work goes on, and the next sync tries again", err)
	case errors.Is(err, ErrNotFound):
		return fault.Wrap(err, fault.NotFound, "%v", err)
	case errors.Is(err, ErrPrecondition):
		return fault.Wrap(err, fault.Conflict, "%v", err)
	case errors.Is(err, ErrChecksum):
		return fault.Wrap(err, fault.Invalid, "%v", err)
	}
	return fault.Wrap(err, fault.Unavailable, "the shared library: %v", err)
}
