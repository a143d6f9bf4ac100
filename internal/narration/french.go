package narration

import (
	"regexp"
	"strings"
	"unicode"
)

// French numbers are read as French speakers say them: "le 1er mai" is "le premier
// mai", "XIXe siècle" "dix-neuvième siècle", "Louis XIV" "Louis Quatorze", "12,50 €"
// "douze euros cinquante", "14 h 30" "quatorze heures trente". Belgian and Swiss
// French count "septante" and "nonante".

var (
	frOnes = []string{"zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
		"onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"}
	frTens   = []string{"", "", "vingt", "trente", "quarante", "cinquante", "soixante"}
	frMonths = []string{"", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
)

// FrenchCardinal spells n in French words (the 1990 spelling, hyphens throughout
// below a hundred): 71 → "soixante et onze", 80 → "quatre-vingts", 200 → "deux cents".
// belgian uses septante and nonante, as Belgium and Switzerland do.
func FrenchCardinal(n int64, belgian bool) string {
	if n < 0 {
		return "moins " + FrenchCardinal(-n, belgian)
	}
	return frCardinal(n, belgian, true)
}

// frCardinal spells n; final says whether nothing follows it, which decides the
// plural "s" of "quatre-vingts" and "deux cents" ("quatre-vingt mille").
func frCardinal(n int64, belgian, final bool) string {
	switch {
	case n < 20:
		return frOnes[n]
	case n < 100:
		return frTens99(n, belgian, final)
	case n < 1000:
		s := "cent"
		if n/100 > 1 {
			s = frOnes[n/100] + " cent"
			if n%100 == 0 && final {
				s += "s"
			}
		}
		if n%100 != 0 {
			s += " " + frCardinal(n%100, belgian, final)
		}
		return s
	case n < 1_000_000:
		s := "mille"
		if n/1000 > 1 {
			s = frCardinal(n/1000, belgian, false) + " mille"
		}
		if n%1000 != 0 {
			s += " " + frCardinal(n%1000, belgian, final)
		}
		return s
	}
	for _, scale := range []struct {
		v    int64
		name string
	}{{1_000_000_000_000, "billion"}, {1_000_000_000, "milliard"}, {1_000_000, "million"}} {
		if n >= scale.v {
			q := n / scale.v
			s := frCardinal(q, belgian, true) + " " + scale.name
			if q > 1 {
				s += "s"
			}
			if n%scale.v != 0 {
				s += " " + frCardinal(n%scale.v, belgian, final)
			}
			return s
		}
	}
	return ""
}

func frTens99(n int64, belgian, final bool) string {
	t, u := n/10, n%10
	switch {
	case t <= 6 || (belgian && (t == 7 || t == 9)):
		name := frTens[min(t, 6)]
		if t == 7 {
			name = "septante"
		} else if t == 9 {
			name = "nonante"
		}
		switch u {
		case 0:
			return name
		case 1:
			return name + " et un"
		}
		return name + "-" + frOnes[u]
	case t == 7: // soixante-dix, soixante et onze, soixante-douze
		if u == 1 {
			return "soixante et onze"
		}
		return "soixante-" + frOnes[10+u]
	case t == 8:
		if u == 0 {
			if final {
				return "quatre-vingts"
			}
			return "quatre-vingt"
		}
		return "quatre-vingt-" + frOnes[u]
	default: // 90–99
		return "quatre-vingt-" + frOnes[10+u]
	}
}

// FrenchOrdinal spells n as an ordinal: 1 → "premier", 21 → "vingt et unième",
// 80 → "quatre-vingtième"; feminine gives "première".
func FrenchOrdinal(n int64, feminine, belgian bool) string {
	if n == 1 {
		if feminine {
			return "première"
		}
		return "premier"
	}
	c := FrenchCardinal(n, belgian)
	cut := strings.LastIndexAny(c, " -") + 1
	last := c[cut:]
	switch last {
	case "cinq":
		last = "cinquième"
	case "neuf":
		last = "neuvième"
	case "vingts", "cents":
		last = strings.TrimSuffix(last, "s") + "ième"
	case "un":
		last = "unième"
	default:
		last = strings.TrimSuffix(last, "e") + "ième"
	}
	return c[:cut] + last
}

var (
	frCurrencies = map[string][3]string{"€": {"euro", "euros", "centimes"}, "EUR": {"euro", "euros", "centimes"},
		"euros": {"euro", "euros", "centimes"}, "euro": {"euro", "euros", "centimes"}, "$": {"dollar", "dollars", "cents"},
		"USD": {"dollar", "dollars", "cents"}, "£": {"livre", "livres", "pence"}, "CHF": {"franc", "francs", "centimes"},
		"francs": {"franc", "francs", "centimes"}}
	frNumber       = `(\d{1,3}(?:[ .\x{00a0}\x{202f}]\d{3})+|\d+)`
	reFrCurrency   = regexp.MustCompile(frNumber + `(?:,(\d{2}))?\s?(€|EUR\b|euros?\b|CHF\b|francs\b|\$|£)`)
	reFrCurrencyPr = regexp.MustCompile(`(\$|£|USD|CHF)\s?` + frNumber + `(?:[.,](\d{2}))?`)
	reFrTime       = regexp.MustCompile(`\b([01]?\d|2[0-4])\s?(?:h|H|:)(?:\s?([0-5]\d))?\b`)
	reFrNumDate    = regexp.MustCompile(`\b(0?[1-9]|[12]\d|3[01])/(0?[1-9]|1[0-2])(?:/(\d{4}))?\b`)
	// An ordinal: "1er", "1re", "2e", "2ème", "2nd", "XIXe", "XIXᵉ" (the suffix may be
	// written as superscript letters).
	reFrOrdinal     = regexp.MustCompile(`\b(\d{1,6}|[IVXLC]+)(ers?|res?|ères?|ᵉʳ|ʳᵉ|èmes?|iè?mes?|emes?|es?|ᵉˢ|ᵉ|nde?s?)(?:$|[^\p{L}\p{N}])`)
	reFrRoman       = regexp.MustCompile(`\b(\p{Lu}[\p{Ll}-]+) ([IVX]{2,}|V|X)\b`)
	reFrPercent     = regexp.MustCompile(`(\d+(?:,\d+)?)[\s\x{00a0}\x{202f}]?%`)
	reFrDecimal     = regexp.MustCompile(`\b(\d+),(\d+)\b`)
	reFrGrouped     = regexp.MustCompile(`\b\d{1,3}(?:[ \x{00a0}\x{202f}]\d{3})+\b|\b\d{1,3}(?:\.\d{3})+\b`)
	reFrRange       = regexp.MustCompile(`(\d)\s?–\s?(\d)|\b(1[0-9]\d\d|20\d\d)-(1[0-9]\d\d|20\d\d)\b`)
	reFrNumero      = regexp.MustCompile(`(?:\b[Nn]o|[Nn]°|[Nn]º)\s?(\d)`)
	reFrAbbrev      = regexp.MustCompile(`(?:^|[\s(«"])(MM\.|M\.|Mmes|Mme|Mlles|Mlle|Dr|Pr|Me|Ste|St|p\.\s?ex\.|c\.-à-d\.|etc\.|av\.\s?J\.-C\.|apr\.\s?J\.-C\.|tél\.|env\.|cf\.|vol\.|chap\.)`)
	frAbbreviations = map[string]string{"M.": "Monsieur", "MM.": "Messieurs", "Mme": "Madame", "Mmes": "Mesdames",
		"Mlle": "Mademoiselle", "Mlles": "Mesdemoiselles", "Dr": "Docteur", "Pr": "Professeur", "Me": "Maître",
		"St": "Saint", "Ste": "Sainte", "p.ex.": "par exemple", "c.-à-d.": "c'est-à-dire", "etc.": "et cetera",
		"av.J.-C.": "avant Jésus-Christ", "apr.J.-C.": "après Jésus-Christ", "tél.": "téléphone", "env.": "environ",
		"cf.": "voir", "vol.": "volume", "chap.": "chapitre"}
	// frTitles are read only before the name they stand for: "Me" is also a pronoun.
	frTitles = map[string]bool{"M.": true, "MM.": true, "Mme": true, "Mmes": true, "Mlle": true, "Mlles": true,
		"Dr": true, "Pr": true, "Me": true, "St": true, "Ste": true}
)

func normalizeFrench(s string) string { return frNormalize(s, false) }

// normalizeFrenchBelgian is French as Belgium and Switzerland count.
func normalizeFrenchBelgian(s string) string { return frNormalize(s, true) }

func frNormalize(s string, belgian bool) string {
	card := func(n int64) string { return FrenchCardinal(n, belgian) }
	s = frAbbreviationsOut(s)
	if !strings.ContainsAny(s, "0123456789IVXLC") {
		return s
	}
	money := func(whole, cents, sym string) string {
		u := frCurrencies[sym]
		w := atoi(ungroup(whole))
		c := int64(0)
		if cents != "" {
			c = atoi(cents)
		}
		if w == 0 && c > 0 {
			return card(c) + " " + u[2]
		}
		unit := u[1]
		switch {
		case w == 1:
			unit = u[0]
		case w >= 1_000_000 && w%1_000_000 == 0:
			unit = "d'" + u[1] // "deux millions d'euros"
			if !strings.ContainsAny(u[1][:1], "aeiouéè") {
				unit = "de " + u[1]
			}
		}
		out := card(w) + " " + unit
		if c > 0 {
			out += " " + card(c)
		}
		return out
	}
	s = replaceGroups(reFrCurrency, s, func(g []string) string {
		return money(g[1], g[2], g[3])
	})
	s = replaceGroups(reFrCurrencyPr, s, func(g []string) string {
		return money(g[2], g[3], g[1])
	})
	s = replaceGroups(reFrNumDate, s, func(g []string) string {
		day := card(atoi(g[1]))
		if atoi(g[1]) == 1 {
			day = "premier"
		}
		if g[3] == "" {
			return day + " " + frMonths[atoi(g[2])] // "14/07"
		}
		return day + " " + frMonths[atoi(g[2])] + " " + card(atoi(g[3]))
	})
	s = replaceGroups(reFrTime, s, func(g []string) string {
		if !strings.ContainsAny(g[0], "hH") && g[2] == "" {
			return g[0]
		}
		h := atoi(g[1])
		out := card(h) + " heures"
		if h == 1 {
			out = "une heure"
		} else if h == 21 {
			out = "vingt et une heures"
		}
		if g[2] != "" && atoi(g[2]) > 0 {
			out += " " + card(atoi(g[2]))
		}
		return out
	})
	s = replaceInContext(reFrOrdinal, s, func(s string, m []int) string {
		num, suffix, tail := s[m[2]:m[3]], s[m[4]:m[5]], s[m[5]:m[1]]
		n, ok := int64(0), true
		if num[0] >= '0' && num[0] <= '9' {
			n = atoi(num)
		} else if n, ok = Roman(num); !ok || num == "L" || num == "C" {
			return s[m[0]:m[1]] // "Le", "Ces": words, not the fiftieth
		}
		base := strings.TrimSuffix(suffix, "s")
		if base == "ᵉˢ" {
			base = "ᵉ"
		}
		var word string
		switch base {
		case "er", "ᵉʳ", "re", "ère", "ʳᵉ": // premier, première
			if n != 1 {
				return s[m[0]:m[1]]
			}
			word = FrenchOrdinal(1, base != "er" && base != "ᵉʳ", belgian)
		case "nd", "nde": // second, seconde
			if n != 2 {
				return s[m[0]:m[1]]
			}
			word = "second"
			if base == "nde" {
				word = "seconde"
			}
		default:
			if n == 1 {
				return s[m[0]:m[1]] // "1e" is not how French writes "premier"
			}
			word = FrenchOrdinal(n, false, belgian)
		}
		if strings.HasSuffix(suffix, "s") && !strings.HasSuffix(word, "s") {
			word += "s"
		}
		if num == "I" && len(s[:m[0]]) > 0 {
			// "François Ier" is François Premier, a regnal name.
			if before := strings.TrimRight(s[:m[0]], " "); before != "" && unicode.IsUpper(firstRune(lastField(before))) {
				word = capitalize(word)
			}
		}
		return word + tail
	})
	s = replaceGroups(reFrRoman, s, func(g []string) string {
		if n, ok := Roman(g[2]); ok {
			return g[1] + " " + capitalize(card(n)) // Louis Quatorze, Chapitre Quatre
		}
		return g[0]
	})
	s = replaceGroups(reFrRange, s, func(g []string) string {
		if g[1] != "" {
			return g[1] + " à " + g[2]
		}
		return g[3] + " à " + g[4] // "1914-1918"
	})
	s = reFrPercent.ReplaceAllString(s, "$1 pour cent")
	s = replaceGroups(reFrDecimal, s, func(g []string) string {
		frac := g[2]
		var lead []string
		for len(frac) > 1 && frac[0] == '0' {
			lead = append(lead, "zéro")
			frac = frac[1:]
		}
		out := card(atoi(g[1])) + " virgule "
		if len(lead) > 0 {
			out += strings.Join(lead, " ") + " "
		}
		if len(frac) > 3 { // a long fraction is read digit by digit
			var d []string
			for _, c := range frac {
				d = append(d, frOnes[c-'0'])
			}
			return out + strings.Join(d, " ")
		}
		return out + card(atoi(frac))
	})
	s = reFrGrouped.ReplaceAllStringFunc(s, func(m string) string { return card(atoi(ungroup(m))) })
	return reInteger.ReplaceAllStringFunc(s, func(d string) string {
		if len(d) > 15 || (len(d) > 1 && d[0] == '0') {
			var digits []string // a code or a telephone number: digit by digit
			for _, c := range d {
				digits = append(digits, frOnes[c-'0'])
			}
			return strings.Join(digits, " ")
		}
		return card(atoi(d))
	})
}

func frAbbreviationsOut(s string) string {
	if strings.ContainsAny(s, "0123456789") {
		s = reFrNumero.ReplaceAllString(s, "numéro $1")
	}
	var b strings.Builder
	last := 0
	for _, m := range reFrAbbrev.FindAllStringSubmatchIndex(s, -1) {
		start, end := m[2], m[3]
		abbr := s[start:end]
		rest := s[end:]
		if r := firstRune(rest); unicode.IsLetter(r) || r == '\'' {
			continue // "Mmes" inside a longer word, "St" in "Stade"
		}
		if t := strings.TrimLeft(rest, " \u00a0-"); frTitles[abbr] && (len(t) == len(rest) || !unicode.IsUpper(firstRune(t))) {
			continue // a title only before the name it stands for
		}
		b.WriteString(s[last:start])
		b.WriteString(frAbbreviations[strings.ReplaceAll(abbr, " ", "")])
		if strings.HasSuffix(abbr, ".") && strings.TrimLeft(rest, `"'”’)]»  `) == "" {
			b.WriteByte('.')
		}
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

func lastField(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}
