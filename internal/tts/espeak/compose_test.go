package espeak

import (
	"strings"
	"testing"
	"unicode/utf8"

	"readback/internal/tts"
)

// What a request becomes: parts cut at the writer's pauses (a pause before nothing
// but punctuation after it), emphasis switched on again in a part that starts inside
// it, louder than the segment's own volume, and every character sent mapped back to
// the byte it stands for.
func TestCompose(t *testing.T) {
	text := "The boats came home at dusk."
	home, at := strings.Index(text, "home"), strings.Index(text, " at ")+1
	loud := tts.Prosody{Rate: 1, Pitch: 1, Volume: 2}
	parts, trailing := compose(tts.Request{Text: text, Prosody: loud, Marks: []tts.TextMark{
		{Start: home, End: at + 2, Kind: "emphasis"},
		{Start: home, End: home + 4, Kind: "pause", Ms: 500},
		{Start: at, End: len(text) - 1, Kind: "pause", Ms: 300}, // before the full stop
	}})
	if len(parts) != 2 || trailing != 300 || parts[1].pauseBeforeMs != 500 {
		t.Fatalf("%d parts, %d ms after, %+v", len(parts), trailing, parts)
	}
	want := []string{"\x01200AThe boats came \x01240A\x014Fhome", "\x01200A\x01240A\x014F at\x01200A\x010F dusk."}
	for i, p := range parts {
		if p.text != want[i] {
			t.Errorf("part %d: %q, want %q", i, p.text, want[i])
		}
		if n := utf8.RuneCountInString(p.text); len(p.at) != n {
			t.Fatalf("part %d: %d characters, %d mapped", i, n, len(p.at))
		}
		k := 0
		for _, r := range p.text {
			if b := p.at[k]; b >= 0 {
				if got, _ := utf8.DecodeRuneInString(text[b:]); got != r {
					t.Errorf("part %d: %q maps to %q", i, r, got)
				}
			}
			k++
		}
	}
	// A control character in the text is never a command.
	if parts, _ := compose(tts.Request{Text: "A\x01200S b.", Prosody: tts.Normal}); parts[0].text != "A 200S b." {
		t.Errorf("sent %q", parts[0].text)
	}
}
