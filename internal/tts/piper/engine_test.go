package piper_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readback/internal/fault"
	"readback/internal/onnx/onnxtest"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"readback/internal/tts/neural"
	"readback/internal/tts/neural/neuraltest"
	"readback/internal/tts/piper"
	"readback/internal/tts/piper/pipertest"
	"readback/internal/tts/ttstest"
)

// writeVoice writes the generated voice's two files as NAME.onnx and NAME.onnx.json.
func writeVoice(t *testing.T, name string, speakers int) (model, config string) {
	t.Helper()
	return pipertest.Files(t, name, pipertest.Model(speakers), speakers)
}

func newEngine(t *testing.T, voicesDir string) *piper.Engine {
	t.Helper()
	fe, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fe.Close() })
	e, err := piper.New(voicesDir, fe)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func TestEngineContract(t *testing.T) {
	onnxtest.Start(t)
	dir := t.TempDir()
	if _, err := piper.Install(dir, writeVoiceFiles(t, "en_US-test-x_low", 1)...); err != nil {
		t.Fatal(err)
	}
	ttstest.Run(t, newEngine(t, dir), "en_US-test-x_low")
}

func writeVoiceFiles(t *testing.T, name string, speakers int) []string {
	m, c := writeVoice(t, name, speakers)
	return []string{m, c}
}

// testVoice installs the generated voice and returns its engine, an eSpeak to
// compare with, and the voice's config.
func testVoice(t *testing.T) (*piper.Engine, *espeak.Engine, *piper.Config) {
	t.Helper()
	onnxtest.Start(t)
	dir := t.TempDir()
	if _, err := piper.Install(dir, writeVoiceFiles(t, "en_US-test-x_low", 1)...); err != nil {
		t.Fatal(err)
	}
	fe, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fe.Close() })
	raw, _ := os.ReadFile(filepath.Join(dir, "en_US-test-x_low", "model.onnx.json"))
	cfg, err := piper.ParseConfig("model.onnx.json", raw)
	if err != nil {
		t.Fatal(err)
	}
	return newEngine(t, dir), fe, cfg
}

// What the model is fed is what the front end makes: the generated model says
// SamplesPerPhoneme samples for each id, so a sentence's length is its ids' count,
// and the words' marks lie in order across it.
func TestSpeaksThePhonemes(t *testing.T) {
	e, fe, cfg := testVoice(t)
	ctx := context.Background()
	text := "The keeper climbed the stairs, slowly."
	clauses, err := fe.IPA(ctx, "en-us", text)
	if err != nil {
		t.Fatal(err)
	}
	sentences := piper.Phonemes(clauses, cfg)
	ids, missing := piper.IDs(sentences[0], cfg)
	if len(missing) > 0 {
		t.Errorf("the test voice has no ids for %q", string(missing))
	}
	for _, rate := range []float64{1, 2} {
		a, err := e.Synthesize(ctx, tts.Request{Text: text, Voice: "en_US-test-x_low", Prosody: tts.Prosody{Rate: rate, Pitch: 1, Volume: 1}})
		if err != nil {
			t.Fatal(err)
		}
		if want := len(ids) * int(pipertest.SamplesPerPhoneme/rate); len(a.Samples) != want {
			t.Errorf("rate %g: %d samples, want %d (%d ids)", rate, len(a.Samples), want, len(ids))
		}
		var words []string
		last := -1
		for _, m := range a.Marks {
			if m.Kind == tts.WordMark {
				words = append(words, text[m.Start:m.End])
				if m.StartMs < last || m.EndMs > a.DurationMs() {
					t.Errorf("rate %g: mark %+v out of order or past the end (%d ms)", rate, m, a.DurationMs())
				}
				last = m.EndMs
			}
		}
		if strings.Join(words, " ") != "The keeper climbed the stairs slowly" || last < a.DurationMs()*3/4 {
			t.Errorf("rate %g: words %q ending at %d of %d ms", rate, words, last, a.DurationMs())
		}
	}
}

// A lexicon entry given in IPA reaches the model as written, between eSpeak's IPA of
// the words around it.
func TestLexiconIPAReachesTheModel(t *testing.T) {
	e, fe, cfg := testVoice(t)
	if !e.ReadsIPA() || !e.ReadsPhonemes() {
		t.Fatal("Piper is not given a lexicon entry's IPA or phonemes")
	}
	ctx := context.Background()
	text := "I said [[ipa:ʃɪˈvɔːn]] today."
	clauses, err := neural.Transcribe(ctx, fe, "en-us", text)
	if err != nil {
		t.Fatal(err)
	}
	sentences := piper.Phonemes(clauses, cfg)
	if len(sentences) != 1 || string(sentences[0]) != "aɪ sˈɛd ʃɪˈvɔːn tədˈeɪ." {
		t.Fatalf("phonemes %q", sentences)
	}
	ids, _ := piper.IDs(sentences[0], cfg)
	a, err := e.Synthesize(ctx, tts.Request{Text: text, Voice: "en_US-test-x_low", Prosody: tts.Normal})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(ids) * pipertest.SamplesPerPhoneme; len(a.Samples) != want {
		t.Errorf("%d samples, want %d: the model was not fed the IPA", len(a.Samples), want)
	}
}

// A multi-speaker voice lists each speaker and speaks with the one asked for.
func TestSpeakers(t *testing.T) {
	onnxtest.Start(t)
	dir := t.TempDir()
	v, err := piper.Install(dir, writeVoiceFiles(t, "en_US-many-medium", 3)...)
	if err != nil {
		t.Fatal(err)
	}
	e := newEngine(t, dir)
	vs, _ := e.Voices(context.Background())
	if len(vs) != 3 || len(v.Speakers) != 3 {
		t.Fatalf("voices %+v", vs)
	}
	for _, sv := range vs { // each speaker is the voice's quality and rate, for the pickers
		if sv.Quality != v.Quality || sv.Quality == "" || sv.SampleRate != v.SampleRate || sv.SampleRate == 0 {
			t.Errorf("%s: quality %q at %d Hz; the voice is %q at %d Hz", sv.ID, sv.Quality, sv.SampleRate, v.Quality, v.SampleRate)
		}
	}
	first, err := e.Synthesize(context.Background(), tts.Request{Text: "Hello there.", Voice: vs[0].ID, Prosody: tts.Normal})
	if err != nil {
		t.Fatal(err)
	}
	second, err := e.Synthesize(context.Background(), tts.Request{Text: "Hello there.", Voice: vs[1].ID, Prosody: tts.Normal})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(pcm(first.Samples), pcm(second.Samples)) {
		t.Error("two speakers, the same audio")
	}
	if _, err := e.Synthesize(context.Background(), tts.Request{Text: "Hello.", Voice: "en_US-many-medium#nobody", Prosody: tts.Normal}); err == nil {
		t.Error("an unknown speaker was accepted")
	}
	// The check without the model agrees with the synthesis.
	for id, ok := range map[string]bool{vs[1].ID: true, "en_US-many-medium": true, "en_US-many-medium#nobody": false, "en_US-none-medium": false} {
		if err := e.CheckVoice(context.Background(), id); (err == nil) != ok {
			t.Errorf("CheckVoice(%q) = %v", id, err)
		}
	}
}

// A speaker of a voice of many, which the voice lists once, is a voice the
// registry knows (a chapter may be read by it); a speaker the voice lacks is not.
func TestSpeakerOfManyChecked(t *testing.T) {
	onnxtest.Start(t)
	dir := t.TempDir()
	if _, err := piper.Install(dir, writeVoiceFiles(t, "en_US-crowd-medium", 40)...); err != nil {
		t.Fatal(err)
	}
	reg := tts.NewRegistry()
	reg.Register(newEngine(t, dir))
	if vs, _ := reg.Voices(context.Background()); len(vs) != 1 {
		t.Fatalf("a voice of 40 speakers listed as %+v", vs)
	}
	if err := reg.CheckVoice(context.Background(), "piper:en_US-crowd-medium#n-speaker-1"); err != nil { // the 40th
		t.Errorf("the 40th speaker: %v", err)
	}
	if err := reg.CheckVoice(context.Background(), "piper:en_US-crowd-medium#nobody"); err == nil {
		t.Error("an unknown speaker was accepted")
	}
}

func pcm(s []int16) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, v := range s {
		b = append(b, byte(v), byte(v>>8))
	}
	return b
}

// A voice is installed from its two files, a .zip or a .tar.gz; a broken one is
// refused with the file named and nothing installed.
func TestInstall(t *testing.T) {
	onnxtest.Start(t)
	model, config := writeVoice(t, "en_GB-alba-medium", 1)
	modelBytes, _ := os.ReadFile(model)
	configBytes, _ := os.ReadFile(config)

	archive := t.TempDir()
	zipPath := filepath.Join(archive, "voice.zip")
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for name, data := range map[string][]byte{"voice/en_GB-alba-medium.onnx": modelBytes, "voice/en_GB-alba-medium.onnx.json": configBytes, "voice/MODEL_CARD": []byte("# Model card\n\n* License: MIT\n")} {
		w, _ := zw.Create(name)
		w.Write(data)
	}
	zw.Close()
	os.WriteFile(zipPath, zb.Bytes(), 0o644)
	tgzPath := filepath.Join(archive, "voice.tar.gz")
	var tb bytes.Buffer
	gz := gzip.NewWriter(&tb)
	tw := tar.NewWriter(gz)
	for name, data := range map[string][]byte{"en_GB-alba-medium.onnx": modelBytes, "en_GB-alba-medium.onnx.json": configBytes} {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg})
		tw.Write(data)
	}
	tw.Close()
	gz.Close()
	os.WriteFile(tgzPath, tb.Bytes(), 0o644)

	for _, from := range [][]string{{model, config}, {zipPath}, {tgzPath}} {
		dir := t.TempDir()
		v, err := piper.Install(dir, from...)
		if err != nil {
			t.Fatalf("%v: %v", from, err)
		}
		if v.ID != "en_GB-alba-medium" || v.Language != "en-us" || v.SampleRate != 22050 || len(v.SHA256) != 64 {
			t.Errorf("%v: installed %+v", from, v)
		}
		if wantLicence := map[bool]string{true: "MIT", false: ""}[from[0] == zipPath]; v.Licence != wantLicence {
			t.Errorf("%v: licence %q, want %q (the zip holds a card)", from, v.Licence, wantLicence)
		}
		listed, _ := piper.List(dir)
		if len(listed) != 1 || listed[0].ID != v.ID {
			t.Errorf("%v: listed %+v", from, listed)
		}
		if _, err := piper.Install(dir, from...); err != nil {
			t.Errorf("%v: the same voice again: %v", from, err)
		}
		if from[0] == model {
			// The same model with another config is not the voice installed: refused,
			// the installed config kept.
			edited := filepath.Join(t.TempDir(), "en_GB-alba-medium.onnx.json")
			os.WriteFile(edited, bytes.Replace(configBytes, []byte(`"sample_rate": 22050`), []byte(`"sample_rate": 16000`), 1), 0o644)
			if _, err := piper.Install(dir, model, edited); fault.CodeOf(err) != fault.Conflict || !strings.Contains(err.Error(), "installed with this model and another config") {
				t.Errorf("the same model with another config: %v", err)
			}
			if listed, _ := piper.List(dir); len(listed) != 1 || listed[0].SampleRate != 22050 {
				t.Errorf("after refusing another config: %+v", listed)
			}
		}
		if err := piper.Remove(dir, v.ID); err != nil {
			t.Fatal(err)
		}
		if listed, _ := piper.List(dir); len(listed) != 0 {
			t.Errorf("%v: removed, still listed %+v", from, listed)
		}
	}

	bad := t.TempDir()
	broken := func(name string, data []byte) string {
		p := filepath.Join(bad, name)
		os.WriteFile(p, data, 0o644)
		return p
	}
	otherModel := pipertest.Model(2) // the config says one speaker, this takes a sid
	zipped := func(name string, files map[string][]byte) string {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		for n, data := range files {
			w, _ := zw.Create(n)
			w.Write(data)
		}
		zw.Close()
		return broken(name, b.Bytes())
	}
	tarred := func(name string, files map[string][]byte) string {
		var b bytes.Buffer
		gz := gzip.NewWriter(&b)
		tw := tar.NewWriter(gz)
		for n, data := range files {
			tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg})
			tw.Write(data)
		}
		tw.Close()
		gz.Close()
		return broken(name, b.Bytes())
	}
	for _, c := range []struct {
		paths []string
		want  string
	}{
		{[]string{model}, "en_GB-alba-medium.onnx.json is missing"},
		{[]string{broken("x.onnx", bytes.Repeat([]byte("not a model "), 200)), broken("x.onnx.json", configBytes)}, "x.onnx: not an ONNX model"},
		{[]string{broken("y.onnx", modelBytes), broken("y.onnx.json", []byte(`{"audio": {}}`))}, "y.onnx.json: "},
		{[]string{broken("z.onnx", otherModel), broken("z.onnx.json", configBytes)}, "z.onnx: the model takes an input \"sid\""},
		{[]string{broken("w.zip", []byte("PK not really"))}, "w.zip: not a zip archive"},
		// A file in an archive is named after the archive the writer gave.
		{[]string{zipped("v.zip", map[string][]byte{"v/v.onnx": bytes.Repeat([]byte("not a model "), 200), "v/v.onnx.json": configBytes})}, "v.zip: v.onnx: not an ONNX model"},
		{[]string{tarred("u.tar.gz", map[string][]byte{"u.onnx": modelBytes})}, "u.tar.gz: u.onnx: its config u.onnx.json is missing"},
		// A model given itself, its config from an archive: each named as it came.
		{[]string{broken("s.onnx", bytes.Repeat([]byte("not a model "), 200)), zipped("s.zip", map[string][]byte{"s.onnx.json": configBytes})}, "\ns.onnx: not an ONNX model"},
		{[]string{config}, "no .onnx model"},
	} {
		dir := t.TempDir()
		_, err := piper.Install(dir, c.paths...)
		if err == nil || !strings.Contains("\n"+err.Error(), c.want) || fault.CodeOf(err) == "" {
			t.Errorf("%v: %v, want %q", c.paths, err, c.want)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%v: left %d entries in the voices folder", c.paths, len(entries))
		}
	}
}

// A voice patched with its alignments (Piper's own patch_voice_with_alignment) is
// installed, passes the contract, and times each clause's words by the samples the
// model spent on the clause's ids: "three" starts where the ids of "One, two,"
// end, which eSpeak's own proportions over the sentence would not give.
func TestAlignmentsTimeTheClauses(t *testing.T) {
	onnxtest.Start(t)
	dir := t.TempDir()
	model, config := pipertest.Files(t, "en_US-aligned-x_low", pipertest.AlignedModel(1), 1)
	v, err := piper.Install(dir, model, config)
	if err != nil {
		t.Fatalf("a voice with its alignments was refused: %v", err)
	}
	// Its outputs are kept at install: the model is loaded once, when it speaks.
	if got := strings.Join(v.Outputs, " "); got != "output /dp/Ceil_output_0" {
		t.Errorf("outputs kept at install: %q", got)
	}
	e := newEngine(t, dir)
	ttstest.Run(t, e, "en_US-aligned-x_low")

	fe, _ := espeak.New()
	defer fe.Close()
	text := "One, two, three thousand and seventy seven elephants."
	clauses, err := fe.IPA(context.Background(), "en-us", text)
	if err != nil || len(clauses) != 3 {
		t.Fatalf("clauses %q %v", clauses, err)
	}
	raw, _ := os.ReadFile(config)
	cfg, err := piper.ParseConfig("c.json", raw)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := piper.IDs(piper.Phonemes(clauses[:2], cfg)[0], cfg)
	// Every id is 256 samples; the first two clauses' ids, less the end ("$").
	boundaryMs := (len(first) - 1) * pipertest.SamplesPerPhoneme * 1000 / 22050
	a, err := e.Synthesize(context.Background(), tts.Request{Text: text, Voice: "en_US-aligned-x_low", Prosody: tts.Normal})
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, m := range a.Marks {
		if m.Kind != tts.WordMark {
			continue
		}
		switch word := text[m.Start:m.End]; word {
		case "two":
			seen++
			if m.EndMs > boundaryMs+1 {
				t.Errorf("%q ends at %d ms, after its clause (%d ms)", word, m.EndMs, boundaryMs)
			}
		case "three":
			seen++
			if m.StartMs < boundaryMs-1 || m.StartMs > boundaryMs+1 {
				t.Errorf("%q starts at %d ms; its clause starts at %d ms", word, m.StartMs, boundaryMs)
			}
		}
	}
	if seen != 2 {
		t.Errorf("marks %+v", a.Marks)
	}
}

// A voice installed before its outputs were kept speaks with Piper's one output.
func TestVoiceInstalledBeforeOutputsWereKept(t *testing.T) {
	onnxtest.Start(t)
	dir := t.TempDir()
	if _, err := piper.Install(dir, writeVoiceFiles(t, "en_US-old-x_low", 1)...); err != nil {
		t.Fatal(err)
	}
	neuraltest.Unkeep(t, dir, "en_US-old-x_low", "outputs")
	a, err := newEngine(t, dir).Synthesize(context.Background(), tts.Request{Text: "Hello there.", Voice: "en_US-old-x_low", Prosody: tts.Normal})
	if err != nil || len(a.Samples) == 0 {
		t.Fatalf("%v", err)
	}
}

// A voice removed and added again with the same model and another config (here
// slower) is another voice: its renditions' key changes, and it speaks by the new
// config, not the one an engine running all along had read.
func TestConfigChangedIsAnotherVoice(t *testing.T) {
	onnxtest.Start(t)
	dir := t.TempDir()
	const id = "en_US-test-x_low"
	model, config := writeVoice(t, id, 1)
	if _, err := piper.Install(dir, model, config); err != nil {
		t.Fatal(err)
	}
	e := newEngine(t, dir)
	say := func() int {
		t.Helper()
		got, err := e.Synthesize(context.Background(), tts.Request{Text: "Hello there.", Voice: id, Prosody: tts.Normal})
		if err != nil {
			t.Fatal(err)
		}
		return len(got.Samples)
	}
	before, first := e.VoiceVersion(id), say()
	if err := piper.Remove(dir, id); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(config)
	slower := bytes.Replace(raw, []byte(`"length_scale": 1`), []byte(`"length_scale": 2`), 1)
	if bytes.Equal(slower, raw) {
		t.Fatal("the test's config has no length_scale of 1 to change")
	}
	edited := filepath.Join(t.TempDir(), id+".onnx.json")
	os.WriteFile(edited, slower, 0o644)
	if _, err := piper.Install(dir, model, edited); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // an engine takes a voice as it was for a second
	if after := e.VoiceVersion(id); after == before || after == "" {
		t.Errorf("the voice's version %q before, %q with another config", before, after)
	}
	if second := say(); second < first*3/2 {
		t.Errorf("%d samples with length_scale 2, %d with 1: the old config still speaks", second, first)
	}
}

// A voice installed before its config's checksum was kept keys its audio as the
// same voice installed now (on a teammate's computer, say): their renditions are
// shared.
func TestVoiceInstalledBeforeConfigsWereSummedKeyedAlike(t *testing.T) {
	onnxtest.Start(t)
	dir := t.TempDir()
	const id = "en_US-old-x_low"
	if _, err := piper.Install(dir, writeVoiceFiles(t, id, 1)...); err != nil {
		t.Fatal(err)
	}
	now := newEngine(t, dir).VoiceVersion(id)
	neuraltest.Unkeep(t, dir, id, "config_sha256")
	if before := newEngine(t, dir).VoiceVersion(id); before != now || now == "" {
		t.Errorf("installed before: version %q; installed now: %q", before, now)
	}
	if listed, _ := piper.List(dir); len(listed) != 1 || listed[0].Version() != now {
		t.Errorf("listed %+v", listed)
	}
}
