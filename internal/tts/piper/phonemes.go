package piper

import (
	"golang.org/x/text/unicode/norm"

	"readback/internal/tts/espeak"
	"readback/internal/tts/neural"
)

// Piper's front end, as piper-phonemize has it: eSpeak NG's IPA for each clause,
// decomposed (NFD: "ç" is "c" and a cedilla, as the voices were trained), passed
// through the voice's phoneme_map, then the clause's punctuation: "." "?" "!" end a
// sentence; "," ":" ";" are followed by a space and the sentence goes on. Each
// sentence is spoken on its own; a clause eSpeak ended without punctuation adds
// nothing (its next clause's phonemes follow at once). piper-phonemize learns a clause's punctuation from
// a patched eSpeak (espeak_TextToPhonemesWithTerminator, in no Debian release); here
// it is read from the text of the clause, which eSpeak ends at that punctuation.

// clauseEnd is the punctuation a clause ended at, as Piper writes it, and whether it
// ends a sentence. The table is eSpeak NG's clause punctuation (readclause.c) in
// the classes Piper distinguishes: full stops, questions, exclamations, commas,
// colons and semicolons of every script eSpeak reads.
var clauseEnd = map[rune]struct {
	mark     rune
	sentence bool
}{
	'.': {'.', true}, '?': {'?', true}, '!': {'!', true},
	',': {',', false}, ':': {':', false}, ';': {';', false},
	'…': {';', false}, // eSpeak: a pause, not a sentence's end
	'。': {'.', true}, '．': {'.', true}, '？': {'?', true}, '！': {'!', true},
	'、': {',', false}, '，': {',', false}, '：': {':', false}, '；': {';', false},
	'\u060c': {',', false}, '\u061b': {';', false}, '\u061f': {'?', true}, '\u06d4': {'.', true}, // Arabic
	'\u0964': {'.', true}, '\u0965': {'.', true}, // Devanagari danda
	'\u037e': {'?', true}, '\u0387': {';', false}, // Greek
	'\u0589': {'.', true},                        // Armenian
	'\u00a1': {'!', true}, '\u00bf': {'?', true}, // Spanish, when a clause ends before one
}

// Phonemes arranges eSpeak's clauses into sentences of phonemes, one code point a
// symbol, for a voice with config c.
func Phonemes(clauses []espeak.Clause, c *Config) [][]rune {
	var sentences [][]rune
	var cur []rune
	for _, cl := range clauses {
		for _, r := range norm.NFD.String(neural.LanguageFlags.ReplaceAllString(cl.IPA, "")) {
			if to, ok := c.phonemeMap[r]; ok {
				cur = append(cur, to...)
			} else {
				cur = append(cur, r)
			}
		}
		end, ok := clauseEnd[neural.LastMark(cl.Text)]
		switch {
		case ok && end.sentence:
			cur = append(cur, end.mark)
			sentences = append(sentences, cur)
			cur = nil
		case ok:
			cur = append(cur, end.mark, ' ')
		}
	}
	if len(cur) > 0 {
		sentences = append(sentences, cur)
	}
	// A sentence of punctuation alone says nothing.
	out := sentences[:0]
	for _, s := range sentences {
		if neural.HasPhoneme(s) {
			out = append(out, s)
		}
	}
	return out
}

// IDs is a sentence's phoneme ids, framed as Piper frames them: "^", then each
// phoneme followed by the pad "_", then "$" — the pad also after "^". Phonemes the
// voice has no id for are left out and returned, so that a caller can say which.
func IDs(sentence []rune, c *Config) (ids []int64, missing []rune) {
	ids = append(ids, c.ids[bosSymbol]...)
	ids = append(ids, c.ids[padSymbol]...)
	for _, r := range sentence {
		got, ok := c.ids[r]
		if !ok {
			missing = append(missing, r)
			continue
		}
		ids = append(ids, got...)
		ids = append(ids, c.ids[padSymbol]...)
	}
	ids = append(ids, c.ids[eosSymbol]...)
	return ids, missing
}
