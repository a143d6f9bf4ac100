// Package neuraltest helps the neural engines' tests.
package neuraltest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"readback/internal/tts/neural"
)

// Unkeep makes the model installed as id in dir look installed before a release
// that kept fields in its voice.json: they are taken out. Each must be there.
func Unkeep(t testing.TB, dir, id string, fields ...string) {
	t.Helper()
	info := filepath.Join(dir, id, neural.InfoFile)
	raw, err := os.ReadFile(info)
	if err != nil {
		t.Fatal(err)
	}
	var kept map[string]any
	if err := json.Unmarshal(raw, &kept); err != nil {
		t.Fatalf("%s: %v", info, err)
	}
	for _, f := range fields {
		if kept[f] == nil {
			t.Fatalf("%s does not keep %q: %s", info, f, raw)
		}
		delete(kept, f)
	}
	raw, _ = json.Marshal(kept)
	if err := os.WriteFile(info, raw, 0o644); err != nil {
		t.Fatal(err)
	}
}
