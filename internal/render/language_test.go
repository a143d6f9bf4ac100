package render_test

import (
	"testing"

	"readback/internal/render"
	"readback/internal/store"
)

// A document with no voice chosen is read by eSpeak's voice for its language;
// English (and no language) keeps the engine's default; a voice the writer chose wins.
func TestDocumentVoiceFollowsLanguage(t *testing.T) {
	for tag, want := range map[string]string{
		"": "", "en": "", "en-US": "", "und": "", "mul": "", "zxx": "", "de": "de", "ar": "ar", "he": "he", "fa": "fa",
		"zh": "cmn", "zh-CN": "cmn", "zh-Hans": "cmn", "zh-HK": "yue", "zh-Hant-HK": "yue", "ja": "ja", "hi": "hi",
		"no": "nb", "pt-BR": "pt-br",
		// Languages eSpeak has no voice for are read by the default voice, not failed.
		"yo": "", "zu": "", "xx-nonsense": "",
	} {
		if got := render.LanguageVoice(tag); got != want {
			t.Errorf("LanguageVoice(%q) = %q, want %q", tag, got, want)
		}
	}
	v := render.DocumentVoice(&store.Document{Language: "ar"}, render.Voice{})
	if v.Engine != "espeak" || v.Voice != "ar" {
		t.Fatalf("Arabic document: %+v", v)
	}
	v = render.DocumentVoice(&store.Document{Language: "ar", Voice: "espeak:en-gb-x-rp"}, render.Voice{})
	if v.Voice != "en-gb-x-rp" {
		t.Fatalf("the writer's voice: %+v", v)
	}
	v = render.DocumentVoice(&store.Document{Language: "ar"}, render.Voice{Engine: "espeak", Voice: "he"})
	if v.Voice != "he" {
		t.Fatalf("the request's voice: %+v", v)
	}
	if v := render.DocumentVoice(&store.Document{Language: "en-GB"}, render.Voice{}); v.Engine != "" || v.Voice != "" {
		t.Fatalf("English: %+v", v)
	}
}
