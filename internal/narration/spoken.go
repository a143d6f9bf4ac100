package narration

import "readback/internal/document"

// Reader is what an engine can read, which decides the text it is given.
type Reader struct {
	Phonemes bool // pronunciations may be given as eSpeak's phonemes, [[…]]
	IPA      bool // pronunciations may be given in IPA (lexicon.IPAMarker)
	KanaOnly bool // Japanese is read from kana only (eSpeak): kanji get their readings
	// Language is the text's (SpokenText sets it): IPA is written in eSpeak's
	// phonemes by its rules.
	Language string
}

// SpokenText is the text an engine is given for a sentence in the language lang:
// numbers, dates and abbreviations read by that language's rules (and a heading's
// chapter number), then the lexicon's pronunciations, then, for a voice that reads
// Japanese from kana only, the readings of the kanji left.
func SpokenText(lex *Lexicon, lang, text string, heading bool, r Reader) string {
	if heading {
		text = NormalizeHeading(lang, text)
	} else {
		text = Normalize(lang, text)
	}
	r.Language = lang
	text = lex.Apply(text, r)
	if r.KanaOnly {
		if primaryLanguage(lang) == "ja" {
			text = KanaReading(text)
		}
	}
	return text
}

// PassageLanguage is the language a segment is read in: its own (and true) where
// it is a passage in another language than its document's, else its document's.
func PassageLanguage(doc, passage string) (string, bool) {
	if passage != "" && !document.SameLanguage(passage, doc) {
		return passage, true
	}
	return doc, false
}
