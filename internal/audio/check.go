package audio

import (
	"fmt"

	"readback/internal/fault"
)

// A release target: what a storefront or a broadcaster asks of the audio.
type Target struct {
	ID     string
	Name   string
	Source string // where the figures come from
	// RMS: the loudness is plain RMS in dBFS (ACX); else integrated LUFS.
	RMS            bool
	LoudMin        float64
	LoudMax        float64
	PeakMax        float64
	TruePeak       bool    // the peak is the true peak (dBTP); else the sample peak
	NoiseFloorMax  float64 // 0: not checked
	LongestSilence float64 // seconds; 0: not checked
}

// Targets are the release targets Readback checks against.
var Targets = []Target{
	{ID: "acx", Name: "ACX (Audible)", RMS: true, LoudMin: -23, LoudMax: -18, PeakMax: -3, NoiseFloorMax: -60, LongestSilence: 5,
		Source: "ACX Audio Submission Requirements: each file between -23 dB and -18 dB RMS, peaks no higher than -3 dB, a noise floor no higher than -60 dB RMS; 1–5 s of room tone at the end"},
	{ID: "ebu-r128", Name: "EBU R 128", LoudMin: -23.5, LoudMax: -22.5, PeakMax: -1, TruePeak: true,
		Source: "EBU R 128 (2020): programme loudness -23.0 LUFS, ±0.5 LU where the level can be set; maximum true peak -1 dBTP"},
}

// TargetByID finds a target.
func TargetByID(id string) (Target, error) {
	for _, t := range Targets {
		if t.ID == id {
			return t, nil
		}
	}
	return Target{}, fmt.Errorf("unknown target %q: acx or ebu-r128", id)
}

// Finding is one check of a measurement against a target.
type Finding struct {
	Check string  `json:"check"`
	OK    bool    `json:"ok"`
	Got   float64 `json:"got"`
	Says  string  `json:"says"` // what is wrong and what to do, when it is
	// Format and Args are Says before formatting, for the window to translate.
	Format string   `json:"format,omitempty"`
	Args   []string `json:"args,omitempty"`
	// Where the problem is, in seconds from the start of the part checked (the peak,
	// where clipping starts, the longest silence); none for the level of the whole.
	At []float64 `json:"at_seconds,omitempty"`
}

func (f *Finding) say(format string, args ...any) {
	f.Says, f.Format, f.Args = fault.Say(format, args...)
}

// Check measures m against the target.
func (t Target) Check(m Measurement) []Finding {
	var out []Finding
	loud, name := m.IntegratedLUFS, "loudness"
	if t.RMS {
		loud, name = m.RMSDBFS, "RMS level"
	}
	f := Finding{Check: name, Got: loud, OK: loud >= t.LoudMin && loud <= t.LoudMax}
	switch {
	case loud < t.LoudMin && t.RMS:
		f.say("RMS level %.1f dB RMS is below %.1f: %.1f dB too quiet (export with loudness normalisation, or raise the voice's volume)", loud, t.LoudMin, t.LoudMin-loud)
	case loud < t.LoudMin:
		f.say("loudness %.1f LUFS is below %.1f: %.1f dB too quiet (export with loudness normalisation, or raise the voice's volume)", loud, t.LoudMin, t.LoudMin-loud)
	case loud > t.LoudMax && t.RMS:
		f.say("RMS level %.1f dB RMS is above %.1f: %.1f dB too loud", loud, t.LoudMax, loud-t.LoudMax)
	case loud > t.LoudMax:
		f.say("loudness %.1f LUFS is above %.1f: %.1f dB too loud", loud, t.LoudMax, loud-t.LoudMax)
	}
	out = append(out, f)
	peak, at := m.SamplePeakDBFS, m.PeakAt
	if t.TruePeak {
		peak, at = m.TruePeakDBTP, m.TruePeakAt
	}
	f = Finding{Check: "peak", Got: peak, OK: peak <= t.PeakMax}
	switch {
	case f.OK:
	case t.TruePeak:
		f.At = []float64{at}
		f.say("peak %.1f dBTP is above %.1f: lower the level by %.1f dB or limit the peaks", peak, t.PeakMax, peak-t.PeakMax)
	default:
		f.At = []float64{at}
		f.say("peak %.1f dBFS is above %.1f: lower the level by %.1f dB or limit the peaks", peak, t.PeakMax, peak-t.PeakMax)
	}
	out = append(out, f)
	if t.NoiseFloorMax != 0 {
		f = Finding{Check: "noise floor", Got: m.NoiseFloorDBFS, OK: m.NoiseFloorDBFS <= t.NoiseFloorMax}
		if !f.OK {
			f.say("noise floor %.1f dB is above %.1f dB: the pauses are not quiet enough", m.NoiseFloorDBFS, t.NoiseFloorMax)
		}
		out = append(out, f)
	}
	if t.LongestSilence != 0 {
		f = Finding{Check: "longest silence", Got: m.LongestSilence, OK: m.LongestSilence <= t.LongestSilence}
		if !f.OK {
			f.At = []float64{m.LongestSilenceAt}
			f.say("a silence of %.1f s is longer than %.0f s: is something missing there?", m.LongestSilence, t.LongestSilence)
		}
		out = append(out, f)
	}
	f = Finding{Check: "clipping", Got: float64(m.Clipped), OK: m.Clipped == 0}
	if !f.OK {
		f.At = m.ClipsAt
		f.say("%d samples are clipped: lower the level", m.Clipped)
	}
	return append(out, f)
}

// Report is a release check of one audio file: the book and each chapter.
type Report struct {
	File     string        `json:"file"`
	Target   string        `json:"target"`
	Source   string        `json:"source"`
	Book     CheckedPart   `json:"book"`
	Chapters []CheckedPart `json:"chapters"`
	OK       bool          `json:"ok"`
}

// CheckedPart is the book or one chapter, measured and checked.
type CheckedPart struct {
	Title       string      `json:"title"`
	StartSecond float64     `json:"start_seconds"`
	Measurement Measurement `json:"measurement"`
	Findings    []Finding   `json:"findings"`
	OK          bool        `json:"ok"`
}

func checked(title string, start float64, m Measurement, t Target) CheckedPart {
	p := CheckedPart{Title: title, StartSecond: start, Measurement: m, Findings: t.Check(m), OK: true}
	for _, f := range p.Findings {
		p.OK = p.OK && f.OK
	}
	return p
}
