// Package jobs runs the persistent queue: it claims jobs with a lease, renews the
// lease while a job runs, hands back jobs whose worker died, retries failures with
// exponential backoff and full jitter, enforces a timeout per job, and notices
// cancellation and pause.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"readback/internal/fault"
	"readback/internal/store"
)

// Handler runs one job. It reports progress through progress (cheap to call often)
// and returns the job's result.
type Handler func(ctx context.Context, j *store.Job, progress func(done, total int)) (result any, err error)

// permanent marks an error that retrying cannot fix.
type permanent struct{ error }

func (p permanent) Unwrap() error { return p.error }

// Permanent wraps err so that the job fails at once instead of being retried.
func Permanent(err error) error { return permanent{err} }

// Runner claims and runs jobs.
type Runner struct {
	Store    *store.Store
	Handlers map[string]Handler
	Log      *slog.Logger
	Lease    time.Duration // renewed at 80 %
	Timeout  time.Duration // per job
	Poll     time.Duration // how often to look for work when idle
	// BackoffBase and BackoffCap bound the wait before a retry: a random duration up
	// to min(cap, base·2^attempt) (full jitter, so that failures do not retry in step).
	BackoffBase, BackoffCap time.Duration
	// Changed is told when a job's state or progress changed (throttle it yourself).
	Changed func(jobID int64)
	// Ended, when set, is told of a job that has ended for good: done, or failed
	// with no retry left. A failure that will be retried, or a job interrupted by
	// the runner's own shutdown, has not ended.
	Ended func(j *store.Job)

	wake    chan struct{}
	once    sync.Once
	running atomic.Int64 // the job being run, 0 when idle
	live    atomic.Pointer[Live]
}

// Live is where a running job has got: at Stage ("" for its main work, or a
// later stage such as "encoding"), Done of Total.
type Live struct {
	Stage       string
	Done, Total int
	Sentences   int // the main work's total, kept through the later stages
}

// Progress returns the live progress of the running job, which the store only
// learns at each lease renewal.
func (r *Runner) Progress() (jobID int64, live Live) {
	id := r.running.Load()
	if l := r.live.Load(); l != nil && id != 0 {
		return id, *l
	}
	return id, Live{}
}

type stageKey struct{}

// ReportStage tells the runner running the job whose context is ctx that the job
// is at a stage past its main work ("encoding"), done of total in the stage's own
// units. Outside a runner it does nothing.
func ReportStage(ctx context.Context, stage string, done, total int) {
	if f, ok := ctx.Value(stageKey{}).(func(string, int, int)); ok {
		f(stage, done, total)
	}
}

func (r *Runner) init() {
	r.once.Do(func() {
		r.wake = make(chan struct{}, 1)
		if r.Lease <= 0 {
			r.Lease = 30 * time.Second
		}
		if r.Timeout <= 0 {
			r.Timeout = 12 * time.Hour
		}
		if r.Poll <= 0 {
			r.Poll = time.Second
		}
		if r.BackoffBase <= 0 {
			r.BackoffBase = 2 * time.Second
		}
		if r.BackoffCap <= 0 {
			r.BackoffCap = 10 * time.Minute
		}
		if r.Log == nil {
			r.Log = slog.Default()
		}
		if r.Changed == nil {
			r.Changed = func(int64) {}
		}
	})
}

// Wake makes an idle runner look for work now (after an enqueue or a resume).
func (r *Runner) Wake() {
	r.init()
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Running returns the ID of the job being run, or 0.
func (r *Runner) Running() int64 { return r.running.Load() }

// Backoff is the wait before retry number attempt (1-based): full jitter over
// [0, ceiling], but never under a sixteenth of the base, so that a retry is never
// due the instant it was scheduled (the queue keeps times to the millisecond).
func (r *Runner) Backoff(attempt int) time.Duration {
	r.init()
	ceiling := r.BackoffCap
	if attempt < 30 {
		ceiling = min(r.BackoffCap, r.BackoffBase<<attempt)
	}
	return max(time.Duration(rand.Int64N(int64(ceiling)+1)), r.BackoffBase/16)
}

// Run works until ctx ends: it reaps expired leases, then claims and runs one job
// at a time. Jobs left running by a previous process are handed back by the reaper
// once their lease runs out.
func (r *Runner) Run(ctx context.Context) error {
	r.init()
	for {
		if n, err := r.Store.Reap(ctx); err != nil && ctx.Err() == nil {
			r.Log.Error("reap", "err", err)
		} else if n > 0 {
			r.Log.Info("jobs handed back after their worker stopped", "count", n)
		}
		claimed, err := r.Store.Claim(ctx, 1, r.Lease)
		if err != nil && ctx.Err() == nil {
			r.Log.Error("claim", "err", err)
		}
		if len(claimed) == 1 {
			r.run(ctx, claimed[0])
			continue
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-r.wake:
		case <-time.After(r.Poll):
		}
	}
}

// RunOnce claims and runs at most one job; it reports whether there was one.
func (r *Runner) RunOnce(ctx context.Context) (bool, error) {
	r.init()
	claimed, err := r.Store.Claim(ctx, 1, r.Lease)
	if err != nil || len(claimed) == 0 {
		return false, err
	}
	r.run(ctx, claimed[0])
	return true, nil
}

func (r *Runner) run(ctx context.Context, j *store.Job) {
	r.live.Store(&Live{}) // before the job shows as running: never the last job's progress
	r.running.Store(j.ID)
	defer r.running.Store(0)
	r.Changed(j.ID)
	defer r.Changed(j.ID)
	h, ok := r.Handlers[j.Kind]
	if !ok {
		r.finish(ctx, j, nil, Permanent(fmt.Errorf("no handler for jobs of kind %q", j.Kind)), false)
		return
	}
	jctx, cancel := context.WithTimeout(ctx, r.Timeout)
	defer cancel()
	var last atomic.Int64 // when Changed was last told, in ns: at most ten times a second
	report := func(stage string, d, t int) {
		next := &Live{Stage: stage, Done: d, Total: t}
		if prev := r.live.Load(); prev != nil {
			next.Sentences = prev.Sentences
		}
		if stage == "" {
			next.Sentences = t
		}
		prev := r.live.Swap(next)
		if now := time.Now().UnixNano(); now-last.Load() >= int64(100*time.Millisecond) || prev == nil || prev.Stage != stage {
			last.Store(now)
			r.Changed(j.ID)
		}
	}
	progress := func(d, t int) { report("", d, t) }
	jctx = context.WithValue(jctx, stageKey{}, report)
	// The lease is renewed at 80 % of its length, with the progress; a renewal that
	// finds the job gone (cancelled, or reaped after a long sleep) stops the work.
	var lost atomic.Bool
	stop := make(chan struct{})
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		tick := time.NewTicker(r.Lease * 4 / 5)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				l := r.live.Load()
				err := r.Store.Renew(context.WithoutCancel(jctx), j.ID, r.Lease, l.Stage, l.Done, l.Total)
				if store.ErrJobLost(err) {
					lost.Store(true)
					cancel()
					return
				}
				r.Changed(j.ID)
			}
		}
	}()
	result, err := func() (res any, err error) {
		defer func() {
			if p := recover(); p != nil {
				err = Permanent(fmt.Errorf("the job crashed: %v", p))
			}
		}()
		return h(jctx, j, progress)
	}()
	close(stop)
	<-renewed
	if lost.Load() {
		return // cancelled or taken back: someone else owns its state now
	}
	if err == nil && jctx.Err() != nil {
		err = jctx.Err()
	}
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
		err = timeout{fmt.Errorf("timed out after %s", r.Timeout)}
	}
	r.finish(ctx, j, result, err, ctx.Err() != nil)
}

type timeout struct{ error }

func (t timeout) Unwrap() error { return t.error }

// Cause names the kind of a failure, for counting failures by cause: the fault code
// of a typed error (invalid, unavailable, …), "timeout" for a job that ran out of
// time, else "internal".
func Cause(err error) string {
	var t timeout
	if errors.As(err, &t) {
		return "timeout"
	}
	return string(fault.CodeOf(err))
}

// finish records the outcome; it must land even while the runner shuts down.
func (r *Runner) finish(ctx context.Context, j *store.Job, result any, err error, shuttingDown bool) {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	var ferr error
	var perm permanent
	switch {
	case err == nil:
		ferr = r.Store.Complete(wctx, j.ID, result)
	case shuttingDown:
		// Not the job's fault: it runs again on the next start.
		ferr = r.Store.Fail(wctx, j.ID, "interrupted when the app closed", "interrupted", r.Store.Now(), result)
	case errors.As(err, &perm):
		ferr = r.Store.Fail(wctx, j.ID, err.Error(), Cause(err), time.Time{}, result)
	default:
		ferr = r.Store.Fail(wctx, j.ID, err.Error(), Cause(err), r.Store.Now().Add(r.Backoff(j.Attempt)), result)
	}
	if ferr != nil {
		if !store.ErrJobLost(ferr) {
			r.Log.Error("record job outcome", "job", j.ID, "err", ferr)
		}
		return
	}
	if r.Ended != nil && !shuttingDown {
		if ended, err := r.Store.Job(wctx, j.ID); err == nil && (ended.State == store.JobDone || ended.State == store.JobFailed) {
			r.Ended(ended)
		}
	}
}
