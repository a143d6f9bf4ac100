package listening_test

import (
	"context"
	"testing"

	"readback/internal/catalog"
	"readback/internal/listening"
	"readback/internal/render"
	"readback/internal/render/rendertest"
)

// A document's length before an audiobook is what its player shows: the estimator
// works it out for each document not yet estimated (imported since, or before the
// library kept it), the player's opening keeps it again (sentences synthesised
// since are measured), and a new version forgets it until it is worked out anew.
func TestTheLibraryKeepsThePlayersEstimate(t *testing.T) {
	ctx := context.Background()
	f := rendertest.New(t, "# One\n\nThe keeper climbed the long stairs of the lighthouse every evening.\n\n"+
		"She trimmed the wick and wound the clockwork.\n\n# Two\n\nAt midnight the wind rose.\n")
	length := func(id int64) int64 {
		t.Helper()
		d, err := f.St.Document(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return d.EstimateMs
	}
	if got := length(f.Doc); got != 0 {
		t.Fatalf("estimated %d ms before anything worked it out", got)
	}
	changed := 0
	e := listening.NewEstimator(f.R, f.St, nil, func() { changed++ })
	e.Pass(ctx)
	shown := func() int64 {
		t.Helper()
		s := &listening.Session{R: f.R, St: f.St}
		opened, err := s.Open(ctx, f.Doc)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		return listening.Total(opened.Clips)
	}
	want := shown()
	if got := length(f.Doc); got != want || want <= 0 || changed != 1 {
		t.Fatalf("estimated %d ms, the player shows %d ms (told %d times)", got, want, changed)
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
	if measured := shown(); measured == want || length(f.Doc) != measured {
		t.Errorf("after synthesis the player shows %d ms (estimated %d before), the library %d", measured, want, length(f.Doc))
	}

	// A new version: its old length is forgotten, then worked out for the new text.
	cat := catalog.New(f.St)
	var told []int64
	cat.Imported = func(id int64) { told = append(told, id) }
	if _, err := cat.Revise(ctx, f.Doc, "keeper.md", []byte("# One\n\nThe keeper slept.\n")); err != nil {
		t.Fatal(err)
	}
	if len(told) != 1 || told[0] != f.Doc || length(f.Doc) != 0 {
		t.Fatalf("a new version: told %v, its length %d ms", told, length(f.Doc))
	}
	e.Pass(ctx)
	if got, want := length(f.Doc), shown(); got != want || got <= 0 {
		t.Errorf("the new version estimated %d ms, its player shows %d ms", got, want)
	}
	// A document imported is told of too.
	res, err := cat.ImportChosen(ctx, "harbour.md", []byte("# Harbour\n\nThe boats came home.\n"), catalog.ImportSettings{})
	if err != nil {
		t.Fatal(err)
	}
	if len(told) != 2 || told[1] != res.ID {
		t.Errorf("an import told %v", told)
	}
}
