package cli_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"readback/internal/cli"
)

// Every failure is said in a writer's words (issue 8, each a defect found).
func TestClearWordsForFailures(t *testing.T) {
	dir := t.TempDir()
	src := write(t, dir, "s.md", "# T\n\nHello there. Bye.\n")

	// A data directory Readback may not write in (sysfs refuses even root): said
	// so; and printing a script needs no library at all.
	ro := "/sys/fs/readback-test"
	if r := run(t, "list", "--data-dir", ro); r.code != cli.ExitError || !strings.Contains(r.stderr, "the data directory "+ro+" is read-only") {
		t.Errorf("read-only data directory: %d %q", r.code, r.stderr)
	}
	if r := run(t, "text", "--data-dir", ro, src); r.code != cli.ExitOK || r.stdout != "T\nHello there.\nBye.\n" || !strings.Contains(r.stderr, "the library is not used") {
		t.Errorf("text with a read-only data directory: %d %q %q", r.code, r.stdout, r.stderr)
	}

	// A full disk names where, and the terminal's colours never reach a message.
	full := cli.Explain(dir, fmt.Errorf("write %s: %w", filepath.Join(dir, "book.flac"), syscall.ENOSPC))
	if !strings.Contains(full, "the disk is full") || !strings.Contains(full, filepath.Join(dir, "book.flac")) {
		t.Errorf("full disk: %q", full)
	}
	// The output's disk, when it is the output that did not fit.
	if got := cli.Explain(dir, &fs.PathError{Op: "write", Path: "/media/card/book.wav", Err: syscall.ENOSPC}); !strings.Contains(got, "free some space where /media/card is") {
		t.Errorf("full disk of the output: %q", got)
	}
	if got := cli.Explain(dir, errors.New("\x1b[0;31mflac.NewEncoder\x1b[0m: bad header")); strings.Contains(got, "\x1b") || strings.Contains(got, "[0;31m") || got != "flac.NewEncoder: bad header" {
		t.Errorf("colour codes: %q", got)
	}

	data := filepath.Join(dir, "data")
	// Exporting the lexicon to a folder, or over the library itself.
	out := filepath.Join(dir, "out")
	os.Mkdir(out, 0o755)
	if r := run(t, "lexicon", "export", "-o", out, "--data-dir", data); r.code != cli.ExitError || !strings.Contains(r.stderr, out+" is a folder") {
		t.Errorf("lexicon export -o DIR: %d %q", r.code, r.stderr)
	}
	if r := run(t, "lexicon", "export", "-o", filepath.Join(data, "library.db"), "--data-dir", data); r.code != cli.ExitError || !strings.Contains(r.stderr, "one of the library's own files") {
		t.Errorf("lexicon export over the library: %d %q", r.code, r.stderr)
	}

	// One line per file, whatever its name holds.
	odd := filepath.Join(dir, "a\nb.md")
	if err := os.WriteFile(odd, []byte("# Odd\n\nA name with a line break.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, "import", "--data-dir", data, odd, src); r.code != cli.ExitOK || strings.Count(r.stdout, "\n") != 2 || !strings.Contains(r.stdout, `a\nb.md": imported`) {
		t.Errorf("a name with a line break: %d %q", r.code, r.stdout)
	}
}

// Ctrl-C during a conversion says it was cancelled and how to go on, with the
// shells' code for it, not "context canceled".
func TestCancelledConversion(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("# Long\n\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "The keeper climbed stair number %d and rested. ", i+1)
	}
	src := write(t, dir, "long.md", b.String()+"\n")
	t.Setenv("READBACK_TEST_CLI", "1")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Cancelled once the first sentence's audio is written, with hundreds to go (a
	// fixed delay let a fast machine finish first).
	go func() {
		for ctx.Err() == nil {
			if packs, _ := filepath.Glob(filepath.Join(dir, "data", "renditions", "packs", "*")); len(packs) > 0 {
				if st, err := os.Stat(packs[0]); err == nil && st.Size() > 0 {
					cancel()
					return
				}
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	var stderr bytes.Buffer
	code := cli.Run(ctx, []string{"convert", "--data-dir", filepath.Join(dir, "data"), "--workers", "1", src, "-o", filepath.Join(dir, "long.wav")},
		cli.Env{Stdout: &bytes.Buffer{}, Stderr: &stderr, Executable: os.Args[0]})
	if code != cli.ExitCancelled || !strings.Contains(stderr.String(), "cancelled; run the same command to resume") || strings.Contains(stderr.String(), "context canceled") {
		t.Fatalf("%d %q", code, stderr.String())
	}
}
