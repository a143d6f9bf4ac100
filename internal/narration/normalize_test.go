package narration_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"readback/internal/narration"
)

func TestNumbers(t *testing.T) {
	cases := []struct {
		n               int64
		card, ord, year string
	}{
		{0, "zero", "zeroth", "zero"},
		{1, "one", "first", "one"},
		{12, "twelve", "twelfth", "twelve"},
		{21, "twenty-one", "twenty-first", "twenty-one"},
		{40, "forty", "fortieth", "forty"},
		{103, "one hundred three", "one hundred third", "one hundred three"},
		{1066, "one thousand sixty-six", "one thousand sixty-sixth", "ten sixty-six"},
		{1900, "one thousand nine hundred", "one thousand nine hundredth", "nineteen hundred"},
		{1905, "one thousand nine hundred five", "one thousand nine hundred fifth", "nineteen oh five"},
		{1984, "one thousand nine hundred eighty-four", "one thousand nine hundred eighty-fourth", "nineteen eighty-four"},
		{2000, "two thousand", "two thousandth", "two thousand"},
		{2008, "two thousand eight", "two thousand eighth", "two thousand eight"},
		{2024, "two thousand twenty-four", "two thousand twenty-fourth", "twenty twenty-four"},
		{1234567, "one million two hundred thirty-four thousand five hundred sixty-seven", "one million two hundred thirty-four thousand five hundred sixty-seventh", "one million two hundred thirty-four thousand five hundred sixty-seven"},
	}
	for _, tc := range cases {
		if got := narration.Cardinal(tc.n); got != tc.card {
			t.Errorf("Cardinal(%d) = %q, want %q", tc.n, got, tc.card)
		}
		if got := narration.Ordinal(tc.n); got != tc.ord {
			t.Errorf("Ordinal(%d) = %q, want %q", tc.n, got, tc.ord)
		}
		if got := narration.Year(tc.n); got != tc.year {
			t.Errorf("Year(%d) = %q, want %q", tc.n, got, tc.year)
		}
	}
	for s, want := range map[string]int64{"IV": 4, "VIII": 8, "XIV": 14, "MCMLXXXIV": 1984, "IIII": 0, "VX": 0, "": 0, "ABC": 0} {
		got, ok := narration.Roman(s)
		if ok != (want > 0) || got != want {
			t.Errorf("Roman(%q) = %d, %v", s, got, ok)
		}
	}
}

func TestNormalizeEnglish(t *testing.T) {
	cases := []struct{ in, want string }{
		{"It cost $5.50 and £3.", "It cost five dollars and fifty cents and three pounds."},
		{"A single $1 coin, €1,200 in all.", "A single one dollar coin, one thousand two hundred euros in all."},
		{"We met at 3:30 p.m. and left at 10:05.", "We met at three thirty p m and left at ten oh five."},
		{"The storm came at 3.30 in the morning.", "The storm came at three thirty in the morning."},
		{"The ferry leaves 9.05 pm sharp, until 11.45.", "The ferry leaves nine oh five p m sharp, until eleven forty-five."},
		{"Pi is about 3.14 and 2.50 is a price.", "Pi is about three point one four and two point five zero is a price."},
		{"Be there at 9:00.", "Be there at nine o'clock."},
		{"Born 1984-03-15 in Cork.", "Born March fifteenth, nineteen eighty-four in Cork."},
		{"On March 3rd the 21st guest came.", "On March third the twenty-first guest came."},
		{"On March 3, 1998 it snowed; on 3 March 1998 too.", "On March third, nineteen ninety-eight it snowed; on the third of March nineteen ninety-eight too."},
		{"By the 21st of June, 2004, and in May 1805, 2 May.", "By the twenty-first of June, two thousand four, and in May eighteen oh five, the second of May."},
		{"Letters of March, 1916 and December 31st 1999.", "Letters of March, nineteen sixteen and December thirty-first nineteen ninety-nine."},
		{"The 4th of July.", "The fourth of July."},
		{"World War II ended; Henry VIII had six wives.", "World War two ended; Henry the Eighth had six wives."},
		{"Chapter IV begins. Louis XIV was king.", "Chapter four begins. Louis the Fourteenth was king."},
		{"Then I went home.", "Then I went home."},
		{"In 1984 there were 1984 pages.", "In nineteen eighty-four there were one thousand nine hundred eighty-four pages."},
		{"Pi is 3.14, about 95% sure.", "Pi is three point one four, about ninety-five percent sure."},
		{"Dr. Reyes met Mr. Hall at St. Paul's, No. 10.", "Doctor Reyes met Mister Hall at Saint Paul's, number ten."},
		{"Fruit, e.g. apples, etc.", "Fruit, for example apples, et cetera."},
		{"Pears, plums, etc. are ripe.", "Pears, plums, et cetera are ripe."},
		{"(Pears, plums, etc.)", "(Pears, plums, et cetera.)"},
		{`She said "cats vs. dogs, i.e.`, `She said "cats versus dogs, that is.`},
		{"Call 0800123456 now.", "Call zero eight zero zero one two three four five six now."},
		{"No. Never.", "No. Never."},
		{"Plain words stay.", "Plain words stay."},
		{"https://example.com/autolink is skipped.", "example.com is skipped."},
		{"See www.gutenberg.org/ebooks/1342, then https://user:pw@docs.example.org:8080/a?b=c#d.", "See gutenberg.org, then docs.example.org."},
		{"(http://example.com/x)", "(example.com)"},
	}
	for _, tc := range cases {
		if got := narration.Normalize("en-GB", tc.in); got != tc.want {
			t.Errorf("Normalize(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
	if got := narration.Normalize("es", "Cuesta 5 euros."); got != "Cuesta 5 euros." {
		t.Errorf("a language without rules changed: %q", got)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"$1,000.50 at 3:30 p.m. on 2024-01-31", "Henry VIII, Chapter XIV, No. 5", "1st 22nd 103rd 99% 3.14159", strings.Repeat("9", 40), "XIV — The Storm", "at 9.05 pm", "am 3. Oktober 1990 um 14:30 Uhr, 12,50 €", "le 1er mai, XIXe siècle, 3 500 €, 14 h 30", "1ᵉʳ 2ᵉ Iʳᵉ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, lang := range []string{"en", "de", "fr", "fr-CH"} {
			out := narration.Normalize(lang, s)
			if utf8.ValidString(s) && !utf8.ValidString(out) {
				t.Fatalf("Normalize(%s, %q) = %q is not UTF-8", lang, s, out)
			}
		}
		if h := narration.NormalizeHeading("en", s); utf8.ValidString(s) && !utf8.ValidString(h) {
			t.Fatalf("NormalizeHeading(%q) = %q is not UTF-8", s, h)
		}
	})
}

func TestNormalizeHeading(t *testing.T) {
	for in, want := range map[string]string{
		"IV":                 "Four",
		"XII":                "Twelve",
		"II. The Return":     "Two. The Return",
		"III: Storm":         "Three. Storm",
		"I":                  "One",
		"IX — The Lamp":      "Nine. The Lamp",
		"I Remember the Sea": "I Remember the Sea",
		"MIX":                "MIX",
		"Chapter IV":         "Chapter four",
		"The Keeper of 1899": "The Keeper of eighteen ninety-nine",
	} {
		if got := narration.NormalizeHeading("en", in); got != want {
			t.Errorf("NormalizeHeading(%q) = %q, want %q", in, got, want)
		}
	}
	if got := narration.NormalizeHeading("es", "IV"); got != "IV" {
		t.Errorf("Spanish heading: %q", got)
	}
}
