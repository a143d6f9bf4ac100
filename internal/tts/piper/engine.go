package piper

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	ort "github.com/yalue/onnxruntime_go"

	"readback/internal/onnx"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
)

// Name is the engine's registry name.
const Name = "piper"

// FrontEnd is what Piper's text front end needs of eSpeak NG: a text's phonemes, and
// its own timings of the words (spread over Piper's audio for the word marks).
type FrontEnd interface {
	IPA(ctx context.Context, voice, text string) ([]espeak.Clause, error)
	Synthesize(ctx context.Context, req tts.Request) (*tts.Audio, error)
}

// Engine speaks with the Piper voices installed in a folder.
type Engine struct {
	dir      string
	fe       FrontEnd
	threads  int
	mu       sync.Mutex
	live     sync.RWMutex      // held to speak, taken whole to close
	voices   map[string]*voice // by ID, loaded when first spoken with
	closed   bool
	version  string
	parallel int
}

// voice is an installed voice and, once it has spoken, its session.
type voice struct {
	info    *Installed
	cfg     *Config
	once    sync.Once
	session *ort.DynamicAdvancedSession
	err     error
}

// New returns the engine for the voices under dir. ONNX Runtime must be started.
func New(dir string, fe FrontEnd) (*Engine, error) {
	if v := onnx.Version(); v == "" {
		return nil, onnx.ErrNotStarted
	}
	// Syntheses run side by side up to the cores (ONNX Runtime's Run is safe on one
	// session from several threads), each on one thread: a VITS model's operators
	// gain little from more, and workers processes already share the cores.
	parallel := min(max(runtime.NumCPU(), 1), 4)
	return &Engine{dir: dir, fe: fe, threads: max(runtime.NumCPU()/parallel, 1), parallel: parallel,
		version: "piper 1 (onnxruntime " + onnx.Version() + ")", voices: map[string]*voice{}}, nil
}

// Name is the registry name.
func (e *Engine) Name() string { return Name }

// Version is the front end's and the runtime's; each voice's model adds its own
// (VoiceVersion).
func (e *Engine) Version() string { return e.version }

// VoiceVersion is the model's checksum: a voice replaced by another of the same name
// does not reuse the first one's audio.
func (e *Engine) VoiceVersion(id string) string {
	v, err := e.voice(voiceName(id))
	if err != nil {
		return ""
	}
	return v.info.SHA256
}

// Concurrency: several sentences at once, each on its own thread.
func (e *Engine) Concurrency() int { return e.parallel }

// Voices lists the installed voices, a multi-speaker voice once per speaker
// ("VOICE#SPEAKER").
func (e *Engine) Voices(context.Context) ([]tts.Voice, error) {
	installed, err := List(e.dir)
	if err != nil {
		return nil, err
	}
	var out []tts.Voice
	for _, v := range installed {
		name := strings.NewReplacer("_", " ", "-", " ").Replace(v.ID)
		if len(v.Speakers) == 0 {
			out = append(out, tts.Voice{ID: v.ID, Engine: Name, Name: name, Language: v.Language})
			continue
		}
		for _, s := range v.Speakers {
			out = append(out, tts.Voice{ID: v.ID + "#" + s, Engine: Name, Name: name + " (" + s + ")", Language: v.Language})
		}
	}
	return out, nil
}

// voiceName splits "VOICE#SPEAKER".
func voiceName(id string) string {
	name, _, _ := strings.Cut(id, "#")
	return name
}

// voice loads an installed voice's config (its session waits for its first
// sentence).
func (e *Engine) voice(name string) (*voice, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, errors.New("piper: engine closed")
	}
	if v, ok := e.voices[name]; ok {
		return v, nil
	}
	installed, err := List(e.dir)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(installed, func(v *Installed) bool { return v.ID == name })
	if i < 0 {
		return nil, fmt.Errorf("piper: no voice %q is installed", name)
	}
	raw, err := os.ReadFile(filepath.Join(installed[i].dir, configFile))
	if err != nil {
		return nil, err
	}
	cfg, err := ParseConfig(configFile, raw)
	if err != nil {
		return nil, err
	}
	v := &voice{info: installed[i], cfg: cfg}
	e.voices[name] = v
	return v, nil
}

func (v *voice) open(threads int) (*ort.DynamicAdvancedSession, error) {
	v.once.Do(func() {
		opts, err := ort.NewSessionOptions()
		if err != nil {
			v.err = err
			return
		}
		defer opts.Destroy()
		opts.SetIntraOpNumThreads(threads)
		opts.SetInterOpNumThreads(1)
		inputs := []string{"input", "input_lengths", "scales"}
		if v.cfg.NumSpeakers > 1 {
			inputs = append(inputs, "sid")
		}
		v.session, v.err = ort.NewDynamicAdvancedSession(filepath.Join(v.info.dir, modelFile), inputs, []string{"output"}, opts)
		if v.err != nil {
			v.err = fmt.Errorf("piper: voice %q could not be loaded: %v", v.info.ID, v.err)
		}
	})
	return v.session, v.err
}

// speaker is the sid of "VOICE#SPEAKER" (0 when none is named).
func (v *voice) speaker(id string) (int64, error) {
	_, name, ok := strings.Cut(id, "#")
	if !ok {
		return 0, nil
	}
	if sid, ok := v.cfg.SpeakerIDMap[name]; ok {
		return sid, nil
	}
	if i := slices.Index(v.info.Speakers, name); i >= 0 {
		return int64(i), nil
	}
	return 0, fmt.Errorf("piper: voice %q has no speaker %q", v.info.ID, name)
}

// sentenceGapMs is the silence between two sentences of one segment, as Piper's
// own sentence_silence.
const sentenceGapMs = 200

// Synthesize speaks one segment: each part between the writer's pauses is given
// eSpeak's phonemes, each of its sentences said by the model, and the word marks
// are eSpeak's timings of the same words stretched over the part.
func (e *Engine) Synthesize(ctx context.Context, req tts.Request) (*tts.Audio, error) {
	if err := req.Prosody.Validate(); err != nil {
		return nil, err
	}
	if req.PauseAfterMs < 0 || req.PauseAfterMs > 10000 {
		return nil, fmt.Errorf("piper: a pause of %d ms is outside 0–10000", req.PauseAfterMs)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	e.live.RLock()
	defer e.live.RUnlock()
	v, err := e.voice(voiceName(req.Voice))
	if err != nil {
		return nil, err
	}
	sid, err := v.speaker(req.Voice)
	if err != nil {
		return nil, err
	}
	session, err := v.open(e.threads)
	if err != nil {
		return nil, err
	}
	rate := v.cfg.Audio.SampleRate
	a := &tts.Audio{SampleRate: rate, Voice: req.Voice}
	for _, p := range parts(req) {
		startMs := a.DurationMs()
		clauses, err := e.fe.IPA(ctx, v.cfg.Espeak.Voice, req.Text[p.start:p.end])
		if err != nil {
			return nil, err
		}
		for i, s := range Phonemes(clauses, v.cfg) {
			if i > 0 {
				a.Samples = append(a.Samples, silence(rate, int(sentenceGapMs/req.Prosody.Rate))...)
			}
			ids, _ := IDs(s, v.cfg)
			wave, err := e.run(ctx, session, v.cfg, ids, sid, req.Prosody.Rate)
			if err != nil {
				return nil, err
			}
			a.Samples = appendPCM(a.Samples, wave, req.Prosody.Volume)
		}
		marks, err := e.wordMarks(ctx, v.cfg.Espeak.Voice, req.Text, p, startMs, a.DurationMs())
		if err != nil {
			return nil, err
		}
		a.Marks = append(a.Marks, marks...)
		a.Samples = append(a.Samples, silence(rate, p.pauseMs)...)
	}
	a.Samples = append(a.Samples, silence(rate, req.PauseAfterMs)...)
	if len(req.Text) > 0 {
		a.Marks = append([]tts.Mark{{Kind: tts.SentenceMark, Start: 0, End: len(req.Text), EndMs: a.DurationMs()}}, a.Marks...)
	}
	return a, nil
}

// run says one sentence's ids; ctx's end stops it.
func (e *Engine) run(ctx context.Context, s *ort.DynamicAdvancedSession, c *Config, ids []int64, sid int64, rate float64) ([]float32, error) {
	in, err := ort.NewTensor(ort.NewShape(1, int64(len(ids))), ids)
	if err != nil {
		return nil, err
	}
	defer in.Destroy()
	lengths, err := ort.NewTensor(ort.NewShape(1), []int64{int64(len(ids))})
	if err != nil {
		return nil, err
	}
	defer lengths.Destroy()
	// A faster rate is a shorter length_scale: the model's own pacing, not a
	// stretch of its audio.
	scales, err := ort.NewTensor(ort.NewShape(3), []float32{c.Inference.NoiseScale, c.Inference.LengthScale / float32(rate), c.Inference.NoiseW})
	if err != nil {
		return nil, err
	}
	defer scales.Destroy()
	inputs := []ort.Value{in, lengths, scales}
	if c.NumSpeakers > 1 {
		t, err := ort.NewTensor(ort.NewShape(1), []int64{sid})
		if err != nil {
			return nil, err
		}
		defer t.Destroy()
		inputs = append(inputs, t)
	}
	opts, err := ort.NewRunOptions()
	if err != nil {
		return nil, err
	}
	defer opts.Destroy()
	stop := context.AfterFunc(ctx, func() { opts.Terminate() })
	defer stop()
	out := []ort.Value{nil}
	err = s.RunWithOptions(inputs, out, opts)
	if ctx.Err() != nil {
		if out[0] != nil {
			out[0].Destroy()
		}
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("piper: the model failed: %v", err)
	}
	defer out[0].Destroy()
	t, ok := out[0].(*ort.Tensor[float32])
	if !ok {
		return nil, errors.New("piper: the model's output is not audio")
	}
	return slices.Clone(t.GetData()), nil
}

// appendPCM converts the model's samples (-1…1) to 16-bit at the volume, clipped.
func appendPCM(dst []int16, wave []float32, volume float64) []int16 {
	for _, f := range wave {
		v := math.Round(float64(f) * volume * 32767)
		dst = append(dst, int16(max(min(v, 32767), -32768)))
	}
	return dst
}

func silence(rate, ms int) []int16 { return make([]int16, rate*ms/1000) }

// part is a stretch of a request's text said at once, and the writer's pause after it.
type part struct {
	start, end int
	pauseMs    int
}

// parts cuts the text after each word the writer put a pause after.
func parts(req tts.Request) []part {
	var cuts []tts.TextMark
	for _, m := range req.Marks {
		if m.Kind == "pause" && m.Ms > 0 && m.End > 0 && m.End < len(req.Text) {
			cuts = append(cuts, m)
		}
	}
	slices.SortFunc(cuts, func(a, b tts.TextMark) int { return a.End - b.End })
	var out []part
	from := 0
	for _, c := range cuts {
		if c.End <= from {
			continue
		}
		out = append(out, part{from, c.End, min(c.Ms, 10000)})
		from = c.End
	}
	return append(out, part{from, len(req.Text), 0})
}

// wordMarks times the part's words: eSpeak's timings of the same text, stretched so
// that they span the part's audio from startMs to endMs.
func (e *Engine) wordMarks(ctx context.Context, espeakVoice, text string, p part, startMs, endMs int) ([]tts.Mark, error) {
	ref, err := e.fe.Synthesize(ctx, tts.Request{Text: text[p.start:p.end], Voice: espeakVoice, Prosody: tts.Normal})
	if err != nil {
		return nil, fmt.Errorf("piper: timing the words: %v", err)
	}
	span := ref.DurationMs()
	if span <= 0 {
		return nil, nil
	}
	scale := float64(endMs-startMs) / float64(span)
	var out []tts.Mark
	for _, m := range ref.Marks {
		if m.Kind != tts.WordMark {
			continue
		}
		out = append(out, tts.Mark{Kind: tts.WordMark, Start: p.start + m.Start, End: p.start + m.End,
			StartMs: startMs + int(float64(m.StartMs)*scale), EndMs: startMs + int(float64(m.EndMs)*scale)})
	}
	return out, nil
}

// Forget drops what the engine holds of a voice, after it was removed or replaced.
func (e *Engine) Forget(id string) {
	e.live.Lock()
	defer e.live.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	if v, ok := e.voices[voiceName(id)]; ok {
		if v.session != nil {
			v.session.Destroy()
		}
		delete(e.voices, voiceName(id))
	}
}

// Close lets every session go, once the syntheses under way have ended.
func (e *Engine) Close() error {
	e.live.Lock()
	defer e.live.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closed = true
	for _, v := range e.voices {
		if v.session != nil {
			v.session.Destroy()
		}
	}
	e.voices = nil
	return nil
}
