package document_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"readback/internal/document"
	"readback/internal/fault"
)

func parsePDF(t *testing.T, ctx context.Context, name string, data []byte) (*document.Document, error) {
	t.Helper()
	return document.Parse(ctx, name, data, document.DefaultLimits())
}

func blocksOf(t *testing.T, name string) []document.Block {
	t.Helper()
	doc, err := parsePDF(t, context.Background(), name, readFixture(t, "pdf/"+name))
	if err != nil {
		t.Fatal(err)
	}
	return doc.Blocks
}

func sameBlocks(t *testing.T, got, want []document.Block, what string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d blocks, want %d", what, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: block %d is %+v, want %+v", what, i, got[i], want[i])
		}
	}
}

// AES-256 with an empty user password opens without asking, and a file whose
// cross-reference table points at the wrong bytes is repaired: both read exactly as
// the file they were made from (qpdf and a byte edit of harbour.pdf).
func TestPDFEmptyPasswordAndDamagedXref(t *testing.T) {
	want := blocksOf(t, "harbour.pdf")
	sameBlocks(t, blocksOf(t, "aes256-empty.pdf"), want, "AES-256, empty password")
	sameBlocks(t, blocksOf(t, "damaged-xref.pdf"), want, "damaged xref")
}

// A password-protected PDF asks for its password (a code the window and the command
// line know), says when the one given is wrong, opens with the right one, and never
// repeats it in a message.
func TestPDFPassword(t *testing.T) {
	data := readFixture(t, "pdf/aes256-secret.pdf")
	_, err := parsePDF(t, context.Background(), "secret.pdf", data)
	if fault.CodeOf(err) != fault.Locked || err.Error() != "secret.pdf: the PDF is protected by a password" {
		t.Fatalf("no password: %v (%s)", err, fault.CodeOf(err))
	}
	_, err = parsePDF(t, document.WithPassword(context.Background(), "hunter3"), "secret.pdf", data)
	if fault.CodeOf(err) != fault.Locked || err.Error() != "secret.pdf: the password does not open this PDF" {
		t.Fatalf("wrong password: %v (%s)", err, fault.CodeOf(err))
	}
	if strings.Contains(err.Error(), "hunter3") {
		t.Fatal("the message repeats the password")
	}
	doc, err := parsePDF(t, document.WithPassword(context.Background(), "hunter2"), "secret.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	sameBlocks(t, doc.Blocks, blocksOf(t, "tex.pdf"), "with its password")
}

// A PDF whose text is mostly glyphs with no known characters is refused with that
// reason rather than imported as a few stray words.
func TestPDFMostlyUndecodable(t *testing.T) {
	_, err := parsePDF(t, context.Background(), "scan.pdf", undecodablePDF([]string{"Faktura"}, []int{40, 40}))
	var bad, all int
	if fault.CodeOf(err) != fault.Invalid || !strings.HasPrefix(err.Error(), "scan.pdf: most of the PDF's text cannot be decoded (") {
		t.Fatalf("got %v", err)
	}
	fmt.Sscanf(err.Error()[strings.Index(err.Error(), "(")+1:], "%d of %d", &bad, &all)
	if all-bad != len("Faktura") || bad < 20 {
		t.Fatalf("counted %d undecodable of %d: %v", bad, all, err)
	}
}

// A PDF that takes longer than its time is stopped with a clear error, and the
// next one reads normally: the killed instance took nothing down with it.
func TestPDFTimeoutKillsTheReader(t *testing.T) {
	undo := document.SetPDFTimeout(time.Millisecond)
	_, err := parsePDF(t, context.Background(), "tex.pdf", readFixture(t, "pdf/tex.pdf"))
	undo()
	if err == nil || !strings.Contains(err.Error(), "tex.pdf: the PDF took longer than 1ms to read and was stopped") {
		t.Fatalf("got %v", err)
	}
	if len(blocksOf(t, "tex.pdf")) == 0 {
		t.Fatal("no blocks after a timeout")
	}
}

// Cancelling an import stops the PDF being read.
func TestPDFCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := parsePDF(t, ctx, "tex.pdf", readFixture(t, "pdf/tex.pdf"))
	if err == nil || !errors.Is(err, context.Canceled) && !strings.Contains(err.Error(), "cancelled") {
		t.Fatalf("got %v", err)
	}
}
