package narration

import (
	"strings"
	"sync"
	"unicode"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"
)

// jaTokenizer is kagome's morphological analyser with the IPA dictionary, loaded
// the first time a Japanese sentence needs it (half a second, 90 MB): only books in
// Japanese pay for it.
var jaTokenizer = sync.OnceValues(func() (*tokenizer.Tokenizer, error) {
	return tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos())
})

// KanaReading rewrites the kanji of a Japanese text as their pronunciation in
// katakana, for a voice that reads kana only: eSpeak's Japanese names each kanji
// "Chinese letter". The dictionary's pronunciation is the spoken one (the particle
// は as ワ, long vowels as ー). A word the dictionary does not know is left as written.
func KanaReading(s string) string {
	if strings.IndexFunc(s, isHan) < 0 {
		return s
	}
	tk, err := jaTokenizer()
	if err != nil {
		return s
	}
	var b strings.Builder
	for _, tok := range tk.Tokenize(s) {
		if strings.IndexFunc(tok.Surface, isHan) < 0 {
			b.WriteString(tok.Surface)
			continue
		}
		p, ok := tok.Pronunciation()
		if !ok || p == "" || p == "*" {
			if p, ok = tok.Reading(); !ok || p == "" || p == "*" {
				p = tok.Surface
			}
		}
		b.WriteString(p)
	}
	return b.String()
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }
