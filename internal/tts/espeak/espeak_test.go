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
