package espeak

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

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

	pauses := map[int]int{} // byte offset → the silence before it
	opens, closes := map[int]int{}, map[int]int{}
	for _, m := range req.Marks {
		if m.Start < 0 || m.End > len(req.Text) || m.End <= m.Start {
			continue
		}
		switch m.Kind {
		case "emphasis":
			opens[m.Start]++
			closes[m.End]++
		case "pause":
			pauses[m.End] += min(max(m.Ms, 0), 10000)
		}
	}
	// A pause before nothing but punctuation ("home|." ) comes after it: said alone,
	// the full stop would be a clause of its own.
	end := len(req.Text)
	for end > 0 {
		r, n := utf8.DecodeLastRuneInString(req.Text[:end])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		end -= n
	}
	for at, ms := range pauses {
		if at >= end && at < len(req.Text) {
			pauses[len(req.Text)] += ms
			delete(pauses, at)
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
	return append(parts, cur), pauses[len(req.Text)]
}
