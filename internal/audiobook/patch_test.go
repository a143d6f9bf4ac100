package audiobook_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"readback/internal/audiobook"
	"readback/internal/store"
)

// canMoveBlocks reports whether dir's filesystem can insert and collapse ranges.
func canMoveBlocks(t *testing.T, dir string) bool {
	p := filepath.Join(dir, "probe")
	if err := os.WriteFile(p, make([]byte, 64<<10), 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(p)
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return unix.Fallocate(int(f.Fd()), unix.FALLOC_FL_INSERT_RANGE, 4096, 4096) == nil
}

// checkLayout reads the WAV at path and checks it holds exactly its recorded
// layout: each rendition's bytes where the layout puts them, silence between.
func checkLayout(t *testing.T, f *fixture, path string) []audiobook.Piece {
	t.Helper()
	ctx := context.Background()
	rec, err := f.st.LastExport(ctx, path)
	if err != nil || rec == nil {
		t.Fatalf("no export record for %s: %v", path, err)
	}
	var layout []audiobook.Piece
	if err := json.Unmarshal(rec.Layout, &layout); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(data[0:4]) != "RIFF" || string(data[8:16]) != "WAVEfmt " || string(data[36:40]) != "data" || binary.LittleEndian.Uint32(data[24:]) != 22050 {
		t.Fatalf("%s: the header is damaged: %q", path, data[:44])
	}
	var total int64
	for _, p := range layout {
		total += p.PCM + p.Pause
	}
	if int64(len(data)) != 44+total || int64(binary.LittleEndian.Uint32(data[40:])) != total || int64(binary.LittleEndian.Uint32(data[4:])) != 36+total {
		t.Fatalf("file is %d bytes, header says %d, layout %d", len(data), binary.LittleEndian.Uint32(data[40:]), 44+total)
	}
	keys := make([]string, len(layout))
	for i, p := range layout {
		keys[i] = p.Key
	}
	recs, err := f.st.Renditions(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	at := int64(44)
	packs := map[string][]byte{}
	for i, p := range layout {
		r := recs[p.Key]
		pack, ok := packs[r.Pack]
		if !ok {
			if pack, err = os.ReadFile(f.r.PackPath(r.Pack)); err != nil {
				t.Fatal(err)
			}
			packs[r.Pack] = pack
		}
		if !bytes.Equal(data[at:at+p.PCM], pack[r.Offset:r.Offset+p.PCM]) {
			t.Fatalf("piece %d: the file's audio is not its rendition's", i)
		}
		if bytes.ContainsFunc(data[at+p.PCM:at+p.PCM+p.Pause], func(r rune) bool { return r != 0 }) {
			t.Fatalf("piece %d: the pause after it is not silent", i)
		}
		at += p.PCM + p.Pause
	}
	return layout
}

// A changed sentence is patched into the WAV the last conversion wrote: the file
// stays the same file, holds exactly the new book, and differs from a fresh export
// only by under a block of extra silence after each change.
func TestPatchWAVInPlace(t *testing.T) {
	ctx := context.Background()
	var md strings.Builder
	for c := 1; c <= 3; c++ {
		fmt.Fprintf(&md, "# Part %d\n\n", c)
		for i := 0; i < 80; i++ {
			fmt.Fprintf(&md, "Part %d, sentence %d, tells of the lamp. ", c, i)
			if i%5 == 4 {
				md.WriteString("\n\n")
			}
		}
	}
	f := newFixture(t, md.String())
	out := filepath.Join(f.dir, "book.wav")
	moves := canMoveBlocks(t, f.dir)
	if !moves {
		t.Logf("%s cannot move blocks: every change writes the file whole", f.dir)
	}
	convert := func() *audiobook.ConvertResult {
		t.Helper()
		res, err := f.x.Convert(ctx, audiobook.ConvertRequest{DocumentID: f.doc, Voice: voice, Output: out}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	convert()
	checkLayout(t, f, out)
	b, _ := f.r.Book(ctx, f.doc, voice)
	ords := []int{}
	for _, it := range b.Items {
		ords = append(ords, it.Ord)
	}
	mid, last := ords[len(ords)/2], ords[len(ords)-1]
	longer := "Part two, sentence forty, now tells at much greater length of the lamp, the stairs and the sea beyond them."
	shorter := "Short."
	pause := 3000
	steps := []struct {
		name  string
		edits []store.Edit
	}{
		{"a longer sentence", []store.Edit{{Kind: "segment", Ord: mid, State: store.SegmentState{SpokenText: &longer}}}},
		{"a shorter one", []store.Edit{{Kind: "segment", Ord: mid, State: store.SegmentState{SpokenText: &shorter}}}},
		{"one skipped", []store.Edit{{Kind: "segment", Ord: mid + 7, State: store.SegmentState{Skipped: true}}}},
		{"the first changed", []store.Edit{{Kind: "segment", Ord: ords[1], State: store.SegmentState{SpokenText: &longer}}}},
		{"several far apart", []store.Edit{
			{Kind: "segment", Ord: ords[20], State: store.SegmentState{SpokenText: &shorter}},
			{Kind: "segment", Ord: ords[21], State: store.SegmentState{SpokenText: &longer}},
			{Kind: "segment", Ord: ords[90], State: store.SegmentState{Skipped: true}},
			{Kind: "segment", Ord: ords[150], State: store.SegmentState{SpokenText: &longer}},
			{Kind: "segment", Ord: ords[200], State: store.SegmentState{PauseAfter: &pause}},
		}},
		{"the first skipped", []store.Edit{{Kind: "segment", Ord: ords[0], State: store.SegmentState{Skipped: true}}}},
		{"the last changed", []store.Edit{{Kind: "segment", Ord: last, State: store.SegmentState{SpokenText: &longer}}}},
	}
	for n, s := range steps {
		before, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.st.Apply(ctx, f.doc, s.name, s.edits); err != nil {
			t.Fatal(err)
		}
		res := convert()
		after, _ := os.Stat(out)
		if moves && !os.SameFile(before, after) {
			t.Errorf("%s: the file was written anew, not patched", s.name)
		}
		layout := checkLayout(t, f, out)
		// The same book exported whole, for comparison.
		fresh := filepath.Join(f.dir, "fresh.wav")
		if _, err := f.x.Convert(ctx, audiobook.ConvertRequest{DocumentID: f.doc, Voice: voice, Output: fresh}, nil, nil); err != nil {
			t.Fatal(err)
		}
		want := checkLayout(t, f, fresh)
		os.Remove(fresh)
		if len(layout) != len(want) {
			t.Fatalf("%s: %d pieces, a fresh export has %d", s.name, len(layout), len(want))
		}
		padded := 0
		for i := range want {
			switch d := layout[i].Pause - want[i].Pause; {
			case layout[i].Key != want[i].Key || layout[i].PCM != want[i].PCM:
				t.Fatalf("%s: piece %d differs from a fresh export", s.name, i)
			case d != 0 && (d < 0 || d >= 16<<10):
				t.Fatalf("%s: piece %d has %d bytes of extra silence", s.name, i, d)
			case d != 0:
				padded++
			}
		}
		if padded > 4*(n+1) {
			t.Errorf("%s: %d pauses padded after %d patches", s.name, padded, n+1)
		}
		if res.Synthesized > 3 {
			t.Errorf("%s: %d synthesised", s.name, res.Synthesized)
		}
	}
	// A file changed behind Readback's back is written whole, never patched.
	if err := f.st.Apply(ctx, f.doc, "again", []store.Edit{{Kind: "segment", Ord: mid, State: store.SegmentState{}}}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(out, []byte("not a wav any more"), 0o644)
	before, _ := os.Stat(out)
	convert()
	after, _ := os.Stat(out)
	if os.SameFile(before, after) {
		t.Error("a foreign file was patched")
	}
	checkLayout(t, f, out)
}
