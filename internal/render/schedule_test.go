package render_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"readback/internal/listening"
	"readback/internal/render"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"readback/internal/tts/ttstest"
)

// While three conversions of a book run in this process on an engine that says one
// text at a time, the sentence the player asks for next is said within the next two
// turns, not after the conversions' waiting sentences.
func TestListeningOvertakesConversions(t *testing.T) {
	ctx := context.Background()
	var slow *ttstest.Slow
	r, b := stairs(t, 40, "slow", func(e tts.Engine) tts.Engine {
		slow = &ttstest.Slow{Engine: e, Delay: 20 * time.Millisecond}
		return slow
	})
	items := b.Items
	last := len(items) - 1
	var wg sync.WaitGroup
	for k := range 3 { // three conversions, each its share of all but the last sentence
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []render.Item
			for i := k; i < last; i += 3 {
				mine = append(mine, items[i])
			}
			r.RenderAll(ctx, mine, nil)
		}()
	}
	for slow.Calls() < 3 {
		time.Sleep(time.Millisecond)
	}
	asked := slow.Calls()
	if _, err := listening.New(r, b, render.DefaultPauses).Load(ctx, last); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	started := slow.Texts()
	at := slices.Index(started, items[last].Text)
	if at < 0 || at > asked+1 {
		t.Errorf("asked for after %d texts had started, said as text %d of %d", asked, at, len(started))
	}
}

// Worker processes take their turns from the scheduler of the process that runs
// them: four conversions in workers on an engine that says one text at a time never
// say two at once, and the sentence the player asks for meanwhile is said next,
// before the waiting conversions' sentences: in between start only the sentence the
// worker holding the turn had sent before the ask, and one more when the ask comes
// just as the worker sends its next.
func TestWorkersTakeTurns(t *testing.T) {
	ctx := context.Background()
	timeline := filepath.Join(t.TempDir(), "timeline")
	t.Setenv("READBACK_TEST_WORKER", "timed")
	t.Setenv("READBACK_TEST_TIMELINE", timeline)
	r, b := stairs(t, 49, "timed", func(e tts.Engine) tts.Engine { return &timed{Engine: e, file: timeline, delay: timedDelay} })
	items := b.Items
	last := len(items) - 1
	converted := make(chan error, 4)
	for k := range 4 { // four conversions, each its share of all but the last sentence
		var mine []render.Item
		for i := k; i < last; i += 4 {
			mine = append(mine, items[i])
		}
		go func() {
			// Two workers asked for, one started: the engine says one text at a time.
			pool := &render.Pool{Command: []string{os.Args[0]}, Workers: 2, Timeout: time.Minute, Attempts: 1}
			sum, err := r.RenderAllWith(ctx, pool, mine, nil)
			if err == nil && (sum.Synthesized != len(mine) || len(sum.Failed) > 0) {
				err = fmt.Errorf("conversion: %+v", sum)
			}
			converted <- err
		}()
	}
	for deadline := time.Now().Add(time.Minute); len(readTimeline(t, timeline)) < 3; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the workers said nothing in a minute")
		}
	}
	asked := time.Now().UnixNano()
	if _, err := listening.New(r, b, render.DefaultPauses).Load(ctx, last); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		if err := <-converted; err != nil {
			t.Fatal(err)
		}
	}
	spans := readTimeline(t, timeline)
	if len(spans) != len(items) {
		t.Fatalf("%d syntheses for %d sentences", len(spans), len(items))
	}
	slices.SortFunc(spans, func(a, b span) int { return int(a.start - b.start) })
	var heard span
	for i, s := range spans {
		if i > 0 && s.start < spans[i-1].end {
			t.Errorf("two syntheses at once on a one-at-a-time engine: %q and %q", spans[i-1].text, s.text)
		}
		if s.text == items[last].Text {
			heard = s
		}
	}
	between := 0
	for _, s := range spans {
		if s.start > asked && s.start < heard.start {
			between++
		}
	}
	if heard.start == 0 || between > 2 {
		t.Errorf("the player's sentence waited for %d of the workers' sentences", between)
	}
}

// timedDelay keeps each synthesis long enough that the order of turns shows.
const timedDelay = 40 * time.Millisecond

// timed notes when each synthesis starts and ends in a file that worker processes
// and this one share.
type timed struct {
	tts.Engine
	file  string
	delay time.Duration
}

func (e *timed) Synthesize(ctx context.Context, req tts.Request) (*tts.Audio, error) {
	start := time.Now().UnixNano()
	a, err := e.Engine.Synthesize(ctx, req)
	time.Sleep(e.delay)
	line := fmt.Sprintf("%d %d %q\n", start, time.Now().UnixNano(), req.Text)
	if f, ferr := os.OpenFile(e.file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); ferr == nil {
		f.WriteString(line) // one short write with O_APPEND: lines from several processes do not mix
		f.Close()
	}
	return a, err
}

type span struct {
	start, end int64
	text       string
}

func readTimeline(t *testing.T, file string) []span {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var spans []span
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var s span
		if n, _ := fmt.Sscanf(line, "%d %d %q", &s.start, &s.end, &s.text); n == 3 {
			spans = append(spans, s)
		}
	}
	return spans
}

// quota is eSpeak behind a service's quota: two requests a second, one at once.
type quota struct{ tts.Engine }

func (quota) Concurrency() int          { return 2 }
func (quota) RateLimit() (float64, int) { return 2, 1 }

// Worker processes keep an engine's rate for every sentence they send: with a
// second and a half to go at two a second, a few sentences are said and the rest
// fail for the rate — each on its own, the workers unharmed.
func TestWorkersKeepTheRate(t *testing.T) {
	r, b := stairs(t, 12, "quota", func(e tts.Engine) tts.Engine { return quota{e} })
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	sum, _ := r.RenderAllWith(ctx, poolFor(t, "ok", time.Minute), b.Items, nil)
	if sum == nil {
		t.Fatal("no summary")
	}
	if sum.Synthesized < 1 || sum.Synthesized > 5 || sum.Synthesized+len(sum.Failed) != len(b.Items) {
		t.Errorf("%d said, %d failed of %d in a second and a half at two a second", sum.Synthesized, len(sum.Failed), len(b.Items))
	}
	for _, fl := range sum.Failed {
		if !strings.Contains(fl.Reason, "requests a second") {
			t.Errorf("sentence %d failed for %q, not for the rate", fl.Ord+1, fl.Reason)
		}
	}
}

// stairs is a book of n sentences ("The keeper counted step i of the stair.") and
// a renderer of its own, in dir, whose one engine is eSpeak as wrap makes it.
func stairs(t *testing.T, n int, dir string, wrap func(tts.Engine) tts.Engine) (*render.Renderer, *render.Book) {
	t.Helper()
	var text strings.Builder
	for i := range n {
		fmt.Fprintf(&text, "The keeper counted step %d of the stair. ", i+1)
	}
	f := newFixture(t, text.String())
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	reg := tts.NewRegistry()
	reg.Register(wrap(e))
	r := render.New(f.st, reg, filepath.Join(f.dir, dir))
	t.Cleanup(func() { r.Close() })
	b, err := r.Book(context.Background(), f.doc, voice)
	if err != nil {
		t.Fatal(err)
	}
	return r, b
}
