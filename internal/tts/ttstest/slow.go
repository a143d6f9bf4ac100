package ttstest

import (
	"context"
	"slices"
	"sync"
	"time"

	"readback/internal/tts"
)

// Slow says each text after a delay, noting the order the texts start in. It says
// nothing of its concurrency, so a renderer gives it one text at a time: the
// order of its turns is the scheduler's.
type Slow struct {
	tts.Engine
	Delay time.Duration

	mu      sync.Mutex
	started []string
}

// Synthesize notes the text, waits, then asks the engine underneath.
func (s *Slow) Synthesize(ctx context.Context, req tts.Request) (*tts.Audio, error) {
	s.mu.Lock()
	s.started = append(s.started, req.Text)
	s.mu.Unlock()
	time.Sleep(s.Delay)
	return s.Engine.Synthesize(ctx, req)
}

// Calls is how many texts have started.
func (s *Slow) Calls() int { return len(s.Texts()) }

// Texts are the texts started so far, in order.
func (s *Slow) Texts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.started)
}
