package render

import (
	"context"
	"unicode/utf8"

	"readback/internal/store"
)

// defaultMsPerChar is the speaking rate assumed before any sentence of a voice has
// been heard: eSpeak NG's default voice at its normal rate, measured on pandoc's
// manual (about 14 characters a second).
const defaultMsPerChar = 70.0

// estimator gives each sentence its length: the rendition's when there is one, else
// its characters at the rate measured on the sentences of the same voice already
// synthesised (in the same book), else at the book's measured rate, else the default.
type estimator struct {
	have    map[string]*store.Rendition
	byVoice map[string]float64 // ms per character at rate 1
	book    float64
}

func voiceID(v Voice) string { return v.Engine + "\x00" + v.Voice }

func rateOf(v Voice) float64 {
	if v.Prosody.Rate > 0 {
		return v.Prosody.Rate
	}
	return 1
}

func (r *Renderer) estimator(ctx context.Context, items []Item) (*estimator, error) {
	have, err := r.Existing(ctx, Keys(items))
	if err != nil {
		return nil, err
	}
	type sum struct{ ms, chars float64 }
	voices := map[string]*sum{}
	var all sum
	for _, it := range items {
		rec := have[it.Key]
		n := utf8.RuneCountInString(it.Text)
		if rec == nil || rec.SampleRate <= 0 || n == 0 {
			continue
		}
		// Normalised to rate 1: a sentence at 1.5× took two thirds of the time.
		ms := float64(rec.Samples) * 1000 / float64(rec.SampleRate) * rateOf(it.Voice)
		id := voiceID(it.Voice)
		if voices[id] == nil {
			voices[id] = &sum{}
		}
		voices[id].ms += ms
		voices[id].chars += float64(n)
		all.ms += ms
		all.chars += float64(n)
	}
	e := &estimator{have: have, byVoice: map[string]float64{}, book: defaultMsPerChar}
	for id, s := range voices {
		e.byVoice[id] = s.ms / s.chars
	}
	if all.chars > 0 {
		e.book = all.ms / all.chars
	}
	return e, nil
}

// Length is how long a sentence lasts, and whether that is an estimate.
type Length struct {
	Ms        int
	Estimated bool // not synthesised yet: the voice's measured rate × its characters
}

// Lengths gives each item its length: exact for the sentences already
// synthesised, estimated for the others.
func (r *Renderer) Lengths(ctx context.Context, items []Item) ([]Length, error) {
	est, err := r.estimator(ctx, items)
	if err != nil {
		return nil, err
	}
	out := make([]Length, len(items))
	for i, it := range items {
		out[i].Ms, out[i].Estimated = est.duration(it)
	}
	return out, nil
}

// duration is a sentence's length in ms, and whether it is an estimate.
func (e *estimator) duration(it Item) (int, bool) {
	if rec := e.have[it.Key]; rec != nil && rec.SampleRate > 0 {
		return int(rec.Samples * 1000 / int64(rec.SampleRate)), false
	}
	rate, ok := e.byVoice[voiceID(it.Voice)]
	if !ok {
		rate = e.book
	}
	return int(float64(utf8.RuneCountInString(it.Text)) * rate / rateOf(it.Voice)), true
}
