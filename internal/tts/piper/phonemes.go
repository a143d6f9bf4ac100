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
	var out [][]rune
	for _, s := range sentencesOf(clauses, c) {
		out = append(out, s.phonemes)
	}
	return out
}

// sentence is what Piper says at once: its phonemes, and the clause each came from.
type sentence struct {
	phonemes []rune
	clauses  []int
}

func sentencesOf(clauses []espeak.Clause, c *Config) []sentence {
	var sentences []sentence
	var cur sentence
	add := func(r rune, clause int) {
		cur.phonemes = append(cur.phonemes, r)
		cur.clauses = append(cur.clauses, clause)
	}
	for i, cl := range clauses {
		for _, r := range norm.NFD.String(neural.LanguageFlags.ReplaceAllString(cl.IPA, "")) {
			if to, ok := c.phonemeMap[r]; ok {
				for _, t := range to {
					add(t, i)
				}
			} else {
				add(r, i)
			}
		}
		end, ok := clauseEnd[neural.LastMark(cl.Text)]
		switch {
		case ok && end.sentence:
			add(end.mark, i)
			sentences = append(sentences, cur)
			cur = sentence{}
		case ok:
			add(end.mark, i)
			add(' ', i)
		}
	}
	if len(cur.phonemes) > 0 {
		sentences = append(sentences, cur)
	}
	// A sentence of punctuation alone says nothing.
	out := sentences[:0]
	for _, s := range sentences {
		if neural.HasPhoneme(s.phonemes) {
			out = append(out, s)
		}
	}
	return out
}

// IDs is a sentence's phoneme ids, framed as Piper frames them: "^", then each
// phoneme followed by the pad "_", then "$" — the pad also after "^". Phonemes the
// voice has no id for are left out and returned, so that a caller can say which.
func IDs(sentence []rune, c *Config) (ids []int64, missing []rune) {
	ids, _, missing = framed(sentence, nil, c)
	return ids, missing
}

// framed is IDs with each id's clause (owners, from each phoneme's clause; -1 for
// the framing), when clauses are given.
func framed(sentence []rune, clauses []int, c *Config) (ids []int64, owners []int, missing []rune) {
	put := func(got []int64, owner int) {
		ids = append(ids, got...)
		if clauses != nil {
			for range got {
				owners = append(owners, owner)
			}
		}
	}
	put(c.ids[bosSymbol], -1)
	put(c.ids[padSymbol], -1)
	for i, r := range sentence {
		got, ok := c.ids[r]
		if !ok {
			missing = append(missing, r)
			continue
		}
		owner := -1
		if clauses != nil {
			owner = clauses[i]
		}
		put(got, owner)
		put(c.ids[padSymbol], owner)
	}
	put(c.ids[eosSymbol], -1)
	return ids, owners, missing
}
