package audiobook_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"readback/internal/audio"
	"readback/internal/audiobook"
	"readback/internal/render"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

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
			res, err := f.x.Export(ctx, items, audiobook.ExportOptions{Format: format, Path: out, Pauses: p,
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
	res, err := f.x.Export(ctx, items, audiobook.ExportOptions{Format: "flac", Path: dir, Pauses: render.DefaultPauses,
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
			res, err := f.x.Export(ctx, items, audiobook.ExportOptions{Format: "wav", Path: filepath.Join(f.dir, "b.wav"),
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
	if _, err := f.x.Export(ctx, items, audiobook.ExportOptions{Format: "wav", Path: out, Pauses: render.DefaultPauses}); err == nil {
		t.Fatal("cancelled export succeeded")
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a cancelled export left %s", out)
	}
	if m, _ := filepath.Glob(filepath.Join(f.dir, ".*")); len(m) != 0 {
		t.Errorf("a cancelled export left %v", m)
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
		if _, err := audiobook.New(r).Export(ctx, items, audiobook.ExportOptions{Format: format, Path: out, Pauses: p, Chapters: []string{"One", "Two"}}); err != nil {
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

// A book exported a file per chapter writes one chapter at a time: the chapters
// done are finished (file closed, buffer and encoder let go) as the next begins and
// named at the end. All of a 30-hour book's 690 were open at once, 256 KB each.
func TestPerChapterExportFinishesEachChapter(t *testing.T) {
	ctx := context.Background()
	var b strings.Builder
	for i := range 12 {
		fmt.Fprintf(&b, "# Chapter %d\n\nThe keeper climbed stair %d.\n\n", i+1, i+1)
	}
	f := newFixture(t, b.String())
	bk, err := f.r.Book(ctx, f.doc, voice)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.r.RenderAll(ctx, bk.Items, nil); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"wav", "mp3"} {
		t.Run(format, func(t *testing.T) {
			most := 0
			res, err := f.x.Export(ctx, bk.Items, audiobook.ExportOptions{Format: format, Path: filepath.Join(f.dir, format), Pauses: render.DefaultPauses,
				Chapters: bk.Chapters, PerChapter: true, Written: func(int64, int64) { most = max(most, filesBeingWritten(t, format)) }})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Files) != 12 || most != 1 {
				t.Fatalf("%d files; at most %d being written at once, want 1", len(res.Files), most)
			}
		})
	}
}

// filesBeingWritten counts the export's temporary files this process holds open,
// or (for the formats ffmpeg encodes) the ffmpeg processes it runs.
func filesBeingWritten(t *testing.T, format string) int {
	if format != "wav" {
		out, _ := exec.Command("pgrep", "-P", fmt.Sprint(os.Getpid()), "ffmpeg").Output()
		return len(strings.Fields(string(out)))
	}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, fd := range fds {
		if target, err := os.Readlink("/proc/self/fd/" + fd.Name()); err == nil && strings.HasSuffix(target, ".part") {
			n++
		}
	}
	return n
}
