package espeak

/*
long readback_snapshot(void);
void readback_restore(void);
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
)

// home is the voice this process speaks itself, on the one thread that owns eSpeak NG
// here: the first voice asked for, loaded and put back before every sentence exactly
// as a speaker does, so that it sounds as a speaker's would. A worker converting a
// book in one voice, or the window reading one, needs no speaker for it and pays
// nothing for passing audio between processes (a tenth of a conversion's time with
// two workers). Other voices, and this one once eSpeak's leaks pass retireAfter, go
// to speakers.
type home struct {
	jobs chan homeJob
	mu   sync.Mutex
	id   string // the home voice; "" until the first request
	gone bool   // given up: every voice goes to speakers
}

type homeJob struct {
	ctx   context.Context
	spec  speakerSpec
	text  string
	how   mode
	reply chan homeReply
}

type homeReply struct {
	said *said
	err  error
}

// errNotHome says a request is for another voice than this process's own.
var errNotHome = errors.New("espeak: not this process's voice")

// startHome starts the thread that owns eSpeak NG in this process and initialises
// the library there.
func startHome(lib *library) (*home, error) {
	h := &home{jobs: make(chan homeJob)}
	ready := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: eSpeak NG stays on this thread
		if err := lib.start(); err != nil {
			ready <- err
			return
		}
		ready <- nil
		h.serve()
	}()
	return h, <-ready
}

// takes says whether a request for the voice may go to the home thread: it is the
// home voice, or none is chosen yet.
func (h *home) takes(id string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return !h.gone && (h.id == "" || h.id == id)
}

func (h *home) serve() {
	var c *collector
	var voice string
	for j := range h.jobs {
		h.mu.Lock()
		chosen, gone := h.id, h.gone
		h.mu.Unlock()
		switch {
		case gone || (chosen != "" && chosen != j.spec.ID):
			j.reply <- homeReply{err: errNotHome}
			continue
		case chosen == "":
			var err error
			c = &collector{samples: make([]int16, 0, 1<<18)}
			if voice, err = prepare(c, j.spec); err != nil {
				h.mu.Lock()
				h.gone = true // a voice this thread cannot speak: speakers say why
				h.mu.Unlock()
				j.reply <- homeReply{err: errNotHome}
				continue
			}
			h.mu.Lock()
			h.id = j.spec.ID
			h.mu.Unlock()
		}
		C.readback_restore()
		c.abort = j.ctx.Err
		err := do(c, j.text, j.how)
		c.abort = nil
		if err == nil {
			err = j.ctx.Err()
		}
		if err != nil {
			j.reply <- homeReply{err: err}
			continue
		}
		if c.leaked > retireAfter {
			h.mu.Lock()
			h.gone = true
			h.mu.Unlock()
		}
		j.reply <- homeReply{said: &said{samples: append([]int16(nil), c.samples...), events: append([]event(nil), c.events...),
			clauses: c.clauses, voice: voice}}
	}
}

// prepare loads the voice, says the first text and takes the state to come back to,
// the same way in a speaker and on the home thread. It returns the voice that
// speaks.
func prepare(c *collector, spec speakerSpec) (voice string, err error) {
	if !loadVoice(spec) {
		return "", fmt.Errorf("espeak: voice %q could not be loaded", spec.ID)
	}
	// The first synthesis sets up what every later one reuses; the state to come
	// back to is the one after it. It says no word: a word of another alphabet
	// ("a." to a Russian voice) loads a second language, which a later sentence in a
	// third would free while the state put back still points at it.
	if err := utter(c, ".", sayText); err != nil {
		return "", fmt.Errorf("espeak: voice %q does not speak: %v", spec.ID, err)
	}
	if C.readback_snapshot() < 0 {
		return "", errors.New("espeak: the state of libespeak-ng could not be found in this process")
	}
	c.leaked = 0 // what setting up allocated is the state itself
	return spokenBy(), nil
}

// say has the text said in the voice: by this process when it is its own, else by a
// speaker.
func (e *library) say(ctx context.Context, spec speakerSpec, text string, how mode) (*said, error) {
	if e.home.takes(spec.ID) && !speakersOnly {
		reply := make(chan homeReply, 1)
		select {
		case e.home.jobs <- homeJob{ctx: ctx, spec: spec, text: text, how: how, reply: reply}:
			r := <-reply
			if !errors.Is(r.err, errNotHome) {
				return r.said, r.err
			}
		default:
			// The home thread is busy (a conversion here, say): a speaker says it,
			// the same way, rather than the listener waiting.
		}
	}
	return e.speakers.speak(ctx, spec, text, how)
}

// Concurrency: the home thread and speakers say several texts at once, as many as
// the cores (worker processes take their turns within it too).
func (e *Engine) Concurrency() int { return max(runtime.NumCPU(), 2) }

// speakersOnly sends every voice to speakers (tests compare the two ways).
var speakersOnly bool
