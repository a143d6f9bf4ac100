// Package retry tries again what failed for a passing reason (ErrTransient), after a
// random wait that grows with each attempt: the shared library's requests, a
// synthesis whose helper process was lost.
package retry

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// Backoff retries transient failures, waiting a random time up to
// min(Max, Base·2^attempt) before each new attempt (full jitter: many laptops
// coming back online at once do not retry in step).
type Backoff struct {
	Attempts int
	Base     time.Duration
	Max      time.Duration
	// Sleep waits d or until ctx ends (tests replace it).
	Sleep func(ctx context.Context, d time.Duration) error
}

// Wait returns the random wait before attempt (counted from 1 for the first retry).
func (b Backoff) Wait(attempt int) time.Duration {
	d := b.Base << min(attempt, 30)
	if d <= 0 || d > b.Max {
		d = b.Max
	}
	return time.Duration(rand.Int64N(int64(d) + 1))
}

// Sleep waits d, or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Do runs fn until it succeeds, fails for good, or the attempts run out.
func (b Backoff) Do(ctx context.Context, fn func() error) error {
	attempts := max(b.Attempts, 1)
	sl := b.Sleep
	if sl == nil {
		sl = Sleep
	}
	var err error
	for i := range attempts {
		if i > 0 {
			if serr := sl(ctx, b.Wait(i)); serr != nil {
				return err
			}
		}
		err = fn()
		var f *final
		if errors.As(err, &f) {
			return f.err
		}
		if err == nil || !Retryable(err) || ctx.Err() != nil {
			return err
		}
	}
	return err
}

// final marks an error that the surrounding Do must not retry: it was retried
// already, one layer down (a Retrying remote's own request).
type final struct{ err error }

func (f *final) Error() string { return f.err.Error() }
func (f *final) Unwrap() error { return f.err }

// Final wraps err so that Backoff.Do returns it at once.
func Final(err error) error {
	if err == nil {
		return nil
	}
	return &final{err}
}

// ErrTransient marks a failure worth trying again (errors.Is): a 5xx, throttling, a
// broken connection, a helper process lost.
var ErrTransient = errors.New("temporary failure")

// Retryable tells a failure that may pass from one that will not.
func Retryable(err error) bool { return errors.Is(err, ErrTransient) }

// FinalCause is the error Final wrapped, when err is one.
func FinalCause(err error) (error, bool) {
	var f *final
	if errors.As(err, &f) {
		return f.err, true
	}
	return nil, false
}
