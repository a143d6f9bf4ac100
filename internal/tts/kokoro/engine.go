// Package kokoro speaks with Kokoro-82M (Apache-2.0) on ONNX Runtime: the model and
// its config.json come from the writer, as a Piper voice does; its voices are the
// styles kokoro-js ships (styles.go); its phonemes are eSpeak NG's, as kokoro-js
// reads them (frontend.go).
package kokoro

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	ort "github.com/yalue/onnxruntime_go"

	"readback/internal/onnx"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"readback/internal/tts/neural"
)

// Name is the engine's registry name.
const Name = "kokoro"

// SampleRate is every Kokoro model's.
const SampleRate = 24000

// FrontEnd is what Kokoro's front end needs of eSpeak NG: a text's phonemes, and its
// own timings of the words.
type FrontEnd interface {
	IPA(ctx context.Context, voice, text string) ([]espeak.Clause, error)
	Synthesize(ctx context.Context, req tts.Request) (*tts.Audio, error)
}

// Engine speaks with the Kokoro models installed in a folder, in the styles of
// another.
type Engine struct {
	neural.Common
	dir, styles string
	fe          FrontEnd
	version     string

	models *neural.Models[*loaded] // by ID, loaded when first spoken with
	mu     sync.Mutex
	looks  map[string]*styleData // styles read, by ID
}

// loaded is a model's config, and its signature once its session is open.
type loaded struct {
	cfg *Config
	sig signature
}

// New returns the engine for the models under dir and the styles in styles. ONNX
// Runtime must be started.
func New(dir, styles string, fe FrontEnd) (*Engine, error) {
	if v := onnx.Version(); v == "" {
		return nil, onnx.ErrNotStarted
	}
	models := &neural.Models[*loaded]{Engine: Name, Dir: dir, Load: func(info *neural.Installed) (*loaded, error) {
		cfg, err := neural.ReadConfig(info, configFile, ParseConfig)
		if err != nil {
			return nil, err
		}
		return &loaded{cfg: cfg}, nil
	}}
	return &Engine{Common: neural.NewCommon(), dir: dir, styles: styles, fe: fe,
		version: "kokoro 2 (onnxruntime " + onnx.Version() + ")", models: models, looks: map[string]*styleData{}}, nil
}

// Name is the registry name.
func (e *Engine) Name() string { return Name }

// Version is the front end's and the runtime's; each voice adds its model's and
// style's checksums (VoiceVersion).
func (e *Engine) Version() string { return e.version }

// Voices lists every style for each installed model, as they were installed:
// "af_heart" for the model installed first, "MODEL#af_heart" for the others.
func (e *Engine) Voices(context.Context) ([]tts.Voice, error) {
	models, err := neural.List(e.dir)
	if err != nil {
		return nil, err
	}
	neural.ByAge(models)
	styles, err := ListStyles(e.styles)
	if err != nil && len(models) > 0 {
		return nil, fmt.Errorf("kokoro: the voice styles: %v", err)
	}
	var out []tts.Voice
	for i, m := range models {
		for _, s := range styles {
			id, name := s.ID, s.Name
			if i > 0 {
				id, name = m.ID+"#"+s.ID, s.Name+" ("+m.ID+")"
			}
			out = append(out, tts.Voice{ID: id, Engine: Name, Name: name, Language: s.Language, Gender: s.Gender, Grade: s.Grade, SampleRate: SampleRate})
		}
	}
	return out, nil
}

// VoiceVersion is the model's, its config's and the style's checksums: a model,
// config or style replaced by another of the same name does not reuse the first
// one's audio.
func (e *Engine) VoiceVersion(id string) string {
	m, st, _, err := e.resolve(id)
	if err != nil {
		return ""
	}
	return m.Info.Version() + "/" + st.sha256
}

// model is an installed model and its config.
type model = neural.Model[*loaded]

// resolve is a voice's model, style data and style: "STYLE" speaks with the model
// installed first (another installed later changes no document's voice),
// "MODEL#STYLE" with that one.
func (e *Engine) resolve(id string) (*model, *styleData, Style, error) {
	modelID, styleID, named := strings.Cut(id, "#")
	if !named {
		modelID, styleID = "", id
	}
	style, ok := ParseStyleID(styleID)
	if !ok {
		return nil, nil, Style{}, fmt.Errorf("kokoro: no voice %q (a voice is a style such as af_heart)", id)
	}
	if modelID == "" {
		models, err := neural.List(e.dir)
		if err != nil {
			return nil, nil, Style{}, err
		}
		if len(models) == 0 {
			return nil, nil, Style{}, errors.New("kokoro: no Kokoro model is installed (readback voices add MODEL.onnx config.json)")
		}
		neural.ByAge(models)
		modelID = models[0].ID
	}
	m, err := e.models.Get(modelID)
	if err != nil {
		return nil, nil, Style{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	st, ok := e.looks[styleID]
	if !ok {
		if st, err = readStyle(e.styles, styleID); err != nil {
			return nil, nil, Style{}, err
		}
		e.looks[styleID] = st
	}
	return m, st, style, nil
}

// open opens the model's session at its first sentence, with the signature its
// install read (a model installed before that was kept is read first).
func (e *Engine) open(m *model) (*ort.DynamicAdvancedSession, signature, error) {
	s, err := m.Session(func(m *model) (*ort.DynamicAdvancedSession, error) {
		path := m.Path(modelFile)
		sig, ok := kept(m.Info)
		if !ok {
			ins, outs, err := ort.GetInputOutputInfo(path)
			if err != nil {
				return nil, fmt.Errorf("kokoro: model %q could not be read: %v", m.Info.ID, err)
			}
			if sig, err = signatureOf(ins, outs); err != nil {
				return nil, fmt.Errorf("kokoro: model %q: %v", m.Info.ID, err)
			}
		}
		s, err := neural.NewSession(path, e.Threads, sig.inputs(), sig.outputs())
		if err != nil {
			return nil, fmt.Errorf("kokoro: model %q could not be loaded: %v", m.Info.ID, err)
		}
		m.Config.sig = sig
		return s, nil
	})
	if err != nil {
		return nil, signature{}, err
	}
	return s, m.Config.sig, nil
}

// CheckVoice: the model is installed, its config read, its file the size it was
// installed at and the style one it has; the model is not loaded.
func (e *Engine) CheckVoice(_ context.Context, id string) error {
	m, _, _, err := e.resolve(id)
	if err != nil {
		return err
	}
	if err := m.Intact(modelFile); err != nil {
		return fmt.Errorf("kokoro: %v", err)
	}
	return nil
}

// Synthesize speaks one segment: each part between the writer's pauses is given
// eSpeak's phonemes and said in chunks of at most 510 symbols. The words are timed
// by eSpeak's reading of the same text: each clause's words over the stretch the
// model says it spent on the clause when it tells its durations, else the whole
// part's words warped onto where its audio speaks and pauses.
func (e *Engine) Synthesize(ctx context.Context, req tts.Request) (*tts.Audio, error) {
	if err := req.Prosody.Validate(); err != nil {
		return nil, err
	}
	if req.PauseAfterMs < 0 || req.PauseAfterMs > 10000 {
		return nil, fmt.Errorf("kokoro: a pause of %d ms is outside 0–10000", req.PauseAfterMs)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	defer e.models.Speaking()()
	m, look, style, err := e.resolve(req.Voice)
	if err != nil {
		return nil, err
	}
	session, sig, err := e.open(m)
	if err != nil {
		return nil, err
	}
	cuts, trailingMs := req.Pauses()
	a := &tts.Audio{SampleRate: SampleRate, Voice: req.Voice}
	for _, p := range neural.Parts(req.Text, cuts) {
		text := req.Text[p.Start:p.End]
		startMs, partAt := a.DurationMs(), len(a.Samples)
		clauses, err := neural.Transcribe(ctx, e.fe, style.espeak, text)
		if err != nil {
			return nil, err
		}
		// eSpeak times the words while the model speaks (another core).
		timed := make(chan timing, 1)
		go func() {
			ref, err := e.fe.Synthesize(ctx, tts.Request{Text: neural.TimingText(text, style.espeak), Voice: style.espeak, Prosody: tts.Normal})
			timed <- timing{ref, err}
		}()
		said := symbolsOf(clauses, text, style.Language)
		spans := neural.NewSpans(len(said))
		if sig.durations == "" {
			spans.Lose()
		}
		for _, ch := range chunks(said, m.Config.cfg) {
			ids, owners := ch.ids(m.Config.cfg)
			wave, durations, err := e.run(ctx, session, sig, ids, look.row(len(ids)-2), req.Prosody.Rate)
			if err != nil {
				<-timed
				return nil, err
			}
			base := len(a.Samples)
			a.Samples = appendPCM(a.Samples, wave, req.Prosody.Volume)
			spans.Place(owners, durations, base, len(wave))
		}
		t := <-timed
		if t.err != nil {
			return nil, fmt.Errorf("kokoro: timing the words: %v", t.err)
		}
		texts := make([][2]int, len(said))
		for i, c := range said {
			texts[i] = [2]int{c.start, c.end}
		}
		a.Marks = append(a.Marks, spans.WordMarks(t.ref, p.Start, texts, a.Samples[partAt:], SampleRate, startMs)...)
		a.Samples = append(a.Samples, neural.Silence(SampleRate, p.PauseMs)...)
	}
	a.Samples = append(a.Samples, neural.Silence(SampleRate, trailingMs+req.PauseAfterMs)...)
	if len(req.Text) > 0 {
		a.Marks = append([]tts.Mark{{Kind: tts.SentenceMark, Start: 0, End: len(req.Text), EndMs: a.DurationMs()}}, a.Marks...)
	}
	return a, nil
}

// timing is eSpeak's reading of a part, for its words' times.
type timing struct {
	ref *tts.Audio
	err error
}

// run says one chunk's ids in a style; ctx's end stops it. It returns the samples
// and, when the model tells them, each id's duration.
func (e *Engine) run(ctx context.Context, s *ort.DynamicAdvancedSession, sig signature, ids []int64, style []float32, rate float64) ([]float32, []int64, error) {
	in, err := ort.NewTensor(ort.NewShape(1, int64(len(ids))), ids)
	if err != nil {
		return nil, nil, err
	}
	defer in.Destroy()
	st, err := ort.NewTensor(ort.NewShape(1, StyleDim), slices.Clone(style))
	if err != nil {
		return nil, nil, err
	}
	defer st.Destroy()
	// The rate is Kokoro's own speed: the model paces itself, no stretch of audio.
	speed, err := ort.NewTensor(ort.NewShape(1), []float32{float32(rate)})
	if err != nil {
		return nil, nil, err
	}
	defer speed.Destroy()
	out := []ort.Value{nil}
	if sig.durations != "" {
		out = append(out, nil)
	}
	if err := neural.Run(ctx, s, []ort.Value{in, st, speed}, out); err != nil {
		if ctx.Err() != nil {
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("kokoro: the model failed: %v", err)
	}
	for _, o := range out {
		defer o.Destroy()
	}
	wave, ok := out[0].(*ort.Tensor[float32])
	if !ok {
		return nil, nil, errors.New("kokoro: the model's output is not audio")
	}
	var durations []int64
	if len(out) > 1 {
		if d, ok := out[1].(*ort.Tensor[int64]); ok {
			durations = slices.Clone(d.GetData())
		}
	}
	return slices.Clone(wave.GetData()), durations, nil
}

// appendPCM converts the model's samples (within ±1) to 16-bit at the volume asked
// for.
func appendPCM(dst []int16, wave []float32, volume float64) []int16 {
	scale := float32(32767 * volume)
	for _, f := range wave {
		dst = append(dst, int16(max(min(f*scale, 32767), -32768)))
	}
	return dst
}

// Forget drops what the engine holds of a model, after it was removed or replaced.
func (e *Engine) Forget(id string) { e.models.Forget(id) }

// Close lets every session go, once the syntheses under way have ended.
func (e *Engine) Close() error { return e.models.Close() }
