package espeak

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
	"unsafe"

	"readback/internal/helper"
	"readback/internal/tts"
)

// speakerIdle is how long a speaker is kept for its voice's next sentence, and
// maxIdleSpeakers how many are kept at once (a book read in a few voices).
const (
	speakerIdle     = 2 * time.Minute
	maxIdleSpeakers = 6
)

// speakers are the speaker processes of this process, the idle ones kept by voice. A
// speaker says one text at a time; sentences for the same voice asked at once go to
// speakers of their own.
type speakers struct {
	mu   sync.Mutex
	idle []*speaker // least recently used first
}

// speaker is one speaker process.
type speaker struct {
	id     string // the voice
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *os.File // closed once the speaker is killed, not when it exits: a reply may still be in the pipe
	w      *bufio.Writer
	r      *bufio.Reader
	stderr *tail
	exited chan struct{}
	once   sync.Once
	voice  string // the voice that speaks, by its ID
	expiry *time.Timer
}

// said is a text as a speaker said it.
type said struct {
	samples []int16
	events  []event
	clauses []Clause
	voice   string
}

// speak has a speaker of spec's voice say text: an idle one, else a new one. A
// speaker that died between two sentences is replaced.
func (s *speakers) speak(ctx context.Context, spec speakerSpec, text string, how mode) (*said, error) {
	for {
		sp, reused, err := s.take(ctx, spec)
		if err != nil {
			return nil, err
		}
		reply, err := sp.ask(ctx, text, how)
		if err != nil {
			sp.kill()
			if reused && ctx.Err() == nil {
				continue // it died while idle; the next is newer, or new
			}
			return nil, err
		}
		if reply.Retire {
			sp.kill()
		} else {
			s.put(sp)
		}
		if reply.Err != "" {
			return nil, errors.New(reply.Err)
		}
		return &said{samples: reply.Samples, events: reply.Events, clauses: reply.Clauses, voice: sp.voice}, nil
	}
}

// Warm loads the voice in the background, where its sentences will be said (this
// process when it is its own voice, else a speaker), so that the first of them does
// not wait for it.
func (e *Engine) Warm(voice string) {
	spec, err := e.speakerFor(voice)
	if err != nil {
		return
	}
	go e.say(context.Background(), spec, ".", sayText)
}

// take takes an idle speaker of the voice out of the list, or starts one. The list
// and each idle speaker's timer change together, under the lock.
func (s *speakers) take(ctx context.Context, spec speakerSpec) (sp *speaker, reused bool, err error) {
	s.mu.Lock()
	for i, x := range s.idle {
		if x.id == spec.ID {
			s.idle = append(s.idle[:i], s.idle[i+1:]...)
			x.expiry.Stop()
			s.mu.Unlock()
			return x, true, nil
		}
	}
	s.mu.Unlock()
	sp, err = startSpeaker(ctx, spec)
	return sp, false, err
}

func (s *speakers) put(sp *speaker) {
	s.mu.Lock()
	sp.expiry = time.AfterFunc(speakerIdle, func() {
		s.mu.Lock()
		found := false
		for i, x := range s.idle {
			if x == sp {
				s.idle = append(s.idle[:i], s.idle[i+1:]...)
				found = true
				break
			}
		}
		s.mu.Unlock()
		if found { // else taken meanwhile: it is someone's now
			sp.kill()
		}
	})
	s.idle = append(s.idle, sp)
	var evicted *speaker
	if len(s.idle) > maxIdleSpeakers {
		evicted, s.idle = s.idle[0], s.idle[1:]
		evicted.expiry.Stop()
	}
	s.mu.Unlock()
	if evicted != nil {
		evicted.kill()
	}
}

// speakerStart is how long a speaker may take to load its voice (tens of
// milliseconds here).
const speakerStart = 20 * time.Second

// startSpeaker starts a speaker and waits until its voice is loaded, or ctx is done.
func startSpeaker(ctx context.Context, spec speakerSpec) (*speaker, error) {
	exe, err := helper.Self()
	if err != nil {
		return nil, fmt.Errorf("espeak: a speaker could not be started: %w", err)
	}
	js, err := json.Marshal(spec)
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("espeak: a speaker could not be started: %w", err)
	}
	helper.GrowPipe(outW, 1<<20) // a sentence's audio in one write
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), speakerEnv+"="+string(js))
	cmd.Stdout = outW
	sp := &speaker{id: spec.ID, cmd: cmd, stderr: &tail{}, exited: make(chan struct{})}
	cmd.Stderr = sp.stderr
	if sp.stdin, err = cmd.StdinPipe(); err == nil {
		err = helper.Start(cmd)
	}
	outW.Close() // the speaker's copy is its own; EOF here means it has ended
	if err != nil {
		outR.Close()
		return nil, fmt.Errorf("espeak: a speaker could not be started: %w", err)
	}
	sp.stdout = outR
	go func() {
		cmd.Wait()
		close(sp.exited)
	}()
	sp.w, sp.r = bufio.NewWriter(sp.stdin), bufio.NewReaderSize(outR, 64<<10)
	ctx, cancel := context.WithTimeout(ctx, speakerStart)
	defer cancel()
	stop := context.AfterFunc(ctx, sp.kill)
	hello, err := readReply(sp.r)
	stop()
	if err != nil {
		switch {
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			sp.failure(err)
			return nil, fmt.Errorf("espeak: the speaker of voice %q did not load it within %v", spec.ID, speakerStart)
		case ctx.Err() != nil:
			return nil, ctx.Err()
		}
		return nil, sp.failure(err)
	}
	if hello.Err != "" {
		sp.kill()
		return nil, errors.New(hello.Err)
	}
	sp.voice = hello.Voice
	return sp, nil
}

// ask sends one request and waits for its answer, or kills the speaker when ctx is
// done first (which ends the wait).
func (sp *speaker) ask(ctx context.Context, text string, how mode) (*sayReply, error) {
	stop := context.AfterFunc(ctx, sp.kill)
	defer stop()
	reply, err := sp.exchange(text, how)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, sp.failure(err)
	}
	return reply, nil
}

func (sp *speaker) exchange(text string, how mode) (*sayReply, error) {
	if err := writeRequest(sp.w, text, how); err != nil {
		return nil, err
	}
	return readReply(sp.r)
}

func (sp *speaker) kill() {
	sp.once.Do(func() {
		sp.stdin.Close()
		if sp.cmd.Process != nil {
			sp.cmd.Process.Kill()
		}
		<-sp.exited
		sp.stdout.Close()
	})
}

// failure says why a speaker stopped answering, with what it said on its way out.
func (sp *speaker) failure(err error) error {
	sp.kill()
	state := sp.cmd.ProcessState
	why := err.Error()
	if state != nil && !state.Success() {
		why = state.String()
	}
	if last := strings.TrimSpace(sp.stderr.String()); last != "" {
		why += ": " + last
	}
	return tts.Transient(fmt.Errorf("espeak: the speaker of voice %q stopped (%s)", sp.id, why))
}

// tail keeps the last few kilobytes a speaker wrote to its standard error.
type tail struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.Write(p)
	if over := t.buf.Len() - 4096; over > 0 {
		t.buf.Next(over)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf.String()
}

// asBytes sees 16-bit samples as the bytes a speaker sends, without a copy: speaker
// and parent are the same program on the same machine, so of one byte order.
func asBytes(s []int16) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), 2*len(s))
}
