package document_test

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"readback/internal/document"
	"readback/internal/narration"
)

// The payloads a manuscript may hold as words: a writer's article about XSS, a
// pasted log. They must reach the document view as the characters written.
const (
	imgPayload    = `<img src=x onerror=alert(1)>`
	scriptPayload = `<script>alert(2)</script>`
)

// Every format, with both payloads as text (escaped where the format is markup) and,
// where the format has markup, a live script and handler as well, which must vanish.
func hostileFiles(t *testing.T) map[string][]byte {
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
	para := "The page said " + imgPayload + " and then " + scriptPayload + " twice."
	xmlPara := esc(para)
	htmlBody := `<h1>Chapter <img src=x onerror="alert(3)"></h1><p onclick="alert(4)">` + xmlPara + `</p><script>alert(5)</script>`
	docx := makeZip(t,
		entry{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		entry{"_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		entry{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document ` + wNS + `><w:body><w:p><w:r><w:t>` + xmlPara + `</w:t></w:r></w:p></w:body></w:document>`},
	)
	epub := makeZip(t,
		entry{"mimetype", "application/epub+zip"},
		entry{"META-INF/container.xml", `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`},
		entry{"content.opf", `<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>` + esc(scriptPayload) + `</dc:title></metadata><manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>`},
		entry{"c1.xhtml", xhtml("one", htmlBody)},
	)
	return map[string][]byte{
		"hostile.txt": []byte("Chapter\n\n" + para + "\n"),
		// Raw HTML in Markdown is markup (dropped); code spans and backslash escapes are text.
		"hostile.md":   []byte("# Chapter <img src=x onerror=alert(3)>\n\nThe page said `" + imgPayload + "` and then \\<script>alert(2)\\</script> twice.\n\n<script>alert(5)</script>\n"),
		"hostile.html": []byte(`<!doctype html><html><head><title>` + esc(scriptPayload) + `</title></head><body>` + htmlBody + `</body></html>`),
		"hostile.docx": docx,
		"hostile.epub": epub,
		"hostile.pdf":  makePDF([]pdfPage{{{11, para}}}, nil),
	}
}

// Hostile text in every format reaches the view as literal text: the payload's
// characters are there to read, and none of its elements or handlers exist.
func TestHostileTextReachesTheViewAsText(t *testing.T) {
	for name, data := range hostileFiles(t) {
		t.Run(name, func(t *testing.T) {
			doc, err := document.Parse(context.Background(), name, data, document.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			script, err := narration.Build(doc, narration.Options{})
			if err != nil {
				t.Fatal(err)
			}
			view := narration.RenderHTML(script)
			text := viewText(t, view)
			for _, p := range []string{imgPayload, scriptPayload} {
				if !strings.Contains(text, p) {
					t.Errorf("the view does not show %q as text; it shows %q", p, text)
				}
			}
			for _, live := range []string{"alert(3)", "alert(4)", "alert(5)"} {
				if strings.Contains(view, live) {
					t.Errorf("%s: the file's own markup (%s) reached the view:\n%s", name, live, view)
				}
			}
		})
	}
}

// viewText is what the view shows, after checking that it holds only the view's
// own elements and attributes.
func viewText(t *testing.T, view string) string {
	t.Helper()
	allowed := map[string]bool{"section": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
		"p": true, "blockquote": true, "pre": true, "aside": true, "span": true}
	var text strings.Builder
	z := html.NewTokenizer(strings.NewReader(view))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return text.String()
		case html.TextToken:
			text.Write(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if !allowed[tok.Data] {
				t.Errorf("element <%s> reached the view", tok.Data)
			}
			for _, a := range tok.Attr {
				if a.Key != "class" && a.Key != "data-seg" && a.Key != "data-section" {
					t.Errorf("attribute %s on <%s> reached the view", a.Key, tok.Data)
				}
			}
		}
	}
}
