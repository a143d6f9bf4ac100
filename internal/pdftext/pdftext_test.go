package pdftext

import (
	"context"
	"errors"
	"os"
	"strings"
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
