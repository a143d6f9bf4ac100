package audio

import "math"

// Levelling brings a book to a release target: one gain for the whole book (from a
// measurement made first) and a lookahead limiter that keeps every sample under
// the target's peak ceiling, so that the gain can raise quiet speech without its
// loudest syllables going over. It wraps the export's sink; the audio reaches the
// sink a few milliseconds late, and Close flushes it.
type Levelling struct {
	Sink
	gain, ceiling float64 // linear
	release       float64 // per-sample recovery of the gain towards 1
	env           float64

	delay  []float64 // the samples waiting for the lookahead, a ring
	need   []float64 // each waiting sample's gain to stay under the ceiling
	head   int
	filled int
	// window minimum of need over the waiting samples (a monotonic deque of
	// ring positions).
	dq  []int
	out []byte
	err error
}

// LevelFor returns the gain (dB) that brings m to the middle of t's loudness range,
// and t's peak ceiling (dBFS) with a margin for the true peak and for encoding.
func LevelFor(t Target, m Measurement) (gainDB, ceilingDB float64) {
	mid := (t.LoudMin + t.LoudMax) / 2
	loud := m.IntegratedLUFS
	if t.RMS {
		loud = m.RMSDBFS
	}
	if loud <= Floor+1 || (!t.RMS && loud <= -70) {
		return 0, t.PeakMax - 0.5 // nothing to measure: leave the level alone
	}
	return mid - loud, t.PeakMax - 0.5
}

// NewLevelling wraps sink: gain in dB, samples held under ceiling dBFS, looking
// 5 ms ahead and recovering over about 100 ms.
func NewLevelling(sink Sink, gainDB, ceilingDB float64) *Levelling {
	rate := float64(sink.SampleRate())
	look := max(int(rate*0.005), 1)
	return &Levelling{Sink: sink, gain: math.Pow(10, gainDB/20), ceiling: math.Pow(10, ceilingDB/20),
		release: 1 - math.Exp(-1/(0.1*rate)), env: 1,
		delay: make([]float64, look), need: make([]float64, look), dq: make([]int, 0, look)}
}

// WritePCM levels 16-bit PCM on its way to the sink.
func (l *Levelling) WritePCM(p []byte) error {
	for i := 0; i+1 < len(p); i += 2 {
		l.push(float64(int16(uint16(p[i])|uint16(p[i+1])<<8)) / 32768)
	}
	return l.drain()
}

// WriteSilence goes through the delay like any audio, so that order is kept.
func (l *Levelling) WriteSilence(ms int) error {
	for range SilenceSamples(ms, l.SampleRate()) {
		l.push(0)
		if len(l.out) >= 64<<10 {
			if err := l.drain(); err != nil {
				return err
			}
		}
	}
	return l.drain()
}

func (l *Levelling) push(x float64) {
	x *= l.gain
	r := 1.0
	if a := math.Abs(x); a > l.ceiling {
		r = l.ceiling / a
	}
	n := len(l.delay)
	if l.filled == n {
		l.emit()
	}
	pos := (l.head + l.filled) % n
	l.delay[pos], l.need[pos] = x, r
	l.filled++
	for len(l.dq) > 0 && l.need[l.dq[len(l.dq)-1]] >= r {
		l.dq = l.dq[:len(l.dq)-1]
	}
	l.dq = append(l.dq, pos)
}

// emit sends the oldest waiting sample with the gain the lookahead allows: at most
// the least gain any waiting sample needs (so none will go over), recovering slowly
// after a peak.
func (l *Levelling) emit() {
	n := len(l.delay)
	want := l.need[l.dq[0]]
	l.env = min(want, l.env+(1-l.env)*l.release)
	y := l.delay[l.head] * l.env
	s := int16(max(-32768, min(32767, math.Round(y*32768))))
	l.out = append(l.out, byte(s), byte(uint16(s)>>8))
	if l.dq[0] == l.head {
		l.dq = l.dq[1:]
	}
	l.head = (l.head + 1) % n
	l.filled--
}

func (l *Levelling) drain() error {
	if l.err != nil {
		return l.err
	}
	if len(l.out) > 0 {
		l.err = l.Sink.WritePCM(l.out)
		l.out = l.out[:0]
	}
	return l.err
}

// Finish flushes what waits in the lookahead and finishes the sink.
func (l *Levelling) Finish() error {
	for l.filled > 0 {
		l.emit()
	}
	if err := l.drain(); err != nil {
		l.Sink.Abort()
		return err
	}
	return l.Sink.Finish()
}

// Close finishes and names the file.
func (l *Levelling) Close() error {
	if err := l.Finish(); err != nil {
		return err
	}
	return l.Sink.Close()
}
