package render_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"readback/internal/audio"
	"readback/internal/render"
	"readback/internal/store"
)

// Compaction gives back the space of audio nothing refers to and keeps every
// sentence's audio byte for byte: a pack of a finished writer that is mostly dead
// space is rewritten, a pack nothing refers to is removed (what a kill during a
// compaction leaves behind is such a pack), a compaction's forgotten temporary
// file goes, and a pack whose writer still runs, or that was written lately (its
// records may be on their way), is left alone.
func TestCompactKeepsEveryRendition(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, book)
	b, err := f.r.Book(ctx, f.doc, voice)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.r.RenderAll(ctx, b.Items, nil); err != nil {
		t.Fatal(err)
	}
	dir := render.PacksDir(filepath.Join(f.dir, "renditions"))
	keys := make([]string, len(b.Items))
	for i, it := range b.Items {
		keys[i] = it.Key
	}
	pcmOf := func() map[string][]byte {
		recs, err := f.r.Existing(ctx, keys)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]byte{}
		for k, rec := range recs {
			data, _ := os.ReadFile(f.r.PackPath(rec.Pack))
			out[k] = data[rec.Offset : rec.Offset+2*rec.Samples]
		}
		return out
	}
	before := pcmOf()
	if len(before) != 6 {
		t.Fatalf("%d renditions", len(before))
	}

	// The pack becomes a finished writer's, with 2 MB of audio nothing refers to
	// after its own.
	dead := deadPID(t)
	recs, _ := f.r.Existing(ctx, keys)
	var old string
	var moves []store.Move
	for _, rec := range recs {
		old = rec.Pack
	}
	finished := fmt.Sprintf("1-%d%s", dead, audio.PackExt)
	for _, rec := range recs {
		moves = append(moves, store.Move{Key: rec.Key, FromPack: old, FromOffset: rec.Offset, ToPack: finished, ToOffset: rec.Offset})
	}
	if err := os.Rename(filepath.Join(dir, old), filepath.Join(dir, finished)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.MoveRenditions(ctx, moves); err != nil {
		t.Fatal(err)
	}
	junk, _, _ := audio.EncodeEntry(audio.PackEntry{Key: "forgotten", SampleRate: 22050}, make([]byte, 2<<20))
	appendTo(t, filepath.Join(dir, finished), junk)
	// A pack nothing refers to; a compaction's temporary file from two hours ago; a
	// pack this process writes, all dead space.
	os.WriteFile(filepath.Join(dir, fmt.Sprintf("2-%d%s", dead, audio.PackExt)), junk, 0o644)
	tmp := filepath.Join(dir, ".compact-123"+audio.PackExt)
	os.WriteFile(tmp, junk, 0o644)
	os.Chtimes(tmp, time.Now().Add(-2*time.Hour), time.Now().Add(-2*time.Hour))
	mine := fmt.Sprintf("3-%d%s", os.Getpid(), audio.PackExt)
	os.WriteFile(filepath.Join(dir, mine), junk, 0o644)
	// All of them left alone for two hours, but one: a finished writer's pack
	// written a minute ago, whose records may be on their way.
	twoHours := time.Now().Add(-2 * time.Hour)
	for _, name := range []string{finished, fmt.Sprintf("2-%d%s", dead, audio.PackExt), mine} {
		os.Chtimes(filepath.Join(dir, name), twoHours, twoHours)
	}
	recent := fmt.Sprintf("4-%d%s", dead, audio.PackExt)
	os.WriteFile(filepath.Join(dir, recent), junk, 0o644)

	res, err := f.r.Compact(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rewritten != 1 || res.Removed != 2 || res.Freed < 4<<20-64<<10 {
		t.Fatalf("compaction: %+v", res)
	}
	for _, gone := range []string{finished, fmt.Sprintf("2-%d%s", dead, audio.PackExt), filepath.Base(tmp)} {
		if _, err := os.Stat(filepath.Join(dir, gone)); err == nil {
			t.Errorf("%s is still there", gone)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, mine)); err != nil {
		t.Errorf("the pack of a running writer was touched: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, recent)); err != nil {
		t.Errorf("a pack written a minute ago was removed: %v", err)
	}
	after := pcmOf()
	for k, pcm := range before {
		if !bytes.Equal(after[k], pcm) {
			t.Errorf("rendition %.12s changed: %d bytes before, %d after", k, len(pcm), len(after[k]))
		}
	}
	// The new pack's entries are whole, and nothing is synthesised again.
	recs, _ = f.r.Existing(ctx, keys)
	n := 0
	for _, rec := range recs {
		audio.ScanPack(f.r.PackPath(rec.Pack), 0, func(audio.ScannedEntry) error { n++; return nil })
		break
	}
	if n != 6 {
		t.Errorf("%d whole entries in the new pack", n)
	}
	f.eng.Reset()
	if sum, _ := f.r.RenderAll(ctx, b.Items, nil); sum.Synthesized != 0 || f.eng.Calls() != 0 {
		t.Errorf("synthesised %d after the compaction", sum.Synthesized)
	}
	if again, _ := f.r.Compact(ctx); again.Removed != 0 {
		t.Errorf("a second compaction did more: %+v", again)
	}
}

// deadPID is a process number nothing runs as.
func deadPID(t *testing.T) int {
	for pid := 4190000; pid < 4194000; pid++ {
		if !audio.ProcessAlive(pid) {
			return pid
		}
	}
	t.Fatal("no free process number")
	return 0
}

func appendTo(t *testing.T, path string, b []byte) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(b); err != nil {
		t.Fatal(err)
	}
}
