package library

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"readback/internal/fault"
)

// Published narrations: an export and its manifest under narrations/ID/, so that a
// teammate listens without rendering, and a presigned address shares one outside
// the team for a while.

const narrationFormat = "readback-narration/1"

// NarrationChapter is where a chapter starts in a narration.
type NarrationChapter struct {
	Title   string `json:"title"`
	StartMs int64  `json:"start_ms"`
}

// NarrationManifest describes a published narration.
type NarrationManifest struct {
	Format       string             `json:"format"`
	ID           string             `json:"id"`
	Title        string             `json:"title"`
	Writer       string             `json:"writer,omitempty"`
	Voice        string             `json:"voice"`
	DurationMs   int64              `json:"duration_ms"`
	Chapters     []NarrationChapter `json:"chapters"`
	SourceSHA256 string             `json:"source_sha256"`
	Audio        VoiceFile          `json:"audio"`
	AudioFormat  string             `json:"audio_format"`
	PublishedBy  string             `json:"published_by"`
	PublishedAt  int64              `json:"published_at"`

	// Existing says a publish found this very audio published already (perhaps by
	// someone else).
	Existing bool `json:"-"`
}

// Validate checks a manifest from the bucket.
func (m *NarrationManifest) Validate(where string) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...))
	}
	switch {
	case m.Format != narrationFormat:
		return bad("format %q; this Readback reads %q", m.Format, narrationFormat)
	case CheckName("narration id", m.ID) != nil:
		return bad("%v", CheckName("narration id", m.ID))
	case CheckName("audio file name", m.Audio.Name) != nil || m.Audio.Name == "manifest.json":
		return bad("the audio's file name %q is not a plain file name", m.Audio.Name)
	case CheckSHA256(m.Audio.Name, m.Audio.SHA256) != nil:
		return bad("the audio's checksum is not a SHA-256")
	case m.Audio.Size < 0 || m.Audio.Size > MaxVoiceFile:
		return bad("the audio's size %d is out of bounds", m.Audio.Size)
	case len(m.Chapters) > 10_000:
		return bad("%d chapters", len(m.Chapters))
	case m.SourceSHA256 != "" && CheckSHA256("source", m.SourceSHA256) != nil:
		return bad("the source's checksum is not a SHA-256")
	case m.DurationMs < 0:
		return bad("a negative duration")
	}
	for _, s := range []string{m.Voice, m.PublishedBy, m.AudioFormat} {
		if err := validText("a field", s); err != nil {
			return bad("%v", err)
		}
	}
	for _, c := range append([]NarrationChapter{{Title: m.Title}, {Title: m.Writer}}, m.Chapters...) {
		if len(c.Title) > 1000 || strings.ContainsAny(c.Title, "\x00") || c.StartMs < 0 {
			return bad("a title or chapter is not valid")
		}
	}
	return nil
}

func narrationKey(id, name string) string { return "narrations/" + id + "/" + name }

// PublishNarration uploads the audio file at path with its manifest (m without
// the audio's checksum, which is computed here). A narration id is published once:
// a second publish of the same id is refused unless it is the same audio.
func (l *Library) PublishNarration(ctx context.Context, m NarrationManifest, docID int64, path string) (*NarrationManifest, error) {
	m.Format, m.PublishedBy, m.PublishedAt = narrationFormat, l.Author, l.Now().UnixMilli()
	st, err := os.Stat(path)
	if err != nil {
		return nil, fault.Wrap(err, fault.Invalid, "%v", err)
	}
	m.Audio.Name = "narration" + strings.ToLower(filepath.Ext(path))
	m.Audio.Size = st.Size()
	m.Audio.SHA256 = strings.Repeat("0", 64)
	if err := m.Validate("narration " + m.ID); err != nil {
		return nil, fault.Wrap(err, fault.Invalid, "%v", err)
	}
	sum, err := l.Client.UploadFile(ctx, narrationKey(m.ID, m.Audio.Name), path, PutOptions{IfNoneMatch: true, ContentType: contentType(m.AudioFormat)})
	if errors.Is(err, ErrPrecondition) {
		return nil, fault.Wrap(err, fault.Conflict, "a narration called %q is already in the shared library; choose another id", m.ID)
	} else if err != nil {
		return nil, err
	}
	m.Audio.SHA256 = sum
	body, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return nil, err
	}
	if _, err := l.Client.UploadBytes(ctx, narrationKey(m.ID, "manifest.json"), body, PutOptions{IfNoneMatch: true, ContentType: "application/json"}); errors.Is(err, ErrPrecondition) {
		// Published before, with this very audio: that publish stands.
		if cur, rerr := l.ReadNarration(ctx, m.ID); rerr == nil && cur.Audio == m.Audio {
			cur.Existing = true
			return cur, nil
		}
		return nil, fault.Wrap(err, fault.Conflict, "a narration called %q is already in the shared library; choose another id", m.ID)
	} else if err != nil {
		return nil, err
	}
	if err := l.UpdateIndex(ctx, func(x *Index) error {
		x.Narrations[m.ID] = IndexNarration{Title: m.Title, Voice: m.Voice, DurationMs: m.DurationMs, Author: m.PublishedBy, PublishedAt: m.PublishedAt}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := l.Store.PutNarration(ctx, m.ID, docID, body); err != nil {
		return nil, err
	}
	return &m, l.Store.Audit(ctx, "narration.publish", m.ID, m.Title)
}

func contentType(format string) string {
	switch format {
	case "mp3":
		return "audio/mpeg"
	case "m4b":
		return "audio/mp4"
	case "opus":
		return "audio/ogg"
	case "flac":
		return "audio/flac"
	}
	return "audio/wav"
}

// ReadNarration reads and checks a narration's manifest.
func (l *Library) ReadNarration(ctx context.Context, id string) (*NarrationManifest, error) {
	if err := CheckName("narration id", id); err != nil {
		return nil, fault.New(fault.Invalid, "%v", err)
	}
	key := narrationKey(id, "manifest.json")
	var m NarrationManifest
	if err := l.readManifest(ctx, key, "narration", &m, fmt.Sprintf("the shared library has no narration %q (see 'readback sync list')", id)); err != nil {
		return nil, err
	}
	if m.ID != id {
		return nil, fault.New(fault.Invalid, "refused %s: it describes %q", key, m.ID)
	}
	return &m, nil
}

// PullNarration downloads a narration's audio to dest (verified, atomic,
// resumable).
func (l *Library) PullNarration(ctx context.Context, id, dest string, progress Progress) (*NarrationManifest, error) {
	m, err := l.ReadNarration(ctx, id)
	if err != nil {
		return nil, err
	}
	// The path is the user's: a folder is not a file, and a name that says another
	// format would mislead every player.
	if st, err := os.Stat(dest); err == nil && st.IsDir() {
		return nil, fault.New(fault.Invalid, "%s is a folder: name the file to write (…/%s%s)", dest, Slug(m.Title), filepath.Ext(m.Audio.Name))
	}
	if want := filepath.Ext(m.Audio.Name); !strings.EqualFold(filepath.Ext(dest), want) {
		return nil, fault.New(fault.Invalid, "narration %s is %s audio: name the file %s", id, strings.ToUpper(strings.TrimPrefix(want, ".")), strings.TrimSuffix(dest, filepath.Ext(dest))+want)
	}
	if err := l.Client.Download(ctx, narrationKey(id, m.Audio.Name), dest, Want{Size: m.Audio.Size, SHA256: m.Audio.SHA256}, progress); err != nil {
		if errors.Is(err, ErrChecksum) {
			return nil, fault.Wrap(err, fault.Invalid, "refused narration %s: %v", id, err)
		}
		return nil, err
	}
	return m, nil
}

// Share link bounds: what the user may pick.
const (
	MinShare = time.Hour
	MaxShare = 7 * 24 * time.Hour
)

// ShareLink returns an address that plays a narration without credentials until
// it expires (1 hour to 7 days); each link made is audited.
func (l *Library) ShareLink(ctx context.Context, id string, expires time.Duration) (string, time.Time, error) {
	if expires < MinShare || expires > MaxShare {
		return "", time.Time{}, fault.New(fault.Invalid, "a share link lasts from 1 hour to 7 days, not %s", expires)
	}
	m, err := l.ReadNarration(ctx, id)
	if err != nil {
		return "", time.Time{}, err
	}
	until := l.Now().Add(expires)
	// Temporary credentials (SSO, a role) take the link with them when they end.
	if e, ok := l.Client.Remote.(Expirer); ok {
		if t, ok := e.CredentialsExpire(ctx); ok && t.Before(until) {
			if t.Before(l.Now().Add(5 * time.Minute)) {
				return "", time.Time{}, fault.New(fault.Unavailable, "your AWS credentials expire in minutes, and a link would die with them: sign in again (aws sso login) first")
			}
			until, expires = t, t.Sub(l.Now())
		}
	}
	u, err := l.Client.Remote.Presign(ctx, narrationKey(id, m.Audio.Name), expires)
	if err != nil {
		return "", time.Time{}, err
	}
	return u, until, l.Store.Audit(ctx, "narration.share", id, "until "+until.UTC().Format(time.RFC3339))
}

// Narrations lists the index's narrations.
func (l *Library) Narrations(ctx context.Context) (map[string]IndexNarration, error) {
	x, _, err := l.ReadIndex(ctx)
	if err != nil {
		return nil, err
	}
	return x.Narrations, nil
}
