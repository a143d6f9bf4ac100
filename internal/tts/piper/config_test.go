package piper_test

import (
	"slices"
	"strings"
	"testing"

	"readback/internal/tts/espeak"
	"readback/internal/tts/piper"
)

const small = `{"audio": {"sample_rate": 22050}, "espeak": {"voice": "en-us"},
 "inference": {"noise_scale": 0.667, "length_scale": 1, "noise_w": 0.8},
 "phoneme_map": {"ʁ": ["r"]},
 "phoneme_id_map": {"_": [0], "^": [1], "$": [2], " ": [3], ",": [4], ".": [5], "?": [6], "!": [7],
   "a": [8], "b": [9], "c": [10], "r": [11], "\u0327": [12]},
 "num_symbols": 13, "num_speakers": 1}`

// Clauses become sentences the way Piper's front end makes them: a full stop, a
// question or an exclamation ends one (also behind a closing quote, and in other
// scripts), a comma is followed by a space, a clause cut without punctuation adds
// nothing, eSpeak's language flags are dropped; the phonemes are decomposed and
// mapped as the voice says.
func TestSentencesFromClauses(t *testing.T) {
	cfg, err := piper.ParseConfig("small.onnx.json", []byte(small))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		clauses []espeak.Clause
		want    []string
	}{
		{[]espeak.Clause{{IPA: "a", Text: "Go, "}, {IPA: "b", Text: "now!” "}, {IPA: "c", Text: "Why?"}}, []string{"a, b!", "c?"}},
		{[]espeak.Clause{{IPA: "a", Text: "one two"}, {IPA: "b", Text: " three."}}, []string{"ab."}},
		{[]espeak.Clause{{IPA: "ç", Text: "ça"}, {IPA: "ʁ", Text: "。"}}, []string{"c\u0327r."}},
		{[]espeak.Clause{{IPA: "a (en)b(de) c", Text: "Team, "}, {IPA: "(en-us)a", Text: "ok."}}, []string{"a b c, a."}},
		{[]espeak.Clause{{IPA: "a", Text: "A."}, {IPA: "", Text: " …"}}, []string{"a."}},
	} {
		var got []string
		for _, s := range piper.Phonemes(c.clauses, cfg) {
			got = append(got, string(s))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%+v: %q, want %q", c.clauses, got, c.want)
		}
	}
	ids, missing := piper.IDs([]rune("ab?x"), cfg)
	if !slices.Equal(ids, []int64{1, 0, 8, 0, 9, 0, 6, 0, 2}) || string(missing) != "x" {
		t.Errorf("ids %v, missing %q", ids, string(missing))
	}
}

// A broken config is refused with its file's name and what is wrong with it.
func TestConfigIsChecked(t *testing.T) {
	for _, c := range []struct{ edit, want string }{
		{`"sample_rate": 22050`, `"sample_rate": 0`},
		{`"voice": "en-us"`, `"voice": ""`},
		{`"_": [0], `, ``},
		{`"c": [10]`, `"c": [99]`},
		{`"c": [10]`, `"cc": [10]`},
		{`"noise_w": 0.8`, `"noise_w": -1`},
		{`{"audio"`, `["audio"`},
	} {
		text := strings.Replace(small, c.edit, c.want, 1)
		_, err := piper.ParseConfig("voice.onnx.json", []byte(text))
		if err == nil || !strings.HasPrefix(err.Error(), "voice.onnx.json: ") {
			t.Errorf("%s → %s: %v", c.edit, c.want, err)
		}
	}
}
