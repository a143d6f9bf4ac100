package narration

import (
	"reflect"
	"strings"
	"testing"
)

func TestLexiconApply(t *testing.T) {
	lex := NewLexicon([]Pronunciation{
		{Word: "Siobhan", WholeWord: true, Say: "Shiv-awn", Phonemes: "S@v'O:n"},
		{Word: "GIF", WholeWord: true, MatchCase: true, Say: "jiff"},
		{Word: "New York", WholeWord: true, Say: "Noo Yawk"},
		{Word: "ough", Say: "off"},
		{Word: "Cholmondeley", WholeWord: true, Phonemes: "tS'Vmli"},
		{Word: "Jean-Luc", WholeWord: true, Say: "Zhan-Look"},
	})
	cases := []struct {
		in       string
		phonemes bool
		want     string
	}{
		{"Siobhan said hello.", false, "Shiv-awn said hello."},
		{"siobhan's coat", false, "Shiv-awn's coat"},
		{"Siobhan's coat", true, "[[S@v'O:n]]'s coat"},
		{"Siobhanna is someone else.", false, "Siobhanna is someone else."},
		{"a GIF, a gif", false, "a jiff, a gif"},
		{"New York New York, new york!", false, "Noo Yawk Noo Yawk, Noo Yawk!"},
		{"NewYork", false, "NewYork"},
		{"a rough cough", false, "a roff coff"},
		{"Cholmondeley came", false, "Cholmondeley came"}, // phonemes only, engine cannot read them
		{"Cholmondeley came", true, "[[tS'Vmli]] came"},
		{"literal [[x]] stays text", true, "literal [ [x]] stays text"},
		{"Ünïcode Siobhan—Siobhan", false, "Ünïcode Shiv-awn—Shiv-awn"},
		{"pre-Siobhan times", false, "pre-Shiv-awn times"},
		{"Jean-Luc and Jean", false, "Zhan-Look and Jean"},
	}
	for _, c := range cases {
		if got := lex.Apply(c.in, c.phonemes); got != c.want {
			t.Errorf("Apply(%q, %v) = %q, want %q", c.in, c.phonemes, got, c.want)
		}
	}
	if got := NewLexicon(nil).Apply("plain", true); got != "plain" {
		t.Errorf("empty lexicon changed %q", got)
	}
}

func TestLexiconFileRoundTrip(t *testing.T) {
	in := "\ufeff# names\n\nSiobhan = Shiv-awn [[S@v'O:n]]\nCholmondeley = [[tS'Vmli]]\nGIF (match case) = jiff\nough (part of word) = off\nNew York = Noo Yawk\n"
	got, err := ParseLexicon(strings.NewReader(in), "names.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := []Pronunciation{
		{Word: "Siobhan", WholeWord: true, Say: "Shiv-awn", Phonemes: "S@v'O:n"},
		{Word: "Cholmondeley", WholeWord: true, Phonemes: "tS'Vmli"},
		{Word: "GIF", WholeWord: true, MatchCase: true, Say: "jiff"},
		{Word: "ough", Say: "off"},
		{Word: "New York", WholeWord: true, Say: "Noo Yawk"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("parsed %+v\nwant   %+v", got, want)
	}
	var b strings.Builder
	if err := FormatLexicon(&b, got); err != nil {
		t.Fatal(err)
	}
	again, err := ParseLexicon(strings.NewReader(b.String()), "out.txt")
	if err != nil || !reflect.DeepEqual(again, want) {
		t.Fatalf("round trip gave %+v, %v from\n%s", again, err, b.String())
	}
}

func TestLexiconFileErrors(t *testing.T) {
	for in, want := range map[string]string{
		"ok = fine\nno equals sign": "f.txt:2: expected WORD = RESPELLING",
		"x = [[abc":                 "f.txt:1: phonemes opened with [[ are not closed",
		"x (loud) = y":              `f.txt:1: unknown option "loud"`,
		" = y":                      "f.txt:1: no word before =",
		"x = ":                      `f.txt:1: no respelling or phonemes for "x"`,
		"x = a\n# c\nx = b":         `f.txt:3: "x" is already given on line 1`,
		"x = [[a]] b":               `f.txt:1: unexpected "b" after the phonemes`,
		"x = a\n\xff\xfe = b":       "f.txt:2: not UTF-8 text",
	} {
		_, err := ParseLexicon(strings.NewReader(in), "f.txt")
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", in, err, want)
		}
	}
}

func TestNames(t *testing.T) {
	got := Names([]string{
		"Siobhan met Aoife at the harbour.",
		"Then Siobhan's boat left on Monday.",
		"The keeper waved.",                   // "The" starts sentences only
		"Later, Niamh said nothing to Aoife.", // Later starts a sentence
		"A Harbour master and the harbour.",   // seen in lower case: not a name
		"Cholmondeley smiled at Siobhan.",     // Cholmondeley is covered below
		"I saw Cholmondeley in 1999.",
		"ALICE: Gone where?", // a speaker's label, and what starts the line
		"ALICE: Gone home.",
		"NASA called Niamh.",
	}, NewLexicon([]Pronunciation{{Word: "cholmondeley", WholeWord: true, Say: "Chumley"}}))
	want := []NameCount{{"Siobhan", 3}, {"Aoife", 2}, {"Niamh", 2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Names = %+v, want %+v", got, want)
	}
}

func TestMapSpan(t *testing.T) {
	cases := []struct {
		source, narrated, word, want string
	}{
		{"The lamp was cold.", "The lamp was cold.", "lamp", "lamp"},
		{"In 1999 Siobhan left.", "In nineteen ninety-nine Shiv-awn left.", "ninety", "1999"},
		{"In 1999 Siobhan left.", "In nineteen ninety-nine Shiv-awn left.", "awn", "Siobhan"},
		{"In 1999 Siobhan left.", "In nineteen ninety-nine Shiv-awn left.", "left", "left"},
		{"Dr. Who came.", "Doctor Who came.", "Doctor", "Dr"},
		{"Henry VIII ruled.", "Henry the Eighth ruled.", "Eighth", "VIII"},
	}
	for _, c := range cases {
		i := strings.Index(c.narrated, c.word)
		s, e := MapSpan(c.source, c.narrated, i, i+len(c.word))
		if s < 0 || c.source[s:e] != c.want {
			t.Errorf("%q in %q → %d:%d, want %q", c.word, c.narrated, s, e, c.want)
		}
	}
}
