package helper

import (
	"os"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
)

// Self is this program, for a helper: the running binary itself, even when an
// upgrade has replaced the file it was started from (a new binary could speak
// another protocol).
func Self() (string, error) {
	if _, err := os.Stat("/proc/self/exe"); err == nil {
		return "/proc/self/exe", nil
	}
	return os.Executable()
}

// Start starts a helper that the kernel kills when this process dies: a helper busy
// with work that spins would never see its input end. The kernel ties that to the
// thread that started the helper, so every helper is started from one thread that
// lives as long as the process.
func Start(cmd *exec.Cmd) error {
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

// GrowPipe asks for a pipe of size bytes, so that a helper's answer goes in one write
// instead of many of the default 64 KB; a pipe that stays small still works.
func GrowPipe(f *os.File, size int) {
	syscall.Syscall(syscall.SYS_FCNTL, f.Fd(), syscall.F_SETPIPE_SZ, uintptr(size))
}
