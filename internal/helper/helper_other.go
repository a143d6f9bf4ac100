//go:build !linux

package helper

import (
	"os"
	"os/exec"
)

// Self is this program, for a helper.
func Self() (string, error) { return os.Executable() }

// Start starts a helper; elsewhere a helper ends when its input does.
func Start(cmd *exec.Cmd) error { return cmd.Start() }

// GrowPipe does nothing where pipes cannot be grown.
func GrowPipe(f *os.File, size int) {}
