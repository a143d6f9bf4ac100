package render_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"readback/internal/editing"
	"readback/internal/render"
	"readback/internal/store"
)

func keysByOrd(t *testing.T, f *fixture) (map[int]render.Item, *render.Book) {
	t.Helper()
	b, err := f.r.Book(context.Background(), f.doc, voice)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]render.Item{}
	for _, it := range b.Items {
		out[it.Ord] = it
	}
	return out, b
}

func changed(a, b map[int]render.Item) []int {
	var out []int
	for ord, it := range b {
		if a[ord].Key != it.Key {
			out = append(out, ord)
		}
	}
	return out
}

// A lexicon entry changes exactly the sentences that use its word, and rendering
// again synthesises those and nothing else.
func TestLexiconEntryReRendersOnlyItsSentences(t *testing.T) {
	ctx := context.Background()
	var md strings.Builder
	md.WriteString("# Names\n\n")
	uses := 0
	for i := 0; i < 30; i++ {
		if i%3 == 0 {
			fmt.Fprintf(&md, "Siobhan opened door number %d. ", i)
			uses++
		} else {
			fmt.Fprintf(&md, "The wind pushed window number %d. ", i)
		}
	}
	f := newFixture(t, md.String())
	before, b := keysByOrd(t, f)
	if _, err := f.r.RenderAll(ctx, b.Items, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.r.MarkRendered(ctx, f.doc, b.Items); err != nil {
		t.Fatal(err)
	}
	err := f.st.PutLexiconEntries(ctx, []store.LexiconEntry{{DocumentID: f.doc, Word: "siobhan", WholeWord: true, Say: "Shivawn", Phonemes: "S@v'O:n"}})
	if err != nil {
		t.Fatal(err)
	}
	after, b2 := keysByOrd(t, f)
	diff := changed(before, after)
	if len(diff) != uses {
		t.Fatalf("%d keys changed, want the %d sentences naming Siobhan", len(diff), uses)
	}
	for _, ord := range diff {
		if !strings.Contains(after[ord].Text, "[[S@v'O:n]]") {
			t.Errorf("segment %d reads %q: the phonemes are not in it", ord, after[ord].Text)
		}
	}
	states, err := f.r.States(ctx, b2)
	if err != nil {
		t.Fatal(err)
	}
	stale := 0
	for _, s := range states {
		if s == render.Stale {
			stale++
		}
	}
	if stale != uses {
		t.Errorf("%d segments shown stale, want %d", stale, uses)
	}
	f.eng.Reset()
	sum, err := f.r.RenderAll(ctx, b2.Items, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Synthesized != uses || len(sum.Failed) != 0 || f.eng.Calls() != uses {
		t.Errorf("rendering again synthesised %d (failed %v) in %d engine calls, want %d", sum.Synthesized, sum.Failed, f.eng.Calls(), uses)
	}
	// A global entry for the same word is shadowed by the document's own.
	if err := f.st.PutLexiconEntries(ctx, []store.LexiconEntry{{Word: "Siobhan", WholeWord: true, Say: "See-oh-ban"}}); err != nil {
		t.Fatal(err)
	}
	again, _ := keysByOrd(t, f)
	if d := changed(after, again); len(d) != 0 {
		t.Errorf("a global entry changed %d segments the document's entry governs", len(d))
	}
}

func TestEditsShapeTheBook(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "# One\n\nALICE: Where is the lamp? It was here.\n\nBOB: On the stairs.\n\nThe wind rose.\n\n# Two\n\nRain fell all night.\n")
	before, b := keysByOrd(t, f)
	// 0 One · 1 ALICE: Where is the lamp? · 2 It was here. · 3 BOB: On the stairs. ·
	// 4 The wind rose. · 5 Two · 6 Rain fell all night.
	if len(b.Items) != 7 || len(b.Chapters) != 2 {
		t.Fatalf("book has %d items in %d chapters, want 7 in 2", len(b.Items), len(b.Chapters))
	}
	spoken := "Where is the old lamp?"
	pause, title := 2000, "Interlude"
	edits := []store.Edit{
		{Kind: "segment", Ord: 1, State: store.SegmentState{SpokenText: &spoken}},
		{Kind: "segment", Ord: 2, State: store.SegmentState{Skipped: true}},
		{Kind: "segment", Ord: 3, State: store.SegmentState{PauseAfter: &pause, Rate: 1.5}},
		{Kind: "segment", Ord: 4, State: store.SegmentState{ChapterBreak: &title}},
		{Kind: "section", Ord: 1, State: store.SegmentState{Voice: "espeak:en-us"}},
		{Kind: "speaker", Name: "ALICE", State: store.SegmentState{Voice: "espeak:en-gb-scotland"}},
	}
	if err := f.st.Apply(ctx, f.doc, "several edits", edits); err != nil {
		t.Fatal(err)
	}
	after, b := keysByOrd(t, f)
	if _, ok := after[2]; ok || len(b.Items) != 6 {
		t.Errorf("the skipped segment is still read: %d items", len(b.Items))
	}
	if got := after[1].Text; got != spoken {
		t.Errorf("segment 1 reads %q, not the edited text", got)
	}
	if after[3].Text != "BOB: On the stairs." {
		t.Errorf("BOB has no voice, so his name is read: %q", after[3].Text)
	}
	if after[1].Voice.Voice != "en-gb-scotland" || after[3].Voice.Voice != "" {
		t.Errorf("ALICE's paragraph is read by %q, BOB's by %q", after[1].Voice.Voice, after[3].Voice.Voice)
	}
	if after[3].PauseMs != 2000 || after[3].Voice.Prosody.Rate != 1.5 || after[4].PauseMs != -1 {
		t.Errorf("segment 3: pause %d, rate %v", after[3].PauseMs, after[3].Voice.Prosody.Rate)
	}
	if len(b.Chapters) != 3 || b.Chapters[1] != "Interlude" || after[3].Section != 0 || after[4].Section != 1 || after[5].Section != 2 {
		t.Errorf("chapters %q; segments 3, 4, 5 in %d, %d, %d", b.Chapters, after[3].Section, after[4].Section, after[5].Section)
	}
	if after[6].Voice.Voice != "en-us" || after[4].Voice.Voice != "" {
		t.Errorf("chapter voice: segment 6 %q, segment 4 %q", after[6].Voice.Voice, after[4].Voice.Voice)
	}
	if before[4].Key != after[4].Key || before[0].Key != after[0].Key {
		t.Error("a chapter break changed the sentence's rendition")
	}

	// Undo restores every key; redo brings the edits back; both survive a restart.
	h, err := f.st.Undo(ctx, f.doc)
	if err != nil || h == nil || h.Label != "several edits" {
		t.Fatalf("undo: %v %v", h, err)
	}
	undone, b := keysByOrd(t, f)
	if d := changed(before, undone); len(d) != 0 || len(b.Items) != 7 || len(b.Chapters) != 2 {
		t.Errorf("after undo %d keys differ from the original, %d items, %d chapters", len(d), len(b.Items), len(b.Chapters))
	}
	if h, _ := f.st.Undo(ctx, f.doc); h != nil {
		t.Errorf("a second undo found %q", h.Label)
	}
	f.st.Close()
	st, err := store.Open(ctx, filepath.Join(f.dir, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	f.st = st
	reg, eng := engines(t)
	f.r, f.eng = render.New(st, reg, filepath.Join(f.dir, "renditions")), eng
	if h, err := st.Redo(ctx, f.doc); err != nil || h == nil {
		t.Fatalf("redo after a restart: %v %v", h, err)
	}
	redone, _ := keysByOrd(t, f)
	if d := changed(after, redone); len(d) != 0 || len(redone) != len(after) {
		t.Errorf("after redo %d keys differ from the edited book", len(d))
	}
	// A new action drops what was undone.
	f.st.Undo(ctx, f.doc)
	f.st.Apply(ctx, f.doc, "skip", []store.Edit{{Kind: "segment", Ord: 5, State: store.SegmentState{Skipped: true}}})
	if h, _ := f.st.Redo(ctx, f.doc); h != nil {
		t.Errorf("redo after a new action redid %q", h.Label)
	}
	hist, _ := f.st.History(ctx, f.doc)
	if len(hist) != 1 || hist[0].Label != "skip" {
		t.Errorf("history: %+v", hist)
	}
}

func TestEditsAreValidated(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, book)
	blank, long := "  ", strings.Repeat("x", 5000)
	bad := []store.Edit{
		{Kind: "segment", Ord: 0, State: store.SegmentState{SpokenText: &blank}},
		{Kind: "segment", Ord: 0, State: store.SegmentState{SpokenText: &long}},
		{Kind: "segment", Ord: 0, State: store.SegmentState{Rate: 9}},
		{Kind: "segment", Ord: 999, State: store.SegmentState{Skipped: true}},
		{Kind: "speaker", Name: "", State: store.SegmentState{Voice: "x"}},
		{Kind: "nonsense"},
	}
	for _, e := range bad {
		if err := f.st.Apply(ctx, f.doc, "bad", []store.Edit{e}); err == nil {
			t.Errorf("edit %+v was accepted", e)
		}
	}
	if h, _ := f.st.History(ctx, f.doc); len(h) != 0 {
		t.Errorf("refused edits left history: %+v", h)
	}
	for _, e := range []store.LexiconEntry{{Word: "x"}, {Word: "", Say: "y"}, {Word: "a", Phonemes: "[[b]]"}, {Word: "a", Say: "b", DocumentID: 999}} {
		if err := f.st.PutLexiconEntries(ctx, []store.LexiconEntry{e}); err == nil {
			t.Errorf("lexicon entry %+v was accepted", e)
		}
	}
}

// A speaker given a voice is heard, not announced: "ALICE:" is not read.
func TestSpeakerLabelsAreNotReadOnceVoiced(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "ALICE: Where is it? Nobody knows.\n\nBOB: Gone.\n\nALICE: Gone where?\n")
	if err := f.st.Apply(ctx, f.doc, "voice", []store.Edit{{Kind: "speaker", Name: "ALICE", State: store.SegmentState{Voice: "espeak:en-us"}}}); err != nil {
		t.Fatal(err)
	}
	items, _ := keysByOrd(t, f)
	want := map[int]string{0: "Where is it?", 1: "Nobody knows.", 2: "BOB: Gone.", 3: "Gone where?"}
	for ord, text := range want {
		if items[ord].Text != text {
			t.Errorf("segment %d reads %q, want %q", ord, items[ord].Text, text)
		}
	}
}

// A heading that is a Roman numeral is a chapter number.
func TestRomanHeadings(t *testing.T) {
	f := newFixture(t, "# IV\n\nThe lamp was lit in 1899.\n\n# V. The Storm\n\nRain fell.\n")
	items, _ := keysByOrd(t, f)
	for ord, want := range map[int]string{0: "Four", 1: "The lamp was lit in eighteen ninety-nine.", 2: "Five. The Storm"} {
		if items[ord].Text != want {
			t.Errorf("segment %d reads %q, want %q", ord, items[ord].Text, want)
		}
	}
}

// A pause after a word or an emphasised word is the writer's mark on the sentence:
// only that sentence's audio changes, the mark follows its word into the text the
// engine reads, and the same mark again takes it off.
func TestWordMarks(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "# One\n\nThe keeper woke at 3.30 in the morning. The lamp was cold.\n")
	before, err := f.r.Book(ctx, f.doc, voice)
	if err != nil {
		t.Fatal(err)
	}
	src := "The keeper woke at 3.30 in the morning."
	morning := strings.Index(src, "morning")
	st, err := editing.WordMark(ctx, f.st, f.doc, 1, morning, morning+len("morning"), "pause", 800)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.Apply(ctx, f.doc, "pause", []store.Edit{{Kind: "segment", Ord: 1, State: st}}); err != nil {
		t.Fatal(err)
	}
	after, _ := f.r.Book(ctx, f.doc, voice)
	if after.Items[1].Key == before.Items[1].Key || after.Items[2].Key != before.Items[2].Key || after.Items[0].Key != before.Items[0].Key {
		t.Errorf("keys: only sentence 1's should change")
	}
	it := after.Items[1]
	// "3.30" is read "three thirty": the mark still falls on "morning".
	if len(it.Marks) != 1 || it.Text[it.Marks[0].Start:it.Marks[0].End] != "morning" || it.Marks[0].Ms != 800 {
		t.Fatalf("marks on %q: %+v", it.Text, it.Marks)
	}
	// The engine hears the pause: the sentence is longer by about its length.
	if _, err := f.r.RenderAll(ctx, append(before.Items[1:2:2], it), nil); err != nil {
		t.Fatal(err)
	}
	recs, _ := f.r.Existing(ctx, []string{before.Items[1].Key, it.Key})
	plain, paused := recs[before.Items[1].Key], recs[it.Key]
	if plain == nil || paused == nil {
		t.Fatal("not rendered")
	}
	if d := (paused.Samples - plain.Samples) * 1000 / int64(paused.SampleRate); d < 600 {
		t.Errorf("the marked sentence is only %d ms longer", d)
	}
	// The same mark again takes it off.
	st, _ = editing.WordMark(ctx, f.st, f.doc, 1, morning, morning+len("morning"), "pause", 800)
	if len(st.Marks) != 0 {
		t.Errorf("toggled: %+v", st.Marks)
	}
	if _, err := editing.WordMark(ctx, f.st, f.doc, 1, 0, 999, "pause", 800); err == nil {
		t.Error("a span outside the sentence was marked")
	}
	if _, err := editing.WordMark(ctx, f.st, f.doc, 1, 0, 3, "shout", 0); err == nil {
		t.Error("an unknown kind of mark was accepted")
	}
}
