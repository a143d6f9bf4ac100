//go:build !linux

package pdftext

import (
	"os"
	"os/exec"
)

func self() (string, error) { return os.Executable() }

// startReader starts a reader; elsewhere a reader ends when its input does.
func startReader(cmd *exec.Cmd) error { return cmd.Start() }
