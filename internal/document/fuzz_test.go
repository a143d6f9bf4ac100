package document

import (
	"archive/zip"
	"bytes"
	"context"
	"testing"
)

// The fuzz targets call the parsers directly, not through Parse, whose recover would
// hide a panic in Readback's own code; only PDF goes through Parse, because its
// panics come from the library it wraps and Parse is what contains them.

func fuzzLimits() Limits {
	return Limits{MaxFileBytes: 1 << 20, MaxExpandedBytes: 4 << 20, MaxZipEntries: 64, MaxXMLDepth: 64}
}

func checkBlocks(t *testing.T, doc *Document) {
	t.Helper()
	for _, b := range doc.Blocks {
		if b.Kind != Break && (b.Text == "" || collapse(b.Text) != b.Text) {
			t.Fatalf("block %+v is empty or not collapsed", b)
		}
	}
}

func fuzzText(f *testing.F, parse func(p *parser, s []byte) (*Document, error), seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := decodeText(data)
		if err != nil {
			return
		}
		p := &parser{ctx: context.Background(), lim: fuzzLimits()}
		doc, err := parse(p, s)
		if err == nil {
			checkBlocks(t, doc)
		}
	})
}

func FuzzMarkdown(f *testing.F) {
	fuzzText(f, (*parser).markdown, "---\ntitle: x\n---\n# H\n\ntext[^1]\n\n[^1]: note", "% T\n% A\n\n- a\n  - b\n\n> q\n\n| a | b |\n|---|---|\n| c | d |\n", "Term\n: def\n\n```\ncode\n```")
}

func FuzzText(f *testing.F) {
	fuzzText(f, (*parser).text, "CHAPTER ONE\n\nHello wor-\nld.\n", "a\r\nb\r\n\r\nc")
}

func FuzzHTML(f *testing.F) {
	fuzzText(f, (*parser).html, "<html><head><title>t</title></head><body><h1>x</h1><p>y<br>z</p><table><tr><td>c</td></tr></table></body></html>", "<!DOCTYPE x [<!ENTITY a 'b'>]><p>&a;</p>", "<aside epub:type=footnote><ol><li>n</li></ol></aside>")
}

func zipSeed(entries ...[2]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, _ := zw.Create(e[0])
		w.Write([]byte(e[1]))
	}
	zw.Close()
	return buf.Bytes()
}

func FuzzDOCX(f *testing.F) {
	f.Add(zipSeed([2]string{"word/document.xml", `<w:document xmlns:w="w"><w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Hi</w:t></w:r></w:p><w:p><w:r><w:fldChar w:fldCharType="begin"/><w:instrText>PAGEREF x</w:instrText><w:fldChar w:fldCharType="separate"/><w:t>3</w:t><w:fldChar w:fldCharType="end"/></w:r></w:p></w:body></w:document>`},
		[2]string{"word/styles.xml", `<w:styles xmlns:w="w"><w:style w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Heading1"/></w:style></w:styles>`}))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := &parser{ctx: context.Background(), lim: fuzzLimits()}
		if doc, err := p.docx(data); err == nil {
			checkBlocks(t, doc)
		}
	})
}

func FuzzEPUB(f *testing.F) {
	f.Add(zipSeed([2]string{"META-INF/container.xml", `<container><rootfiles><rootfile full-path="o.opf"/></rootfiles></container>`},
		[2]string{"o.opf", `<package><metadata><title>T</title></metadata><manifest><item id="a" href="a.xhtml" media-type="application/xhtml+xml"/><item id="n" href="n.xhtml" properties="nav"/></manifest><spine><itemref idref="a"/></spine></package>`},
		[2]string{"a.xhtml", `<html><body><h1>C</h1><p>x</p></body></html>`},
		[2]string{"n.xhtml", `<html><body><nav><ol><li><a href="a.xhtml">Chapter</a></li></ol></nav></body></html>`}))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := &parser{ctx: context.Background(), lim: fuzzLimits()}
		if doc, err := p.epub(data); err == nil {
			checkBlocks(t, doc)
		}
	})
}

func FuzzPDF(f *testing.F) {
	f.Add([]byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"))
	// One page of text with an outline entry, no xref: PDFium rebuilds it.
	f.Add([]byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R /Outlines 6 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" +
		"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >> endobj\n" +
		"4 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n" +
		"5 0 obj << /Length 88 >> stream\nBT /F1 20 Tf 72 700 Td (Chapter One) Tj ET BT /F1 11 Tf 72 660 Td (A line of te-) Tj ET\nendstream endobj\n" +
		"6 0 obj << /Type /Outlines /First 7 0 R /Last 7 0 R /Count 1 >> endobj\n7 0 obj << /Title (One) /Parent 6 0 R /Dest [3 0 R /Fit] >> endobj\n" +
		"trailer << /Root 1 0 R >>\n%%EOF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if doc, err := Parse(context.Background(), "f.pdf", data, fuzzLimits()); err == nil {
			checkBlocks(t, doc)
		}
	})
}
