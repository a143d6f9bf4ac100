package audio_test

import (
	"math"
	"slices"
	"testing"

	"readback/internal/audio"
)

func sineTone(hz float64, rate, n int) []int16 {
	s := make([]int16, n)
	for i := range s {
		s[i] = int16(math.Round(16000 * math.Sin(2*math.Pi*hz*float64(i)/float64(rate))))
	}
	return s
}

// snr compares got with the ideal tone at its rate, away from the ends (where
// the filter sees silence beyond the input).
func snr(got []int16, hz float64, rate int) float64 {
	ideal := sineTone(hz, rate, len(got))
	var sig, noise float64
	for i := 200; i < len(got)-200; i++ {
		sig += float64(ideal[i]) * float64(ideal[i])
		d := float64(got[i]) - float64(ideal[i])
		noise += d * d
	}
	return 10 * math.Log10(sig/noise)
}

func rms(s []int16) float64 {
	var sum float64
	for _, v := range s[200 : len(s)-200] {
		sum += float64(v) * float64(v)
	}
	return math.Sqrt(sum / float64(len(s)-400))
}

// A tone keeps its pitch and level through a change of rate, up or down, and a
// tone above the new rate's Nyquist frequency is filtered out rather than folded
// back as a false one.
func TestResample(t *testing.T) {
	for _, c := range []struct {
		from, to int
		hz       float64
	}{
		{16000, 22050, 440}, {16000, 22050, 3000}, {22050, 16000, 440}, {24000, 22050, 5000}, {22050, 24000, 1000}, {8000, 22050, 1000},
	} {
		in := sineTone(c.hz, c.from, c.from) // one second
		out := audio.Resample(in, c.from, c.to)
		if int64(len(out)) != audio.ResampledLen(int64(len(in)), c.from, c.to) || len(out) != c.to {
			t.Errorf("%d→%d: %d samples", c.from, c.to, len(out))
			continue
		}
		if db := snr(out, c.hz, c.to); db < 50 {
			t.Errorf("%d→%d, %g Hz: %.1f dB from the ideal tone", c.from, c.to, c.hz, db)
		}
		if again := audio.Resample(in, c.from, c.to); !slices.Equal(again, out) {
			t.Errorf("%d→%d: not the same output twice", c.from, c.to)
		}
	}
	// Tones at 24,000 Hz above 16,000 Hz's Nyquist frequency (8 kHz) are filtered out
	// rather than folded back: 10 kHz entirely, 8.5 kHz (6 % above) by 40 dB.
	for _, c := range []struct{ hz, most float64 }{{10000, -60}, {8500, -40}} {
		out := audio.Resample(sineTone(c.hz, 24000, 24000), 24000, 16000)
		if level := 20 * math.Log10(rms(out)/(16000/math.Sqrt2)); level > c.most {
			t.Errorf("a %g Hz tone taken to 16 kHz is %.1f dB, more than %g dB", c.hz, level, c.most)
		}
	}
	if got := audio.Resample([]int16{1, 2, 3}, 22050, 22050); !slices.Equal(got, []int16{1, 2, 3}) {
		t.Errorf("same rate: %v", got)
	}
}
