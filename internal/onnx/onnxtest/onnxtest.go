// Package onnxtest starts ONNX Runtime for tests: the copy scripts/bootstrap puts in
// the project's build/bin (or the one READBACK_ONNXRUNTIME names), and finds
// Kokoro's voice styles there.
package onnxtest

import (
	"os"
	"path/filepath"
	"testing"

	"readback/internal/onnx"
	"readback/internal/tts/kokoro"
)

// Start starts the runtime or fails the test, saying how to get it.
func Start(t testing.TB) {
	t.Helper()
	os.Setenv(onnx.Env, Library(t))
	if _, err := onnx.Start(""); err != nil {
		t.Fatalf("%v: run scripts/bootstrap, which puts it in build/bin", err)
	}
}

// Library is the runtime's file the tests use (READBACK_ONNXRUNTIME, else the
// project's build/bin), without loading it.
func Library(t testing.TB) string {
	t.Helper()
	if p := os.Getenv(onnx.Env); p != "" {
		return p
	}
	root, ok := projectRoot()
	if !ok {
		t.Fatal("no project root above the test's folder")
	}
	return filepath.Join(root, "build", "bin", onnx.Library)
}

func projectRoot() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, true
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", false
		}
		dir = up
	}
}

// KokoroStyles points Kokoro at the voice styles scripts/bootstrap puts in the
// project's build/bin (for this process and the workers it starts), or fails the
// test, saying how to get them; it returns their folder.
func KokoroStyles(t testing.TB) string {
	t.Helper()
	dir := os.Getenv(kokoro.StylesEnv)
	if dir == "" {
		if root, ok := projectRoot(); ok {
			dir = filepath.Join(root, "build", "bin", kokoro.StylesDir)
			t.Setenv(kokoro.StylesEnv, dir)
		}
	}
	if styles, err := kokoro.ListStyles(dir); err != nil || len(styles) == 0 {
		t.Fatalf("Kokoro's voice styles are not in %q: run scripts/bootstrap, which puts them in build/bin", dir)
	}
	return dir
}
