package narration

import (
	"cmp"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"readback/internal/document"
)

// A Normalizer rewrites a sentence into words a speech engine reads the way a person
// would: numbers, ordinals, years, currencies, times, dates, Roman numerals and
// abbreviations spelled out. One per language; a language without one is left alone.
type Normalizer func(text string) string

var normalizers = map[string]Normalizer{"en": normalizeEnglish, "de": normalizeGerman, "fr": normalizeFrench}

// cardinalFor spells a chapter number in a heading in lang ("IV" is read "Four",
// "Vier", "Quatre"; "LXXI" in Belgium "Septante et un"), or nil for a language
// without rules.
func cardinalFor(lang string) func(int64) string {
	switch primaryLanguage(lang) {
	case "en":
		return Cardinal
	case "de":
		return GermanCardinal
	case "fr":
		belgian := countsBelgian(lang)
		return func(n int64) string { return FrenchCardinal(n, belgian) }
	}
	return nil
}

// countsBelgian reports whether French in lang counts septante and nonante:
// Belgium's and Switzerland's.
func countsBelgian(lang string) bool {
	r := document.Region(lang)
	return r == "BE" || r == "CH"
}

// primaryLanguage is the language subtag of a BCP 47 tag, English for none.
func primaryLanguage(lang string) string {
	if p := document.PrimaryLanguage(lang); p != "" {
		return p
	}
	return "en"
}

// Normalize applies the normalizer for lang (a tag such as "en-GB"; "" is English).
func Normalize(lang, text string) string {
	if strings.Contains(text, "://") || strings.Contains(text, "www.") {
		text = shortenURLs(text)
	}
	primary := primaryLanguage(lang)
	if primary == "fr" && countsBelgian(lang) {
		return normalizeFrenchBelgian(text) // septante, nonante
	}
	if n, ok := normalizers[primary]; ok {
		return n(text)
	}
	return text
}

// NormalizeHeading is Normalize for a heading: one that is, or starts with, a Roman
// numeral is a chapter number ("IV" is read "Four", "II. The Return" "Two. The
// Return").
func NormalizeHeading(lang, text string) string {
	if cardinal := cardinalFor(lang); cardinal != nil {
		if m := reHeadingRoman.FindStringSubmatch(strings.TrimSpace(text)); m != nil {
			if n, ok := Roman(m[1]); ok && n <= 200 {
				text = capitalize(cardinal(n))
				if m[2] != "" {
					text += ". " + m[2]
				}
			}
		}
	}
	return Normalize(lang, text)
}

// reURL is a web address in running text; what ends a sentence after it is not its own.
var reURL = regexp.MustCompile(`\b(?:https?://|www\.)[^\s<>"]*[^\s<>".,;:!?)\]'’”]`)

// shortenURLs reads a web address as a person would: by its site ("example.com"),
// not letter by letter through its scheme, path and query.
func shortenURLs(s string) string {
	return reURL.ReplaceAllStringFunc(s, func(u string) string {
		host := u
		if _, rest, ok := strings.Cut(host, "://"); ok {
			host = rest
		}
		host, _, _ = strings.Cut(host, "/")
		host, _, _ = strings.Cut(host, "?")
		host, _, _ = strings.Cut(host, "#")
		if at := strings.LastIndexByte(host, '@'); at >= 0 {
			host = host[at+1:] // credentials are not read
		}
		if h, _, ok := strings.Cut(host, ":"); ok {
			host = h
		}
		host = strings.TrimPrefix(host, "www.")
		if host == "" {
			return u
		}
		return host
	})
}

var (
	reHeadingRoman = regexp.MustCompile(`^([IVXLCDM]+)(?:(?:[.:)]|\s+[-–—])\s*(.*))?$`)
	reCurrency     = regexp.MustCompile(`([$£€])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{2}))?\b`)
	// A time written with a dot, as in British English: "at 3.30", "9.05 pm" (a
	// bare "3.30" stays a decimal).
	reDotTime   = regexp.MustCompile(`\b((?:at|by|until|till|before|after|At|By|Until|Before|After) )([01]?\d|2[0-3])\.([0-5]\d)\b`)
	reDotTimeAm = regexp.MustCompile(`\b([01]?\d)\.([0-5]\d)(\s?[aApP]\.?[mM]\b\.?)`)
	reTime      = regexp.MustCompile(`\b([01]?\d|2[0-3]):([0-5]\d)\b(?:\s?([aApP])\.?[mM]\.?)?`)
	reISODate   = regexp.MustCompile(`\b(1[1-9]\d\d|20\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b`)
	// A date, month first ("March 3, 1998", "March 3rd") or day first ("3 March
	// 1998", "3rd of March"), its year read as a year; a month and a year ("March
	// 1998").
	reMonthDay  = regexp.MustCompile(`\b(January|February|March|April|May|June|July|August|September|October|November|December) ([1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b(?:(,? )(1[1-9]\d\d|20\d\d)\b)?`)
	reDayMonth  = regexp.MustCompile(`\b((?:[Tt]he )?)([1-9]|[12]\d|3[01])(?:st|nd|rd|th)? (?:of )?(January|February|March|April|May|June|July|August|September|October|November|December)\b(?:(,? )(1[1-9]\d\d|20\d\d)\b)?`)
	reMonthYear = regexp.MustCompile(`\b(January|February|March|April|May|June|July|August|September|October|November|December),? (1[1-9]\d\d|20\d\d)\b`)
	reOrdinal   = regexp.MustCompile(`\b(\d{1,9})(st|nd|rd|th)\b`)
	rePercent   = regexp.MustCompile(`\b(\d+(?:\.\d+)?)\s?%`)
	reRomanKey  = regexp.MustCompile(`\b(Chapter|Part|Book|Volume|Act|Scene|Section|Appendix|War|Phase|Episode|Vol\.|Ch\.) ([IVXLCDM]+)\b`)
	reRomanName = regexp.MustCompile(`\b([A-Z][a-z]+) ([IVXLCDM]{2,}|V|X)\b`)
	reYear      = regexp.MustCompile(`\b(in|of|since|by|until|till|from|year|circa|around|before|after|during|In|Since|By|Until|From|Circa|Around|Before|After|During) (1[1-9]\d\d|20\d\d)\b`)
	reDecimal   = regexp.MustCompile(`\b(\d+)\.(\d+)\b`)
	reGrouped   = regexp.MustCompile(`\b\d{1,3}(?:,\d{3})+\b`)
	reInteger   = regexp.MustCompile(`\b\d+\b`)
	reAbbrev    = regexp.MustCompile(`\b(Dr|Mr|Mrs|Ms|Prof|St)\. ([A-Z0-9])`)
	reNumberNo  = regexp.MustCompile(`\bNo\. (\d)`)
	reLatin     = regexp.MustCompile(`\b(e\.g\.|i\.e\.|etc\.|vs\.)`)
)

var months = []string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

var spokenAbbreviations = map[string]string{"Dr": "Doctor", "Mr": "Mister", "Mrs": "Missus", "Ms": "Miz", "Prof": "Professor", "St": "Saint"}

var latin = map[string]string{"e.g.": "for example", "i.e.": "that is", "etc.": "et cetera", "vs.": "versus"}

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(strings.ReplaceAll(s, ",", ""), 10, 64)
	return n
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func normalizeEnglish(s string) string {
	// Cheap tests first: most sentences hold no digit and no abbreviation, and a
	// book's worth of regular expressions is what a re-render would wait on.
	if strings.ContainsAny(s, "0123456789") {
		s = normalizeNumbers(s)
	}
	if strings.ContainsAny(s, "IVXLCDM") {
		s = normalizeRoman(s)
	}
	if strings.Contains(s, ". ") && (strings.Contains(s, "Dr.") || strings.Contains(s, "Mr") || strings.Contains(s, "Ms.") ||
		strings.Contains(s, "Prof.") || strings.Contains(s, "St.")) {
		s = reAbbrev.ReplaceAllStringFunc(s, func(m string) string {
			g := reAbbrev.FindStringSubmatch(m)
			return spokenAbbreviations[g[1]] + " " + g[2]
		})
	}
	if strings.Contains(s, "e.g.") || strings.Contains(s, "i.e.") || strings.Contains(s, "etc.") || strings.Contains(s, "vs.") {
		s = replaceLatin(s)
	}
	return s
}

// replaceLatin says the Latin abbreviations in words. An abbreviation's period that
// also ends the sentence ("apples, etc.") stays as the sentence's full stop.
func replaceLatin(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range reLatin.FindAllStringIndex(s, -1) {
		b.WriteString(s[last:m[0]])
		b.WriteString(latin[s[m[0]:m[1]]])
		if strings.TrimLeft(s[m[1]:], `"'”’)]»`) == "" {
			b.WriteByte('.')
		}
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

func normalizeRoman(s string) string {
	s = reRomanKey.ReplaceAllStringFunc(s, func(m string) string {
		g := reRomanKey.FindStringSubmatch(m)
		if n, ok := Roman(g[2]); ok {
			return g[1] + " " + Cardinal(n)
		}
		return m
	})
	return reRomanName.ReplaceAllStringFunc(s, func(m string) string {
		g := reRomanName.FindStringSubmatch(m)
		if n, ok := Roman(g[2]); ok {
			return g[1] + " the " + capitalize(Ordinal(n))
		}
		return m
	})
}

// normalizeNumbers runs the rules for digits, the most specific first (a time or a
// date before the bare numbers inside it).
func normalizeNumbers(s string) string {
	s = reNumberNo.ReplaceAllString(s, "number $1") // "No. 10"; "No. Never." stays a word
	s = reCurrency.ReplaceAllStringFunc(s, func(m string) string {
		g := reCurrency.FindStringSubmatch(m)
		units := map[string][2]string{"$": {"dollar", "dollars"}, "£": {"pound", "pounds"}, "€": {"euro", "euros"}}[g[1]]
		cents := map[string][2]string{"$": {"cent", "cents"}, "£": {"penny", "pence"}, "€": {"cent", "cents"}}[g[1]]
		n := atoi(g[2])
		out := Cardinal(n) + " " + plural(n, units[0], units[1])
		if g[3] != "" && g[3] != "00" {
			c := atoi(g[3])
			out += " and " + Cardinal(c) + " " + plural(c, cents[0], cents[1])
		}
		return out
	})
	s = reISODate.ReplaceAllStringFunc(s, func(m string) string {
		g := reISODate.FindStringSubmatch(m)
		return months[atoi(g[2])] + " " + Ordinal(atoi(g[3])) + ", " + Year(atoi(g[1]))
	})
	s = reDotTime.ReplaceAllString(s, "${1}${2}:${3}")
	s = reDotTimeAm.ReplaceAllString(s, "${1}:${2}${3}")
	s = reTime.ReplaceAllStringFunc(s, func(m string) string {
		g := reTime.FindStringSubmatch(m)
		h, min := atoi(g[1]), atoi(g[2])
		out := Cardinal(h)
		switch {
		case min == 0 && g[3] == "":
			out += " o'clock"
		case min == 0:
		case min < 10:
			out += " oh " + Cardinal(min)
		default:
			out += " " + Cardinal(min)
		}
		if g[3] != "" {
			out += " " + strings.ToLower(g[3]) + " m"
		}
		return out
	})
	s = reDayMonth.ReplaceAllStringFunc(s, func(m string) string {
		g := reDayMonth.FindStringSubmatch(m)
		out := cmp.Or(g[1], "the ") + Ordinal(atoi(g[2])) + " of " + g[3]
		if g[5] != "" {
			out += g[4] + Year(atoi(g[5]))
		}
		return out
	})
	s = reMonthDay.ReplaceAllStringFunc(s, func(m string) string {
		g := reMonthDay.FindStringSubmatch(m)
		out := g[1] + " " + Ordinal(atoi(g[2]))
		if g[4] != "" {
			out += g[3] + Year(atoi(g[4]))
		}
		return out
	})
	s = reMonthYear.ReplaceAllStringFunc(s, func(m string) string {
		g := reMonthYear.FindStringSubmatch(m)
		return strings.TrimSuffix(m, g[2]) + Year(atoi(g[2]))
	})
	s = reOrdinal.ReplaceAllStringFunc(s, func(m string) string { return Ordinal(atoi(reOrdinal.FindStringSubmatch(m)[1])) })
	s = rePercent.ReplaceAllStringFunc(s, func(m string) string {
		return strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(m, "%")), " ") + " percent"
	})
	s = reYear.ReplaceAllStringFunc(s, func(m string) string {
		g := reYear.FindStringSubmatch(m)
		return g[1] + " " + Year(atoi(g[2]))
	})
	s = reDecimal.ReplaceAllStringFunc(s, func(m string) string {
		g := reDecimal.FindStringSubmatch(m)
		var digits []string
		for _, d := range g[2] {
			digits = append(digits, ones[d-'0'])
		}
		return Cardinal(atoi(g[1])) + " point " + strings.Join(digits, " ")
	})
	s = reGrouped.ReplaceAllStringFunc(s, func(m string) string { return Cardinal(atoi(m)) })
	s = reInteger.ReplaceAllStringFunc(s, func(m string) string {
		if len(m) > 15 || (len(m) > 1 && m[0] == '0') {
			var digits []string // a code or an identifier: digit by digit
			for _, d := range m {
				digits = append(digits, ones[d-'0'])
			}
			return strings.Join(digits, " ")
		}
		return Cardinal(atoi(m))
	})
	return s
}

// capitalize upper-cases the first letter of s, whatever its script ("Über", "Élan").
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// replaceInContext is ReplaceAllStringFunc for rules that look at the words around
// a match (Go's expressions cannot look behind): f gets the whole text and the
// match's submatch indexes, and returns the replacement.
func replaceInContext(re *regexp.Regexp, s string, f func(s string, m []int) string) string {
	ms := re.FindAllStringSubmatchIndex(s, -1)
	if ms == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range ms {
		b.WriteString(s[last:m[0]])
		b.WriteString(f(s, m))
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func isUpperRune(r rune) bool { return unicode.IsUpper(r) }

// replaceGroups is ReplaceAllStringFunc that hands f the match's groups as found in
// the whole text (g[0] the match; an unmatched group is ""): a match looked at
// again on its own may not match at all, its boundaries being in the text around.
func replaceGroups(re *regexp.Regexp, s string, f func(g []string) string) string {
	return replaceInContext(re, s, func(s string, m []int) string { return f(groupsOf(s, m)) })
}

// groupsOf is the text of each group of the match m in s ("" for one unmatched).
func groupsOf(s string, m []int) []string {
	g := make([]string, len(m)/2)
	for i := range g {
		if m[2*i] >= 0 {
			g[i] = s[m[2*i]:m[2*i+1]]
		}
	}
	return g
}
