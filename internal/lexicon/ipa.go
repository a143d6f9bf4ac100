package lexicon

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// An entry's IPA reaches each engine in its own form: Piper, Kokoro and Amazon Polly
// read it as it is (the narrator marks it in the text it gives them, IPAMarker);
// eSpeak NG, whose phonemes are its own mnemonics, gets it through a table
// (EspeakFromIPA).

// ipaPrefix opens an IPA marker in the text an engine is given: [[ipa:ʃɪˈvɔːn]].
const ipaPrefix = "[[ipa:"

// IPAMarker is how IPA is written into the text an engine that reads it is given.
func IPAMarker(ipa string) string { return ipaPrefix + ipa + "]]" }

// Piece is a stretch of text and, when it is an IPA marker, its IPA.
type Piece struct {
	Start, End int    // bytes of the text, the marker's brackets included
	IPA        string // "" for plain text
}

// SplitIPA cuts text at its IPA markers: plain text and markers in turn (a marker
// not closed is plain text).
func SplitIPA(text string) []Piece {
	var out []Piece
	at := 0
	for {
		i := strings.Index(text[at:], ipaPrefix)
		if i < 0 {
			break
		}
		i += at
		end := strings.Index(text[i:], "]]")
		if end < 0 {
			break
		}
		end += i + 2
		if i > at {
			out = append(out, Piece{Start: at, End: i})
		}
		out = append(out, Piece{Start: i, End: end, IPA: text[i+len(ipaPrefix) : end-2]})
		at = end
	}
	if at < len(text) {
		out = append(out, Piece{Start: at, End: len(text)})
	}
	return out
}

// IPAAt is the IPA of a marker that starts at byte i of text and ends by byte to,
// and where it ends.
func IPAAt(text string, i, to int) (ipa string, end int, ok bool) {
	if !strings.HasPrefix(text[i:to], ipaPrefix) {
		return "", 0, false
	}
	j := strings.Index(text[i:to], "]]")
	if j < 0 {
		return "", 0, false
	}
	return text[i+len(ipaPrefix) : i+j], i + j + 2, true
}

// HasIPA says whether text holds an IPA marker.
func HasIPA(text string) bool { return strings.Contains(text, ipaPrefix) }

// EspeakFromIPA writes IPA in eSpeak NG's phoneme mnemonics (the notation of its
// [[…]] input) for a voice of the language (a BCP 47 tag; "" for none). The table
// is eSpeak's own: the IPA its voices write for their phonemes, so that eSpeak's IPA
// comes back as the mnemonics it was made from; a language whose mnemonics differ
// (English's r-coloured vowels, Spanish's trill) has its own entries first. What the
// table lacks is left out and returned.
func EspeakFromIPA(ipa, language string) (mnemonics string, unknown []rune) {
	own := byLanguage[primary(language)]
	var b strings.Builder
	for i := 0; i < len(ipa); {
		if m, n := longestOf(own, ipa[i:]); n > 0 {
			b.WriteString(m)
			i += n
			continue
		}
		if m, n := longest(ipa[i:]); n > 0 {
			b.WriteString(m)
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(ipa[i:])
		unknown = append(unknown, r)
		i += size
	}
	return b.String(), unknown
}

// ipaToEspeak: IPA symbols (and pairs eSpeak treats as one phoneme) and their
// mnemonics.
var ipaToEspeak = map[string]string{
	// Affricates and diphthongs first (the longest match wins).
	"tʃ": "tS", "t͡ʃ": "tS", "dʒ": "dZ", "d͡ʒ": "dZ", "ts": "ts", "dz": "dz",
	"eɪ": "eI", "aɪ": "aI", "ɔɪ": "OI", "aʊ": "aU", "oʊ": "oU", "əʊ": "oU",
	"ɪə": "i@", "eə": "e@", "ɛə": "e@", "ʊə": "U@", "ɔː": "O:", "ɑː": "A:", "oː": "o:",
	"iː": "i:", "uː": "u:", "ɜː": "3:", "ɑ̃": "A~", "ɛ̃": "E~", "ɔ̃": "O~", "œ̃": "W~",
	// Vowels.
	"i": "i", "ɪ": "I", "e": "e", "ɛ": "E", "æ": "a", "a": "a", "ɑ": "A", "ɒ": "0",
	"ɔ": "O", "o": "o", "ʊ": "U", "u": "u", "ʌ": "V", "ə": "@", "ɜ": "3", "ɚ": "3",
	"ɝ": "3:", "ɐ": "a#", "ᵻ": "I2", "y": "y", "ø": "Y", "œ": "W", "ɨ": "i\"", "ʏ": "Y",
	// Consonants.
	"p": "p", "b": "b", "t": "t", "d": "d", "k": "k", "g": "g", "ɡ": "g", "f": "f",
	"v": "v", "θ": "T", "ð": "D", "s": "s", "z": "z", "ʃ": "S", "ʒ": "Z", "h": "h",
	"ɦ": "h", "x": "x", "χ": "X", "ç": "C", "m": "m", "n": "n", "ŋ": "N", "ɲ": "n^",
	"l": "l", "ɫ": "l", "ʎ": "l^", "ɹ": "r", "r": "r", "ɾ": "*", "ʁ": "r", "j": "j",
	"w": "w", "ʍ": "W", "ʔ": "?", "ɬ": "l#", "β": "B", "ɣ": "Q", "c": "c", "ɟ": "J",
	// Stress, length, the rest.
	"ˈ": "'", "ˌ": ",", "ː": ":", " ": " ", ".": "", "‿": "", "\u0303": "~", "ʲ": ";", "-": "-",
	"\u0361": "", "\u032f": "", "\u0329": "",
}

// byLanguage are the languages whose mnemonics for some IPA are not the table's.
var byLanguage = map[string]*table{
	// English's r-coloured vowels are phonemes of their own ("near" n'i@3).
	"en": newTable(map[string]string{
		"ɪɹ": "i@3", "ʊɹ": "U@", "ɛɹ": "e@", "ɑːɹ": "A@", "oːɹ": "o@", "ɔːɹ": "o@", "ɔɹ": "o@",
	}),
	// Spanish's trill is R, its tap r; Italian's r is R.
	"es": newTable(map[string]string{"r": "R", "ɾ": "r"}),
	"it": newTable(map[string]string{"r": "R"}),
}

// table is IPA and its mnemonics, its keys longest first for the longest match.
type table struct {
	to   map[string]string
	keys []string
}

func newTable(to map[string]string) *table {
	t := &table{to: to}
	for k := range to {
		t.keys = append(t.keys, k)
	}
	sort.Slice(t.keys, func(i, j int) bool {
		if len(t.keys[i]) != len(t.keys[j]) {
			return len(t.keys[i]) > len(t.keys[j])
		}
		return t.keys[i] < t.keys[j]
	})
	return t
}

var common = newTable(ipaToEspeak)

// longest is the mnemonic of the longest IPA the table has at the start of s, and
// its length in bytes (0: none).
func longest(s string) (string, int) { return longestOf(common, s) }

func longestOf(t *table, s string) (string, int) {
	if t == nil {
		return "", 0
	}
	for _, k := range t.keys {
		if strings.HasPrefix(s, k) {
			return t.to[k], len(k)
		}
	}
	return "", 0
}

// primary is a language tag's primary language, lower case ("en-GB" → "en").
func primary(tag string) string {
	tag, _, _ = strings.Cut(strings.ToLower(tag), "-")
	tag, _, _ = strings.Cut(tag, "_")
	return tag
}
