package render_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"readback/internal/playback"
	"readback/internal/render"
)

// nullALSA points ALSA at its null device for the speaker path.
func nullALSA(tb testing.TB) {
	tb.Helper()
	conf := filepath.Join(tb.TempDir(), "asound.conf")
	if err := os.WriteFile(conf, []byte("pcm.!default { type null }\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	os.Setenv("ALSA_CONFIG_PATH", conf)
}

type tap struct {
	mu  sync.Mutex
	got []float32
}

func (t *tap) add(s []float32) { t.mu.Lock(); t.got = append(t.got, s...); t.mu.Unlock() }

// Listening to a document never converted synthesises each sentence as the player
// reaches it, plays it through the speaker and keeps it: what was heard is the
// renditions and their pauses, and a second listen synthesises nothing.
func TestListenSynthesisesAheadAndKeeps(t *testing.T) {
	nullALSA(t)
	ctx := context.Background()
	f := newFixture(t, book)
	b, err := f.r.Book(ctx, f.doc, voice)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := playback.OpenSpeaker()
	if err != nil {
		t.Fatal(err)
	}
	var made atomic.Int32
	listen := func() []float32 {
		l := f.r.NewListening(b, render.DefaultPauses)
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
	recs, err := f.st.Renditions(ctx, keys)
	if err != nil || len(recs) != 6 {
		t.Fatalf("%d renditions kept (%v)", len(recs), err)
	}
	want := expectedSeconds(t, f, b.Items, render.DefaultPauses)
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
	states, _ := f.r.States(ctx, b)
	for ord, s := range states {
		if s != render.Ready {
			t.Errorf("segment %d is %s after listening", ord, s)
		}
	}
}

// BenchmarkPlayToFirstAudio times pressing play on a sentence never synthesised
// to its first sample reaching the speaker (ALSA's null device, which takes audio
// as fast as it comes, so the time is the player's and the engine's).
func BenchmarkPlayToFirstAudio(b *testing.B) {
	nullALSA(b)
	pressPlay(b, newFixture(b, book))
}

// BenchmarkPlayToFirstAudioWhileConverting is the same press while two worker
// processes convert a long book: the player's sentence takes the engine's next turn.
func BenchmarkPlayToFirstAudioWhileConverting(b *testing.B) {
	nullALSA(b)
	var text strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&text, "The keeper counted step %d of the long stair. ", i+1)
	}
	f := newFixture(b, text.String())
	bk, err := f.r.Book(context.Background(), f.doc, voice)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var converted *render.Summary
	var said atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		converted, _ = f.r.RenderAllWith(ctx, poolFor(b, "ok", time.Minute), bk.Items, func(n, _ int) { said.Store(int64(n)) })
	}()
	for deadline := time.Now().Add(time.Minute); said.Load() < 50; time.Sleep(10 * time.Millisecond) { // the workers are under way
		if time.Now().After(deadline) {
			b.Fatal("the workers said nothing in a minute")
		}
	}
	pressPlay(b, f)
	cancel()
	<-done
	if converted != nil && converted.Synthesized+converted.Reused >= len(bk.Items) {
		b.Fatal("the conversion ended before the presses did: nothing was measured against it")
	}
}

// pressPlay presses play b.N times, each on a sentence never synthesised, and
// reports the median time to the first sample.
func pressPlay(b *testing.B, f *fixture) {
	sp, err := playback.OpenSpeaker()
	if err != nil {
		b.Fatal(err)
	}
	waits := make([]float64, 0, b.N)
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		text := fmt.Sprintf("The keeper climbed the stairs at dusk and lit the lamp that had guarded harbour %d for ninety years.", n)
		key, _ := f.r.Key(voice, text)
		l := f.r.NewListening(&render.Book{Items: []render.Item{{Text: text, Key: key, Voice: voice, PauseMs: -1}}}, render.DefaultPauses)
		first := make(chan time.Time, 1)
		p := playback.New(l, sp, nil)
		p.SetTap(func([]float32) {
			select {
			case first <- time.Now():
			default:
			}
		})
		b.StartTimer()
		start := time.Now()
		p.PlayFrom(0, 0)
		at := <-first
		b.StopTimer()
		waits = append(waits, float64(at.Sub(start).Microseconds())/1000)
		p.Close()
		l.Wait()
	}
	// One figure per run: the median press of its b.N (a metric reported in the
	// loop would keep only the last press).
	slices.Sort(waits)
	median := waits[len(waits)/2]
	if len(waits)%2 == 0 {
		median = (waits[len(waits)/2-1] + waits[len(waits)/2]) / 2
	}
	b.ReportMetric(median, "ms-to-first-audio")
}
