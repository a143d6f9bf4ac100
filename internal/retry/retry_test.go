package retry_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"readback/internal/retry"
)

// Each wait is drawn from the whole of [0, min(Max, Base·2^attempt)] (full
// jitter): within the bound, spread over it, and different from one laptop to the
// next, so that many retrying at once do not retry in step.
func TestWaitsAreFullJitter(t *testing.T) {
	b := retry.Backoff{Base: 100 * time.Millisecond, Max: time.Second}
	for attempt, bound := range map[int]time.Duration{1: 200 * time.Millisecond, 2: 400 * time.Millisecond, 3: 800 * time.Millisecond, 4: time.Second, 40: time.Second} {
		const n = 2000
		var below, above int
		seen := map[time.Duration]bool{}
		for range n {
			d := b.Wait(attempt)
			if d < 0 || d > bound {
				t.Fatalf("attempt %d waited %v; the bound is %v", attempt, d, bound)
			}
			seen[d] = true
			if d < bound/4 {
				below++
			}
			if d > bound*3/4 {
				above++
			}
		}
		// A quarter of the draws fall in each of the outer quarters; 300 of 2,000
		// is more than six deviations below that.
		if below < 300 || above < 300 || len(seen) < n/2 {
			t.Errorf("attempt %d: %d draws under a quarter of %v, %d over three quarters, %d distinct: not spread over the whole range", attempt, below, bound, above, len(seen))
		}
	}
}

// Do tries a passing failure again after each wait, gives up on a lasting one at
// once, and stops at the attempts or when the context ends.
func TestDoRetriesWhatPasses(t *testing.T) {
	var waits []time.Duration
	b := retry.Backoff{Attempts: 3, Base: time.Millisecond, Max: 4 * time.Millisecond,
		Sleep: func(ctx context.Context, d time.Duration) error { waits = append(waits, d); return ctx.Err() }}
	passing := fmt.Errorf("busy: %w", retry.ErrTransient)
	calls := 0
	err := b.Do(context.Background(), func() error { calls++; return passing })
	if !errors.Is(err, passing) || calls != 3 || len(waits) != 2 {
		t.Errorf("a failure that passes: %v after %d calls, %d waits", err, calls, len(waits))
	}
	calls = 0
	lasting := errors.New("bad credentials")
	if err := b.Do(context.Background(), func() error { calls++; return lasting }); err != lasting || calls != 1 {
		t.Errorf("a lasting failure: %v after %d calls", err, calls)
	}
	calls = 0
	if err := b.Do(context.Background(), func() error { calls++; return retry.Final(passing) }); !errors.Is(err, passing) || calls != 1 {
		t.Errorf("a failure retried below already: %v after %d calls", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	calls = 0
	err = b.Do(ctx, func() error { calls++; cancel(); return passing })
	if calls != 1 || !errors.Is(err, passing) {
		t.Errorf("cancelled: %v after %d calls", err, calls)
	}
}
