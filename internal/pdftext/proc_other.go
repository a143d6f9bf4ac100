//go:build !linux

package pdftext

import "os/exec"

// dieWithParent: elsewhere a reader ends when its input does.
func dieWithParent(*exec.Cmd) {}
