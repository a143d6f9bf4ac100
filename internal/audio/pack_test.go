package audio

import (
	"encoding/json"
	"os"
	"path/filepath"
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
