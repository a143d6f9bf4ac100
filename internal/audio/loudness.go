package audio

import (
	"math"
)

// Meter measures what a release check needs of 16-bit mono PCM, fed in pieces of
// any size: integrated loudness as ITU-R BS.1770-4 defines it (K-weighting, 400 ms
// blocks every 100 ms, the absolute gate at -70 LUFS and the relative gate 10 LU
// below), a true-peak estimate (4x oversampled, as BS.1770-4 Annex 2 suggests),
// the sample peak, the plain RMS, the noise floor (the quietest 500 ms), the longest
// silence (below -60 dBFS) and the clipped samples.
type Meter struct {
	// SkipTruePeak leaves the true peak out (a third of the work), for a pass that
	// needs only the loudness.
	SkipTruePeak bool

	rate int
	// The K-weighting filter: a high shelf, then a high pass (biquads in direct
	// form II transposed).
	shelf, pass biquad

	subLen   int       // samples in 100 ms
	subN     int       // samples in the current 100 ms
	subK     float64   // its K-weighted sum of squares
	subPlain float64   // its plain sum of squares
	subs     []float64 // K-weighted mean squares of every 100 ms so far
	plains   []float64 // plain mean squares of every 100 ms so far

	samplePeak, truePeak float64 // linear, full scale 1
	peakAt, truePeakAt   int64   // the sample where each was reached
	sumSq                float64
	n                    int64
	clipped              int64
	clipsAt              []int64 // where clipping starts, at most maxClipMarks, half a second apart

	quiet, longestQuiet int64 // samples below the silence threshold: this run, the longest
	longestQuietAt      int64 // where the longest run starts

	hist [tpTaps]float64 // the last samples, for oversampling
	hpos int
}

type biquad struct{ b0, b1, b2, a1, a2, z1, z2 float64 }

func (f *biquad) step(x float64) float64 {
	y := f.b0*x + f.z1
	f.z1 = f.b1*x - f.a1*y + f.z2
	f.z2 = f.b2*x - f.a2*y
	return y
}

// NewMeter returns a meter for PCM at rate.
func NewMeter(rate int) *Meter {
	fs := float64(rate)
	// The filters of BS.1770-4, derived for any rate from their analogue
	// prototypes (as libebur128 does), so that 22.05 kHz is measured as 48 kHz is.
	f0, g, q := 1681.974450955533, 3.999843853973347, 0.7071752369554196
	k := math.Tan(math.Pi * f0 / fs)
	vh := math.Pow(10, g/20)
	vb := math.Pow(vh, 0.4996667741545416)
	a0 := 1 + k/q + k*k
	shelf := biquad{b0: (vh + vb*k/q + k*k) / a0, b1: 2 * (k*k - vh) / a0, b2: (vh - vb*k/q + k*k) / a0,
		a1: 2 * (k*k - 1) / a0, a2: (1 - k/q + k*k) / a0}
	f0, q = 38.13547087602444, 0.5003270373238773
	k = math.Tan(math.Pi * f0 / fs)
	a0 = 1 + k/q + k*k
	pass := biquad{b0: 1, b1: -2, b2: 1, a1: 2 * (k*k - 1) / a0, a2: (1 - k/q + k*k) / a0}
	return &Meter{rate: rate, shelf: shelf, pass: pass, subLen: max(rate/10, 1)}
}

// maxClipMarks bounds the places a measurement lists where clipping starts.
const maxClipMarks = 20

// quietLevel is -60 dBFS, ACX's noise floor: below it is silence.
var quietLevel = math.Pow(10, -60.0/20)

// Write measures samples (16-bit little-endian mono PCM).
func (m *Meter) Write(p []byte) {
	for i := 0; i+1 < len(p); i += 2 {
		m.sample(int16(uint16(p[i]) | uint16(p[i+1])<<8))
	}
}

// WriteSilence measures ms of digital silence.
func (m *Meter) WriteSilence(ms int) {
	for range SilenceSamples(ms, m.rate) {
		m.sample(0)
	}
}

func (m *Meter) sample(s int16) {
	if s == math.MaxInt16 || s == math.MinInt16 {
		m.clipped++
		if k := len(m.clipsAt); k < maxClipMarks && (k == 0 || m.n-m.clipsAt[k-1] >= int64(m.rate/2)) {
			m.clipsAt = append(m.clipsAt, m.n)
		}
	}
	x := float64(s) / 32768
	ax := math.Abs(x)
	if ax > m.samplePeak {
		m.samplePeak, m.peakAt = ax, m.n
	}
	m.sumSq += x * x
	if ax < quietLevel {
		m.quiet++
		if m.quiet > m.longestQuiet {
			m.longestQuiet, m.longestQuietAt = m.quiet, m.n-m.quiet+1
		}
	} else {
		m.quiet = 0
	}
	if !m.SkipTruePeak {
		// The interpolated peak lies between the last samples: near enough to place it.
		if tp := m.oversample(x); tp > m.truePeak {
			m.truePeak, m.truePeakAt = tp, m.n
		}
	}
	m.n++
	y := m.pass.step(m.shelf.step(x))
	m.subK += y * y
	m.subPlain += x * x
	m.subN++
	if m.subN == m.subLen {
		m.subs = append(m.subs, m.subK/float64(m.subLen))
		m.plains = append(m.plains, m.subPlain/float64(m.subLen))
		m.subK, m.subPlain, m.subN = 0, 0, 0
	}
}

// The true-peak estimate interpolates three points between each pair of samples
// with a windowed-sinc filter (12 taps a phase) and takes the largest magnitude.
const (
	tpFactor = 4
	tpTaps   = 12
)

var tpPhases = func() [tpFactor][tpTaps]float64 {
	var h [tpFactor][tpTaps]float64
	n := tpFactor * tpTaps
	for i := range n {
		t := (float64(i) - float64(n-1)/2) / tpFactor
		sinc := 1.0
		if t != 0 {
			sinc = math.Sin(math.Pi*t) / (math.Pi * t)
		}
		w := 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(n-1)) // Hann
		h[i%tpFactor][i/tpFactor] = sinc * w
	}
	return h
}()

func (m *Meter) oversample(x float64) float64 {
	m.hist[m.hpos] = x
	m.hpos = (m.hpos + 1) % tpTaps
	peak := math.Abs(x)
	for p := range tpFactor {
		var y float64
		for k := range tpTaps {
			y += tpPhases[p][k] * m.hist[(m.hpos+tpTaps-1-k)%tpTaps]
		}
		peak = max(peak, math.Abs(y))
	}
	return peak
}

// Measurement is what a meter read.
type Measurement struct {
	Seconds        float64 `json:"seconds"`
	IntegratedLUFS float64 `json:"integrated_lufs"` // -70 or below: too quiet to gate (reported as -70)
	TruePeakDBTP   float64 `json:"true_peak_dbtp"`
	SamplePeakDBFS float64 `json:"sample_peak_dbfs"`
	RMSDBFS        float64 `json:"rms_dbfs"`
	NoiseFloorDBFS float64 `json:"noise_floor_dbfs"` // the quietest 500 ms
	LongestSilence float64 `json:"longest_silence_seconds"`
	Clipped        int64   `json:"clipped_samples"`
	// Where, in seconds from the start of what was measured: the sample peak, the
	// true peak, the start of the longest silence, and where clipping starts (up to
	// 20 places, half a second apart at least).
	PeakAt           float64   `json:"peak_at_seconds"`
	TruePeakAt       float64   `json:"true_peak_at_seconds"`
	LongestSilenceAt float64   `json:"longest_silence_at_seconds"`
	ClipsAt          []float64 `json:"clips_at_seconds,omitempty"`
}

// Floor is the lowest level reported (digital silence has no decibels).
const Floor = -120.0

func db(power float64) float64 {
	if power <= 0 {
		return Floor
	}
	return max(10*math.Log10(power), Floor)
}

// Result reads the meter (it may go on being fed afterwards).
func (m *Meter) Result() Measurement {
	secs := func(n int64) float64 { return float64(n) / float64(m.rate) }
	r := Measurement{Seconds: secs(m.n), Clipped: m.clipped,
		LongestSilence: secs(m.longestQuiet), LongestSilenceAt: secs(m.longestQuietAt),
		PeakAt: secs(m.peakAt), TruePeakAt: secs(m.truePeakAt),
		SamplePeakDBFS: db(m.samplePeak * m.samplePeak), TruePeakDBTP: db(m.truePeak * m.truePeak), NoiseFloorDBFS: Floor}
	for _, c := range m.clipsAt {
		r.ClipsAt = append(r.ClipsAt, secs(c))
	}
	if m.n > 0 {
		r.RMSDBFS = db(m.sumSq / float64(m.n))
	} else {
		r.RMSDBFS = Floor
	}
	// 400 ms blocks every 100 ms.
	var blocks []float64
	for i := 3; i < len(m.subs); i++ {
		blocks = append(blocks, (m.subs[i-3]+m.subs[i-2]+m.subs[i-1]+m.subs[i])/4)
	}
	loud := func(z float64) float64 { return -0.691 + 10*math.Log10(z) }
	var sum float64
	var n int
	for _, z := range blocks {
		if z > 0 && loud(z) > -70 {
			sum += z
			n++
		}
	}
	r.IntegratedLUFS = -70
	if n > 0 {
		rel := loud(sum/float64(n)) - 10
		sum, n = 0, 0
		for _, z := range blocks {
			if z > 0 && loud(z) > -70 && loud(z) > rel {
				sum += z
				n++
			}
		}
		if n > 0 {
			r.IntegratedLUFS = loud(sum / float64(n))
		}
	}
	// The quietest 500 ms, in plain power.
	if len(m.plains) >= 5 {
		quietest := math.Inf(1)
		for i := 4; i < len(m.plains); i++ {
			quietest = min(quietest, (m.plains[i-4]+m.plains[i-3]+m.plains[i-2]+m.plains[i-1]+m.plains[i])/5)
		}
		r.NoiseFloorDBFS = db(quietest)
	}
	return r
}
