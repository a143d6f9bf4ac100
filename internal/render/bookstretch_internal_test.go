package render

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"readback/internal/catalog"
	"readback/internal/narration"
	"readback/internal/store"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
)

// A conversion's book, read in stretches of the script, is the book read whole:
// the same items in the same chapters, across the stretches' seams.
func TestBookInStretches(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "library.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var b strings.Builder
	for c := range 3 {
		fmt.Fprintf(&b, "# Chapter %d\n\n", c+1)
		for p := range 1500 {
			fmt.Fprintf(&b, "ALICE: Stair %d of chapter %d. She rested.\n\n", p+1, c+1)
		}
	}
	res, err := catalog.New(st).ImportBytes(ctx, "long.md", []byte(b.String()), narration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Apply(ctx, res.ID, "voice", []store.Edit{{Kind: "speaker", Name: "ALICE", State: store.SegmentState{Voice: "espeak:en-us"}}}); err != nil {
		t.Fatal(err)
	}
	reg := tts.NewRegistry()
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	reg.Register(e)
	r := New(st, reg, t.TempDir())
	doc, err := st.Document(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := r.BuildBook(ctx, doc, Voice{Prosody: tts.Normal})
	if err != nil {
		t.Fatal(err)
	}
	pieces, err := r.BuildItems(ctx, doc, Voice{Prosody: tts.Normal})
	if err != nil {
		t.Fatal(err)
	}
	if len(whole.Items) < 2*scriptStretch+1 {
		t.Fatalf("only %d items: no seam to cross", len(whole.Items))
	}
	if pieces.Script != nil || !reflect.DeepEqual(whole.Items, pieces.Items) || !reflect.DeepEqual(whole.Chapters, pieces.Chapters) {
		t.Fatalf("%d items whole, %d in stretches; chapters %q and %q", len(whole.Items), len(pieces.Items), whole.Chapters, pieces.Chapters)
	}
	// A gap wider than a stretch in the segments' order is crossed, not taken for
	// the end.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE segments SET ord = ord + 100000 WHERE document_id = ? AND ord >= 5000`, res.ID); err != nil {
		t.Fatal(err)
	}
	whole, _ = r.BuildBook(ctx, doc, Voice{Prosody: tts.Normal})
	pieces, err = r.BuildItems(ctx, doc, Voice{Prosody: tts.Normal})
	if err != nil || len(pieces.Items) != len(whole.Items) || pieces.Items[len(pieces.Items)-1].Ord < 100000 {
		t.Fatalf("across a gap: %d items whole, %d in stretches (%v)", len(whole.Items), len(pieces.Items), err)
	}
}
