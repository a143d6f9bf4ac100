package render

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"readback/internal/tts"
	"readback/internal/tts/espeak"
)

// One engine, one synthesis at a time: while a conversion's sentence is spoken and
// two more wait, the player's next sentence is the next to go, then the audition,
// then the conversion's in the order they came. One given up while waiting leaves
// no turn held.
func TestSchedulerPriorities(t *testing.T) {
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	one := oneAtATime{e} // not tts.Concurrent: one at a time
	var s scheduler
	ctx := context.Background()
	running, err := s.acquire(ctx, one, PriorityBulk)
	if err != nil {
		t.Fatal(err)
	}
	order := make(chan string, 8)
	queued := func(n int) { // until n wait
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
			s.mu.Lock()
			got := len(s.waiting)
			s.mu.Unlock()
			if got == n {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d waiting, want %d", got, n)
			}
		}
	}
	waiting := 0
	wait := func(name string, prio Priority) {
		go func() {
			release, err := s.acquire(ctx, one, prio)
			if err != nil {
				order <- "error " + name
				return
			}
			order <- name
			release()
		}()
		waiting++
		queued(waiting)
	}
	wait("bulk 1", PriorityBulk)
	wait("bulk 2", PriorityBulk)
	cctx, cancel := context.WithCancel(ctx)
	gaveUp := make(chan error, 1)
	go func() {
		_, err := s.acquire(cctx, one, PriorityListening)
		gaveUp <- err
	}()
	waiting++
	queued(waiting)
	wait("audition", PriorityPreview)
	wait("listening", PriorityListening)
	cancel()
	if err := <-gaveUp; err == nil {
		t.Fatal("a wait given up was granted")
	}
	queued(waiting - 1)
	running()
	var got []string
	for range 4 {
		got = append(got, <-order)
	}
	want := []string{"listening", "audition", "bulk 1", "bulk 2"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("turns went %v, want %v", got, want)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running["espeak"] != 0 || len(s.waiting) != 0 {
		t.Errorf("left: %d running, %d waiting", s.running["espeak"], len(s.waiting))
	}
}

type oneAtATime struct{ tts.Engine }

// flaky fails its first fails syntheses with err.
type flaky struct {
	tts.Engine
	mu    sync.Mutex
	calls int
	fails int
	err   error
}

func (f *flaky) Synthesize(ctx context.Context, req tts.Request) (*tts.Audio, error) {
	f.mu.Lock()
	f.calls++
	failing := f.calls <= f.fails
	f.mu.Unlock()
	if failing {
		return nil, f.err
	}
	return f.Engine.Synthesize(ctx, req)
}

// A synthesis that fails for a passing reason (a speaker lost) is tried again, up to
// three times (the waits are internal/retry's, tested with the shared library); one
// that fails for good is not.
func TestSynthesisRetriesWhatPasses(t *testing.T) {
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		fails int
		err   error
		calls int
		ok    bool
	}{
		{"passing twice", 2, tts.Transient(errors.New("speaker lost")), 3, true},
		{"passing thrice", 5, tts.Transient(errors.New("speaker lost")), 3, false},
		{"for good", 5, errors.New("no such voice"), 1, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &flaky{Engine: e, fails: c.fails, err: c.err}
			reg := tts.NewRegistry()
			reg.Register(f)
			r := &Renderer{engines: reg}
			_, err := r.speak(ctx, PriorityListening, Voice{Prosody: tts.Normal}, "The lamp was cold.")
			if (err == nil) != c.ok || f.calls != c.calls {
				t.Errorf("%d calls, error %v; want %d calls, ok %v", f.calls, err, c.calls, c.ok)
			}
		})
	}
}

// metered is an engine whose service allows half a request a second, two at once.
type metered struct{ tts.Engine }

func (metered) Name() string              { return "metered" }
func (metered) Concurrency() int          { return 8 }
func (metered) RateLimit() (float64, int) { return 0.5, 2 }

// A rate-limited engine's requests are spaced by its quota, for every caller alike:
// two go at once (its burst), and a third, which the rate would start two seconds
// on, fails for a caller whose deadline is sooner, holding no turn. An engine
// without a limit is not held back.
func TestRateLimit(t *testing.T) {
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	var s scheduler
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for i := range 2 {
		release, err := s.acquire(ctx, metered{e}, PriorityBulk)
		if err != nil {
			t.Fatalf("request %d of the burst: %v", i+1, err)
		}
		release()
	}
	if release, err := s.acquire(ctx, metered{e}, PriorityListening); err == nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a third request within the second: %v", err)
		if release != nil {
			release()
		}
	}
	s.mu.Lock()
	held := s.running["metered"]
	s.mu.Unlock()
	if held != 0 {
		t.Errorf("%d turns held after the refusal", held)
	}
	for i := range 10 {
		release, err := s.acquire(ctx, oneAtATime{e}, PriorityBulk)
		if err != nil {
			t.Fatalf("an engine without a limit, request %d: %v", i+1, err)
		}
		release()
	}
}
