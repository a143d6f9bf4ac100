package pipertest

import (
	"os"
	"path/filepath"
	"testing"
)

// Files writes a voice's two files, NAME.onnx (model) and NAME.onnx.json (Config
// at 22,050 Hz for speakers), in a folder of the test's own, and returns their paths.
func Files(tb testing.TB, name string, model []byte, speakers int) (modelPath, configPath string) {
	tb.Helper()
	dir := tb.TempDir()
	modelPath = filepath.Join(dir, name+".onnx")
	configPath = modelPath + ".json"
	if err := os.WriteFile(modelPath, model, 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(configPath, Config(22050, speakers), 0o644); err != nil {
		tb.Fatal(err)
	}
	return modelPath, configPath
}
