package jobs

import (
	"sync"
	"time"
)

// Estimator estimates the time left of running jobs from the throughput measured
// since it first saw each one progress.
type Estimator struct {
	mu    sync.Mutex
	first map[int64]mark
	Now   func() time.Time
}

type mark struct {
	at    time.Time
	stage string
	done  int
}

// Left returns the seconds job id has left at done of total of its stage, or -1
// while unknown. A new stage is measured afresh.
func (e *Estimator) Left(id int64, stage string, done, total int) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := time.Now()
	if e.Now != nil {
		now = e.Now()
	}
	if e.first == nil {
		e.first = map[int64]mark{}
	}
	first, ok := e.first[id]
	if !ok || done < first.done || stage != first.stage {
		e.first[id] = mark{at: now, stage: stage, done: done}
		return -1
	}
	made, elapsed := done-first.done, now.Sub(first.at)
	if made <= 0 || elapsed < 500*time.Millisecond || total <= done {
		return -1
	}
	return int(elapsed.Seconds() / float64(made) * float64(total-done))
}

// Forget drops what was measured of job id: a job removed from the queue, whose id
// SQLite may give the next one, or a job started over.
func (e *Estimator) Forget(id int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.first, id)
}
