package narration_test

import (
	"testing"

	"readback/internal/narration"
)

// eSpeak's Japanese reads kana only: kanji take their readings, a number's
// counter its reading after a number, the particles は, へ, を their spoken sound.
func TestKanaReading(t *testing.T) {
	for in, want := range map[string]string{
		"港長は日が暮れてから入港する。":      "ミナトチョーワヒがクレてからニューコーする。",
		"3月5日に1人で来た。":          "3ガツイツカにヒトリでキた。",
		"1990年、20日に3人が学校へ行った。": "1990ネン、ハツカに3ニンがガッコーエイッた。",
		"すべてをきろくした。":           "すべてオきろくした。",
		"ひらがなだけ。":              "ひらがなだけ。",
	} {
		if got := narration.KanaReading(in); got != want {
			t.Errorf("KanaReading(%q) = %q, want %q", in, got, want)
		}
	}
}
