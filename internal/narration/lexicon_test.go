package narration

import (
	"reflect"
	"strings"
	"testing"

	"readback/internal/lexicon"
)

func TestLexiconApply(t *testing.T) {
	lex := NewLexicon([]lexicon.Entry{
		{Word: "Siobhan", WholeWord: true, Say: "Shiv-awn", Phonemes: "S@v'O:n", IPA: "ʃɪˈvɔːn"},
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
		{"literal [[[x]] too", true, "literal [ [ [x]] too"},
		{"Ünïcode Siobhan—Siobhan", false, "Ünïcode Shiv-awn—Shiv-awn"},
		{"pre-Siobhan times", false, "pre-Shiv-awn times"},
		{"Jean-Luc and Jean", false, "Zhan-Look and Jean"},
	}
	for _, c := range cases {
		if got := lex.Apply(c.in, Reader{Phonemes: c.phonemes}); got != c.want {
			t.Errorf("Apply(%q, %v) = %q, want %q", c.in, c.phonemes, got, c.want)
		}
	}
	if got := NewLexicon(nil).Apply("plain", Reader{Phonemes: true}); got != "plain" {
		t.Errorf("empty lexicon changed %q", got)
	}
}

// One lexicon, every engine: each is given an entry in the form it reads best —
// IPA as written to those that read it (Piper, Kokoro, Polly), eSpeak's phonemes to
// those that read them, else the IPA written in them (by the text's language), else
// the respelling.
func TestEachEngineGetsItsForm(t *testing.T) {
	lex := NewLexicon([]lexicon.Entry{
		{Word: "Siobhan", WholeWord: true, Say: "Shiv-awn", Phonemes: "S@v'O:n", IPA: "ʃɪˈvɔːn"},
		{Word: "Aoife", WholeWord: true, Say: "Ee-fa", IPA: "ˈiːfə"},
		{Word: "Niamh", WholeWord: true, Say: "Neev"},
	})
	text := "Siobhan, Aoife and Niamh [[met]]."
	for _, c := range []struct {
		engine string
		r      Reader
		want   string
	}{
		{"espeak", Reader{Phonemes: true, Language: "en-gb"}, "[[S@v'O:n]], [['i:f@]] and Neev [ [met]]."},
		{"piper, kokoro", Reader{Phonemes: true, IPA: true}, "[[ipa:ʃɪˈvɔːn]], [[ipa:ˈiːfə]] and Neev [ [met]]."},
		{"polly", Reader{IPA: true}, "[[ipa:ʃɪˈvɔːn]], [[ipa:ˈiːfə]] and Neev [ [met]]."},
		{"none", Reader{}, "Shiv-awn, Ee-fa and Neev [[met]]."},
	} {
		if got := lex.Apply(text, c.r); got != c.want {
			t.Errorf("%s: %q, want %q", c.engine, got, c.want)
		}
	}
	// Spanish's trill is eSpeak's R.
	es := NewLexicon([]lexicon.Entry{{Word: "Perro", WholeWord: true, IPA: "ˈpero"}})
	if got := es.Apply("Perro", Reader{Phonemes: true, Language: "es"}); got != "[['peRo]]" {
		t.Errorf("es: %q", got)
	}
}

func TestLexiconFileRoundTrip(t *testing.T) {
	in := "\ufeff# names\n\nSiobhan = Shiv-awn [[S@v'O:n]] /ʃɪˈvɔːn/\nCholmondeley = [[tS'Vmli]]\nGIF (match case) = jiff\nough (part of word) = off\nNew York = Noo Yawk\nAoife = /ˈiːfə/\n"
	got, err := ParseLexicon(strings.NewReader(in), "names.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := []lexicon.Entry{
		{Word: "Siobhan", WholeWord: true, Say: "Shiv-awn", Phonemes: "S@v'O:n", IPA: "ʃɪˈvɔːn"},
		{Word: "Cholmondeley", WholeWord: true, Phonemes: "tS'Vmli"},
		{Word: "GIF", WholeWord: true, MatchCase: true, Say: "jiff"},
		{Word: "ough", Say: "off"},
		{Word: "New York", WholeWord: true, Say: "Noo Yawk"},
		{Word: "Aoife", WholeWord: true, IPA: "ˈiːfə"},
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
		"x = ":                      `f.txt:1: no respelling, phonemes or IPA for "x"`,
		"x = a /":                   "f.txt:1: IPA closed with / is not opened with /",
		"x = /a/b/":                 "f.txt:1: IPA between slashes must not hold another slash",
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
		`He said, "Gather the nets."`,     // a quotation starts with a capital
		"One rule held: Never sail late.", // so does what follows a colon
		"The tide (Turning now) rose.",    // and an aside
		`"Come," Aoife said.`,             // a closing quotation mark is not an opening one
		"„Komm“, rief Niamh.",
		`"Wait," Orla called.`, // a name seen only in dialogue tags
		`"Now," Orla said.`,
	}, NewLexicon([]lexicon.Entry{{Word: "cholmondeley", WholeWord: true, Say: "Chumley"}}))
	want := []NameCount{{"Aoife", 3}, {"Niamh", 3}, {"Siobhan", 3}, {"Orla", 2}}
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

// Each entry changes exactly the words it names, and nothing that merely contains
// them: the paragraph below is built to tempt every kind of over-matching.
func TestLexiconBoundaries(t *testing.T) {
	paragraph := []string{
		"A New Yorker met Jean-Lucas in New York.",                  // 0
		"Jean-Luc, Jean-Luc's brother and Jean left.",               // 1
		"Anne and Ann read the Annals; ann's turn.",                 // 2
		"O'Brien and Brien argued with O'Briens.",                   // 3
		"Yorkshire is not York, and York's walls stand.",            // 4
		"The R2D2 unit and R2 differ.",                              // 5
		"A rough cough through the trough.",                         // 6
		"GIF, gif and Gif files.",                                   // 7
		"We love rock 'n' roll and rock.",                           // 8
		"The pre-Raphaelite Raphaelites met New York City's mayor.", // 9
	}
	cases := []struct {
		entry lexicon.Entry
		want  map[int]string // the sentences it changes, as they become; the rest stay
	}{
		{lexicon.Entry{Word: "New York", WholeWord: true, Say: "Noo Yawk"}, map[int]string{
			0: "A New Yorker met Jean-Lucas in Noo Yawk.",
			9: "The pre-Raphaelite Raphaelites met Noo Yawk City's mayor."}},
		{lexicon.Entry{Word: "Jean-Luc", WholeWord: true, Say: "Zhan-Look"}, map[int]string{
			1: "Zhan-Look, Zhan-Look's brother and Jean left."}},
		{lexicon.Entry{Word: "Ann", WholeWord: true, Say: "Ahn"}, map[int]string{
			2: "Anne and Ahn read the Annals; Ahn's turn."}},
		{lexicon.Entry{Word: "Ann", WholeWord: true, MatchCase: true, Say: "Ahn"}, map[int]string{
			2: "Anne and Ahn read the Annals; ann's turn."}},
		{lexicon.Entry{Word: "O'Brien", WholeWord: true, Say: "Oh-Bryan"}, map[int]string{
			3: "Oh-Bryan and Brien argued with O'Briens."}},
		{lexicon.Entry{Word: "Brien", WholeWord: true, Say: "Bryan"}, map[int]string{
			3: "O'Brien and Bryan argued with O'Briens."}},
		{lexicon.Entry{Word: "York", WholeWord: true, Say: "Yawk"}, map[int]string{
			0: "A New Yorker met Jean-Lucas in New Yawk.",
			4: "Yorkshire is not Yawk, and Yawk's walls stand.",
			9: "The pre-Raphaelite Raphaelites met New Yawk City's mayor."}},
		{lexicon.Entry{Word: "R2", WholeWord: true, Say: "Artoo"}, map[int]string{
			5: "The R2D2 unit and Artoo differ."}},
		{lexicon.Entry{Word: "ough", Say: "off"}, map[int]string{ // inside words, by request
			6: "A roff coff throff the troff."}},
		{lexicon.Entry{Word: "ough", WholeWord: true, Say: "off"}, nil},
		{lexicon.Entry{Word: "GIF", WholeWord: true, MatchCase: true, Say: "jiff"}, map[int]string{
			7: "jiff, gif and Gif files."}},
		{lexicon.Entry{Word: "gif", WholeWord: true, Say: "jiff"}, map[int]string{
			7: "jiff, jiff and jiff files."}},
		{lexicon.Entry{Word: "rock 'n' roll", WholeWord: true, Say: "rocken roll"}, map[int]string{
			8: "We love rocken roll and rock."}},
		{lexicon.Entry{Word: "Raphaelite", WholeWord: true, Say: "Rafaelite"}, map[int]string{
			9: "The pre-Rafaelite Raphaelites met New York City's mayor."}},
		{lexicon.Entry{Word: "New York City", WholeWord: true, Say: "the Big Apple"}, map[int]string{
			9: "The pre-Raphaelite Raphaelites met the Big Apple's mayor."}},
	}
	for _, c := range cases {
		lex := NewLexicon([]lexicon.Entry{c.entry})
		for i, s := range paragraph {
			want, changed := c.want[i]
			if !changed {
				want = s
			}
			if got := lex.Apply(s, Reader{}); got != want {
				t.Errorf("%+v on sentence %d:\n got %q\nwant %q", c.entry, i, got, want)
			}
		}
	}
	// Together, where entries overlap, the longer one says its words: "New York"
	// before "York" (which still says its own elsewhere), never both.
	lex := NewLexicon([]lexicon.Entry{cases[6].entry, cases[0].entry})
	if got := lex.Apply(paragraph[0], Reader{}); got != "A New Yorker met Jean-Lucas in Noo Yawk." {
		t.Errorf("together: %q", got)
	}
	if got := lex.Apply(paragraph[4], Reader{}); got != "Yorkshire is not Yawk, and Yawk's walls stand." {
		t.Errorf("together, York alone: %q", got)
	}
	lex = NewLexicon([]lexicon.Entry{cases[0].entry, cases[len(cases)-1].entry, cases[6].entry})
	if got := lex.Apply(paragraph[9], Reader{}); got != "The pre-Raphaelite Raphaelites met the Big Apple's mayor." {
		t.Errorf("New York City against New York and York: %q", got)
	}
}

// A lexicon entry's phonemes or IPA are one word when a span is mapped: a pause on
// the writer's "Siobhan" spans the whole marker the engine reads (not "ipa", which
// would cut the marker in two), and an engine's mark inside the marker maps back to
// "Siobhan".
func TestMapSpanTakesAnEntryAsOneWord(t *testing.T) {
	spoken := "He met Siobhan today."
	for _, text := range []string{"He met [[ipa:ʃɪˈvɔːn]] today.", "He met [[S@v'O:n]] today."} {
		from, to := strings.Index(text, "[["), strings.Index(text, "]]")+2
		if s, e := MapSpan(text, spoken, 7, 14); s != from || e != to {
			t.Errorf("%q: the pause on Siobhan maps to %q", text, text[max(s, 0):max(e, 0)])
		}
		if s, e := MapSpan(spoken, text, from+4, from+9); spoken[max(s, 0):max(e, 0)] != "Siobhan" {
			t.Errorf("%q: a mark inside the marker maps to %q", text, spoken[max(s, 0):max(e, 0)])
		}
	}
}
