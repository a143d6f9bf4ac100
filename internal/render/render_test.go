package render_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"readback/internal/audio"
	"readback/internal/catalog"
	"readback/internal/fault"
	"readback/internal/narration"
	"readback/internal/render"
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
	if dir := os.Getenv("READBACK_TEST_CRASH_CHILD"); dir != "" {
		os.Exit(crashChild(dir))
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
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	res, err := catalog.New(st).ImportBytes(ctx, "book.md", []byte(text), narration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	reg, eng := engines(t)
	return &fixture{st: st, r: render.New(st, reg, filepath.Join(dir, "renditions")), eng: eng, dir: dir, doc: res.ID}
}

// engines is eSpeak, counted.
func engines(t testing.TB) (*tts.Registry, *ttstest.Counting) {
	t.Helper()
	reg := tts.NewRegistry()
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	c := ttstest.NewCounting(e)
	reg.Register(c)
	return reg, c
}

const book = "# One\n\nThe keeper woke. She climbed the stairs.\n\nThe lamp was cold.\n\n# Two\n\nThe keeper woke. Rain fell all night.\n"

var voice = render.Voice{Prosody: tts.Normal}

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

// expectedSeconds adds up the renditions of items and the pauses between them.
func expectedSeconds(t *testing.T, f *fixture, items []render.Item, p render.Pauses) float64 {
	t.Helper()
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = it.Key
	}
	recs, err := f.st.Renditions(context.Background(), keys)
	if err != nil {
		t.Fatal(err)
	}
	var want float64
	for i, it := range items {
		rec := recs[it.Key]
		if rec == nil {
			t.Fatalf("no rendition for %q", it.Text)
		}
		want += float64(rec.Samples) / float64(rec.SampleRate)
		if i+1 < len(items) {
			switch next := items[i+1]; {
			case next.Section != it.Section:
				want += float64(p.Chapter) / 1000
			case next.Block != it.Block:
				want += float64(p.Paragraph) / 1000
			default:
				want += float64(p.Sentence) / 1000
			}
		}
	}
	return want
}

func probe(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("ffprobe", append([]string{"-v", "error"}, args...)...).Output()
	if err != nil {
		t.Fatalf("ffprobe %v: %v", args, err)
	}
	return strings.TrimSpace(string(out))
}

func TestExportFormats(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, book)
	book, _ := f.r.Book(ctx, f.doc, voice)
	items := book.Items
	if _, err := f.r.RenderAll(ctx, items, nil); err != nil {
		t.Fatal(err)
	}
	p := render.Pauses{Sentence: 200, Paragraph: 500, Chapter: 1000}
	want := expectedSeconds(t, f, items, p)
	for _, format := range audio.Formats {
		t.Run(format, func(t *testing.T) {
			out := filepath.Join(f.dir, "book."+format)
			res, err := f.r.Export(ctx, items, render.ExportOptions{Format: format, Path: out, Pauses: p,
				Title: "The Keeper", Author: "A. Writer", Chapters: []string{"One", "Two"}})
			if err != nil {
				t.Fatal(err)
			}
			got, err := strconv.ParseFloat(probe(t, "-show_entries", "format=duration", "-of", "csv=p=0", out), 64)
			if err != nil {
				t.Fatal(err)
			}
			if diff := got - want; diff > 0.1 || diff < -0.1 {
				t.Errorf("ffprobe says %.3f s; segments and pauses add up to %.3f s", got, want)
			}
			if diff := res.Duration.Seconds() - want; diff > 0.01 || diff < -0.01 {
				t.Errorf("Export reported %.3f s, want %.3f s", res.Duration.Seconds(), want)
			}
			if st, _ := os.Stat(out); st.Mode().Perm() != 0o644 {
				t.Errorf("export is %v, want rw-r--r--", st.Mode().Perm())
			}
			if format == "m4b" {
				chapters := probe(t, "-show_chapters", "-of", "csv=p=0", out)
				lines := strings.Split(chapters, "\n")
				if len(lines) != 2 || !strings.HasSuffix(lines[0], ",One") || !strings.HasSuffix(lines[1], ",Two") {
					t.Errorf("chapters:\n%s", chapters)
				}
				tags := probe(t, "-show_entries", "format_tags=title,artist", "-of", "default=nw=1", out)
				if !strings.Contains(tags, "title=The Keeper") || !strings.Contains(tags, "artist=A. Writer") {
					t.Errorf("tags: %s", tags)
				}
			}
		})
	}
	leftovers, _ := filepath.Glob(filepath.Join(f.dir, ".*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestExportPerChapterAndSubtitles(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, book)
	book, _ := f.r.Book(ctx, f.doc, voice)
	items := book.Items
	f.r.RenderAll(ctx, items, nil)
	dir := filepath.Join(f.dir, "chapters")
	res, err := f.r.Export(ctx, items, render.ExportOptions{Format: "flac", Path: dir, Pauses: render.DefaultPauses,
		Chapters: []string{"One: Dawn", "Two/Dusk"}, PerChapter: true})
	if err != nil {
		t.Fatal(err)
	}
	names := []string{filepath.Base(res.Files[0]), filepath.Base(res.Files[1])}
	if len(res.Files) != 2 || names[0] != "01 One Dawn.flac" || names[1] != "02 Two Dusk.flac" {
		t.Errorf("files = %v", names)
	}

	for _, level := range []string{"sentence", "word"} {
		for _, ext := range []string{".srt", ".vtt"} {
			subs := filepath.Join(f.dir, level+ext)
			res, err := f.r.Export(ctx, items, render.ExportOptions{Format: "wav", Path: filepath.Join(f.dir, "b.wav"),
				Pauses: render.DefaultPauses, Subtitles: subs, SubtitleLevel: level})
			if err != nil {
				t.Fatal(err)
			}
			checkSubtitles(t, subs, res.Duration, level, len(items))
		}
	}
}

var cueTime = regexp.MustCompile(`(\d\d):(\d\d):(\d\d)[.,](\d\d\d) --> (\d\d):(\d\d):(\d\d)[.,](\d\d\d)`)

func checkSubtitles(t *testing.T, path string, total time.Duration, level string, segments int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".vtt") != strings.HasPrefix(string(data), "WEBVTT\n") {
		t.Errorf("%s: wrong header", path)
	}
	ms := func(m []string) int64 {
		h, _ := strconv.Atoi(m[0])
		mi, _ := strconv.Atoi(m[1])
		s, _ := strconv.Atoi(m[2])
		x, _ := strconv.Atoi(m[3])
		return int64(((h*60+mi)*60+s)*1000 + x)
	}
	cues := cueTime.FindAllStringSubmatch(string(data), -1)
	if level == "sentence" && len(cues) != segments || level == "word" && len(cues) < 2*segments {
		t.Errorf("%s: %d cues for %d segments", path, len(cues), segments)
	}
	var prevEnd int64
	for _, c := range cues {
		from, to := ms(c[1:5]), ms(c[5:9])
		if from < prevEnd || to <= from || to > total.Milliseconds()+1 {
			t.Fatalf("%s: cue %s is out of order or outside the %v of audio", path, c[0], total)
		}
		prevEnd = to
	}
}

func TestExportCancelledLeavesNothing(t *testing.T) {
	f := newFixture(t, book)
	ctx, cancel := context.WithCancel(context.Background())
	book, _ := f.r.Book(ctx, f.doc, voice)
	items := book.Items
	f.r.RenderAll(ctx, items, nil)
	cancel()
	out := filepath.Join(f.dir, "book.wav")
	if _, err := f.r.Export(ctx, items, render.ExportOptions{Format: "wav", Path: out, Pauses: render.DefaultPauses}); err == nil {
		t.Fatal("cancelled export succeeded")
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a cancelled export left %s", out)
	}
	if m, _ := filepath.Glob(filepath.Join(f.dir, ".*")); len(m) != 0 {
		t.Errorf("a cancelled export left %v", m)
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

// lowRate speaks as the engine underneath, at 16,000 Hz (as Piper's low voices do).
type lowRate struct{ tts.Engine }

func (l *lowRate) Name() string { return "low" }

func (l *lowRate) Synthesize(ctx context.Context, req tts.Request) (*tts.Audio, error) {
	a, err := l.Engine.Synthesize(ctx, req)
	if err != nil {
		return nil, err
	}
	a.Samples, a.SampleRate = audio.Resample(a.Samples, a.SampleRate, 16000), 16000
	return a, nil
}

// A book read by voices at different rates is written at the highest, the others
// converted: every sentence is there, at its own length.
func TestExportMixesRates(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, book)
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	reg := tts.NewRegistry()
	reg.Register(e)
	reg.Register(&lowRate{e})
	r := render.New(f.st, reg, filepath.Join(f.dir, "mixed"))
	defer r.Close()
	b, err := r.Book(ctx, f.doc, voice)
	if err != nil {
		t.Fatal(err)
	}
	items := b.Items
	for i := range items { // the second chapter in the low voice
		if items[i].Section == 1 {
			items[i].Voice.Engine = "low"
			items[i].Key, _ = r.Key(items[i].Voice, items[i].Text)
		}
	}
	if _, err := r.RenderAll(ctx, items, nil); err != nil {
		t.Fatal(err)
	}
	p := render.Pauses{Sentence: 200, Paragraph: 500, Chapter: 1000}
	want := expectedSeconds(t, f, items, p)
	for _, format := range []string{"wav", "flac", "m4b"} {
		out := filepath.Join(f.dir, "mixed."+format)
		if _, err := r.Export(ctx, items, render.ExportOptions{Format: format, Path: out, Pauses: p, Chapters: []string{"One", "Two"}}); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		got, err := strconv.ParseFloat(probe(t, "-show_entries", "format=duration", "-of", "csv=p=0", out), 64)
		if err != nil {
			t.Fatal(err)
		}
		if rate := probe(t, "-show_entries", "stream=sample_rate", "-of", "csv=p=0", out); rate != "22050" || got-want > 0.1 || want-got > 0.1 {
			t.Errorf("%s: %s Hz, %.3f s; the sentences and pauses come to %.3f s", format, rate, got, want)
		}
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
