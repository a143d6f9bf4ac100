package espeak_test

import (
	"context"
	"strings"
	"testing"

	"readback/internal/lexicon"
	"readback/internal/tts/espeak"
)

// A lexicon entry's IPA reaches eSpeak in its mnemonics through lexicon's table: the
// IPA eSpeak writes for a language's words, turned into mnemonics and read back by
// eSpeak as phonemes, is the same IPA — every symbol it writes is in the table, and
// each becomes the phoneme it came from.
func TestEspeakReadsTheLexiconsIPA(t *testing.T) {
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ctx := context.Background()
	for voice, text := range map[string]string{
		"en-us": "Siobhan thought the church judge measured rhythm, joy and ninety hours; the cat sat on a red bird's nose, near the yellow sure boat.",
		"en":    "Thought, measure, judge: the father's hot pot stood by the poor boat, and the bird's nose was near here.",
		"fr-fr": "Un bon vin blanc, une rue, le jeu, la fille et le chat.",
		"es":    "El perro corre rápido por la calle y el niño canta.",
		"de":    "Der rote Bär schläft, ich höre über die Brücke Musik.",
		"it":    "Il gatto nero dorme sulla sedia gialla.",
	} {
		clauses, err := e.IPA(ctx, voice, text)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range clauses {
			ipa := strings.TrimSpace(c.IPA)
			m, unknown := lexicon.EspeakFromIPA(ipa, voice)
			if len(unknown) > 0 {
				t.Errorf("%s: %q: the table has no %q", voice, ipa, string(unknown))
				continue
			}
			back, err := e.IPA(ctx, voice, "[["+m+"]]")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, b := range back {
				got = append(got, strings.TrimSpace(b.IPA))
			}
			if strings.Join(got, " ") != ipa {
				t.Errorf("%s: %q → [[%s]] → %q", voice, ipa, m, strings.Join(got, " "))
			}
		}
	}
}
