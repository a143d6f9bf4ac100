package piper_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"readback/internal/tts/espeak"
	"readback/internal/tts/piper"
)

// shared is Piper's own reference data (../shared/piper beside the project).
const shared = "../../../../shared/piper"

// The front end feeds a voice what Piper's own does: for every sentence of Piper's
// test data, in American and British English, the same phonemes and the same ids.
func TestFrontEndReproducesPiper(t *testing.T) {
	cfg, e := sharedVoice(t)
	for _, set := range []struct{ file, voice string }{
		{"test_en-us.jsonl", "en-us"},
		{"test_en-gb-x-rp.jsonl", "en-gb-x-rp"},
	} {
		f, err := os.Open(filepath.Join(shared, set.file))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		n := 0
		for sc.Scan() {
			var want struct {
				Text       string   `json:"text"`
				Phonemes   []string `json:"phonemes"`
				PhonemeIDs []int64  `json:"phoneme_ids"`
			}
			if err := json.Unmarshal(sc.Bytes(), &want); err != nil {
				t.Fatalf("%s: %v", set.file, err)
			}
			n++
			clauses, err := e.IPA(context.Background(), set.voice, want.Text)
			if err != nil {
				t.Fatal(err)
			}
			sentences := piper.Phonemes(clauses, cfg)
			if len(sentences) != 1 {
				t.Errorf("%s %q: %d sentences", set.voice, want.Text, len(sentences))
				continue
			}
			var got []string
			for _, r := range sentences[0] {
				got = append(got, string(r))
			}
			if !slices.Equal(got, want.Phonemes) {
				t.Errorf("%s %q:\nphonemes %q\nwant     %q", set.voice, want.Text, got, want.Phonemes)
			}
			ids, missing := piper.IDs(sentences[0], cfg)
			if !slices.Equal(ids, want.PhonemeIDs) || len(missing) > 0 {
				t.Errorf("%s %q:\nids  %v (missing %q)\nwant %v", set.voice, want.Text, ids, string(missing), want.PhonemeIDs)
			}
		}
		f.Close()
		if n == 0 {
			t.Errorf("%s: no sentences", set.file)
		}
	}
}

// A word eSpeak reads by another language's rules comes marked "(en)…(de)"; the
// marks are not phonemes, and are not fed to the voice.
func TestLanguageFlagsAreNotPhonemes(t *testing.T) {
	cfg, e := sharedVoice(t)
	clauses, err := e.IPA(context.Background(), "de", "Wir sprechen mit dem Team, okay.")
	if err != nil {
		t.Fatal(err)
	}
	var ipa string
	for _, c := range clauses {
		ipa += c.IPA
	}
	if !strings.Contains(ipa, "(en)") {
		t.Fatalf("eSpeak marked no English word in %q: the test needs one", ipa)
	}
	for _, s := range piper.Phonemes(clauses, cfg) {
		if strings.ContainsAny(string(s), "()") || strings.Contains(string(s), "en)") {
			t.Errorf("a language flag reached the voice: %q", string(s))
		}
	}
}

// sharedVoice is Piper's real voice config (../shared/piper) and eSpeak.
func sharedVoice(t *testing.T) (*piper.Config, *espeak.Engine) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(shared, "test_voice.onnx.json"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := piper.ParseConfig("test_voice.onnx.json", raw)
	if err != nil {
		t.Fatal(err)
	}
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return cfg, e
}
