package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"readback/internal/cli"
)

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), args, cli.Env{Stdout: &out, Stderr: &errOut})
	return result{code, out.String(), errOut.String()}
}

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportListText(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	a := write(t, dir, "a.md", "# First Book\n\nOne sentence. Another one.\n")
	b := write(t, dir, "b.txt", "Plain words here.\n")
	bad := write(t, dir, "bad.docx", "not a docx")

	r := run(t, "import", "--data-dir", data, a, b, bad)
	if r.code != cli.ExitError {
		t.Errorf("exit %d, want %d when one file fails", r.code, cli.ExitError)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `imported as 1 "First Book" (markdown, 6 words, 1 chapter, 3 segments)`) {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "bad.docx: the file is not a valid DOCX") {
		t.Errorf("stderr must name the file and the cause:\n%s", r.stderr)
	}

	// Flags may follow the files; a re-import is reported, not duplicated.
	r = run(t, "import", a, "--data-dir", data)
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, `already in the library as 1 "First Book"`) {
		t.Errorf("re-import: %+v", r)
	}

	r = run(t, "list", "--data-dir", data)
	want := "2\tb\ttext\t3\n1\tFirst Book\tmarkdown\t6\n"
	if r.code != cli.ExitOK || r.stdout != want {
		t.Errorf("list = %q (exit %d), want %q", r.stdout, r.code, want)
	}

	r = run(t, "text", write(t, dir, "c.md", "# One\n\nA. B said hi. Dr. C left.\n\n# Two\n\nEnd.\n"))
	if r.code != cli.ExitOK || r.stdout != "One\nA. B said hi.\nDr. C left.\n\nTwo\nEnd.\n" {
		t.Errorf("text = %q (exit %d, %s)", r.stdout, r.code, r.stderr)
	}
}

func TestUsageAndHelp(t *testing.T) {
	cases := []struct {
		args []string
		code int
		out  *regexp.Regexp // matched against stdout+stderr
	}{
		{[]string{"help"}, cli.ExitOK, regexp.MustCompile(`(?s)Commands:.*import.*text.*list`)},
		{[]string{"--version"}, cli.ExitOK, regexp.MustCompile(`^readback dev \(go1\.[0-9.]+, linux/amd64\)\n$`)},
		{[]string{"import", "--help"}, cli.ExitOK, regexp.MustCompile(`Usage: readback import .*FILE…(?s).*--data-dir`)},
		{[]string{"text", "-h"}, cli.ExitOK, regexp.MustCompile(`--footnotes`)},
		{[]string{"list", "--help"}, cli.ExitOK, regexp.MustCompile(`ID<TAB>TITLE`)},
		{[]string{"import"}, cli.ExitUsage, regexp.MustCompile(`expected FILE…`)},
		{[]string{"text", "a", "b"}, cli.ExitUsage, regexp.MustCompile(`expected FILE`)},
		{[]string{"list", "extra"}, cli.ExitUsage, regexp.MustCompile(`expected no arguments`)},
		{[]string{"text", "--footnotes", "sideways", "x.md"}, cli.ExitUsage, regexp.MustCompile(`footnotes must be end, inline or skip`)},
		{[]string{"import", "--bogus", "x"}, cli.ExitUsage, regexp.MustCompile(`flag provided but not defined: --bogus`)},
		{[]string{"sync", "tset"}, cli.ExitUsage, regexp.MustCompile(`unknown action "tset" \(settings, test, list`)},
		{[]string{"publish", "narrative", "1"}, cli.ExitUsage, regexp.MustCompile(`unknown kind "narrative"`)},
		{[]string{"publish", "--help"}, cli.ExitOK, regexp.MustCompile(`Usage: readback publish voice DIR`)},
		{[]string{"share", "x", "--expires", "10d"}, cli.ExitUsage, regexp.MustCompile(`from 1 hour to 7 days`)},
		{[]string{"text", "/no/such/file.md"}, cli.ExitError, regexp.MustCompile(`/no/such/file.md: no such file`)},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := run(t, tc.args...)
			if r.code != tc.code || !tc.out.MatchString(r.stdout+r.stderr) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", r.code, tc.code, r.stdout, r.stderr)
			}
		})
	}
}

func TestDataDirFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("READBACK_HOME", dir)
	if r := run(t, "import", write(t, t.TempDir(), "x.txt", "Words.")); r.code != cli.ExitOK {
		t.Fatalf("%+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "library.db")); err != nil {
		t.Errorf("READBACK_HOME was not used: %v", err)
	}
}

// The data directory may be given before the command, as many tools allow, and
// reaches commands that take an action word after them too.
func TestGlobalOptionsBeforeTheCommand(t *testing.T) {
	cases := map[string][2]string{
		"--data-dir D text F":        {"text F", "D"},
		"-data-dir=D list":           {"list", "D"},
		"--data-dir D lexicon add W": {"lexicon add W", "D"},
		"--data-dir D":               {"--data-dir D", ""},
		"--data-dir D -x text":       {"--data-dir D -x text", ""},
		"text F":                     {"text F", ""},
		"--data-dir":                 {"--data-dir", ""},
	}
	for in, want := range cases {
		rest, dir := cli.Hoist(strings.Fields(in))
		if got := strings.Join(rest, " "); got != want[0] || dir != want[1] {
			t.Errorf("%q → %q, %q; want %q, %q", in, got, dir, want[0], want[1])
		}
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	t.Setenv("READBACK_HOME", data) // as main does with the directory Hoist returns
	if r := run(t, "import", write(t, dir, "a.md", "# A\n\nWords here.\n")); r.code != cli.ExitOK {
		t.Fatalf("%d %s", r.code, r.stderr)
	}
	if r := run(t, "lexicon", "add", "Siobhan", "--say", "shiv awn"); r.code != cli.ExitOK {
		t.Fatalf("%d %s", r.code, r.stderr)
	}
	if r := run(t, "lexicon", "list", "--data-dir", data); !strings.Contains(r.stdout, "Siobhan") {
		t.Fatalf("%q", r.stdout)
	}
}
