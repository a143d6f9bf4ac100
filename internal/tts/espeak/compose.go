package espeak

import (
	"fmt"
	"strings"

	"readback/internal/tts"
)

// part is one text a speaker says: the request's text up to or between the writer's
// pauses, with eSpeak's embedded commands (CTRL_EMBEDDED, a value, a letter) for the
// prosody and for emphasis. at maps each character of text to the byte of the
// request's text it stands for, or -1 for a command's: eSpeak's event positions count
// characters of what it was given.
type part struct {
	text          string
	at            []int
	pauseBeforeMs int
}

// compose turns a request into what the speakers say, and the silence after the last
// part (a pause the writer put at the very end). Plain text with embedded commands,
// not SSML: SSML reloads the voice at every synthesis, which a speaker put back to its
// starting state cannot survive, and adds a clause pause to every segment.
func compose(req tts.Request) (parts []part, trailingMs int) {
	p := req.Prosody
	volume := int(clamp(100*p.Volume, 0, 300) + 0.5)
	var prosody string // at the start of every part: a part starts from the defaults
	if p.Rate != 1 {
		prosody += fmt.Sprintf("\x01%dS", int(clamp(175*p.Rate, 80, 750)+0.5))
	}
	if p.Pitch != 1 {
		prosody += fmt.Sprintf("\x01%dP", int(clamp(50*p.Pitch, 0, 99)+0.5))
	}
	if p.Volume != 1 {
		prosody += fmt.Sprintf("\x01%dA", volume)
	}
	// Strong emphasis as eSpeak's SSML makes it (a fifth louder, the word stressed),
	// from the segment's own volume.
	emphasisOn := fmt.Sprintf("\x01%dA\x014F", int(clamp(120*p.Volume, 0, 300)+0.5))
	emphasisOff := fmt.Sprintf("\x01%dA\x010F", volume)

	pauses, trailingMs := req.Pauses() // byte offset → the silence before it
	opens, closes := map[int]int{}, map[int]int{}
	for _, m := range req.Marks {
		if m.Kind == "emphasis" && m.Start >= 0 && m.End <= len(req.Text) && m.End > m.Start {
			opens[m.Start]++
			closes[m.End]++
		}
	}

	var b strings.Builder
	var cur part
	depth := 0 // emphases open
	command := func(s string) {
		b.WriteString(s)
		for range s {
			cur.at = append(cur.at, -1)
		}
	}
	begin := func(pauseMs int) {
		cur = part{pauseBeforeMs: pauseMs}
		b.Reset()
		command(prosody)
		if depth > 0 {
			command(emphasisOn)
		}
	}
	begin(0)
	for i, r := range req.Text {
		if n := closes[i]; n > 0 && depth > 0 {
			if depth = max(depth-n, 0); depth == 0 {
				command(emphasisOff)
			}
		}
		if ms, ok := pauses[i]; ok {
			cur.text = b.String()
			parts = append(parts, cur)
			begin(ms)
		}
		if n := opens[i]; n > 0 {
			if depth == 0 {
				command(emphasisOn)
			}
			depth += n
		}
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			r = ' ' // a control character in the text is never a command
		}
		b.WriteRune(r)
		cur.at = append(cur.at, i)
	}
	cur.text = b.String()
	return append(parts, cur), trailingMs
}
