package document

import (
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
