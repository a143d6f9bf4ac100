package playback

import (
	"math"
	"testing"
)

// zeroCrossingHz estimates the frequency of a tone by its zero crossings.
func zeroCrossingHz(s []float32, rate int) float64 {
	n := 0
	for i := 1; i < len(s); i++ {
		if (s[i-1] < 0) != (s[i] < 0) {
			n++
		}
	}
	return float64(n) / 2 / (float64(len(s)) / float64(rate))
}

// Speed changes the length, not the pitch: a 220 Hz tone stays 220 Hz.
func TestStretchKeepsPitch(t *testing.T) {
	const rate = 22050
	in := make([]float32, 3*rate)
	for i := range in {
		in[i] = float32(0.5 * math.Sin(2*math.Pi*220*float64(i)/rate))
	}
	for _, speed := range []float64{0.5, 0.75, 1.5, 2, 3} {
		out := Stretch(in, speed, rate)
		want := int(float64(len(in)) / speed)
		if d := len(out) - want; d < -rate/50 || d > rate/50 {
			t.Errorf("speed %v: %d samples, want about %d", speed, len(out), want)
		}
		// The middle, away from the edges.
		mid := out[len(out)/10 : len(out)*9/10]
		if hz := zeroCrossingHz(mid, rate); math.Abs(hz-220) > 220*0.03 {
			t.Errorf("speed %v: the tone is %.1f Hz, want 220", speed, hz)
		}
		// No frame boundaries heard as clicks or dips: the level stays even.
		var lo, hi float64 = math.Inf(1), 0
		for w := 0; w+rate/20 <= len(mid); w += rate / 20 {
			var e float64
			for _, x := range mid[w : w+rate/20] {
				e += float64(x * x)
			}
			rms := math.Sqrt(e / float64(rate/20))
			lo, hi = math.Min(lo, rms), math.Max(hi, rms)
		}
		if lo < hi*0.8 {
			t.Errorf("speed %v: the level wavers between %.3f and %.3f", speed, lo, hi)
		}
	}
	if out := Stretch(in, 1, rate); len(out) != len(in) || out[100] != in[100] {
		t.Error("speed 1 changed the audio")
	}
	// Plain resampling, by contrast, would move the pitch: the test can tell.
	if hz := zeroCrossingHz(resampleLinear(in, 2), rate); math.Abs(hz-440) > 10 {
		t.Errorf("resampling at 2x gave %.1f Hz, want 440", hz)
	}
}
