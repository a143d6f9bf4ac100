package render_test

import (
	"context"
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

// A passage in another language inside a book is read by that language's voice
// and rules: a French quotation in a German book by the French voice, its "1er mai"
// by French rules; an English line by the English voice; the German around them by
// the German voice and German rules. A voice the writer gives a sentence wins.
func TestPassagesReadInTheirLanguage(t *testing.T) {
	f := newFixture(t, "# Der Leuchtturm\n\nDer Wärter stieg am 3. Oktober 1990 die Treppe hinauf und zündete die Lampe an.\n\n"+
		"<blockquote lang=\"fr\">Le phare veille depuis le 1er mai 1990.</blockquote>\n\n"+
		"<p lang=\"en\">The lamp burned until 3 o'clock.</p>\n\nDann schlief er ein, müde nach der langen Nacht.\n")
	ctx := context.Background()
	b, err := f.r.Book(ctx, f.doc, render.Voice{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ voice, text string }{
		{"de", "Der Leuchtturm"},
		{"de", "Der Wärter stieg am dritten Oktober neunzehnhundertneunzig die Treppe hinauf und zündete die Lampe an."},
		{"fr-fr", "Le phare veille depuis le premier mai mille neuf cent quatre-vingt-dix."},
		{"en-gb-x-rp", "The lamp burned until three o'clock."},
		{"de", "Dann schlief er ein, müde nach der langen Nacht."},
	}
	if len(b.Items) != len(want) {
		t.Fatalf("%d items: %+v", len(b.Items), b.Items)
	}
	for i, w := range want {
		if it := b.Items[i]; it.Voice.Engine != "espeak" || it.Voice.Voice != w.voice || it.Text != w.text {
			t.Errorf("item %d: %s:%s %q, want espeak:%s %q", i, it.Voice.Engine, it.Voice.Voice, it.Text, w.voice, w.text)
		}
	}
	if err := f.st.Apply(ctx, f.doc, "voice", []store.Edit{{Kind: "segment", Ord: 2, State: store.SegmentState{Voice: "espeak:de"}}}); err != nil {
		t.Fatal(err)
	}
	if b, err = f.r.Book(ctx, f.doc, render.Voice{}); err != nil || b.Items[2].Voice.Voice != "de" {
		t.Fatalf("the writer's voice for the sentence: %v %+v", err, b.Items[2].Voice)
	}
	// So does a voice the writer gave the chapter.
	if err := f.st.Apply(ctx, f.doc, "chapter", []store.Edit{{Kind: "section", Ord: 0, State: store.SegmentState{Voice: "espeak:en-us"}}}); err != nil {
		t.Fatal(err)
	}
	if b, err = f.r.Book(ctx, f.doc, render.Voice{}); err != nil || b.Items[3].Voice.Voice != "en-us" {
		t.Fatalf("the chapter's voice: %v %+v", err, b.Items[3].Voice)
	}
}
