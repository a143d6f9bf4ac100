// Package desktop hands files to the desktop: open an audiobook in the writer's
// player, show a file in the file manager — through the desktop's own opener
// (xdg-open on Linux, open on macOS, explorer on Windows).
package desktop

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"

	"readback/internal/fault"
)

// ErrNoOpener: the desktop has no way to open files (a headless machine).
var ErrNoOpener = errors.New("this desktop has no program to open files with (xdg-open is missing)")

func opener() (string, []string) {
	switch runtime.GOOS {
	case "darwin":
		return "open", nil
	case "windows":
		return "explorer", nil
	}
	return "xdg-open", nil
}

// Open opens path with the desktop's program for it. It does not wait for that
// program; it fails when path does not exist or nothing can open it.
func Open(path string) error {
	if !filepath.IsAbs(path) {
		return fault.New(fault.Invalid, "%q is not an absolute path", path)
	}
	if _, err := os.Stat(path); err != nil {
		return fault.Wrap(err, fault.NotFound, "%s is not there any more (moved or deleted?)", path)
	}
	name, args := opener()
	bin, err := exec.LookPath(name)
	if err != nil {
		return fault.Wrap(ErrNoOpener, fault.Unavailable, "%v; the file is %s", ErrNoOpener, path)
	}
	cmd := exec.Command(bin, append(args, path)...)
	cmd.Stdout, cmd.Stderr = nil, nil
	if err := cmd.Start(); err != nil {
		return fault.Wrap(err, fault.Unavailable, "%s could not be opened: %v", path, err)
	}
	go cmd.Wait() // reap it; its outcome is the desktop's
	return nil
}

// ShowInFolder opens the folder that holds path (the file manager selects nothing
// more portably than this).
func ShowInFolder(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return fault.Wrap(err, fault.NotFound, "%s is not there any more (moved or deleted?)", path)
	}
	if st.IsDir() {
		return Open(path)
	}
	return Open(filepath.Dir(path))
}
