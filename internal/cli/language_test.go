package cli_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"readback/internal/cli"
)

// A manuscript in another language is read by a voice of that language, found from
// its text, and sounds like speech: its audio per letter is within the range of
// spoken language, not the five times longer of a voice spelling out letter names.
// The texts are written for this test.
func TestConvertReadsEachLanguageWithItsVoice(t *testing.T) {
	cases := []struct {
		lang, voice, text string
		min, max          float64 // seconds of audio per letter
	}{
		{"de", "espeak:de", "Der Hafenmeister führt ein Buch über jedes Schiff, das nach Einbruch der Dunkelheit einläuft. Am Ende des Jahres wird es geschlossen.", 0.03, 0.12},
		{"fr", "espeak:fr-fr", "Le capitaine du port tient un registre de chaque navire qui entre après la tombée de la nuit. À la fin de l'année, il le ferme.", 0.03, 0.12},
		{"ru", "espeak:ru", "Начальник порта ведёт журнал каждого судна, входящего в гавань после наступления темноты. В конце года журнал закрывают.", 0.03, 0.12},
		{"ar", "espeak:ar", "مدير الميناء يحتفظ بسجل لكل سفينة تدخل بعد حلول الظلام. في نهاية السنة يغلق السجل.", 0.04, 0.16},
		{"he", "espeak:he", "מנהל הנמל מנהל יומן של כל ספינה שנכנסת אחרי רדת החשכה. בסוף השנה הוא סוגר את היומן.", 0.04, 0.16},
		{"hi", "espeak:hi", "बंदरगाह का मालिक अंधेरा होने के बाद आने वाले हर जहाज़ का हिसाब रखता है। साल के अंत में वह किताब बंद करता है।", 0.03, 0.16},
		{"zh", "espeak:cmn", "港务长记录着天黑后进港的每一艘船。年底的时候，他把账本合上。", 0.12, 0.45},
		// Japanese in kanji and kana: eSpeak reads kana only, so the kanji are given
		// their readings; read as "Chinese letter" each, this would be over 0.5.
		{"ja", "espeak:ja", "港長は日が暮れてから入港するすべての船を帳簿に記録している。年末になると、彼は帳簿を閉じる。", 0.08, 0.3},
		{"es", "espeak:es", "El capitán del puerto lleva un registro de cada barco que entra después del anochecer. Al final del año lo cierra.", 0.03, 0.12},
		{"el", "espeak:el", "Ο λιμενάρχης κρατά ημερολόγιο για κάθε πλοίο που μπαίνει στο λιμάνι μετά το σούρουπο. Στο τέλος του χρόνου το κλείνει.", 0.03, 0.12},
	}
	dir := t.TempDir()
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			in := write(t, dir, c.lang+".txt", c.text+"\n")
			s, r := convert(t, "--data-dir", filepath.Join(dir, "data-"+c.lang), in, "-o", filepath.Join(dir, c.lang+".wav"))
			if r.code != 0 || s.Failed != 0 {
				t.Fatalf("%d %s", r.code, r.stderr)
			}
			if s.Language != c.lang || s.Voice != c.voice {
				t.Fatalf("language %q, voice %q; want %q, %q", s.Language, s.Voice, c.lang, c.voice)
			}
			letters := 0
			for _, r := range c.text {
				if unicode.IsLetter(r) {
					letters++
				}
			}
			t.Logf("%s: %.3f s per letter", c.lang, s.AudioSeconds/float64(letters))
			if per := s.AudioSeconds / float64(letters); per < c.min || per > c.max {
				t.Errorf("%.3f s of audio per letter (%.1f s for %d letters), want %.2f–%.2f", per, s.AudioSeconds, letters, c.min, c.max)
			}
		})
	}
	// The same Arabic read by the English voice, as every book was before: letter
	// names, several times as long — what the range above is there to catch.
	in := write(t, dir, "ar-en.txt", cases[3].text+"\n")
	s, r := convert(t, "--data-dir", filepath.Join(dir, "data-ar-en"), "--voice", "espeak:en-gb-x-rp", in, "-o", filepath.Join(dir, "ar-en.wav"))
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	letters := len([]rune(strings.ReplaceAll(strings.ReplaceAll(cases[3].text, " ", ""), ".", "")))
	if per := s.AudioSeconds / float64(letters); per <= cases[3].max {
		t.Errorf("the English voice read Arabic at %.3f s per letter: the check above would not catch letter names", per)
	}
}

// `text --spoken` prints what will be spoken: numbers and abbreviations read out by
// the rules of the document's language (English, German, French), the library's
// lexicon applied; a language Readback has no rules for is left to its voice.
func TestTextSpoken(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if r := run(t, "lexicon", "add", "Siobhan", "--say", "shiv awn", "--data-dir", data); r.code != 0 {
		t.Fatal(r.stderr)
	}
	en := write(t, dir, "en.md", "# Chapter IV\n\nDr. Reyes met Siobhan at 3.30 a.m. on the quay, where the harbour master keeps his ledger.\n")
	r := run(t, "text", "--spoken", "--data-dir", data, en)
	if want := "Chapter four\nDoctor Reyes met shiv awn at three thirty a m on the quay, where the harbour master keeps his ledger.\n"; r.code != 0 || r.stdout != want {
		t.Fatalf("%d %q\nwant %q", r.code, r.stdout, want)
	}
	if r := run(t, "text", "--data-dir", data, en); !strings.Contains(r.stdout, "Dr. Reyes met Siobhan at 3.30 a.m.") {
		t.Fatalf("without --spoken, the manuscript's words: %q", r.stdout)
	}
	de := write(t, dir, "de.txt", "Der Hafenmeister sah am 3. Oktober 1990 genau 17 Schiffe, die nach Einbruch der Dunkelheit einliefen.\n")
	if r := run(t, "text", "--spoken", "--data-dir", data, de); r.stdout != "Der Hafenmeister sah am dritten Oktober neunzehnhundertneunzig genau siebzehn Schiffe, die nach Einbruch der Dunkelheit einliefen.\n" {
		t.Fatalf("German: %q", r.stdout)
	}
	es := write(t, dir, "es.txt", "El capitán del puerto contó 17 barcos el 3 de octubre de 1990, cuando ya había anochecido sobre la bahía.\n")
	if r := run(t, "text", "--spoken", "--data-dir", data, es); r.stdout != "El capitán del puerto contó 17 barcos el 3 de octubre de 1990, cuando ya había anochecido sobre la bahía.\n" {
		t.Fatalf("Spanish, which has no rules here, is left to its voice: %q", r.stdout)
	}
}

// epubOf writes an EPUB 3 in the language lang whose chapters are XHTML bodies.
func epubOf(t *testing.T, dir, name, lang, title string, chapters ...string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, body string, method uint16) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	add("mimetype", "application/epub+zip", zip.Store)
	add("META-INF/container.xml", `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`, zip.Deflate)
	var manifest, spine strings.Builder
	for i, body := range chapters {
		id := fmt.Sprintf("c%d", i+1)
		fmt.Fprintf(&manifest, `<item id="%s" href="%s.xhtml" media-type="application/xhtml+xml"/>`, id, id)
		fmt.Fprintf(&spine, `<itemref idref="%s"/>`, id)
		add("OEBPS/"+id+".xhtml", `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" xml:lang="`+lang+`" lang="`+lang+`"><head><title>`+id+`</title></head><body>`+body+`</body></html>`, zip.Deflate)
	}
	add("OEBPS/content.opf", `<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:uuid:1</dc:identifier><dc:title>`+title+`</dc:title><dc:language>`+lang+`</dc:language></metadata><manifest>`+manifest.String()+`</manifest><spine>`+spine.String()+`</spine></package>`, zip.Deflate)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

type chapterVoices struct {
	Chapters []struct {
		Title  string   `json:"title"`
		Voices []string `json:"voices"`
	} `json:"chapter_voices"`
}

// An Arabic EPUB and a Japanese one convert with their language's voice by
// default, at a length speech of that language takes (not letter names); the
// Japanese book's ruby is read once, its placeholder alt texts not at all, and its
// English passage by the English voice, which --json names for that chapter.
func TestConvertArabicAndJapaneseEPUBs(t *testing.T) {
	dir := t.TempDir()
	ar := epubOf(t, dir, "ar.epub", "ar", "الفنار",
		`<h1>الفصل الأول</h1><p>مدير الميناء يحتفظ بسجل لكل سفينة تدخل بعد حلول الظلام.</p><p>في الصباح يقرأ السجل ويعد السفن التي وصلت.</p>`,
		`<h1>الفصل الثاني</h1><p>في نهاية السنة يغلق السجل ويضعه على الرف مع السجلات القديمة.</p>`)
	alt := `<img src="x.png" alt="代替テキスト"/>`
	ja := epubOf(t, dir, "ja.epub", "ja", "灯台",
		`<h1>第一章</h1><p>港長は日が暮れてから入港するすべての船を帳簿に記録している。`+alt+`</p><p><ruby>灯台<rt>とうだい</rt></ruby>の灯りは一晩中消えなかった。`+alt+`</p>`,
		`<h1>第二章</h1><p>年末になると、彼は帳簿を閉じる。`+alt+`</p><p lang="en">The keeper closed the ledger.</p>`)
	for _, c := range []struct {
		file, lang, voice string
		min, max          float64
	}{{ar, "ar", "espeak:ar", 0.04, 0.16}, {ja, "ja", "espeak:ja", 0.08, 0.3}} {
		out := filepath.Join(dir, c.lang+".wav")
		var o bytes.Buffer
		t.Setenv("READBACK_TEST_CLI", "1")
		code := cli.Run(context.Background(), []string{"convert", "--json", "--data-dir", filepath.Join(dir, "data-"+c.lang), c.file, "-o", out},
			cli.Env{Stdout: &o, Stderr: io.Discard, Executable: os.Args[0]})
		var s summary
		var v chapterVoices
		if code != 0 || json.Unmarshal(o.Bytes(), &s) != nil || json.Unmarshal(o.Bytes(), &v) != nil {
			t.Fatalf("%s: %d %s", c.file, code, o.String())
		}
		if s.Language != c.lang || s.Voice != c.voice || s.Failed != 0 {
			t.Fatalf("%s: %+v", c.lang, s)
		}
		// The letters the listener should hear: the text read, once.
		r := run(t, "text", "--data-dir", filepath.Join(dir, "data-"+c.lang), c.file)
		letters := 0
		for _, ch := range r.stdout {
			if unicode.IsLetter(ch) {
				letters++
			}
		}
		if strings.Contains(r.stdout, "とうだい") || strings.Contains(r.stdout, "代替") {
			t.Errorf("%s: ruby read twice or a placeholder read: %q", c.lang, r.stdout)
		}
		per := s.AudioSeconds / float64(letters)
		t.Logf("%s: %.1f s of audio, %d letters, %.3f s per letter; chapters %+v", c.lang, s.AudioSeconds, letters, per, v.Chapters)
		if per < c.min || per > c.max {
			t.Errorf("%s: %.3f s per letter, want %.2f–%.2f", c.lang, per, c.min, c.max)
		}
		if len(v.Chapters) != 2 || v.Chapters[0].Voices[0] != c.voice {
			t.Fatalf("%s: chapters %+v", c.lang, v.Chapters)
		}
		if c.lang == "ja" && strings.Join(v.Chapters[1].Voices, ",") != "espeak:ja,espeak:en-gb-x-rp" {
			t.Errorf("the English passage's voice: %+v", v.Chapters[1])
		}
	}
}

// A language no installed voice reads is said so: the book is read by the default
// voice, and the writer is told how to choose another.
func TestConvertSaysWhenNoVoiceReadsTheLanguage(t *testing.T) {
	dir := t.TempDir()
	in := write(t, dir, "yo.txt", "Olùṣọ́ ilé-ìmọ́lẹ̀ náà gun àtẹ̀gùn lọ ní alẹ́ kọ̀ọ̀kan.\n")
	s, r := convert(t, "--data-dir", filepath.Join(dir, "data"), "--language", "yo", in, "-o", filepath.Join(dir, "yo.wav"))
	if r.code != 0 || s.Language != "yo" || s.Voice != "espeak:en-gb-x-rp" || !strings.Contains(r.stderr, "no installed voice reads yo") {
		t.Fatalf("%d %+v %q", r.code, s, r.stderr)
	}
	in = write(t, dir, "de.txt", "Der Hafenmeister führt ein Buch über jedes Schiff, das nach Einbruch der Dunkelheit einläuft.\n")
	if _, r := convert(t, "--data-dir", filepath.Join(dir, "data"), in, "-o", filepath.Join(dir, "de.wav")); strings.Contains(r.stderr, "no installed voice") {
		t.Fatalf("German has a voice: %q", r.stderr)
	}
}
