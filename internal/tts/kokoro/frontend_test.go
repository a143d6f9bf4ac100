package kokoro_test

import (
	"context"
	"strings"
	"testing"

	"readback/internal/tts/espeak"
	"readback/internal/tts/kokoro"
)

// kokoro-js's reading of eSpeak's phonemes: its corrections ("Kokoro", American
// "ninety", "hundred" a word apart, r → ɹ), each clause's punctuation and a space.
func TestFrontEndAsKokoroJS(t *testing.T) {
	fe, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	defer fe.Close()
	for _, c := range []struct {
		espeak, language, text string
		want                   []string
	}{
		{"en-us", "en-us", "Kokoro is an open-weight model, ninety nine hundred.",
			[]string{"kˈoʊkəɹoʊ ɪz ɐn ˈoʊpənwˈeɪt mˈɑːdəl, ", "nˈaɪndi nˈaɪn hˈʌndɹɪd."}},
		{"en", "en-gb", "Kokoro is an open-weight model; ninety nine hundred! \"Quoted,\" she said…",
			[]string{"kˈəʊkəɹəʊ ɪz ɐn ˈəʊpənwˈeɪt mˈɒdəl; ", "nˈaɪnti nˈaɪn hˈʌndɹɪd! ", "kwˈəʊtɪd, ", "ʃiː sˈɛd…"}},
		{"fr-fr", "fr-fr", "Bonjour, un bon vin blanc.", []string{"bɔ̃ʒˈuʁ, ", "œ̃ bˈɔ̃ vˈɛ̃ blˈɑ̃."}},
	} {
		clauses, err := fe.IPA(context.Background(), c.espeak, c.text)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range kokoro.Symbols(clauses, c.text, c.language) {
			got = append(got, string(s))
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s %q:\n got %q\nwant %q", c.language, c.text, got, c.want)
		}
	}
}
