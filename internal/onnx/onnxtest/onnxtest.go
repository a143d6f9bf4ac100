// Package onnxtest starts ONNX Runtime for tests: the copy scripts/bootstrap puts in
// the project's build/bin (or the one READBACK_ONNXRUNTIME names).
package onnxtest

import (
	"os"
	"path/filepath"
	"testing"

	"readback/internal/onnx"
)

// Start starts the runtime or fails the test, saying how to get it.
func Start(t testing.TB) {
	t.Helper()
	if os.Getenv(onnx.Env) == "" {
		if root, ok := projectRoot(); ok {
			os.Setenv(onnx.Env, filepath.Join(root, "build", "bin", onnx.Library))
		}
	}
	if _, err := onnx.Start(""); err != nil {
		t.Fatalf("%v: run scripts/bootstrap, which puts it in build/bin", err)
	}
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
