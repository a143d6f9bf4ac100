// Package tts defines what a speech engine offers Readback — its voices, and the
// synthesis of one segment's text into PCM with word and sentence timings — and a
// registry of the engines available on this machine.
package tts

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"readback/internal/fault"
	"readback/internal/retry"
)

// Voice is one voice of one engine.
type Voice struct {
	ID       string `json:"id"`     // unique within its engine, stable across runs
	Engine   string `json:"engine"` // the engine's name
	Name     string `json:"name"`
	Language string `json:"language"` // BCP 47-like tag, lower case ("en-gb")
	Gender   string `json:"gender"`   // "male", "female" or "" when unknown
	// PricePerMillion is what a million characters cost with it, in US dollars
	// (0: nothing, an engine on this computer).
	PricePerMillion float64 `json:"price_per_million,omitempty"`
	// Quality is how the engine grades the voice, where it does: a Piper voice's
	// "x_low", "low", "medium" or "high"; Polly's engine ("standard", "neural",
	// "long-form", "generative").
	Quality string `json:"quality,omitempty"`
	// Grade is the grade its makers gave the voice's recordings (Kokoro: "A" to "F").
	Grade string `json:"grade,omitempty"`
	// SampleRate is the rate of its audio, in Hz.
	SampleRate int `json:"sample_rate,omitempty"`
}

// Prosody scales the voice: 1 is the voice's own rate, pitch and volume.
type Prosody struct {
	Rate   float64 `json:"rate"`   // 0.5–3
	Pitch  float64 `json:"pitch"`  // 0.5–1.5
	Volume float64 `json:"volume"` // 0–2
}

// Normal is the voice's own prosody.
var Normal = Prosody{Rate: 1, Pitch: 1, Volume: 1}

// The speaking rates a voice may be given: half as fast as its own to three times.
const (
	MinRate = 0.5
	MaxRate = 3.0
)

// Validate refuses values outside what every engine supports.
func (p Prosody) Validate() error {
	// Written so that NaN, which compares false with everything, is refused.
	switch {
	case !(p.Rate >= MinRate && p.Rate <= MaxRate):
		return fmt.Errorf("rate %.2g is outside 0.5–3", p.Rate)
	case !(p.Pitch >= 0.5 && p.Pitch <= 1.5):
		return fmt.Errorf("pitch %.2g is outside 0.5–1.5", p.Pitch)
	case !(p.Volume >= 0 && p.Volume <= 2):
		return fmt.Errorf("volume %.2g is outside 0–2", p.Volume)
	}
	return nil
}

// Request is one segment to synthesise.
type Request struct {
	Text         string
	Voice        string // a Voice.ID of the engine; "" is the engine's default
	Prosody      Prosody
	PauseAfterMs int // silence the engine adds after the text (0–10000)
	// Marks are the writer's pauses after words and words emphasised, at byte
	// offsets of Text. An engine that cannot say them reads the text as it is.
	Marks []TextMark `json:",omitempty"`
}

// TextMark is a pause after the word [Start, End) of a request's text, or that
// word emphasised.
type TextMark struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Kind  string `json:"kind"` // pause or emphasis
	Ms    int    `json:"ms,omitempty"`
}

// Pauses are the writer's pauses of a request as every engine says them: the
// silence before the byte offset where the text is cut (pauses at one place add up),
// and the silence at the end — where a pause before nothing but punctuation goes
// ("home|." : said alone, the full stop would be a clause of its own).
func (r Request) Pauses() (cuts map[int]int, trailingMs int) {
	cuts = map[int]int{}
	for _, m := range r.Marks {
		if m.Kind == "pause" && m.Start >= 0 && m.End <= len(r.Text) && m.End > m.Start {
			cuts[m.End] += min(max(m.Ms, 0), 10000)
		}
	}
	end := len(r.Text)
	for end > 0 {
		c, n := utf8.DecodeLastRuneInString(r.Text[:end])
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			break
		}
		end -= n
	}
	for at, ms := range cuts {
		if at >= end {
			trailingMs += ms
			delete(cuts, at)
		}
	}
	return cuts, trailingMs
}

// MarkKind tells a word from a sentence.
type MarkKind string

const (
	WordMark     MarkKind = "word"
	SentenceMark MarkKind = "sentence"
)

// Mark is the time span in the audio where a span of the request's text is spoken.
type Mark struct {
	Kind    MarkKind `json:"kind"`
	Start   int      `json:"start"` // byte offsets into Request.Text
	End     int      `json:"end"`
	StartMs int      `json:"start_ms"`
	EndMs   int      `json:"end_ms"`
}

// Audio is synthesised speech: 16-bit mono PCM and its marks, in time order.
type Audio struct {
	SampleRate int
	Samples    []int16
	Marks      []Mark
	// Voice is the voice that spoke, as the engine names it, when the engine can
	// tell: a request for a language or an unknown variant is spoken by another.
	Voice string `json:",omitempty"`
}

// DurationMs is the length of the audio in milliseconds.
func (a *Audio) DurationMs() int {
	if a.SampleRate == 0 {
		return 0
	}
	return int(int64(len(a.Samples)) * 1000 / int64(a.SampleRate))
}

// Engine synthesises speech. Implementations must be safe for use by several
// goroutines (serialising internally where the library underneath is not).
type Engine interface {
	// Name is the engine's registry name ("espeak").
	Name() string
	// Version identifies everything that changes the audio for the same request
	// (library and data versions, model file hash): it is part of rendition keys.
	Version() string
	Voices(ctx context.Context) ([]Voice, error)
	Synthesize(ctx context.Context, req Request) (*Audio, error)
	Close() error
}

// VoiceVersioner is an engine whose voices change on their own (a model file
// replaced): a voice's version, part of its renditions' keys beside the engine's.
type VoiceVersioner interface {
	VoiceVersion(voice string) string
}

// PhonemeReader is an engine that reads phonemes written in the text as [[…]]
// (eSpeak's notation): lexicon entries given as phonemes reach it as such; other
// engines get the entry's respelling.
type PhonemeReader interface {
	ReadsPhonemes() bool
}

// IPAReader is an engine that reads IPA written in the text as lexicon.IPAMarker
// ([[ipa:…]]): lexicon entries given in IPA reach it as such.
type IPAReader interface {
	ReadsIPA() bool
}

// KanaReader is an engine whose Japanese voice reads kana only (eSpeak names each
// kanji "Chinese letter"): its Japanese text is given with the kanji's readings.
type KanaReader interface {
	ReadsKanaOnly() bool
}

// Registry holds the engines available on this machine.
type Registry struct {
	mu          sync.RWMutex
	engines     map[string]Engine
	def         string
	unavailable map[string]string
}

// Unavailable notes an engine that could not start here, and why.
func (r *Registry) Unavailable(name, reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.unavailable == nil {
		r.unavailable = map[string]string{}
	}
	r.unavailable[name] = reason
}

// Missing is each engine that could not start, with its reason.
func (r *Registry) Missing() map[string]string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make(map[string]string, len(r.unavailable))
	for k, v := range r.unavailable {
		out[k] = v
	}
	return out
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{engines: map[string]Engine{}} }

// Register adds an engine (or replaces one of the same name); the first one
// registered that is not a cloud engine is the default.
func (r *Registry) Register(e Engine) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.engines[e.Name()] = e
	delete(r.unavailable, e.Name())
	// A cloud engine is never the default: a voice nobody chose is not billed.
	if r.def == "" && !IsRemote(e) {
		r.def = e.Name()
	}
}

// Engine returns the engine named name, or the default for "".
func (r *Registry) Engine(name string) (Engine, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if name == "" {
		name = r.def
	}
	e, ok := r.engines[name]
	if !ok {
		if why, missing := r.unavailable[name]; missing {
			return nil, fault.New(fault.Unavailable, "%s voices cannot speak here: %s", Title(name), why)
		}
		return nil, fmt.Errorf("no speech engine %q (have: %s)", name, strings.Join(r.namesLocked(), ", "))
	}
	return e, nil
}

// Names lists the registered engines.
func (r *Registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.namesLocked()
}

func (r *Registry) namesLocked() []string {
	names := make([]string, 0, len(r.engines))
	for n := range r.engines {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Voices lists every voice of every engine. An engine whose voices cannot be
// listed (a cloud engine offline with nothing cached) is left out and noted in
// Missing with why; only the default engine's failure is an error.
func (r *Registry) Voices(ctx context.Context) ([]Voice, error) {
	var out []Voice
	for _, n := range r.Names() {
		e, err := r.Engine(n)
		if err != nil {
			continue // removed meanwhile
		}
		vs, err := e.Voices(ctx)
		if err != nil {
			if r.isDefault(n) || ctx.Err() != nil {
				return nil, fmt.Errorf("voices of %s: %w", n, err)
			}
			r.Unavailable(n, err.Error())
			continue
		}
		r.mu.Lock()
		delete(r.unavailable, n)
		r.mu.Unlock()
		out = append(out, vs...)
	}
	return out, nil
}

func (r *Registry) isDefault(name string) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return name == r.def
}

// SplitVoice splits "engine:voice" into its parts; a bare voice has no engine.
func SplitVoice(s string) (engine, voice string) {
	if e, v, ok := strings.Cut(s, ":"); ok {
		return e, v
	}
	return "", s
}

// Close closes every engine.
func (r *Registry) Close() error {
	var first error
	for _, n := range r.Names() {
		e, _ := r.Engine(n)
		if err := e.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Title is an engine's name as the writer knows it.
func Title(engine string) string {
	if t, ok := map[string]string{"espeak": "eSpeak NG", "piper": "Piper", "kokoro": "Kokoro", "polly": "Amazon Polly"}[engine]; ok {
		return t
	}
	return engine
}

// CheckVoice refuses a voice name ("ENGINE:ID", or "" for the default) that no
// engine here has.
func (r *Registry) CheckVoice(ctx context.Context, spec string) error {
	if spec == "" {
		return nil
	}
	engine, id := SplitVoice(spec)
	spec = strings.TrimPrefix(spec, ":") // ":ID" is the default engine's ID, as the writer gave it
	e, err := r.Engine(engine)
	if err != nil {
		if _, said := errors.AsType[*fault.Error](err); said {
			return err // why the engine is not here, as it was said
		}
		return fault.New(fault.Invalid, "%v", err)
	}
	notFound := func(cause error) error {
		if other := r.elsewhere(ctx, engine, id); other != "" {
			return fault.New(fault.Invalid, "%s has no voice %q; did you mean %q?", Title(e.Name()), id, other)
		}
		if cause != nil {
			return fault.New(fault.Invalid, "there is no voice %q: %v", spec, cause)
		}
		return fault.New(fault.Invalid, "there is no voice %q", spec)
	}
	if c, ok := e.(VoiceChecker); ok && id != "" {
		// The engine knows voices its list names only once (a speaker of a voice
		// of hundreds).
		if err := c.CheckVoice(ctx, id); err != nil {
			return notFound(err)
		}
		return nil
	}
	vs, err := e.Voices(ctx)
	if err != nil {
		return err
	}
	if Listed(vs, id) {
		return nil
	}
	return notFound(nil)
}

// elsewhere is "ENGINE:ID" for the first other engine on this computer that has the
// voice id, when the name given had no engine: a Piper voice's name given alone
// is looked for in the default engine. Cloud engines are not asked (they may be
// offline, and a voice nobody named is not billed).
func (r *Registry) elsewhere(ctx context.Context, engine, id string) string {
	if engine != "" || id == "" {
		return ""
	}
	for _, n := range r.Names() {
		e, err := r.Engine(n)
		if err != nil || r.isDefault(n) || IsRemote(e) {
			continue
		}
		if c, ok := e.(VoiceChecker); ok {
			if c.CheckVoice(ctx, id) == nil {
				return n + ":" + id
			}
		} else if vs, err := e.Voices(ctx); err == nil && Listed(vs, id) {
			return n + ":" + id
		}
	}
	return ""
}

// Listed says whether vs holds the voice id.
func Listed(vs []Voice, id string) bool {
	for _, v := range vs {
		if v.ID == id {
			return true
		}
	}
	return false
}

// VoiceChecker is an engine that can tell whether it speaks a voice without
// loading it: a neural voice's model takes a share of a second to load, wasted in
// a process that will not synthesise (the worker processes load their own) or has
// nothing to synthesise.
type VoiceChecker interface {
	CheckVoice(ctx context.Context, id string) error
}

// RateLimited is an engine whose service allows so many requests a second (a cloud
// engine's quota): the scheduler spaces its syntheses so (a token bucket of burst
// requests, refilled at perSecond), whichever caller asks.
type RateLimited interface {
	RateLimit() (perSecond float64, burst int)
}

// Concurrent is an engine that serves more than one synthesis at once in a process:
// how many. An engine that is not is given one at a time.
type Concurrent interface {
	Concurrency() int
}

// Transient wraps an error that another try may not meet (a helper process lost, a
// service's throttling): it is a retry.ErrTransient, with err's words.
func Transient(err error) error { return transient{err} }

type transient struct{ err error }

func (t transient) Error() string        { return t.err.Error() }
func (t transient) Unwrap() error        { return t.err }
func (t transient) Is(target error) bool { return target == retry.ErrTransient }

// Retrier is an engine whose passing failures last longer than a lost helper's
// restart (a service's throttling): how it is tried again.
type Retrier interface {
	Retries() retry.Backoff
}

// Billed is an engine that charges by the character: what a request costs, and
// the price tier it is billed at (Polly's "neural"); what a tier costs.
type Billed interface {
	Billed(req Request) (characters int, tier string)
	// PricePerMillion is a tier's price for a million characters, in US dollars.
	PricePerMillion(tier string) float64
}

// Remote is an engine whose work is done elsewhere (a cloud service): it is asked
// from this process, as many requests at once as its concurrency, never through
// worker processes, which would add nothing but their start.
type Remote interface {
	Remote() bool
}

// Dormant is an engine the writer turned off: what it made keeps its keys (and is
// played and exported), and it makes nothing new.
type Dormant interface {
	Dormant() bool
}

// IsDormant says whether e is turned off.
func IsDormant(e Engine) bool {
	d, ok := e.(Dormant)
	return ok && d.Dormant()
}

// IsRemote says whether e is a Remote engine.
func IsRemote(e Engine) bool {
	r, ok := e.(Remote)
	return ok && r.Remote()
}

// Meter counts the characters a billed engine's answered requests cost, as its
// service reports them: a request answered before another of the same sentence
// failed is paid for all the same.
type Meter struct {
	mu sync.Mutex
	n  int
}

// Add counts n characters billed.
func (m *Meter) Add(n int) {
	if m == nil || n <= 0 {
		return
	}
	m.mu.Lock()
	m.n += n
	m.mu.Unlock()
}

// Total is what was counted.
func (m *Meter) Total() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.n
}

type meterKey struct{}

// WithMeter gives a synthesis a meter for its engine to count what it is billed.
func WithMeter(ctx context.Context, m *Meter) context.Context {
	return context.WithValue(ctx, meterKey{}, m)
}

// MeterOf is the synthesis's meter (nil, which counts nothing, when it has none).
func MeterOf(ctx context.Context) *Meter {
	m, _ := ctx.Value(meterKey{}).(*Meter)
	return m
}
