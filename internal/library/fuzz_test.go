package library

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// Everything the bucket hands over is parsed by one of these; none may panic, and
// whatever they accept must hold to the bounds the rest of the code relies on.

func FuzzKeysAndPaths(f *testing.F) {
	for _, s := range []string{"voices/a/1/manifest.json", "../x", "/etc/passwd", "a//b", "a/./b", "a\\b", "a\x00b", "..", "ok.onnx"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, key string) {
		root := "/data/voices/x"
		p, err := Within(root, key)
		if err != nil {
			return
		}
		if !strings.HasPrefix(p, root+string(filepath.Separator)) {
			t.Fatalf("Within(%q, %q) = %q, outside", root, key, p)
		}
		if CheckName("name", key) == nil && strings.ContainsAny(key, "/\\") {
			t.Fatalf("CheckName accepted %q", key)
		}
	})
}

func FuzzPackIndex(f *testing.F) {
	name := strings.Repeat("a", 64)
	f.Add([]byte(`{"format":"readback-renditions/1","pack":"` + name + `","size":4000,"entries":[{"key":"` + strings.Repeat("b", 64) +
		`","offset":0,"sha256":"` + strings.Repeat("c", 64) + `","engine":"espeak","voice":"en","sample_rate":22050,"samples":1000,"marks":[]}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := parsePackIndex("k", name, data)
		if err != nil {
			return
		}
		for _, e := range x.Entries {
			if e.Offset < 0 || e.Samples < 0 || e.Offset+2*e.Samples > x.Size || len(e.Key) != 64 || !json.Valid(e.Marks) {
				t.Fatalf("accepted an entry out of bounds: %+v", e)
			}
		}
	})
}

func FuzzLexicon(f *testing.F) {
	f.Add([]byte(`{"format":"readback-lexicon/1","entries":[{"word":"Siobhan","say":"Shiv-awn","updated_at":1,"author":"a"},{"word":"x","deleted":true,"updated_at":2,"author":"b"}]}`))
	f.Add([]byte(`{"format":"readback-lexicon/1","entries":[{"word":"a"},{"word":"a","say":"b"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := parseLexicon(data)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, v := range d.Entries {
			if seen[v.Word] || v.Word == "" || len(v.Word) > 100 || !v.Deleted && v.Say == "" && v.Phonemes == "" {
				t.Fatalf("accepted %+v", v)
			}
			seen[v.Word] = true
		}
	})
}

func FuzzManifests(f *testing.F) {
	f.Add([]byte(`{"format":"readback-voice/1","id":"v","name":"V","engine":"piper","version":1,"files":[{"name":"m.onnx","sha256":"` + strings.Repeat("a", 64) + `","size":10}]}`))
	f.Add([]byte(`{"format":"readback-library/1","voices":{"v":{"name":"V","latest":2}},"narrations":{"n":{"title":"T"}}}`))
	f.Add([]byte(`{"format":"readback-narration/1","id":"n","audio":{"name":"narration.m4b","sha256":"` + strings.Repeat("a", 64) + `","size":1}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var m VoiceManifest
		if json.Unmarshal(data, &m) == nil && m.Validate("k") == nil {
			for _, file := range m.Files {
				if _, err := Within("/data/voices/v/1", file.Name); err != nil || file.Size < 0 || file.Size > MaxVoiceFile {
					t.Fatalf("accepted file %+v", file)
				}
			}
		}
		var n NarrationManifest
		if json.Unmarshal(data, &n) == nil && n.Validate("k") == nil {
			if _, err := Within("/out", n.Audio.Name); err != nil {
				t.Fatalf("accepted audio name %q", n.Audio.Name)
			}
		}
		if x, err := parseIndex(data); err == nil {
			for id := range x.Voices {
				if CheckName("id", id) != nil {
					t.Fatalf("accepted voice id %q", id)
				}
			}
		}
	})
}
