package render

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/time/rate"

	"readback/internal/store"
	"readback/internal/tts"
)

// Priority orders the syntheses of this process that wait for an engine: what a
// listener is waiting for first, then what a writer asked to hear (an audition),
// then bulk work (a conversion or the re-rendering of edited sentences done here) —
// the job queue's ladder (store.Priority…), one for all synthesis.
type Priority int

const (
	PriorityBulk      Priority = store.PriorityBulk
	PriorityPreview   Priority = store.PriorityPreview
	PriorityListening Priority = store.PriorityListening
)

// scheduler lets each engine run at most its concurrency's worth of syntheses at
// once (tts.Concurrent, else one); the others wait, the most urgent first, then in
// the order they came.
type scheduler struct {
	mu       sync.Mutex
	running  map[string]int
	waiting  []*waiter
	seq      int
	limiters map[string]*rate.Limiter // the rate-limited engines' buckets
}

type waiter struct {
	engine  string
	prio    Priority
	seq     int
	limit   int
	granted chan struct{}
}

// limit is how many syntheses the engine may run at once.
func limit(e tts.Engine) int {
	if c, ok := e.(tts.Concurrent); ok {
		return max(c.Concurrency(), 1)
	}
	return 1
}

// tryAcquire takes a turn on the engine only if one is free and nobody waits for it.
func (s *scheduler) tryAcquire(e tts.Engine) (release func(), ok bool) {
	name := e.Name()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running == nil {
		s.running = map[string]int{}
	}
	if s.running[name] < limit(e) && !s.queued(name) {
		s.running[name]++
		return func() { s.release(name) }, true
	}
	return nil, false
}

// acquire waits for a turn on the engine, and for its rate limit (tts.RateLimited)
// to allow one more request; release ends the turn. A request the rate would start
// only after ctx's deadline fails at once.
func (s *scheduler) acquire(ctx context.Context, e tts.Engine, prio Priority) (release func(), err error) {
	release, err = s.turn(ctx, e, prio)
	if err != nil {
		return nil, err
	}
	if err := s.token(ctx, e); err != nil {
		release()
		return nil, err
	}
	return release, nil
}

// token waits until the engine's rate limit allows one more request (at once for
// an engine without one).
func (s *scheduler) token(ctx context.Context, e tts.Engine) error {
	l := s.limiter(e)
	if l == nil {
		return nil
	}
	if err := l.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%s allows %g requests a second: %w", e.Name(), float64(l.Limit()), context.DeadlineExceeded)
	}
	return nil
}

// limiter is the engine's token bucket, or nil when it has no rate limit.
func (s *scheduler) limiter(e tts.Engine) *rate.Limiter {
	rl, ok := e.(tts.RateLimited)
	if !ok {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limiters == nil {
		s.limiters = map[string]*rate.Limiter{}
	}
	perSecond, burst := rl.RateLimit()
	l, ok := s.limiters[e.Name()]
	if !ok {
		l = rate.NewLimiter(rate.Limit(perSecond), max(burst, 1))
		s.limiters[e.Name()] = l
	} else if l.Limit() != rate.Limit(perSecond) || l.Burst() != max(burst, 1) { // the writer changed the quota
		l.SetLimit(rate.Limit(perSecond))
		l.SetBurst(max(burst, 1))
	}
	return l
}

// turn waits for a turn on the engine within its concurrency.
func (s *scheduler) turn(ctx context.Context, e tts.Engine, prio Priority) (release func(), err error) {
	if release, ok := s.tryAcquire(e); ok {
		return release, nil
	}
	name, limit := e.Name(), limit(e)
	release = func() { s.release(name) }
	s.mu.Lock()
	if s.running[name] < limit && !s.queued(name) { // freed meanwhile
		s.running[name]++
		s.mu.Unlock()
		return release, nil
	}
	s.seq++
	w := &waiter{engine: name, prio: prio, seq: s.seq, limit: limit, granted: make(chan struct{})}
	s.waiting = append(s.waiting, w)
	s.mu.Unlock()
	select {
	case <-w.granted:
		return release, nil
	case <-ctx.Done():
		s.mu.Lock()
		for i, x := range s.waiting {
			if x == w {
				s.waiting = append(s.waiting[:i], s.waiting[i+1:]...)
				s.mu.Unlock()
				return nil, ctx.Err()
			}
		}
		s.mu.Unlock()
		release() // granted meanwhile: hand the turn on
		return nil, ctx.Err()
	}
}

// urgent says whether a synthesis more urgent than prio waits for the engine.
func (s *scheduler) urgent(e tts.Engine, prio Priority) bool {
	name := e.Name()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, w := range s.waiting {
		if w.engine == name && w.prio > prio {
			return true
		}
	}
	return false
}

func (s *scheduler) queued(engine string) bool {
	for _, w := range s.waiting {
		if w.engine == engine {
			return true
		}
	}
	return false
}

func (s *scheduler) release(engine string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.running[engine]--
	best := -1
	for i, w := range s.waiting {
		if w.engine != engine {
			continue
		}
		if best < 0 || w.prio > s.waiting[best].prio || (w.prio == s.waiting[best].prio && w.seq < s.waiting[best].seq) {
			best = i
		}
	}
	if best < 0 || s.running[engine] >= s.waiting[best].limit {
		return
	}
	w := s.waiting[best]
	s.waiting = append(s.waiting[:best], s.waiting[best+1:]...)
	s.running[engine]++
	close(w.granted)
}
