package cli_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readback/internal/audio"
	"readback/internal/cli"
)

type checkReport struct {
	OK   bool
	Book struct {
		OK          bool
		Measurement struct {
			RMS     float64 `json:"rms_dbfs"`
			Seconds float64
		}
		Findings []struct {
			Check string
			OK    bool
		}
	}
	Chapters []struct {
		Title string
		OK    bool
	}
}

func TestReleaseCheck(t *testing.T) {
	dir := t.TempDir()
	// A tone at a level ACX takes, then two seconds of silence: it passes.
	rate := 44100
	var pcm []int16
	for i := range 5 * rate {
		pcm = append(pcm, int16(0.15*32767*math.Sin(2*math.Pi*440*float64(i)/float64(rate))))
	}
	pcm = append(pcm, make([]int16, 2*rate)...)
	good := filepath.Join(dir, "good.wav")
	os.WriteFile(good, audio.WAVBytes(rate, pcm), 0o644)
	r := run(t, "check", "--json", good)
	var rep checkReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != cli.ExitOK || !rep.OK {
		t.Fatalf("check of a good file: %d %q %q", r.code, r.stdout, r.stderr)
	}
	// RMS of the tone (-19.5 dB) over 5 of 7 seconds.
	if want := 20*math.Log10(0.15/math.Sqrt2) + 10*math.Log10(5.0/7); math.Abs(rep.Book.Measurement.RMS-want) > 0.05 {
		t.Errorf("RMS %.2f, want %.2f", rep.Book.Measurement.RMS, want)
	}

	// A book converted here, with its chapters: each is checked, and eSpeak's
	// peaks (near full scale) fail ACX's -3 dB, which the check says and exits 1 for.
	book := write(t, dir, "book.md", "# One\n\nThe keeper lit the lamp. The sea was calm.\n\n# Two\n\nMorning came. The gulls cried over the rocks.\n")
	out := filepath.Join(dir, "book.m4b")
	if _, r := convert(t, book, "-o", out, "--data-dir", filepath.Join(dir, "lib"), "--workers", "1"); r.code != cli.ExitOK {
		t.Fatalf("convert: %s", r.stderr)
	}
	r = run(t, "check", "--json", out)
	rep = checkReport{}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("check --json printed %q: %v", r.stdout, err)
	}
	if len(rep.Chapters) != 2 || rep.Chapters[0].Title != "One" || rep.Chapters[1].Title != "Two" {
		t.Errorf("chapters: %+v", rep.Chapters)
	}
	peakFails := false
	for _, f := range rep.Book.Findings {
		peakFails = peakFails || f.Check == "peak" && !f.OK
	}
	if r.code != cli.ExitError || rep.OK || !peakFails {
		t.Errorf("check of eSpeak's book against ACX: exit %d, %+v", r.code, rep.Book)
	}
	if r := run(t, "check", out); !strings.Contains(r.stdout, "peak") || !strings.Contains(r.stdout, "ACX Audio Submission Requirements") {
		t.Errorf("the report does not say why, or from where: %q", r.stdout)
	}
	if r := run(t, "check", "--target", "spotify", out); r.code != cli.ExitUsage {
		t.Errorf("an unknown target: %d", r.code)
	}
	if r := run(t, "check", book); r.code != cli.ExitError || !strings.Contains(r.stderr, "book.md") {
		t.Errorf("checking a text file: %d %q", r.code, r.stderr)
	}
}

// --normalize levels a book so that it passes the check it names.
func TestNormalizedExportPassesTheCheck(t *testing.T) {
	dir := t.TempDir()
	book := write(t, dir, "book.md", "# One\n\nThe keeper lit the lamp. The sea was calm.\n\n# Two\n\nMorning came. The gulls cried over the rocks.\n")
	for _, target := range []string{"acx", "ebu-r128"} {
		out := filepath.Join(dir, target+".m4b")
		if _, r := convert(t, book, "-o", out, "--normalize", target, "--data-dir", filepath.Join(dir, "lib"), "--workers", "1"); r.code != cli.ExitOK {
			t.Fatalf("convert --normalize %s: %s", target, r.stderr)
		}
		if r := run(t, "check", "--target", target, out); r.code != cli.ExitOK {
			t.Errorf("the book levelled for %s fails its check:\n%s%s", target, r.stdout, r.stderr)
		}
	}
	if _, r := convert(t, book, "-o", filepath.Join(dir, "x.wav"), "--normalize", "loud", "--data-dir", filepath.Join(dir, "lib")); r.code != cli.ExitUsage {
		t.Errorf("an unknown target: %d %s", r.code, r.stderr)
	}
}
