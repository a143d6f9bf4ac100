package pdftext

import (
	"os"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
)

// self is this program, for the reader: the running binary itself, even when an
// upgrade has replaced the file it was started from (a new binary could speak
// another protocol).
func self() (string, error) {
	if _, err := os.Stat("/proc/self/exe"); err == nil {
		return "/proc/self/exe", nil
	}
	return os.Executable()
}

// startReader starts a reader process that the kernel kills when this process dies:
// a reader busy with a file that makes PDFium spin would never see its input end.
// The kernel ties that to the thread that started the reader, so every reader is
// started from one thread that lives as long as the process.
func startReader(cmd *exec.Cmd) error {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	spawnOnce.Do(func() {
		go func() {
			runtime.LockOSThread() // never unlocked: the thread stays
			for s := range spawns {
				s.done <- s.cmd.Start()
			}
		}()
	})
	done := make(chan error, 1)
	spawns <- spawn{cmd, done}
	return <-done
}

type spawn struct {
	cmd  *exec.Cmd
	done chan error
}

var (
	spawnOnce sync.Once
	spawns    = make(chan spawn)
)
