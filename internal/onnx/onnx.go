// Package onnx finds and starts ONNX Runtime, the runtime of the neural voices
// (Piper, Kokoro), once per process. The library is not linked: it is loaded at run
// time from the first of a setting (READBACK_ONNXRUNTIME, a file), beside the
// binary, the package's own copy, the data directory and the system's library
// folders. Without it neural voices are unavailable, with the reason, and everything
// else works.
package onnx

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	ort "github.com/yalue/onnxruntime_go"

	"readback/internal/config"
)

// Library is the file name of ONNX Runtime's shared library on Linux.
const Library = "libonnxruntime.so.1"

// Env names the library's file, when set.
const Env = "READBACK_ONNXRUNTIME"

// Candidates are the places looked in, in order; dataDir may be "".
func Candidates(dataDir string) []string {
	if p := os.Getenv(Env); p != "" {
		return []string{p}
	}
	out := config.Bundled(Library, dataDir)
	for _, dir := range []string{"/usr/local/lib", "/usr/lib/x86_64-linux-gnu", "/usr/lib"} {
		out = append(out, filepath.Join(dir, Library))
	}
	return out
}

// Find is the first candidate that is a file, or an error saying where it looked.
func Find(dataDir string) (string, error) {
	c := Candidates(dataDir)
	for _, p := range c {
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, nil
		}
	}
	if len(c) == 1 {
		return "", fmt.Errorf("ONNX Runtime is not at %s (%s)", c[0], Env)
	}
	return "", fmt.Errorf("ONNX Runtime (%s) is not installed: looked beside the program, in /usr/lib/readback, the data folder and the system's library folders", Library)
}

var (
	mu      sync.Mutex
	loaded  string
	loadErr error // the runtime was found but did not start: it cannot be loaded again
)

// Start loads ONNX Runtime and sets up its environment, once; it returns the
// library's path. Until a library is found it looks again at each call (the runtime
// may be installed while the app runs); once one was loaded, later calls return that
// outcome.
func Start(dataDir string) (string, error) {
	mu.Lock()
	defer mu.Unlock()
	if loaded != "" || loadErr != nil {
		return loaded, loadErr
	}
	path, err := Find(dataDir)
	if err != nil {
		return "", err
	}
	ort.SetSharedLibraryPath(path)
	if err := ort.InitializeEnvironment(ort.WithLogLevelError()); err != nil {
		loadErr = fmt.Errorf("ONNX Runtime at %s could not start: %v", path, err)
		return "", loadErr
	}
	loaded = path
	return loaded, nil
}

// Version is the runtime's version, once started.
func Version() string {
	if !ort.IsInitialized() {
		return ""
	}
	return ort.GetVersion()
}

// ErrNotStarted: a session was asked for before Start succeeded.
var ErrNotStarted = errors.New("ONNX Runtime is not started")
