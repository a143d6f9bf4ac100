package playback

import "math"

// Stretch plays speech faster or slower without changing its pitch: WSOLA
// (waveform-similarity overlap-add). The input is cut into Hann-windowed frames
// 25 ms long; the output lays them down every half frame, while the input is read
// speed half-frames on per frame. Each frame is taken where, within ±8 ms of its
// nominal place, it best continues the waveform of the frame before, so the
// overlap adds in phase and the voice neither echoes nor warbles.
//
// beep offers only resampling (which raises the pitch with the speed); eSpeak could
// synthesise at another rate, but the writer changes speed while listening and the
// audio is already made.
func Stretch(in []float32, speed float64, rate int) []float32 {
	if speed <= 0 || math.Abs(speed-1) < 1e-3 || len(in) == 0 {
		return append([]float32(nil), in...)
	}
	n := rate * 25 / 1000 &^ 1 // frame
	if n < 16 {
		n = 16
	}
	hs := n / 2 // synthesis hop
	ha := float64(hs) * speed
	tol := rate * 8 / 1000
	if len(in) < 2*n+2*tol {
		return resampleLinear(in, speed) // too short to find frames in
	}
	win := make([]float32, n)
	for i := range win {
		win[i] = float32(0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(n)))
	}
	outLen := int(float64(len(in)) / speed)
	out := make([]float32, outLen+n)
	norm := make([]float32, outLen+n)
	prev := 0 // input position of the frame laid down last
	for k := 0; ; k++ {
		nominal := int(float64(k) * ha)
		at := k * hs
		if at >= outLen {
			break
		}
		pos := nominal
		if k > 0 {
			pos = bestMatch(in, prev+hs, nominal, tol, hs)
		}
		if pos+n > len(in) {
			pos = len(in) - n
			if pos < 0 {
				break
			}
		}
		for i := 0; i < n && at+i < len(out); i++ {
			out[at+i] += in[pos+i] * win[i]
			norm[at+i] += win[i]
		}
		prev = pos
	}
	for i := range out {
		if norm[i] > 1e-3 {
			out[i] /= norm[i]
		}
	}
	return out[:outLen]
}

// bestMatch returns the place within tol of nominal whose first half-frame is most
// like in[natural:natural+m], the waveform that would have followed the last frame.
func bestMatch(in []float32, natural, nominal, tol, m int) int {
	if natural+m > len(in) {
		return nominal
	}
	ref := in[natural : natural+m]
	best, bestScore := nominal, math.Inf(-1)
	for d := -tol; d <= tol; d++ {
		p := nominal + d
		if p < 0 || p+m > len(in) {
			continue
		}
		// Every other sample: a quarter of the work for a match as good for speech.
		var dot, energy float64
		for i := 0; i < m; i += 2 {
			x := float64(in[p+i])
			dot += float64(ref[i]) * x
			energy += x * x
		}
		score := dot / math.Sqrt(energy+1e-9)
		if score > bestScore {
			best, bestScore = p, score
		}
	}
	return best
}

func resampleLinear(in []float32, speed float64) []float32 {
	n := int(float64(len(in)) / speed)
	out := make([]float32, n)
	for i := range out {
		x := float64(i) * speed
		j := int(x)
		if j+1 >= len(in) {
			out[i] = in[len(in)-1]
			continue
		}
		f := float32(x - float64(j))
		out[i] = in[j]*(1-f) + in[j+1]*f
	}
	return out
}
