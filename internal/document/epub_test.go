package document_test

import (
	"context"
	"strings"
	"testing"

	"readback/internal/document"
)

// A book set as SVG pages (a fixed-layout EPUB) is read from its text elements, page
// by page, and an EPUB quiz's questions are read from the object's fallback.
func TestEPUBSVGPagesAndObjectFallback(t *testing.T) {
	opf := `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Pages</dc:title></metadata>
<manifest><item id="p1" href="p1.svg" media-type="image/svg+xml"/><item id="p2" href="p2.xhtml" media-type="application/xhtml+xml"/></manifest>
<spine><itemref idref="p1"/><itemref idref="p2"/></spine></package>`
	page := `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 800"><title>page 1</title>
<text x="40" y="60">It was a dark night on the causeway,</text>
<text x="40" y="90"><tspan>and the lamp</tspan> <tspan>was out.</tspan></text></svg>`
	quiz := xhtml("quiz", `<object data="quiz.js" type="application/javascript"><param name="n" value="1"/><p>Which gas is lighter than air?</p></object>`)
	data := makeZip(t,
		entry{"mimetype", "application/epub+zip"},
		entry{"META-INF/container.xml", `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf"/></rootfiles></container>`},
		entry{"content.opf", opf}, entry{"p1.svg", page}, entry{"p2.xhtml", quiz})
	doc, err := document.Parse(context.Background(), "pages.epub", data, document.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	got := kindsAndTexts(doc)
	want := "break: Part 1|paragraph: It was a dark night on the causeway, and the lamp was out.|break: Part 2|paragraph: Which gas is lighter than air?"
	if strings.Join(got, "|") != want {
		t.Fatalf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}
}

// A Markdown file's raw HTML is read as an HTML file is: the words of a centred
// paragraph, never a script, a style or a hidden part; a <br> is a space.
func TestMarkdownRawHTML(t *testing.T) {
	src := "# Notes\n\n<div align=center>\n<p>The End.</p>\n<script>alert('read me')</script>\n<p hidden>secret</p><style>p{}</style>\n</div>\n\nA line<br>and the next.\n"
	doc, err := document.Parse(context.Background(), "notes.md", []byte(src), document.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	got := kindsAndTexts(doc)
	want := "heading: Notes|paragraph: The End.|paragraph: A line and the next."
	if strings.Join(got, "|") != want {
		t.Fatalf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}
}

// XHTML's self-closed elements do not swallow what follows them, as they would if
// an HTML parser took "<script/>" or "<title/>" for an opening tag.
func TestXHTMLSelfClosedElements(t *testing.T) {
	cases := map[string]string{
		`<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title><script src="a.js"/></head><body><h2><a id="c1"/>Chapter</h2><p>Text one.</p></body></html>`: "heading: Chapter|paragraph: Text one.",
		`<?xml version="1.0"?><html><head><title/></head><body><h1>Title</h1><p>Body.<br/>More.</p></body></html>`:                                                     "heading: Title|paragraph: Body. More.",
	}
	for src, want := range cases {
		doc, err := document.Parse(context.Background(), "x.xhtml", []byte(src), document.DefaultLimits())
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		got := kindsAndTexts(doc)
		if strings.Join(got, "|") != want {
			t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), want)
		}
	}
}

// kindsAndTexts is each block as "kind: text".
func kindsAndTexts(doc *document.Document) []string {
	var out []string
	for _, b := range doc.Blocks {
		out = append(out, string(b.Kind)+": "+b.Text)
	}
	return out
}

// An alternative text repeated on many images is a placeholder in any language
// ("代替テキスト", "Bild") and is not read; one that describes its image is, once;
// an image marked as decoration is not read whatever its words.
func TestPlaceholderAltTextsInAnyLanguage(t *testing.T) {
	img := `<img src="p.png" alt="代替テキスト"/>`
	page := `<html lang="ja"><body>
<p>灯台守は夜ごとに階段を上った。` + img + `</p>
<p>` + img + `</p>
<p>嵐の夜、` + img + `灯りは消えなかった。</p>
<p><img src="l.png" alt="嵐の中の灯台"/></p>
<p>港は静かだった。<img src="o.png" alt="飾り罫" role="presentation"/></p>
</body></html>`
	doc, err := document.Parse(context.Background(), "a.html", []byte(page), document.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(kindsAndTexts(doc), "\n")
	want := "paragraph: 灯台守は夜ごとに階段を上った。\nparagraph: 嵐の夜、灯りは消えなかった。\nparagraph: 嵐の中の灯台\nparagraph: 港は静かだった。"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	// Latin text keeps one space where the placeholder was, none before a stop.
	three := `<p>The tower <img alt="photo1"/> stood. <img alt="photo1"/></p><p>Waves <img alt="photo1"/>, then rain.</p>`
	if doc, err = document.Parse(context.Background(), "c.html", []byte(three), document.DefaultLimits()); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(kindsAndTexts(doc), "\n"); got != "paragraph: The tower stood.\nparagraph: Waves, then rain." {
		t.Fatalf("got %q", got)
	}
	// Twice is not yet a pattern: both are read.
	two := `<p>Der Turm. <img src="a.png" alt="Bild"/></p><p>Das Meer. <img src="b.png" alt="Bild"/></p>`
	if doc, err = document.Parse(context.Background(), "b.html", []byte(two), document.DefaultLimits()); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(kindsAndTexts(doc), "\n"); got != "paragraph: Der Turm. Bild\nparagraph: Das Meer. Bild" {
		t.Fatalf("got %q", got)
	}
}

// A chapter whose heading is a picture keeps the picture's words as its title (it
// was counted twice, once in the title, and dropped as a placeholder); a file's own
// text holding the characters Readback marks pictures with is read as written.
func TestAltTextsInTitlesAndMarksInText(t *testing.T) {
	opf := `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Lights</dc:title><dc:language>en</dc:language></metadata>
<manifest><item id="c1" href="one.xhtml" media-type="application/xhtml+xml"/><item id="c2" href="two.xhtml" media-type="application/xhtml+xml"/></manifest>
<spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>`
	data := makeZip(t,
		entry{"mimetype", "application/epub+zip"},
		entry{"META-INF/container.xml", `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`},
		entry{"content.opf", opf},
		entry{"one.xhtml", xhtml("one", `<h1><img src="a.png" alt="A lighthouse on a rock"/></h1><p>The keeper climbed.</p>`)},
		entry{"two.xhtml", xhtml("two", `<h1><img src="a.png" alt="A lighthouse on a rock"/></h1><p>The lamp was lit.</p>`)},
	)
	doc, err := document.Parse(context.Background(), "l.epub", data, document.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(kindsAndTexts(doc), "\n")
	want := "break: A lighthouse on a rock\nheading: A lighthouse on a rock\nparagraph: The keeper climbed.\nbreak: A lighthouse on a rock\nheading: A lighthouse on a rock\nparagraph: The lamp was lit."
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	marked := strings.Repeat("<p>One \ufdd0secret\ufdd1 text.</p>", 3)
	if doc, err = document.Parse(context.Background(), "m.html", []byte(marked), document.DefaultLimits()); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(kindsAndTexts(doc), "\n"); strings.Count(got, "One secret text.") != 3 {
		t.Fatalf("the file's own text lost: %q", got)
	}
}
