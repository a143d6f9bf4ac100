package library_test

import (
	"context"
	"database/sql"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readback/internal/audiobook"
	"readback/internal/catalog"
	"readback/internal/fault"
	"readback/internal/library"
	"readback/internal/library/librarytest"
	"readback/internal/narration"
	"readback/internal/render"
	"readback/internal/store"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"readback/internal/tts/polly"
	"readback/internal/tts/polly/pollytest"
)

type scaleOut struct {
	st    *store.Store
	lib   *library.Library
	r     *render.Renderer
	fake  *pollytest.Server
	tasks *polly.Tasks
	doc   int64
	out   string
	db    string
}

func newScaleOut(t *testing.T) *scaleOut {
	t.Helper()
	ctx := context.Background()
	v := librarytest.StartVersity(t)
	fake, pollyURL := v.Polly(t)
	cfg := polly.Config{Endpoint: pollyURL, Voice: "Joanna"}
	tasks, err := polly.NewTasks(ctx, cfg, v.Credentials())
	if err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(t.TempDir(), "library.db")
	st, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	set := library.Settings{S3: library.S3Config{Endpoint: v.Endpoint, Bucket: v.Bucket, Prefix: "team", PathStyle: true}, Polly: &cfg}
	if err := set.Validate(); err != nil {
		t.Fatal(err)
	}
	s3r, err := library.NewS3(ctx, set.S3, library.S3Options{Credentials: v.Credentials()})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	lib := library.New(s3r, st, dir, set, nil)
	reg := tts.NewRegistry()
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	reg.Register(e)
	t.Cleanup(func() { reg.Close() })
	r := render.New(st, reg, filepath.Join(dir, "renditions"))
	t.Cleanup(func() { r.Close() })
	book := "# The Keeper\n\nThe keeper lit the lamp. The sea was calm & grey.\n\nHe waited.\n\n# Morning\n\nThe gulls cried over the rocks.\n"
	res, err := catalog.New(st).ImportBytes(ctx, "keeper.md", []byte(book), narration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return &scaleOut{st: st, lib: lib, r: r, fake: fake, tasks: tasks, doc: res.ID, out: filepath.Join(t.TempDir(), "keeper.wav"), db: dbPath}
}

func (s *scaleOut) convert(ctx context.Context, maxChars int) (*library.RemoteResult, error) {
	q := audiobook.ConvertRequest{DocumentID: s.doc, Output: s.out, Format: "wav"}
	return s.lib.ConvertRemote(ctx, s.r, q, library.RemoteOptions{Tasks: s.tasks, MaxCharacters: maxChars,
		Poll: library.Backoff{Base: 5 * time.Millisecond, Max: 20 * time.Millisecond}})
}

func wavSamples(t *testing.T, path string) int64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(b[:4]) != "RIFF" || binary.LittleEndian.Uint32(b[24:]) != polly.SampleRate {
		t.Fatalf("%s is not a 16 kHz WAV", path)
	}
	return int64(len(b)-44) / 2
}

func TestScaleOutThroughPolly(t *testing.T) {
	ctx := context.Background()
	s := newScaleOut(t)
	res, err := s.convert(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Parts != 2 || res.Started != 2 || len(res.Chapters) != 2 || res.Chapters[1].Title != "Morning" {
		t.Fatalf("result %+v", res)
	}
	// The book is the parts Polly wrote, in order, with the chapter pause between.
	// (Each chapter's heading is read first.)
	first := "The Keeper. The keeper lit the lamp. The sea was calm & grey. He waited."
	second := "Morning. The gulls cried over the rocks."
	want := int64(len(pollytest.PCM(first))+len(pollytest.PCM(second)))/2 + int64(render.DefaultPauses.Chapter)*polly.SampleRate/1000
	if got := wavSamples(t, s.out); got != want {
		t.Errorf("the book has %d samples, want %d", got, want)
	}
	if res.Chapters[1].StartMs != int64(len(pollytest.PCM(first)))/2*1000/polly.SampleRate+int64(render.DefaultPauses.Chapter) {
		t.Errorf("the second chapter starts at %d ms", res.Chapters[1].StartMs)
	}
	// Run again: the tasks are Polly's already; nothing is paid twice.
	again, err := s.convert(ctx, 0)
	if err != nil || again.Started != 0 || s.fake.Started.Load() != 2 {
		t.Errorf("a second run: %+v, %v; Polly started %d tasks in all", again, err, s.fake.Started.Load())
	}
	if left, _ := os.ReadDir(filepath.Join(s.lib.DataDir, "remote")); len(left) != 0 {
		t.Errorf("parts left in the data directory: %v", left)
	}
	// Polly accepted the tasks but the records were lost (a crash between the two):
	// their outputs in the bucket are found and adopted.
	db, err := sql.Open("sqlite", s.db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM remote_tasks`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	adopted, err := s.convert(ctx, 0)
	if err != nil || adopted.Started != 0 || s.fake.Started.Load() != 2 {
		t.Errorf("with the records lost: %+v, %v; Polly started %d tasks in all, want 2", adopted, err, s.fake.Started.Load())
	}
}

func TestScaleOutResumesWithoutPayingTwice(t *testing.T) {
	s := newScaleOut(t)
	// Stopped while polling (a quit, a crash): the tasks are recorded.
	ctx, cancel := context.WithCancel(context.Background())
	s.fake.Polls = 1000
	go func() {
		for s.fake.Started.Load() < 2 {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(30 * time.Millisecond)
		cancel()
	}()
	if _, err := s.convert(ctx, 0); err == nil {
		t.Fatal("the conversion finished although it was stopped")
	}
	if _, err := os.Stat(s.out); !os.IsNotExist(err) {
		t.Errorf("an output exists after the stop: %v", err)
	}
	billed := func() []store.CloudUse {
		now := time.Now()
		use, err := s.st.CloudUsage(context.Background(), store.Span{From: now.Add(-time.Hour).UnixMilli(), To: now.Add(time.Hour).UnixMilli()})
		if err != nil {
			t.Fatal(err)
		}
		return use
	}
	// Stopped, it has cost what Polly accepted.
	if use := billed(); len(use) != 1 || use[0].Tasks != 2 {
		t.Errorf("cloud use of the stopped run: %+v", use)
	}
	s.fake.Polls = 2
	res, err := s.convert(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Started != 0 || s.fake.Started.Load() != 2 {
		t.Errorf("the resumed run started %d tasks (%d in all), want 0 (2)", res.Started, s.fake.Started.Load())
	}
	// What Polly bills is what it accepted: each task once, the stopped run's
	// included, however many runs it took.
	if use := billed(); len(use) != 1 || use[0].Engine != "neural" || use[0].Tasks != 2 || use[0].Characters != int64(res.Characters) {
		t.Errorf("cloud use: %+v, want 2 neural tasks of %d characters in all", billed(), res.Characters)
	}
}

func TestScaleOutFailuresAndCostGuard(t *testing.T) {
	ctx := context.Background()
	s := newScaleOut(t)
	_, err := s.convert(ctx, 20)
	if fault.CodeOf(err) != fault.Invalid || !strings.Contains(err.Error(), "cost guard") || s.fake.Started.Load() != 0 {
		t.Fatalf("over the cost guard: %v, %d tasks started", err, s.fake.Started.Load())
	}
	s.fake.FailText = "gulls"
	_, err = s.convert(ctx, 0)
	if err == nil || !strings.Contains(err.Error(), `part 2 of 2 (chapter "Morning")`) || !strings.Contains(err.Error(), "could not be synthesised") {
		t.Fatalf("a failed task: %v", err)
	}
	s.fake.FailText = ""
	res, err := s.convert(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Started != 1 || s.fake.Started.Load() != 3 {
		t.Errorf("after the failure the rerun started %d (%d in all), want only the failed part again", res.Started, s.fake.Started.Load())
	}
}
