package document

import (
	"fmt"
	"testing"

	"readback/internal/pdftext"
)

// A word a line end broke is joined unless the document itself says the hyphen
// belongs to it (it spells the word so elsewhere) or the second half is a name.
func TestJoinWords(t *testing.T) {
	j := string(pdftext.Join)
	words := map[string]int{"non-record": 2, "well-known": 1, "manipulation": 1}
	cases := []struct{ in, want string }{
		{"manip" + j + "ulation of data", "manipulation of data"},
		{"a non" + j + "record entry", "a non-record entry"},
		{"a well" + j + "known name", "a well-known name"},
		{"the pre" + j + "English text", "the pre-English text"},
		{"swing" + j + "ing lantern", "swinging lantern"},
		{"up to 1990" + j + "1995", "up to 1990-1995"},
	}
	for _, c := range cases {
		if got := joinWords(c.in, words); got != c.want {
			t.Errorf("joinWords(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Running heads that carry the page's number are dropped even though their words
// change with the chapter; a chapter's own heading at the top of its page is kept.
func TestRunningHeadsWithPageNumbers(t *testing.T) {
	line := func(y, size float64, s string) pdfLine { return pdfLine{y: y, size: size, text: s} }
	pages := [][]pdfLine{
		{line(700, 20, "Chapter 1"), line(600, 11, "Text one."), line(40, 11, "1")},
		{line(750, 11, "2 CHAPTER 1. THE ARRIVAL"), line(700, 11, "Text two.")},
		{line(700, 20, "Chapter 2"), line(600, 11, "Text three."), line(40, 11, "3")},
		{line(750, 11, "4 CHAPTER 2. THE STORM"), line(700, 11, "Text four.")},
		{line(750, 11, "SECTION 2.1. RAIN 5"), line(700, 11, "Text five.")},
	}
	dropRunningLines(pages, 11)
	var got []string
	for _, p := range pages {
		for _, l := range p {
			got = append(got, l.text)
		}
	}
	want := "Chapter 1|Text one.|Text two.|Chapter 2|Text three.|Text four.|Text five."
	if s := join(got); s != want {
		t.Fatalf("kept %s\nwant %s", s, want)
	}
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += "|"
		}
		out += x
	}
	return out
}

// What is not a running head stays: footnotes numbered like the pages, a line
// that happens to end in a number, a word that looks like a Roman numeral. Only the
// page numbers go.
func TestRunningHeadsKeepTheBody(t *testing.T) {
	for _, numbered := range []bool{true, false} {
		line := func(y, size float64, s string) pdfLine { return pdfLine{y: y, size: size, text: s} }
		words := []string{"first", "second", "third", "fourth", "fifth", "sixth"}
		var pages [][]pdfLine
		for i := range 6 {
			p := []pdfLine{line(750, 11, "The "+words[i]+" page begins here."), line(700, 11, "Its text goes on, "+words[i]+" of all.")}
			if i == 4 || i == 5 {
				// Numbered one less than the page: two pages that agree on an offset.
				p = append(p, line(60, 8, fmt.Sprintf("%d A footnote of the %s page.", i-1, words[i])))
			}
			if numbered {
				p = append(p, line(40, 11, fmt.Sprint(i+1)))
			}
			pages = append(pages, p)
		}
		pages[2] = []pdfLine{line(750, 11, "Mild"), line(700, 11, "weather, said the keeper in 1987")}
		dropRunningLines(pages, 11)
		var got []string
		for _, p := range pages {
			for _, l := range p {
				got = append(got, l.text)
			}
		}
		want := "The first page begins here.|Its text goes on, first of all.|The second page begins here.|Its text goes on, second of all.|" +
			"Mild|weather, said the keeper in 1987|The fourth page begins here.|Its text goes on, fourth of all.|" +
			"The fifth page begins here.|Its text goes on, fifth of all.|3 A footnote of the fifth page.|" +
			"The sixth page begins here.|Its text goes on, sixth of all.|4 A footnote of the sixth page."
		if s := join(got); s != want {
			t.Fatalf("page numbers %v: kept %s\nwant %s", numbered, s, want)
		}
	}
}

// A line that only starts in bold ("Theorem 1." and the rest) is body text; a bold
// heading set over two lines is one heading.
func TestBoldHeadings(t *testing.T) {
	runIn := pdfLine{y: 700, size: 11, weight: 700, font: "Times-Bold", lastWeight: 400, lastFont: "Times-Roman", text: "Theorem 1. Every keeper keeps a ledger of"}
	body := pdfLine{y: 686, size: 11, weight: 400, font: "Times-Roman", lastWeight: 400, lastFont: "Times-Roman", text: "the vessels that enter after dark."}
	if end := boldHeading([]pdfLine{runIn, body}, 0, 11, 400, 14, nil); end != 0 {
		t.Fatal("a bold lead-in was taken for a heading")
	}
	h1 := pdfLine{y: 700, size: 11, weight: 700, font: "Times-Bold", lastWeight: 700, lastFont: "Times-Bold", text: "What the Harbour Master"}
	h2 := pdfLine{y: 686, size: 11, weight: 700, font: "Times-Bold", lastWeight: 700, lastFont: "Times-Bold", text: "Wrote in the Margin"}
	next := pdfLine{y: 660, size: 11, weight: 400, font: "Times-Roman", lastWeight: 400, lastFont: "Times-Roman", text: "Nothing, that night."}
	lines := []pdfLine{h1, h2, next}
	if end := boldHeading(lines, 0, 11, 400, 14, nil); end != 2 || joinLines(lines[:end]) != "What the Harbour Master Wrote in the Margin" {
		t.Fatalf("end %d", end)
	}
}

// Footnotes: a mark is a number that does not run on into more digits, and a call
// is a mark after a word in lower case or after punctuation, never inside a name
// like CO2.
func TestFootnoteMarksAndCalls(t *testing.T) {
	if m := footMarkOf("1984 was a year"); m != "" {
		t.Fatalf("mark %q in a year", m)
	}
	if m := footMarkOf("2The causeway floods."); m != "2" {
		t.Fatalf("mark %q", m)
	}
	lines := []pdfLine{
		{y: 700, size: 11, text: "CO2 emissions rose, as the keeper noted.2"},
		{y: 686, size: 11, text: "The rest of the page."},
		{y: 60, size: 8, text: "2 In his ledger."},
	}
	kept, notes := splitFootnotes(lines, 11)
	if len(kept) != 2 || kept[0].text != "CO2 emissions rose, as the keeper noted." || len(notes[0]) != 1 || notes[0][0] != "In his ledger." {
		t.Fatalf("kept %+v, notes %v", kept, notes)
	}
	// Small print with no call in the text is not a footnote (a caption, say).
	lines[0].text = "CO2 emissions rose, as the keeper noted."
	if kept, notes := splitFootnotes(lines, 11); len(kept) != 3 || notes != nil {
		t.Fatalf("kept %+v, notes %v", kept, notes)
	}
}
