package narration

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"readback/internal/document"
)

// abbreviations end with a full stop that does not end a sentence when a capitalised
// word follows: titles before names, and the short forms that prose puts mid-sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "mx": true, "dr": true, "prof": true, "st": true, "sr": true, "jr": true,
	"rev": true, "fr": true, "hon": true, "gen": true, "col": true, "lt": true, "capt": true, "cpt": true, "sgt": true,
	"cmdr": true, "adm": true, "gov": true, "sen": true, "rep": true, "pres": true, "supt": true, "mt": true,
	"vs": true, "cf": true, "al": true, "approx": true, "fig": true, "figs": true, "no": true, "nos": true, "vol": true,
	"vols": true, "p": true, "pp": true, "ch": true, "chap": true, "sec": true, "ed": true, "eds": true, "op": true,
	"ca": true, "viz": true, "mssrs": true, "messrs": true, "mme": true, "mlle": true, "jan": true, "feb": true,
	"mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true,
	"nov": true, "dec": true, "ave": true, "blvd": true, "rd": true, "ft": true, "inc": false, "etc": false,
	// Other languages' short forms that come before a name or a number, almost never
	// at the end of a sentence: German (Nr. 17, z. B., vgl.), French (tél.), Spanish
	// (Sra. López), Russian (проф. Иванов, ул. Ленина; not "им.", a pronoun too).
	"nr": true, "z": true, "bzw": true, "usw": false, "vgl": true, "ggf": true, "evtl": true, "tél": true,
	"sra": true, "srta": true, "dra": true, "ud": true, "uds": true, "проф": true, "ул": true,
}

// The short forms German and French text is normalised with ("3 Mio. Euro", "env.
// 5 mètres") do not end a sentence either; weekdays ("So.", "Mi.") are also words.
func init() {
	add := func(abbr string) {
		w := strings.ToLower(strings.TrimSuffix(abbr, "."))
		if strings.Contains(w, ".") || strings.Contains(w, " ") || deWeekdays[abbr] != "" {
			return // dotted forms are known by their dots
		}
		if _, known := abbreviations[w]; !known {
			abbreviations[w] = true
		}
	}
	for a := range deAbbreviations {
		add(a)
	}
	for a := range frAbbreviations {
		if strings.HasSuffix(a, ".") {
			add(a)
		}
	}
}

// Sentences returns the byte spans of the sentences of s (a block's text, with white
// space already collapsed), by the rules every language shares; SentencesIn adds
// those of the block's language.
func Sentences(s string) [][2]int { return SentencesIn("", s) }

// SentencesIn returns the byte spans of the sentences of s in the language lang.
// Unicode's sentence boundaries (UAX #29, by uniseg) are the base, for every script,
// with the places after a terminal mark and a space that Unicode reads on from
// ("Nodded. "20 minutes," he said"); a boundary is then kept only where the
// conventions agree: not after abbreviations ("Dr.", "z. B.", "Sra."), initials
// ("J. R. R."), ordinals ("3. Oktober"; in German also "am 3. Tag"), a Japanese
// quotation followed by its particle, or before a lower-case word. A French closing
// guillemet set apart belongs to the sentence it closes. Sentences longer than
// MaxSegmentRunes are divided at clause boundaries.
func SentencesIn(lang, s string) [][2]int {
	german := document.PrimaryLanguage(lang) == "de"
	var out [][2]int
	start := 0
	places, unicodeSays := candidates(s)
	for _, next := range places {
		if next <= start {
			continue
		}
		end := len(strings.TrimRight(s[:next], " ")) // the sentence's text ends here
		if end == next && next < len(s) {
			// Unicode counts opening brackets as closers ("。「遅い"): written on
			// without a space, they open the next sentence.
			for end > start {
				r, n := utf8.DecodeLastRuneInString(s[start:end])
				if !unicode.In(r, unicode.Ps, unicode.Pi) {
					break
				}
				end -= n
			}
		}
		if end <= start {
			continue
		}
		// The terminal punctuation and the closing quotes and brackets after it.
		i := end
		for i > start {
			r, n := utf8.DecodeLastRuneInString(s[start:i])
			if !isCloser(r) {
				break
			}
			i -= n
		}
		at := i
		for at > start {
			r, n := utf8.DecodeLastRuneInString(s[start:at])
			if !isTerminal(r) {
				break
			}
			at -= n
		}
		if at == i {
			if next < len(s) && !unicodeSays[next] {
				continue // a place Readback proposed, with no mark before it
			}
			// No mark Readback knows (another script's): Unicode's word.
			out = appendSentence(out, s, start, end)
			start = skipSpaces(s, end)
			continue
		}
		term, _ := utf8.DecodeRuneInString(s[at:])
		// French sets its closing guillemet apart: « Bonjour. » ends after the ».
		// (Only a guillemet that closes one opened in this sentence: German opens its
		// quotations with », "Er nickte. »Komm!«".)
		for _, c := range []string{" »", "\u00a0»", "\u202f»", " ›", "\u00a0›", "\u202f›"} {
			open, _ := utf8.DecodeLastRuneInString(c)
			if strings.HasPrefix(s[end:], c) && unclosed(s[start:end], open) {
				end += len(c)
				break
			}
		}
		if end < len(s) && s[end] != ' ' && !unspaced(term) {
			continue // "end.)And": not a boundary
		}
		if end < len(s) && !boundary(s, start, at, end, term, german) {
			continue
		}
		out = appendSentence(out, s, start, end)
		start = skipSpaces(s, end)
	}
	if start < len(s) {
		out = appendSentence(out, s, start, len(s))
	}
	return out
}

func skipSpaces(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

// candidates are where a sentence may begin, in order: Unicode's sentence
// boundaries (also returned as a set), and every place after a terminal mark (with
// its closing quotes and brackets) and a space.
func candidates(s string) ([]int, map[int]bool) {
	var out []int
	unicodeSays := map[int]bool{}
	if !mayBreak(s) {
		// No terminator and no separator: Unicode's one boundary is the end, and
		// no mark of Readback's adds another (most headings, items and cells).
		if s == "" {
			return nil, unicodeSays
		}
		unicodeSays[len(s)] = true
		return []int{len(s)}, unicodeSays
	}
	state, pos, rest := -1, 0, s
	for rest != "" {
		var sent string
		sent, rest, state = uniseg.FirstSentenceInString(rest, state)
		pos += len(sent)
		out = append(out, pos)
		unicodeSays[pos] = true
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if !isTerminal(r) {
			continue
		}
		j := i
		for j < len(s) {
			r2, n2 := utf8.DecodeRuneInString(s[j:])
			if !isTerminal(r2) && !isCloser(r2) {
				break
			}
			j += n2
		}
		if j < len(s) && s[j] == ' ' {
			out = append(out, skipSpaces(s, j))
		}
		i = j
	}
	slices.Sort(out)
	return slices.Compact(out), unicodeSays
}

// mayBreak reports whether s holds a character after which UAX #29 may put a
// sentence boundary inside it (a sentence terminator, a full stop, a paragraph or
// line separator: rules SB4, SB8–SB11), or one of isTerminal's marks.
func mayBreak(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return mayBreakRunes(s[i:])
		}
		switch c {
		case '.', '!', '?', '\n', '\r':
			return true
		}
	}
	return false
}

func mayBreakRunes(s string) bool {
	for _, r := range s {
		switch {
		case r == '.' || r == '!' || r == '?' || r == '\n' || r == '\r':
			return true
		case r < utf8.RuneSelf:
		case r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0x2024 || r == 0xFE52 || r == 0xFF0E,
			unicode.Is(unicode.Sentence_Terminal, r), isTerminal(r):
			return true
		}
	}
	return false
}

// isTerminal reports whether r ends a sentence in some script: the Latin marks, the
// ideographic full stop and full-width marks of Chinese and Japanese, the Arabic
// question mark and Urdu full stop, the Devanagari danda and double danda.
// unclosed reports whether s opens more French quotations than it closes: close is
// » or ›, whose opening marks are « and ‹.
func unclosed(s string, close rune) bool {
	open := '«'
	if close == '›' {
		open = '‹'
	}
	return strings.Count(s, string(open)) > strings.Count(s, string(close))
}

func isTerminal(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '‼', '⁇', '。', '｡', '！', '？', '؟', '۔', '।', '॥', '።', '፧':
		return true
	}
	return false
}

// unspaced reports whether r ends a sentence without a space after it: Chinese and
// Japanese write the next sentence right on.
func unspaced(r rune) bool { return r == '。' || r == '｡' || r == '！' || r == '？' }

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '›', ')', ']', '}', '」', '』', '）', '】', '》', '〉', '〕', '］',
		// German closes its quotations with “ ‘ and «: „Komm her.“ Er ging.
		'“', '‘', '«':
		return true
	}
	return false
}

// boundary decides whether the terminal punctuation at s[at] (running to end) ends the
// sentence that began at start.
func boundary(s string, start, at, end int, term rune, german bool) bool {
	next, _ := utf8.DecodeRuneInString(strings.TrimLeft(s[end:], " "))
	// A sentence starts with a capital, a digit, a quote or a bracket; a lower-case
	// word after "..." or "e.g." continues the sentence.
	if unicode.IsLower(next) {
		return false
	}
	// 「…。」と言った: a Japanese quotation followed by its quoting particle goes on.
	if last, _ := utf8.DecodeLastRuneInString(s[at:end]); isCloser(last) {
		rest := strings.TrimLeft(s[end:], " ")
		if strings.HasPrefix(rest, "と") || strings.HasPrefix(rest, "って") {
			return false
		}
	}
	if term != '.' || strings.HasPrefix(s[at:end], "..") {
		return true
	}
	// German writes ordinals with a full stop: "am 3. Oktober", "im 19. Jahrhundert".
	if n := trailingDigits(s[start:at]); n > 0 && n <= 2 {
		next := firstWord(s[end:])
		if deOrdinalNouns[next] || deMonthIndex(next) > 0 || german && germanOrdinal(s[start:at-n], next) {
			return false
		}
	}
	word := lastWord(s[start:at])
	switch {
	case word == "":
		return true
	case utf8.RuneCountInString(word) == 1 && unicode.IsUpper(rune(word[0])):
		return false // an initial: "J. R. R. Tolkien"
	case strings.EqualFold(word, "a.m") || strings.EqualFold(word, "p.m"):
		return true // "at 3 a.m. She left": times end sentences as often as not
	case strings.Contains(word, "."):
		return false // "e.g", "i.e", "U.S": dotted abbreviations
	}
	return !abbreviations[strings.ToLower(word)]
}

// trailingDigits is how many digits s ends with (a number right before a full stop).
func trailingDigits(s string) int {
	n := 0
	for n < len(s) && s[len(s)-1-n] >= '0' && s[len(s)-1-n] <= '9' {
		n++
	}
	if n < len(s) && n > 0 && s[len(s)-1-n] != ' ' && s[len(s)-1-n] != '(' {
		return 0 // "3.14", "v2.": part of something else
	}
	return n
}

// firstWord is the first word of s, without the punctuation after it.
func firstWord(s string) string {
	s = strings.TrimLeft(s, " ")
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		return s
	}
	return s[:end]
}

// lastWord returns the letters just before a full stop.
func lastWord(s string) string {
	i := len(s)
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		i -= n
	}
	return strings.TrimLeft(s[i:], ".")
}

// appendSentence adds s[start:end], divided if it is too long to be one segment.
func appendSentence(out [][2]int, s string, start, end int) [][2]int {
	for end > start && s[end-1] == ' ' {
		end--
	}
	for start < end {
		if utf8.RuneCountInString(s[start:end]) <= MaxSegmentRunes {
			return append(out, [2]int{start, end})
		}
		cut := splitPoint(s[start:end])
		out = append(out, [2]int{start, start + cut})
		start += cut
		for start < end && s[start] == ' ' {
			start++
		}
	}
	return out
}

// splitPoint finds where to divide an overlong sentence: after the last clause
// punctuation within the limit, else at the last space, else at the limit itself.
func splitPoint(s string) int {
	limit, n := len(s), 0
	for i := range s {
		if n == MaxSegmentRunes {
			limit = i
			break
		}
		n++
	}
	best := -1
	// The clause marks of the scripts Readback reads, strongest first: Latin, then
	// Chinese and Japanese (no space after), Arabic.
	for _, p := range []string{"; ", "；", "؛ ", ": ", "：", " — ", " – ", ", ", "，", "、", "، "} {
		if i := strings.LastIndex(s[:limit], p); i > limit/3 {
			best = i + len(strings.TrimRight(p, " "))
			break
		}
	}
	if best < 0 {
		if i := strings.LastIndexByte(s[:limit], ' '); i > 0 {
			best = i
		} else {
			best = limit
		}
	}
	return best
}
