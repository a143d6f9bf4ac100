package kokoro_test

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readback/internal/fault"
	"readback/internal/onnx/onnxtest"
	"readback/internal/tts/kokoro"
	"readback/internal/tts/kokoro/kokorotest"
	"readback/internal/tts/piper/pipertest"
)

func TestInstall(t *testing.T) {
	onnxtest.Start(t)
	model := kokoro.File{Name: "kokoro-v1.0.onnx", Data: kokorotest.Model(false, "tokens", "audio")}
	config := kokoro.File{Name: "config.json", Data: kokorotest.Config()}
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	for _, f := range []kokoro.File{model, config} {
		w, _ := zw.Create("kokoro/" + f.Name)
		w.Write(f.Data)
	}
	zw.Close()
	if !kokoro.Is([]kokoro.File{{Name: "kokoro.zip", Data: zipped.Bytes()}}) || kokoro.Is([]kokoro.File{{Name: "x.onnx.json", Data: pipertest.Config(22050, 1)}}) {
		t.Error("Is does not tell Kokoro's config from Piper's")
	}

	refused := []struct {
		name  string
		files []kokoro.File
		cause string
	}{
		{"no config", []kokoro.File{model}, "config.json (the vocabulary) is missing"},
		{"a vocabulary of words", []kokoro.File{model, {Name: "config.json", Data: []byte(`{"vocab": {"the": 1, " ": 2, ".": 3}}`)}}, `"the" is not one character`},
		{"an id past n_token", []kokoro.File{model, {Name: "config.json", Data: []byte(`{"vocab": {"ə": 200, " ": 2, ".": 3}, "n_token": 178}`)}}, "outside 1–177"},
		{"a Piper model", []kokoro.File{{Name: "kokoro.onnx", Data: pipertest.Model(1)}, config}, "not a Kokoro model"},
		{"not ONNX", []kokoro.File{{Name: "kokoro.onnx", Data: bytes.Repeat([]byte("x"), 4096)}, config}, "not an ONNX model"},
		{"a name that is no folder's", []kokoro.File{{Name: "../k.onnx", Data: model.Data}, config}, "letters, digits"},
	}
	dir := t.TempDir()
	for _, r := range refused {
		_, err := kokoro.InstallFiles(dir, r.files...)
		if err == nil || !strings.Contains(err.Error(), r.cause) || fault.CodeOf(err) != fault.Invalid {
			t.Errorf("%s: %v, want %q (invalid)", r.name, err, r.cause)
		}
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("refused models left %d entries behind", len(left))
	}

	got, err := kokoro.InstallFiles(dir, kokoro.File{Name: "kokoro.zip", Data: zipped.Bytes()})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "kokoro-v1.0" || got.Engine != kokoro.Name || got.SampleRate != kokoro.SampleRate {
		t.Errorf("installed %+v", got)
	}
	again, err := kokoro.InstallFiles(dir, model, config)
	if err != nil || again.SHA256 != got.SHA256 {
		t.Errorf("the same model again: %v", err)
	}
	other := kokoro.File{Name: model.Name, Data: kokorotest.Model(true, "input_ids", "waveform")}
	if _, err := kokoro.InstallFiles(dir, other, config); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("another model under the same name: %v, want a conflict", err)
	}
	if err := kokoro.Remove(dir, got.ID); err != nil {
		t.Fatal(err)
	}
	if err := kokoro.Remove(dir, got.ID); fault.CodeOf(err) != fault.NotFound {
		t.Errorf("removed twice: %v", err)
	}
}

// The styles scripts/kokoro fetches from kokoro-js@1.2.1 are read: the 41 of the
// languages Kokoro reads through eSpeak, each 510 × 256 finite floats.
func TestKokoroJSStyles(t *testing.T) {
	dir := onnxtest.KokoroStyles(t)
	styles, err := kokoro.ListStyles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(styles) != 41 {
		t.Errorf("%d styles listed, want 41 (54 less Japanese's 5 and Mandarin's 8)", len(styles))
	}
	languages, graded := map[string]int{}, map[string]int{}
	for _, s := range styles {
		languages[s.Language]++
		if s.Grade != "" {
			graded[s.Language]++
		}
		if s.ID == "af_heart" && s.Grade != "A" {
			t.Errorf("af_heart's grade %q, kokoro-js gives A", s.Grade)
		}
		raw, err := os.ReadFile(filepath.Join(dir, s.ID+".bin"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := kokoro.ParseStyle(s.ID+".bin", raw); err != nil {
			t.Error(err)
		}
	}
	if languages["en-us"] != 20 || languages["en-gb"] != 8 {
		t.Errorf("languages %v", languages)
	}
	// kokoro-js grades its English voices only.
	if graded["en-us"] != 20 || graded["en-gb"] != 8 || len(graded) != 2 {
		t.Errorf("graded %v", graded)
	}
}
