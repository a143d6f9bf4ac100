package render_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"readback/internal/listening"
	"readback/internal/onnx/onnxtest"
	"readback/internal/playback"
	"readback/internal/playback/playbacktest"
	"readback/internal/render"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"readback/internal/tts/piper"
	"readback/internal/tts/piper/pipertest"
)

// BenchmarkPlayToFirstAudio times pressing play on a sentence never synthesised
// to its first sample reaching the speaker (ALSA's null device, which takes audio
// as fast as it comes, so the time is the player's and the engine's).
func BenchmarkPlayToFirstAudio(b *testing.B) {
	pressPlay(b, newFixture(b, book).r, voice)
}

// BenchmarkPlayToFirstAudioPiper is the same press in a Piper voice: the generated
// model that takes about 70 ms a sentence on one thread (scripts/bench-piper), its
// session already open, as it is once a voice has spoken its first sentence.
func BenchmarkPlayToFirstAudioPiper(b *testing.B) {
	onnxtest.Start(b)
	f := newFixture(b, book)
	dir := b.TempDir()
	model, config := pipertest.Files(b, "en_US-bench-medium", pipertest.HeavyModel(600), 1)
	if _, err := piper.Install(dir, model, config); err != nil {
		b.Fatal(err)
	}
	fe, err := espeak.New()
	if err != nil {
		b.Fatal(err)
	}
	defer fe.Close()
	p, err := piper.New(dir, fe)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	reg := tts.NewRegistry()
	reg.Register(fe)
	reg.Register(p)
	r := render.New(f.st, reg, filepath.Join(f.dir, "piper"))
	defer r.Close()
	v := render.Voice{Engine: piper.Name, Voice: "en_US-bench-medium", Prosody: tts.Normal}
	if _, err := p.Synthesize(context.Background(), tts.Request{Text: "The session opens.", Voice: v.Voice, Prosody: tts.Normal}); err != nil {
		b.Fatal(err)
	}
	pressPlay(b, r, v)
}

// BenchmarkPlayToFirstAudioWhileConverting is the same press while two worker
// processes convert a long book: the player's sentence takes the engine's next turn.
func BenchmarkPlayToFirstAudioWhileConverting(b *testing.B) {
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
	pressPlay(b, f.r, voice)
	cancel()
	<-done
	if converted != nil && converted.Synthesized+converted.Reused >= len(bk.Items) {
		b.Fatal("the conversion ended before the presses did: nothing was measured against it")
	}
}

// pressPlay presses play b.N times, each on a sentence never synthesised, and
// reports the median time to the first sample.
func pressPlay(b *testing.B, r *render.Renderer, v render.Voice) {
	sp := playbacktest.Speaker(b)
	waits := make([]float64, 0, b.N)
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		text := fmt.Sprintf("The keeper climbed the stairs at dusk and lit the lamp that had guarded harbour %d for ninety years.", n)
		key, _ := r.Key(v, text)
		l := listening.New(r, &render.Book{Items: []render.Item{{Text: text, Key: key, Voice: v, PauseMs: -1}}}, render.DefaultPauses)
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
