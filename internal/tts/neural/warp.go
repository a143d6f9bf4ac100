package neural

import (
	"math"

	"readback/internal/tts"
)

// Speech is where a stretch of audio speaks, in ms from its start: from Start to
// End, with the silences inside (Gaps: a clause's end, a sentence's), in order.
type Speech struct {
	Start, End int
	Gaps       [][2]int
}

const (
	frameMs = 10
	// A frame is silent below this share of the loudest frame's level (−32 dB):
	// under a breath, over the quietest consonant.
	silentShare = 0.025
	// A silence inside speech is a gap from this long: longer than a stop's closure.
	gapMs = 90
)

// Listen finds where samples at rate speak.
func Listen(samples []int16, rate int) Speech {
	n := rate * frameMs / 1000
	if n == 0 || len(samples) < n {
		return Speech{}
	}
	level := make([]float64, len(samples)/n)
	loudest := 0.0
	for f := range level {
		var sum float64
		for _, s := range samples[f*n : (f+1)*n] {
			sum += float64(s) * float64(s)
		}
		level[f] = math.Sqrt(sum / float64(n))
		loudest = max(loudest, level[f])
	}
	first, last := -1, -1
	for f, l := range level {
		if l > loudest*silentShare {
			if first < 0 {
				first = f
			}
			last = f
		}
	}
	if first < 0 {
		return Speech{}
	}
	ms := func(f int) int { return f * n * 1000 / rate }
	sp := Speech{Start: ms(first), End: ms(last + 1)}
	for f := first; f <= last; {
		if level[f] > loudest*silentShare {
			f++
			continue
		}
		g := f
		for g <= last && level[g] <= loudest*silentShare {
			g++
		}
		if ms(g)-ms(f) >= gapMs {
			sp.Gaps = append(sp.Gaps, [2]int{ms(f), ms(g)})
		}
		f = g
	}
	return sp
}

// Warp moves times in ref's speech to the same places in said's: its start to
// said's start, its end to said's end, and each of its gaps to said's gap nearest
// where a plain stretch would put it (within a tenth of the speech, in order), and
// linearly between. A gap said where ref has none (another voice's phrasing) is
// stretched over with the words around it.
func Warp(ms []tts.Mark, ref, said Speech) []tts.Mark {
	from := []int{ref.Start}
	to := []int{said.Start}
	if ref.End > ref.Start && said.End > said.Start {
		scale := float64(said.End-said.Start) / float64(ref.End-ref.Start)
		near := float64(said.End-said.Start) / 10
		next := 0
		for _, g := range ref.Gaps {
			at := float64(said.Start) + float64((g[0]+g[1])/2-ref.Start)*scale
			best, off := -1, near
			for j := next; j < len(said.Gaps); j++ {
				if d := math.Abs(float64(said.Gaps[j][0]+said.Gaps[j][1])/2 - at); d <= off {
					best, off = j, d
				}
			}
			if best >= 0 {
				from = append(from, g[0], g[1])
				to = append(to, said.Gaps[best][0], said.Gaps[best][1])
				next = best + 1
			}
		}
	}
	from = append(from, ref.End)
	to = append(to, said.End)
	out := make([]tts.Mark, len(ms))
	for i, m := range ms {
		m.StartMs, m.EndMs = warp(from, to, m.StartMs), warp(from, to, m.EndMs)
		out[i] = m
	}
	return out
}

// warp maps t through the piecewise-linear function from knots from to knots to.
func warp(from, to []int, t int) int {
	t = min(max(t, from[0]), from[len(from)-1])
	k := 0
	for k+2 < len(from) && t >= from[k+1] {
		k++
	}
	if from[k+1] == from[k] {
		return to[k]
	}
	r := float64(t-from[k]) / float64(from[k+1]-from[k])
	return to[k] + int(math.Round(r*float64(to[k+1]-to[k])))
}
