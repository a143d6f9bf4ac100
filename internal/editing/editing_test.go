package editing_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"readback/internal/catalog"
	"readback/internal/editing"
	"readback/internal/render/rendertest"
	"readback/internal/store"
	"readback/internal/tts"
)

// told records what the service told its hooks.
type told struct {
	mu       sync.Mutex
	changed  []int64
	rendered []int64
}

func (t *told) of(rendered bool) []int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if rendered {
		return slices.Clone(t.rendered)
	}
	return slices.Clone(t.changed)
}

func setUp(t *testing.T, open func() int64) (*editing.Service, *store.Store, int64, *told) {
	t.Helper()
	f := rendertest.NewWith(t, "# Tale\n\nSiobhan woke. The lamp was cold.\n", func(e tts.Engine) tts.Engine { return e })
	var got told
	s := editing.New(f.St, catalog.New(f.St), f.R, f.Reg, nil, editing.Hooks{
		Changed:  func(docID int64) { got.mu.Lock(); got.changed = append(got.changed, docID); got.mu.Unlock() },
		Rendered: func(docID int64) { got.mu.Lock(); got.rendered = append(got.rendered, docID); got.mu.Unlock() },
		Open:     open,
	})
	return s, f.St, f.Doc, &got
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out: %s", what)
		}
	}
}

// A global lexicon entry may change any document: the one being read is told of
// and rendered again; with none open, none is.
func TestAGlobalEntryChangesTheDocumentOpen(t *testing.T) {
	ctx := context.Background()
	var open int64
	s, _, doc, got := setUp(t, func() int64 { return open })
	if err := s.RenderChanged(ctx, doc, true); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the document rendered", func() bool { return len(got.of(true)) == 1 })

	if err := s.PutEntry(ctx, store.LexiconEntry{Word: "lamp", WholeWord: true, Say: "lantern"}); err != nil {
		t.Fatal(err)
	}
	if c := got.of(false); len(c) != 0 {
		t.Errorf("with no document open, %v were told of a global entry", c)
	}
	open = doc
	if err := s.PutEntry(ctx, store.LexiconEntry{Word: "Siobhan", WholeWord: true, Say: "Shivawn"}); err != nil {
		t.Fatal(err)
	}
	if c := got.of(false); !slices.Equal(c, []int64{doc}) {
		// Fatal: untold, it is not rendered again either, and the wait below is long.
		t.Fatalf("told %v of a global entry, want the open document %d", c, doc)
	}
	// Both entries' sentences went stale; the one open is rendered again.
	waitFor(t, "the open document rendered again", func() bool { return len(got.of(true)) == 2 })
}

// What is refused changes nothing and tells no one.
func TestRefusedEditsTellNoOne(t *testing.T) {
	ctx := context.Background()
	s, st, doc, got := setUp(t, nil)
	if err := s.SetDocumentVoice(ctx, doc, "", 3.5); err == nil {
		t.Error("a rate of 3.5 was accepted")
	}
	if err := s.EditSentence(ctx, doc, 1, store.SegmentState{}, "shout"); err == nil {
		t.Error("an unknown action was accepted")
	}
	if err := s.SetChapterVoice(ctx, doc, 0, "espeak:no-such-voice"); err == nil {
		t.Error("an unknown voice was accepted")
	}
	if c := got.of(false); len(c) != 0 {
		t.Errorf("refused edits told %v", c)
	}
	if name, err := s.Undo(ctx, doc); name != "" || err != nil {
		t.Errorf("something to undo after refusals: %q %v", name, err)
	}
	d, err := st.Document(ctx, doc)
	if err != nil || d.Voice != "" || d.Rate != 0 {
		t.Errorf("document after refusals: %+v %v", d, err)
	}
}
