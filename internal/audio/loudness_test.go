package audio_test

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"readback/internal/audio"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
)

func tone(rate int, hz, amp, seconds, phase float64) []int16 {
	n := int(seconds * float64(rate))
	s := make([]int16, n)
	for i := range s {
		s[i] = int16(math.Round(32767 * amp * math.Sin(2*math.Pi*hz*float64(i)/float64(rate)+phase)))
	}
	return s
}

func measure(rate int, parts ...[]int16) audio.Measurement {
	m := audio.NewMeter(rate)
	for _, p := range parts {
		m.Write(audio.PCMBytes(p))
	}
	return m.Result()
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.3f, want %.3f ± %.2f", what, got, want, tol)
	}
}

func TestMeterOnTones(t *testing.T) {
	for _, rate := range []int{22050, 48000} {
		// BS.1770: a 997 Hz sine peaking at 0 dBFS in one channel reads -3.01 LUFS.
		m := measure(rate, tone(rate, 997, 0.1, 5, 0))
		near(t, "loudness of a -20 dBFS sine", m.IntegratedLUFS, -23.01, 0.1)
		near(t, "its RMS", m.RMSDBFS, -23.01, 0.05)
		near(t, "its sample peak", m.SamplePeakDBFS, -20, 0.05)
		// Silence is gated out: ten seconds of it move the figure only by the three
		// 400 ms blocks that straddle the end (¾, ½ and ¼ tone, all above the
		// relative gate): 10·log10((47 + 0.75 + 0.5 + 0.25)/50) = -0.13 LU — not the
		// 4.8 LU that counting all of it would.
		g := measure(rate, tone(rate, 997, 0.1, 5, 0), make([]int16, 10*rate))
		near(t, "loudness with silence after", g.IntegratedLUFS, m.IntegratedLUFS-0.13, 0.05)
		near(t, "the longest silence", g.LongestSilence, 10, 0.01)
		if g.NoiseFloorDBFS != audio.Floor {
			t.Errorf("digital silence has a noise floor of %.1f", g.NoiseFloorDBFS)
		}
	}
	// A sine at a quarter of the rate sampled 45° off its crests: every sample is
	// at 0.707 of the peak, which lies between them.
	rate := 48000
	m := measure(rate, tone(rate, float64(rate)/4, 0.5, 2, math.Pi/4))
	near(t, "sample peak", m.SamplePeakDBFS, 20*math.Log10(0.5*math.Sqrt2/2), 0.05)
	near(t, "true peak", m.TruePeakDBTP, 20*math.Log10(0.5), 0.6)
	// Clipping and a noise floor.
	clip := tone(rate, 440, 1.5, 1, 0)
	for i := range clip {
		clip[i] = int16(max(-32768, min(32767, 1.5*32767*math.Sin(2*math.Pi*440*float64(i)/float64(rate)))))
	}
	if c := measure(rate, clip); c.Clipped < 1000 {
		t.Errorf("clipped samples: %d", c.Clipped)
	}
	noise := make([]int16, 2*rate)
	for i := range noise {
		noise[i] = int16(10 * math.Sin(float64(i)*1.7)) // about -73 dBFS
	}
	n := measure(rate, tone(rate, 997, 0.1, 2, 0), noise)
	near(t, "noise floor", n.NoiseFloorDBFS, 20*math.Log10(10.0/32768/math.Sqrt2), 1)
}

// The meter says where the problems are: the peak, where clipping starts, and the
// longest silence — so that a release check can point at the sentence.
func TestMeterPlacesTheProblems(t *testing.T) {
	rate := 22050
	speech := func(sec float64) []int16 { return tone(rate, 220, 0.1, sec, 0) }
	loud := tone(rate, 440, 0.7, 0.2, 0) // the peak, at 2.0 s
	clip := make([]int16, rate/10)       // 100 ms of clipping at 3.0 s and at 5.0 s
	for i := range clip {
		clip[i] = 32767
		if i%2 == 1 {
			clip[i] = -32768
		}
	}
	m := measure(rate, speech(2), loud, speech(0.8), clip, speech(1.9), clip, speech(0.9),
		make([]int16, 3*rate), speech(0.5), make([]int16, 6*rate), speech(1)) // silences of 3 s at 6.0 s and 6 s at 9.5 s
	near(t, "the peak's place (the first clipped sample)", m.PeakAt, 3.0, 0.001)
	p := measure(rate, speech(2), loud, speech(1))
	near(t, "the peak's place", p.PeakAt, 2.0, 0.2)
	near(t, "the true peak's place", p.TruePeakAt, 2.0, 0.2)
	if len(m.ClipsAt) != 2 {
		t.Fatalf("clipping starts at %v, want two places", m.ClipsAt)
	}
	near(t, "the first clipping", m.ClipsAt[0], 3.0, 0.001)
	near(t, "the second clipping", m.ClipsAt[1], 5.0, 0.001)
	near(t, "the longest silence's start", m.LongestSilenceAt, 9.5, 0.01)
	near(t, "the longest silence", m.LongestSilence, 6, 0.01)
	// A check against ACX points there.
	acx, _ := audio.TargetByID("acx")
	for _, f := range acx.Check(m) {
		switch f.Check {
		case "clipping":
			if len(f.At) != 2 {
				t.Errorf("clipping finding at %v", f.At)
			}
		case "longest silence":
			if len(f.At) != 1 || math.Abs(f.At[0]-9.5) > 0.01 {
				t.Errorf("silence finding at %v", f.At)
			}
		case "peak":
			if f.OK || len(f.At) != 1 {
				t.Errorf("peak finding: %+v", f)
			}
		}
	}
}

var ffmpegI = regexp.MustCompile(`(?s)Integrated loudness:\s+I:\s+(-?[0-9.]+) LUFS`)

// The meter agrees with ffmpeg's ebur128 filter on real speech, pauses included.
func TestMeterAgreesWithFFmpeg(t *testing.T) {
	bin, err := exec.LookPath("ffmpeg")
	if err != nil {
		t.Fatal("ffmpeg is needed (scripts/bootstrap installs it)")
	}
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	dir := t.TempDir()
	for i, tc := range []struct {
		text  string
		gain  float64
		pause int
	}{
		{"The keeper climbed the stairs to the lamp, and the sea was calm below him.", 1, 300},
		{"Morning came grey and cold. The gulls cried over the rocks, and nobody answered them.", 0.2, 2000},
		{"One. Two. Three.", 2.5, 800},
	} {
		a, err := e.Synthesize(context.Background(), tts.Request{Text: tc.text, Prosody: tts.Normal})
		if err != nil {
			t.Fatal(err)
		}
		var pcm []int16
		for range 3 {
			for _, s := range a.Samples {
				pcm = append(pcm, int16(max(-32768, min(32767, float64(s)*tc.gain))))
			}
			pcm = append(pcm, make([]int16, tc.pause*a.SampleRate/1000)...)
		}
		path := filepath.Join(dir, strconv.Itoa(i)+".wav")
		if err := os.WriteFile(path, audio.WAVBytes(a.SampleRate, pcm), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(bin, "-hide_banner", "-nostats", "-i", path, "-af", "ebur128", "-f", "null", "-").CombinedOutput()
		if err != nil {
			t.Fatalf("ffmpeg: %v\n%s", err, out)
		}
		mm := ffmpegI.FindSubmatch(out)
		if mm == nil {
			t.Fatalf("no integrated loudness in ffmpeg's output:\n%s", out)
		}
		want, _ := strconv.ParseFloat(string(mm[1]), 64)
		got := measure(a.SampleRate, pcm)
		t.Logf("%q ×%.1f: readback %.2f LUFS, ffmpeg %.1f LUFS", tc.text[:12], tc.gain, got.IntegratedLUFS, want)
		near(t, "integrated loudness against ffmpeg's", got.IntegratedLUFS, want, 0.2)
	}
}

type capture struct {
	rate   int
	pcm    []byte
	closed bool
}

func (c *capture) SampleRate() int           { return c.rate }
func (c *capture) Samples() int64            { return int64(len(c.pcm) / 2) }
func (c *capture) WritePCM(p []byte) error   { c.pcm = append(c.pcm, p...); return nil }
func (c *capture) WriteSilence(ms int) error { return nil }
func (c *capture) Finish() error             { return nil }
func (c *capture) Close() error              { c.closed = true; return nil }
func (c *capture) Abort()                    {}

// The levelling sink applies its gain, never lets a sample over the ceiling, and
// delivers every sample, in order, by Close.
func TestLevelling(t *testing.T) {
	rate := 22050
	quiet := tone(rate, 300, 0.05, 1, 0)
	loud := tone(rate, 300, 0.9, 0.05, 0) // a shout in the middle
	in := append(append(append([]int16{}, quiet...), loud...), quiet...)
	c := &capture{rate: rate}
	l := audio.NewLevelling(c, 12, -3)
	half := audio.PCMBytes(in)
	if err := l.WritePCM(half[:len(half)/2]); err != nil {
		t.Fatal(err)
	}
	if err := l.WriteSilence(100); err != nil { // silence goes through the delay too
		t.Fatal(err)
	}
	if err := l.WritePCM(half[len(half)/2:]); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil || !c.closed {
		t.Fatal(err)
	}
	if want := len(in) + 100*rate/1000; int(c.Samples()) != want {
		t.Fatalf("%d samples out, want %d", c.Samples(), want)
	}
	ceiling := math.Pow(10, -3.0/20) * 32768
	var peak float64
	for i := 0; i+1 < len(c.pcm); i += 2 {
		peak = max(peak, math.Abs(float64(int16(uint16(c.pcm[i])|uint16(c.pcm[i+1])<<8))))
	}
	if peak > ceiling+1 {
		t.Errorf("peak %.0f over the ceiling %.0f", peak, ceiling)
	}
	// The quiet start comes out 12 dB louder (×3.98), untouched by the limiter.
	first := float64(int16(uint16(c.pcm[200])|uint16(c.pcm[201])<<8)) / float64(in[100])
	near(t, "the gain on quiet audio", first, math.Pow(10, 12.0/20), 0.02)
}
