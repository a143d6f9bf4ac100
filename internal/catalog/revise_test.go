package catalog_test

import (
	"context"
	"encoding/json"
	"testing"

	"readback/internal/catalog"
	"readback/internal/fault"
	"readback/internal/narration"
	"readback/internal/store"
)

// Edits, voices, the listening place and the undo history follow their sentences
// into a new version; a changed sentence keeps its voice but not a spoken text
// written for its old words.
func TestReviseKeepsEdits(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	cat := catalog.New(st)
	v1 := "# One\n\nThe keeper woke. She climbed the stairs. The lamp was cold.\n\n# Two\n\nRain fell. Wind rose. The end came.\n"
	res, err := cat.ImportBytes(ctx, "book.md", []byte(v1), narration.Options{Footnotes: narration.FootnotesSkip})
	if err != nil {
		t.Fatal(err)
	}
	// ords: 0 One · 1 The keeper woke. · 2 She climbed the stairs. · 3 The lamp was cold. ·
	// 4 Two · 5 Rain fell. · 6 Wind rose. · 7 The end came.
	say, pause := "The keeper awoke.", 900
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.Apply(ctx, res.ID, "edit keeper", []store.Edit{{Kind: "segment", Ord: 1, State: store.SegmentState{SpokenText: &say}}}))
	must(st.Apply(ctx, res.ID, "voice lamp", []store.Edit{{Kind: "segment", Ord: 3, State: store.SegmentState{Voice: "espeak:en-us", PauseAfter: &pause}}}))
	must(st.Apply(ctx, res.ID, "skip wind", []store.Edit{{Kind: "segment", Ord: 6, State: store.SegmentState{Skipped: true}}}))
	must(st.Apply(ctx, res.ID, "voice two", []store.Edit{{Kind: "section", Ord: 1, State: store.SegmentState{Voice: "espeak:en-gb-scotland"}}}))
	must(st.Apply(ctx, res.ID, "skip stairs", []store.Edit{{Kind: "segment", Ord: 2, State: store.SegmentState{Skipped: true}}}))
	must(st.MarkRendered(ctx, res.ID, map[int]string{3: "k3", 7: "k7"}))
	must(st.SetPosition(ctx, res.ID, store.Position{Ord: 6, OffsetMs: 300}))

	// v2: a sentence added at the top, "She climbed the stairs." removed, the lamp
	// sentence changed, the rest the same.
	v2 := "# One\n\nDawn broke. The keeper woke. The lamp was very cold.\n\n# Two\n\nRain fell. Wind rose. The end came.\n"
	rev, err := cat.Revise(ctx, res.ID, "book-v2.md", []byte(v2))
	if err != nil {
		t.Fatal(err)
	}
	if rev.Added != 1 || rev.Removed != 1 || rev.Changed != 1 || rev.Unchanged != 6 || rev.ID != res.ID {
		t.Fatalf("revision: %+v", rev)
	}
	segs, err := st.Script(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	// new ords: 0 One · 1 Dawn broke. · 2 The keeper woke. · 3 The lamp was very cold. ·
	// 4 Two · 5 Rain fell. · 6 Wind rose. · 7 The end came.
	if len(segs) != 8 {
		t.Fatalf("%d segments", len(segs))
	}
	if s := segs[2].Edit.SpokenText; s == nil || *s != say || segs[2].SpokenText != say {
		t.Errorf("the keeper's spoken text was not kept: %+v", segs[2])
	}
	if e := segs[3].Edit; e.SpokenText != nil || e.Voice != "espeak:en-us" || e.PauseAfter == nil || *e.PauseAfter != 900 || segs[3].RenderedKey != "k3" {
		t.Errorf("changed lamp sentence: %+v", segs[3])
	}
	if !segs[6].Edit.Skipped || segs[7].RenderedKey != "k7" || segs[5].Edit.Skipped {
		t.Errorf("later segments: %+v %+v %+v", segs[5].Edit, segs[6].Edit, segs[7])
	}
	if segs[5].SectionVoice != "espeak:en-gb-scotland" {
		t.Errorf("chapter Two lost its voice: %q", segs[5].SectionVoice)
	}
	if p, _ := st.GetPosition(ctx, res.ID); p.Ord != 6 {
		t.Errorf("listening position moved to %+v", p)
	}
	// Undo walks back the kept history on the new places: "skip stairs" touched a
	// removed sentence and is gone; "skip wind" is undone at ord 6.
	hist, _ := st.History(ctx, res.ID)
	if len(hist) != 3 {
		t.Errorf("history after the revision: %+v", hist)
	}
	if h, err := st.Undo(ctx, res.ID); err != nil || h.Label != "skip wind" {
		t.Fatalf("undo: %+v %v", h, err)
	}
	segs, _ = st.Script(ctx, res.ID)
	if segs[6].Edit.Skipped {
		t.Error("undo did not reach the moved segment")
	}
	raw, _ := st.LastRevision(ctx, res.ID)
	var changes []catalog.SentenceChange
	if err := json.Unmarshal(raw, &changes); err != nil || len(changes) != 3 {
		t.Errorf("stored revision %s: %v", raw, err)
	}

	// The same bytes again change nothing; another document's bytes are refused.
	if again, err := cat.Revise(ctx, res.ID, "book-v2.md", []byte(v2)); err != nil || again.Added+again.Removed+again.Changed != 0 {
		t.Errorf("same version again: %+v %v", again, err)
	}
	other, _ := cat.ImportBytes(ctx, "other.md", []byte("Something else entirely.\n"), narration.Options{})
	if _, err := cat.Revise(ctx, res.ID, "other.md", []byte("Something else entirely.\n")); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("revising with document %d's bytes: %v", other.ID, err)
	}
	if _, err := cat.Revise(ctx, res.ID, "empty.md", []byte("   \n")); err == nil {
		t.Error("an empty version was accepted")
	}
	if segs, _ := st.Script(ctx, res.ID); len(segs) != 8 {
		t.Errorf("a refused version changed the document: %d segments", len(segs))
	}
}
