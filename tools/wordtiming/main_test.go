package main

import (
	"path/filepath"
	"runtime"
	"testing"
)

// A plain Piper export's words are timed by eSpeak's timings warped onto where the
// voice's audio speaks and pauses. Measured against another synthesiser's own word
// times (Festival's, on the prose of pandoc's manual): it must place most words
// right and do clearly better than stretching eSpeak's timings over the audio, as
// Readback did before (49 % of words shown at their own middles, 189 ms off).
func TestWarpedWordTimingsAgainstFestival(t *testing.T) {
	_, here, _, _ := runtime.Caller(0)
	manual := filepath.Join(filepath.Dir(here), "../../../shared/corpus/markdown/pandoc-MANUAL.md")
	r, err := measure(manual, 200)
	if err != nil {
		t.Fatal(err)
	}
	stretched, warped := r.methods[0], r.methods[1]
	t.Logf("%d sentences, %d words: stretched %.0f ms, %.1f %%; warped %.0f ms, %.1f %%", r.used, r.words, stretched.off(50), stretched.right(), warped.off(50), warped.right())
	if r.used < 100 {
		t.Fatalf("only %d sentences read alike by both", r.used)
	}
	if warped.right() < 70 || warped.off(50) > 100 || warped.right() < stretched.right()+15 {
		t.Errorf("warped: %.1f %% of words at their middles, starts %.0f ms off (median); stretched: %.1f %%, %.0f ms", warped.right(), warped.off(50), stretched.right(), stretched.off(50))
	}
}
