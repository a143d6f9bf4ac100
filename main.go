// Readback is a desktop narration studio for writers: import a manuscript, hear it
// read back offline, fix what sounds wrong, export an audiobook. With a subcommand it
// runs headless (see internal/cli); without one it opens the window.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"readback/app/window"
	"readback/internal/cli"
	"readback/internal/config"
	"readback/internal/pdftext"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	cli.Version = version
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// No PDF reader process outlives the command or the window.
	defer pdftext.CloseDefault()
	// The data directory given before the command is the command's.
	if rest, dir := cli.Hoist(args); dir != "" {
		args = rest
		os.Setenv(config.EnvHome, dir)
	}
	// A first word that is not an option names a command: a typo is said as one,
	// not taken for the window's arguments.
	if len(args) > 0 && (cli.Has(args[0]) || !strings.HasPrefix(args[0], "-")) {
		return cli.Run(ctx, args, cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	}
	if err := window.Run(ctx, args, version); err != nil {
		fmt.Fprintf(os.Stderr, "readback: %v\n", err)
		return cli.ExitError
	}
	return cli.ExitOK
}
