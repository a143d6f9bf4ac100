package audiobook_test

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readback/internal/audiobook"
	"readback/internal/catalog"
	"readback/internal/jobs"
	"readback/internal/narration"
	"readback/internal/render"
	"readback/internal/store"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"readback/internal/tts/ttstest"
)

// crashLease is short, so that a lease left by a killed process runs out in a
// moment; everything else about the runner is as the app has it.
const crashLease = 600 * time.Millisecond

// crashChild is the app's queue in a process of its own, slowed so that a kill lands
// mid-conversion: it runs until it is killed.
func crashChild(dir string) int {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "library.db"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	e, err := espeak.New()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	reg := tts.NewRegistry()
	reg.Register(&ttstest.Slow{Engine: e, Delay: 40 * time.Millisecond})
	r := render.New(st, reg, filepath.Join(dir, "renditions"))
	runner := &jobs.Runner{Store: st, Lease: crashLease, Poll: 20 * time.Millisecond,
		Handlers: map[string]jobs.Handler{"convert": audiobook.ConvertJob(audiobook.New(r), func() *render.Pool { return nil }, nil)}}
	runner.Run(ctx)
	return 0
}

// A conversion running when its process is killed is taken up by the next start's
// runner and completed, reusing the sentences the dead process finished: the engine
// is asked only for the rest.
func TestCrashedConversionIsTakenUpAtNextStart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var text strings.Builder
	text.WriteString("# The Long Night\n\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&text, "The keeper counted step %d of the stair. ", i)
	}
	doc, err := catalog.New(st).ImportBytes(ctx, "night.md", []byte(text.String()), narration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "night.wav")
	req := audiobook.ConvertRequest{DocumentID: doc.ID, Voice: voice, Format: "wav", Output: out}
	id, err := st.Enqueue(ctx, store.NewJob{Kind: "convert", DocumentID: doc.ID, Payload: req, Priority: store.PriorityBulk, MaxAttempts: 3})
	if err != nil {
		t.Fatal(err)
	}

	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), "READBACK_TEST_CRASH_CHILD="+dir)
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	// Another process is being watched: the store is polled until the job is
	// under way (its progress reaches the store at each lease renewal).
	var j *store.Job
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if j, err = st.Job(ctx, id); err != nil {
			t.Fatal(err)
		}
		if j.State == store.JobRunning && j.ProgressDone >= 5 {
			break
		}
		if time.Now().After(deadline) {
			child.Process.Kill()
			t.Fatalf("the first process never got going: %+v", j)
		}
	}
	child.Process.Kill()
	child.Wait()
	if j, _ = st.Job(ctx, id); j.State != store.JobRunning || j.ProgressDone >= j.ProgressTotal {
		t.Fatalf("the kill did not land mid-conversion: %+v", j)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("a half-made book was left at its name: %v", err)
	}

	// The next start: the app's runner over the same library.
	reg, eng := engines(t)
	r := render.New(st, reg, filepath.Join(dir, "renditions"))
	book, err := r.Book(ctx, doc.ID, voice)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, it := range book.Items {
		keys[it.Key] = true
	}
	var list []string
	for k := range keys {
		list = append(list, k)
	}
	have, err := st.Renditions(ctx, list)
	if err != nil {
		t.Fatal(err)
	}
	if len(have) == 0 || len(have) == len(keys) {
		t.Fatalf("the dead process left %d of %d sentences: the kill was not mid-way", len(have), len(keys))
	}
	ended := make(chan *store.Job, 1)
	runner := &jobs.Runner{Store: st, Lease: crashLease, Poll: 20 * time.Millisecond,
		Handlers: map[string]jobs.Handler{"convert": audiobook.ConvertJob(audiobook.New(r), func() *render.Pool { return nil }, nil)},
		Ended:    func(j *store.Job) { ended <- j }}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { runner.Run(rctx); close(done) }()
	defer func() { cancel(); <-done }()
	// A job someone works on has a lease in the future; one whose lease ran out
	// long ago was never taken up.
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	giveUp := time.After(90 * time.Second)
wait:
	for {
		select {
		case j = <-ended:
			break wait
		case <-tick.C:
			if j, _ = st.Job(ctx, id); j.State == store.JobRunning && j.LeaseUntil != nil && time.Since(*j.LeaseUntil) > 5*crashLease {
				t.Fatalf("the job the killed process left was never taken up: its lease ran out %v ago (state %s, attempt %d)",
					time.Since(*j.LeaseUntil).Round(time.Millisecond), j.State, j.Attempt)
			}
		case <-giveUp:
			t.Fatalf("the job was taken up but never finished: state %s, %d of %d", j.State, j.ProgressDone, j.ProgressTotal)
		}
	}
	if j.ID != id || j.State != store.JobDone || j.Attempt != 2 {
		t.Fatalf("after the next start: job %d %s, attempt %d, error %q", j.ID, j.State, j.Attempt, j.LastError)
	}
	// A kill between writing a sentence's audio and recording it leaves the audio in
	// its pack: the next start records it (Recovered) instead of saying it again.
	var res audiobook.ConvertResult
	if err := json.Unmarshal(j.Result, &res); err != nil {
		t.Fatalf("the job's result %s: %v", j.Result, err)
	}
	if missing := len(keys) - len(have); eng.Calls()+res.Recovered != missing || res.Recovered > 1 {
		t.Errorf("the next start made %d sentences and recovered %d; %d were missing", eng.Calls(), res.Recovered, missing)
	}
	// The book is whole: a WAV holding every sentence.
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 44 || string(data[:4]) != "RIFF" || string(data[8:12]) != "WAVE" {
		t.Fatalf("%s is not a WAV file", out)
	}
	seconds := float64(binary.LittleEndian.Uint32(data[40:44])) / 2 / 22050
	if want := expectedSeconds(t, &fixture{st: st}, book.Items, render.DefaultPauses); seconds < want-0.1 || seconds > want+0.1 {
		t.Errorf("the book lasts %.2f s, its sentences and pauses %.2f s", seconds, want)
	}
}
