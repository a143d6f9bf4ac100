package cli_test

import (
	"context"
	"os"
	"testing"

	"readback/internal/cli"
)

// TestMain lets the test binary act as the readback command itself (for worker
// processes, and for the crash test, which kills it): tests start os.Args[0] again
// with READBACK_TEST_CLI=1 and the command's arguments.
func TestMain(m *testing.M) {
	if os.Getenv("READBACK_TEST_CLI") == "1" {
		os.Exit(cli.Run(context.Background(), os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Executable: os.Args[0]}))
	}
	// A command a test forgot to give --data-dir must not reach the real library.
	home, err := os.MkdirTemp("", "readback-cli-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("READBACK_HOME", home)
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}
