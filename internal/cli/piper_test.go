package cli_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"readback/internal/cli"
	"readback/internal/onnx"
	"readback/internal/onnx/onnxtest"
	"readback/internal/tts/piper/pipertest"
)

// A Piper voice is added from its files (a broken one refused, nothing installed),
// listed, read a book with — by this process and by two worker processes, the same
// audio either way — into an M4B with its chapters, and removed.
func TestPiperVoiceFromTheCommandLine(t *testing.T) {
	onnxtest.Start(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	model := filepath.Join(dir, "en_US-test-x_low.onnx")
	os.WriteFile(model, pipertest.Model(1), 0o644)

	r := run(t, "voices", "add", model, "--data-dir", data)
	if r.code == cli.ExitOK || !strings.Contains(r.stderr, "en_US-test-x_low.onnx: its config en_US-test-x_low.onnx.json is missing") {
		t.Errorf("a model without its config: %+v", r)
	}
	if entries, _ := os.ReadDir(filepath.Join(data, "piper")); len(entries) != 0 {
		t.Errorf("a refused voice left %d entries", len(entries))
	}
	// With its config beside it, the model alone is the voice.
	os.WriteFile(model+".json", pipertest.Config(22050, 1), 0o644)
	r = run(t, "voices", "add", model, "--data-dir", data)
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, "voice piper:en_US-test-x_low installed (en-us, 22050 Hz") {
		t.Fatalf("add: %+v", r)
	}
	r = run(t, "voices", "--data-dir", data)
	if !strings.Contains(r.stdout, "piper:en_US-test-x_low\ten-us\t") || !strings.Contains(r.stdout, "espeak:") {
		t.Errorf("voices: %+v", r)
	}

	src := write(t, dir, "book.md", twoChapters)
	var outputs [][]byte
	for _, workers := range []string{"1", "2"} {
		out := filepath.Join(dir, "book"+workers+".wav")
		s, r := convert(t, "--data-dir", data+workers, "--workers", workers, "--voice", "piper:en_US-test-x_low", src, "-o", out)
		if r.code == cli.ExitOK {
			t.Errorf("workers %s: converted in a data directory without the voice", workers)
		}
		cp(t, data, data+workers)
		s, r = convert(t, "--data-dir", data+workers, "--workers", workers, "--voice", "piper:en_US-test-x_low", src, "-o", out)
		if r.code != cli.ExitOK || s.Synthesized != s.Segments || s.Failed != 0 || s.Voice != "piper:en_US-test-x_low" {
			t.Fatalf("workers %s: %+v %+v", workers, s, r)
		}
		b, _ := os.ReadFile(out)
		outputs = append(outputs, b)
	}
	if !bytes.Equal(outputs[0], outputs[1]) {
		t.Error("one worker and two wrote different audio")
	}

	// Named without its engine, the voice is looked for in eSpeak's, and the
	// refusal says where it is.
	if _, r := convert(t, "--data-dir", data, "--voice", "en_US-test-x_low", src, "-o", filepath.Join(dir, "alone.wav")); r.code == cli.ExitOK ||
		!strings.Contains(r.stderr, `eSpeak NG has no voice "en_US-test-x_low"; did you mean "piper:en_US-test-x_low"?`) {
		t.Errorf("a Piper voice named without its engine: %+v", r)
	}

	// A dry run says which voice would read the book.
	if r := run(t, "convert", "--data-dir", data, "--dry-run", "--voice", "piper:en_US-test-x_low", src, "-o", filepath.Join(dir, "dry.wav")); r.code != cli.ExitOK ||
		!regexp.MustCompile(`\nread by piper:en_US-test-x_low: \d+ sentences\n`).MatchString(r.stdout) {
		t.Errorf("dry run: %+v", r)
	}

	m4b := filepath.Join(dir, "book.m4b")
	if s, r := convert(t, "--data-dir", data, "--voice", "piper:en_US-test-x_low", src, "-o", m4b); r.code != cli.ExitOK || s.AudioSeconds <= 0 {
		t.Fatalf("m4b: %+v %+v", s, r)
	}
	if got := chaptersAndRate(t, m4b); strings.Count(got, "One") != 1 || strings.Count(got, "Two") != 1 || !strings.Contains(got, "22050") {
		t.Errorf("ffprobe: %s", got)
	}

	// eSpeak's voices come with it: none is removed, and the refusal says so.
	if r := run(t, "voices", "remove", "espeak:en-us", "--data-dir", data); r.code == cli.ExitOK || !strings.Contains(r.stderr, "espeak:en-us: only Piper and Kokoro voices are added and removed here") {
		t.Errorf("remove an eSpeak voice: %+v", r)
	}
	if r := run(t, "voices", "remove", "piper:en_US-test-x_low", "--data-dir", data); r.code != cli.ExitOK {
		t.Errorf("remove: %+v", r)
	}
	if r := run(t, "voices", "--data-dir", data); strings.Contains(r.stdout, "piper:") {
		t.Errorf("removed, still listed: %s", r.stdout)
	}
}

// A Piper voice's model is loaded by whoever synthesises, and only when there is
// something to say: a second conversion with nothing new never reads it (it is
// written over here, at its size, to show that), and a conversion with new
// sentences, in this process or in workers, fails saying why the voice could not
// speak. A model cut short is told of before anything is imported.
func TestPiperModelLoadedOnlyToSpeak(t *testing.T) {
	dir, data := withTestVoice(t)
	src := write(t, dir, "book.md", twoChapters)
	out := filepath.Join(dir, "book.wav")
	if s, r := convert(t, "--data-dir", data, "--voice", "piper:en_US-test-x_low", src, "-o", out); r.code != cli.ExitOK || s.Failed != 0 {
		t.Fatalf("first conversion: %+v %+v", s, r)
	}
	installed := filepath.Join(data, "piper", "en_US-test-x_low", "model.onnx")
	size := len(pipertest.Model(1))
	if err := os.WriteFile(installed, bytes.Repeat([]byte{'x'}, size), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, r := convert(t, "--data-dir", data, "--voice", "piper:en_US-test-x_low", src, "-o", out); r.code != cli.ExitOK || s.Synthesized != 0 {
		t.Errorf("nothing new to say, yet: %+v %+v", s, r)
	}
	// More sentences than a conversion says itself, so that two workers are started;
	// one said twice (synthesised once, so failed once).
	other := write(t, dir, "other.md", "# Three\n\nOne. Two. Three. Four. Five. Six. Seven. Eight. Nine. Ten. Eleven. One.\n")
	for _, workers := range []string{"1", "2"} {
		_, r := convert(t, "--data-dir", data, "--workers", workers, "--voice", "piper:en_US-test-x_low", other, "-o", filepath.Join(dir, "other.wav"))
		if r.code == cli.ExitOK || !strings.Contains(r.stderr, "none of the 13 sentences could be synthesised") || !strings.Contains(r.stderr, "could not be loaded") {
			t.Errorf("workers %s, a damaged model: %+v", workers, r)
		}
	}
	if err := os.WriteFile(installed, []byte("cut short"), 0o644); err != nil {
		t.Fatal(err)
	}
	late := write(t, dir, "late.md", "# Four\n\nA chapter written after the model was cut short.\n")
	_, r := convert(t, "--data-dir", data, "--voice", "piper:en_US-test-x_low", late, "-o", filepath.Join(dir, "late.wav"))
	if want := fmt.Sprintf("its model is 9 bytes, installed as %d (add it again)", size); r.code == cli.ExitOK || !strings.Contains(r.stderr, want) {
		t.Errorf("a model cut short: %+v, want %q", r, want)
	}
	if r := run(t, "list", "--data-dir", data); strings.Contains(r.stdout, "Four") {
		t.Errorf("refused for its voice, the manuscript was imported all the same: %s", r.stdout)
	}
}

// withTestVoice is a folder of the test's own and, in it, a data folder with the
// generated Piper voice en_US-test-x_low installed.
func withTestVoice(t *testing.T) (dir, data string) {
	t.Helper()
	onnxtest.Start(t)
	dir = t.TempDir()
	data = filepath.Join(dir, "data")
	model, config := pipertest.Files(t, "en_US-test-x_low", pipertest.Model(1), 1)
	if r := run(t, "voices", "add", model, config, "--data-dir", data); r.code != cli.ExitOK {
		t.Fatalf("add: %+v", r)
	}
	return dir, data
}

// twoChapters is a book of more sentences than a conversion says itself before it
// starts workers, in two chapters, One and Two.
const twoChapters = "# One\n\nThe keeper climbed the stairs. The lamp was cold. " +
	"She struck a match. It went out. She struck another.\n\n# Two\n\nRain fell all night, and the sea rose. " +
	"The boats stayed in. Nobody came. The gulls were quiet. The wind turned at dawn. Then the sun came out.\n"

// chaptersAndRate is what ffprobe says of an M4B's chapters and sample rate.
func chaptersAndRate(t *testing.T, path string) string {
	t.Helper()
	probe, err := exec.Command("ffprobe", "-v", "error", "-show_chapters", "-show_entries", "stream=sample_rate", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(probe)
}

// cp copies the installed voices of one data directory into another.
func cp(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(filepath.Join(to, "piper"), os.DirFS(filepath.Join(from, "piper"))); err != nil {
		t.Fatal(err)
	}
}

// The voice catalogue is listed, a voice downloaded from it (its progress on
// stderr) and installed, and shown as installed.
func TestVoiceCatalogFromTheCommandLine(t *testing.T) {
	onnxtest.Start(t)
	cs := pipertest.NewCatalogServer(t)
	data := filepath.Join(t.TempDir(), "data")
	r := run(t, "voices", "catalogue", "--from", cs.Address(), "--data-dir", data)
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, "de_DE-probe-low\tde_DE\tlow\t1\t") || !strings.Contains(r.stdout, "en_US-test-x_low\ten_US\tx_low\t1\t") {
		t.Fatalf("catalogue: %+v", r)
	}
	r = run(t, "voices", "download", "en_US-test-x_low", "--from", cs.Address(), "--data-dir", data)
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, "voice piper:en_US-test-x_low installed") || !strings.Contains(r.stderr, "en_US-test-x_low: 0.0 of 0.0 MB") {
		t.Fatalf("download: %+v", r)
	}
	r = run(t, "voices", "catalogue", "--from", cs.Address(), "--data-dir", data)
	if !strings.Contains(r.stdout, "en_US-test-x_low\ten_US\tx_low\t1\t0.0\tinstalled") {
		t.Errorf("after the download: %s", r.stdout)
	}
	if r := run(t, "voices", "download", "xx_XX-none-low", "--from", cs.Address(), "--data-dir", data); r.code == cli.ExitOK || !strings.Contains(r.stderr, `the voice catalogue has no voice "xx_XX-none-low"`) {
		t.Errorf("an unknown voice: %+v", r)
	}
}

// A Piper voice installed while ONNX Runtime was there, then the runtime gone
// (removed, or the data folder copied to another machine): the voice list says why
// Piper's voices are unavailable, a conversion with eSpeak goes on as before, and
// one asking for the Piper voice is refused with the reason and writes nothing.
// The commands run as processes of their own: this one keeps the runtime it loaded.
func TestWithoutTheRuntimeESpeakStillConverts(t *testing.T) {
	dir, data := withTestVoice(t)
	gone := filepath.Join(dir, "gone", onnx.Library)
	without := func(args ...string) result {
		t.Helper()
		cmd := exec.Command(os.Args[0], append(args, "--data-dir", data)...)
		cmd.Env = append(os.Environ(), "READBACK_TEST_CLI=1", onnx.Env+"="+gone)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		code := 0
		if x, ok := err.(*exec.ExitError); ok {
			code = x.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return result{code, out.String(), errOut.String()}
	}
	why := "ONNX Runtime is not at " + gone
	r := without("voices")
	if r.code != cli.ExitOK || !strings.Contains(r.stderr, "no piper voices here: "+why) ||
		!strings.Contains(r.stdout, "espeak:en-gb-x-rp\t") || strings.Contains(r.stdout, "piper:") {
		t.Errorf("voices without the runtime: %+v", r)
	}
	src := write(t, dir, "book.md", twoChapters)
	out := filepath.Join(dir, "book.wav")
	if r := without("convert", src, "-o", out); r.code != cli.ExitOK {
		t.Fatalf("convert with eSpeak without the runtime: %+v", r)
	}
	if b, err := os.ReadFile(out); err != nil || len(b) < 44+22050 || string(b[:4]) != "RIFF" {
		t.Errorf("the eSpeak conversion wrote %d bytes (%v)", len(b), err)
	}
	refused := filepath.Join(dir, "piper.wav")
	r = without("convert", "--voice", "piper:en_US-test-x_low", src, "-o", refused)
	if r.code == cli.ExitOK || !strings.Contains(r.stderr, why) {
		t.Errorf("convert with the Piper voice without the runtime: %+v", r)
	}
	if _, err := os.Stat(refused); !os.IsNotExist(err) {
		t.Errorf("a refused conversion left %s (%v)", refused, err)
	}
}
