package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readback/internal/fault"
	"readback/internal/store"
)

func TestMigrationsApplyOnceAndReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "library.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	id := oneParagraph(t, st, "0123456789abcdef")
	st.Close()

	st, err = store.Open(ctx, path) // the migrations must not run again
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, err := st.Document(ctx, id)
	if err != nil || d.Segments != 1 || d.Sections != 1 {
		t.Fatalf("document after reopen: %+v, %v", d, err)
	}
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

// The schema's CHECK constraints refuse rows the code should never write.
func TestConstraints(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	good := func() *store.NewDocument {
		return &store.NewDocument{Title: "T", Format: "text", SourceName: "t", SHA256: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", Settings: "{}"}
	}
	bad := []func(d *store.NewDocument){
		func(d *store.NewDocument) { d.Format = "rtf" },
		func(d *store.NewDocument) { d.Title = "" },
		func(d *store.NewDocument) { d.SHA256 = "short" },
		func(d *store.NewDocument) { d.Settings = "{not json" },
		func(d *store.NewDocument) {
			d.Sections = []store.NewSection{{Title: "s", Segments: []store.NewSegment{{Kind: "poem", Hash: "h"}}}}
		},
	}
	for i, mutate := range bad {
		d := good()
		mutate(d)
		if _, err := st.CreateDocument(ctx, d); err == nil {
			t.Errorf("case %d: invalid row accepted", i)
		}
	}
	counts, _ := st.Counts(ctx)
	if counts["documents"] != 0 || counts["sections"] != 0 {
		t.Errorf("failed inserts left rows behind: %v", counts)
	}
	if _, err := st.CreateDocument(ctx, good()); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateDocument(ctx, good()); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("same checksum twice: %v, want conflict", err)
	}
}

// Every change to the global lexicon, however quick, moves the generation a sync
// checks before it applies its merge; a document's lexicon does not.
func TestLexiconGeneration(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	gen := func() string {
		s, err := st.LexiconSyncState(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return s.Generation
	}
	g0 := gen()
	if err := st.PutLexiconEntries(ctx, []store.LexiconEntry{{Word: "Aoife", Say: "Ee-fa"}}); err != nil {
		t.Fatal(err)
	}
	g1 := gen()
	st.Now = func() time.Time { return time.UnixMilli(1000) } // the same millisecond for both edits
	if err := st.PutLexiconEntries(ctx, []store.LexiconEntry{{Word: "Aoife", Say: "Ee-fah"}}); err != nil {
		t.Fatal(err)
	}
	g2 := gen()
	if err := st.PutLexiconEntries(ctx, []store.LexiconEntry{{Word: "Aoife", Say: "Ee-fuh"}}); err != nil {
		t.Fatal(err)
	}
	g3 := gen()
	entries, _ := st.LexiconEntries(ctx, 0)
	if err := st.DeleteLexiconEntry(ctx, entries[0].ID); err != nil {
		t.Fatal(err)
	}
	g4 := gen()
	seen := map[string]bool{}
	for _, g := range []string{g0, g1, g2, g3, g4} {
		if seen[g] {
			t.Fatalf("generations %v repeat", []string{g0, g1, g2, g3, g4})
		}
		seen[g] = true
	}
	if err := st.ApplyLexiconSync(ctx, g3, nil, nil); err == nil {
		t.Error("a merge read before the last edit was applied")
	}
}

// The migration that made the lexicon again for its IPA keeps its rows, its one
// entry per word and scope, its generation counter and its documents' cascade: run
// again over a library with entries (as over one made before it), all still hold.
func TestLexiconRemadeForIPAKeepsEverything(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "library.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	doc := oneParagraph(t, st, "0123456789abcdef")
	if err := st.PutLexiconEntries(ctx, []store.LexiconEntry{{Word: "Aoife", Say: "Ee-fa", MatchCase: true}, {DocumentID: doc, Word: "Niamh", Phonemes: "n'i:v"}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DELETE FROM schema_migrations WHERE version = 13`); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	st, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	global, _ := st.LexiconEntries(ctx, 0)
	own, _ := st.LexiconEntries(ctx, doc)
	if len(global) != 1 || global[0].Say != "Ee-fa" || !global[0].MatchCase || len(own) != 1 || own[0].Phonemes != "n'i:v" {
		t.Fatalf("after the migration: global %+v, the document's %+v", global, own)
	}
	before, _ := st.LexiconSyncState(ctx)
	if err := st.PutLexiconEntries(ctx, []store.LexiconEntry{{Word: "Aoife", IPA: "ˈiːfə"}}); err != nil {
		t.Fatal(err)
	}
	after, _ := st.LexiconSyncState(ctx)
	global, _ = st.LexiconEntries(ctx, 0)
	if len(global) != 1 || global[0].IPA != "ˈiːfə" || before.Generation == after.Generation {
		t.Errorf("an entry put again: %+v; generation %s → %s", global, before.Generation, after.Generation)
	}
	if err := st.DeleteDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	if own, _ := st.LexiconEntries(ctx, doc); len(own) != 0 {
		t.Errorf("a removed document's entries stayed: %+v", own)
	}
}

// An entry's IPA is kept, read back, and part of what the lexicon's sync compares.
func TestLexiconIPAIsKept(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.PutLexiconEntries(ctx, []store.LexiconEntry{{Word: "Aoife", IPA: "/ˈiːfə/"}}); err != nil {
		t.Fatal(err)
	}
	entries, err := st.LexiconEntries(ctx, 0)
	if err != nil || len(entries) != 1 || entries[0].IPA != "ˈiːfə" {
		t.Fatalf("entries %+v, %v: want the IPA without its slashes", entries, err)
	}
	state, err := st.LexiconSyncState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v := state.Local["Aoife"]
	if v.IPA != "ˈiːfə" || v.Entry().IPA != "ˈiːfə" {
		t.Errorf("the sync's version %+v lost the IPA", v)
	}
	other := v
	other.IPA = "ˈiːfɑ"
	if v.SameContent(other) {
		t.Error("two IPAs are taken for the same entry")
	}
	if err := st.PutLexiconEntries(ctx, []store.LexiconEntry{{Word: "Aoife", IPA: "ˈiː<b>"}}); err == nil {
		t.Error("IPA holding markup was kept")
	}
}

func TestPreferences(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := st.Preferences(ctx)
	if err != nil || p != store.DefaultPreferences() {
		t.Fatalf("a new library: %+v %v", p, err)
	}
	p.Voice, p.Rate, p.Format, p.Folder, p.Theme, p.Notify, p.Language = "espeak:en-gb-x-rp", 1.25, "mp3", "/home/w/Books", "dark", false, "de"
	p.Pauses.Chapter = 3000
	if err := st.SetPreferences(ctx, p); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Preferences(ctx); got != p {
		t.Errorf("kept %+v, read %+v", p, got)
	}
	for _, bad := range []func(*store.Preferences){
		func(p *store.Preferences) { p.Format = "aiff" },
		func(p *store.Preferences) { p.Rate = 9 },
		func(p *store.Preferences) { p.Pauses.Sentence = -1 },
		func(p *store.Preferences) { p.Folder = "Books" },
		func(p *store.Preferences) { p.Theme = "sepia" },
		func(p *store.Preferences) { p.Language = "klingon" },
	} {
		q := p
		bad(&q)
		if err := st.SetPreferences(ctx, q); fault.CodeOf(err) != fault.Invalid {
			t.Errorf("%+v accepted: %v", q, err)
		}
	}
	if got, _ := st.Preferences(ctx); got != p {
		t.Errorf("a refused change was kept: %+v", got)
	}
}

// A stored preference this version does not know falls back alone: the others stay.
func TestPreferencesFallBackOneByOne(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.SetSetting(ctx, "preferences", map[string]any{"notify": false, "theme": "sepia", "format": "mp3", "rate": 1.5,
		"pauses": map[string]int{"sentence": 100, "paragraph": 200, "chapter": 300}}); err != nil {
		t.Fatal(err)
	}
	p, err := st.Preferences(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.Theme != "system" || p.Notify || p.Format != "mp3" || p.Rate != 1.5 || p.Pauses.Chapter != 300 {
		t.Errorf("%+v", p)
	}
}

// A document's book changes with its segments, speakers, sections, row and
// lexicon, and with the global lexicon; not with renditions, claims or another
// document's edits (the re-rendering's commits kept the book from being reused).
func TestBookChangesFollowWhatABookIsMadeFrom(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	doc, other := oneParagraph(t, st, "a"), oneParagraph(t, st, "b")
	changes := func() int64 {
		n, err := st.BookChanges(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	last := changes()
	step := func(what string, changed bool, do func() error) {
		t.Helper()
		if err := do(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		now := changes()
		if (now != last) != changed {
			t.Errorf("%s: book changes %d → %d, want changed %v", what, last, now, changed)
		}
		last = now
	}
	spoken := "y"
	step("a sentence edited", true, func() error {
		return st.Apply(ctx, doc, "edit", []store.Edit{{Kind: "segment", Ord: 0, State: store.SegmentState{SpokenText: &spoken}}})
	})
	step("a speaker given a voice", true, func() error {
		return st.Apply(ctx, doc, "voice", []store.Edit{{Kind: "speaker", Name: "ALICE", State: store.SegmentState{Voice: "espeak:en-us"}}})
	})
	step("a chapter given a voice", true, func() error {
		return st.Apply(ctx, doc, "voice", []store.Edit{{Kind: "section", Ord: 0, State: store.SegmentState{Voice: "espeak:en-us"}}})
	})
	step("the document given a voice", true, func() error {
		return st.Apply(ctx, doc, "voice", []store.Edit{{Kind: "document", State: store.SegmentState{Voice: "espeak:en-us"}}})
	})
	step("the sentence marked rendered", true, func() error {
		return st.MarkRendered(ctx, doc, map[int]string{0: "k"})
	})
	step("a word in its lexicon", true, func() error {
		return st.PutLexiconEntries(ctx, []store.LexiconEntry{{DocumentID: doc, Word: "Aoife", Say: "Ee-fa"}})
	})
	step("a word in the global lexicon", true, func() error {
		return st.PutLexiconEntries(ctx, []store.LexiconEntry{{Word: "Niamh", Say: "Neeve"}})
	})
	step("a rendition recorded", false, func() error {
		return st.PutRenditions(ctx, &store.Rendition{Key: strings.Repeat("c", 64), Engine: "espeak", Voice: "en", Pack: "p", SampleRate: 22050, Samples: 10, Marks: []byte("[]")})
	})
	step("renditions claimed", false, func() error {
		_, err := st.ClaimRenditions(ctx, "worker", []string{strings.Repeat("d", 64)}, time.Minute)
		return err
	})
	step("another document edited", false, func() error {
		return st.Apply(ctx, other, "edit", []store.Edit{{Kind: "segment", Ord: 0, State: store.SegmentState{SpokenText: &spoken}}})
	})
	step("a word in another document's lexicon", false, func() error {
		return st.PutLexiconEntries(ctx, []store.LexiconEntry{{DocumentID: other, Word: "Aoife", Say: "Ee-fa"}})
	})
	step("an edit undone", true, func() error {
		_, err := st.Undo(ctx, doc)
		return err
	})
	// A document made with a deleted one's id does not pass for it (SQLite gives a
	// new row the largest id deleted).
	was, err := st.BookChanges(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteDocument(ctx, other); err != nil {
		t.Fatal(err)
	}
	if again := oneParagraph(t, st, "c"); again != other {
		t.Fatalf("the new document is %d, not the deleted %d", again, other)
	}
	if now, _ := st.BookChanges(ctx, other); now == was {
		t.Errorf("a new document with a deleted one's id counts %d, as the deleted one did", now)
	}

	// Every trigger is there: remaking a table (as 0013 remade the lexicon) drops
	// its triggers with it.
	raw, err := sql.Open("sqlite", st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'book_changes_%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 12 {
		t.Errorf("%d book_changes triggers, want 12", n)
	}
}

// oneParagraph adds a document of one paragraph whose checksum is sha repeated
// to its 64 digits, and returns its id.
func oneParagraph(t *testing.T, st *store.Store, sha string) int64 {
	t.Helper()
	id, err := st.CreateDocument(context.Background(), &store.NewDocument{
		Title: "T", Format: "text", SourceName: "t.txt", SHA256: strings.Repeat(sha, 64/len(sha)),
		Settings: "{}", Sections: []store.NewSection{{Title: "T", Level: 1, Segments: []store.NewSegment{{Kind: "paragraph", SourceText: "x", Hash: "h", End: 1}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// A document's audio length is its last audiobook's, whichever file that went to
// and however long the ones before it were; a document never converted has none.
func TestDocumentAudioIsItsLastAudiobooks(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	clock := time.UnixMilli(1_790_000_000_000)
	st.Now = func() time.Time { return clock }
	a, b := oneParagraph(t, st, "0a"), oneParagraph(t, st, "0b")
	lengths := func() map[int64]int64 {
		t.Helper()
		page, err := st.ListDocuments(ctx, "", 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]int64{}
		for _, d := range page.Items {
			got[d.ID] = d.AudioMs
		}
		if d, err := st.Document(ctx, a); err != nil || d.AudioMs != got[a] {
			t.Fatalf("opened, document %d lasts %v ms, listed %d: %v", a, d, got[a], err)
		}
		return got
	}
	if got := lengths(); got[a] != 0 || got[b] != 0 {
		t.Fatalf("before any audiobook: %v", got)
	}
	for _, e := range []store.Export{
		{Path: "/books/a.m4b", DocumentID: a, Plan: "p1", AudioMs: 600_000},
		{Path: "/books/a-slower.m4b", DocumentID: a, Plan: "p2", AudioMs: 700_000},
		{Path: "/books/a.m4b", DocumentID: a, Plan: "p3", AudioMs: 540_000}, // the first file again, edited
	} {
		clock = clock.Add(time.Minute)
		if err := st.PutExport(ctx, &e); err != nil {
			t.Fatal(err)
		}
	}
	if got := lengths(); got[a] != 540_000 || got[b] != 0 {
		t.Fatalf("after three audiobooks of %d: %v, want 540000 (the last) and none for %d", a, got, b)
	}
}
