package app

import (
	"context"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Session holds the window's context, which the runtime's calls (dialogs, events)
// need. It is not bound to the frontend.
type Session struct {
	mu      sync.RWMutex
	ctx     context.Context
	started bool

	OnEmit func(name string, data any)
}

// NewSession returns a session with a background context until Start.
func NewSession() *Session { return &Session{ctx: context.Background()} }

// Start records the window's context; main calls it from OnStartup.
func (s *Session) Start(ctx context.Context) {
	s.mu.Lock()
	s.ctx, s.started = ctx, true
	s.mu.Unlock()
}

// Context returns the window's context.
func (s *Session) Context() context.Context {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.ctx
}

// Emit sends an event to the window once it is there; OnEmit, when set (tests),
// sees every event instead.
func (s *Session) Emit(name string, data any) {
	s.mu.RLock()
	hook, ctx, started := s.OnEmit, s.ctx, s.started
	s.mu.RUnlock()
	if hook != nil {
		hook(name, data)
		return
	}
	if started {
		runtime.EventsEmit(ctx, name, data)
	}
}

// Emitter sends "queue:changed" to the window at most ten times a second.
type Emitter struct {
	session *Session
	mu      sync.Mutex
	last    time.Time
	pending bool
}

// NewEmitter returns an emitter for the window of s.
func NewEmitter(s *Session) *Emitter { return &Emitter{session: s} }

// Changed notes a change; the event follows within 100 ms.
func (e *Emitter) Changed(int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.pending {
		return
	}
	wait := 100*time.Millisecond - time.Since(e.last)
	e.pending = true
	time.AfterFunc(max(wait, 0), func() {
		e.mu.Lock()
		e.pending, e.last = false, time.Now()
		e.mu.Unlock()
		e.session.Emit("queue:changed", nil)
	})
}
