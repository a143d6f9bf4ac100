package audio

import (
	"math"
	"sync"
)

// Resample converts 16-bit mono PCM from one rate to another with a windowed-sinc
// filter (Blackman window, 16 taps each side of the narrower of the two bands, cut
// off just below the lower Nyquist frequency): a book whose voices speak at
// different rates (eSpeak at 22,050 Hz, a Piper voice at 16,000) is written at
// one. The output has ResampledLen samples; the same input always gives the same
// output.
func Resample(in []int16, from, to int) []int16 {
	if from == to || from <= 0 || to <= 0 {
		return in
	}
	out := make([]int16, ResampledLen(int64(len(in)), from, to))
	f := filterFor(from, to)
	for j := range out {
		// The output sample j is at input position j·from/to: its whole part and
		// its phase, in 1/phases of an input sample.
		num := int64(j) * int64(from)
		base := int(num / int64(to))
		phase := int((num % int64(to)) * int64(f.phases) / int64(to))
		taps := f.taps[phase*f.width : (phase+1)*f.width]
		var sum float64
		start := base - f.half + 1
		for k, c := range taps {
			if i := start + k; i >= 0 && i < len(in) {
				sum += c * float64(in[i])
			}
		}
		out[j] = int16(max(min(math.Round(sum), 32767), -32768))
	}
	return out
}

// SilenceSamples is how many samples a silence of ms lasts at rate: every sink and
// meter writes this many, and every plan counts them.
func SilenceSamples(ms, rate int) int64 { return int64(ms) * int64(rate) / 1000 }

// ResampledLen is how many samples n samples at from become at to.
func ResampledLen(n int64, from, to int) int64 {
	if from == to || from <= 0 || to <= 0 {
		return n
	}
	return n * int64(to) / int64(from)
}

// filter is a windowed-sinc kernel sampled at phases sub-sample positions: the
// taps for phase p weigh the input samples base-half+1 … base+half.
type filter struct {
	phases, half, width int
	taps                []float64
}

var (
	filtersMu sync.Mutex
	filters   = map[[2]int]*filter{}
)

// filterFor builds (once per pair of rates) the kernel of a conversion.
func filterFor(from, to int) *filter {
	filtersMu.Lock()
	defer filtersMu.Unlock()
	if f, ok := filters[[2]int{from, to}]; ok {
		return f
	}
	// The band kept: up to just below the lower of the two Nyquist frequencies,
	// in cycles per input sample.
	cutoff := 0.5 * min(1, float64(to)/float64(from)) * 0.94
	// 16 zero crossings of the kernel each side, in input samples.
	half := int(math.Ceil(16 / (2 * cutoff)))
	// Exact phases when the rates' ratio is small (to/gcd of them); else a fine
	// grid (an error under a thousandth of a sample).
	phases := to / gcd(from, to)
	if phases > 1024 {
		phases = 1024
	}
	f := &filter{phases: phases, half: half, width: 2 * half, taps: make([]float64, phases*2*half)}
	for p := range phases {
		frac := float64(p) / float64(phases)
		row := f.taps[p*f.width : (p+1)*f.width]
		var sum float64
		for k := range row {
			d := float64(k-half+1) - frac // the input sample's distance from the output's position
			w := blackman(d / float64(half))
			row[k] = 2 * cutoff * sinc(2*cutoff*d) * w
			sum += row[k]
		}
		for k := range row { // unity gain at DC, whatever the phase
			row[k] /= sum
		}
	}
	filters[[2]int{from, to}] = f
	return f
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// blackman is the Blackman window over -1…1.
func blackman(t float64) float64 {
	if t <= -1 || t >= 1 {
		return 0
	}
	return 0.42 + 0.5*math.Cos(math.Pi*t) + 0.08*math.Cos(2*math.Pi*t)
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
