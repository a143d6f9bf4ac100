package audio

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A pack's entries come back as written, each PCM where Append said; the scan
// stops at an entry whose bytes changed (its checksum) or that was cut short, and
// can start at any entry's end.
func TestPackEntriesDescribeThemselves(t *testing.T) {
	dir := t.TempDir()
	w := NewPackWriter(dir)
	var name string
	var offsets []int64
	for i, key := range []string{"a", "b", "c"} {
		samples := make([]int16, 1000*(i+1))
		for k := range samples {
			samples[k] = int16(k * (i + 1))
		}
		n, off, err := w.Append(PackEntry{Key: key, Engine: "espeak", Voice: "en", SampleRate: 22050, Marks: json.RawMessage(`[{"k":1}]`)}, samples)
		if err != nil {
			t.Fatal(err)
		}
		name, offsets = n, append(offsets, off)
	}
	w.Close()
	path := filepath.Join(dir, name)
	scan := func(from int64) []ScannedEntry {
		var got []ScannedEntry
		if err := ScanPack(path, from, func(e ScannedEntry) error { got = append(got, e); return nil }); err != nil {
			t.Fatal(err)
		}
		return got
	}
	got := scan(0)
	if len(got) != 3 || got[1].Key != "b" || got[1].Offset != offsets[1] || got[1].Bytes != 4000 || got[2].SampleRate != 22050 || string(got[0].Marks) != `[{"k":1}]` {
		t.Fatalf("entries: %+v", got)
	}
	var heads []ScannedEntry
	ScanPackHeaders(path, func(e ScannedEntry) error { heads = append(heads, e); return nil })
	if len(heads) != 3 || heads[2].Start != got[2].Start || heads[2].End != got[2].End || heads[1].Offset != offsets[1] || heads[0].Key != "a" {
		t.Fatalf("headers alone: %+v", heads)
	}
	pcm, _ := os.ReadFile(path)
	if pcm[offsets[1]+2] != byte(2) { // sample 1 of "b" is 2, little-endian
		t.Fatalf("the PCM of b is not at its offset")
	}
	if from := scan(got[0].End); len(from) != 2 || from[0].Key != "b" {
		t.Fatalf("from the first entry's end: %+v", from)
	}
	// A byte of b's audio changed: a and nothing after.
	pcm[offsets[1]+100] ^= 0xFF
	os.WriteFile(path, pcm, 0o644)
	if got := scan(0); len(got) != 1 || got[0].Key != "a" {
		t.Fatalf("after damage: %+v", got)
	}
	// Cut short within c: a and b (b repaired).
	pcm[offsets[1]+100] ^= 0xFF
	os.WriteFile(path, pcm[:len(pcm)-9], 0o644)
	if got := scan(0); len(got) != 2 {
		t.Fatalf("cut short: %+v", got)
	}
}

// A write that fails midway (here the file-size limit, as a full disk would) leaves
// no torn entry to hide the ones after it: the pack is cut back to where the entry
// began, and the next entry goes to a new pack.
func TestFailedAppendLeavesNoTornEntry(t *testing.T) {
	dir := t.TempDir()
	w := NewPackWriter(dir)
	defer w.Close()
	first, _, err := w.Append(PackEntry{Key: "a", SampleRate: 22050}, make([]int16, 1000))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, first)
	st, _ := os.Stat(path)
	whole := st.Size()

	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	limit := syscall.Rlimit{Cur: uint64(whole + 100), Max: old.Max}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		t.Fatalf("cannot limit file sizes: %v", err)
	}
	_, _, err = w.Append(PackEntry{Key: "b", SampleRate: 22050}, make([]int16, 10000))
	syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old)
	if err == nil {
		t.Fatal("a write past the file-size limit succeeded")
	}
	if st, _ := os.Stat(path); st.Size() != whole {
		t.Fatalf("the pack is %d bytes after the failed write, want %d", st.Size(), whole)
	}
	next, _, err := w.Append(PackEntry{Key: "c", SampleRate: 22050}, make([]int16, 1000))
	if err != nil || next == first {
		t.Fatalf("the next entry: %q %v (the failed pack was %q)", next, err, first)
	}
	var keys []string
	for _, p := range []string{path, filepath.Join(dir, next)} {
		ScanPack(p, 0, func(e ScannedEntry) error { keys = append(keys, e.Key); return nil })
	}
	if strings.Join(keys, ",") != "a,c" {
		t.Fatalf("entries found: %v", keys)
	}
}
