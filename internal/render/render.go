// Package render turns segments into renditions: it computes each one's
// content-addressed key, synthesises only what no rendition exists for, and writes the
// audio atomically before recording it, so that a crash at any point loses nothing
// and leaves no half-written file behind.
package render

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"readback/internal/audio"
	"readback/internal/retry"
	"readback/internal/store"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
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
	packs   *audio.PackWriter
	turns   scheduler // the syntheses of this process, by priority

	// Shared, when set, is asked for missing renditions before they are
	// synthesised (the team's shared library).
	Shared Shared
	// Budget, when set, is what billed engines may still be sent (tts.Billed).
	Budget Budget

	books bookMemo // the books built last (memo.go)
}

// Shared is a source of renditions made elsewhere: Fetch stores locally whichever
// of keys it holds and returns how many.
type Shared interface {
	Fetch(ctx context.Context, keys []string) (int, error)
}

// Store is the library the renderer reads and records in.
func (r *Renderer) Store() *store.Store { return r.st }

// New returns a renderer keeping audio under dir (in dir/packs).
// Billed engines are held to the writer's monthly budgets (Preferences).
func New(st *store.Store, engines *tts.Registry, dir string) *Renderer {
	r := &Renderer{st: st, engines: engines, dir: dir, packs: audio.NewPackWriter(PacksDir(dir))}
	if st != nil {
		r.Budget = PreferencesBudget(st)
	}
	return r
}

// PacksDir is where the packs of a rendition folder are.
func PacksDir(dir string) string { return filepath.Join(dir, "packs") }

// Key is the content address of text spoken by v: everything that changes the
// sound is in it (engine and its version, voice, prosody, the exact text).
func (r *Renderer) Key(v Voice, text string) (string, error) {
	e, err := r.engines.Engine(v.Engine)
	if err != nil {
		return "", err
	}
	return keyOf(e.Name(), r.voiceVersion(v), v, text), nil
}

// keyOf hashes what changes the sound: the engine's name and its voice's version
// (voiceVersion), the voice, its prosody, the exact text.
func keyOf(engine, version string, v Voice, text string) string {
	h := sha256.New()
	for _, part := range []string{engine, version, v.Voice,
		strconv.FormatFloat(v.Prosody.Rate, 'g', 6, 64), strconv.FormatFloat(v.Prosody.Pitch, 'g', 6, 64),
		strconv.FormatFloat(v.Prosody.Volume, 'g', 6, 64), text} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// PhonemesIPA is the IPA eSpeak says its phoneme mnemonics with in a language (a
// lexicon entry given as eSpeak's phonemes, for a reader of IPA such as Polly's
// tasks).
func (r *Renderer) PhonemesIPA(ctx context.Context, language, mnemonics string) (string, error) {
	e, err := r.engines.Engine(espeak.Name)
	if err != nil {
		return "", err
	}
	p, ok := e.(interface {
		PhonemesIPA(ctx context.Context, language, mnemonics string) (string, error)
	})
	if !ok {
		return "", fmt.Errorf("the engine %s does not transcribe phonemes", e.Name())
	}
	return p.PhonemesIPA(ctx, language, mnemonics)
}

// Close closes the pack this renderer appends to.
func (r *Renderer) Close() error { return r.packs.Close() }

// PackPath is the file of a pack.
func (r *Renderer) PackPath(pack string) string {
	return filepath.Join(PacksDir(r.dir), filepath.Base(pack))
}

// Stored is a rendition's audio as it was kept, or nil when there is none or its
// pack was lost or cut short (the sentence is to be made again).
func (r *Renderer) Stored(ctx context.Context, key string) (*tts.Audio, error) {
	recs, err := r.st.Renditions(ctx, []string{key})
	if err != nil {
		return nil, err
	}
	rec := recs[key]
	if rec == nil {
		return nil, nil
	}
	samples, err := readPack(r.PackPath(rec.Pack), rec.Offset, rec.Samples)
	if err != nil {
		return nil, nil
	}
	a := &tts.Audio{SampleRate: rec.SampleRate, Samples: samples}
	json.Unmarshal(rec.Marks, &a.Marks)
	return a, nil
}

func readPack(path string, offset, samples int64) ([]int16, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := make([]int16, samples)
	if err := binary.Read(io.NewSectionReader(f, offset, 2*samples), binary.LittleEndian, out); err != nil {
		return nil, err
	}
	return out, nil
}

// Keys are the items' rendition keys, in order.
func Keys(items []Item) []string {
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = it.Key
	}
	return keys
}

// Existing returns which of keys already have a rendition whose file is present.
func (r *Renderer) Existing(ctx context.Context, keys []string) (map[string]*store.Rendition, error) {
	got, err := r.st.Renditions(ctx, keys)
	if err != nil {
		return nil, err
	}
	// Packs are not synced one by one (an fsync per sentence would double a
	// conversion's time); a rendition whose bytes a crash left out of its pack, or
	// whose pack went missing, is forgotten here and made again.
	sizes := map[string]int64{}
	for k, rec := range got {
		size, ok := sizes[rec.Pack]
		if !ok {
			size = -1
			if st, err := os.Stat(r.PackPath(rec.Pack)); err == nil {
				size = st.Size()
			}
			sizes[rec.Pack] = size
		}
		if size < rec.Offset+2*rec.Samples {
			delete(got, k)
			if err := r.st.DeleteRendition(ctx, k); err != nil {
				return nil, err
			}
		}
	}
	return got, nil
}

func (r *Renderer) speak(ctx context.Context, prio Priority, v Voice, text string) (*tts.Audio, error) {
	return r.speakMarked(ctx, prio, v, text, nil)
}

// Speak says a book's sentence now, in this process, with the writer's marks: in
// its turn on its engine among this process's syntheses, by prio (the player's
// next sentence asks at PriorityListening).
func (r *Renderer) Speak(ctx context.Context, prio Priority, it Item) (*tts.Audio, error) {
	return r.speakMarked(ctx, prio, it.Voice, it.Text, it.Marks)
}

// speakMarked is every synthesis this process makes: in turn on its engine, by
// priority.
func (r *Renderer) speakMarked(ctx context.Context, prio Priority, v Voice, text string, marks []tts.TextMark) (*tts.Audio, error) {
	e, err := r.engines.Engine(v.Engine)
	if err != nil {
		return nil, err
	}
	req := tts.Request{Text: text, Voice: v.Voice, Prosody: v.Prosody, Marks: marks}
	var a *tts.Audio
	// A failure that may pass (tts.Transient: a speaker lost, a service's
	// throttling) is tried again after a jittered wait, the turn given up meanwhile.
	err = retriesOf(e).Do(ctx, func() error {
		release, err := r.turns.acquire(ctx, e, prio)
		if err != nil {
			return err
		}
		defer release()
		// A billed engine's characters are counted against the writer's budget
		// before each request, and charged once it is answered.
		charge, err := r.reserve(ctx, e, req)
		if err != nil {
			return retry.Final(err)
		}
		meter := &tts.Meter{}
		a, err = e.Synthesize(tts.WithMeter(ctx, meter), req)
		charge(meter.Total())
		return err
	})
	return a, err
}

// synthRetry: three tries in all, the second within 200 ms, the third within 400.
var synthRetry = retry.Backoff{Attempts: 3, Base: 100 * time.Millisecond, Max: 400 * time.Millisecond}

// retriesOf is how the engine's passing failures are tried again.
func retriesOf(e tts.Engine) retry.Backoff {
	if r, ok := e.(tts.Retrier); ok {
		return r.Retries()
	}
	return synthRetry
}

// Save writes a rendition's audio and then its record.
func (r *Renderer) Save(ctx context.Context, key string, v Voice, a *tts.Audio) (*store.Rendition, error) {
	rec, err := WriteAudio(r.packs, key, v, a)
	if err != nil {
		return nil, err
	}
	return rec, r.Record(ctx, rec)
}

// WriteAudio appends a rendition's audio to a pack and returns its record (not yet
// stored): worker processes do this part, the process that owns the store the rest.
func WriteAudio(packs *audio.PackWriter, key string, v Voice, a *tts.Audio) (*store.Rendition, error) {
	marks, err := json.Marshal(a.Marks)
	if err != nil {
		return nil, err
	}
	pack, offset, err := packs.Append(audio.PackEntry{Key: key, Engine: v.Engine, Voice: v.Voice, SampleRate: a.SampleRate, Marks: marks}, a.Samples)
	if err != nil {
		return nil, fmt.Errorf("render: write audio: %w", err)
	}
	return &store.Rendition{Key: key, Engine: v.Engine, Voice: v.Voice, Pack: pack, Offset: offset,
		SampleRate: a.SampleRate, Samples: int64(len(a.Samples)), Marks: marks}, nil
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

// Recover records the sentence audio that packs hold past what the library knows:
// a run killed between writing a sentence's audio and recording it left it there,
// whole and checked, and it is not synthesised again. Each pack is read from the end
// of its last recorded entry (a process records its pack's entries in order), so
// only what went unrecorded is read. It returns how many renditions it recorded.
func (r *Renderer) Recover(ctx context.Context) (int, error) {
	found, err := r.unrecorded(ctx, nil)
	if err != nil || len(found) == 0 {
		return 0, err
	}
	keys := make([]string, len(found))
	for i, rec := range found {
		keys[i] = rec.Key
	}
	have, err := r.st.Renditions(ctx, keys)
	if err != nil {
		return 0, err
	}
	var add []*store.Rendition
	for _, rec := range found {
		if have[rec.Key] == nil {
			have[rec.Key] = rec // a key twice in the packs is recorded once
			add = append(add, rec)
		}
	}
	return len(add), r.Record(ctx, add...)
}

// unrecorded is the sentence audio the packs hold past what the library records,
// whole and checked: each pack read from the end of its last recorded entry. want,
// when set, chooses the keys looked for.
func (r *Renderer) unrecorded(ctx context.Context, want map[string]bool) ([]*store.Rendition, error) {
	dir := PacksDir(r.dir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	uses, err := r.st.PackUses(ctx)
	if err != nil {
		return nil, err
	}
	var found []*store.Rendition
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), audio.PackExt) || !e.Type().IsRegular() {
			continue
		}
		from := int64(0)
		if u, ok := uses[e.Name()]; ok {
			from = audio.EntryEnd(u.End, 0) // past the last recorded entry's checksum
		}
		err := audio.ScanPack(filepath.Join(dir, e.Name()), from, func(x audio.ScannedEntry) error {
			if x.SampleRate <= 0 || x.Bytes%2 != 0 || (want != nil && !want[x.Key]) {
				return nil
			}
			found = append(found, &store.Rendition{Key: x.Key, Engine: x.Engine, Voice: x.Voice, Pack: e.Name(), Offset: x.Offset,
				SampleRate: x.SampleRate, Samples: x.Bytes / 2, Marks: x.Marks})
			return nil
		})
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
	}
	return found, nil
}

// MarkRendered records which renditions the items were last made with, so that a
// later change to them shows as stale.
func (r *Renderer) MarkRendered(ctx context.Context, docID int64, items []Item) error {
	keys := map[int]string{}
	for _, it := range items {
		if it.rendered != renderedAsIs {
			keys[it.Ord] = it.Key
		}
	}
	return r.st.MarkRendered(ctx, docID, keys)
}
