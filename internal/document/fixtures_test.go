package document_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// Fixtures for the zip and PDF formats are built here rather than committed as
// binaries, so that each one reads as what it tests.

type entry struct{ name, body string }

func makeZip(tb testing.TB, entries ...entry) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		method := zip.Deflate
		if e.name == "mimetype" {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: method})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write([]byte(e.body)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

func docxFixture(tb testing.TB) []byte {
	body := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ` + wNS + `><w:body>
<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>The Keeper</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>
  <w:r><w:t>Chapter One</w:t></w:r><w:r><w:tab/></w:r>
  <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
</w:p>
<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>Chapter Two</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>9</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Chapter One</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Siobhan </w:t></w:r><w:del w:id="1" w:author="Ed"><w:r><w:delText>never </w:delText></w:r></w:del><w:ins w:id="2" w:author="Ed"><w:r><w:t xml:space="preserve">always </w:t></w:r></w:ins><w:r><w:t>climbed the stairs.</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden words</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">See </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.com/secret" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>the website</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> for more.</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>First item</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Nested item</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Quote"/></w:pPr><w:r><w:t>A quoted line.</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Name</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Role</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>Reyes</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Doctor</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" descr="A lighthouse in a storm"/></wp:inline></w:drawing></w:r></w:p>
<w:p><w:r><w:drawing><wp:inline><wp:docPr id="2" name="Picture 2" descr="image1.png"/></wp:inline></w:drawing></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>Text box once.</w:t></mc:Choice><mc:Fallback><w:t>Text box twice.</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Chapter Two</w:t></w:r></w:p>
<w:p><w:r><w:t>The end.</w:t></w:r></w:p>
</w:body></w:document>`
	styles := `<?xml version="1.0" encoding="UTF-8"?>
<w:styles ` + wNS + `>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/></w:style>
<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>
</w:styles>`
	notes := `<?xml version="1.0" encoding="UTF-8"?>
<w:footnotes ` + wNS + `>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> She was afraid of heights.</w:t></w:r></w:p></w:footnote>
</w:footnotes>`
	core := `<?xml version="1.0" encoding="UTF-8"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>The Keeper</dc:title><dc:creator>A. Writer</dc:creator></cp:coreProperties>`
	return makeZip(tb,
		entry{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		entry{"_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		entry{"word/_rels/document.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>`},
		entry{"word/document.xml", body},
		entry{"word/styles.xml", styles},
		entry{"word/footnotes.xml", notes},
		entry{"docProps/core.xml", core},
	)
}

func xhtml(title, body string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>` + title + `</title>
<style>p { color: red }</style><script>alert("no")</script></head><body>` + body + `</body></html>`
}

func epubFixture(tb testing.TB) []byte {
	opf := `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>The Keeper</dc:title><dc:creator>A. Writer</dc:creator><dc:language>en</dc:language></metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
<item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/>
<item id="c2" href="text/two.xhtml" media-type="application/xhtml+xml"/>
<item id="c3" href="text/three.xhtml" media-type="application/xhtml+xml"/>
<item id="css" href="style.css" media-type="text/css"/>
</manifest>
<spine toc="ncx"><itemref idref="nav"/><itemref idref="c2"/><itemref idref="c1"/><itemref idref="c3" linear="no"/></spine>
</package>`
	nav := xhtml("Contents", `<nav epub:type="toc"><ol><li><a href="text/one.xhtml">The Stairs</a></li><li><a href="text/two.xhtml#start">Prologue</a></li></ol></nav>`)
	one := xhtml("one", `<section><h1>Chapter One</h1><p>Siobhan climbed the stairs.<a epub:type="noteref" href="#n1">1</a></p>
<p>Read <a href="https://example.com">the <em>whole</em> story</a>.</p><ul><li>A list item</li></ul>
<aside epub:type="footnote" id="n1"><p>She was afraid of heights.</p></aside></section>`)
	two := xhtml("two", `<div id="start"><p>Before it all began.</p><table><tr><th>Name</th><td>Reyes</td></tr></table></div>`)
	three := xhtml("three", `<p>Not in the reading order.</p>`)
	ncx := `<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap><navPoint id="p1"><navLabel><text>Old Title</text></navLabel><content src="text/one.xhtml"/></navPoint></navMap></ncx>`
	return makeZip(tb,
		entry{"mimetype", "application/epub+zip"},
		entry{"META-INF/container.xml", `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`},
		entry{"OEBPS/content.opf", opf},
		entry{"OEBPS/nav.xhtml", nav},
		entry{"OEBPS/toc.ncx", ncx},
		entry{"OEBPS/text/one.xhtml", one},
		entry{"OEBPS/text/two.xhtml", two},
		entry{"OEBPS/text/three.xhtml", three},
		entry{"OEBPS/style.css", "p{}"},
	)
}

// pdfPage is the text of one page: lines from the top, each at a font size.
type pdfPage []pdfLine

type pdfLine struct {
	size float64
	text string
}

// makePDF writes a PDF with Helvetica text, one line per Tj, and an outline whose
// entries point at the given pages (0-based).
func makePDF(pages []pdfPage, outline map[int]string) []byte {
	var objs []string
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	catalog := add("") // filled in below
	pagesObj := add("")
	font := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	var pageIDs []int
	for _, p := range pages {
		var content strings.Builder
		y := 774.0
		for i, l := range p {
			if l.text == "" {
				y -= 14
				continue
			}
			// Each line sits a leading of its own size below the one before, as
			// typesetters place them (a heading does not overlap the line above).
			if i > 0 {
				y -= l.size * 1.4
			} else {
				y = 760
			}
			esc := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`).Replace(l.text)
			ty := y
			if strings.HasPrefix(l.text, "-") && len(l.text) < 8 { // a footer: page number at the bottom
				ty = 40
			}
			fmt.Fprintf(&content, "BT /F1 %g Tf 72 %g Td (%s) Tj ET\n", l.size, ty, esc)
		}
		stream := add(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()))
		pageIDs = append(pageIDs, add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>", pagesObj, font, stream)))
	}
	kids := make([]string, len(pageIDs))
	for i, id := range pageIDs {
		kids[i] = fmt.Sprintf("%d 0 R", id)
	}
	objs[pagesObj-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pageIDs))
	cat := fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesObj)
	if len(outline) > 0 {
		root := add("")
		var items []int
		for i := range pages {
			if t, ok := outline[i]; ok {
				items = append(items, add(fmt.Sprintf("<< /Title (%s) /Parent %d 0 R /Dest [%d 0 R /Fit] >>", t, root, pageIDs[i])))
			}
		}
		for k, id := range items {
			o := strings.TrimSuffix(objs[id-1], " >>")
			if k > 0 {
				o += fmt.Sprintf(" /Prev %d 0 R", items[k-1])
			}
			if k+1 < len(items) {
				o += fmt.Sprintf(" /Next %d 0 R", items[k+1])
			}
			objs[id-1] = o + " >>"
		}
		objs[root-1] = fmt.Sprintf("<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>", items[0], items[len(items)-1], len(items))
		cat = fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R /Outlines %d 0 R >>", pagesObj, root)
	}
	objs[catalog-1] = cat
	info := add("<< /Title (The Keeper) /Author (A. Writer) >>")
	return assemblePDF(objs, fmt.Sprintf("/Root %d 0 R /Info %d 0 R", catalog, info))
}

// assemblePDF writes objects 1… with their cross-reference table and a trailer
// holding trailer (the root and info entries).
func assemblePDF(objs []string, trailer string) []byte {
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = buf.Len()
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailer, xref)
	return buf.Bytes()
}

// undecodablePDF is a page of Helvetica lines followed by lines set in a CID font
// that has neither an embedded program nor a ToUnicode map: its glyphs have no known
// text, as in PDFs from some invoicing and scanning software.
func undecodablePDF(readable []string, glyphRuns []int) []byte {
	var content strings.Builder
	y := 760.0
	for _, l := range readable {
		fmt.Fprintf(&content, "BT /F1 11 Tf 72 %g Td (%s) Tj ET\n", y, l)
		y -= 16
	}
	for _, n := range glyphRuns {
		var hex strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&hex, "%02X", 0x80+i%32)
		}
		fmt.Fprintf(&content, "BT /F2 11 Tf 72 %g Td <%s> Tj ET\n", y, hex.String())
		y -= 16
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 7 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /NoSuchFont /FirstChar 128 /LastChar 159 /Widths [" + strings.Repeat("600 ", 32) + "] /Encoding 6 0 R >>",
		"<< /Type /Encoding /Differences [128 " + glyphNames(32) + "] >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
	}
	return assemblePDF(objs, "/Root 1 0 R")
}

// glyphNames are names that map to no character (as a subsetting tool writes them).
func glyphNames(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "/glyph%d ", 1000+i*37)
	}
	return b.String()
}

func pdfFixture(withOutline bool) []byte {
	body := 11.0
	pages := []pdfPage{
		{{body, "The Keeper - a novel"}, {22, "Chapter One"}, {body, "Siobhan climbed the stairs of the light-"}, {body, "house. Dr. Reyes waited at the top."}, {}, {body, "A new paragraph begins here."}, {body, "- 1 -"}},
		{{body, "The Keeper - a novel"}, {body, "It continued on the second page."}, {22, "Chapter Two"}, {body, "The storm came."}, {body, "- 2 -"}},
		{{body, "The Keeper - a novel"}, {body, "The end."}, {body, "- 3 -"}},
	}
	var outline map[int]string
	if withOutline {
		outline = map[int]string{0: "Chapter One", 1: "Chapter Two"}
	}
	return makePDF(pages, outline)
}
