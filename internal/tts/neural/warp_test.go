package neural_test

import (
	"math"
	"testing"

	"readback/internal/tts"
	"readback/internal/tts/neural"
)

// tone is ms of a 180 Hz voice-like tone at rate, or silence at level 0.
func tone(rate, ms int, level float64) []int16 {
	out := make([]int16, rate*ms/1000)
	for i := range out {
		out[i] = int16(level * math.Sin(2*math.Pi*180*float64(i)/float64(rate)))
	}
	return out
}

// Listen finds the speech between the leading and trailing silence, and a pause
// inside it; a stop's short closure is not a pause, nor is a quiet breath.
func TestListenFindsSpeechAndItsPauses(t *testing.T) {
	const rate = 22050
	var a []int16
	for _, p := range []struct {
		ms    int
		level float64
	}{{200, 0}, {600, 9000}, {150, 0}, {250, 9000}, {50, 0}, {250, 9000}, {100, 90}, {300, 0}} {
		a = append(a, tone(rate, p.ms, p.level)...)
	}
	got := neural.Listen(a, rate)
	want := neural.Speech{Start: 200, End: 1500, Gaps: [][2]int{{800, 950}}}
	near := func(a, b int) bool { return a-b <= 10 && b-a <= 10 } // a frame
	if !near(got.Start, want.Start) || !near(got.End, want.End) || len(got.Gaps) != 1 || !near(got.Gaps[0][0], 800) || !near(got.Gaps[0][1], 950) {
		t.Fatalf("Listen: %+v, want %+v within a frame", got, want)
	}
	if s := neural.Listen(make([]int16, rate), rate); s.End != 0 {
		t.Errorf("silence speaks: %+v", s)
	}
}

// eSpeak's timings of a sentence, warped onto a voice that starts later, speaks
// slower and pauses at the comma longer: the words after the pause start as it
// ends, where a plain stretch would put them inside it; a pause of the voice's own
// where eSpeak made none is stretched over; a pause of eSpeak's the voice does not
// make near it is not taken for another.
func TestWarpPutsWordsWhereTheVoiceSpeaks(t *testing.T) {
	ref := neural.Speech{Start: 0, End: 2000, Gaps: [][2]int{{900, 1100}}}
	words := []tts.Mark{{StartMs: 0, EndMs: 400}, {StartMs: 450, EndMs: 900}, {StartMs: 1100, EndMs: 1600}, {StartMs: 1650, EndMs: 2000}}
	said := neural.Speech{Start: 300, End: 2800, Gaps: [][2]int{{1450, 1650}, {2300, 2380}}}
	got := neural.Warp(words, ref, said)
	// Piecewise: 0–900 ms onto 300–1450, 1100–2000 onto 1650–2800 (×1150/900 each).
	want := [][2]int{{300, 811}, {875, 1450}, {1650, 2289}, {2353, 2800}}
	for i, w := range want {
		if got[i].StartMs != w[0] || got[i].EndMs != w[1] {
			t.Errorf("word %d at %d–%d ms, want %d–%d", i, got[i].StartMs, got[i].EndMs, w[0], w[1])
		}
	}
	// Where the voice pauses far from eSpeak's pause, only the ends are matched.
	far := neural.Speech{Start: 300, End: 2800, Gaps: [][2]int{{400, 500}}}
	got = neural.Warp(words, ref, far)
	if got[2].StartMs != 300+1100*5/4 || got[3].EndMs != 2800 {
		t.Errorf("a pause matched far from its place: %+v", got)
	}
}
