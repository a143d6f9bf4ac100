package pdftext

import (
	"os/exec"
	"syscall"
)

// dieWithParent has the kernel kill a reader whose parent has died: a reader busy
// with a file that makes PDFium spin would never see its input end.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
