package narration

import "strings"

var ones = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
var tens = []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}

// Cardinal spells n in English words: 1234 → "one thousand two hundred thirty-four".
func Cardinal(n int64) string {
	if n < 0 {
		return "minus " + Cardinal(-n)
	}
	if n < 20 {
		return ones[n]
	}
	if n < 100 {
		if n%10 == 0 {
			return tens[n/10]
		}
		return tens[n/10] + "-" + ones[n%10]
	}
	if n < 1000 {
		s := ones[n/100] + " hundred"
		if n%100 != 0 {
			s += " " + Cardinal(n%100)
		}
		return s
	}
	for _, scale := range []struct {
		v    int64
		name string
	}{{1_000_000_000_000, "trillion"}, {1_000_000_000, "billion"}, {1_000_000, "million"}, {1000, "thousand"}} {
		if n >= scale.v {
			s := Cardinal(n/scale.v) + " " + scale.name
			if n%scale.v != 0 {
				s += " " + Cardinal(n%scale.v)
			}
			return s
		}
	}
	return ""
}

var ordinalWords = map[string]string{
	"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
	"nine": "ninth", "twelve": "twelfth",
}

// Ordinal spells n as an English ordinal: 21 → "twenty-first".
func Ordinal(n int64) string {
	c := Cardinal(n)
	cut := max(strings.LastIndexAny(c, " -")+1, 0)
	last := c[cut:]
	switch {
	case ordinalWords[last] != "":
		last = ordinalWords[last]
	case strings.HasSuffix(last, "y"):
		last = strings.TrimSuffix(last, "y") + "ieth"
	default:
		last += "th"
	}
	return c[:cut] + last
}

// Year spells a year the way it is said: 1984 → "nineteen eighty-four",
// 2005 → "two thousand five", 1900 → "nineteen hundred", 2024 → "twenty twenty-four".
func Year(n int64) string {
	switch {
	case n < 1000 || n >= 10000:
		return Cardinal(n)
	case n%1000 < 10 && n/1000 == 2:
		return Cardinal(n) // 2000, 2005
	case n%100 == 0:
		return Cardinal(n/100) + " hundred"
	case n%100 < 10:
		return Cardinal(n/100) + " oh " + Cardinal(n%100)
	}
	return Cardinal(n/100) + " " + Cardinal(n%100)
}

var romanValues = map[byte]int64{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}

// Roman reads a Roman numeral written in canonical form (IV, not IIII); ok is false
// for anything else.
func Roman(s string) (int64, bool) {
	if s == "" || len(s) > 15 {
		return 0, false
	}
	var total int64
	for i := 0; i < len(s); i++ {
		v, ok := romanValues[s[i]]
		if !ok {
			return 0, false
		}
		if i+1 < len(s) && romanValues[s[i+1]] > v {
			total -= v
		} else {
			total += v
		}
	}
	if total <= 0 || total >= 4000 || toRoman(total) != s {
		return 0, false
	}
	return total, true
}

func toRoman(n int64) string {
	vals := []int64{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}
