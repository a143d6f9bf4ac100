package narration

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// mayBreak rules a block out of UAX #29's work only where uniseg, asked, would put
// no boundary inside it: every character it lets pass, between words and before a
// capital (where a terminator would end the sentence), leaves the text whole.
func TestMayBreakMissesNoUnicodeBoundary(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) || mayBreak(string(r)) {
			continue
		}
		s := "ab" + string(r) + " Cd"
		if first, rest, _ := uniseg.FirstSentenceInString(s, -1); rest != "" {
			t.Errorf("%U: uniseg ends a sentence at %q, and mayBreak says it cannot", r, first)
		}
	}
	for _, s := range []string{"One. Two", "Why? Because", "Line\nline", "Stop。Next", "no stop at all", "Wait… and"} {
		if _, rest, _ := uniseg.FirstSentenceInString(s, -1); (rest != "") && !mayBreak(s) {
			t.Errorf("%q: uniseg breaks it, mayBreak says it cannot", s)
		}
	}
}
