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

// deEndings are the words before a German ordinal and the ending each gives it:
// the dative and accusative of "am 3. Oktober" (dritten), the nominative of "die 3.
// Runde" (dritte). Articles and their contractions also make "N." an ordinal
// ("am 3. Tag"); prepositions (bis, ab, seit) only give the ending of a date.
var deEndings = map[string]deArticle{}

type deArticle struct {
	ending  string
	article bool // it makes "N." an ordinal ("am 3. Tag"), not just a date's ending
}

func init() {
	for words, a := range map[string]deArticle{
		"am im vom zum beim zur dem den des einem einen eines seinem seinen seines ihrem ihren ihres diesem diesen dieses jedem jeden unserem unseren meinem meinen": {"en", true},
		"bis ab seit ohne": {"en", false},
		"der die das eine diese jede seine ihre meine unsere keine": {"e", true},
		"ein sein kein mein unser":                                  {"es", true}, // "ein 3. Mal"; a masculine noun would want "er"
	} {
		for _, w := range strings.Fields(words) {
			deEndings[w] = a
		}
	}
}

// deDative are the prepositions after which "der" is dative: "in der 3. Runde".
var deDative = map[string]bool{"in": true, "an": true, "auf": true, "aus": true, "bei": true, "mit": true, "nach": true,
	"von": true, "zu": true, "seit": true, "vor": true, "während": true, "wegen": true, "trotz": true, "unter": true, "über": true}

// deWordBefore is the word before a number, looking past a list of ordinals ("am
// 1. und 2. Mai": the article of both is "am"); and the word before that one.
func deWordBefore(before string) (word, previous string) {
	words := strings.Fields(tail(before))
	for len(words) > 0 {
		w := strings.ToLower(strings.Trim(words[len(words)-1], `(„"»«,`))
		if w == "und" || w == "oder" || w == "bis" && len(words) > 1 && reDigitsDot.MatchString(words[len(words)-2]) || reDigitsDot.MatchString(w) {
			words = words[:len(words)-1]
			continue
		}
		if len(words) > 1 {
			previous = strings.ToLower(words[len(words)-2])
		}
		return w, previous
	}
	return "", ""
}

var reDigitsDot = regexp.MustCompile(`^\d{1,4}\.$`)

// deEnding is the ending an ordinal takes after the words before it, "er" for a
// date standing alone ("Berlin, 3. Oktober") and "" when nothing says.
func deEnding(before string) string {
	w, prev := deWordBefore(before)
	if w == "" {
		return "er"
	}
	if w == "der" && deDative[prev] {
		return "en"
	}
	return deEndings[w].ending
}

// deSentenceStarts are words that begin a sentence far more often than they
// follow an ordinal: after "am 10." they start the next sentence ("Er kam am 10.
// Es regnete.").
var deSentenceStarts = map[string]bool{}

func init() {
	for _, w := range strings.Fields("Es Er Sie Ich Wir Ihr Du Man Das Die Der Den Dem Des Ein Eine Dann Doch Aber Und Oder Als Da So Nun Jetzt Heute Gestern Morgen Danach Später Trotzdem Deshalb Denn Auch Noch Wer Was Wie Wo Warum Wann Im Am In An Auf Mit Nach Bei Von Zu Um Für Dieser Diese Dieses Alle Niemand Keiner Hier Dort Plötzlich Schließlich") {
		deSentenceStarts[w] = true
	}
}

// germanOrdinal reports whether, in German, the number before "N." is an ordinal
// given the words around it: a month or a word counted so after it ("3. Oktober",
// "19. Jahrhundert"), or an article before it and a noun after ("am 3. Tag", "der
// 2. Versuch"). Else the full stop ends the sentence: "Er zählte bis 3. Dann lief er."
func germanOrdinal(before, next string) bool {
	if deOrdinalNouns[next] || deMonthIndex(next) > 0 {
		return true
	}
	if deSentenceStarts[next] {
		return false
	}
	w, _ := deWordBefore(before)
	return deEndings[w].article
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
		"$": {"Dollar", "Cent"}, "USD": {"Dollar", "Cent"}, "£": {"Pfund", "Pence"}, "CHF": {"Franken", "Rappen"}}
	deNumber         = `(\d{1,3}(?:[.\x{00a0}\x{202f}]\d{3})+|\d+)`
	reDeCurrencyPost = regexp.MustCompile(deNumber + `(?:,(\d{2}|-|–))?\s?(€|EUR\b|Euro\b|CHF\b|\$|£)`)
	reDeCurrencyPre  = regexp.MustCompile(`(€|EUR|CHF|\$|£)\s?` + deNumber + `(?:[,.](\d{2}|-|–))?`)
	reDeTime         = regexp.MustCompile(`\b([01]?\d|2[0-4])[:.]([0-5]\d)\b(\s?Uhr\b)?`)
	reDeTimeWord     = regexp.MustCompile(`\b(?:um|gegen|ab|bis|Um|Gegen|Ab|Bis) $`)
	reDeDotted       = regexp.MustCompile(`\b(\d+)\.(\d+)\b`)
	reDeHour         = regexp.MustCompile(`\b([01]?\d|2[0-4]) Uhr\b`)
	reDeNumDate      = regexp.MustCompile(`\b(0?[1-9]|[12]\d|3[01])\.\s?(0?[1-9]|1[0-2])\.(?:\s?(\d{4}|\d{2})\b)?`)
	// A date without its year is one only after a word that introduces dates:
	// "Abschnitt 4.2." and "Version 3.2." are not the fourth of February.
	reDeDateWord = regexp.MustCompile(`(?i)\b(?:am|vom|bis|zum|ab|seit|den|dem|der|bis zum|Mo|Di|Mi|Do|Fr|Sa|So|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)\.?,? $`)
	reDeOrdinal  = regexp.MustCompile(`\b(\d{1,4})\. (\p{L}+\.?)`)
	reDeRoman    = regexp.MustCompile(`\b(\p{Lu}\p{Ll}+) ([IVX]{2,}|V|X)\b(\.?)`)
	reDePercent  = regexp.MustCompile(`(\d+(?:,\d+)?)\s?(%|‰)`)
	reDeDecimal  = regexp.MustCompile(`\b` + deNumber + `,(\d+)\b`)
	reDeGrouped  = regexp.MustCompile(`\b\d{1,3}(?:[.\x{00a0}\x{202f}]\d{3})+\b`)
	reDeRange    = regexp.MustCompile(`(\d)\s?–\s?(\d)`)
	reDeAbbrev   = regexp.MustCompile(`(?:^|[\s(„"»–-])(z\.\s?B\.|d\.\s?h\.|u\.\s?a\.|v\.\s?a\.|o\.\s?Ä\.|u\.\s?Ä\.|v\.\s?Chr\.|n\.\s?Chr\.|usw\.|bzw\.|vgl\.|ggf\.|evtl\.|ca\.|inkl\.|zzgl\.|Nr\.|Dr\.|Prof\.|Hr\.|Fr\.|St\.|Jh\.|Jhd\.|Abb\.|Tel\.|Mio\.|Mrd\.|S\.|Mo\.|Di\.|Mi\.|Do\.|Sa\.|So\.)`)
)

var deAbbreviations = map[string]string{
	"z.B.": "zum Beispiel", "d.h.": "das heißt", "u.a.": "unter anderem", "v.a.": "vor allem", "o.Ä.": "oder Ähnliches",
	"u.Ä.": "und Ähnliches", "v.Chr.": "vor Christus", "n.Chr.": "nach Christus", "usw.": "und so weiter",
	"bzw.": "beziehungsweise", "vgl.": "vergleiche", "ggf.": "gegebenenfalls", "evtl.": "eventuell", "ca.": "circa",
	"inkl.": "inklusive", "zzgl.": "zuzüglich", "Nr.": "Nummer", "Dr.": "Doktor", "Prof.": "Professor", "Hr.": "Herr",
	"Fr.": "Frau", "St.": "Sankt", "Jh.": "Jahrhundert", "Jhd.": "Jahrhundert", "Abb.": "Abbildung", "Tel.": "Telefon",
	"Mio.": "Millionen", "Mrd.": "Milliarden", "S.": "Seite",
	"Mo.": "Montag", "Di.": "Dienstag", "Mi.": "Mittwoch", "Do.": "Donnerstag", "Sa.": "Samstag", "So.": "Sonntag",
}

// deWeekdays are read as days only where a day is meant: in a range ("Mo.–Fr.") or
// before a time or a date ("Fr. 10 Uhr"); "Fr. Weber" is Frau Weber.
var deWeekdays = map[string]string{"Mo.": "Montag", "Di.": "Dienstag", "Mi.": "Mittwoch", "Do.": "Donnerstag",
	"Fr.": "Freitag", "Sa.": "Samstag", "So.": "Sonntag"}

// deNeedsFollower lists the short forms that are only read out before what they
// name: "Fr. Weber" is Frau Weber, a lone "Fr." may be a Friday or a franc.
var deNeedsFollower = map[string]string{"Fr.": "upper", "St.": "upper", "Hr.": "upper", "S.": "digit", "Nr.": "digit",
	"Mo.": "day", "Di.": "day", "Mi.": "day", "Do.": "day", "Sa.": "day", "So.": "day"}

func normalizeGerman(s string) string {
	if strings.Contains(s, ".") {
		s = deAbbreviationsOut(s)
	}
	if strings.ContainsAny(s, "0123456789") {
		s = deNumbers(s)
	}
	if strings.ContainsAny(s, "IVX") {
		s = replaceInContext(reDeRoman, s, func(s string, m []int) string {
			g := groupsOf(s, m)
			n, ok := Roman(g[2])
			if !ok {
				return g[0]
			}
			if deRomanCounted[g[1]] {
				return g[1] + " " + GermanCardinal(n) + g[3]
			}
			if g[3] == "" && len(g[2]) == 1 {
				return g[0] // a lone V or X without its full stop is a letter, not a king
			}
			article, ending := " der ", "e"
			if w, _ := deWordBefore(s[:m[0]]); deDative[w] || w == "vom" || w == "zum" || w == "beim" {
				article, ending = " dem ", "en" // "von Ludwig XIV.": dem Vierzehnten
			}
			out := g[1] + article + capitalize(deWithEnding(GermanOrdinal(n), ending))
			if g[3] != "" && endsText(s[m[1]:]) {
				out += "." // the numeral's full stop also ended the sentence
			}
			return out
		})
	}
	return s
}

// deRomanCounted are the words a Roman numeral counts, read as a cardinal:
// "Kapitel IV" is Kapitel vier, "Typ II" Typ zwei; after a name it is a regnal
// number ("Ludwig XIV." is Ludwig der Vierzehnte).
var deRomanCounted = map[string]bool{}

func init() {
	for _, w := range strings.Fields("Kapitel Teil Band Buch Akt Szene Abschnitt Anhang Artikel Tafel Heft Typ Phase Stufe Klasse Liga Gruppe Level Grad Kategorie Modell Version Nummer Paragraph Absatz Staffel Folge Runde Zone Tome Kurs Jahrgang Sektion Bezirk Division Armee Korps Klasse Etappe Akt Lektion Übung Aufgabe Tabelle Abbildung") {
		deRomanCounted[w] = true
	}
}

// endsText reports whether nothing but closing punctuation follows.
func endsText(rest string) bool { return strings.TrimLeft(rest, `"'”’“)]»« `) == "" }

func deAbbreviationsOut(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range reDeAbbrev.FindAllStringSubmatchIndex(s, -1) {
		start, end := m[2], m[3]
		abbr := s[start:end]
		key := strings.ReplaceAll(abbr, " ", "")
		rest := s[end:]
		next := firstRune(strings.TrimLeft(rest, " "))
		day := deWeekdays[abbr] != "" && (next >= '0' && next <= '9' || next == '–' || next == '-' ||
			strings.HasSuffix(strings.TrimRight(s[:start], " "), "–") || strings.HasSuffix(strings.TrimRight(s[:start], " "), "-"))
		if day {
			b.WriteString(s[last:start])
			b.WriteString(deWeekdays[abbr])
			last = end
			continue
		}
		switch deNeedsFollower[abbr] {
		case "day":
			continue
		case "upper":
			if !isUpperRune(next) {
				continue
			}
		case "digit":
			if next < '0' || next > '9' {
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
		w := atoi(ungroup(whole))
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
	s = reDeRange.ReplaceAllString(s, "$1 bis $2")
	s = replaceGroups(reDeCurrencyPost, s, func(g []string) string {
		return money(g[1], g[2], g[3])
	})
	s = replaceGroups(reDeCurrencyPre, s, func(g []string) string {
		return money(g[2], g[3], g[1])
	})
	s = replaceInContext(reDeNumDate, s, func(s string, m []int) string {
		if m[6] < 0 && !reDeDateWord.MatchString(s[:m[0]]) {
			return s[m[0]:m[1]]
		}
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
		} else if endsText(s[m[1]:]) {
			out += "." // "bis zum 1.5.": the date's full stop also ends the sentence
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
		stop := ""
		if strings.HasSuffix(next, ".") {
			word := strings.TrimSuffix(next, ".")
			if i := deMonthIndex(word); !(i > 0 && word != deMonths[i]) || endsText(s[m[1]:]) {
				stop = "." // a full word's stop is the sentence's, and so is an abbreviation's at the end
			}
			next = word
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
		return deWithEnding(GermanOrdinal(n), ending) + " " + next + stop
	})
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
		return GermanCardinal(atoi(ungroup(g[1]))) + " Komma " + strings.Join(digits, " ")
	})
	s = reDeGrouped.ReplaceAllStringFunc(s, func(m string) string { return GermanCardinal(atoi(ungroup(m))) })
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
			w, _ := deWordBefore(s[:m[0]])
			switch dative, feminine := deDative[w], deFeminine(firstWord(s[m[1]:])); {
			case dative && feminine:
				return "einer" // "nach 1 Stunde"
			case dative:
				return "einem"
			case feminine:
				return "eine" // "1 Stunde"
			}
			return "ein" // "1 Buch"
		}
		return GermanCardinal(n)
	})
}

// deFeminine guesses from its ending whether a noun is feminine: -e, -ung, -heit,
// -keit, -schaft, -ion, -tät (most are; "der Junge" is not).
func deFeminine(noun string) bool {
	for _, end := range []string{"ung", "heit", "keit", "schaft", "ion", "tät", "ei", "e"} {
		if strings.HasSuffix(noun, end) {
			return true
		}
	}
	return false
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

// ungroup takes the thousands separators out of a number: "1.000", "1 000".
func ungroup(s string) string {
	return strings.NewReplacer(".", "", "\u00a0", "", "\u202f", "", " ", "").Replace(s)
}
