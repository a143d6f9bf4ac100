package document_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readback/internal/document"
	"readback/internal/narration"
	"readback/internal/narration/narrationtest"
)

var update = flag.Bool("update", false, "rewrite the golden files with the current output")

// dump renders a parsed document and its narration script as text for golden files.
func dump(doc *document.Document, script *narration.Script) string {
	var b strings.Builder
	fmt.Fprintf(&b, "format: %s\ntitle: %s\nauthor: %s\nlanguage: %s\nwords: %d\n\n-- blocks\n", doc.Format, doc.Title, doc.Author, doc.Language, doc.Words())
	for _, bl := range doc.Blocks {
		fmt.Fprintf(&b, "%s %d | %s\n", bl.Kind, bl.Level, bl.Text)
	}
	if len(doc.Notes) > 0 {
		b.WriteString("\n-- notes\n")
		for _, n := range doc.Notes {
			fmt.Fprintf(&b, "%s\n", n.Message)
		}
	}
	b.WriteString("\n-- script\n")
	for _, sec := range script.Sections {
		fmt.Fprintf(&b, "# %s (level %d)\n", sec.Title, sec.Level)
		for _, seg := range sec.Segments {
			fmt.Fprintf(&b, "  [%s] %s\n", seg.Kind, seg.Text)
		}
	}
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".txt")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (run go test -update to accept):\n--- got\n%s", name, path, got)
	}
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestGolden(t *testing.T) {
	cases := []struct {
		name, file string
		data       func(t *testing.T) []byte
		opt        narration.Options
	}{
		{"markdown", "novel.md", func(t *testing.T) []byte { return readFixture(t, "novel.md") }, narration.Options{}},
		{"markdown-inline-notes-code", "novel.md", func(t *testing.T) []byte { return readFixture(t, "novel.md") }, narration.Options{Footnotes: narration.FootnotesInline, Code: narration.CodeRead}},
		{"text", "novel.txt", func(t *testing.T) []byte { return readFixture(t, "novel.txt") }, narration.Options{}},
		{"html", "novel.html", func(t *testing.T) []byte { return readFixture(t, "novel.html") }, narration.Options{}},
		// XHTML with an external DOCTYPE: drop caps, sub- and superscripts, ruby,
		// MathML, an object's fallback, poetry line numbers, SVG text, text after a
		// heading with no element of its own.
		{"html-reading", "reading.html", func(t *testing.T) []byte { return readFixture(t, "reading.html") }, narration.Options{}},
		{"docx", "keeper.docx", func(t *testing.T) []byte { return docxFixture(t) }, narration.Options{}},
		{"epub", "keeper.epub", func(t *testing.T) []byte { return epubFixture(t) }, narration.Options{}},
		{"pdf-outline", "keeper.pdf", func(t *testing.T) []byte { return pdfFixture(true) }, narration.Options{}},
		{"pdf-pages", "keeper.pdf", func(t *testing.T) []byte { return pdfFixture(false) }, narration.Options{}},
		// pdflatex: Computer Modern in OT1, hyphenation, running heads with page
		// numbers, a footnote, a bookmark per chapter, a two-column page.
		{"pdf-tex", "tex.pdf", func(t *testing.T) []byte { return readFixture(t, "pdf/tex.pdf") }, narration.Options{}},
		// Chromium: Identity-H CID fonts with ToUnicode maps, Polish, CSS columns,
		// the printed date, title, address and page count on every page, an outline.
		{"pdf-chromium", "harbour.pdf", func(t *testing.T) []byte { return readFixture(t, "pdf/harbour.pdf") }, narration.Options{}},
		{"pdf-undecodable", "invoice.pdf", func(t *testing.T) []byte {
			return undecodablePDF([]string{"The invoice is attached.", "Please pay within thirty days.", "The ledger is closed for the year."}, []int{12, 9})
		}, narration.Options{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := document.Parse(context.Background(), tc.file, tc.data(t), document.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			script, err := narration.Build(doc, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if narration.Join(script.Sections) != script.Text {
				t.Fatal("the text cannot be rebuilt from the segments, which is all the store keeps")
			}
			for _, sec := range script.Sections {
				for _, seg := range sec.Segments {
					if script.Text[seg.Start:seg.End] != seg.Text {
						t.Fatalf("segment %q: offsets %d–%d point at %q", seg.Text, seg.Start, seg.End, script.Text[seg.Start:seg.End])
					}
				}
			}
			// The golden holds only readings a listener should hear.
			for _, p := range narrationtest.Problems(script, string(doc.Format)) {
				t.Errorf("%s: %s", tc.name, p)
			}
			golden(t, tc.name, dump(doc, script))
		})
	}
}

// The format comes from the content: a DOCX named .txt is still a DOCX, and a
// manuscript without an extension is still recognised.
func TestSniff(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want document.Format
	}{
		{"notes.txt", docxFixture(t), document.DOCX},
		{"book", epubFixture(t), document.EPUB},
		{"scan.md", pdfFixture(false), document.PDF},
		{"page.txt", []byte("<!doctype html><html><body><p>x</p></body></html>"), document.HTML},
		{"page", []byte("\ufeff<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>x</body></html>"), document.HTML},
		{"readme", []byte("# Title\n\n- one\n- two\n\nSee [x](http://y).\n"), document.Markdown},
		{"letter", []byte("Dear Sir,\n\nThank you.\n"), document.Text},
		{"notes.md", []byte("Dear Sir,\n\nThank you.\n"), document.Markdown},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := document.Sniff(tc.name, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("Sniff(%s) = %s, want %s", tc.name, got, tc.want)
			}
		})
	}
}

func TestEncodings(t *testing.T) {
	utf16le := []byte{0xFF, 0xFE}
	for _, r := range "Café ünïcode." {
		utf16le = append(utf16le, byte(r), byte(r>>8))
	}
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"utf8-bom", []byte("\xEF\xBB\xBFCafé ünïcode."), "Café ünïcode."},
		{"utf16le", utf16le, "Café ünïcode."},
		{"windows-1252", []byte("Caf\xE9 \x93quoted\x94 \x96 dash."), "Café “quoted” – dash."},
		{"stray-controls", []byte("Bell\x07 and form\x0Bfeed."), "Bell and formfeed."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := document.Parse(context.Background(), tc.name+".txt", tc.data, document.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if got := doc.Blocks[0].Text; got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// Brackets in Markdown prose: an undefined link's are markup; an editor's, numbers',
// code's and the writer's escaped ones are text, and nothing stands in for them.
func TestMarkdownBrackets(t *testing.T) {
	src := "See the options, as [tables] show.\n\nHe wrote [sic] twice, cited [1] and [0, 1].\n\nPress `[` or `a[i]` to go back.\n\nThe \\[escaped\\] brackets stay.\n\n" +
		"See [Extension: smart, too] and [small words]{.smallcaps} later.\n\n# Extension: `smart`, too\n"
	doc, err := document.Parse(context.Background(), "b.md", []byte(src), document.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.Blocks {
		got = append(got, b.Text)
	}
	want := []string{"See the options, as tables show.", "He wrote [sic] twice, cited [1] and [0, 1].", "Press [ or a[i] to go back.", "The [escaped] brackets stay.",
		"See Extension: smart, too and small words later.", "Extension: smart, too"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
