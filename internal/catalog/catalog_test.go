package catalog_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readback/internal/catalog"
	"readback/internal/fault"
	"readback/internal/narration"
	"readback/internal/store"
)

func mustOpenStore(tb testing.TB) *store.Store {
	tb.Helper()
	st, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "library.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

func zipOf(tb testing.TB, entries map[string][]byte, order ...string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range order {
		w, err := zw.Create(name)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write(entries[name]); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportListRenameDelete(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	st.Now = func() time.Time { now = now.Add(time.Second); return now }
	cat := catalog.New(st)

	a, err := cat.ImportBytes(ctx, "a.md", []byte("# One\n\nFirst sentence. Second sentence.\n\n# Two\n\nThird.\n"), narration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "One" || a.Sections != 2 || a.Segments != 5 || a.Words != 7 || a.Duplicate {
		t.Errorf("unexpected result %+v", a)
	}
	b, err := cat.ImportBytes(ctx, `C:\fake\path\b.txt`, []byte("Just some text."), narration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if b.File != "b.txt" {
		t.Errorf("file name %q should have lost its path", b.File)
	}
	again, err := cat.ImportBytes(ctx, "copy.md", []byte("# One\n\nFirst sentence. Second sentence.\n\n# Two\n\nThird.\n"), narration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !again.Duplicate || again.ID != a.ID {
		t.Errorf("re-import of the same bytes = %+v, want a duplicate of %d", again, a.ID)
	}

	page, err := cat.List(ctx, "", 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 2 || page.Items[0].ID != b.ID || page.Items[1].ID != a.ID {
		t.Fatalf("list = %+v, want b then a (newest first)", page)
	}
	if got, _ := cat.List(ctx, "on", 0, 50); got.Total != 1 || got.Items[0].ID != a.ID {
		t.Errorf("search 'on' = %+v", got)
	}
	if got, _ := cat.List(ctx, "%", 0, 50); got.Total != 0 {
		t.Errorf("search '%%' matched %d documents: LIKE wildcards must be literal", got.Total)
	}

	if err := cat.Rename(ctx, a.ID, "  A New Title "); err != nil {
		t.Fatal(err)
	}
	if err := cat.Rename(ctx, a.ID, "   "); fault.CodeOf(err) != fault.Invalid {
		t.Errorf("empty title: err = %v, want invalid", err)
	}
	v, err := cat.View(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Document.Title != "A New Title" || len(v.Sections) != 2 || v.Sections[1].First != 3 || v.Sections[1].Segments != 2 {
		t.Errorf("view = %+v", v)
	}
	if len(v.Chunks) != 2 || v.Chunks[0] != (catalog.Chunk{First: 0, Last: 2, Section: 0, Chars: v.Chunks[0].Chars}) || v.Chunks[1].First != 3 || v.Chunks[1].Last != 4 {
		t.Errorf("chunks = %+v", v.Chunks)
	}
	html, err := cat.Text(ctx, a.ID, v.Chunks[0].First, v.Chunks[0].Last)
	if err != nil || !strings.Contains(html, `<span class="seg" data-seg="1">First sentence.</span>`) {
		t.Errorf("html lacks segment spans: %s (%v)", html, err)
	}

	if err := cat.Delete(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := cat.Delete(ctx, a.ID); fault.CodeOf(err) != fault.NotFound {
		t.Errorf("second delete: err = %v, want not found", err)
	}
	if _, err := cat.View(ctx, a.ID); fault.CodeOf(err) != fault.NotFound {
		t.Errorf("view of deleted: err = %v, want not found", err)
	}
	counts, _ := st.Counts(ctx)
	if counts["documents"] != 1 || counts["segments"] != 1 {
		t.Errorf("after delete: %v (sections and segments must go with their document)", counts)
	}
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestPagination(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	cat := catalog.New(st)
	for i := 0; i < 120; i++ {
		name := "doc" + strings.Repeat("x", i%7)
		if _, err := cat.ImportBytes(ctx, name+".txt", []byte("Sentence number "+strings.Repeat("a", i+1)+"."), narration.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[int64]bool{}
	for off := 0; off < 150; off += 50 {
		p, err := cat.List(ctx, "", off, 50)
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != 120 {
			t.Fatalf("total = %d", p.Total)
		}
		for _, d := range p.Items {
			if seen[d.ID] {
				t.Fatalf("document %d on two pages", d.ID)
			}
			seen[d.ID] = true
		}
	}
	if len(seen) != 120 {
		t.Errorf("pages held %d distinct documents, want 120", len(seen))
	}
}

// Hostile files each end in a clear error that names the file and the cause, and
// leave the library exactly as it was.
func TestHostileFiles(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	cat := catalog.New(st)
	if _, err := cat.ImportBytes(ctx, "existing.md", []byte("# Kept\n\nThis stays."), narration.Options{}); err != nil {
		t.Fatal(err)
	}
	before, _ := st.Counts(ctx)

	// A DOCX whose document.xml expands to 600 MB of zeros from about 600 KB.
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(`<Types/>`))
	w, _ = zw.Create("word/document.xml")
	chunk := make([]byte, 1<<20)
	for i := 0; i < 600; i++ {
		w.Write(chunk)
	}
	zw.Close()

	laughs := `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;">]>
<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&lol9;</p></body></html>`
	container := []byte(`<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf"/></rootfiles></container>`)
	opf := []byte(`<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf"><manifest><item id="a" href="a.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="a"/></spine></package>`)
	laughEPUB := zipOf(t, map[string][]byte{"mimetype": []byte("application/epub+zip"), "META-INF/container.xml": container, "content.opf": opf, "a.xhtml": []byte(laughs)},
		"mimetype", "META-INF/container.xml", "content.opf", "a.xhtml")
	slipEPUB := zipOf(t, map[string][]byte{"mimetype": []byte("application/epub+zip"), "META-INF/container.xml": container, "content.opf": opf, "../../etc/a.xhtml": []byte("<p>x</p>")},
		"mimetype", "META-INF/container.xml", "content.opf", "../../etc/a.xhtml")
	deep := strings.Repeat("<div>", 5000) + "deep" + strings.Repeat("</div>", 5000)

	cases := []struct {
		name, file string
		data       []byte
		code       fault.Code
		cause      string
	}{
		{"zip bomb", "bomb.docx", bomb.Bytes(), fault.TooLarge, "zip bomb"},
		{"zip slip", "slip.epub", slipEPUB, fault.Invalid, "unsafe entry name"},
		{"billion laughs", "laughs.epub", laughEPUB, fault.Invalid, "declares XML entities"},
		{"billion laughs html", "laughs.html", []byte(laughs), fault.Invalid, "declares XML entities"},
		{"empty", "empty.txt", nil, fault.Invalid, "the file is empty"},
		{"blank", "blank.md", []byte(" \n\t\n"), fault.Invalid, "the file is empty"},
		{"mixed encodings", "mixed.txt", []byte("Café \xff\xfe broken"), fault.Invalid, "mixed text encodings"},
		{"binary", "binary.txt", []byte("text\x00\x01\x02"), fault.Invalid, "binary data"},
		{"deep nesting", "deep.html", []byte(deep), fault.Invalid, "nests deeper"},
		{"damaged pdf", "broken.pdf", []byte("%PDF-1.4\n1 0 obj <<"), fault.Invalid, "PDF"},
		{"damaged zip", "broken.docx", []byte("PK\x03\x04garbage"), fault.Invalid, "zip container is damaged"},
		{"legacy doc", "old.doc", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), fault.Invalid, "legacy Word"},
		{"no text", "pic.html", []byte("<html><body><img src=x.png></body></html>"), fault.Invalid, "no readable text"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cat.ImportBytes(ctx, tc.file, tc.data, narration.Options{})
			if err == nil {
				t.Fatal("import succeeded")
			}
			var fe *fault.Error
			if !errors.As(err, &fe) {
				t.Fatalf("untyped error %v", err)
			}
			if fe.Code != tc.code || !strings.HasPrefix(fe.Message, tc.file+": ") || !strings.Contains(fe.Message, tc.cause) {
				t.Errorf("error = %s %q, want %s naming %s and %q", fe.Code, fe.Message, tc.code, tc.file, tc.cause)
			}
		})
	}

	t.Run("150 MB text file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "huge.txt")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(150 << 20); err != nil { // sparse: no 150 MB written to disk
			t.Fatal(err)
		}
		f.Close()
		_, err = cat.ImportFile(ctx, path, narration.Options{})
		if fault.CodeOf(err) != fault.TooLarge || !strings.Contains(err.Error(), "huge.txt") || !strings.Contains(err.Error(), "over the import limit of 100 MB") {
			t.Errorf("err = %v", err)
		}
	})

	after, _ := st.Counts(ctx)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %d before, %d after the hostile imports", k, v, after[k])
		}
	}
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestLimitsAreSettings(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	cat := catalog.New(st)
	lim, err := cat.Limits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lim.MaxFileBytes = 2 << 10
	if err := cat.SetLimits(ctx, lim); err != nil {
		t.Fatal(err)
	}
	_, err = cat.ImportBytes(ctx, "big.txt", bytes.Repeat([]byte("word "), 1000), narration.Options{})
	if fault.CodeOf(err) != fault.TooLarge || !strings.Contains(err.Error(), "2 KB") {
		t.Errorf("err = %v, want the 2 KB limit", err)
	}
	lim.MaxFileBytes = 10
	if err := cat.SetLimits(ctx, lim); fault.CodeOf(err) != fault.Invalid {
		t.Errorf("absurd limit accepted: %v", err)
	}
}

// A long text is laid out in chunks that never cut a paragraph or mix chapters, and
// each renders its own stretch, numbered as in the whole; Find finds in any case.
func TestChunksTextAndFind(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var b strings.Builder
	b.WriteString("# One\n\n")
	for p := 0; p < 60; p++ { // 60 paragraphs of 5 sentences: 300 sentences, and the heading
		for s := 0; s < 5; s++ {
			fmt.Fprintf(&b, "Paragraph %d line %d. ", p, s)
		}
		b.WriteString("\n\n")
	}
	b.WriteString("# Two\n\nThe Siobhán paragraph. SIOBHÁN again.\n")
	cat := catalog.New(st)
	res, err := cat.ImportBytes(ctx, "long.md", []byte(b.String()), narration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := cat.View(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	next := 0
	for i, c := range v.Chunks {
		if c.First != next || c.Last < c.First {
			t.Fatalf("chunk %d = %+v: not contiguous from %d", i, c, next)
		}
		next = c.Last + 1
		html, err := cat.Text(ctx, res.ID, c.First, c.Last)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(html, `class="seg"`); n != c.Last-c.First+1 {
			t.Errorf("chunk %d renders %d sentences, holds %d", i, n, c.Last-c.First+1)
		}
		if !strings.Contains(html, fmt.Sprintf(`data-seg="%d"`, c.First)) || strings.Count(html, "<p>") != strings.Count(html, "</p>") {
			t.Errorf("chunk %d: %.200s", i, html)
		}
		if cont := strings.Contains(html, `class="cont"`); cont != (i > 0 && v.Chunks[i-1].Section == c.Section) {
			t.Errorf("chunk %d continues its chapter: %v", i, cont)
		}
	}
	if next != v.Document.Segments || len(v.Chunks) < 3 || v.Chunks[len(v.Chunks)-1].Section != 1 {
		t.Errorf("%d chunks over %d sentences", len(v.Chunks), next)
	}
	found, err := cat.Find(ctx, res.ID, "siobhán")
	if err != nil || found.Total != 2 || len(found.Ords) != 2 || found.Ords[0] != next-2 {
		t.Errorf("find = %+v, %v", found, err)
	}
	if _, err := cat.Find(ctx, res.ID, "  "); fault.CodeOf(err) != fault.Invalid {
		t.Errorf("empty search: %v", err)
	}
	if _, err := cat.Text(ctx, res.ID, 10, 5); fault.CodeOf(err) != fault.Invalid {
		t.Errorf("backwards range: %v", err)
	}
	if _, err := cat.Text(ctx, res.ID, next+5, next+6); fault.CodeOf(err) != fault.NotFound {
		t.Errorf("past the end: %v", err)
	}
}
