package narration

import (
	"regexp"
	"strings"
)

// German numbers are read as German speakers say them: "am 3. Oktober 1990" is
// "am dritten Oktober neunzehnhundertneunzig", "12,50 €" "zwölf Euro fünfzig",
// "14:30 Uhr" "vierzehn Uhr dreißig". The voice would otherwise end a sentence at
// "3.", read "1990" as a count and "12,50" digit by digit with "Komma".

var (
	deOnes = []string{"null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn",
		"elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn"}
	deTens   = []string{"", "", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig"}
	deMonths = []string{"", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}
)

// GermanCardinal spells n as German writes it in words: 21 → "einundzwanzig",
// 1001 → "tausendeins", 2000000 → "zwei Millionen".
func GermanCardinal(n int64) string {
	if n < 0 {
		return "minus " + GermanCardinal(-n)
	}
	return deCardinal(n, true)
}

// deCardinal spells n; final says whether n ends the number ("eins") or is part of
// a larger one ("einhundert", "einundzwanzig").
func deCardinal(n int64, final bool) string {
	switch {
	case n == 1 && !final:
		return "ein"
	case n < 20:
		return deOnes[n]
	case n < 100:
		if n%10 == 0 {
			return deTens[n/10]
		}
		return deCardinal(n%10, false) + "und" + deTens[n/10]
	case n < 1000:
		s := deCardinal(n/100, false) + "hundert"
		if n%100 != 0 {
			s += deCardinal(n%100, final)
		}
		return s
	case n < 1_000_000:
		s := deCardinal(n/1000, false) + "tausend"
		if n%1000 != 0 {
			s += deCardinal(n%1000, final)
		}
		return s
	}
	for _, scale := range []struct {
		v         int64
		one, many string
	}{{1_000_000_000_000, "Billion", "Billionen"}, {1_000_000_000, "Milliarde", "Milliarden"}, {1_000_000, "Million", "Millionen"}} {
		if n >= scale.v {
			s := "eine " + scale.one
			if q := n / scale.v; q > 1 {
				s = deCardinal(q, true) + " " + scale.many
			}
			if n%scale.v != 0 {
				s += " " + deCardinal(n%scale.v, final)
			}
			return s
		}
	}
	return ""
}

// GermanOrdinal spells n as an ordinal in its base form, to which an ending is
// added: 3 → "dritte", 20 → "zwanzigste", 101 → "hunderterste".
func GermanOrdinal(n int64) string {
	if n < 0 {
		return GermanCardinal(n) + "te"
	}
	if rest := n % 100; n >= 100 && rest > 0 && rest < 20 {
		return deCardinal(n-rest, false) + GermanOrdinal(rest)
	}
	switch n {
	case 1:
		return "erste"
	case 3:
		return "dritte"
	case 7:
		return "siebte"
	case 8:
		return "achte"
	}
	if n < 20 {
		return deOnes[n] + "te"
	}
	c := GermanCardinal(n)
	if strings.HasSuffix(c, "eins") { // 1001 → tausenderste
		return strings.TrimSuffix(c, "eins") + "erste"
	}
	return c + "ste"
}

// GermanYear reads a year: 1990 → "neunzehnhundertneunzig", 2024 → "zweitausendvierundzwanzig".
func GermanYear(n int64) string {
	if n >= 1100 && n < 2000 {
		s := deCardinal(n/100, false) + "hundert"
		if n%100 != 0 {
			s += deCardinal(n%100, true)
		}
		return s
	}
	return GermanCardinal(n)
}

// deEnding is the ending an ordinal takes after the word before it: the dative
// and accusative of "am 3. Oktober" (dritten), the nominative of "der 3. Tag"
// (dritte), "er" for a date standing alone ("Berlin, 3. Oktober").
func deEnding(before string) string {
	words := strings.Fields(tail(before))
	if len(words) == 0 {
		return "er"
	}
	w := strings.ToLower(strings.Trim(words[len(words)-1], `(„"»«,`))
	switch w {
	case "am", "im", "vom", "zum", "beim", "dem", "den", "des", "einem", "einen", "eines", "zur", "seinem", "seinen",
		"seines", "ihrem", "ihren", "ihres", "diesem", "diesen", "dieses", "jedem", "jeden", "unserem", "unseren", "bis", "ab", "seit", "ohne":
		return "en"
	case "der":
		if len(words) >= 2 {
			switch strings.ToLower(words[len(words)-2]) {
			case "in", "an", "auf", "aus", "bei", "mit", "nach", "von", "zu", "seit", "vor", "während", "wegen", "trotz", "unter", "über":
				return "en" // "in der 3. Runde": dative
			}
		}
		return "e"
	case "die", "das", "eine", "diese", "jede", "seine", "ihre":
		return "e"
	case "ein", "sein", "ihr", "kein":
		return "es" // "ein 3. Mal"; a masculine noun would want "er"
	}
	return ""
}

// germanOrdinal reports whether the number before "N." is an ordinal given the
// words around it: a month or a word counted so after it ("3. Oktober", "19.
// Jahrhundert"), or an article before it ("am 3. Tag", "der 2. Versuch"). Else the
// full stop ends the sentence: "Er zählte bis 3. Dann lief er."
func germanOrdinal(before, next string) bool {
	if deOrdinalNouns[next] || deMonthIndex(next) > 0 {
		return true
	}
	words := strings.Fields(tail(before))
	return len(words) > 0 && deArticles[strings.ToLower(strings.Trim(words[len(words)-1], `(„"»«,`))]
}

var deArticles = map[string]bool{
	"am": true, "im": true, "vom": true, "zum": true, "beim": true, "zur": true, "dem": true, "den": true, "des": true,
	"der": true, "die": true, "das": true, "einem": true, "einen": true, "eines": true, "ein": true, "sein": true,
	"kein": true, "seinem": true, "seinen": true, "ihrem": true, "ihren": true, "diesem": true, "diesen": true,
	"dieses": true, "jedem": true, "jeden": true,
}

// deOrdinalNouns follow a German ordinal: the words counted so.
var deOrdinalNouns = map[string]bool{
	"Jahrhundert": true, "Jahrhunderts": true, "Jahrtausend": true, "Kapitel": true, "Auflage": true, "Platz": true,
	"Mal": true, "Jh": true, "Stock": true, "Stockwerk": true, "Klasse": true, "Runde": true, "Geburtstag": true,
	"Jahrestag": true, "Liga": true, "Etage": true, "Sinfonie": true, "Symphonie": true, "Akt": true, "Szene": true,
	"Weltkrieg": true, "Advent": true, "Semester": true, "Strophe": true, "Bundesliga": true, "Todestag": true,
}

// deMonthIndex is the number of a German month name or its short form, or 0.
func deMonthIndex(w string) int {
	w = strings.TrimSuffix(w, ".")
	for i, m := range deMonths[1:] {
		if w == m || (len(w) >= 3 && strings.HasPrefix(m, w)) {
			return i + 1
		}
	}
	if w == "Jänner" {
		return 1
	}
	return 0
}

var (
	deCurrencySymbols = map[string][2]string{"€": {"Euro", "Cent"}, "EUR": {"Euro", "Cent"}, "Euro": {"Euro", "Cent"},
		"$": {"Dollar", "Cent"}, "USD": {"Dollar", "Cent"}, "£": {"Pfund", "Pence"}, "CHF": {"Franken", "Rappen"}, "Fr.": {"Franken", "Rappen"}}
	deNumber         = `(\d{1,3}(?:[.\x{00a0}\x{202f}]\d{3})+|\d+)`
	reDeCurrencyPost = regexp.MustCompile(deNumber + `(?:,(\d{2}|-|–))?\s?(€|EUR\b|Euro\b|CHF\b|\$|£)`)
	reDeCurrencyPre  = regexp.MustCompile(`(€|EUR|CHF|Fr\.|\$|£)\s?` + deNumber + `(?:,(\d{2}|-|–))?`)
	reDeTime         = regexp.MustCompile(`\b([01]?\d|2[0-3])[:.]([0-5]\d)(\s?Uhr\b)?`)
	reDeTimeWord     = regexp.MustCompile(`\b(?:um|gegen|ab|bis|Um|Gegen|Ab|Bis) $`)
	reDeDotted       = regexp.MustCompile(`\b(\d+)\.(\d+)\b`)
	reDeHour         = regexp.MustCompile(`\b([01]?\d|2[0-4]) Uhr\b`)
	reDeNumDate      = regexp.MustCompile(`\b(0?[1-9]|[12]\d|3[01])\.\s?(0?[1-9]|1[0-2])\.(?:\s?(\d{4}|\d{2})\b)?`)
	reDeOrdinal      = regexp.MustCompile(`\b(\d{1,4})\. (\p{L}+\.?)`)
	reDeRoman        = regexp.MustCompile(`\b(\p{Lu}\p{Ll}+) ([IVX]{2,}|V|X)(\.?)`)
	reDePercent      = regexp.MustCompile(`(\d+(?:,\d+)?)\s?(%|‰)`)
	reDeDecimal      = regexp.MustCompile(`\b(\d+),(\d+)\b`)
	reDeGrouped      = regexp.MustCompile(`\b\d{1,3}(?:[.\x{00a0}\x{202f}]\d{3})+\b`)
	reDeRange        = regexp.MustCompile(`(\d)\s?–\s?(\d)`)
	reDeAbbrev       = regexp.MustCompile(`(?:^|[\s(„"»])(z\.\s?B\.|d\.\s?h\.|u\.\s?a\.|v\.\s?a\.|o\.\s?Ä\.|u\.\s?Ä\.|v\.\s?Chr\.|n\.\s?Chr\.|usw\.|bzw\.|vgl\.|ggf\.|evtl\.|ca\.|inkl\.|zzgl\.|Nr\.|Dr\.|Prof\.|Hr\.|Fr\.|St\.|Jh\.|Jhd\.|Abb\.|Tel\.|Mio\.|Mrd\.|S\.)`)
)

var deAbbreviations = map[string]string{
	"z.B.": "zum Beispiel", "d.h.": "das heißt", "u.a.": "unter anderem", "v.a.": "vor allem", "o.Ä.": "oder Ähnliches",
	"u.Ä.": "und Ähnliches", "v.Chr.": "vor Christus", "n.Chr.": "nach Christus", "usw.": "und so weiter",
	"bzw.": "beziehungsweise", "vgl.": "vergleiche", "ggf.": "gegebenenfalls", "evtl.": "eventuell", "ca.": "circa",
	"inkl.": "inklusive", "zzgl.": "zuzüglich", "Nr.": "Nummer", "Dr.": "Doktor", "Prof.": "Professor", "Hr.": "Herr",
	"Fr.": "Frau", "St.": "Sankt", "Jh.": "Jahrhundert", "Jhd.": "Jahrhundert", "Abb.": "Abbildung", "Tel.": "Telefon",
	"Mio.": "Millionen", "Mrd.": "Milliarden", "S.": "Seite",
}

// deNeedsFollower lists the short forms that are only read out before what they
// name: "Fr. Weber" is Frau Weber, a lone "Fr." may be a Friday or a franc.
var deNeedsFollower = map[string]string{"Fr.": "upper", "St.": "upper", "Hr.": "upper", "S.": "digit", "Nr.": "digit"}

func normalizeGerman(s string) string {
	if strings.Contains(s, ".") {
		s = deAbbreviationsOut(s)
	}
	if strings.ContainsAny(s, "0123456789") {
		s = deNumbers(s)
	}
	if strings.ContainsAny(s, "IVX") {
		s = replaceGroups(reDeRoman, s, func(g []string) string {
			n, ok := Roman(g[2])
			if !ok {
				return g[0]
			}
			switch g[1] {
			case "Kapitel", "Teil", "Band", "Buch", "Akt", "Szene", "Abschnitt", "Anhang", "Artikel", "Tafel", "Heft":
				return g[1] + " " + GermanCardinal(n) + g[3]
			}
			if g[3] == "" && len(g[2]) == 1 {
				return g[0] // a lone V or X without its full stop is a letter, not a king
			}
			return g[1] + " der " + capitalize(GermanOrdinal(n))
		})
	}
	return s
}

func deAbbreviationsOut(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range reDeAbbrev.FindAllStringSubmatchIndex(s, -1) {
		start, end := m[2], m[3]
		abbr := s[start:end]
		key := strings.ReplaceAll(abbr, " ", "")
		rest := s[end:]
		switch deNeedsFollower[abbr] {
		case "upper":
			if r := firstRune(strings.TrimLeft(rest, " ")); !isUpperRune(r) {
				continue
			}
		case "digit":
			if r := firstRune(strings.TrimLeft(rest, " ")); r < '0' || r > '9' {
				continue
			}
		}
		b.WriteString(s[last:start])
		b.WriteString(deAbbreviations[key])
		if strings.TrimLeft(rest, `"'”’“)]»«`) == "" {
			b.WriteByte('.') // the short form's full stop also ended the sentence
		}
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

func deNumbers(s string) string {
	money := func(whole, cents, sym string) string {
		units := deCurrencySymbols[sym]
		w := atoi(deUngroup(whole))
		c := int64(0)
		if cents != "" && cents != "-" && cents != "–" {
			c = atoi(cents)
		}
		if w == 0 && c > 0 {
			return GermanCardinal(c) + " " + units[1]
		}
		out := deCount(w) + " " + units[0]
		if c > 0 {
			out += " " + GermanCardinal(c)
		}
		return out
	}
	s = replaceGroups(reDeCurrencyPost, s, func(g []string) string {
		return money(g[1], g[2], g[3])
	})
	s = replaceGroups(reDeCurrencyPre, s, func(g []string) string {
		return money(g[2], g[3], g[1])
	})
	s = replaceInContext(reDeNumDate, s, func(s string, m []int) string {
		day, month := atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]])
		ending := deEnding(s[:m[0]])
		if ending == "" {
			ending = "er"
		}
		out := deWithEnding(GermanOrdinal(day), ending) + " " + deMonths[month]
		if m[6] >= 0 {
			y := atoi(s[m[6]:m[7]])
			if m[7]-m[6] == 2 {
				y += 1900
				if y < 1950 {
					y += 100 // "24.12.23": this century
				}
			}
			out += " " + GermanYear(y)
		}
		return out
	})
	s = replaceInContext(reDeTime, s, func(s string, m []int) string {
		g := groupsOf(s, m)
		if g[3] == "" && strings.Contains(g[0], ".") && !reDeTimeWord.MatchString(s[:m[0]]) {
			return g[0] // "3.30" is a time after "um", else a number
		}
		out := deCount(atoi(g[1])) + " Uhr"
		if min := atoi(g[2]); min > 0 {
			out += " " + GermanCardinal(min)
		}
		return out
	})
	s = replaceGroups(reDeHour, s, func(g []string) string {
		return deCount(atoi(g[1])) + " Uhr"
	})
	s = replaceInContext(reDeOrdinal, s, func(s string, m []int) string {
		n, next := atoi(s[m[2]:m[3]]), s[m[4]:m[5]]
		before := s[:m[0]]
		if !germanOrdinal(before, strings.TrimSuffix(next, ".")) {
			return s[m[0]:m[1]]
		}
		if i := deMonthIndex(next); i > 0 {
			next = deMonths[i]
		}
		ending := deEnding(before)
		if ending == "" {
			ending = "e"
			if deMonthIndex(next) > 0 {
				ending = "er"
			}
		}
		return deWithEnding(GermanOrdinal(n), ending) + " " + next
	})
	s = reDeRange.ReplaceAllString(s, "$1 bis $2")
	s = replaceGroups(reDePercent, s, func(g []string) string {
		word := " Prozent"
		if g[2] == "‰" {
			word = " Promille"
		}
		if g[1] == "1" {
			return "ein" + word
		}
		return g[1] + word
	})
	s = replaceGroups(reDeDecimal, s, func(g []string) string {
		digits := make([]string, 0, len(g[2]))
		for _, d := range g[2] {
			digits = append(digits, deOnes[d-'0'])
		}
		return GermanCardinal(atoi(g[1])) + " Komma " + strings.Join(digits, " ")
	})
	s = reDeGrouped.ReplaceAllStringFunc(s, func(m string) string { return GermanCardinal(atoi(deUngroup(m))) })
	s = replaceGroups(reDeDotted, s, func(g []string) string { // "Version 2.5"
		return GermanCardinal(atoi(g[1])) + " Punkt " + GermanCardinal(atoi(g[2]))
	})
	return replaceInContext(reInteger, s, func(s string, m []int) string {
		d := s[m[0]:m[1]]
		if len(d) > 15 || (len(d) > 1 && d[0] == '0') {
			var digits []string // a code or an identifier: digit by digit
			for _, c := range d {
				digits = append(digits, deOnes[c-'0'])
			}
			return strings.Join(digits, " ")
		}
		n := atoi(d)
		if n >= 1100 && n < 2000 {
			return GermanYear(n)
		}
		if n == 1 && isUpperRune(firstRune(strings.TrimLeft(s[m[1]:], " "))) && strings.HasPrefix(s[m[1]:], " ") {
			return "ein" // "1 Buch"
		}
		return GermanCardinal(n)
	})
}

// deCount is a number before what it counts: "ein Euro", "ein Uhr", else the cardinal.
// tail is the end of s that holds the words an ordinal's ending depends on:
// looking further back would make a paragraph of dates quadratic.
func tail(s string) string {
	if len(s) > 64 {
		return s[len(s)-64:] // a broken first rune is in a word never looked at
	}
	return s
}

func deCount(n int64) string {
	if n == 1 {
		return "ein"
	}
	return GermanCardinal(n)
}

func deWithEnding(base, ending string) string {
	return strings.TrimSuffix(base, "e") + ending
}

func deUngroup(s string) string {
	return strings.NewReplacer(".", "", "\u00a0", "", "\u202f", "", " ", "").Replace(s)
}
