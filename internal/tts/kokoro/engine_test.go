package kokoro_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readback/internal/onnx/onnxtest"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"readback/internal/tts/kokoro"
	"readback/internal/tts/kokoro/kokorotest"
	"readback/internal/tts/neural"
	"readback/internal/tts/neural/neuraltest"
	"readback/internal/tts/ttstest"
)

// setUp installs the generated model (with or without its durations) and writes
// styles; it returns the engine.
func setUp(t *testing.T, durations bool, styles map[string][]byte) *kokoro.Engine {
	t.Helper()
	e, _ := setUpModel(t, durations, styles)
	return e
}

// setUpModel is setUp, with the installed model's file.
func setUpModel(t *testing.T, durations bool, styles map[string][]byte) (*kokoro.Engine, string) {
	t.Helper()
	onnxtest.Start(t)
	src := t.TempDir()
	model, config := filepath.Join(src, "kokoro-test.onnx"), filepath.Join(src, "config.json")
	write(t, model, kokorotest.Model(durations, "input_ids", "waveform"))
	write(t, config, kokorotest.Config())
	dir := t.TempDir()
	v, err := kokoro.Install(dir, model, config)
	if err != nil {
		t.Fatal(err)
	}
	stylesDir := t.TempDir()
	for id, b := range styles {
		name := id + ".bin"
		if id == kokoro.GradesFile {
			name = id
		}
		write(t, filepath.Join(stylesDir, name), b)
	}
	return engine(t, dir, stylesDir), filepath.Join(v.Dir(), "model.onnx")
}

// engine is the Kokoro engine over the models installed in dir and the styles in
// stylesDir, closed when the test ends.
func engine(t *testing.T, dir, stylesDir string) *kokoro.Engine {
	t.Helper()
	fe, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fe.Close() })
	e, err := kokoro.New(dir, stylesDir, fe)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func twoStyles() map[string][]byte {
	return map[string][]byte{"af_heart": kokorotest.Style(0.5, 1), "bm_george": kokorotest.Style(-0.5, 2)}
}

func TestEngineContract(t *testing.T) {
	for _, durations := range []bool{true, false} {
		t.Run(map[bool]string{true: "timestamped", false: "audio only"}[durations], func(t *testing.T) {
			ttstest.Run(t, setUp(t, durations, twoStyles()), "af_heart")
		})
	}
}

func TestVoicesAreTheStyles(t *testing.T) {
	styles := twoStyles()
	styles["jf_alpha"] = kokorotest.Style(0, 3) // Japanese: Kokoro does not read it through eSpeak
	styles["af_short"] = []byte("not a style")
	styles[kokoro.GradesFile] = []byte(`{"af_heart": "A", "af_sky": "C-"}`)
	e := setUp(t, true, styles)
	vs, err := e.Voices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		got = append(got, fmt.Sprintf("%s=%s/%s/%s/%q/%d", v.ID, v.Name, v.Language, v.Gender, v.Grade, v.SampleRate))
	}
	if want := `af_heart=Heart/en-us/female/"A"/24000 bm_george=George/en-gb/male/""/24000`; strings.Join(got, " ") != want {
		t.Errorf("voices %q, want %q", got, want)
	}
	if a, b := e.VoiceVersion("af_heart"), e.VoiceVersion("bm_george"); a == "" || a == b {
		t.Errorf("versions %q and %q: each style's audio must be keyed apart", a, b)
	}
	// The check without the model says what the synthesis would.
	for id, ok := range map[string]bool{"af_heart": true, "bm_george": true, "af_short": false, "jf_alpha": false, "af_nobody": false} {
		if err := e.CheckVoice(context.Background(), id); (err == nil) != ok {
			t.Errorf("CheckVoice(%q) = %v", id, err)
		}
		if _, err := e.Synthesize(context.Background(), tts.Request{Text: "Hello.", Voice: id, Prosody: tts.Normal}); (err == nil) != ok {
			t.Errorf("Synthesize(%q) = %v", id, err)
		}
	}
}

// A model cut short since it was installed is refused by the check that loads
// nothing, before a book is begun.
func TestCheckFindsAModelCutShort(t *testing.T) {
	e, model := setUpModel(t, true, twoStyles())
	if err := e.CheckVoice(context.Background(), "af_heart"); err != nil {
		t.Fatal(err)
	}
	write(t, model, []byte("cut"))
	if err := e.CheckVoice(context.Background(), "af_heart"); err == nil || !strings.Contains(err.Error(), "its model is 3 bytes, installed as") {
		t.Errorf("a model cut short: %v", err)
	}
}

// The model is fed what the front end makes: the generated model says each id for
// Units × 600 samples, so a sentence's length is its ids' count; the style's row is
// the count of symbols (kokoro-js's choice), heard in the pitch of the first pad.
func TestSpeaksTheSymbolsInTheStyleRowOfTheirCount(t *testing.T) {
	// A style whose row r starts with r: the pad's tone is 8·r·4.4 Hz.
	rowed := make([]byte, kokoro.StyleBytes)
	for r := range kokoro.StyleRows {
		putFloat(rowed, r*kokoro.StyleDim, float32(r))
	}
	e := setUp(t, true, map[string][]byte{"af_heart": rowed})
	fe, _ := espeak.New()
	defer fe.Close()
	text := "The cat sat on the mat."
	clauses, err := fe.IPA(context.Background(), "en-us", text)
	if err != nil {
		t.Fatal(err)
	}
	symbols := kokoro.Symbols(clauses, text, "en-us")
	if len(symbols) != 1 {
		t.Fatalf("symbols %q: one clause", symbols)
	}
	ids, missing := kokoro.IDs(symbols[0], parseConfig(t))
	if len(missing) > 0 {
		t.Fatalf("symbols without ids: %q in %q", string(missing), string(symbols[0]))
	}
	a, err := e.Synthesize(context.Background(), tts.Request{Text: text, Voice: "af_heart", Prosody: tts.Normal})
	if err != nil {
		t.Fatal(err)
	}
	perID := kokorotest.Units * kokorotest.SamplesPerUnit
	if len(a.Samples) != len(ids)*perID {
		t.Errorf("%d samples for %d ids: want %d", len(a.Samples), len(ids), len(ids)*perID)
	}
	// The first pad's tone: zero crossings over its samples.
	crossings := 0
	for i := 1; i < perID; i++ {
		if (a.Samples[i-1] < 0) != (a.Samples[i] < 0) {
			crossings++
		}
	}
	got := float64(crossings) / 2 / (float64(perID) / kokoro.SampleRate)
	row := len(ids) - 2
	if want := float64(8*row) * 220 / 50; math.Abs(got-want) > 8*220/50*0.4 {
		t.Errorf("the pad's tone is %.0f Hz: row %.1f, want row %d (the symbols' count)", got, got*50/220/8, row)
	}
	faster, err := e.Synthesize(context.Background(), tts.Request{Text: text, Voice: "af_heart", Prosody: tts.Prosody{Rate: 2, Pitch: 1, Volume: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if len(faster.Samples) != len(a.Samples)/2 {
		t.Errorf("at rate 2: %d samples, want %d (the model's speed)", len(faster.Samples), len(a.Samples)/2)
	}
}

func putFloat(b []byte, i int, f float32) {
	u := math.Float32bits(f)
	b[4*i], b[4*i+1], b[4*i+2], b[4*i+3] = byte(u), byte(u>>8), byte(u>>16), byte(u>>24)
}

func parseConfig(t *testing.T) *kokoro.Config {
	t.Helper()
	c, err := kokoro.ParseConfig("config.json", kokorotest.Config())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// With the model's durations, each clause's words lie within the stretch the model
// spent on the clause: "three" starts after the ids of "One, two," are said.
func TestDurationsTimeTheClauses(t *testing.T) {
	e := setUp(t, true, twoStyles())
	fe, _ := espeak.New()
	defer fe.Close()
	text := "One, two, three thousand and seventy seven elephants."
	clauses, _ := fe.IPA(context.Background(), "en-us", text)
	symbols := kokoro.Symbols(clauses, text, "en-us")
	if len(symbols) != 3 {
		t.Fatalf("clauses %q", symbols)
	}
	c := parseConfig(t)
	first, _ := kokoro.IDs(append(append([]rune{}, symbols[0]...), symbols[1]...), c)
	// The pad, then the first two clauses' ids.
	boundaryMs := (len(first) - 1) * kokorotest.Units * kokorotest.SamplesPerUnit * 1000 / kokoro.SampleRate
	a, err := e.Synthesize(context.Background(), tts.Request{Text: text, Voice: "af_heart", Prosody: tts.Normal})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range a.Marks {
		if m.Kind != tts.WordMark {
			continue
		}
		word := text[m.Start:m.End]
		switch word {
		case "two":
			if m.EndMs > boundaryMs+1 {
				t.Errorf("%q ends at %d ms, after its clause (%d ms)", word, m.EndMs, boundaryMs)
			}
		case "three":
			if m.StartMs < boundaryMs-1 {
				t.Errorf("%q starts at %d ms, within the clause before (to %d ms)", word, m.StartMs, boundaryMs)
			}
		}
	}
}

// A lexicon entry given as eSpeak's phonemes reaches the model as their IPA (eSpeak
// reads [[…]] as phonemes), not as the letters of the mnemonics spelt out.
func TestLexiconPhonemesReachTheModel(t *testing.T) {
	e := setUp(t, true, twoStyles())
	if !e.ReadsPhonemes() {
		t.Fatal("Kokoro is not given a lexicon entry's phonemes")
	}
	fe, _ := espeak.New()
	defer fe.Close()
	text := "I said [[S@v'O:n]] today."
	clauses, err := fe.IPA(context.Background(), "en-us", text)
	if err != nil {
		t.Fatal(err)
	}
	symbols := kokoro.Symbols(clauses, text, "en-us")
	if len(symbols) != 1 || !strings.Contains(string(symbols[0]), " ʃəvˈɔːn ") {
		t.Fatalf("symbols %q: the entry's phonemes are not in them", symbols)
	}
	ids, _ := kokoro.IDs(symbols[0], parseConfig(t))
	a, err := e.Synthesize(context.Background(), tts.Request{Text: text, Voice: "af_heart", Prosody: tts.Normal})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(ids) * kokorotest.Units * kokorotest.SamplesPerUnit; len(a.Samples) != want {
		t.Errorf("%d samples, want %d: the model was not fed the entry's phonemes", len(a.Samples), want)
	}
}

// A lexicon entry given in IPA reaches the model as written, between eSpeak's IPA
// of the words around it; its word is still timed.
func TestLexiconIPAReachesTheModelAsWritten(t *testing.T) {
	e := setUp(t, true, twoStyles())
	if !e.ReadsIPA() {
		t.Fatal("Kokoro is not given a lexicon entry's IPA")
	}
	fe, _ := espeak.New()
	defer fe.Close()
	text := "I said [[ipa:ʃɪˈvɔːn]] today."
	clauses, err := neural.Transcribe(context.Background(), fe, "en-us", text)
	if err != nil {
		t.Fatal(err)
	}
	var said []rune
	for _, s := range kokoro.Symbols(clauses, text, "en-us") {
		said = append(said, s...)
	}
	if string(said) != "aɪ sˈɛd ʃɪˈvɔːn tədˈeɪ." {
		t.Fatalf("symbols %q: want the IPA as written between eSpeak's", string(said))
	}
	ids, _ := kokoro.IDs(said, parseConfig(t))
	a, err := e.Synthesize(context.Background(), tts.Request{Text: text, Voice: "af_heart", Prosody: tts.Normal})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(ids) * kokorotest.Units * kokorotest.SamplesPerUnit; len(a.Samples) != want {
		t.Errorf("%d samples, want %d: the model was not fed the IPA", len(a.Samples), want)
	}
	var words []string
	for _, m := range a.Marks {
		if m.Kind == tts.WordMark {
			words = append(words, text[m.Start:m.End])
		}
	}
	if len(words) != 4 || words[0] != "I" || words[3] != "today" || !strings.HasPrefix(text[strings.Index(text, words[2]):], words[2]) {
		t.Errorf("word marks %q: want I, said, one within the IPA, today", words)
	}
}

// A grades file that does not read costs the grades, not the voices: the styles
// are listed without them, and ReadGrades (the health check's) names the file.
func TestDamagedGradesCostOnlyTheGrades(t *testing.T) {
	for _, grades := range []string{`{"af_heart": `, `{"af_heart": "excellent"}`} {
		dir := t.TempDir()
		write(t, filepath.Join(dir, "af_heart.bin"), kokorotest.Style(0.5, 1))
		write(t, filepath.Join(dir, kokoro.GradesFile), []byte(grades))
		styles, err := kokoro.ListStyles(dir)
		if err != nil || len(styles) != 1 || styles[0].Grade != "" {
			t.Errorf("%s: styles %+v, %v", grades, styles, err)
		}
		t.Setenv(kokoro.StylesEnv, dir)
		if got, err := kokoro.FindStyles(""); err != nil || got != dir {
			t.Errorf("%s: the styles are not found: %q %v", grades, got, err)
		}
		if _, err := kokoro.ReadGrades(dir); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, kokoro.GradesFile)) {
			t.Errorf("%s: %v", grades, err)
		}
	}
}

// The model's names are kept at install, so that it is loaded once when it first
// speaks; a model installed before they were kept is read then, and speaks alike.
func TestSignatureKeptAtInstall(t *testing.T) {
	onnxtest.Start(t)
	src, dir, styles := t.TempDir(), t.TempDir(), t.TempDir()
	model, config := filepath.Join(src, "kokoro-test.onnx"), filepath.Join(src, "config.json")
	write(t, model, kokorotest.Model(true, "tokens", "audio"))
	write(t, config, kokorotest.Config())
	write(t, filepath.Join(styles, "af_heart.bin"), kokorotest.Style(0.5, 1))
	v, err := kokoro.Install(dir, model, config)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(v.Inputs, v.Outputs); got != "[tokens style speed] [audio durations]" {
		t.Errorf("kept at install: %s", got)
	}
	speak := func() *tts.Audio {
		fe, err := espeak.New()
		if err != nil {
			t.Fatal(err)
		}
		defer fe.Close()
		e, err := kokoro.New(dir, styles, fe)
		if err != nil {
			t.Fatal(err)
		}
		defer e.Close()
		a, err := e.Synthesize(context.Background(), tts.Request{Text: "One, two, three.", Voice: "af_heart", Prosody: tts.Normal})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	first := speak()
	neuraltest.Unkeep(t, dir, v.ID, "inputs", "outputs")
	if again := speak(); len(again.Samples) != len(first.Samples) || fmt.Sprint(again.Marks) != fmt.Sprint(first.Marks) {
		t.Errorf("read at first use: %d samples, marks %v; kept: %d, %v", len(again.Samples), again.Marks, len(first.Samples), first.Marks)
	}
}

// A bare style speaks with the model installed first: a second model installed
// later — here one whose name sorts first — changes no document's voice, nor the
// key its audio is kept under. A model installed before the time was kept counts as
// the older.
func TestTheModelInstalledFirstKeepsTheBareStyles(t *testing.T) {
	onnxtest.Start(t)
	src, dir, styles := t.TempDir(), t.TempDir(), t.TempDir()
	write(t, filepath.Join(styles, "af_heart.bin"), kokorotest.Style(0.5, 1))
	write(t, filepath.Join(src, "config.json"), kokorotest.Config())
	install := func(name string, durations bool) {
		t.Helper()
		write(t, filepath.Join(src, name+".onnx"), kokorotest.Model(durations, "input_ids", "waveform"))
		if _, err := kokoro.Install(dir, filepath.Join(src, name+".onnx"), filepath.Join(src, "config.json")); err != nil {
			t.Fatal(err)
		}
	}
	e := engine(t, dir, styles)
	voices := func() string {
		t.Helper()
		vs, err := e.Voices(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, v := range vs {
			ids = append(ids, v.ID+"="+v.Name)
		}
		return strings.Join(ids, " ")
	}

	install("zz-kokoro", true)
	before := e.VoiceVersion("af_heart")
	install("aa-kokoro", false)
	if got, want := voices(), "af_heart=Heart aa-kokoro#af_heart=Heart (aa-kokoro)"; got != want {
		t.Errorf("voices %q, want %q", got, want)
	}
	if got := e.VoiceVersion("af_heart"); got != before || got != e.VoiceVersion("zz-kokoro#af_heart") || got == e.VoiceVersion("aa-kokoro#af_heart") {
		t.Errorf("af_heart is keyed %q after a second model, %q before: it must stay zz-kokoro's", got, before)
	}

	// zz-kokoro installed before the time was kept: still the older.
	neuraltest.Unkeep(t, dir, "zz-kokoro", "installed_at")
	if got := e.VoiceVersion("af_heart"); got != before {
		t.Errorf("af_heart is keyed %q with zz-kokoro's time unknown, %q before", got, before)
	}
}
