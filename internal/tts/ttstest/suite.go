// Package ttstest is the test suite every tts.Engine must pass.
package ttstest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"readback/internal/tts"
)

// Run checks an engine's contract. voice must be one of its voices.
func Run(t *testing.T, e tts.Engine, voice string) {
	ctx := context.Background()

	t.Run("voices", func(t *testing.T) {
		vs, err := e.Voices(ctx)
		if err != nil || len(vs) == 0 {
			t.Fatalf("voices = %d, %v", len(vs), err)
		}
		seen := map[string]bool{}
		found := false
		for _, v := range vs {
			if v.ID == "" || v.Engine != e.Name() || seen[v.ID] {
				t.Errorf("bad or duplicate voice %+v", v)
			}
			seen[v.ID] = true
			found = found || v.ID == voice
		}
		if !found {
			t.Errorf("voice %q not listed", voice)
		}
		if e.Version() == "" {
			t.Error("empty version: rendition keys need it")
		}
	})

	t.Run("audio and marks", func(t *testing.T) {
		text := "Siobhan climbed the lighthouse stairs in 1984, café and all."
		a, err := e.Synthesize(ctx, tts.Request{Text: text, Voice: voice, Prosody: tts.Normal})
		if err != nil {
			t.Fatal(err)
		}
		checkAudio(t, text, a)
		words := 0
		for _, m := range a.Marks {
			if m.Kind == tts.WordMark {
				words++
			}
		}
		if words < 8 || words > 11 {
			t.Errorf("%d word marks for 10 words (numbers must not multiply them)", words)
		}
	})

	t.Run("markup characters and a pause", func(t *testing.T) {
		// Characters that are markup to an engine taking SSML must reach it as text,
		// and the marks must still land on the words around them.
		text := `Salt & pepper, "quoted" <words> and more.`
		a, err := e.Synthesize(ctx, tts.Request{Text: text, Voice: voice, Prosody: tts.Normal})
		if err != nil {
			t.Fatal(err)
		}
		checkAudio(t, text, a)
		var got []string
		for _, m := range a.Marks {
			if m.Kind == tts.WordMark {
				got = append(got, text[m.Start:m.End])
			}
		}
		if strings.Join(got, " ") != "Salt pepper quoted words and more" {
			t.Errorf("word marks %q", got)
		}
		long, err := e.Synthesize(ctx, tts.Request{Text: text, Voice: voice, Prosody: tts.Normal, PauseAfterMs: 1000})
		if err != nil {
			t.Fatal(err)
		}
		// The pause replaces the engine's own end-of-sentence silence: what counts is
		// the silence at the end.
		if ms := trailingSilenceMs(long); ms < 900 || ms > 1300 {
			t.Errorf("a 1000 ms pause left %d ms of silence at the end", ms)
		}
	})

	t.Run("rate", func(t *testing.T) {
		text := "The storm came at half past three in the morning and did not stop."
		slow, err := e.Synthesize(ctx, tts.Request{Text: text, Voice: voice, Prosody: tts.Normal})
		if err != nil {
			t.Fatal(err)
		}
		fast, err := e.Synthesize(ctx, tts.Request{Text: text, Voice: voice, Prosody: tts.Prosody{Rate: 2, Pitch: 1, Volume: 1}})
		if err != nil {
			t.Fatal(err)
		}
		if fast.DurationMs() >= slow.DurationMs()*3/4 {
			t.Errorf("rate 2 gave %d ms against %d ms at rate 1", fast.DurationMs(), slow.DurationMs())
		}
	})

	t.Run("repeatable", func(t *testing.T) {
		req := tts.Request{Text: "Same words, same sound.", Voice: voice, Prosody: tts.Normal}
		a, errA := e.Synthesize(ctx, req)
		b, errB := e.Synthesize(ctx, req)
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		// eSpeak varies by a few samples between runs; anything more means state
		// leaks from one request into the next.
		if diff := len(a.Samples) - len(b.Samples); diff*100 > len(a.Samples) || -diff*100 > len(a.Samples) {
			t.Fatalf("the same request gave %d and %d samples", len(a.Samples), len(b.Samples))
		}
	})

	t.Run("refuses", func(t *testing.T) {
		if _, err := e.Synthesize(ctx, tts.Request{Text: "x", Voice: "no-such-voice-xx", Prosody: tts.Normal}); err == nil {
			t.Error("unknown voice accepted")
		}
		if _, err := e.Synthesize(ctx, tts.Request{Text: "x", Voice: voice, Prosody: tts.Prosody{Rate: 9, Pitch: 1, Volume: 1}}); err == nil {
			t.Error("rate 9 accepted")
		}
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := e.Synthesize(cctx, tts.Request{Text: "Cancelled before it starts.", Voice: voice, Prosody: tts.Normal}); err == nil {
			t.Error("cancelled context ignored")
		}
	})

	t.Run("counted", func(t *testing.T) {
		// The counting wrapper the renderer's tests rely on is itself a faithful
		// engine: each request is one call, and the audio is the engine's own.
		c := NewCounting(e)
		req := tts.Request{Text: "Counted once.", Voice: voice, Prosody: tts.Normal}
		a, err := c.Synthesize(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		b, err := e.Synthesize(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if diff := len(a.Samples) - len(b.Samples); diff*100 > len(b.Samples) || -diff*100 > len(b.Samples) || a.SampleRate != b.SampleRate {
			t.Errorf("through the wrapper: %d samples at %d Hz, directly %d at %d", len(a.Samples), a.SampleRate, len(b.Samples), b.SampleRate)
		}
		if c.Calls() != 1 || c.Texts()[0] != req.Text {
			t.Errorf("one request counted as %d: %q", c.Calls(), c.Texts())
		}
	})

	t.Run("concurrent callers", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.Synthesize(ctx, tts.Request{Text: "Many callers, one engine.", Voice: voice, Prosody: tts.Normal})
				errs <- err
			}()
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			t.Fatal("concurrent synthesis deadlocked")
		}
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
	})
}

func checkAudio(t *testing.T, text string, a *tts.Audio) {
	t.Helper()
	if a.SampleRate < 8000 || len(a.Samples) == 0 {
		t.Fatalf("rate %d, %d samples", a.SampleRate, len(a.Samples))
	}
	d := a.DurationMs()
	if d < 1000 || d > 15000 {
		t.Errorf("%d ms for %d characters", d, len(text))
	}
	prevStart, prevMs := -1, -1
	for _, m := range a.Marks {
		if m.Start < 0 || m.End > len(text) || m.Start >= m.End || m.StartMs < 0 || m.EndMs > d || m.StartMs > m.EndMs {
			t.Fatalf("mark %+v out of bounds (text %d bytes, audio %d ms)", m, len(text), d)
		}
		if !utf8.ValidString(text[m.Start:m.End]) {
			t.Fatalf("mark %+v splits a character", m)
		}
		if m.Kind != tts.WordMark {
			continue
		}
		w := text[m.Start:m.End]
		first, _ := utf8.DecodeRuneInString(w)
		last, _ := utf8.DecodeLastRuneInString(w)
		if !isWordRune(first) || !isWordRune(last) || strings.ContainsRune(w, ' ') {
			t.Errorf("word mark %q is not one word", w)
		}
		if m.Start <= prevStart || m.StartMs < prevMs {
			t.Errorf("word mark %q out of order", w)
		}
		prevStart, prevMs = m.Start, m.StartMs
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func trailingSilenceMs(a *tts.Audio) int {
	n := 0
	for i := len(a.Samples) - 1; i >= 0 && a.Samples[i] < 300 && a.Samples[i] > -300; i-- {
		n++
	}
	return n * 1000 / a.SampleRate
}
