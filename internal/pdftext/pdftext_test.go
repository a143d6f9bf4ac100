package pdftext

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

func readTeX(t *testing.T, e *Engine) *Doc {
	t.Helper()
	data, err := os.ReadFile("../document/testdata/pdf/tex.pdf")
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.Read(context.Background(), data, "", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// What layout needs comes back with each line: the rendered size and weight of a
// chapter heading against the body's, where PDFium joined a hyphenated word, and the
// outline's pages.
func TestLinesCarryLayout(t *testing.T) {
	d := readTeX(t, Default())
	if d.Title != "The Lighthouse Keeper" || d.Author != "A. Writer" || len(d.Pages) != 5 {
		t.Fatalf("title %q, author %q, %d pages", d.Title, d.Author, len(d.Pages))
	}
	find := func(prefix string) Line {
		for _, p := range d.Pages {
			for _, l := range p.Lines {
				if strings.HasPrefix(l.Text, prefix) {
					return l
				}
			}
		}
		t.Fatalf("no line %q", prefix)
		return Line{}
	}
	head, body := find("Chapter 1"), find("Siobhan climbed")
	if head.Size < body.Size*1.5 || head.Weight <= body.Weight || head.Y <= body.Y || head.Font != "CMBX12" {
		t.Fatalf("heading %+v against body %+v", head, body)
	}
	if l := find("the lighthouse with"); !strings.Contains(l.Text, "swing"+string(Join)+"ing") {
		t.Fatalf("no join in %q", l.Text)
	}
	var pages []int
	for _, e := range d.Outline {
		pages = append(pages, e.Page)
	}
	if len(d.Outline) != 3 || d.Outline[1].Title != "The Storm" || pages[0] != 0 || pages[1] != 2 || pages[2] != 4 {
		t.Fatalf("outline %+v", d.Outline)
	}
}

// An engine killed mid-read by its time limit answers the next file; Precompile
// leaves a cache that a fresh engine starts from.
func TestTimeoutAndCache(t *testing.T) {
	dir := t.TempDir()
	e := New(dir, 1)
	if err := e.Precompile(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) == 0 {
		t.Fatal("Precompile left nothing in the cache")
	}
	// The window's next start finds this build's module there and starts no reader.
	pid := e.lastPID.Load()
	if err := e.Precompile(); err != nil || e.lastPID.Load() != pid {
		t.Fatalf("a second Precompile started a reader (%v)", err)
	}
	data, _ := os.ReadFile("../document/testdata/pdf/tex.pdf")
	if _, err := e.Read(context.Background(), data, "", time.Microsecond); !errors.Is(err, ErrTimeout) {
		t.Fatalf("got %v, want a timeout", err)
	}
	if d := readTeX(t, e); len(d.Pages) != 5 {
		t.Fatalf("%d pages after a timeout", len(d.Pages))
	}
	e.Close()
}

// Bytes that are not a PDF are reported as such, and never panic.
func TestNotAPDF(t *testing.T) {
	_, err := Default().Read(context.Background(), []byte("%PDF-1.7\nnot really"), "", time.Minute)
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("got %v", err)
	}
}

// pdfOf writes a one-page PDF with the given content stream and extra objects
// (numbered from 5; 4 is Helvetica, and the catalog gets extra entries).
func pdfOf(content string, catalogExtra string, extra ...string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R " + catalogExtra + " >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	objs = append(objs, extra...)
	for i, o := range objs {
		objs[i] = strings.ReplaceAll(o, "CONTENT", stream(content))
	}
	return assemble(objs)
}

func stream(content string) string {
	return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content)+1, content)
}

// assemble writes objects 1… (1 the catalog) with their cross-reference table.
func assemble(objs []string) []byte {
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(b.String())
}

// Characters beyond the BMP (mathematical letters, emoji) are one of PDFium's text
// indexes but two UTF-16 units: the lines after them keep their own position and
// size.
func TestLinesAfterAstralCharacters(t *testing.T) {
	cmap := "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def " +
		"/CMapName /Adobe-Identity-UCS def /CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange " +
		"2 beginbfchar <0001> <D835DC00> <0002> <D835DC01> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
	content := "BT /F2 12 Tf 72 700 Td <000100020001000200010002000100020001000200010002> Tj ET\n" +
		"BT /F1 11 Tf 72 680 Td (ab) Tj ET\n" +
		"BT /F1 24 Tf 72 640 Td (Big) Tj ET"
	data := pdfOf(content, "",
		"<< /Type /Font /Subtype /Type0 /BaseFont /Math /Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 8 0 R >>",
		"CONTENT",
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Math /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 700 >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(cmap)+1, cmap))
	d, err := Default().Read(context.Background(), data, "", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	lines := d.Pages[0].Lines
	if len(lines) != 3 || lines[0].Text != strings.Repeat("𝐀𝐁", 6) {
		t.Fatalf("%+v", lines)
	}
	if lines[1].Text != "ab" || lines[1].Size != 11 || lines[1].Y != 680 || lines[2].Text != "Big" || lines[2].Size != 24 || lines[2].Y != 640 {
		t.Fatalf("the lines after the astral characters: %+v", lines[1:])
	}
}

// An outline that loops back on itself (an entry its own child, a sibling chain in
// a circle) ends within bounds instead of taking the app down.
func TestLoopingOutline(t *testing.T) {
	data := pdfOf("BT /F1 12 Tf 72 700 Td (Words.) Tj ET", "/Outlines 7 0 R",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		"CONTENT",
		"<< /Type /Outlines /First 8 0 R /Last 9 0 R /Count 2 >>",
		"<< /Title (Self) /Parent 7 0 R /First 8 0 R /Last 8 0 R /Next 9 0 R /Dest [3 0 R /Fit] >>",
		"<< /Title (Circle) /Parent 7 0 R /Prev 8 0 R /Next 8 0 R /Dest [3 0 R /Fit] >>")
	d, err := Default().Read(context.Background(), data, "", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Outline) == 0 || len(d.Outline) > maxOutlineEntries || d.Outline[0].Title != "Self" || d.Outline[0].Page != 0 {
		t.Fatalf("%d entries, the first %+v", len(d.Outline), d.Outline[:min(len(d.Outline), 1)])
	}
	for _, e := range d.Outline {
		if e.Level > maxOutlineDepth {
			t.Fatalf("an entry at depth %d", e.Level)
		}
	}
}

// What a glyph with no known text comes out as — U+FFFD, a C0 or C1 control code
// (PDFium's fallback to the bare code), a private-use code point — is dropped and
// counted; a tab and PDFium's join mark stay.
func TestDecodable(t *testing.T) {
	got, n := decodable("F\uFFFDa\u0085k\u0001t\uE012u\tr" + string(Join) + "a")
	if got != "Faktu\tr"+string(Join)+"a" || n != 4 {
		t.Fatalf("%q, %d dropped", got, n)
	}
}

// manyPages is a PDF of n pages of 380 lines each (distinct page objects sharing one
// content stream): small on disk, long to read.
func manyPages(n int) []byte {
	kids := make([]string, n)
	for i := range n {
		kids[i] = fmt.Sprintf("%d 0 R", 5+i)
	}
	var c strings.Builder
	for y := 780; y > 20; y -= 2 {
		fmt.Fprintf(&c, "BT /F1 2 Tf 20 %d Td (A line of a page of a very long book, set small, and long to read.) Tj ET\n", y)
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		stream(c.String()),
	}
	for range n {
		objs = append(objs, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>")
	}
	return assemble(objs)
}

// A reading that runs out of time is stopped where it is, not finished: the reader
// process is gone when Read returns its timeout, with a book of 20,000 pages still
// being read.
func TestTimeoutStopsTheReading(t *testing.T) {
	data := manyPages(20000)
	// A reader already started, so that the time runs out while pages are read,
	// not while PDFium is compiled.
	e := Default()
	if err := e.Warm(); err != nil {
		t.Fatal(err)
	}
	_, err := e.Read(context.Background(), data, "", 300*time.Millisecond)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("got %v, want a timeout", err)
	}
	if pid := e.lastPID.Load(); syscall.Kill(int(pid), 0) != syscall.ESRCH {
		t.Fatalf("reader %d is still there after the timeout", pid)
	}
}

// A reader that dies on a file (here killed from outside, as the kernel's memory
// killer would) makes that file fail with how it ended; a reader lost while it
// waited for work is not blamed on the next file.
func TestReaderDeath(t *testing.T) {
	e := New(t.TempDir(), 1)
	defer e.Close()
	done := make(chan error, 1)
	go func() {
		_, err := e.Read(context.Background(), manyPages(20000), "", time.Minute)
		done <- err
	}()
	var pid int64
	for pid == 0 {
		time.Sleep(10 * time.Millisecond)
		pid = e.lastPID.Load()
	}
	time.Sleep(200 * time.Millisecond)
	syscall.Kill(int(pid), syscall.SIGKILL)
	if err := <-done; !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "signal: killed") {
		t.Fatalf("got %v, want the reader's death", err)
	}

	if err := e.Warm(); err != nil {
		t.Fatal(err)
	}
	idle := e.lastPID.Load()
	syscall.Kill(int(idle), syscall.SIGKILL)
	for syscall.Kill(int(idle), 0) == nil {
		time.Sleep(5 * time.Millisecond) // a zombie until the engine reaps it
	}
	if d := readTeX(t, e); len(d.Pages) != 5 {
		t.Fatalf("%d pages", len(d.Pages))
	}
	if e.lastPID.Load() == idle {
		t.Fatal("the file was read by no new reader")
	}
}

// A damaged file's error is ErrDamaged with the reader's own words, said once.
func TestDamagedWords(t *testing.T) {
	_, err := Default().Read(context.Background(), []byte("%PDF-1.7\nnot really"), "", time.Minute)
	if !errors.Is(err, ErrDamaged) || strings.Count(err.Error(), ErrDamaged.Error()) != 1 || err.Error() == ErrDamaged.Error() {
		t.Fatalf("got %q", err)
	}
}
