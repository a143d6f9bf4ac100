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

// A block keeps the language it is marked with: a blockquote or a paragraph with
// lang (or XHTML's xml:lang), a paragraph whose every word is in one marked span; a
// paragraph that only quotes a phrase is its element's language (the page's, or a
// French quotation's that quotes an English word). Whether it is a passage in
// another language is decided against the document's when it is read.
func TestPassageLanguages(t *testing.T) {
	page := `<html lang="en"><body>
<p>The keeper read the letter aloud to the whole harbour that evening.</p>
<blockquote lang="fr"><p>Le phare ne s'éteint jamais.</p><p>Jamais, dit-il.</p></blockquote>
<p><i lang="de">Der Leuchtturm schläft nie.</i></p>
<p>He said <i lang="de">nie</i> and smiled.</p>
<p xml:lang="es">El faro nunca duerme.</p>
<p lang="en-GB">Back in English, the keeper went home.</p>
<div lang="ar"><h2>الفنار</h2></div>
<blockquote lang="fr"><p>Il a dit « <i lang="en">hello</i> » et il est parti.</p></blockquote>
<p lang="">A paragraph whose language is not known.</p>
</body></html>`
	doc, err := Parse(context.Background(), "a.html", []byte(page), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"en", "fr", "fr", "de", "en", "es", "en-GB", "ar", "fr", ""}
	var got []string
	for _, b := range doc.Blocks {
		got = append(got, b.Lang)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("languages %q, want %q", got, want)
	}

	// Markdown's raw HTML is read by the same reader.
	md := "# Notes\n\nThe keeper wrote down what the sailor sang that night by the fire.\n\n<blockquote lang=\"it\">Il mare è calmo stasera.</blockquote>\n"
	if doc, err = Parse(context.Background(), "a.md", []byte(md), DefaultLimits()); err != nil {
		t.Fatal(err)
	}
	if last := doc.Blocks[len(doc.Blocks)-1]; last.Lang != "it" {
		t.Errorf("Markdown raw HTML passage: %+v", last)
	}
}

// Word marks each run's language (w:lang): a paragraph whose runs are all in one
// language is in it, Japanese runs take the eastAsia language (and none from a
// Latin-only mark), a mixed paragraph is left to its document.
func TestDOCXPassageLanguages(t *testing.T) {
	body := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:rPr><w:lang w:val="en-GB"/></w:rPr><w:t>The keeper read the letter aloud to the whole harbour that evening.</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:lang w:val="fr-FR"/></w:rPr><w:t xml:space="preserve">Le phare </w:t></w:r><w:r><w:rPr><w:i/><w:lang w:val="fr-FR"/></w:rPr><w:t>ne s'éteint jamais.</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">He said </w:t></w:r><w:r><w:rPr><w:lang w:val="de-DE"/></w:rPr><w:t>nie</w:t></w:r><w:r><w:t xml:space="preserve"> and smiled.</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:lang w:val="en-GB" w:eastAsia="ja-JP"/></w:rPr><w:t>灯台は眠らない。</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:lang w:val="en-US"/></w:rPr><w:t>灯台は眠らない、と彼は言った。</w:t></w:r></w:p>
</w:body></w:document>`
	data := zipSeed(
		[2]string{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		[2]string{"_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		[2]string{"word/document.xml", body},
	)
	doc, err := Parse(context.Background(), "a.docx", data, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.Blocks {
		got = append(got, b.Lang)
	}
	if want := []string{"en-GB", "fr-FR", "", "ja-JP", ""}; strings.Join(got, ",") != strings.Join(want, ",") || doc.Language != "en" {
		t.Fatalf("languages %q (document %q), want %q", got, doc.Language, want)
	}
}

// Words are counted per script: spaces divide them, and in Chinese and Japanese
// each character is one, as word processors count.
func TestCountWords(t *testing.T) {
	for s, want := range map[string]int{
		"The keeper climbed the stairs.": 5,
		"港务长记录着天黑后进港的每一艘船。":              16,
		"灯台守は夜ごとに階段を上った。":                14,
		"He said 灯台 twice.":              5,
		"Начальник порта ведёт журнал.":  4,
		"مدير الميناء يحتفظ بسجل.":       4,
		"  \t\n":       0,
		"「灯台」と、彼は言った。": 8,
	} {
		if got := CountWords(s); got != want {
			t.Errorf("CountWords(%q) = %d, want %d", s, got, want)
		}
	}
}

// Two tags are one language when their primary languages agree and, where both
// name a region, their regions: French of Belgium counts otherwise than France's.
func TestSameLanguage(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"en", "en-GB", true}, {"", "en-US", true}, {"fr", "fr-FR", true}, {"fr-BE", "fr-FR", false},
		{"zh-Hant-TW", "zh-TW", true}, {"zh-Hant-TW", "zh-HK", false}, {"de", "fr", false}, {"pt-BR", "pt", true},
	} {
		if got := SameLanguage(c.a, c.b); got != c.same {
			t.Errorf("SameLanguage(%q, %q) = %v", c.a, c.b, got)
		}
	}
	for tag, want := range map[string]string{"de-CH": "CH", "zh-Hant-TW": "TW", "es-419": "419", "en": "", "sr-Latn": "", "de-1996": ""} {
		if got := Region(tag); got != want {
			t.Errorf("Region(%q) = %q, want %q", tag, got, want)
		}
	}
}

// A Word file's language is the one its runs are marked with for most of the text,
// else its styles' default (w:docDefaults), when its properties say none.
func TestDOCXLanguageFromRunsAndStyles(t *testing.T) {
	rels := `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
	styles := func(lang string) string {
		return `<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="` + lang + `"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/><w:rPr><w:lang w:val="xx-XX"/></w:rPr></w:style></w:styles>`
	}
	body := func(runLang string) string {
		rpr := ""
		if runLang != "" {
			rpr = `<w:rPr><w:lang w:val="` + runLang + `"/></w:rPr>`
		}
		return `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r>` + rpr + `<w:t>Der Leuchtturmwärter stieg jeden Abend die Treppe hinauf.</w:t></w:r></w:p>
<w:p><w:r>` + rpr + `<w:t>Die Lampe brannte die ganze Nacht.</w:t></w:r></w:p></w:body></w:document>`
	}
	for _, c := range []struct{ runs, defaults, want string }{{"de-DE", "en-US", "de-DE"}, {"", "fr-FR", "fr-FR"}} {
		data := zipSeed([2]string{"_rels/.rels", rels}, [2]string{"word/document.xml", body(c.runs)}, [2]string{"word/styles.xml", styles(c.defaults)})
		doc, err := Parse(context.Background(), "a.docx", data, DefaultLimits())
		if err != nil || doc.Language != c.want {
			t.Errorf("runs %q, defaults %q: %v %q, want %q", c.runs, c.defaults, err, doc.Language, c.want)
		}
	}
}
