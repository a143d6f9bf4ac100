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

// KanaReading rewrites a Japanese text for a voice that reads kana only: eSpeak's
// Japanese names each kanji "Chinese letter". Kanji words take the dictionary's
// pronunciation in katakana (the spoken form: long vowels as ー), a number's
// counter its reading after a number ("3月5日" is 3ガツ イツカ), and the particles
// は, へ and を their spoken ワ, エ and オ. A word the dictionary does not know is
// left as written.
func KanaReading(s string) string {
	if strings.IndexFunc(s, isHan) < 0 && !strings.ContainsAny(s, "はへを") {
		return s
	}
	tk, err := jaTokenizer()
	if err != nil {
		return s
	}
	var b strings.Builder
	number := "" // the digits just written, for the counter after them
	for _, tok := range tk.Tokenize(s) {
		surface := tok.Surface
		if number != "" {
			if r, whole := counterReading(number, surface); r != "" {
				if whole { // "5日" is いつか: the number is in the word
					str := b.String()
					b.Reset()
					b.WriteString(strings.TrimSuffix(str, number))
				}
				b.WriteString(r)
				number = ""
				continue
			}
		}
		number = ""
		if isDigits(surface) {
			number = surface
			b.WriteString(surface)
			continue
		}
		if pos := tok.POS(); len(pos) > 0 && pos[0] == "助詞" && jaParticles[surface] != "" {
			b.WriteString(jaParticles[surface])
			continue
		}
		if strings.IndexFunc(surface, isHan) < 0 {
			b.WriteString(surface)
			continue
		}
		p, ok := tok.Pronunciation()
		if !ok || p == "" || p == "*" {
			if p, ok = tok.Reading(); !ok || p == "" || p == "*" {
				p = surface
			}
		}
		b.WriteString(p)
	}
	return b.String()
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

func isDigits(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
}

// counterReading is how a counter is read after the number n (digits): "月" is
// ガツ, "日" a day of the month (whole: the reading stands for the number too, as
// "5日" is いつか), "人" ひとり and ふたり for one and two.
func counterReading(n, counter string) (reading string, whole bool) {
	n = strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, n)
	switch counter {
	case "日":
		if d, ok := jaDays[n]; ok {
			return d, true
		}
		return "ニチ", false
	case "人":
		switch n {
		case "1":
			return "ヒトリ", true
		case "2":
			return "フタリ", true
		}
		return "ニン", false
	}
	return jaCounters[counter], false
}

// jaParticles are the particles written with one kana and said with another.
var jaParticles = map[string]string{"は": "ワ", "へ": "エ", "を": "オ"}

var jaDays = map[string]string{"1": "ツイタチ", "2": "フツカ", "3": "ミッカ", "4": "ヨッカ", "5": "イツカ", "6": "ムイカ",
	"7": "ナノカ", "8": "ヨーカ", "9": "ココノカ", "10": "トーカ", "14": "ジューヨッカ", "20": "ハツカ", "24": "ニジューヨッカ"}

var jaCounters = map[string]string{"月": "ガツ", "年": "ネン", "時": "ジ", "分": "フン", "秒": "ビョー", "円": "エン",
	"回": "カイ", "歳": "サイ", "度": "ド", "冊": "サツ", "台": "ダイ", "枚": "マイ", "件": "ケン", "番": "バン", "階": "カイ",
	"個": "コ", "本": "ホン", "週": "シュー", "号": "ゴー", "万": "マン", "億": "オク", "千": "セン", "百": "ヒャク", "匹": "ヒキ",
	"杯": "ハイ", "歩": "ホ", "章": "ショー", "頁": "ページ", "倍": "バイ", "割": "ワリ", "位": "イ", "世紀": "セイキ"}
