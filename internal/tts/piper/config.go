// Package piper speaks with Piper voices: VITS models exported to ONNX, each with
// its .onnx.json config. This file reads and checks the config; phonemes.go is the
// text front end (eSpeak NG's IPA → the model's phoneme ids), which must feed a
// voice exactly what it was trained on.
package piper

import (
	"encoding/json"
	"fmt"
	"math"
	"unicode/utf8"
)

// Config is a voice's .onnx.json: what Piper's own front end and runtime read.
type Config struct {
	Audio struct {
		SampleRate int    `json:"sample_rate"`
		Quality    string `json:"quality,omitempty"`
	} `json:"audio"`
	Espeak struct {
		Voice string `json:"voice"`
	} `json:"espeak"`
	Inference struct {
		NoiseScale  float32 `json:"noise_scale"`
		LengthScale float32 `json:"length_scale"`
		NoiseW      float32 `json:"noise_w"`
	} `json:"inference"`
	PhonemeType  string              `json:"phoneme_type,omitempty"` // "espeak" (the default) or "text"
	PhonemeMap   map[string][]string `json:"phoneme_map,omitempty"`
	PhonemeIDMap map[string][]int64  `json:"phoneme_id_map"`
	NumSymbols   int                 `json:"num_symbols,omitempty"`
	NumSpeakers  int                 `json:"num_speakers"`
	SpeakerIDMap map[string]int64    `json:"speaker_id_map,omitempty"`
	Language     struct {
		Code string `json:"code,omitempty"`
	} `json:"language,omitempty"`
	Dataset string `json:"dataset,omitempty"`
	// HopLength is the samples of audio a frame of the model's durations is (Piper's
	// own default, 256, when absent): a voice patched with its alignments tells
	// each id's frames.
	HopLength int `json:"hop_length,omitempty"`

	phonemeMap map[rune][]rune  // PhonemeMap, by code point
	ids        map[rune][]int64 // PhonemeIDMap, by code point
}

// defaultHopLength is Piper's when a config does not say (piper.config).
const defaultHopLength = 256

// The symbols Piper's front end frames a sentence with.
const (
	padSymbol = '_' // after every phoneme
	bosSymbol = '^' // before the sentence
	eosSymbol = '$' // after it
)

// maxConfig bounds a config file: the largest real ones (multi-speaker voices with
// hundreds of names) are under 100 KB.
const maxConfig = 4 << 20

// ParseConfig reads and checks a voice config. name is the file's name, for errors.
func ParseConfig(name string, data []byte) (*Config, error) {
	if len(data) > maxConfig {
		return nil, fmt.Errorf("%s: %d bytes is too large for a Piper voice config (at most %d)", name, len(data), maxConfig)
	}
	var c Config
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%s: not a Piper voice config: %v", name, err)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...))
	}
	switch {
	case c.Audio.SampleRate < 8000 || c.Audio.SampleRate > 48000:
		return nil, bad("audio.sample_rate %d is not a voice's rate (8000–48000 Hz)", c.Audio.SampleRate)
	case c.PhonemeType != "" && c.PhonemeType != "espeak":
		return nil, bad("phoneme_type %q is not read by Readback (only eSpeak phonemes)", c.PhonemeType)
	case c.Espeak.Voice == "":
		return nil, bad("espeak.voice is missing: the voice does not say which eSpeak NG voice gives its phonemes")
	case len(c.PhonemeIDMap) == 0:
		return nil, bad("phoneme_id_map is missing or empty")
	case c.NumSpeakers < 0 || c.NumSpeakers > 100000:
		return nil, bad("num_speakers %d is out of range", c.NumSpeakers)
	}
	if c.HopLength <= 0 { // only a unit: the frames are spread over the samples said
		c.HopLength = defaultHopLength
	}
	for _, s := range []struct {
		name string
		v    float32
	}{{"noise_scale", c.Inference.NoiseScale}, {"length_scale", c.Inference.LengthScale}, {"noise_w", c.Inference.NoiseW}} {
		if math.IsNaN(float64(s.v)) || s.v < 0 || s.v > 10 {
			return nil, bad("inference.%s %v is out of range (0–10)", s.name, s.v)
		}
	}
	if c.Inference.LengthScale == 0 {
		c.Inference.LengthScale = 1
	}
	c.ids = make(map[rune][]int64, len(c.PhonemeIDMap))
	for sym, ids := range c.PhonemeIDMap {
		r, ok := oneRune(sym)
		if !ok || len(ids) == 0 {
			return nil, bad("phoneme_id_map: %q is not one symbol with its ids", sym)
		}
		for _, id := range ids {
			if id < 0 || (c.NumSymbols > 0 && id >= int64(c.NumSymbols)) {
				return nil, bad("phoneme_id_map: %q has id %d, outside the model's %d symbols", sym, id, c.NumSymbols)
			}
		}
		c.ids[r] = ids
	}
	for _, sym := range []rune{padSymbol, bosSymbol, eosSymbol} {
		if c.ids[sym] == nil {
			return nil, bad("phoneme_id_map has no %q, which frames every sentence", string(sym))
		}
	}
	c.phonemeMap = make(map[rune][]rune, len(c.PhonemeMap))
	for from, to := range c.PhonemeMap {
		r, ok := oneRune(from)
		if !ok {
			return nil, bad("phoneme_map: %q is not one symbol", from)
		}
		var rs []rune
		for _, t := range to {
			tr, ok := oneRune(t)
			if !ok {
				return nil, bad("phoneme_map: %q maps to %q, not one symbol", from, t)
			}
			rs = append(rs, tr)
		}
		c.phonemeMap[r] = rs
	}
	for name, id := range c.SpeakerIDMap {
		if id < 0 || (c.NumSpeakers > 0 && id >= int64(c.NumSpeakers)) {
			return nil, bad("speaker_id_map: %q has id %d, outside the voice's %d speakers", name, id, c.NumSpeakers)
		}
	}
	return &c, nil
}

func oneRune(s string) (rune, bool) {
	r, size := utf8.DecodeRuneInString(s)
	return r, r != utf8.RuneError && size == len(s) && size > 0
}
