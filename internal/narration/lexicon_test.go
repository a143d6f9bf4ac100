package narration

import "testing"

func TestLexiconApply(t *testing.T) {
	lex := NewLexicon([]Pronunciation{
		{Word: "Siobhan", WholeWord: true, Say: "Shiv-awn", Phonemes: "S@v'O:n"},
		{Word: "GIF", WholeWord: true, MatchCase: true, Say: "jiff"},
		{Word: "New York", WholeWord: true, Say: "Noo Yawk"},
		{Word: "ough", Say: "off"},
		{Word: "Cholmondeley", WholeWord: true, Phonemes: "tS'Vmli"},
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
