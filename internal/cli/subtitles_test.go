package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"readback/internal/cli"
)

// Subtitles show the manuscript's words, timed over what was spoken for them: a
// name the lexicon respells in three words is one cue "Siobhan", a year read as
// two words one cue "1984", a word the engine marks with the one before it ("with
// the", as eSpeak says it) is in that cue, a sentence's cue the writer's text.
func TestSubtitlesShowTheWritersWords(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if r := run(t, "lexicon", "add", "Siobhan", "--say", "Shivawn shivawn shivawn", "--data-dir", data); r.code != cli.ExitOK {
		t.Fatalf("lexicon: %+v", r)
	}
	src := write(t, dir, "book.md", "Siobhan came home in 1984 with the lamp.\n")
	read := func(level string) []string {
		srt := filepath.Join(dir, level+".srt")
		if s, r := convert(t, "--data-dir", data, src, "-o", filepath.Join(dir, level+".wav"), "--subtitles", srt, "--subtitle-level", level); r.code != cli.ExitOK {
			t.Fatalf("convert: %+v %+v", s, r)
		}
		b, err := os.ReadFile(srt)
		if err != nil {
			t.Fatal(err)
		}
		var cues []string
		for _, block := range strings.Split(strings.TrimSpace(string(b)), "\n\n") {
			lines := strings.Split(block, "\n")
			cues = append(cues, lines[1]+" "+strings.Join(lines[2:], " "))
		}
		return cues
	}
	words := read("word")
	var text []string
	stamp := regexp.MustCompile(`^(\S+) --> (\S+) (.*)$`)
	prevEnd := ""
	for _, c := range words {
		m := stamp.FindStringSubmatch(c)
		if m == nil {
			t.Fatalf("cue %q", c)
		}
		if m[1] < prevEnd {
			t.Errorf("cue %q starts before the last ended (%s)", c, prevEnd)
		}
		prevEnd = m[2]
		text = append(text, m[3])
	}
	if got := strings.Join(text, "|"); got != "Siobhan|came|home|in|1984|with the|lamp" {
		t.Errorf("word cues %q", got)
	}
	// The name's one cue lasts as long as its three spoken words.
	first := stamp.FindStringSubmatch(words[0])
	if first[2] <= "00:00:00,600" {
		t.Errorf("Siobhan's cue %s–%s is shorter than three words", first[1], first[2])
	}
	if sentences := read("sentence"); len(sentences) != 1 || !strings.HasSuffix(sentences[0], " Siobhan came home in 1984 with the lamp.") {
		t.Errorf("sentence cues %q", sentences)
	}
}
