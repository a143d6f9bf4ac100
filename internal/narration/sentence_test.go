package narration_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"readback/internal/narration"
)

func split(s string) []string {
	var out []string
	for _, sp := range narration.Sentences(s) {
		out = append(out, s[sp[0]:sp[1]])
	}
	return out
}

func TestSentences(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "One. Two! Three?", []string{"One.", "Two!", "Three?"}},
		{"titles", "Dr. Reyes met Mrs. Siobhan O'Neill and St. John.", []string{"Dr. Reyes met Mrs. Siobhan O'Neill and St. John."}},
		{"latin", "Bring fruit, e.g. apples, i.e. the red ones. Then go.", []string{"Bring fruit, e.g. apples, i.e. the red ones.", "Then go."}},
		{"initials", "J. R. R. Tolkien wrote it. He was right.", []string{"J. R. R. Tolkien wrote it.", "He was right."}},
		{"decimals", "It cost 3.50 dollars. Pi is 3.14159.", []string{"It cost 3.50 dollars.", "Pi is 3.14159."}},
		{"ellipsis continues", "Well... maybe not. Fine.", []string{"Well... maybe not.", "Fine."}},
		{"ellipsis ends", "It faded… Then silence.", []string{"It faded…", "Then silence."}},
		{"quotes close", `"Who's there?" she asked. "Me!" He laughed.`, []string{`"Who's there?" she asked.`, `"Me!"`, "He laughed."}},
		{"curly quotes", "He said “Stop.” Then left.", []string{"He said “Stop.”", "Then left."}},
		{"brackets", "It ended (finally.) Next came more.", []string{"It ended (finally.)", "Next came more."}},
		{"interrobang", "Really?! Yes.", []string{"Really?!", "Yes."}},
		{"times", "We met at 3 a.m. She was late.", []string{"We met at 3 a.m.", "She was late."}},
		{"dotted abbreviation", "The U.S. Army came. It left.", []string{"The U.S. Army came.", "It left."}},
		{"no terminal", "A heading without a stop", []string{"A heading without a stop"}},
		{"url-like", "Visit example.com today. Now.", []string{"Visit example.com today.", "Now."}},
		{"digits after stop", "Chapter 1. 2 men came.", []string{"Chapter 1.", "2 men came."}},
		// Other scripts' marks, in sentences written for these tests.
		{"chinese", "港务长记录着每一艘船。天黑以后，灯塔亮了！你看见了吗？", []string{"港务长记录着每一艘船。", "天黑以后，灯塔亮了！", "你看见了吗？"}},
		{"japanese quote", "「こんにちは。」と港長は言った。船が来た。", []string{"「こんにちは。」と港長は言った。", "船が来た。"}},
		{"japanese closing bracket", "船が来た。「遅いね。」誰も答えなかった。", []string{"船が来た。", "「遅いね。」", "誰も答えなかった。"}},
		{"arabic", "هل رأيت السفينة؟ نعم، رأيتها. كانت بعيدة.", []string{"هل رأيت السفينة؟", "نعم، رأيتها.", "كانت بعيدة."}},
		{"hindi", "जहाज़ आया। सब खुश थे। फिर बारिश हुई॥", []string{"जहाज़ आया।", "सब खुश थे।", "फिर बारिश हुई॥"}},
		{"german", "Siehe z. B. Nr. 17 im Katalog. Dann weiter.", []string{"Siehe z. B. Nr. 17 im Katalog.", "Dann weiter."}},
		{"spanish", "La Sra. López llegó tarde. Nadie dijo nada.", []string{"La Sra. López llegó tarde.", "Nadie dijo nada."}},
		{"russian", "Лекцию читал проф. Иванов. Все слушали.", []string{"Лекцию читал проф. Иванов.", "Все слушали."}},
		{"french phone", "Appelez le tél. 03 89 12 34 56 demain. Merci.", []string{"Appelez le tél. 03 89 12 34 56 demain.", "Merci."}},
		{"german ordinals", "Am 3. Oktober 1990 kam das Schiff. Im 19. Jahrhundert auch. Es waren 3. Dann nichts.", []string{"Am 3. Oktober 1990 kam das Schiff.", "Im 19. Jahrhundert auch.", "Es waren 3.", "Dann nichts."}},
		// German articles make ordinals only in German: "I am 25." is English.
		{"de: german ordinals after an article", "Am 3. Tag kam er. In der 2. Runde fiel er. Er zählte bis 3. Dann lief er. Sie bekam eine 2. Chance.", []string{"Am 3. Tag kam er.", "In der 2. Runde fiel er.", "Er zählte bis 3.", "Dann lief er.", "Sie bekam eine 2. Chance."}},
		{"de: a sentence after a date", "Er kam am 10. Es regnete.", []string{"Er kam am 10.", "Es regnete."}},
		{"english am", "I am 25. My sister is 30.", []string{"I am 25.", "My sister is 30."}},
		{"de: normalised short forms", "Es kostet 3 Mio. Euro im Jahr. Na so. Dann kam er.", []string{"Es kostet 3 Mio. Euro im Jahr.", "Na so.", "Dann kam er."}},
		{"fr: normalised short forms", "Il mesure env. 5 mètres. Voilà.", []string{"Il mesure env. 5 mètres.", "Voilà."}},
		// Places Unicode reads on from, where a new sentence begins with a quote,
		// a symbol or code before a number.
		{"quote before a number", `She nodded. "20 minutes," he said.`, []string{"She nodded.", `"20 minutes," he said.`}},
		{"symbol before a number", "He left. $5 was all he had.", []string{"He left.", "$5 was all he had."}},
		{"guillemet before a number", "Il partit. « 20 minutes », dit-elle.", []string{"Il partit.", "« 20 minutes », dit-elle."}},
		{"code before a word", "The default is off. `debug=1` turns it on.", []string{"The default is off.", "`debug=1` turns it on."}},
		// Opening marks written right after a stop open the next sentence, and are kept.
		{"armenian guillemet", "Նա ասաց։«Գնանք»։", []string{"Նա ասաց։", "«Գնանք»։"}},
		{"interrobang and quote", "What‽“No.”", []string{"What‽", "“No.”"}},
		{"an opening bracket at the end", "Left brace: {", []string{"Left brace: {"}},
		{"german closing quotes", "„Komm her.“ Er ging. »Komm!« Er kam.", []string{"„Komm her.“", "Er ging.", "»Komm!«", "Er kam."}},
		{"german quotes", "Er nickte. »Komm mit!«, sagte sie. Dann ging er.", []string{"Er nickte.", "»Komm mit!«, sagte sie.", "Dann ging er."}},
		{"russian pronoun", "Я позвонил им. Никто не ответил.", []string{"Я позвонил им.", "Никто не ответил."}},
		{"japanese after a quotation", "「遅いね。」しかし誰も答えなかった。", []string{"「遅いね。」", "しかし誰も答えなかった。"}},
		{"spanish inverted marks", "¿Dónde está el barco? ¡Allí, junto al faro! Nadie lo vio.", []string{"¿Dónde está el barco?", "¡Allí, junto al faro!", "Nadie lo vio."}},
		{"hebrew", "האם ראית את הספינה? כן, ראיתי אותה. היא הייתה רחוקה.", []string{"האם ראית את הספינה?", "כן, ראיתי אותה.", "היא הייתה רחוקה."}},
		{"sanskrit", "रामः वनं गच्छति। सीता अपि गच्छति॥ लक्ष्मणः अनुगच्छति।", []string{"रामः वनं गच्छति।", "सीता अपि गच्छति॥", "लक्ष्मणः अनुगच्छति।"}},
		{"urdu", "جہاز آیا۔ سب خوش تھے۔", []string{"جہاز آیا۔", "سب خوش تھے۔"}},
		// A mark Readback has no rule of its own for ends a sentence by Unicode's.
		{"armenian", "Նավը եկավ։ Բոլորը ուրախ էին։", []string{"Նավը եկավ։", "Բոլորը ուրախ էին։"}},
		{"amharic", "መርከቡ መጣ። ሁሉም ደስ አላቸው።", []string{"መርከቡ መጣ።", "ሁሉም ደስ አላቸው።"}},
		{"french guillemets", "« Bonjour. » Il sourit. « Vraiment ? » demanda-t-elle.", []string{"« Bonjour. »", "Il sourit.", "« Vraiment ? » demanda-t-elle."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := split(tc.in)
			if lang, name, ok := strings.Cut(tc.name, ": "); ok && len(lang) == 2 {
				_ = name
				got = nil
				for _, sp := range narration.SentencesIn(lang, tc.in) {
					got = append(got, tc.in[sp[0]:sp[1]])
				}
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestLongSentencesAreDivided(t *testing.T) {
	clause := "the keeper climbed another flight of the endless stairs"
	long := strings.Repeat(clause+", ", 30) + "and at last she reached the lamp."
	parts := split(long)
	if len(parts) < 2 {
		t.Fatalf("a %d-character sentence stayed whole", len(long))
	}
	for _, p := range parts {
		if n := utf8.RuneCountInString(p); n > narration.MaxSegmentRunes {
			t.Errorf("part of %d runes exceeds %d", n, narration.MaxSegmentRunes)
		}
		if !strings.HasSuffix(p, ",") && !strings.HasSuffix(p, ".") {
			t.Errorf("part %q was not cut at a clause boundary", p)
		}
	}
	if strings.Join(parts, " ") != long {
		t.Error("the parts do not add up to the sentence")
	}
	unbroken := strings.Repeat("x", 1000)
	for _, p := range split(unbroken) {
		if utf8.RuneCountInString(p) > narration.MaxSegmentRunes {
			t.Errorf("a word of 1000 letters gave a part of %d", len(p))
		}
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{"Dr. Who. Yes!", "a… B", `"Hi." Bye.`, "3.5. x", strings.Repeat("ab, ", 200)} {
		f.Add(s)
	}
	for _, s := range []string{"Նա ասաց։«Գնանք»։", "What‽“No.”", "„Komm her.“ Er ging.", "船が来た。「遅いね。」"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, lang := range []string{"", "de"} {
			prev := 0
			for _, sp := range narration.SentencesIn(lang, s) {
				if sp[0] < prev || sp[1] <= sp[0] || sp[1] > len(s) {
					t.Fatalf("bad span %v after %d in %q", sp, prev, s)
				}
				// Nothing but spaces between sentences: no text is lost.
				if gap := s[prev:sp[0]]; strings.Trim(gap, " ") != "" {
					t.Fatalf("%q between sentences of %q is in none", gap, s)
				}
				if utf8.ValidString(s) && utf8.RuneCountInString(s[sp[0]:sp[1]]) > narration.MaxSegmentRunes {
					t.Fatalf("span of %d runes", utf8.RuneCountInString(s[sp[0]:sp[1]]))
				}
				prev = sp[1]
			}
			if strings.Trim(s[prev:], " ") != "" {
				t.Fatalf("%q at the end of %q is in no sentence", s[prev:], s)
			}
		}
	})
}
