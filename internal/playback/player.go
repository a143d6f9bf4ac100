// Package playback plays a document's sentences through the speaker: gapless, at
// 0.5–3× speed with the pitch kept, from any sentence, loading (and so
// synthesising) the sentences just ahead of the play head, and reporting the
// position — sentence, time and word — at most ten times a second.
package playback

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/gopxl/beep/v2"

	"readback/internal/audio"
	"readback/internal/tts"
)

// Clip is one sentence's audio and the silence after it.
type Clip struct {
	Rate    int
	Samples []int16
	Marks   []tts.Mark // word marks: byte offsets into the text spoken, times in ms
	PauseMs int
}

// Source is what is played: a document's sentences in reading order.
type Source interface {
	Len() int
	// Load returns sentence i's audio, synthesising it if needed. It is called from
	// one goroutine, nearest sentence first.
	Load(ctx context.Context, i int) (*Clip, error)
	// Chapter tells the chapter sentence i is in, for next/previous chapter.
	Chapter(i int) int
}

// Output pulls audio from the player.
type Output interface {
	Play(s beep.Streamer)
	Latency() time.Duration
}

// State is what the player reports.
type State struct {
	Playing   bool    `json:"playing"`
	Waiting   bool    `json:"waiting"` // for a sentence to be synthesised
	Index     int     `json:"index"`   // the sentence, in reading order
	OffsetMs  int     `json:"offset_ms"`
	WordStart int     `json:"word_start"` // byte offsets of the word being spoken in the sentence's spoken text; -1 between words
	WordEnd   int     `json:"word_end"`
	Speed     float64 `json:"speed"`
	Ended     bool    `json:"ended"`
	Error     string  `json:"error,omitempty"` // the last sentence that could not be loaded, and why
}

// ahead is how many sentences are kept ready after the one playing.
const ahead = 3

// MinSpeed and MaxSpeed bound the playback speed.
const (
	MinSpeed = 0.5
	MaxSpeed = 3.0
)

// raw is a loaded sentence as float samples at the player's rate.
type raw struct {
	speech []float32
	marks  []tts.Mark
	pause  int // samples of silence after it
	err    error
}

// prepared is a sentence ready for the audio thread: speech stretched to the
// speed, from source sample base on, then the silence.
type prepared struct {
	index  int
	base   int // source samples skipped (a seek into the sentence)
	speed  float64
	out    []float32
	speech int // samples of out that are speech
}

// Player plays a Source. Its methods are safe to call from any goroutine.
type Player struct {
	src   Source
	out   Output
	ctx   context.Context
	stop  context.CancelFunc
	wake  chan struct{}
	onPos func(State)

	mu       sync.Mutex
	index    int
	seekTo   int // source samples into sentence index to start from
	cur      *prepared
	pos      int // samples of cur.out played
	playing  bool
	speed    float64
	ended    bool
	waiting  bool
	stalls   int // times the output went silent waiting for a sentence
	lastErr  string
	raws     map[int]*raw
	ready    map[int]*prepared
	tap      func([]float32) // tests: what the speaker pulled
	pulled   func(n int)     // tests: told of every pull, silence included
	changed  bool
	lastSent State
	// After sentence boundLast (-1: none) the player goes back to boundLoop, or
	// pauses at the next sentence when boundLoop is -1: a loop or a sleep timer
	// that ends exactly where the sentence does, not at the next position report.
	boundLast, boundLoop int
}

// New returns a player of src on out, stopped at the first sentence. onPosition
// (may be nil) is called with the state at most ten times a second, when it
// changes.
func New(src Source, out Output, onPosition func(State)) *Player {
	ctx, stop := context.WithCancel(context.Background())
	p := &Player{src: src, out: out, ctx: ctx, stop: stop, wake: make(chan struct{}, 1), onPos: onPosition,
		speed: 1, raws: map[int]*raw{}, ready: map[int]*prepared{}, changed: true, boundLast: -1, boundLoop: -1}
	go p.loader()
	go p.reporter()
	out.Play(p)
	return p
}

// Close stops the player for good.
func (p *Player) Close() {
	p.mu.Lock()
	p.playing = false
	p.mu.Unlock()
	p.stop()
}

func (p *Player) signal() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// PlayFrom starts playing at sentence i, offset into it.
func (p *Player) PlayFrom(i int, offset time.Duration) error {
	if i < 0 || i >= p.src.Len() {
		return fmt.Errorf("playback: there is no sentence %d", i+1)
	}
	p.mu.Lock()
	p.seekLocked(i, offset)
	p.playing, p.ended = true, false
	p.mu.Unlock()
	p.signal()
	return nil
}

// Seek moves to sentence i, offset into it, playing or not.
func (p *Player) Seek(i int, offset time.Duration) error {
	if i < 0 || i >= p.src.Len() {
		return fmt.Errorf("playback: there is no sentence %d", i+1)
	}
	p.mu.Lock()
	p.seekLocked(i, offset)
	p.ended = false
	p.mu.Unlock()
	p.signal()
	return nil
}

func (p *Player) seekLocked(i int, offset time.Duration) {
	p.index, p.seekTo, p.cur, p.pos = i, max(int(offset.Seconds()*Rate), 0), nil, 0
	delete(p.ready, i) // it may have been prepared from another offset
	p.changed = true
}

// Bound ends playing at sentence last: after it (and its pause) the player goes back
// to sentence loop and plays on, or, when loop is -1, pauses at the sentence after
// last (once: the bound is then gone). last -1 removes the bound.
func (p *Player) Bound(last, loop int) error {
	if last < -1 || last >= p.src.Len() || loop < -1 || loop >= p.src.Len() || (last >= 0 && loop > last) {
		return fmt.Errorf("playback: no bound from sentence %d back to %d", last+1, loop+1)
	}
	p.mu.Lock()
	p.boundLast, p.boundLoop = last, loop
	if last < 0 {
		p.boundLoop = -1
	}
	p.mu.Unlock()
	p.signal() // the sentences to load next may have changed
	return nil
}

// Pause stops the sound and holds the position.
func (p *Player) Pause() {
	p.mu.Lock()
	p.playing, p.changed = false, true
	p.mu.Unlock()
}

// Resume plays on from where the player stands.
func (p *Player) Resume() {
	p.mu.Lock()
	if p.ended {
		p.seekLocked(0, 0)
		p.ended = false
	}
	p.playing, p.changed = true, true
	p.mu.Unlock()
	p.signal()
}

// Next moves to the next sentence (or with chapter, the first of the next chapter).
func (p *Player) Next(chapter bool) error {
	p.mu.Lock()
	i := p.index
	p.mu.Unlock()
	j := i + 1
	if chapter {
		for j < p.src.Len() && p.src.Chapter(j) == p.src.Chapter(i) {
			j++
		}
	}
	if j >= p.src.Len() {
		return errors.New("playback: this is the last one")
	}
	return p.Seek(j, 0)
}

// Previous moves to the start of this sentence when well into it, else to the one
// before; with chapter, to the start of this chapter, or of the one before when
// already there.
func (p *Player) Previous(chapter bool) error {
	st := p.State()
	i := st.Index
	if chapter {
		first := i
		for first > 0 && p.src.Chapter(first-1) == p.src.Chapter(i) {
			first--
		}
		if first == i && (st.OffsetMs < 2000) && i > 0 {
			first--
			for first > 0 && p.src.Chapter(first-1) == p.src.Chapter(i-1) {
				first--
			}
		}
		return p.Seek(first, 0)
	}
	if st.OffsetMs < 2000 && i > 0 {
		i--
	}
	return p.Seek(i, 0)
}

// SetSpeed changes the speed, 0.5–3, the pitch kept.
func (p *Player) SetSpeed(speed float64) error {
	if speed < MinSpeed || speed > MaxSpeed {
		return fmt.Errorf("playback: speed %.2g is outside %.1f–%.0f", speed, MinSpeed, MaxSpeed)
	}
	p.mu.Lock()
	if p.speed != speed {
		// The sentence playing goes on from where it is, at the new speed.
		src := p.sourcePosLocked()
		p.speed = speed
		p.ready = map[int]*prepared{}
		if p.cur != nil {
			p.seekLocked(p.index, time.Duration(src)*time.Second/Rate)
		}
		p.changed = true
	}
	p.mu.Unlock()
	p.signal()
	return nil
}

// sourcePosLocked is the position in sentence index's own samples.
func (p *Player) sourcePosLocked() int {
	if p.cur == nil {
		return p.seekTo
	}
	played := min(p.pos, p.cur.speech)
	return p.cur.base + int(float64(played)*p.cur.speed)
}

// State returns where the player stands.
func (p *Player) State() State {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stateLocked()
}

func (p *Player) stateLocked() State {
	st := State{Playing: p.playing, Waiting: p.waiting && p.playing, Index: p.index, Speed: p.speed, Ended: p.ended,
		WordStart: -1, WordEnd: -1, Error: p.lastErr}
	src := p.sourcePosLocked()
	if p.playing && p.cur != nil {
		// What is heard lags what was pulled by the output's buffer.
		src = max(p.cur.base, src-int(p.out.Latency().Seconds()*Rate*p.speed))
	}
	st.OffsetMs = src * 1000 / Rate
	if r := p.raws[p.index]; r != nil {
		for _, m := range r.marks {
			if m.Kind == tts.WordMark && m.StartMs <= st.OffsetMs && st.OffsetMs < m.EndMs {
				st.WordStart, st.WordEnd = m.Start, m.End
				break
			}
		}
	}
	return st
}

// Stream gives the speaker the next samples: called on the audio thread, it never
// waits for anything but the player's lock. A sentence not loaded yet plays as
// silence, without moving the position.
func (p *Player) Stream(samples [][2]float64) (int, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var tapped []float32
	if p.tap != nil {
		tapped = make([]float32, 0, len(samples))
	}
	for k := range samples {
		v := float32(0)
		if p.playing && p.ctx.Err() == nil {
			var sound bool
			v, sound = p.nextLocked()
			if p.tap != nil && sound {
				tapped = append(tapped, v)
			}
		}
		samples[k][0], samples[k][1] = float64(v), float64(v)
	}
	if len(tapped) > 0 {
		p.tap(tapped)
	}
	if p.pulled != nil {
		p.pulled(len(samples))
	}
	return len(samples), true
}

// nextLocked returns the next sample, and whether it is the document's (not the
// silence of waiting or of the end).
func (p *Player) nextLocked() (float32, bool) {
	passed := 0
	for {
		if p.cur == nil {
			pr := p.ready[p.index]
			if pr == nil {
				if r := p.raws[p.index]; r != nil && r.err != nil {
					// A sentence that cannot be loaded is passed over; when every one
					// it comes round to cannot (a loop of them), playing stops.
					if passed++; passed > p.src.Len() {
						p.playing, p.changed = false, true
						p.lastErr = "none of the sentences to play could be spoken: " + r.err.Error()
						return 0, false
					}
					p.advanceLocked()
					if !p.playing {
						return 0, false
					}
					continue
				}
				if !p.waiting {
					p.waiting, p.changed = true, true
					p.stalls++
					p.signal()
				}
				return 0, false
			}
			p.cur, p.pos, p.waiting, p.changed = pr, 0, false, true
			delete(p.ready, p.index)
		}
		if p.pos < len(p.cur.out) {
			v := p.cur.out[p.pos]
			p.pos++
			return v, true
		}
		p.advanceLocked()
		if !p.playing {
			return 0, false
		}
	}
}

func (p *Player) advanceLocked() {
	played := p.cur
	p.cur, p.pos, p.seekTo, p.changed = nil, 0, 0, true
	if p.index == p.boundLast {
		if p.boundLoop >= 0 {
			// A loop of one sentence plays it again as it is: nothing to wait for.
			if p.boundLoop == p.index && played != nil && played.base == 0 && played.speed == p.speed {
				p.ready[p.index] = played
			}
			p.index = p.boundLoop
			p.signal()
			return
		}
		p.boundLast = -1
		p.playing = false
	}
	if p.index+1 >= p.src.Len() {
		p.playing, p.ended = false, true
		return
	}
	p.index++
	p.signal()
}

func (p *Player) Err() error { return nil }

// loader loads and prepares the sentences around the play head, nearest first.
func (p *Player) loader() {
	for {
		select {
		case <-p.ctx.Done():
			return
		case <-p.wake:
		}
		for p.ctx.Err() == nil {
			i, need := p.nextToLoad()
			if i < 0 {
				break
			}
			if need {
				c, err := p.src.Load(p.ctx, i)
				r := toRaw(c, err)
				p.mu.Lock()
				p.raws[i] = r
				if r.err != nil {
					p.lastErr = fmt.Sprintf("sentence %d: %v", i+1, r.err)
					p.changed = true
				}
				p.mu.Unlock()
				continue
			}
			p.prepare(i)
		}
	}
}

// nextToLoad returns the nearest sentence ahead that is not loaded (need) or not
// prepared, or -1 when all are ready; it forgets sentences left behind.
func (p *Player) nextToLoad() (int, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	// The sentences to play next: on from the play head, and back at a loop's start
	// after its last, so that the loop comes round without a gap.
	next := make([]int, 0, ahead+1)
	for i := p.index; len(next) <= ahead && i < p.src.Len(); i++ {
		next = append(next, i)
		if i == p.boundLast && p.boundLoop >= 0 {
			for j := p.boundLoop; len(next) <= ahead && j < p.index; j++ {
				next = append(next, j)
			}
			break
		}
	}
	keep := func(k int, slack int) bool {
		if k >= p.index-slack && k <= p.index+ahead+slack {
			return true
		}
		return slices.Contains(next, k)
	}
	for k := range p.raws {
		if !keep(k, 1) {
			delete(p.raws, k)
		}
	}
	for k := range p.ready {
		if !keep(k, 0) {
			delete(p.ready, k)
		}
	}
	for _, i := range next {
		r := p.raws[i]
		if r == nil {
			return i, true
		}
		playingIt := i == p.index && p.cur != nil
		if r.err == nil && p.ready[i] == nil && !playingIt {
			return i, false
		}
	}
	return -1, false
}

// prepare stretches sentence i to the speed, outside the lock.
func (p *Player) prepare(i int) {
	p.mu.Lock()
	r, speed, base := p.raws[i], p.speed, 0
	if i == p.index {
		base = min(p.seekTo, len(r.speech))
	}
	p.mu.Unlock()
	out := Stretch(r.speech[base:], speed, Rate)
	speech := len(out)
	out = append(out, make([]float32, r.pause)...)
	p.mu.Lock()
	defer p.mu.Unlock()
	// Dropped if the speed or the place changed meanwhile.
	if p.speed == speed && (i != p.index || (p.cur == nil && min(p.seekTo, len(r.speech)) == base)) && p.raws[i] == r {
		p.ready[i] = &prepared{index: i, base: base, speed: speed, out: out, speech: speech}
	}
}

func toRaw(c *Clip, err error) *raw {
	if err != nil {
		return &raw{err: err}
	}
	if c == nil || c.Rate <= 0 {
		return &raw{err: errors.New("no audio")}
	}
	return &raw{speech: floats(c.Samples, c.Rate), marks: c.Marks, pause: c.PauseMs * Rate / 1000}
}

// reporter tells the position at most ten times a second, when it changed.
func (p *Player) reporter() {
	if p.onPos == nil {
		return
	}
	const every = 100 * time.Millisecond
	t := time.NewTicker(every / 4)
	defer t.Stop()
	var last time.Time
	for {
		select {
		case <-p.ctx.Done():
			return
		case <-t.C:
		}
		// A late tick must not bring two reports closer than a tenth of a second.
		if time.Since(last) < every {
			continue
		}
		p.mu.Lock()
		st := p.stateLocked()
		send := p.changed || st != p.lastSent
		p.changed = false
		if send {
			p.lastSent = st
		}
		p.mu.Unlock()
		if send {
			last = time.Now()
			p.onPos(st)
		}
	}
}

// SetTap has f called, on the audio thread, with every stretch of the document's
// audio the output pulls (not the silence of waiting): for measurements and tests.
func (p *Player) SetTap(f func([]float32)) {
	p.mu.Lock()
	p.tap = f
	p.mu.Unlock()
}

// PlayOnce plays samples once on out, beside whatever else plays.
func PlayOnce(out Output, samples []int16, rate int) {
	out.Play(&once{s: floats(samples, rate)})
}

// floats converts 16-bit samples at rate to the player's: floats at Rate.
// A voice at another rate (a Piper voice at 16,000 Hz) is converted as the export
// converts it, so that what is heard is what the book will hold.
func floats(samples []int16, rate int) []float32 {
	if rate != Rate && rate > 0 {
		samples = audio.Resample(samples, rate, Rate)
	}
	f := make([]float32, len(samples))
	for i, s := range samples {
		f[i] = float32(s) / 32768
	}
	return f
}

type once struct {
	s   []float32
	pos int
}

func (o *once) Stream(samples [][2]float64) (int, bool) {
	if o.pos >= len(o.s) {
		return 0, false
	}
	n := 0
	for n < len(samples) && o.pos < len(o.s) {
		v := float64(o.s[o.pos])
		samples[n][0], samples[n][1] = v, v
		n++
		o.pos++
	}
	return n, true
}

func (o *once) Err() error { return nil }
