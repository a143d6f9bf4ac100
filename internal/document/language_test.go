package document

import (
	"context"
	"strings"
	"testing"
)

// The language of a manuscript that does not say is found from its text, in ten
// languages and seven scripts (sentences written for this test); a text too short to
// judge is left without one.
func TestDetectLanguage(t *testing.T) {
	cases := map[string]string{
		"en": "The harbour master keeps a ledger of every vessel that enters after dark.",
		"de": "Der Hafenmeister führt ein Buch über jedes Schiff, das nach Einbruch der Dunkelheit einläuft.",
		"fr": "Le capitaine du port tient un registre de chaque navire qui entre après la tombée de la nuit.",
		"es": "El capitán del puerto lleva un registro de cada barco que entra después del anochecer.",
		"ru": "Начальник порта ведёт журнал каждого судна, входящего в гавань после наступления темноты.",
		"ar": "مدير الميناء يحتفظ بسجل لكل سفينة تدخل بعد حلول الظلام.",
		"he": "מנהל הנמל מנהל יומן של כל ספינה שנכנסת אחרי רדת החשכה.",
		"hi": "बंदरगाह का मालिक अंधेरा होने के बाद आने वाले हर जहाज़ का हिसाब रखता है।",
		"zh": "港务长记录着天黑后进港的每一艘船。",
		"ja": "港長は日が暮れてから入港するすべての船を帳簿に記録している。",
		"fa": "رئیس بندر دفتری از هر کشتی که پس از تاریک شدن هوا وارد می‌شود نگه می‌دارد.",
		"":   "Ahoy!",
		// Too short to tell among the Latin languages (whatlanggo says Dutch, at
		// 0.08): left to the English default rather than guessed.
		"-": "Dr. Reyes met Siobhan at 3.30 a.m. on 12 May 1990.",
	}
	for want, text := range cases {
		want = strings.TrimPrefix(want, "-")
		if got := detectLanguage([]Block{{Kind: Paragraph, Text: text}}); got != want {
			t.Errorf("%q: got %q, want %q", text, got, want)
		}
	}
}

// The file's own word wins over the guess: an HTML page that says it is French is
// French, whatever its text; one that says nothing is judged by its text.
func TestLanguageFromMetadataFirst(t *testing.T) {
	text := "<p>The harbour master keeps a ledger of every vessel that enters after dark, and writes in it every night.</p>"
	doc, err := Parse(context.Background(), "a.html", []byte(`<html lang="fr"><body>`+text+`</body></html>`), DefaultLimits())
	if err != nil || doc.Language != "fr" {
		t.Fatalf("%v %q", err, doc.Language)
	}
	doc, err = Parse(context.Background(), "b.txt", []byte("Der Hafenmeister führt ein Buch über jedes Schiff, das nach Einbruch der Dunkelheit einläuft, und schreibt jede Nacht darin."), DefaultLimits())
	if err != nil || doc.Language != "de" {
		t.Fatalf("%v %q", err, doc.Language)
	}
}

// A file's language tag is made canonical, and one that says nothing is left to the
// text.
func TestMetadataLanguage(t *testing.T) {
	for in, want := range map[string]string{"en-us": "en-US", "eng": "en", "deu": "de", "zh_CN": "zh-CN", "und": "", "mul": "", "zxx": "", "English": "", " fr ": "fr", "pt-br": "pt-BR"} {
		if got := metadataLanguage(in); got != want {
			t.Errorf("metadataLanguage(%q) = %q, want %q", in, got, want)
		}
	}
}
