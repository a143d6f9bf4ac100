package render_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"readback/internal/audio"
	"readback/internal/fault"
	"readback/internal/render"
	"readback/internal/render/rendertest"
	"readback/internal/store"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"readback/internal/tts/ttstest"
)

// TestMain lets this test binary stand in for a worker process: the pool starts it
// again with READBACK_TEST_WORKER set.
func TestMain(m *testing.M) {
	if mode := os.Getenv("READBACK_TEST_WORKER"); mode != "" {
		os.Exit(fakeWorker(mode))
	}
	os.Exit(m.Run())
}

// fakeWorker serves real synthesis through an engine that fails the way real ones
// can: a text containing CRASH kills the process (the first time only when mode is
// "flaky", always when "broken"), and HANG makes it stop answering. In mode
// "vanish", the process dies the first time it is about to answer for a text
// containing VANISH: after the audio was written, before the parent heard.
func fakeWorker(mode string) int {
	e, err := espeak.New()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	reg := tts.NewRegistry()
	if mode == "timed" {
		reg.Register(&timed{Engine: e, file: os.Getenv("READBACK_TEST_TIMELINE"), delay: timedDelay})
	} else {
		reg.Register(&faulty{Engine: e, mode: mode, marker: os.Getenv("READBACK_TEST_MARKER")})
	}
	var out io.Writer = os.Stdout
	if mode == "vanish" {
		out = vanishing{os.Stdout}
	}
	if err := render.Serve(context.Background(), reg, os.Stdin, out); err != nil {
		return 1
	}
	return 0
}

type faulty struct {
	tts.Engine
	mode, marker string
}

// vanish is set when the next answer is not to be given (mode "vanish").
var vanish atomic.Bool

// vanishing is a worker's answers, which end with its process when vanish is set.
type vanishing struct{ io.Writer }

func (v vanishing) Write(p []byte) (int, error) {
	if vanish.Load() {
		os.Exit(4)
	}
	return v.Writer.Write(p)
}

func (f *faulty) Synthesize(ctx context.Context, req tts.Request) (*tts.Audio, error) {
	if strings.Contains(req.Text, "VANISH") && f.mode == "vanish" {
		if _, err := os.Stat(f.marker); err != nil {
			os.WriteFile(f.marker, nil, 0o644)
			vanish.Store(true)
		}
	}
	if strings.Contains(req.Text, "CRASH") {
		if _, err := os.Stat(f.marker); f.mode == "broken" || err != nil {
			os.WriteFile(f.marker, nil, 0o644)
			os.Exit(3)
		}
	}
	if strings.Contains(req.Text, "HANG") && f.mode == "hang" {
		time.Sleep(time.Hour)
	}
	return f.Engine.Synthesize(ctx, req)
}

type fixture struct {
	st  *store.Store
	r   *render.Renderer
	eng *ttstest.Counting // every synthesis the renderer asks for
	dir string
	doc int64
}

func newFixture(t testing.TB, text string) *fixture {
	t.Helper()
	f := rendertest.New(t, text)
	return &fixture{st: f.St, r: f.R, eng: f.Eng, dir: f.Dir, doc: f.Doc}
}

// engines is eSpeak, counted.
func engines(t testing.TB) (*tts.Registry, *ttstest.Counting) { return rendertest.Engines(t) }

const book = rendertest.Book

var voice = rendertest.Voice

func expectedSeconds(t *testing.T, f *fixture, items []render.Item, p render.Pauses) float64 {
	return rendertest.ExpectedSeconds(t, f.st, items, p)
}

func TestRenderReuseAndRepair(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, book)
	book, err := f.r.Book(ctx, f.doc, voice)
	items := book.Items
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 7 {
		t.Fatalf("%d items", len(items))
	}
	sum, err := f.r.RenderAll(ctx, items, nil)
	if err != nil {
		t.Fatal(err)
	}
	// "The keeper woke." appears twice: synthesised once. The engine's own count,
	// not only the renderer's summary, says so.
	if sum.Synthesized != 6 || sum.Reused != 1 || len(sum.Failed) != 0 {
		t.Errorf("first pass = %+v", sum)
	}
	if n := f.eng.Calls(); n != 6 {
		t.Errorf("6 sentences missing took %d engine calls: %q", n, f.eng.Texts())
	}
	f.eng.Reset()
	sum, _ = f.r.RenderAll(ctx, items, nil)
	if sum.Synthesized != 0 || sum.Reused != 7 || f.eng.Calls() != 0 {
		t.Errorf("second pass synthesised again: %+v, %d engine calls", sum, f.eng.Calls())
	}
	// A pack cut short (a crash before its tail reached the disk) loses the
	// renditions at its end, which are made again; a lost pack loses all of its own.
	packs, _ := filepath.Glob(filepath.Join(render.PacksDir(filepath.Join(f.dir, "renditions")), "*"+audio.PackExt))
	if len(packs) != 1 {
		t.Fatalf("packs: %v", packs)
	}
	st, _ := os.Stat(packs[0])
	os.Truncate(packs[0], st.Size()-5) // the last entry's checksum and a byte of its audio
	f.eng.Reset()
	sum, _ = f.r.RenderAll(ctx, items, nil)
	if sum.Synthesized != 1 || f.eng.Calls() != 1 {
		t.Errorf("after a truncated pack: %+v and %d engine calls, want 1", sum, f.eng.Calls())
	}
	os.Remove(packs[0])
	f.eng.Reset()
	sum, _ = f.r.RenderAll(ctx, items, nil)
	if sum.Synthesized != 6 || f.eng.Calls() != 6 {
		t.Errorf("after a lost pack: %+v and %d engine calls, want the 6 renditions it held made again", sum, f.eng.Calls())
	}
	// Another voice or rate is another rendition.
	fast := render.Voice{Prosody: tts.Prosody{Rate: 1.5, Pitch: 1, Volume: 1}}
	k1, _ := f.r.Key(voice, "Same text.")
	k2, _ := f.r.Key(fast, "Same text.")
	k3, _ := f.r.Key(voice, "Same text!")
	if k1 == k2 || k1 == k3 {
		t.Error("keys must change with the rate and the text")
	}
}

func poolFor(t testing.TB, mode string, timeout time.Duration) *render.Pool {
	t.Setenv("READBACK_TEST_WORKER", mode)
	t.Setenv("READBACK_TEST_MARKER", filepath.Join(t.TempDir(), "crashed-once"))
	return &render.Pool{Command: []string{os.Args[0]}, Workers: 2, Timeout: timeout, Attempts: 3}
}

func TestPoolMatchesInProcess(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, book)
	book, _ := f.r.Book(ctx, f.doc, voice)
	items := book.Items
	sum, err := f.r.RenderAllWith(ctx, poolFor(t, "ok", time.Minute), items, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Synthesized != 6 || sum.Reused != 1 || len(sum.Failed) != 0 {
		t.Errorf("pool = %+v", sum)
	}
	again, _ := f.r.RenderAll(ctx, items, nil)
	if again.Synthesized != 0 {
		t.Errorf("renditions made by workers were not found: %+v", again)
	}
}

func TestPoolReplacesCrashedAndHungWorkers(t *testing.T) {
	ctx := context.Background()
	text := "# T\n\nOne calm line. The worker will CRASH here. Another calm line. A third line. A fourth line.\n"
	t.Run("crash once, retried", func(t *testing.T) {
		f := newFixture(t, text)
		book, _ := f.r.Book(ctx, f.doc, voice)
		items := book.Items
		sum, err := f.r.RenderAllWith(ctx, poolFor(t, "flaky", time.Minute), items, nil)
		if err != nil || sum.Synthesized != len(items) || len(sum.Failed) != 0 {
			t.Errorf("sum = %+v, %v", sum, err)
		}
	})
	t.Run("dies after writing, before answering: its audio is taken, not made again", func(t *testing.T) {
		f := newFixture(t, strings.ReplaceAll(text, "CRASH", "VANISH"))
		book, _ := f.r.Book(ctx, f.doc, voice)
		items := book.Items
		sum, err := f.r.RenderAllWith(ctx, poolFor(t, "vanish", time.Minute), items, nil)
		if err != nil || sum.Synthesized != len(items) || len(sum.Failed) != 0 {
			t.Fatalf("sum = %+v, %v", sum, err)
		}
		made := map[string]int{}
		packs, _ := filepath.Glob(filepath.Join(f.dir, "renditions", "packs", "*"+audio.PackExt))
		for _, p := range packs {
			audio.ScanPack(p, 0, func(e audio.ScannedEntry) error { made[e.Key]++; return nil })
		}
		for _, it := range items {
			if made[it.Key] != 1 {
				t.Errorf("%q is in the packs %d times", it.Text, made[it.Key])
			}
		}
		if again, _ := f.r.RenderAll(ctx, items, nil); again.Synthesized != 0 {
			t.Errorf("what the worker left was not recorded: %+v", again)
		}
	})
	t.Run("always crashes, reported", func(t *testing.T) {
		f := newFixture(t, text)
		book, _ := f.r.Book(ctx, f.doc, voice)
		items := book.Items
		sum, err := f.r.RenderAllWith(ctx, poolFor(t, "broken", time.Minute), items, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(sum.Failed) != 1 || !strings.Contains(sum.Failed[0].Text, "CRASH") || sum.Synthesized != len(items)-1 {
			t.Errorf("sum = %+v", sum)
		}
	})
	t.Run("hangs, killed after the timeout", func(t *testing.T) {
		f := newFixture(t, strings.ReplaceAll(text, "CRASH", "HANG"))
		book, _ := f.r.Book(ctx, f.doc, voice)
		items := book.Items
		start := time.Now()
		sum, err := f.r.RenderAllWith(ctx, poolFor(t, "hang", 2*time.Second), items, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(sum.Failed) != 1 || !strings.Contains(sum.Failed[0].Reason, "no answer within 2s") {
			t.Errorf("sum = %+v", sum)
		}
		if time.Since(start) > time.Minute {
			t.Errorf("took %v", time.Since(start))
		}
	})
}

// versioned is an engine whose voices have versions of their own (a Piper model
// replaced under the same name).
type versioned struct {
	tts.Engine
	version string
}

func (v *versioned) VoiceVersion(string) string { return v.version }

// A voice replaced by another of the same name reuses none of its audio: the
// voice's version is part of the key.
// versionedRenderer is a renderer over the fixture's library whose eSpeak says its
// voices' version is v.version ("model-a" to begin with).
func versionedRenderer(t *testing.T, f *fixture) (*render.Renderer, *versioned) {
	t.Helper()
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	v := &versioned{Engine: e, version: "model-a"}
	reg := tts.NewRegistry()
	reg.Register(v)
	r := render.New(f.st, reg, filepath.Join(f.dir, "versioned"))
	t.Cleanup(func() { r.Close(); e.Close() })
	return r, v
}

func TestVoiceVersionIsInTheKey(t *testing.T) {
	f := newFixture(t, book)
	r, v := versionedRenderer(t, f)
	first, _ := r.Key(voice, "The keeper woke.")
	again, _ := r.Key(voice, "The keeper woke.")
	v.version = "model-b"
	other, _ := r.Key(voice, "The keeper woke.")
	if first != again || first == other {
		t.Errorf("keys %s, %s, then %s with another model", first, again, other)
	}
}

// A sentence is heard in the voice asked for, whatever the document's is; a
// sentence that is not there is said so.
func TestHearVoice(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, book)
	en, err := f.r.HearVoice(ctx, f.doc, 1, &render.Voice{Engine: "espeak", Voice: "en-gb-x-rp"})
	if err != nil {
		t.Fatal(err)
	}
	de, err := f.r.HearVoice(ctx, f.doc, 1, &render.Voice{Engine: "espeak", Voice: "de"})
	if err != nil {
		t.Fatal(err)
	}
	if len(en.Samples) == 0 || slices.Equal(en.Samples, de.Samples) || de.Voice != "de" {
		t.Errorf("English %d samples, German %d samples by %q", len(en.Samples), len(de.Samples), de.Voice)
	}
	if texts := f.eng.Texts(); len(texts) != 2 || texts[0] != "The keeper woke." {
		t.Errorf("said %q", texts)
	}
	// The voice asked for is heard even where the writer gave the chapter another,
	// and at the sentence's own rate.
	if err := f.st.Apply(ctx, f.doc, "chapter voice", []store.Edit{{Kind: "section", Ord: 0, State: store.SegmentState{Voice: "espeak:fr"}},
		{Kind: "segment", Ord: 1, State: store.SegmentState{Rate: 1.5}}}); err != nil {
		t.Fatal(err)
	}
	again, err := f.r.HearVoice(ctx, f.doc, 1, &render.Voice{Engine: "espeak", Voice: "de"})
	if err != nil {
		t.Fatal(err)
	}
	if again.Voice != "de" || len(again.Samples) >= len(de.Samples)*9/10 {
		t.Errorf("with the chapter in French and the sentence at 1.5: by %q, %d samples against %d", again.Voice, len(again.Samples), len(de.Samples))
	}
	own, err := f.r.HearVoice(ctx, f.doc, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(own.Voice, "fr") {
		t.Errorf("its own voice: %q, want the chapter's (fr)", own.Voice)
	}
	if _, err := f.r.HearVoice(ctx, f.doc, 999, nil); fault.CodeOf(err) != fault.NotFound {
		t.Errorf("sentence 1000: %v", err)
	}
}
