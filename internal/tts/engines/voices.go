package engines

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"readback/internal/config"
	"readback/internal/fault"
	"readback/internal/onnx"
	"readback/internal/tts"
	"readback/internal/tts/kokoro"
	"readback/internal/tts/neural"
	"readback/internal/tts/piper"
)

// Voices installs and removes the neural voices of this machine, for the window
// and the command line alike.
type Voices struct {
	Paths    config.Paths
	Registry *tts.Registry // the engines speaking; nil in a command that only installs
	// CatalogAddress is the catalogue chosen in Settings ("" or nil: the official
	// one), for a call given none.
	CatalogAddress func(context.Context) string

	mu       sync.Mutex
	fetching map[string]context.CancelFunc // downloads under way, by voice key
	// neural is held while the runtime is started and Piper and Kokoro registered,
	// so that they are registered once.
	neural sync.Mutex
	listed map[string]listed // catalogues read lately, by address
}

type listed struct {
	at     time.Time
	voices []piper.CatalogVoice
}

// catalogFresh is how long a catalogue read is reused (browsing, then a sample, then
// a download read it once).
const catalogFresh = 10 * time.Minute

// address is the catalogue to read: the one given, else Settings' choice.
func (v *Voices) address(ctx context.Context, given string) string {
	if given == "" && v.CatalogAddress != nil {
		return v.CatalogAddress(ctx)
	}
	return given
}

// catalog reads the catalogue at address, or reuses a recent reading.
func (v *Voices) catalog(ctx context.Context, address string) ([]piper.CatalogVoice, error) {
	address = v.address(ctx, address)
	v.mu.Lock()
	l, ok := v.listed[address]
	v.mu.Unlock()
	if ok && time.Since(l.at) < catalogFresh {
		return l.voices, nil
	}
	vs, err := piper.Catalog(ctx, address)
	if err != nil {
		return nil, err
	}
	v.mu.Lock()
	if v.listed == nil {
		v.listed = map[string]listed{}
	}
	v.listed[address] = listed{time.Now(), vs}
	v.mu.Unlock()
	return vs, nil
}

// find is a catalogue voice by its key.
func (v *Voices) find(ctx context.Context, address, key string) (piper.CatalogVoice, error) {
	vs, err := v.catalog(ctx, address)
	if err != nil {
		return piper.CatalogVoice{}, err
	}
	for _, cv := range vs {
		if cv.Key == key {
			return cv, nil
		}
	}
	return piper.CatalogVoice{}, fault.New(fault.NotFound, "the voice catalogue has no voice %q", key)
}

// Sample fetches a catalogue voice's recording.
func (v *Voices) Sample(ctx context.Context, address, key string) ([]byte, error) {
	cv, err := v.find(ctx, address, key)
	if err != nil {
		return nil, err
	}
	return piper.Sample(ctx, cv)
}

// Installed is what the window shows of the neural voices: whether they can speak
// here (and why not), and each installed Piper voice and Kokoro model.
type Installed struct {
	Available bool                `json:"available"`
	Reason    string              `json:"reason,omitempty"`  // why not
	Runtime   string              `json:"runtime,omitempty"` // ONNX Runtime's file, when found
	Voices    []*neural.Installed `json:"voices"`
	// Kokoro is why Kokoro's models cannot speak when the runtime can (their
	// styles are missing), else "".
	Kokoro string `json:"kokoro,omitempty"`
}

// List returns the installed voices and whether they can speak.
func (v *Voices) List(ctx context.Context) (*Installed, error) {
	v.neural.Lock()
	defer v.neural.Unlock()
	return v.list(ctx)
}

// list is List; the caller holds v.neural.
func (v *Voices) list(context.Context) (*Installed, error) {
	out := &Installed{Available: true}
	path, err := onnx.Start(v.Paths.Data)
	if err != nil {
		out.Available, out.Reason = false, err.Error()
	} else {
		out.Runtime = path
		v.registerNeural() // found since the engines started: they speak now
	}
	if v.Registry != nil && out.Available {
		if _, err := v.Registry.Engine(piper.Name); err != nil {
			out.Available, out.Reason = false, v.Registry.Missing()[piper.Name]
		}
	}
	vs, err := piper.List(v.Paths.PiperVoices())
	if err != nil {
		return nil, err
	}
	models, err := kokoro.List(v.Paths.KokoroModels())
	if err != nil {
		return nil, err
	}
	if err := v.withStyles(models...); err != nil {
		out.Kokoro = err.Error()
	}
	out.Voices = append(append([]*neural.Installed{}, vs...), models...)
	return out, nil
}

// withStyles gives Kokoro models the styles found as their speakers, and their
// languages; its error says why there are none.
func (v *Voices) withStyles(models ...*neural.Installed) error {
	dir, err := kokoro.FindStyles(v.Paths.Data)
	if err != nil {
		return err
	}
	styles, _ := kokoro.ListStyles(dir)
	var ids, languages []string
	for _, s := range styles {
		ids = append(ids, s.ID)
		if !slices.Contains(languages, s.Language) {
			languages = append(languages, s.Language)
		}
	}
	for _, m := range models {
		m.Speakers, m.Language = ids, strings.Join(languages, ", ")
	}
	return nil
}

// Add installs a voice from files on disk: a Piper voice's two files, a Kokoro
// model and its config.json, or an archive holding either.
func (v *Voices) Add(paths ...string) (*neural.Installed, error) {
	files, err := neural.ReadFiles(withConfigBeside(paths))
	if err != nil {
		return nil, err
	}
	return v.AddFiles(files...)
}

// withConfigBeside adds to a Piper model given alone its config from beside it
// (NAME.onnx.json, as Piper's voices come): the writer who picked the model meant
// the voice.
func withConfigBeside(paths []string) []string {
	if len(paths) != 1 || !strings.HasSuffix(paths[0], ".onnx") {
		return paths
	}
	config := paths[0] + ".json"
	if st, err := os.Stat(config); err == nil && st.Mode().IsRegular() {
		return append(paths, config)
	}
	return paths
}

// AddFiles installs a voice from files given by their bytes (dropped on the window).
func (v *Voices) AddFiles(files ...neural.File) (*neural.Installed, error) {
	// The model's signature is read with the runtime that will speak it.
	if _, err := onnx.Start(v.Paths.Data); err != nil {
		return nil, fault.New(fault.Unavailable, "%v; neural voices cannot be checked or spoken without it", err)
	}
	if kokoro.Is(files) {
		got, err := kokoro.InstallFiles(v.Paths.KokoroModels(), files...)
		if err != nil {
			return nil, err
		}
		v.forget(kokoro.Name, got.ID)
		v.withStyles(got)
		return got, nil
	}
	got, err := piper.InstallFiles(v.Paths.PiperVoices(), files...)
	if err != nil {
		return nil, err
	}
	v.forget(piper.Name, got.ID)
	return got, nil
}

// Remove removes an installed voice ("piper:ID" or "ID") or Kokoro model
// ("kokoro:ID").
func (v *Voices) Remove(id string) error {
	engine, id := tts.SplitVoice(id)
	var err error
	switch engine {
	case kokoro.Name:
		err = kokoro.Remove(v.Paths.KokoroModels(), id)
	case "", piper.Name:
		engine, err = piper.Name, piper.Remove(v.Paths.PiperVoices(), id)
	default:
		// eSpeak's voices come with it and Polly's are Amazon's: neither is
		// installed here, so neither is removed.
		return fault.New(fault.Invalid, "%s:%s: only Piper and Kokoro voices are added and removed here", engine, id)
	}
	if err != nil {
		return err
	}
	v.forget(engine, id)
	return nil
}

// forget makes the engine read the voice again at its next sentence.
func (v *Voices) forget(engine, id string) {
	if v.Registry == nil {
		return
	}
	e, err := v.Registry.Engine(engine)
	if err != nil {
		return
	}
	if f, ok := e.(interface{ Forget(id string) }); ok {
		f.Forget(id)
	}
}

// CatalogEntry is a voice of the catalogue as it is shown, and whether it is
// installed here.
type CatalogEntry struct {
	Key         string                `json:"key"`
	Name        string                `json:"name"`
	Language    piper.CatalogLanguage `json:"language"`
	Quality     string                `json:"quality"`
	NumSpeakers int                   `json:"num_speakers"`
	Bytes       int64                 `json:"bytes"`  // the model's and config's
	Sample      bool                  `json:"sample"` // a recording can be heard
	Installed   bool                  `json:"installed"`
}

// Catalog lists the catalogue at address ("" is the official one).
func (v *Voices) Catalog(ctx context.Context, address string) ([]CatalogEntry, error) {
	vs, err := v.catalog(ctx, address)
	if err != nil {
		return nil, err
	}
	have, err := piper.List(v.Paths.PiperVoices())
	if err != nil {
		return nil, err
	}
	installed := map[string]bool{}
	for _, h := range have {
		installed[h.ID] = true
	}
	out := make([]CatalogEntry, 0, len(vs))
	for _, cv := range vs {
		out = append(out, CatalogEntry{Key: cv.Key, Name: cv.Name, Language: cv.Language, Quality: cv.Quality,
			NumSpeakers: cv.NumSpeakers, Bytes: cv.Bytes, Sample: cv.Sample != "", Installed: installed[cv.Key]})
	}
	return out, nil
}

// Download fetches a catalogue voice and installs it, resuming what an earlier
// attempt left; Cancel stops it. progress is told the bytes so far and the total.
func (v *Voices) Download(ctx context.Context, address, key string, progress func(done, total int64)) (*piper.Installed, error) {
	if _, err := onnx.Start(v.Paths.Data); err != nil {
		return nil, fault.New(fault.Unavailable, "%v; Piper voices cannot be checked or spoken without it", err)
	}
	voice, err := v.find(ctx, address, key)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	v.mu.Lock()
	if v.fetching == nil {
		v.fetching = map[string]context.CancelFunc{}
	}
	if _, busy := v.fetching[key]; busy {
		v.mu.Unlock()
		return nil, fault.New(fault.Conflict, "%s is being downloaded already", key)
	}
	v.fetching[key] = cancel
	v.mu.Unlock()
	defer func() {
		v.mu.Lock()
		delete(v.fetching, key)
		v.mu.Unlock()
	}()
	got, err := piper.Download(ctx, v.address(ctx, address), voice, v.Paths.PiperVoices(), filepath.Join(v.Paths.PiperVoices(), ".downloads"), progress)
	if err != nil {
		return nil, err
	}
	v.forget(piper.Name, got.ID)
	return got, nil
}

// Cancel stops a download under way (what arrived is kept for the next attempt).
func (v *Voices) Cancel(key string) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	cancel, ok := v.fetching[key]
	if ok {
		cancel()
	}
	return ok
}
