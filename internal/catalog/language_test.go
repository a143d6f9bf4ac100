package catalog_test

import (
	"context"
	"strings"
	"testing"

	"readback/internal/catalog"
	"readback/internal/fault"
	"readback/internal/narration"
)

// A document's language comes from its text when the file does not say, can be given
// at import (--language) or set later, and a new version keeps the writer's choice.
func TestDocumentLanguage(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	cat := catalog.New(st)
	text := "The harbour master keeps a ledger of every vessel that enters after dark. At the end of each year he closes it with a ruled line."
	res, err := cat.ImportBytes(ctx, "ledger.txt", []byte(text), narration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc, _ := st.Document(ctx, res.ID); doc.Language != "en" {
		t.Fatalf("detected %q", doc.Language)
	}
	res2, err := cat.ImportBytes(ctx, "ledger-de.txt", []byte(text+" And once more."), narration.Options{Language: "de-de"})
	if err != nil {
		t.Fatal(err)
	}
	if doc, _ := st.Document(ctx, res2.ID); doc.Language != "de-DE" {
		t.Fatalf("given %q", doc.Language)
	}
	if _, err := cat.ImportBytes(ctx, "x.txt", []byte(text+" Again."), narration.Options{Language: "not a tag"}); fault.CodeOf(err) != fault.Invalid || !strings.Contains(err.Error(), "is not a language tag") {
		t.Fatalf("got %v", err)
	}

	if lang, err := cat.SetLanguage(ctx, res.ID, "fr"); err != nil || lang != "fr" {
		t.Fatalf("%q %v", lang, err)
	}
	if _, err := cat.Revise(ctx, res.ID, "ledger.txt", []byte(text+" A new line.")); err != nil {
		t.Fatal(err)
	}
	if doc, _ := st.Document(ctx, res.ID); doc.Language != "fr" {
		t.Fatalf("after a new version: %q", doc.Language)
	}
	if lang, err := cat.SetLanguage(ctx, res.ID, ""); err != nil || lang != "en" {
		t.Fatalf("back to the text's: %q %v", lang, err)
	}
	if _, err := cat.SetLanguage(ctx, res.ID, "xx-invalid-tag-!"); fault.CodeOf(err) != fault.Invalid {
		t.Fatalf("got %v", err)
	}
}
