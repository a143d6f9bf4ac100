package library_test

import (
	"context"
	"encoding/json"
	"io"
	"testing"

	"readback/internal/library"
	"readback/internal/store"
)

// The shared lexicon is written as format 1 until an entry has IPA, then as
// format 2 — which a Readback from before IPA refuses, rather than writing the
// lexicon back without it — and another library reads the IPA back.
func TestSharedLexiconFormatFollowsIPA(t *testing.T) {
	ctx := context.Background()
	remote := library.NewMem()
	format := func() string {
		t.Helper()
		rc, _, err := remote.Get(ctx, library.LexiconKey, 0, -1)
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, _ := io.ReadAll(rc)
		var d struct{ Format string }
		json.Unmarshal(b, &d)
		return d.Format
	}
	alice := newLibrary(t, remote, "alice")
	if err := alice.Store.PutLexiconEntries(ctx, []store.LexiconEntry{{Word: "Niamh", Say: "Neev"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.SyncLexicon(ctx, false); err != nil {
		t.Fatal(err)
	}
	if f := format(); f != "readback-lexicon/1" {
		t.Errorf("without IPA the lexicon is written as %q", f)
	}
	if err := alice.Store.PutLexiconEntries(ctx, []store.LexiconEntry{{Word: "Aoife", IPA: "ˈiːfə"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.SyncLexicon(ctx, false); err != nil {
		t.Fatal(err)
	}
	if f := format(); f != "readback-lexicon/2" {
		t.Errorf("with IPA the lexicon is written as %q", f)
	}
	bob := newLibrary(t, remote, "bob")
	if _, err := bob.SyncLexicon(ctx, false); err != nil {
		t.Fatal(err)
	}
	es, _ := bob.Store.LexiconEntries(ctx, 0)
	if len(es) != 2 || es[0].Word != "Aoife" || es[0].IPA != "ˈiːfə" {
		t.Errorf("Bob's lexicon: %+v", es)
	}
}
