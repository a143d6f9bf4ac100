package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readback/internal/cli"
	"readback/internal/onnx/onnxtest"
	"readback/internal/tts/kokoro/kokorotest"
	"readback/internal/tts/piper/pipertest"
)

// A Kokoro model is added from its files (a Piper model given as one refused,
// nothing installed), its voices (kokoro-js's styles) listed, a book read with one —
// by this process and by two worker processes, the same audio either way — into an
// M4B with its chapters, and the model removed.
func TestKokoroModelFromTheCommandLine(t *testing.T) {
	onnxtest.Start(t)
	onnxtest.KokoroStyles(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	model, config := filepath.Join(dir, "kokoro-v1.0.onnx"), filepath.Join(dir, "config.json")
	os.WriteFile(model, pipertest.Model(1), 0o644)
	os.WriteFile(config, kokorotest.Config(), 0o644)

	r := run(t, "voices", "add", model, config, "--data-dir", data)
	if r.code == cli.ExitOK || !strings.Contains(r.stderr, "kokoro-v1.0.onnx: the model takes an input \"input\": not a Kokoro model") {
		t.Errorf("a Piper model with Kokoro's config: %+v", r)
	}
	if entries, _ := os.ReadDir(filepath.Join(data, "kokoro")); len(entries) != 0 {
		t.Errorf("a refused model left %d entries", len(entries))
	}
	os.WriteFile(model, kokorotest.Model(true, "input_ids", "waveform"), 0o644)
	r = run(t, "voices", "add", model, config, "--data-dir", data)
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, "model kokoro:kokoro-v1.0 installed (24000 Hz, 41 voices: kokoro:af_alloy …") {
		t.Fatalf("add: %+v", r)
	}
	r = run(t, "voices", "--data-dir", data)
	if strings.Count(r.stdout, "kokoro:") != 41 || !strings.Contains(r.stdout, "kokoro:bf_emma\ten-gb\tEmma\tfemale") {
		t.Errorf("voices: %+v", r)
	}

	src := write(t, dir, "book.md", twoChapters)
	var outputs [][]byte
	for _, workers := range []string{"1", "2"} {
		out := filepath.Join(dir, "book"+workers+".wav")
		s, r := convert(t, "--data-dir", data, "--workers", workers, "--voice", "kokoro:bf_emma", src, "-o", out)
		if r.code != cli.ExitOK || s.Synthesized != s.Segments || s.Failed != 0 || s.Voice != "kokoro:bf_emma" {
			t.Fatalf("workers %s: %+v %+v", workers, s, r)
		}
		b, _ := os.ReadFile(out)
		outputs = append(outputs, b)
		os.RemoveAll(filepath.Join(data, "renditions")) // the second conversion says it all again
	}
	if !bytes.Equal(outputs[0], outputs[1]) {
		t.Error("one worker and two wrote different audio")
	}

	m4b := filepath.Join(dir, "book.m4b")
	if s, r := convert(t, "--data-dir", data, "--voice", "kokoro:bf_emma", src, "-o", m4b); r.code != cli.ExitOK || s.AudioSeconds <= 0 {
		t.Fatalf("m4b: %+v %+v", s, r)
	}
	if got := chaptersAndRate(t, m4b); strings.Count(got, "One") != 1 || strings.Count(got, "Two") != 1 || !strings.Contains(got, "24000") {
		t.Errorf("ffprobe: %s", got)
	}

	if r := run(t, "voices", "remove", "kokoro:kokoro-v1.0", "--data-dir", data); r.code != cli.ExitOK || !strings.Contains(r.stdout, "voice kokoro:kokoro-v1.0 removed") {
		t.Errorf("remove: %+v", r)
	}
	if r := run(t, "voices", "--data-dir", data); strings.Contains(r.stdout, "kokoro:") {
		t.Errorf("removed, still listed: %s", r.stdout)
	}
}
