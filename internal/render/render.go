// Package render turns segments into renditions: it computes each one's
// content-addressed key, synthesises only what no rendition exists for, and writes the
// audio atomically before recording it, so that a crash at any point loses nothing
// and leaves no half-written file behind.
package render

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"readback/internal/audio"
	"readback/internal/store"
	"readback/internal/tts"
)

// Voice is what a rendition is spoken with.
type Voice struct {
	Engine  string      `json:"engine"` // "" is the registry's default
	Voice   string      `json:"voice"`  // "" is the engine's default
	Prosody tts.Prosody `json:"prosody"`
}

// Renderer synthesises and caches renditions.
type Renderer struct {
	st      *store.Store
	engines *tts.Registry
	dir     string
}

// New returns a renderer keeping audio files under dir.
func New(st *store.Store, engines *tts.Registry, dir string) *Renderer {
	return &Renderer{st: st, engines: engines, dir: dir}
}

// Key is the content address of text spoken by v: everything that changes the
// sound is in it (engine and its version, voice, prosody, the exact text).
func (r *Renderer) Key(v Voice, text string) (string, error) {
	e, err := r.engines.Engine(v.Engine)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, part := range []string{e.Name(), e.Version(), v.Voice,
		strconv.FormatFloat(v.Prosody.Rate, 'g', 6, 64), strconv.FormatFloat(v.Prosody.Pitch, 'g', 6, 64),
		strconv.FormatFloat(v.Prosody.Volume, 'g', 6, 64), text} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Sweep removes what killed processes left half-written in the rendition folder.
func (r *Renderer) Sweep() int { return audio.SweepStale(r.dir) }

// Path is where the audio of a rendition lives.
func (r *Renderer) Path(key string) string {
	return filepath.Join(r.dir, key[:2], key+".wav")
}

// Existing returns which of keys already have a rendition whose file is present.
func (r *Renderer) Existing(ctx context.Context, keys []string) (map[string]*store.Rendition, error) {
	got, err := r.st.Renditions(ctx, keys)
	if err != nil {
		return nil, err
	}
	for k, rec := range got {
		// Rendition files are not synced one by one (thousands of fsyncs would double
		// a conversion's time); a file that a crash left short, or that went missing,
		// is forgotten here and made again.
		if st, err := os.Stat(r.Path(k)); err != nil || st.Size() != audio.WAVSize(rec.Samples) {
			delete(got, k)
			if err := r.st.DeleteRendition(ctx, k); err != nil {
				return nil, err
			}
		}
	}
	return got, nil
}

// Synthesize makes the rendition of text under key: speech, then the file (atomic),
// then the record. It does not look for an existing one; callers ask Existing first.
func (r *Renderer) Synthesize(ctx context.Context, key string, v Voice, text string) (*store.Rendition, error) {
	a, err := r.speak(ctx, v, text)
	if err != nil {
		return nil, err
	}
	return r.save(ctx, key, v, a)
}

func (r *Renderer) speak(ctx context.Context, v Voice, text string) (*tts.Audio, error) {
	e, err := r.engines.Engine(v.Engine)
	if err != nil {
		return nil, err
	}
	return e.Synthesize(ctx, tts.Request{Text: text, Voice: v.Voice, Prosody: v.Prosody})
}

// save writes a rendition's file and then its record.
func (r *Renderer) save(ctx context.Context, key string, v Voice, a *tts.Audio) (*store.Rendition, error) {
	rec, err := WriteAudio(r.Path(key), key, v, a)
	if err != nil {
		return nil, err
	}
	return rec, r.Record(ctx, rec)
}

// WriteAudio writes a rendition's file and returns its record (not yet stored):
// worker processes do this part, the process that owns the store the rest.
func WriteAudio(path, key string, v Voice, a *tts.Audio) (*store.Rendition, error) {
	if err := audio.WriteWAV(path, a.SampleRate, a.Samples, true); err != nil {
		return nil, fmt.Errorf("render: write audio: %w", err)
	}
	marks, err := json.Marshal(a.Marks)
	if err != nil {
		return nil, err
	}
	engine := v.Engine
	return &store.Rendition{Key: key, Engine: engine, Voice: v.Voice, SampleRate: a.SampleRate, Samples: int64(len(a.Samples)), Marks: marks}, nil
}

// Record stores renditions' records once their files exist. It lands even when the
// caller is being cancelled: the files are already there.
func (r *Renderer) Record(ctx context.Context, recs ...*store.Rendition) error {
	for _, rec := range recs {
		if rec.Engine == "" {
			if e, err := r.engines.Engine(""); err == nil {
				rec.Engine = e.Name()
			}
		}
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return r.st.PutRenditions(wctx, recs...)
}
