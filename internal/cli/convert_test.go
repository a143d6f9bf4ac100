package cli_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"readback/internal/audio"
	"readback/internal/audiobook"
	"readback/internal/catalog"
	"readback/internal/cli"
	"readback/internal/narration"
	"readback/internal/store"
)

type summary struct {
	Output       string  `json:"output"`
	Language     string  `json:"language"`
	Voice        string  `json:"voice"`
	Segments     int     `json:"segments"`
	Synthesized  int     `json:"synthesized"`
	Reused       int     `json:"reused"`
	Recovered    int     `json:"recovered"`
	Failed       int     `json:"failed"`
	AudioSeconds float64 `json:"audio_seconds"`
	WallSeconds  float64 `json:"wall_seconds"`
}

func convert(t *testing.T, args ...string) (summary, result) {
	t.Helper()
	t.Setenv("READBACK_TEST_CLI", "1") // for the worker processes
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), append([]string{"convert", "--json"}, args...),
		cli.Env{Stdout: &out, Stderr: &errOut, Executable: os.Args[0]})
	r := result{code, out.String(), errOut.String()}
	var s summary
	if code == cli.ExitOK {
		if err := json.Unmarshal(out.Bytes(), &s); err != nil {
			t.Fatalf("--json printed %q: %v", out.String(), err)
		}
	}
	return s, r
}

func manuscript(t *testing.T, dir string, sentences int) string {
	var b strings.Builder
	for i := 0; i < sentences; i++ {
		if i%20 == 0 {
			fmt.Fprintf(&b, "\n# Chapter %d\n\n", i/20+1)
		}
		fmt.Fprintf(&b, "Sentence number %d tells of the keeper and the lamp. ", i+1)
		if i%4 == 3 {
			b.WriteString("\n\n")
		}
	}
	return write(t, dir, "book.md", b.String())
}

func TestConvert(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	src := manuscript(t, dir, 60)
	out := filepath.Join(dir, "book.wav")

	for _, workers := range []string{"1", "2"} {
		t.Run("workers="+workers, func(t *testing.T) {
			d := data + workers
			first, r := convert(t, "--data-dir", d, "--workers", workers, src, "-o", out)
			if r.code != cli.ExitOK {
				t.Fatalf("%+v", r)
			}
			// 60 sentences and 3 chapter headings.
			if first.Segments != 63 || first.Synthesized != 63 || first.Reused != 0 || first.Failed != 0 || first.AudioSeconds < 60 {
				t.Errorf("first = %+v", first)
			}
			second, _ := convert(t, "--data-dir", d, "--workers", workers, src, "-o", out)
			if second.Synthesized != 0 || second.Reused != 63 || second.AudioSeconds != first.AudioSeconds {
				t.Errorf("second = %+v", second)
			}
		})
	}

	// Pauses are the writer's: none at all gives the bare speech.
	d := data + "1"
	tight, r := convert(t, "--data-dir", d, "--pause-sentence", "0", "--pause-paragraph", "0", "--pause-chapter", "0", src, "-o", filepath.Join(dir, "tight.wav"))
	normal, _ := convert(t, "--data-dir", d, src, "-o", filepath.Join(dir, "normal.wav"))
	// 63 segments: 62 gaps, of which 2 between chapters and 15 between paragraphs.
	if gap := normal.AudioSeconds - tight.AudioSeconds; r.code != cli.ExitOK || gap < 62*0.25 || gap > 62*1.5 {
		t.Errorf("pauses added %.3f s (tight %+v, normal %+v)", gap, tight, normal)
	}
	// Every number is bounded, and a bad one is named with its range (issue 8:
	// --workers 1000 started 132 processes, --rate NaN synthesised at no rate).
	for _, bad := range [][2]string{
		{"--pause-chapter", "-5"}, {"--pause-sentence", "70000"}, {"--workers", "1000"}, {"--workers", "0"},
		{"--workers", "-3"}, {"--rate", "0"}, {"--rate", "NaN"}, {"--rate", "Inf"}, {"--rate", "fast"}, {"--chapter-level", "9"},
	} {
		_, r := convert(t, "--data-dir", data, bad[0], bad[1], src, "-o", out)
		if want := fmt.Sprintf("invalid value %q for flag %s: ", bad[1], bad[0]); r.code != cli.ExitUsage || !strings.Contains(r.stderr, want) ||
			!(strings.Contains(r.stderr, "outside") || strings.Contains(r.stderr, "not a number")) {
			t.Errorf("%s %s: %+v", bad[0], bad[1], r)
		}
	}

	// Failure modes are plain errors.
	if _, r := convert(t, "--data-dir", data, src, "-o", filepath.Join(dir, "x.ogg")); r.code != cli.ExitUsage || !strings.Contains(r.stderr, `unknown format "ogg": use wav, flac, mp3, opus, m4b`) {
		t.Errorf("ogg: %+v", r)
	}
	if _, r := convert(t, "--data-dir", data, src, "-o", filepath.Join(dir, "x.srt.mp3"), "--per-chapter", "--subtitles", "x.srt"); r.code != cli.ExitUsage || !strings.Contains(r.stderr, "subtitles go with a single output file") {
		t.Errorf("per-chapter subtitles: %+v", r)
	}
	if _, r := convert(t, "--data-dir", data, src); r.code != cli.ExitUsage || !strings.Contains(r.stderr, "-o OUT is required") {
		t.Errorf("no -o: %+v", r)
	}
	if _, r := convert(t, "--data-dir", data, "--voice", "espeak:klingon-xx", src, "-o", out); r.code != cli.ExitError || !strings.Contains(r.stderr, `voice "klingon-xx"`) {
		t.Errorf("bad voice: %+v", r)
	}
	if _, r := convert(t, "--data-dir", data, "--rate", "7", src, "-o", out); r.code != cli.ExitUsage || !strings.Contains(r.stderr, "outside 0.5–3") {
		t.Errorf("bad rate: %+v", r)
	}
}

func TestJobsCommand(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	if r := run(t, "jobs", "--data-dir", data); r.code != cli.ExitOK || r.stdout != "" {
		t.Errorf("empty queue: %+v", r)
	}
	st, err := store.Open(ctx, filepath.Join(data, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := catalog.New(st).ImportBytes(ctx, "k.md", []byte("# The Keeper\n\nWords."), narration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Enqueue(ctx, store.NewJob{Kind: "convert", DocumentID: res.ID, Payload: audiobook.ConvertRequest{Output: "/tmp/k.m4b"}}); err != nil {
		t.Fatal(err)
	}
	st.SetPaused(ctx, true)
	st.Close()
	r := run(t, "jobs", "--data-dir", data)
	if r.code != cli.ExitOK || r.stdout != "# the queue is paused\n1\tavailable\t0/0\t0/5\tThe Keeper\t/tmp/k.m4b\t\n" {
		t.Errorf("jobs = %q", r.stdout)
	}
}

func TestVoicesCommand(t *testing.T) {
	r := run(t, "voices")
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, "espeak:en-gb-x-rp\ten-gb-x-rp\tEnglish (Received Pronunciation)\tmale\t\t22050\n") {
		t.Errorf("voices: %+v", r)
	}
}

// TestConvertSurvivesSIGKILL kills a converting process (and its workers) at several
// points; the next run completes, every segment has exactly one rendition, no
// temporary file is left, and the database is intact.
func TestConvertSurvivesSIGKILL(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	src := manuscript(t, dir, 400)
	out := filepath.Join(dir, "book.wav")
	renditions := filepath.Join(data, "renditions")
	// Progress is read from the renditions recorded so far (the database is in WAL
	// mode: a reader does not disturb the writer).
	count := func() int {
		db, err := sql.Open("sqlite", "file:"+filepath.Join(data, "library.db")+"?mode=ro&_pragma=busy_timeout(1000)")
		if err != nil {
			return 0
		}
		defer db.Close()
		var n int
		db.QueryRow("SELECT count(*) FROM renditions").Scan(&n)
		return n
	}
	// Each kill point is shown to have come: the process was alive there, had done
	// some work of its own, and died of the signal, mid-synthesis for the first
	// three (renditions reach the database in batches), mid-export for the last.
	for _, point := range []struct {
		renditions int
		exporting  bool
	}{{1, false}, {100, false}, {250, false}, {420, true}} {
		cmd, exited := startConvert(t, data, src, out)
		before := count()
		reached := func() bool {
			if point.exporting {
				// The export's temporary file is looked for first: it may not last long.
				if parts, _ := filepath.Glob(filepath.Join(dir, ".book.wav.*.part")); len(parts) == 0 {
					return false
				}
			}
			n := count()
			return n >= point.renditions && (n > before || point.exporting)
		}
		// Another process is watched: its database and folder are polled.
		for deadline := time.Now().Add(2 * time.Minute); !reached(); time.Sleep(time.Millisecond) {
			select {
			case err := <-exited:
				t.Fatalf("kill point %+v: the process ended before it (%v) with %d renditions", point, err, count())
			default:
			}
			if time.Now().After(deadline) {
				syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
				t.Fatalf("kill point %+v never came: %d renditions", point, count())
			}
		}
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the process group: parent and workers
		err := <-exited
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("kill point %+v: the process was not killed there but ended with %v", point, err)
		}
		n := count()
		if _, err := os.Stat(out); n < point.renditions || (!point.exporting && n >= 420) || err == nil {
			t.Fatalf("kill point %+v: killed with %d renditions, the book written: %v", point, n, err == nil)
		}
		t.Logf("killed at %d renditions recorded", n)
	}
	s, r := convert(t, "--data-dir", data, "--workers", "2", src, "-o", out)
	if r.code != cli.ExitOK || s.Failed != 0 || s.Segments != 420 {
		t.Fatalf("rerun: %+v %+v", s, r)
	}

	db, err := sql.Open("sqlite", filepath.Join(data, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	var docs, recs int
	db.QueryRow("SELECT count(*) FROM documents").Scan(&docs)
	db.QueryRow("SELECT count(*) FROM renditions").Scan(&recs)
	// Every sentence here is distinct: one rendition per segment, none missing, none
	// twice, and each one's bytes inside its pack.
	if docs != 1 || recs != 420 {
		t.Errorf("documents %d, renditions %d; want 1 and 420", docs, recs)
	}
	rows, err := db.Query("SELECT pack, pack_offset + 2 * samples FROM renditions")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var pack string
		var end int64
		rows.Scan(&pack, &end)
		if st, err := os.Stat(filepath.Join(renditions, "packs", pack)); err != nil || st.Size() < end {
			t.Errorf("rendition in %s ends at %d, beyond the pack (%v)", pack, end, err)
		}
	}
	rows.Close()
	// Nothing was synthesised twice: audio a killed run wrote to its pack but had not
	// recorded yet was found by the next run, not made again. (What was being
	// synthesised or written at the kill never reached a pack whole.)
	made := map[string]int{}
	packs, _ := filepath.Glob(filepath.Join(renditions, "packs", "*"+audio.PackExt))
	for _, p := range packs {
		audio.ScanPack(p, 0, func(e audio.ScannedEntry) error { made[e.Key]++; return nil })
	}
	for k, n := range made {
		if n > 1 {
			t.Errorf("sentence %.12s was synthesised %d times", k, n)
		}
	}
	if len(made) != 420 {
		t.Errorf("%d sentences' audio in the packs, want 420", len(made))
	}
	outParts, _ := filepath.Glob(filepath.Join(dir, ".*.part"))
	if len(outParts) != 0 {
		t.Errorf("temporary files left behind: %v", outParts)
	}
	st, err := os.Stat(out)
	if err != nil || st.Size() < 1<<20 {
		t.Errorf("output: %v, %v", st, err)
	}
}

// startConvert runs `convert` with two workers as a process of its own group (so
// that a test can kill it with its workers); exited tells how it ended.
func startConvert(t *testing.T, data, src, out string) (*exec.Cmd, <-chan error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "convert", "--data-dir", data, "--workers", "2", src, "-o", out)
	cmd.Env = append(os.Environ(), "READBACK_TEST_CLI=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	return cmd, exited
}
