package render_test

import (
	"context"
	"testing"

	"readback/internal/catalog"
	"readback/internal/narration"
	"readback/internal/render"
	"readback/internal/store"
)

// One edit builds the book once: its readers — the player, the re-rendering of
// what went stale, the editor's page — share it while nothing it is made from
// changes. An edit, a lexicon entry, a sentence marked rendered and a voice's new
// model build it again; the renditions and claims of the rendering, and another
// document's edits, do not.
func TestOneEditBuildsTheBookOnce(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, book)
	r, v := versionedRenderer(t, f)
	built := func() int64 { return r.BooksBuilt() }
	readers := func() *render.Book {
		t.Helper()
		b, err := r.Book(ctx, f.doc, render.Voice{}) // the player's, the re-rendering's
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Sentences(ctx, f.doc, 0, 100); err != nil { // the editor's page
			t.Fatal(err)
		}
		if again, _ := r.Book(ctx, f.doc, render.Voice{}); again != b {
			t.Error("a second reader got another book")
		}
		return b
	}
	first := readers()
	if built() != 1 {
		t.Fatalf("%d books built for three readers", built())
	}

	say := "The keeper woke at dawn."
	if err := f.st.Apply(ctx, f.doc, "edit", []store.Edit{{Kind: "segment", Ord: 1, State: store.SegmentState{SpokenText: &say}}}); err != nil {
		t.Fatal(err)
	}
	edited := readers()
	if built() != 2 || edited == first || edited.Items[1].Text != say {
		t.Errorf("after an edit: %d built; the sentence reads %q", built(), edited.Items[1].Text)
	}

	if err := f.st.PutLexiconEntries(ctx, []store.LexiconEntry{{Word: "keeper", WholeWord: true, Say: "keepa"}}); err != nil {
		t.Fatal(err)
	}
	lex := readers()
	if built() != 3 {
		t.Errorf("after a lexicon entry: %d built, want 3", built())
	}

	// The rendering commits its claims and renditions: the book is what it was.
	if _, err := r.RenderAll(ctx, lex.Items, nil); err != nil {
		t.Fatal(err)
	}
	other, err := catalog.New(f.st).ImportBytes(ctx, "other.md", []byte("# Else\n\nAnother book.\n"), narration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.Apply(ctx, other.ID, "edit", []store.Edit{{Kind: "segment", Ord: 0, State: store.SegmentState{Skipped: true}}}); err != nil {
		t.Fatal(err)
	}
	if readers() != lex || built() != 3 {
		t.Errorf("after rendering and another document's edit: %d built, want 3", built())
	}
	// Marked rendered, its sentences' states change.
	if err := r.MarkRendered(ctx, f.doc, lex.Items); err != nil {
		t.Fatal(err)
	}
	lex = readers()
	if built() != 4 {
		t.Errorf("after the sentences were marked rendered: %d built, want 4", built())
	}

	// Another model under the voice's name changes its keys: not the book kept.
	v.version = "model-b"
	b := readers()
	if built() != 5 || b.Items[1].Key == lex.Items[1].Key {
		t.Errorf("after the model changed: %d built, keys %s and %s", built(), b.Items[1].Key, lex.Items[1].Key)
	}
}
