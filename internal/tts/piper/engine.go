package piper

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	ort "github.com/yalue/onnxruntime_go"

	"readback/internal/onnx"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"readback/internal/tts/neural"
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
	neural.Common
	dir     string
	fe      FrontEnd
	voices  *neural.Models[*Config] // by ID, loaded when first spoken with
	version string
}

// New returns the engine for the voices under dir. ONNX Runtime must be started.
func New(dir string, fe FrontEnd) (*Engine, error) {
	if v := onnx.Version(); v == "" {
		return nil, onnx.ErrNotStarted
	}
	voices := &neural.Models[*Config]{Engine: Name, Dir: dir, Load: func(info *neural.Installed) (*Config, error) {
		return neural.ReadConfig(info, configFile, ParseConfig)
	}}
	return &Engine{Common: neural.NewCommon(), dir: dir, fe: fe,
		version: "piper 2 (onnxruntime " + onnx.Version() + ")", voices: voices}, nil
}

// Name is the registry name.
func (e *Engine) Name() string { return Name }

// Version is the front end's and the runtime's; each voice's model adds its own
// (VoiceVersion).
func (e *Engine) Version() string { return e.version }

// VoiceVersion is the model's and its config's checksums: a voice replaced by
// another of the same name does not reuse the first one's audio.
func (e *Engine) VoiceVersion(id string) string {
	v, err := e.voices.Get(voiceName(id))
	if err != nil {
		return ""
	}
	return v.Info.Version()
}

// Voices lists the installed voices, a multi-speaker voice once per speaker
// ("VOICE#SPEAKER").
func (e *Engine) Voices(context.Context) ([]tts.Voice, error) {
	installed, err := neural.List(e.dir)
	if err != nil {
		return nil, err
	}
	var out []tts.Voice
	for _, v := range installed {
		name := strings.NewReplacer("_", " ", "-", " ").Replace(v.ID)
		voice := tts.Voice{ID: v.ID, Engine: Name, Name: name, Language: v.Language, Quality: v.Quality, SampleRate: v.SampleRate}
		if len(v.Speakers) == 0 {
			out = append(out, voice)
			continue
		}
		// A voice of a few speakers lists each; one of hundreds (LibriTTS has 904)
		// lists its first, the others named as VOICE#SPEAKER where a voice is given.
		if len(v.Speakers) > maxListedSpeakers {
			voice.Name = fmt.Sprintf("%s (%d speakers)", name, len(v.Speakers))
			out = append(out, voice)
			continue
		}
		for _, s := range v.Speakers {
			voice.ID, voice.Name = v.ID+"#"+s, name+" ("+s+")"
			out = append(out, voice)
		}
	}
	return out, nil
}

// maxListedSpeakers: a voice with more speakers is listed once.
const maxListedSpeakers = 32

// voiceName splits "VOICE#SPEAKER".
func voiceName(id string) string {
	name, _, _ := strings.Cut(id, "#")
	return name
}

// voice is an installed voice and its config.
type voice = neural.Model[*Config]

// open opens the voice's session at its first sentence.
func (e *Engine) open(v *voice) (*ort.DynamicAdvancedSession, error) {
	return v.Session(func(v *voice) (*ort.DynamicAdvancedSession, error) {
		inputs := []string{"input", "input_lengths", "scales"}
		if v.Config.NumSpeakers > 1 {
			inputs = append(inputs, "sid")
		}
		s, err := neural.NewSession(v.Path(modelFile), e.Threads, inputs, signatureOf(v.Info).outputs())
		if err != nil {
			return nil, fmt.Errorf("piper: voice %q could not be loaded: %v", v.Info.ID, err)
		}
		return s, nil
	})
}

// speaker is the sid of "VOICE#SPEAKER" (0 when none is named).
func speaker(v *voice, id string) (int64, error) {
	_, name, ok := strings.Cut(id, "#")
	if !ok {
		return 0, nil
	}
	if sid, ok := v.Config.SpeakerIDMap[name]; ok {
		return sid, nil
	}
	if i := slices.Index(v.Info.Speakers, name); i >= 0 {
		return int64(i), nil
	}
	return 0, fmt.Errorf("piper: voice %q has no speaker %q", v.Info.ID, name)
}

// CheckVoice: the voice is installed, its config read, its model the size it was
// installed at and the speaker one of its own; the model is not loaded.
func (e *Engine) CheckVoice(_ context.Context, id string) error {
	v, err := e.voices.Get(voiceName(id))
	if err != nil {
		return err
	}
	if err := v.Intact(modelFile); err != nil {
		return fmt.Errorf("piper: %v", err)
	}
	_, err = speaker(v, id)
	return err
}

// sentenceGapMs is the silence between two sentences of one segment, as Piper's
// own sentence_silence.
const sentenceGapMs = 200

// Synthesize speaks one segment: each part between the writer's pauses is given
// eSpeak's phonemes, each of its sentences said by the model, and the word marks
// are eSpeak's timings of the same words: over each clause's span when the model
// tells its alignments, else warped onto where the part's audio speaks and pauses.
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
	defer e.voices.Speaking()()
	v, err := e.voices.Get(voiceName(req.Voice))
	if err != nil {
		return nil, err
	}
	sid, err := speaker(v, req.Voice)
	if err != nil {
		return nil, err
	}
	session, err := e.open(v)
	if err != nil {
		return nil, err
	}
	sig := signatureOf(v.Info)
	cuts, trailingMs := req.Pauses()
	rate := v.Config.Audio.SampleRate
	a := &tts.Audio{SampleRate: rate, Voice: req.Voice}
	for _, p := range neural.Parts(req.Text, cuts) {
		startMs, partAt := a.DurationMs(), len(a.Samples)
		text := req.Text[p.Start:p.End]
		clauses, err := neural.Transcribe(ctx, e.fe, v.Config.Espeak.Voice, text)
		if err != nil {
			return nil, err
		}
		spans := neural.NewSpans(len(clauses))
		if sig.alignment == "" {
			spans.Lose()
		}
		// eSpeak times the words while the model speaks (another core).
		timed := make(chan timing, 1)
		go func() {
			ref, err := e.fe.Synthesize(ctx, tts.Request{Text: neural.TimingText(req.Text[p.Start:p.End], v.Config.Espeak.Voice), Voice: v.Config.Espeak.Voice, Prosody: tts.Normal})
			timed <- timing{ref, err}
		}()
		for i, s := range sentencesOf(clauses, v.Config) {
			if i > 0 {
				a.Samples = append(a.Samples, neural.Silence(rate, int(sentenceGapMs/req.Prosody.Rate))...)
			}
			ids, owners, _ := framed(s.phonemes, s.clauses, v.Config)
			wave, frames, err := e.run(ctx, session, v.Config, sig, ids, sid, req.Prosody.Rate)
			if err != nil {
				<-timed
				return nil, err
			}
			spans.Place(owners, frames, len(a.Samples), len(wave))
			a.Samples = appendPCM(a.Samples, wave, req.Prosody.Volume)
		}
		t := <-timed
		if t.err != nil {
			return nil, fmt.Errorf("piper: timing the words: %v", t.err)
		}
		a.Marks = append(a.Marks, spans.WordMarks(t.ref, p.Start, neural.ClauseText(clauses, text), a.Samples[partAt:], rate, startMs)...)
		a.Samples = append(a.Samples, neural.Silence(rate, p.PauseMs)...)
	}
	a.Samples = append(a.Samples, neural.Silence(rate, trailingMs+req.PauseAfterMs)...)
	if len(req.Text) > 0 {
		a.Marks = append([]tts.Mark{{Kind: tts.SentenceMark, Start: 0, End: len(req.Text), EndMs: a.DurationMs()}}, a.Marks...)
	}
	return a, nil
}

// run says one sentence's ids; ctx's end stops it. It returns the samples and, when
// the voice tells its alignments, the samples each id was said for.
func (e *Engine) run(ctx context.Context, s *ort.DynamicAdvancedSession, c *Config, sig signature, ids []int64, sid int64, rate float64) ([]float32, []int64, error) {
	in, err := ort.NewTensor(ort.NewShape(1, int64(len(ids))), ids)
	if err != nil {
		return nil, nil, err
	}
	defer in.Destroy()
	lengths, err := ort.NewTensor(ort.NewShape(1), []int64{int64(len(ids))})
	if err != nil {
		return nil, nil, err
	}
	defer lengths.Destroy()
	// A faster rate is a shorter length_scale: the model's own pacing, not a
	// stretch of its audio.
	scales, err := ort.NewTensor(ort.NewShape(3), []float32{c.Inference.NoiseScale, c.Inference.LengthScale / float32(rate), c.Inference.NoiseW})
	if err != nil {
		return nil, nil, err
	}
	defer scales.Destroy()
	inputs := []ort.Value{in, lengths, scales}
	if c.NumSpeakers > 1 {
		t, err := ort.NewTensor(ort.NewShape(1), []int64{sid})
		if err != nil {
			return nil, nil, err
		}
		defer t.Destroy()
		inputs = append(inputs, t)
	}
	out := []ort.Value{nil}
	if sig.alignment != "" {
		out = append(out, nil)
	}
	if err := neural.Run(ctx, s, inputs, out); err != nil {
		if ctx.Err() != nil {
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("piper: the model failed: %v", err)
	}
	for _, o := range out {
		defer o.Destroy()
	}
	t, ok := out[0].(*ort.Tensor[float32])
	if !ok {
		return nil, nil, errors.New("piper: the model's output is not audio")
	}
	var samples []int64
	if len(out) > 1 {
		// Frames per id, as Piper reads them: times the hop, in samples.
		if f, ok := out[1].(*ort.Tensor[float32]); ok {
			for _, frames := range f.GetData() {
				samples = append(samples, int64(frames)*int64(c.HopLength))
			}
		}
	}
	return slices.Clone(t.GetData()), samples, nil
}

// appendPCM converts a sentence of the model's samples to 16-bit as Piper does —
// scaled so that its peak fills the range (a peak under 0.01 is taken as 0.01), the
// value cut toward zero — at the volume asked for.
func appendPCM(dst []int16, wave []float32, volume float64) []int16 {
	peak := float32(0.01)
	for _, f := range wave {
		peak = max(peak, f, -f)
	}
	scale := 32767 / peak * float32(volume)
	for _, f := range wave {
		dst = append(dst, int16(max(min(f*scale, 32767), -32768)))
	}
	return dst
}

// timing is eSpeak's reading of a part, for its words' times.
type timing struct {
	ref *tts.Audio
	err error
}

// Forget drops what the engine holds of a voice, after it was removed or replaced.
func (e *Engine) Forget(id string) { e.voices.Forget(voiceName(id)) }

// Close lets every session go, once the syntheses under way have ended.
func (e *Engine) Close() error { return e.voices.Close() }
