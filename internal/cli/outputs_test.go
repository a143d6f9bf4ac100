package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readback/internal/cli"
)

// Nothing a conversion writes can hurt what the writer gave Readback: the
// manuscript, the library, or another output of the same run. Each case was a
// defect (issue 8): the manuscript became a WAV, the library a WAV, the audio was
// lost under the subtitles, an MP3 was named .m4b, a folder failed with "file exists".
func TestConvertOutputsCannotHurt(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	src := write(t, dir, "x.md", "# The Keeper\n\nThe keeper climbed the stairs. The lamp was cold.\n")
	manuscript, _ := os.ReadFile(src)
	intact := func(what string) {
		t.Helper()
		if b, _ := os.ReadFile(src); !bytes.Equal(b, manuscript) {
			t.Fatalf("%s: the manuscript was written over", what)
		}
	}
	refused := func(what, want string, args ...string) {
		t.Helper()
		_, r := convert(t, append([]string{"--data-dir", data, src}, args...)...)
		if r.code != cli.ExitUsage || !strings.Contains(r.stderr, want) {
			t.Errorf("%s: %d %q, want exit 2 and %q", what, r.code, r.stderr, want)
		}
		intact(what)
	}
	refused("the manuscript as the audio", "is the manuscript being converted", "-o", src, "--format", "md")
	refused("the manuscript as the subtitles", "subtitles are written as .srt or .vtt", "-o", filepath.Join(dir, "a.wav"), "--subtitles", src)
	if err := os.MkdirAll(filepath.Join(data, "renditions"), 0o755); err != nil {
		t.Fatal(err)
	}
	refused("into the library's packs", "one of the library's own files", "-o", filepath.Join(data, "renditions", "a.wav"))
	refused("into the library's Piper voices", "one of the library's own files", "-o", filepath.Join(data, "piper", "a.wav"))
	refused("the library's database", "unknown format \"db\"", "-o", filepath.Join(data, "library.db"))
	refused("the library's database, with a format", "one of the library's own files", "-o", filepath.Join(data, "library.db-wal.wav"))

	// The extension follows --format, and says so: the manuscript is never the output.
	s, r := convert(t, "--data-dir", data, src, "-o", src, "--format", "wav")
	if r.code != cli.ExitOK || s.Output != filepath.Join(dir, "x.wav") || !strings.Contains(r.stderr, "writing x.wav, not x.md") {
		t.Fatalf("-o x.md --format wav: %d %+v %q", r.code, s, r.stderr)
	}
	intact("-o x.md --format wav")
	s, r = convert(t, "--data-dir", data, src, "-o", filepath.Join(dir, "o.m4b"), "--format", "mp3")
	if r.code != cli.ExitOK || s.Output != filepath.Join(dir, "o.mp3") {
		t.Fatalf("-o o.m4b --format mp3: %d %+v %q", r.code, s, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "o.m4b")); err == nil {
		t.Error("an MP3 was written under the name .m4b")
	}
	// Audio and subtitles both survive.
	s, r = convert(t, "--data-dir", data, src, "-o", filepath.Join(dir, "z.srt"), "--format", "wav", "--subtitles", filepath.Join(dir, "z.srt"))
	if r.code != cli.ExitOK {
		t.Fatalf("%d %q", r.code, r.stderr)
	}
	for _, f := range []string{"z.wav", "z.srt"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	// A folder as the output is checked before the import too: what can be said
	// then (subtitles that are not subtitles) is, and nothing is imported.
	fresh := filepath.Join(dir, "fresh")
	other := write(t, dir, "other.md", "# Other\n\nAnother text.\n")
	books0 := filepath.Join(dir, "books0")
	os.Mkdir(books0, 0o755)
	if _, r := convert(t, "--data-dir", fresh, other, "-o", books0, "--subtitles", filepath.Join(dir, "s.txt")); r.code != cli.ExitUsage {
		t.Errorf("folder output with bad subtitles: %d %q", r.code, r.stderr)
	}
	if r := run(t, "list", "--data-dir", fresh); strings.Contains(r.stdout, "Other") {
		t.Errorf("imported before the outputs were checked: %q", r.stdout)
	}
	// A folder receives the book under its title.
	books := filepath.Join(dir, "books")
	if err := os.Mkdir(books, 0o755); err != nil {
		t.Fatal(err)
	}
	s, r = convert(t, "--data-dir", data, src, "-o", books)
	if want := filepath.Join(books, "The Keeper.wav"); r.code != cli.ExitOK || s.Output != want {
		t.Fatalf("-o FOLDER: %d %+v %q, want %s", r.code, s, r.stderr, want)
	}
	if _, err := os.Stat(filepath.Join(books, "The Keeper.wav")); err != nil {
		t.Fatal(err)
	}
}
