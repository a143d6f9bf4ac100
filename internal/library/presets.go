package library

import (
	"context"
	"encoding/json"
	"sort"
	"strings"

	"readback/internal/fault"
	"readback/internal/render"
	"readback/internal/store"
	"readback/internal/tts"
)

// Installed voice presets are voices like the engines' own, named "preset:ID":
// a teammate's tuned voice (engine, voice, rate, pitch, pauses) used as it was
// published.

// PresetPrefix starts a preset's voice name.
const PresetPrefix = "preset:"

// Preset is an installed preset, as a voice list shows it.
type Preset struct {
	Voice    string // preset:ID
	Name     string
	Language string
}

// Presets lists the installed (or published) packs that carry a preset.
func Presets(ctx context.Context, st *store.Store) ([]Preset, error) {
	packs, err := st.VoicePacks(ctx)
	if err != nil {
		return nil, err
	}
	var out []Preset
	for id, p := range packs {
		var m VoiceManifest
		if json.Unmarshal(p.Manifest, &m) != nil || m.Preset == nil {
			continue
		}
		out = append(out, Preset{Voice: PresetPrefix + id, Name: m.Name, Language: m.Language})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Voice < out[j].Voice })
	return out, nil
}

// VoiceOf is the voice a spec names (ENGINE:VOICE, or a shared preset standing for
// its engine's voice, rate and pitch); nil for "" (the caller's default).
func VoiceOf(ctx context.Context, st *store.Store, spec string) (*render.Voice, error) {
	if spec == "" {
		return nil, nil
	}
	engine, id := tts.SplitVoice(spec)
	v, _, err := ResolvePreset(ctx, st, spec, render.Voice{Engine: engine, Voice: id})
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// ResolvePreset turns "preset:ID" into the voice it stands for, with its pauses
// (nil: the preset keeps the caller's); any other name is returned as it is.
func ResolvePreset(ctx context.Context, st *store.Store, voice string, v render.Voice) (render.Voice, *render.Pauses, error) {
	id, ok := strings.CutPrefix(voice, PresetPrefix)
	if !ok {
		return v, nil, nil
	}
	packs, err := st.VoicePacks(ctx)
	if err != nil {
		return v, nil, err
	}
	p, found := packs[id]
	var m VoiceManifest
	if !found || json.Unmarshal(p.Manifest, &m) != nil || m.Preset == nil {
		return v, nil, fault.New(fault.NotFound, "no voice preset %q is installed (see the Shared view, or 'readback sync list')", id)
	}
	engine, name := m.Preset.Engine, m.Preset.Voice
	if e, vv := tts.SplitVoice(name); e != "" && engine == "" {
		engine, name = e, vv
	}
	out := render.Voice{Engine: engine, Voice: name, Prosody: tts.Prosody{Rate: m.Preset.Rate, Pitch: m.Preset.Pitch, Volume: 1}}
	if out.Prosody.Rate == 0 {
		out.Prosody.Rate = v.Prosody.Rate
	}
	if out.Prosody.Pitch == 0 {
		out.Prosody.Pitch = 1
	}
	var pauses *render.Pauses
	if ps := m.Preset.Pauses; ps != nil {
		pauses = &render.Pauses{Sentence: ps.Sentence, Paragraph: ps.Paragraph, Chapter: ps.Chapter}
	}
	return out, pauses, nil
}

// VoiceOption is a voice a conversion can be read with.
type VoiceOption struct {
	ID       string `json:"id"` // ENGINE:ID or preset:ID
	Name     string `json:"name"`
	Language string `json:"language"`
	Engine   string `json:"engine"` // what the pickers group it under: an engine's name, or "preset"
	// PricePerMillion is what a million characters of the manuscript cost read by
	// it, in US dollars (0: free).
	PricePerMillion float64 `json:"price_per_million,omitempty"`
	// Quality, Grade and SampleRate are the engine's voice's (tts.Voice).
	Quality    string `json:"quality,omitempty"`
	Grade      string `json:"grade,omitempty"`
	SampleRate int    `json:"sample_rate,omitempty"`
}

// VoiceOptions lists the presets installed from the shared library, then every
// engine's voices.
func VoiceOptions(ctx context.Context, st *store.Store, engines *tts.Registry) ([]VoiceOption, error) {
	vs, err := engines.Voices(ctx)
	if err != nil {
		return nil, err
	}
	presets, err := Presets(ctx, st)
	if err != nil {
		return nil, err
	}
	out := make([]VoiceOption, 0, len(presets)+len(vs))
	for _, p := range presets {
		out = append(out, VoiceOption{ID: p.Voice, Name: p.Name, Language: p.Language, Engine: "preset"}) // the pickers group it under the presets
	}
	for _, v := range vs {
		out = append(out, VoiceOption{ID: v.Engine + ":" + v.ID, Name: v.Name, Language: v.Language, Engine: v.Engine, PricePerMillion: v.PricePerMillion,
			Quality: v.Quality, Grade: v.Grade, SampleRate: v.SampleRate})
	}
	return out, nil
}
