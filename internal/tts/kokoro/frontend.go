package kokoro

import (
	"regexp"
	"strings"

	"readback/internal/tts/espeak"
	"readback/internal/tts/neural"
)

// Kokoro's front end, as kokoro-js (the package its styles ship in) has it for the
// languages eSpeak reads: eSpeak NG's IPA, clause by clause, each clause followed by
// the punctuation it ended at and a space; a few of eSpeak's symbols respelt in
// Kokoro's (r → ɹ, x → k, ɬ → l, ʲ → j) and a few words corrected; then each symbol
// the vocabulary has, as its id, framed by the pad 0. A model takes at most 510
// symbols: a longer text is said in chunks cut at clause ends (a clause longer than
// that at a word's end).

// maxTokens is what the model takes between its two pads.
const maxTokens = StyleRows

// respell is kokoro-js's correction of eSpeak's phonemes, applied to a clause.
var respell = strings.NewReplacer(
	"kəkˈoːɹoʊ", "kˈoʊkəɹoʊ", // "Kokoro" itself
	"kəkˈɔːɹəʊ", "kˈəʊkəɹəʊ",
	"ʲ", "j", "r", "ɹ", "x", "k", "ɬ", "l",
)

var (
	hundred  = regexp.MustCompile(`([a-zɹː])(hˈʌndɹɪd)`)
	ninety   = regexp.MustCompile(`nˈaɪnti([^ː]|$)`) // American "ninety" is said with a d
	loneZ    = regexp.MustCompile(` z([;:,.!?¡¿—…"«»“” ]|$)`)
	clauseTo = map[rune]rune{
		'.': '.', '?': '?', '!': '!', ',': ',', ':': ':', ';': ';', '…': '…', '—': '—',
		'。': '.', '．': '.', '？': '?', '！': '!', '、': ',', '，': ',', '：': ':', '；': ';',
		'¡': '!', '¿': '?',
	}
)

// clause is one clause's symbols and where its text lies in the text transcribed.
type clause struct {
	symbols    []rune
	start, end int // bytes of the text
}

// chunk is what is said at once: pieces of clauses, each with its clause's index.
type chunk []piece

type piece struct {
	clause  int
	symbols []rune
}

// Symbols writes eSpeak's clauses in Kokoro's symbols for a language ("en-us"
// corrects "ninety"), each with its place in text (the text eSpeak transcribed).
func Symbols(clauses []espeak.Clause, text, language string) [][]rune {
	var out [][]rune
	for _, c := range symbolsOf(clauses, text, language) {
		out = append(out, c.symbols)
	}
	return out
}

func symbolsOf(clauses []espeak.Clause, text, language string) []clause {
	var out []clause
	places := neural.ClauseText(clauses, text)
	for i, cl := range clauses {
		ipa := respell.Replace(neural.LanguageFlags.ReplaceAllString(cl.IPA, ""))
		ipa = hundred.ReplaceAllString(ipa, "$1 $2")
		if language == "en-us" {
			ipa = ninety.ReplaceAllString(ipa, "nˈaɪndi$1")
		}
		s := strings.TrimSpace(ipa)
		if mark, ok := clauseTo[neural.LastMark(cl.Text)]; ok {
			s += string(mark)
		}
		s = loneZ.ReplaceAllString(s+" ", "z$1")
		c := clause{symbols: []rune(s), start: places[i][0], end: places[i][1]}
		if neural.HasPhoneme(c.symbols) {
			out = append(out, c)
		}
	}
	if n := len(out); n > 0 {
		out[n-1].symbols = []rune(strings.TrimRight(string(out[n-1].symbols), " "))
	}
	return out
}

// chunks gathers clauses into what the model takes at once: as many whole clauses
// as fit, a clause too long for one cut at spaces. Symbols the vocabulary lacks do
// not count (they are not fed).
func chunks(clauses []clause, c *Config) []chunk {
	var out []chunk
	var cur chunk
	n := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
		}
		cur, n = nil, 0
	}
	for i, cl := range clauses {
		size := c.count(cl.symbols)
		if n+size > maxTokens {
			flush()
		}
		if size <= maxTokens {
			cur = append(cur, piece{i, cl.symbols})
			n += size
			continue
		}
		for _, p := range cutAtSpaces(cl.symbols, c) {
			flush()
			cur, n = chunk{{i, p}}, c.count(p)
		}
	}
	flush()
	return out
}

// ids is the model's input for a chunk (IDs) and, for each id, the clause it says
// (-1 for the pads).
func (ch chunk) ids(c *Config) (ids []int64, owners []int) {
	ids, owners = []int64{0}, []int{-1}
	for _, p := range ch {
		for _, r := range p.symbols {
			if id, ok := c.ids[r]; ok {
				ids = append(ids, id)
				owners = append(owners, p.clause)
			}
		}
	}
	return append(ids, 0), append(owners, -1)
}

// cutAtSpaces cuts symbols into pieces of at most maxTokens counted symbols, at the
// last space that fits (anywhere, if a word alone is longer).
func cutAtSpaces(symbols []rune, c *Config) [][]rune {
	var out [][]rune
	for len(symbols) > 0 {
		n, cut, lastSpace := 0, len(symbols), -1
		for i, r := range symbols {
			if _, ok := c.ids[r]; ok {
				n++
			}
			if r == ' ' {
				lastSpace = i
			}
			if n > maxTokens {
				cut = i
				if lastSpace > 0 {
					cut = lastSpace + 1
				}
				break
			}
		}
		out = append(out, symbols[:cut])
		symbols = symbols[cut:]
	}
	return out
}

// count is how many of the symbols the vocabulary has.
func (c *Config) count(symbols []rune) int {
	n := 0
	for _, r := range symbols {
		if _, ok := c.ids[r]; ok {
			n++
		}
	}
	return n
}

// IDs is the model's input for symbols: the pad 0, each symbol the vocabulary has
// as its id, the pad again. Symbols it has no id for are left out and returned.
func IDs(symbols []rune, c *Config) (ids []int64, missing []rune) {
	ids = append(ids, 0)
	for _, r := range symbols {
		id, ok := c.ids[r]
		if !ok {
			missing = append(missing, r)
			continue
		}
		ids = append(ids, id)
	}
	return append(ids, 0), missing
}
