package listening_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"readback/internal/listening"
	"readback/internal/playback"
	"readback/internal/playback/playbacktest"
	"readback/internal/render"
	"readback/internal/render/rendertest"
)

type tap struct {
	mu  sync.Mutex
	got []float32
}

func (t *tap) add(s []float32) { t.mu.Lock(); t.got = append(t.got, s...); t.mu.Unlock() }

// Listening to a document never converted synthesises each sentence as the player
// reaches it, plays it through the speaker and keeps it: what was heard is the
// renditions and their pauses, and a second listen synthesises nothing.
func TestListenSynthesisesAheadAndKeeps(t *testing.T) {
	ctx := context.Background()
	f := rendertest.New(t, rendertest.Book)
	b, err := f.R.Book(ctx, f.Doc, rendertest.Voice)
	if err != nil {
		t.Fatal(err)
	}
	sp := playbacktest.Speaker(t)
	var made atomic.Int32
	listen := func() []float32 {
		l := listening.New(f.R, b, render.DefaultPauses)
		l.Made = func(int, string) { made.Add(1) }
		p := playback.New(l, sp, nil)
		defer p.Close()
		rec := &tap{}
		p.SetTap(rec.add)
		if err := p.PlayFrom(0, 0); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for !p.State().Ended {
			if time.Now().After(deadline) {
				t.Fatalf("did not end: %+v", p.State())
			}
			time.Sleep(5 * time.Millisecond)
		}
		l.Wait()
		rec.mu.Lock()
		defer rec.mu.Unlock()
		return rec.got
	}
	first := listen()
	// "The keeper woke." is there twice: synthesised once or twice, stored once.
	if n := made.Load(); n < 6 {
		t.Errorf("%d sentences made while listening, want 6 or 7", n)
	}
	keys := make([]string, len(b.Items))
	for i, it := range b.Items {
		keys[i] = it.Key
	}
	recs, err := f.St.Renditions(ctx, keys)
	if err != nil || len(recs) != 6 {
		t.Fatalf("%d renditions kept (%v)", len(recs), err)
	}
	want := rendertest.ExpectedSeconds(t, f.St, b.Items, render.DefaultPauses)
	if got := float64(len(first)) / playback.Rate; got < want-0.01 || got > want+0.01 {
		t.Errorf("heard %.3f s, the renditions and pauses make %.3f s", got, want)
	}
	made.Store(0)
	second := listen()
	if made.Load() != 0 || len(second) != len(first) {
		t.Errorf("second listen: %d made, %d samples (first %d)", made.Load(), len(second), len(first))
	}
	for i := range first {
		if first[i] != second[i] {
			t.Fatalf("sample %d differs between the first listen and the stored renditions", i)
		}
	}
	// The state shows it: a converted book's segments are ready.
	states, _ := f.R.States(ctx, b)
	for ord, s := range states {
		if s != render.Ready {
			t.Errorf("segment %d is %s after listening", ord, s)
		}
	}
}

// A sentence not synthesised yet is given the length its voice's measured rate
// says; once synthesised, its own. The estimate is close to what it turns out to be.
func TestClipLengthsAreMeasuredOrEstimatedFromTheVoice(t *testing.T) {
	ctx := context.Background()
	long := "# One\n\nThe keeper climbed the long stairs of the lighthouse every evening at dusk. " +
		"She trimmed the wick, wound the clockwork and polished the great lens until it shone.\n\n" +
		"# Two\n\nAt midnight the wind rose and the rain came in sideways across the harbour wall.\n"
	f := rendertest.New(t, long)
	l, err := listening.Open(ctx, f.R, f.Doc)
	if err != nil {
		t.Fatal(err)
	}
	before, err := l.Clips(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range before {
		if !c.Estimated || c.DurationMs <= 0 {
			t.Fatalf("nothing synthesised yet, yet %+v", c)
		}
	}
	// Synthesise all but the last sentence: its estimate comes from the others.
	b, _ := f.R.Book(ctx, f.Doc, render.Voice{})
	if _, err := f.R.RenderAll(ctx, b.Items[:len(b.Items)-1], nil); err != nil {
		t.Fatal(err)
	}
	mid, _ := l.Clips(ctx)
	last := mid[len(mid)-1]
	for _, c := range mid[:len(mid)-1] {
		if c.Estimated {
			t.Errorf("a synthesised sentence is estimated: %+v", c)
		}
	}
	if !last.Estimated {
		t.Fatalf("the last sentence is not synthesised, yet %+v", last)
	}
	if _, err := f.R.RenderAll(ctx, b.Items, nil); err != nil {
		t.Fatal(err)
	}
	after, _ := l.Clips(ctx)
	real := after[len(after)-1]
	if real.Estimated {
		t.Fatalf("synthesised, still estimated: %+v", real)
	}
	if ratio := float64(last.DurationMs) / float64(real.DurationMs); ratio < 0.8 || ratio > 1.25 {
		t.Errorf("estimated %d ms from the voice's rate, it lasts %d ms (×%.2f)", last.DurationMs, real.DurationMs, ratio)
	}
}
