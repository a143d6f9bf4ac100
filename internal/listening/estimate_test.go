package listening_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"readback/internal/catalog"
	"readback/internal/listening"
	"readback/internal/render"
	"readback/internal/render/rendertest"
	"readback/internal/store"
)

// A document's length before an audiobook is what its player shows: the estimator
// works it out for each document not yet estimated, or changed since (a new
// version, the lexicon), and the player's opening keeps it again (sentences
// synthesised since are measured); an estimate of a book that changed while it was
// worked out is not kept, and a document with an audiobook is left alone.
func TestTheLibraryKeepsThePlayersEstimate(t *testing.T) {
	ctx := context.Background()
	f := rendertest.New(t, "# One\n\nThe keeper climbed the long stairs of the lighthouse every evening.\n\n"+
		"She trimmed the wick and wound the clockwork.\n\n# Two\n\nAt midnight the wind rose.\n")
	kept := func() *store.Document {
		t.Helper()
		d, err := f.St.Document(ctx, f.Doc)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	// What the player shows (opening it keeps it too: read what was kept first).
	shown := func() (int64, bool) {
		t.Helper()
		s := &listening.Session{R: f.R, St: f.St}
		defer s.Close()
		opened, err := s.Open(ctx, f.Doc)
		if err != nil {
			t.Fatal(err)
		}
		return listening.Total(opened.Clips)
	}
	if d := kept(); d.EstimateMs != 0 {
		t.Fatalf("estimated %d ms before anything worked it out", d.EstimateMs)
	}
	changed := 0
	e := listening.NewEstimator(f.R, f.St, nil, func() { changed++ })
	e.Pass(ctx)
	d := kept()
	if want, estimated := shown(); d.EstimateMs != want || want <= 0 || !d.Estimated || !estimated || changed != 1 {
		t.Fatalf("estimated %d ms (%v), the player shows %d ms (%v); told %d times", d.EstimateMs, d.Estimated, want, estimated, changed)
	}
	// Nothing left to estimate: no pass says anything changed.
	e.Pass(ctx)
	if changed != 1 {
		t.Errorf("a pass with nothing to estimate told the window %d times", changed)
	}

	// Synthesised since: the player's next opening keeps its measured length.
	b, err := f.R.Book(ctx, f.Doc, render.Voice{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.R.RenderAll(ctx, b.Items, nil); err != nil {
		t.Fatal(err)
	}
	before := d.EstimateMs
	measured, estimated := shown()
	if d := kept(); measured == before || d.EstimateMs != measured || d.Estimated || estimated {
		t.Errorf("after synthesis the player shows %d ms (estimated: %v; %d before), the library %d ms (estimated: %v)",
			measured, estimated, before, d.EstimateMs, d.Estimated)
	}

	// An estimate worked out from the book before a change is not kept.
	old, _ := f.St.BookChanges(ctx, f.Doc)
	if err := f.St.PutLexiconEntries(ctx, []store.LexiconEntry{{Word: "keeper", Say: "lighthouse keeper"}}); err != nil {
		t.Fatal(err)
	}
	if err := f.St.SetEstimate(ctx, f.Doc, 1, true, old); err != nil {
		t.Fatal(err)
	}
	if d := kept(); d.EstimateMs != measured {
		t.Errorf("an estimate of the book before the lexicon changed was kept: %d ms", d.EstimateMs)
	}
	// The lexicon changed what is read: worked out again at the next pass.
	e.Pass(ctx)
	if d, want := kept().EstimateMs, measured; d == want || changed != 2 {
		t.Errorf("after a lexicon entry the library keeps %d ms (%d before; told %d times)", d, want, changed)
	}

	// A new version: worked out anew for its text.
	if _, err := catalog.New(f.St).Revise(ctx, f.Doc, "keeper.md", []byte("# One\n\nThe keeper slept.\n")); err != nil {
		t.Fatal(err)
	}
	stale := kept().EstimateMs
	e.Pass(ctx)
	if got := kept().EstimateMs; got == stale || changed != 3 {
		t.Errorf("the new version is kept as %d ms, the old one's %d ms (told %d times)", got, stale, changed)
	}
	if got, want := kept().EstimateMs, func() int64 { ms, _ := shown(); return ms }(); got != want {
		t.Errorf("the new version is kept as %d ms, its player shows %d ms", got, want)
	}

	// With an audiobook, its length is the audiobook's: not estimated again.
	if err := f.St.PutExport(ctx, &store.Export{DocumentID: f.Doc, Path: "/tmp/keeper.wav", Plan: "x", AudioMs: 5000}); err != nil {
		t.Fatal(err)
	}
	if err := f.St.PutLexiconEntries(ctx, []store.LexiconEntry{{Word: "slept", Say: "slept soundly"}}); err != nil {
		t.Fatal(err)
	}
	if ids, err := f.St.Unestimated(ctx); err != nil || len(ids) != 0 {
		t.Errorf("documents to estimate: %v %v (the one there has an audiobook)", ids, err)
	}
}

// A document whose length cannot be worked out (its voice's engine is not here) is
// said once and tried again only once it has changed, not at every listing.
func TestAnEstimateThatFailsIsTriedAgainOnceChanged(t *testing.T) {
	ctx := context.Background()
	f := rendertest.New(t, "# One\n\nThe keeper climbed the stairs.\n")
	voice := func(v string) {
		t.Helper()
		if err := f.St.Apply(ctx, f.Doc, "voice", []store.Edit{{Kind: "document", State: store.SegmentState{Voice: v}}}); err != nil {
			t.Fatal(err)
		}
	}
	voice("nosuch:voice")
	var said bytes.Buffer
	e := listening.NewEstimator(f.R, f.St, slog.New(slog.NewTextHandler(&said, nil)), nil)
	e.Pass(ctx)
	e.Pass(ctx)
	if n := strings.Count(said.String(), "could not estimate"); n != 1 {
		t.Fatalf("said %d times:\n%s", n, said.String())
	}
	voice("")
	e.Pass(ctx)
	if d, err := f.St.Document(ctx, f.Doc); err != nil || d.EstimateMs <= 0 {
		t.Errorf("once its voice is one that is here: %+v %v", d, err)
	}
}
