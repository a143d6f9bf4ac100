package onnx_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readback/internal/fault"
	"readback/internal/onnx"
	"readback/internal/onnx/onnxtest"
)

// A file offered as the runtime is ONNX Runtime's library for this computer, or
// refused saying what it is instead; nothing is loaded to find out.
func TestCheckTellsTheRuntimeFromOtherFiles(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "libonnxruntime.so.1")
	os.WriteFile(text, []byte("not a library\n"), 0o644)
	for path, want := range map[string]string{
		filepath.Join(dir, "missing.so"):      "cannot be read",
		dir:                                   "is not a file",
		text:                                  "is not a library: choose ONNX Runtime's libonnxruntime.so.1",
		"/lib/x86_64-linux-gnu/libc.so.6":     "is not ONNX Runtime: it does not export OrtGetApiBase",
		"/usr/lib/x86_64-linux-gnu/libm.so.6": "is not ONNX Runtime: it does not export OrtGetApiBase",
	} {
		if _, err := os.Stat(path); err != nil && !strings.Contains(path, "missing") {
			t.Fatalf("%s: %v", path, err)
		}
		err := onnx.Check(path)
		if err == nil || fault.CodeOf(err) != fault.Invalid || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: %v; want %q", path, err, want)
		}
	}
	if err := onnx.Check(onnxtest.Library(t)); err != nil {
		t.Errorf("the runtime itself: %v", err)
	}
	if onnx.Started() != "" {
		t.Error("checking loaded the runtime")
	}
}

// libc is the C library this test runs with (it calls into C to load the runtime),
// wherever this system keeps it.
func libc(t *testing.T) string {
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(maps), "\n") {
		if f := strings.Fields(line); len(f) == 6 && strings.HasPrefix(filepath.Base(f[5]), "libc.so") {
			return f[5]
		}
	}
	t.Fatal("no C library in this process's memory map")
	return ""
}
