package playback

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"readback/internal/tts"
)

// TestMain points ALSA at its null device, so that the tests run the real speaker
// path (beep → oto → ALSA) on any machine, with or without sound hardware.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "alsa")
	if err != nil {
		panic(err)
	}
	conf := filepath.Join(dir, "asound.conf")
	if err := os.WriteFile(conf, []byte("pcm.!default { type null }\nctl.!default { type null }\n"), 0o644); err != nil {
		panic(err)
	}
	os.Setenv("ALSA_CONFIG_PATH", conf)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// fakeSource serves clips whose samples tell where they come from; a gate can
// hold one sentence's load until released, and one can fail.
type fakeSource struct {
	clips   []*Clip
	chapter []int
	gate    map[int]chan struct{}
	fail    int
	mu      sync.Mutex
	loads   []int
}

func newFake(n, samples, pauseMs int) *fakeSource {
	f := &fakeSource{gate: map[int]chan struct{}{}, fail: -1}
	for i := 0; i < n; i++ {
		c := &Clip{Rate: Rate, PauseMs: pauseMs, Samples: make([]int16, samples)}
		for k := range c.Samples {
			c.Samples[k] = int16((i+1)*1000 + k%97)
		}
		c.Marks = []tts.Mark{{Kind: tts.WordMark, Start: 0, End: 4, StartMs: 0, EndMs: samples * 500 / Rate},
			{Kind: tts.WordMark, Start: 5, End: 9, StartMs: samples * 500 / Rate, EndMs: samples * 1000 / Rate}}
		f.clips = append(f.clips, c)
		f.chapter = append(f.chapter, i/3)
	}
	return f
}

func (f *fakeSource) Len() int          { return len(f.clips) }
func (f *fakeSource) Chapter(i int) int { return f.chapter[i] }
func (f *fakeSource) Load(ctx context.Context, i int) (*Clip, error) {
	f.mu.Lock()
	f.loads = append(f.loads, i)
	g := f.gate[i]
	f.mu.Unlock()
	if g != nil {
		select {
		case <-g:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if i == f.fail {
		return nil, errors.New("the engine refused it")
	}
	return f.clips[i], nil
}

// recorder collects what the speaker pulled.
type recorder struct {
	mu  sync.Mutex
	got []float32
}

func (r *recorder) add(s []float32) { r.mu.Lock(); r.got = append(r.got, s...); r.mu.Unlock() }
func (r *recorder) len() int        { r.mu.Lock(); defer r.mu.Unlock(); return len(r.got) }
func (r *recorder) samples() []float32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]float32(nil), r.got...)
}

func newPlayer(t *testing.T, src Source, onPos func(State)) (*Player, *recorder) {
	t.Helper()
	sp, err := OpenSpeaker()
	if err != nil {
		t.Fatalf("the null ALSA device did not open: %v", err)
	}
	rec := &recorder{}
	p := New(src, sp, onPos)
	p.mu.Lock()
	p.tap = rec.add
	p.mu.Unlock()
	t.Cleanup(p.Close)
	return p, rec
}

// pulls follows the speaker's requests for samples, silence included: the audio
// thread's clock, which a test waits on instead of sleeping.
type pulls struct {
	mu   sync.Mutex
	n    int
	more chan struct{}
}

func watchPulls(p *Player) *pulls {
	w := &pulls{more: make(chan struct{}, 1)}
	p.mu.Lock()
	p.pulled = func(n int) {
		w.mu.Lock()
		w.n += n
		w.mu.Unlock()
		select {
		case w.more <- struct{}{}:
		default:
		}
	}
	p.mu.Unlock()
	return w
}

// await returns once the speaker has asked for ms more of audio.
func (w *pulls) await(t *testing.T, ms int) {
	t.Helper()
	w.mu.Lock()
	target := w.n + ms*Rate/1000
	w.mu.Unlock()
	giveUp := time.After(10 * time.Second)
	for {
		w.mu.Lock()
		n := w.n
		w.mu.Unlock()
		if n >= target {
			return
		}
		select {
		case <-w.more:
		case <-giveUp:
			t.Fatalf("the speaker stopped asking for samples (%d of %d)", n, target)
		}
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func concat(src *fakeSource, from int, fromSample int) []float32 {
	var out []float32
	for i := from; i < len(src.clips); i++ {
		c := src.clips[i]
		start := 0
		if i == from {
			start = fromSample
		}
		for _, s := range c.Samples[start:] {
			out = append(out, float32(s)/32768)
		}
		out = append(out, make([]float32, c.PauseMs*Rate/1000)...)
	}
	return out
}

func equalSamples(t *testing.T, got, want []float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d samples played, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("sample %d is %v, want %v", i, got[i], want[i])
		}
	}
}

// Sentences play one after another with nothing between them but their pauses:
// what reaches the speaker is exactly their concatenation.
func TestGaplessThroughTheSpeaker(t *testing.T) {
	for _, pause := range []int{0, 20} {
		t.Run(fmt.Sprintf("pause %d ms", pause), func(t *testing.T) {
			src := newFake(8, 3000, pause)
			p, rec := newPlayer(t, src, nil)
			if err := p.PlayFrom(0, 0); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the end", func() bool { return p.State().Ended })
			equalSamples(t, rec.samples(), concat(src, 0, 0))
		})
	}
}

// Position advances while playing, holds while paused, and a seek moves it:
// playback resumes exactly at the sample sought.
func TestPauseHoldsAndSeekMoves(t *testing.T) {
	src := newFake(8, 4000, 0)
	src.gate[5] = make(chan struct{})
	p, rec := newPlayer(t, src, nil)
	p.PlayFrom(0, 0)
	waitFor(t, "sentence 6 to be awaited", func() bool { st := p.State(); return st.Index == 5 && st.Waiting })
	if st := p.State(); !st.Playing || rec.len() != 5*4000 {
		t.Fatalf("before sentence 6: %+v, %d samples", st, rec.len())
	}
	pulled := watchPulls(p)
	p.Pause()
	close(src.gate[5])
	// The sentence arrives while paused, and the speaker keeps asking: it gets silence.
	waitFor(t, "sentence 6 to arrive", func() bool { p.mu.Lock(); defer p.mu.Unlock(); return p.ready[5] != nil })
	pulled.await(t, 300)
	if st := p.State(); st.Playing || st.Index != 5 || st.OffsetMs != 0 || rec.len() != 5*4000 {
		t.Fatalf("paused: %+v, %d samples", st, rec.len())
	}
	// Seek while paused: nothing plays, the position moves.
	if err := p.Seek(2, 100*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	pulled.await(t, 100)
	if st := p.State(); st.Index != 2 || st.OffsetMs != 100 || st.Playing || rec.len() != 5*4000 {
		t.Fatalf("after the seek: %+v, %d samples", st, rec.len())
	}
	p.Resume()
	waitFor(t, "the end", func() bool { return p.State().Ended })
	got := rec.samples()[5*4000:]
	equalSamples(t, got, concat(src, 2, 100*Rate/1000))
	if err := p.Seek(99, 0); err == nil {
		t.Error("a seek past the end was accepted")
	}
}

// Next and previous sentence and chapter (three sentences a chapter here).
func TestNextPrevious(t *testing.T) {
	src := newFake(9, 2000, 0)
	p, _ := newPlayer(t, src, nil)
	steps := []struct {
		move func() error
		want int
	}{
		{func() error { return p.Next(false) }, 1},
		{func() error { return p.Next(true) }, 3},
		{func() error { return p.Next(true) }, 6},
		{func() error { return p.Previous(false) }, 5},
		{func() error { return p.Previous(true) }, 3},
		{func() error { return p.Previous(true) }, 0},
	}
	for n, s := range steps {
		if err := s.move(); err != nil {
			t.Fatalf("step %d: %v", n, err)
		}
		if got := p.State().Index; got != s.want {
			t.Fatalf("step %d: at %d, want %d", n, got, s.want)
		}
	}
	p.Seek(8, 0)
	if err := p.Next(false); err == nil {
		t.Error("next after the last sentence")
	}
}

// Speed changes the time a sentence takes, not its pitch (see the stretch test),
// and a sentence that cannot be loaded is passed over with its reason kept.
func TestSpeedAndFailures(t *testing.T) {
	src := newFake(4, Rate, 0) // a second each
	src.fail = 2
	p, rec := newPlayer(t, src, nil)
	if err := p.SetSpeed(2); err != nil {
		t.Fatal(err)
	}
	if err := p.SetSpeed(4); err == nil {
		t.Error("speed 4 was accepted")
	}
	p.PlayFrom(0, 0)
	waitFor(t, "the end", func() bool { return p.State().Ended })
	// Three sentences of a second each at twice the speed: 1.5 s.
	if n := rec.len(); n < 3*Rate/2-Rate/50 || n > 3*Rate/2+Rate/50 {
		t.Errorf("%d samples at 2x, want about %d", n, 3*Rate/2)
	}
	if st := p.State(); st.Error == "" || st.Speed != 2 {
		t.Errorf("state: %+v", st)
	}
}

// Position reports come at most ten times a second, name the word being spoken,
// and stop coming when nothing changes.
func TestPositionEvents(t *testing.T) {
	src := newFake(6, Rate/2, 0)
	src.gate[3] = make(chan struct{})
	var mu sync.Mutex
	var events []State
	var times []time.Time
	arrived := make(chan struct{}, 1)
	p, _ := newPlayer(t, src, func(s State) {
		mu.Lock()
		events = append(events, s)
		times = append(times, time.Now())
		mu.Unlock()
		select {
		case arrived <- struct{}{}:
		default:
		}
	})
	pulled := watchPulls(p)
	p.Seek(1, 300*time.Millisecond)
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("no event after a seek")
	}
	mu.Lock()
	last := events[len(events)-1]
	mu.Unlock()
	// 300 ms into a 500 ms sentence: the second word.
	if last.Index != 1 || last.OffsetMs != 300 || last.WordStart != 5 || last.WordEnd != 9 {
		t.Errorf("after the seek: %+v", last)
	}
	p.Resume()
	// The wait is settled once the listener has been told of it: the report may trail
	// the state by up to a tenth of a second, and the speaker can pull faster than that.
	waitFor(t, "sentence 4 to be reported awaited", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(events) > 0 && events[len(events)-1].Waiting
	})
	pulled.await(t, 400) // nothing changes while waiting
	mu.Lock()
	n := len(events)
	for i := 1; i < len(times); i++ {
		if d := times[i].Sub(times[i-1]); d < 90*time.Millisecond {
			t.Errorf("two events %v apart", d)
		}
	}
	mu.Unlock()
	pulled.await(t, 300)
	mu.Lock()
	if len(events) != n {
		t.Errorf("%d events while nothing changed", len(events)-n)
	}
	mu.Unlock()
	close(src.gate[3])
	waitFor(t, "the end", func() bool { return p.State().Ended })
}

// A loop comes round at the sample its last sentence (and pause) ends, with nothing
// between; a stop bound pauses there, at the next sentence, and is then gone.
func TestBounds(t *testing.T) {
	src := newFake(6, 2000, 10)
	p, rec := newPlayer(t, src, nil)
	if err := p.Bound(3, 1); err != nil {
		t.Fatal(err)
	}
	if err := p.Bound(1, 3); err == nil {
		t.Error("a loop back to a later sentence was accepted")
	}
	one := func(i int) []float32 { return concat(&fakeSource{clips: src.clips[i : i+1]}, 0, 0) }
	var want []float32
	for _, i := range []int{0, 1, 2, 3, 1, 2, 3, 1, 2, 3} {
		want = append(want, one(i)...)
	}
	p.PlayFrom(0, 0)
	waitFor(t, "three rounds of the loop", func() bool { return rec.len() >= len(want) })
	p.Pause()
	equalSamples(t, rec.samples()[:len(want)], want)

	// A stop after sentence 4: played from 3, it pauses at 5, not at the end.
	rec2 := &recorder{}
	p.SetTap(rec2.add)
	if err := p.Bound(4, -1); err != nil {
		t.Fatal(err)
	}
	p.Seek(3, 0)
	p.Resume()
	waitFor(t, "the pause at the bound", func() bool { st := p.State(); return !st.Playing })
	if st := p.State(); st.Index != 5 || st.Ended {
		t.Errorf("after the bound: %+v", st)
	}
	equalSamples(t, rec2.samples(), append(one(3), one(4)...))
	// The bound is spent: playing on reaches the end.
	p.Resume()
	waitFor(t, "the end", func() bool { return p.State().Ended })
}

// A loop of one sentence comes round with nothing between its rounds: every sample
// the speaker asks for while it loops is the sentence's.
func TestOneSentenceLoopIsGapless(t *testing.T) {
	src := newFake(3, 3000, 0)
	p, rec := newPlayer(t, src, nil)
	if err := p.Bound(1, 1); err != nil {
		t.Fatal(err)
	}
	p.PlayFrom(1, 0)
	waitFor(t, "the first round", func() bool { return rec.len() >= 3000 })
	// From here on, every pull is sound: count the speaker's asks against what it got.
	var asked atomic.Int64
	start := rec.len()
	p.mu.Lock()
	stalls := p.stalls
	p.pulled = func(n int) { asked.Add(int64(n)) }
	p.mu.Unlock()
	waitFor(t, "five more rounds", func() bool { return rec.len()-start >= 5*3000 })
	p.Pause()
	got := rec.samples()[start:]
	// The sentence is kept from round to round: the output never waited for it
	// (how long a wait lasts depends on the machine, that it happens does not).
	p.mu.Lock()
	stalled := p.stalls - stalls
	p.mu.Unlock()
	if stalled > 0 {
		t.Errorf("the output waited %d times for the looped sentence", stalled)
	}
	if silent := int(asked.Load()) - len(got); silent > 2048 { // the pull under way when counting began
		t.Errorf("%d samples of silence in %d samples of looping", silent, len(got))
	}
	// Round after round, the sentence whole: sample k of it where k runs on unbroken.
	for i, v := range got {
		k := (start + i) % 3000
		if want := float32(2000+k%97) / 32768; v != want {
			t.Fatalf("sample %d of the loop is %v, want %v: a round was cut or doubled", start+i, v, want)
		}
	}
}

// A loop none of whose sentences can be spoken stops playing with the reason; it does
// not spin on the audio thread with the player's lock held.
func TestLoopOfFailuresStops(t *testing.T) {
	src := newFake(4, 1000, 0)
	src.fail = 2
	p, _ := newPlayer(t, src, nil)
	if err := p.Bound(2, 2); err != nil {
		t.Fatal(err)
	}
	p.PlayFrom(2, 0)
	waitFor(t, "playing to stop", func() bool { st := p.State(); return !st.Playing && st.Error != "" })
	if st := p.State(); st.Index != 2 || !strings.Contains(st.Error, "could be spoken") {
		t.Errorf("after a loop of failures: %+v", st)
	}
}
