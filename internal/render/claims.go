package render

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"readback/internal/audio"
)

// Two conversions of one document at once (two processes, or the window and the
// command line) share their work: each claims the sentences it will synthesise,
// and waits for the renditions of those another has claimed. A claim lasts
// claimLease unless renewed; its owner renews it while it works, so the claims of
// a process that was killed lapse, and are taken over.

const (
	claimLease = time.Minute
	claimPoll  = 250 * time.Millisecond
)

// renderClaimed makes every missing rendition of items: it claims what no one else
// is making, has render synthesise that, then waits for the rest, taking over any
// whose claim lapses.
func (r *Renderer) renderClaimed(ctx context.Context, items []Item, progress Progress, render func(todo []Item, sum *Summary) (*Summary, error)) (*Summary, error) {
	todo, sum, err := r.missing(ctx, items)
	if err != nil {
		return nil, err
	}
	owner := claimOwner()
	// Whatever happens (an error, a panic the job runner recovers), this
	// conversion's claims do not outlive it.
	defer r.st.ReleaseClaims(context.WithoutCancel(ctx), owner)
	for len(todo) > 0 {
		r.releaseDead(ctx)
		mine, waiting, err := r.claim(ctx, owner, todo)
		if err != nil {
			return nil, err
		}
		if len(mine) > 0 {
			if sum, err = r.renderHolding(ctx, owner, mine, sum, render); err != nil {
				return sum, err
			}
		}
		if todo, err = r.await(ctx, owner, waiting, sum, progress, len(items)); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// releaseDead gives up the claims of processes of this machine that are gone (a
// conversion killed and run again does not wait out their leases).
func (r *Renderer) releaseDead(ctx context.Context) {
	owners, err := r.st.ClaimOwners(ctx)
	if err != nil {
		return
	}
	for _, o := range owners {
		parts := strings.SplitN(o, "-", 3)
		if len(parts) != 3 {
			continue
		}
		pid, err1 := strconv.Atoi(parts[0])
		start, err2 := strconv.ParseInt(parts[1], 10, 64)
		if err1 != nil || err2 != nil || pid <= 0 {
			continue
		}
		// Gone: no such process, or another one that has its pid now.
		if !audio.ProcessAlive(pid) || start != 0 && processStart(pid) != start {
			r.st.ReleaseClaims(ctx, o)
		}
	}
}

// renderHolding has render make mine while owner's claims are renewed.
func (r *Renderer) renderHolding(ctx context.Context, owner string, mine []Item, sum *Summary, render func([]Item, *Summary) (*Summary, error)) (*Summary, error) {
	stop := r.holdClaims(ctx, owner)
	defer stop()
	return render(mine, sum)
}

// claimOwner names the claims of one conversion in this process.
func claimOwner() string {
	b := make([]byte, 6)
	rand.Read(b)
	return fmt.Sprintf("%d-%d-%s", os.Getpid(), processStart(os.Getpid()), hex.EncodeToString(b))
}

// processStart is when process pid started (in clock ticks since boot, from
// /proc), or 0: with its pid it names a process, where a pid alone may be reused
// (in a container, every first process is 1).
func processStart(pid int) int64 {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	i := strings.LastIndexByte(string(stat), ')')
	if i < 0 {
		return 0
	}
	fields := strings.Fields(string(stat[i+1:]))
	if len(fields) < 20 {
		return 0
	}
	n, _ := strconv.ParseInt(fields[19], 10, 64) // starttime, field 22 of stat
	return n
}

// claim splits todo into what owner now holds and what another is making.
func (r *Renderer) claim(ctx context.Context, owner string, todo []Item) (mine, waiting []Item, err error) {
	keys := Keys(todo)
	held, err := r.st.ClaimRenditions(ctx, owner, keys, claimLease)
	if err != nil {
		return nil, nil, err
	}
	ours := make(map[string]bool, len(held))
	for _, k := range held {
		ours[k] = true
	}
	for _, it := range todo {
		if ours[it.Key] {
			mine = append(mine, it)
		} else {
			waiting = append(waiting, it)
		}
	}
	return mine, waiting, nil
}

// holdClaims renews owner's claims while it works; the returned stop releases them.
func (r *Renderer) holdClaims(ctx context.Context, owner string) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(claimLease / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				r.st.RenewClaims(ctx, owner, claimLease) // a failed renewal only risks the work being shared
			}
		}
	}()
	return func() {
		cancel()
		<-done
		r.st.ReleaseClaims(context.WithoutCancel(ctx), owner)
	}
}

// await waits for the renditions of waiting, made by the conversions that claimed
// them, counting each as reused when it comes; it returns the ones whose claim
// lapsed or was given up (their owner died or failed), for this pass to make.
func (r *Renderer) await(ctx context.Context, owner string, waiting []Item, sum *Summary, progress Progress, total int) ([]Item, error) {
	for len(waiting) > 0 {
		keys := make([]string, len(waiting))
		for i, it := range waiting {
			keys[i] = it.Key
		}
		have, err := r.Existing(ctx, keys)
		if err != nil {
			return nil, err
		}
		var rest []Item
		for _, it := range waiting {
			if rec := have[it.Key]; rec != nil {
				sum.Have[it.Key] = rec
				sum.Reused++
				if progress != nil {
					progress(sum.accounted(), total)
				}
				continue
			}
			rest = append(rest, it)
		}
		waiting = rest
		if len(waiting) == 0 {
			return nil, nil
		}
		r.releaseDead(ctx)
		// A lapsed claim, or one released without its rendition, is owner's now;
		// the next pass claims them again (its own) and makes them.
		mine, others, err := r.claim(ctx, owner, waiting)
		if err != nil {
			return nil, err
		}
		if len(mine) > 0 {
			return append(mine, others...), nil
		}
		waiting = others
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(claimPoll):
		}
	}
	return nil, nil
}
