package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readback/app"
	"readback/internal/audiobook"
	"readback/internal/fault"
	"readback/internal/jobs"
	"readback/internal/render"
	"readback/internal/store"
)

func TestQueueConvertsAndReports(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "# The Keeper\n\nShe climbed. The lamp was cold.\n")
	dir, st, doc, engines, r, log := f.dir, f.st, f.doc, f.engines, f.r, f.log
	runner := &jobs.Runner{Store: st, Log: log, Handlers: map[string]jobs.Handler{"convert": audiobook.ConvertJob(audiobook.New(r), func() *render.Pool { return nil }, nil)}}
	q := app.NewQueue(app.NewSession(), st, runner, engines, nil, nil, log, 0)

	if _, err := q.Convert(doc.ID, app.ConvertSettings{Format: "wav", Output: "relative.wav"}); fault.CodeOf(err) != fault.Invalid {
		t.Errorf("relative output accepted: %v", err)
	}
	if _, err := q.Convert(doc.ID, app.ConvertSettings{Voice: "nosuch:voice", Output: filepath.Join(dir, "a.wav")}); fault.CodeOf(err) != fault.Invalid {
		t.Errorf("unknown engine accepted: %v", err)
	}
	out := filepath.Join(dir, "keeper.m4b")
	id, err := q.Convert(doc.ID, app.ConvertSettings{Voice: "espeak:en-gb-x-rp", Rate: 1.2, Format: "m4b", Output: out, Subtitles: true})
	if err != nil {
		t.Fatal(err)
	}
	if ran, err := runner.RunOnce(ctx); !ran || err != nil {
		t.Fatalf("ran=%v err=%v", ran, err)
	}
	v, err := q.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Jobs) != 1 || v.Jobs[0].ID != id || v.Jobs[0].State != store.JobDone || v.Jobs[0].Title != "The Keeper" ||
		v.Jobs[0].Result == nil || v.Jobs[0].Result.Synthesized != 3 || v.Jobs[0].Done != 3 {
		t.Fatalf("queue = %+v", v.Jobs)
	}
	for _, f := range []string{out, strings.TrimSuffix(out, ".m4b") + ".srt"} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}

	// A cancelled conversion can be retried, but not twice in a row right away.
	id2, _ := q.Convert(doc.ID, app.ConvertSettings{Format: "wav", Output: filepath.Join(dir, "b.wav")})
	state := func(id int64) (string, int) {
		t.Helper()
		j, err := st.Job(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return j.State, j.Attempt
	}
	if err := q.Cancel(id2); err != nil {
		t.Fatal(err)
	}
	if s, _ := state(id2); s != store.JobCancelled {
		t.Fatalf("after Cancel the job is %s", s)
	}
	if ran, _ := runner.RunOnce(ctx); ran {
		t.Fatal("a cancelled job was run")
	}
	if err := q.Retry(id2); err != nil {
		t.Fatal(err)
	}
	if s, a := state(id2); s != store.JobAvailable || a != 0 {
		t.Fatalf("after Retry the job is %s (attempt %d), want waiting afresh", s, a)
	}
	if err := q.Cancel(id2); err != nil {
		t.Fatal(err)
	}
	if err := q.Retry(id2); fault.CodeOf(err) != fault.Conflict || !strings.Contains(err.Error(), "retried moments ago") {
		t.Errorf("second retry: %v", err)
	}
	if s, _ := state(id2); s != store.JobCancelled {
		t.Errorf("a refused retry changed the job: %s", s)
	}
	// Cancelling what has finished is refused, and changes nothing.
	if err := q.Cancel(id); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("cancelling a finished conversion: %v", err)
	}
	if s, _ := state(id); s != store.JobDone {
		t.Errorf("the finished conversion is now %s", s)
	}
	if err := q.Pause(); err != nil {
		t.Fatal(err)
	}
	if v, _ := q.List(); !v.Paused {
		t.Error("not paused")
	}

	// Open and Show in folder hand the finished file to the desktop's opener.
	bin := t.TempDir()
	opened := filepath.Join(t.TempDir(), "opened")
	os.WriteFile(filepath.Join(bin, "xdg-open"), []byte("#!/bin/sh\necho \"$1\" >> "+opened+"\n"), 0o755)
	t.Setenv("PATH", bin)
	if err := q.Open(id); err != nil {
		t.Fatal(err)
	}
	if err := q.ShowInFolder(id); err != nil {
		t.Fatal(err)
	}
	if err := q.Open(id2); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("opening an unfinished conversion: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		b, _ := os.ReadFile(opened)
		lines := strings.Fields(string(b)) // the two openers run side by side: any order
		if len(lines) == 2 && (lines[0] == out && lines[1] == dir || lines[0] == dir && lines[1] == out) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the opener was given %q", b)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Setenv("PATH", t.TempDir()) // no opener at all
	if err := q.Open(id); fault.CodeOf(err) != fault.Unavailable || !strings.Contains(err.Error(), out) {
		t.Errorf("without an opener: %v", err)
	}
}

// The Convert dialog proposes a destination: the music folder's Audiobooks, named
// after the title, then the folder this document was last converted into.
func TestProposedOutput(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_MUSIC_DIR", "")
	t.Setenv("XDG_CONFIG_HOME", "")
	os.MkdirAll(filepath.Join(home, ".config"), 0o755)
	os.WriteFile(filepath.Join(home, ".config", "user-dirs.dirs"), []byte("XDG_MUSIC_DIR=\"$HOME/Musik\"\n"), 0o644)
	f := newFixture(t, "# The Keeper: a Tale/Told\n\nShe climbed.\n")
	dir, st, doc, engines, log := f.dir, f.st, f.doc, f.engines, f.log
	runner := &jobs.Runner{Store: st, Log: log}
	q := app.NewQueue(app.NewSession(), st, runner, engines, nil, nil, log, 0)
	got, err := q.ProposeOutput(doc.ID, "m4b")
	if want := filepath.Join(home, "Musik", "Audiobooks", "The Keeper a Tale Told.m4b"); err != nil || got != want {
		t.Errorf("proposed %q (%v), want %q", got, err, want)
	}
	// A folder chosen in Settings comes before the music folder.
	prefs := store.DefaultPreferences()
	prefs.Folder = filepath.Join(home, "Hörbücher")
	if err := st.SetPreferences(context.Background(), prefs); err != nil {
		t.Fatal(err)
	}
	if got, _ := q.ProposeOutput(doc.ID, "m4b"); got != filepath.Join(home, "Hörbücher", "The Keeper a Tale Told.m4b") {
		t.Errorf("with a folder in Settings, proposed %q", got)
	}
	out := filepath.Join(dir, "books", "keeper.m4b")
	if _, err := q.Convert(doc.ID, app.ConvertSettings{Format: "m4b", Output: out}); err != nil {
		t.Fatal(err)
	}
	if got, _ := q.ProposeOutput(doc.ID, "mp3"); got != filepath.Join(dir, "books", "The Keeper a Tale Told.mp3") {
		t.Errorf("after a conversion, proposed %q", got)
	}
}
