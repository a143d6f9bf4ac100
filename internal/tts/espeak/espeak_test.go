package espeak_test

import (
	"context"
	"testing"

	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"readback/internal/tts/ttstest"
)

func TestEngineSuite(t *testing.T) {
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ttstest.Run(t, e, espeak.DefaultVoice)
}

// Voice selection falls back from name to language: "en-gb" names no voice, but a
// British English one is found.
func TestVoiceFallback(t *testing.T) {
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for _, v := range []string{"en-gb", "en", "de", ""} {
		if _, err := e.Synthesize(context.Background(), tts.Request{Text: "Hello.", Voice: v, Prosody: tts.Normal}); err != nil {
			t.Errorf("voice %q: %v", v, err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	if _, err := e.Synthesize(context.Background(), tts.Request{Text: "x", Prosody: tts.Normal}); err == nil {
		t.Error("synthesis after Close succeeded")
	}
}

// Phonemes in [[…]] are spoken as phonemes, with and without SSML: the word sounds
// as long as the word itself, not as a spelling-out of the mnemonics.
func TestPhonemeInput(t *testing.T) {
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ctx := context.Background()
	dur := func(text string, p tts.Prosody) int {
		a, err := e.Synthesize(ctx, tts.Request{Text: text, Prosody: p})
		if err != nil {
			t.Fatal(err)
		}
		return a.DurationMs()
	}
	slow := tts.Prosody{Rate: 0.9, Pitch: 1, Volume: 1}
	for _, p := range []tts.Prosody{tts.Normal, slow} {
		word, ph, spelled := dur("Hello there.", p), dur("[[h@l'oU]] there.", p), dur("h at l o U there.", p)
		if ph > word*3/2 || ph >= spelled {
			t.Errorf("prosody %v: phonemes last %d ms; the word %d ms, the mnemonics read out %d ms", p, ph, word, spelled)
		}
	}
}
