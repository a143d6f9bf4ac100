package narration

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"readback/internal/lexicon"
)

// Lexicon rewrites words into how they should be said. Whole single words — the
// common case, names — are found by one pass over the text's words and a map
// lookup; the rest (parts of words, several words) by one regular expression.
type Lexicon struct {
	exact  map[string]*lexicon.Entry // whole words, case kept
	folded map[string]*lexicon.Entry // whole words, any case (lower-cased key)
	re     *regexp.Regexp
	byRe   []*lexicon.Entry // by the expression's group number - 1
}

// NewLexicon prepares entries. Later entries for the same word win.
func NewLexicon(entries []lexicon.Entry) *Lexicon {
	l := &Lexicon{exact: map[string]*lexicon.Entry{}, folded: map[string]*lexicon.Entry{}}
	var rest []*lexicon.Entry
	for i := range entries {
		p := &entries[i]
		if p.Word == "" {
			continue
		}
		if p.WholeWord && isOneWord(p.Word) {
			if p.MatchCase {
				l.exact[p.Word] = p
			} else {
				l.folded[strings.ToLower(p.Word)] = p
			}
			continue
		}
		rest = append(rest, p)
	}
	if len(rest) > 0 {
		// Longest first, so that "New York City" wins over "New York".
		sort.SliceStable(rest, func(i, j int) bool { return len(rest[i].Word) > len(rest[j].Word) })
		var alts []string
		for _, p := range rest {
			pat := regexp.QuoteMeta(p.Word)
			if !p.MatchCase {
				pat = "(?i:" + pat + ")"
			}
			alts = append(alts, "("+pat+")")
			l.byRe = append(l.byRe, p)
		}
		l.re = regexp.MustCompile(strings.Join(alts, "|"))
	}
	return l
}

// Empty reports whether the lexicon changes nothing.
func (l *Lexicon) Empty() bool {
	return l == nil || (len(l.exact) == 0 && len(l.folded) == 0 && l.re == nil)
}

func isOneWord(s string) bool {
	for _, r := range s {
		if !isWordRune(r) {
			return false
		}
	}
	return true
}

// eachWord calls fn with the byte span of each word of s: a run of word
// characters, without the apostrophes around it.
func eachWord(s string, fn func(start, end int)) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !isWordRune(r) {
				break
			}
			j += n
		}
		if w := strings.Trim(s[i:j], "'’"); w != "" {
			k := i + strings.Index(s[i:j], w)
			fn(k, k+len(w))
		}
		i = j
	}
}

// isWordRune tells the characters of a word. A hyphen ends a word, as in a
// dictionary: an entry for "defined" applies in "pre-defined"; an entry with a
// hyphen ("Jean-Luc") is matched as a phrase.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '\'' || r == '’'
}

// Apply returns text with the lexicon's words replaced, each in the form the engine
// reads best (spoken). For an engine that reads phonemes or IPA, any "[[" already in
// the text is broken up, so that only the lexicon speaks them; an entry with no form
// the engine reads leaves its word as written.
func (l *Lexicon) Apply(text string, r Reader) string {
	if (r.Phonemes || r.IPA) && strings.Contains(text, "[[") {
		for strings.Contains(text, "[[") { // "[[[" leaves "[ [[" after one pass
			text = strings.ReplaceAll(text, "[[", "[ [")
		}
	}
	if l.Empty() {
		return text
	}
	if l.re != nil {
		text = l.applyRe(text, r)
	}
	if len(l.exact) == 0 && len(l.folded) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	eachWord(text, func(start, end int) {
		word := text[start:end]
		if p, suffix := l.lookup(word); p != nil {
			if say := spoken(p, r); say != "" {
				if b.Len() == 0 {
					b.Grow(len(text) + 32)
				}
				b.WriteString(text[last:start])
				b.WriteString(say)
				last = end - len(suffix)
			}
		}
	})
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// lookup finds the entry for a word, or for the word without a possessive "'s",
// which is then returned as the suffix to keep.
func (l *Lexicon) lookup(word string) (*lexicon.Entry, string) {
	if p := l.find(word); p != nil {
		return p, ""
	}
	for _, s := range []string{"'s", "’s"} {
		if stem, ok := strings.CutSuffix(word, s); ok && stem != "" {
			if p := l.find(stem); p != nil {
				return p, s
			}
		}
	}
	return nil, ""
}

func (l *Lexicon) find(word string) *lexicon.Entry {
	if p := l.exact[word]; p != nil {
		return p
	}
	if len(l.folded) > 0 {
		return l.folded[strings.ToLower(word)]
	}
	return nil
}

// spoken is what the narrator says for an entry, in the form the engine reads best:
// its IPA to an engine that reads IPA (Piper, Kokoro, Amazon Polly); its phonemes to
// one that reads eSpeak's (eSpeak, and Piper and Kokoro through it), or its IPA
// written in them; else its respelling.
func spoken(p *lexicon.Entry, r Reader) string {
	switch {
	case r.IPA && p.IPA != "":
		return lexicon.IPAMarker(p.IPA)
	case r.Phonemes && p.Phonemes != "":
		return "[[" + p.Phonemes + "]]"
	case r.Phonemes && p.IPA != "":
		if m, _ := lexicon.EspeakFromIPA(p.IPA, r.Language); strings.TrimSpace(m) != "" {
			return "[[" + m + "]]"
		}
	}
	return p.Say
}

func (l *Lexicon) applyRe(text string, r Reader) string {
	matches := l.re.FindAllStringSubmatchIndex(text, -1)
	if matches == nil {
		return text
	}
	var b strings.Builder
	last := 0
	for _, m := range matches {
		for g := 1; 2*g+1 < len(m); g++ {
			if m[2*g] < 0 {
				continue
			}
			p := l.byRe[g-1]
			if p.WholeWord && !atBoundary(text, m[2*g], m[2*g+1]) {
				break
			}
			if say := spoken(p, r); say != "" {
				b.WriteString(text[last:m[2*g]])
				b.WriteString(say)
				last = m[2*g+1]
			}
			break
		}
	}
	b.WriteString(text[last:])
	return b.String()
}

// atBoundary reports whether text[i:j] is not part of a longer word.
func atBoundary(text string, i, j int) bool {
	if r, _ := utf8.DecodeLastRuneInString(text[:i]); i > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(text[j:]); j < len(text) && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
		return false
	}
	return true
}

// NameCount is a word and how often it occurs.
type NameCount struct {
	Word  string `json:"word"`
	Count int    `json:"count"`
}

// commonCapitalised are capitalised words every engine says right.
var commonCapitalised = map[string]bool{
	"I": true, "I'm": true, "I'll": true, "I've": true, "I'd": true, "Mr": true, "Mrs": true, "Ms": true, "Dr": true,
	"Monday": true, "Tuesday": true, "Wednesday": true, "Thursday": true, "Friday": true, "Saturday": true, "Sunday": true,
	"January": true, "February": true, "March": true, "April": true, "May": true, "June": true, "July": true,
	"August": true, "September": true, "October": true, "November": true, "December": true, "God": true,
	"English": true, "OK": true,
}

// Names lists the words of sentences that look like names — capitalised inside a
// sentence at least once, and never written in lower case — that the lexicon does not cover, most
// frequent first: the words a writer should listen to once.
func Names(sentences []string, lex *Lexicon) []NameCount {
	capital := map[string]int{} // capitalised occurrences
	inside := map[string]bool{} // seen capitalised other than first in a sentence
	lower := map[string]bool{}  // seen in lower case
	for _, s := range sentences {
		first := true
		eachWord(s, func(start, end int) {
			// A quotation, a colon's sequel or an aside may start with a capital
			// like a sentence: “He said, "Gather the nets."”, “One rule: Never sail.”
			// The quotation mark touches the word it opens; one before a space closes
			// a quotation ("Come," Aoife said).
			if strings.HasSuffix(strings.TrimRight(s[:start], " "), ":") || strings.ContainsAny(lastRune(s[:start]), "\"“‘„«(") {
				first = true
			}
			w := strings.TrimSuffix(strings.TrimSuffix(s[start:end], "'s"), "’s")
			r0, _ := utf8.DecodeRuneInString(w)
			switch {
			case strings.ToUpper(w) == w && utf8.RuneCountInString(w) > 1:
				// All capitals: an acronym or a speaker's label ("ALICE: Gone." — the
				// colon rule above starts what follows), not a name to check.
			case unicode.IsUpper(r0):
				if utf8.RuneCountInString(w) > 1 && !commonCapitalised[w] {
					capital[w]++
					if !first {
						inside[w] = true
					}
				}
			case unicode.IsLower(r0):
				lower[strings.ToLower(w)] = true
			}
			first = false
		})
	}
	var out []NameCount
	for w, n := range capital {
		if !inside[w] || lower[strings.ToLower(w)] || (lex != nil && lex.find(w) != nil) {
			continue
		}
		if strings.IndexFunc(w, unicode.IsDigit) >= 0 {
			continue
		}
		out = append(out, NameCount{Word: w, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Word < out[j].Word
	})
	return out
}

// lastRune is s's last character, or "".
func lastRune(s string) string {
	_, size := utf8.DecodeLastRuneInString(s)
	return s[len(s)-size:]
}

// words returns the byte spans of the words of s (letters and digits; a lexicon
// entry written as [[…]] is one word).
func words(s string) [][2]int {
	var out [][2]int
	start := -1
	for i := 0; i < len(s); {
		// A lexicon entry's phonemes or IPA ([[…]]) are one word: the word they say.
		if strings.HasPrefix(s[i:], "[[") {
			if j := strings.Index(s[i+2:], "]]"); j >= 0 {
				if start >= 0 {
					out = append(out, [2]int{start, i})
					start = -1
				}
				out = append(out, [2]int{i, i + 2 + j + 2})
				i += 2 + j + 2
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
		switch {
		case w && start < 0:
			start = i
		case !w && start >= 0:
			out = append(out, [2]int{start, i})
			start = -1
		}
		i += size
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// MapSpan finds, in the source text of a sentence, the word that the span
// [start, end) of its narrated text (normalised, lexicon applied) comes from, so
// that the word being spoken can be shown in the writer's text. Where the texts are
// the same, the span is its own; where they differ, the words are aligned (a
// longest common subsequence, any case) and a narrated word the source does not
// have ("nineteen" for "1999") maps to the source word at the same place between
// the aligned ones.
func MapSpan(source, narrated string, start, end int) (int, int) {
	if source == narrated {
		return start, end
	}
	sw, nw := words(source), words(narrated)
	if len(sw) == 0 || len(nw) == 0 {
		return -1, -1
	}
	k := -1
	for i, w := range nw {
		if w[0] <= start && start < w[1] || (k < 0 && w[0] >= start) {
			k = i
			if w[0] <= start {
				break
			}
		}
	}
	if k < 0 {
		k = len(nw) - 1
	}
	low := func(s string, w [2]int) string { return strings.ToLower(s[w[0]:w[1]]) }
	// LCS table over words; sentences are short.
	n, m := len(nw), len(sw)
	dp := make([][]int, n+1)
	for i := range dp {
		dp[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if low(narrated, nw[i]) == low(source, sw[j]) {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	match := make([]int, n) // narrated word → source word, or -1
	for i, j := 0, 0; i < n; {
		switch {
		case j < m && low(narrated, nw[i]) == low(source, sw[j]):
			match[i] = j
			i++
			j++
		case j < m && dp[i][j+1] >= dp[i+1][j]:
			j++
		default:
			match[i] = -1
			i++
		}
	}
	if j := match[k]; j >= 0 {
		return sw[j][0], sw[j][1]
	}
	// Between the aligned words around it: the place in the narrated gap, in
	// proportion, in the source's gap.
	ns, ss := 0, 0 // where the gaps start
	for i := k - 1; i >= 0; i-- {
		if match[i] >= 0 {
			ns, ss = i+1, match[i]+1
			break
		}
	}
	ne, se := n, m // where they end
	for i := k + 1; i < n; i++ {
		if match[i] >= 0 {
			ne, se = i, match[i]
			break
		}
	}
	j := ss
	if se > ss {
		j = ss + (k-ns)*(se-ss)/(ne-ns)
	}
	j = min(max(j, 0), m-1)
	return sw[j][0], sw[j][1]
}
