package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"readback/internal/fault"
	"readback/internal/jobs"
	"readback/internal/store"
)

// clock is a settable time for the store, so that leases and backoff can be
// stepped over without waiting.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func newStore(t *testing.T) (*store.Store, *clock) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c := &clock{t: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
	st.Now = c.Now
	return st, c
}

func enqueue(t *testing.T, st *store.Store, priority int) int64 {
	t.Helper()
	id, err := st.Enqueue(context.Background(), store.NewJob{Kind: "convert", Payload: map[string]int{"p": priority}, Priority: priority, MaxAttempts: 3})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestClaimOrderAndExclusivity(t *testing.T) {
	ctx := context.Background()
	st, _ := newStore(t)
	bulk := enqueue(t, st, store.PriorityBulk)
	listen := enqueue(t, st, store.PriorityListening)
	preview := enqueue(t, st, store.PriorityPreview)
	// Queued bulk first, listening last: claimed by priority, not by age.
	got, err := st.Claim(ctx, 3, time.Minute)
	if err != nil || len(got) != 3 {
		t.Fatalf("claim = %v, %v", got, err)
	}
	var order []int64
	for _, j := range got {
		order = append(order, j.ID)
		if j.State != store.JobRunning || j.Attempt != 1 || j.LeaseUntil == nil {
			t.Errorf("claimed job %+v", j)
		}
	}
	if want := []int64{listen, preview, bulk}; fmt.Sprint(order) != fmt.Sprint(want) {
		t.Errorf("claimed in the order %v, want listening, preview, bulk: %v", order, want)
	}
	// Concurrent claimers never share a job.
	for i := 0; i < 40; i++ {
		enqueue(t, st, store.PriorityBulk)
	}
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				js, err := st.Claim(ctx, 3, time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if len(js) == 0 {
					return
				}
				mu.Lock()
				for _, j := range js {
					seen[j.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != 40 {
		t.Errorf("claimed %d distinct jobs, want 40", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("job %d claimed %d times", id, n)
		}
	}
}

func TestPriorityFirst(t *testing.T) {
	st, _ := newStore(t)
	enqueue(t, st, store.PriorityBulk)
	want := enqueue(t, st, store.PriorityListening)
	enqueue(t, st, store.PriorityPreview)
	got, _ := st.Claim(context.Background(), 1, time.Minute)
	if len(got) != 1 || got[0].ID != want {
		t.Errorf("claimed %+v first, want the listening job %d", got, want)
	}
}

func TestLeaseExpiryAndReaper(t *testing.T) {
	ctx := context.Background()
	st, c := newStore(t)
	id := enqueue(t, st, store.PriorityBulk)
	for attempt := 1; attempt <= 3; attempt++ {
		got, _ := st.Claim(ctx, 1, time.Minute)
		if len(got) != 1 || got[0].Attempt != attempt {
			t.Fatalf("attempt %d: claimed %+v", attempt, got)
		}
		if n, err := st.Reap(ctx); err != nil || n != 0 {
			t.Fatalf("reaped %d jobs whose lease is still good (%v)", n, err)
		}
		c.Advance(2 * time.Minute) // the worker died: the lease runs out
		if n, err := st.Reap(ctx); err != nil || n != 1 {
			t.Fatalf("attempt %d: reaped %d, %v", attempt, n, err)
		}
		if err := st.Renew(ctx, id, time.Minute, "", 0, 0); !store.ErrJobLost(err) {
			t.Errorf("the dead worker could still renew: %v", err)
		}
	}
	j, _ := st.Job(ctx, id)
	if j.State != store.JobFailed || j.Attempt != 3 || j.LastError == "" {
		t.Errorf("after three lost leases: %+v", j)
	}
}

func runner(st *store.Store, h jobs.Handler) *jobs.Runner {
	return &jobs.Runner{Store: st, Handlers: map[string]jobs.Handler{"convert": h}, Lease: 200 * time.Millisecond,
		Timeout: time.Minute, Poll: 10 * time.Millisecond, BackoffBase: time.Second, BackoffCap: time.Minute}
}

// notify makes the runner's Changed (told after each lease renewal and progress
// report) a channel a test can wait on.
func notify(r *jobs.Runner) <-chan struct{} {
	ch := make(chan struct{}, 1)
	r.Changed = func(int64) {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	return ch
}

// waitFor checks cond each time the runner says something changed, until it holds.
func waitFor(t *testing.T, changed <-chan struct{}, what string, cond func() bool) {
	t.Helper()
	giveUp := time.After(10 * time.Second)
	for !cond() {
		select {
		case <-changed:
		case <-giveUp:
			t.Fatalf("%s: never happened", what)
		}
	}
}

func TestRetryWithBackoffThenFail(t *testing.T) {
	ctx := context.Background()
	st, c := newStore(t)
	id := enqueue(t, st, store.PriorityBulk)
	calls := 0
	r := runner(st, func(ctx context.Context, j *store.Job, progress func(int, int)) (any, error) {
		calls++
		return nil, errors.New("engine unavailable")
	})
	var ended []string
	r.Ended = func(j *store.Job) { ended = append(ended, fmt.Sprintf("%d %s", j.ID, j.State)) }
	for attempt := 1; attempt <= 3; attempt++ {
		ran, err := r.RunOnce(ctx)
		if err != nil || !ran {
			t.Fatalf("attempt %d: ran=%v err=%v", attempt, ran, err)
		}
		j, _ := st.Job(ctx, id)
		if attempt < 3 {
			wait := j.RunAt.Sub(c.Now())
			if j.State != store.JobAvailable || wait < 0 || wait > time.Second<<attempt {
				t.Fatalf("attempt %d: %+v (next try in %v)", attempt, j, wait)
			}
			if ran, _ := r.RunOnce(ctx); ran {
				t.Fatal("retried before its backoff ran out")
			}
			c.Advance(time.Second << attempt)
		} else if j.State != store.JobFailed || j.LastError != "engine unavailable" {
			t.Fatalf("final: %+v", j)
		}
	}
	if calls != 3 {
		t.Errorf("%d calls, want 3", calls)
	}
	// Only the last failure ended the job: the retried ones did not.
	if fmt.Sprint(ended) != fmt.Sprintf("[%d failed]", id) {
		t.Errorf("ended: %v", ended)
	}
	// Full jitter: backoffs spread over [0, ceiling].
	var lo, hi int
	for i := 0; i < 200; i++ {
		d := r.Backoff(3)
		if d < 0 || d > 8*time.Second {
			t.Fatalf("backoff %v outside [0, 8s]", d)
		}
		if d < 4*time.Second {
			lo++
		} else {
			hi++
		}
	}
	if lo < 50 || hi < 50 {
		t.Errorf("backoff is not jittered across its range: %d low, %d high", lo, hi)
	}
}

func TestPermanentErrorsAreNotRetried(t *testing.T) {
	ctx := context.Background()
	st, _ := newStore(t)
	id := enqueue(t, st, store.PriorityBulk)
	r := runner(st, func(context.Context, *store.Job, func(int, int)) (any, error) {
		return nil, jobs.Permanent(fault.New(fault.NotFound, "document deleted"))
	})
	r.RunOnce(ctx)
	if j, _ := st.Job(ctx, id); j.State != store.JobFailed || j.Attempt != 1 || j.Cause != "not_found" {
		t.Errorf("%+v", j)
	}
}

func TestTimeout(t *testing.T) {
	ctx := context.Background()
	st, _ := newStore(t)
	id := enqueue(t, st, store.PriorityBulk)
	r := runner(st, func(ctx context.Context, j *store.Job, progress func(int, int)) (any, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})
	r.Timeout = 100 * time.Millisecond
	start := time.Now()
	r.RunOnce(ctx)
	j, _ := st.Job(ctx, id)
	if j.State != store.JobAvailable || j.LastError != "timed out after 100ms" || j.Cause != "timeout" || time.Since(start) > 5*time.Second {
		t.Errorf("%+v after %v", j, time.Since(start))
	}
}

func TestCancelStopsARunningJob(t *testing.T) {
	ctx := context.Background()
	st, _ := newStore(t)
	id := enqueue(t, st, store.PriorityBulk)
	started := make(chan struct{})
	var progressed atomic.Int32
	r := runner(st, func(ctx context.Context, j *store.Job, progress func(int, int)) (any, error) {
		close(started)
		for i := 0; ; i++ {
			progress(i, 1000)
			progressed.Add(1)
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(5 * time.Millisecond):
			}
		}
	})
	changed := notify(r)
	done := make(chan struct{})
	go func() { r.RunOnce(ctx); close(done) }()
	<-started
	// A renewal carries the progress to the store.
	waitFor(t, changed, "progress recorded", func() bool {
		j, _ := st.Job(ctx, id)
		return j.ProgressTotal == 1000 && j.ProgressDone > 0
	})
	if err := st.Cancel(ctx, id); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the handler was not stopped after the cancel")
	}
	if j, _ := st.Job(ctx, id); j.State != store.JobCancelled {
		t.Errorf("%+v", j)
	}
	if err := st.Retry(ctx, id); err != nil {
		t.Fatal(err)
	}
	if j, _ := st.Job(ctx, id); j.State != store.JobAvailable || j.Attempt != 0 {
		t.Errorf("after retry: %+v", j)
	}
}

func TestPauseResumeAndPrune(t *testing.T) {
	ctx := context.Background()
	st, c := newStore(t)
	id := enqueue(t, st, store.PriorityBulk)
	st.SetPaused(ctx, true)
	if got, _ := st.Claim(ctx, 1, time.Minute); len(got) != 0 {
		t.Fatal("claimed while paused")
	}
	st.SetPaused(ctx, false)
	r := runner(st, func(context.Context, *store.Job, func(int, int)) (any, error) { return map[string]int{"ok": 1}, nil })
	if ran, _ := r.RunOnce(ctx); !ran {
		t.Fatal("nothing ran after resume")
	}
	j, _ := st.Job(ctx, id)
	if j.State != store.JobDone || string(j.Result) != `{"ok":1}` {
		t.Fatalf("%+v", j)
	}
	c.Advance(31 * 24 * time.Hour)
	if n, _ := st.Prune(ctx, c.Now().Add(-30*24*time.Hour)); n != 1 {
		t.Errorf("pruned %d", n)
	}
}

func TestRunLoopPicksUpWork(t *testing.T) {
	st, _ := newStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ran := make(chan int64, 3)
	r := runner(st, func(_ context.Context, j *store.Job, _ func(int, int)) (any, error) { ran <- j.ID; return nil, nil })
	r.Poll = time.Hour // only Wake can start it
	go r.Run(ctx)
	for i := 0; i < 3; i++ {
		enqueue(t, st, store.PriorityBulk)
		r.Wake()
	}
	for i := 0; i < 3; i++ {
		select {
		case <-ran:
		case <-time.After(10 * time.Second):
			t.Fatalf("ran %d of 3: a Wake was lost", i)
		}
	}
}

func TestEnqueueNeedsTheDocument(t *testing.T) {
	st, _ := newStore(t)
	if _, err := st.Enqueue(context.Background(), store.NewJob{Kind: "convert", DocumentID: 99, Payload: struct{}{}}); err == nil {
		t.Error("a job was queued for a document that does not exist")
	}
}

// A job past its main work says so (the files being encoded): the runner's live
// progress and the store's both carry the stage, and the time left is the stage's.
func TestStages(t *testing.T) {
	ctx := context.Background()
	st, _ := newStore(t)
	id := enqueue(t, st, store.PriorityBulk)
	inStage := make(chan struct{})
	release := make(chan struct{})
	r := runner(st, func(ctx context.Context, j *store.Job, progress func(int, int)) (any, error) {
		progress(10, 10)
		jobs.ReportStage(ctx, "encoding", 300, 1200)
		close(inStage)
		<-release
		return nil, nil
	})
	r.Lease = 50 * time.Millisecond
	changed := notify(r)
	go r.RunOnce(ctx)
	<-inStage
	if got, live := r.Progress(); got != id || live != (jobs.Live{Stage: "encoding", Done: 300, Total: 1200, Sentences: 10}) {
		t.Errorf("live progress of job %d: %+v", got, live)
	}
	waitFor(t, changed, "the store learns the stage", func() bool {
		j, _ := st.Job(ctx, id)
		return j.ProgressStage == "encoding" && j.ProgressDone == 300 && j.ProgressTotal == 1200
	})
	close(release)
	// Outside a runner, reporting a stage is harmless.
	jobs.ReportStage(ctx, "encoding", 1, 2)
	// The estimate starts afresh with a new stage.
	now := time.Unix(1000, 0)
	e := jobs.Estimator{Now: func() time.Time { return now }}
	e.Left(1, "", 0, 100)
	now = now.Add(10 * time.Second)
	if left := e.Left(1, "", 50, 100); left != 10 {
		t.Errorf("sentences: %d s left", left)
	}
	if left := e.Left(1, "encoding", 600, 1000); left != -1 {
		t.Errorf("a new stage is not yet measured: %d", left)
	}
	// A job removed and its id given to the next: the next is measured afresh.
	e.Forget(1)
	now = now.Add(time.Hour)
	if left := e.Left(1, "encoding", 700, 1000); left != -1 {
		t.Errorf("a new job under a removed one's id is timed from the old one's start: %d", left)
	}
}

// An ended job is taken off the queue when the writer removes it; one waiting or
// running is not (it is cancelled first), and a job that is not there says so.
func TestAnEndedJobIsRemovedAndAWaitingOneIsNot(t *testing.T) {
	ctx := context.Background()
	st, _ := newStore(t)
	ended := enqueue(t, st, store.PriorityBulk+1)
	waiting := enqueue(t, st, store.PriorityBulk)
	r := runner(st, func(context.Context, *store.Job, func(int, int)) (any, error) { return nil, nil })
	if ran, _ := r.RunOnce(ctx); !ran {
		t.Fatal("nothing ran")
	}
	if j, _ := st.Job(ctx, ended); j.State != store.JobDone {
		t.Fatalf("the first job: %+v", j)
	}
	if err := st.RemoveJob(ctx, waiting); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("a waiting job removed: %v", err)
	}
	if err := st.RemoveJob(ctx, ended); err != nil {
		t.Fatal(err)
	}
	if j, err := st.Job(ctx, ended); err == nil {
		t.Errorf("the removed job is still there: %+v", j)
	}
	if err := st.RemoveJob(ctx, ended); fault.CodeOf(err) != fault.NotFound {
		t.Errorf("a job removed twice: %v", err)
	}
	if j, _ := st.Job(ctx, waiting); j == nil || j.State != store.JobAvailable {
		t.Errorf("the waiting job after: %+v", j)
	}
}
