// Package lexicon is the pronunciation lexicon's entry: how to say a word, as another
// spelling, as eSpeak's phonemes or in IPA. One type for the library that stores it, the
// narrator that applies it, lexicon files and the window.
package lexicon

import (
	"strings"
	"unicode"

	"readback/internal/fault"
)

// Entry tells how to say a word: as another spelling, as eSpeak's phonemes, or in
// IPA. Each engine is given the form it reads best (narration.Reader).
type Entry struct {
	ID         int64  `json:"id"`          // 0 until stored
	DocumentID int64  `json:"document_id"` // 0: global
	Word       string `json:"word"`
	MatchCase  bool   `json:"match_case"`
	WholeWord  bool   `json:"whole_word"`
	Say        string `json:"say"`      // a respelling, read as text
	Phonemes   string `json:"phonemes"` // eSpeak's phonemes (its mnemonics)
	IPA        string `json:"ipa"`      // the International Phonetic Alphabet
}

// Validate refuses entries that cannot be applied.
func (e *Entry) Validate() error {
	e.Word, e.Say, e.Phonemes = strings.TrimSpace(e.Word), strings.TrimSpace(e.Say), strings.TrimSpace(e.Phonemes)
	e.IPA = strings.TrimSpace(strings.Trim(strings.TrimSpace(e.IPA), "/[]"))
	switch {
	case e.Word == "":
		return fault.New(fault.Invalid, "a lexicon entry needs a word")
	case len(e.Word) > 100:
		return fault.New(fault.Invalid, "the word %q is longer than 100 characters", e.Word[:40]+"…")
	case e.Say == "" && e.Phonemes == "" && e.IPA == "":
		return fault.New(fault.Invalid, "the entry for %q needs a respelling, phonemes or IPA", e.Word)
	case len(e.Say) > 400 || len(e.Phonemes) > 400 || len(e.IPA) > 400:
		return fault.New(fault.Invalid, "the entry for %q is longer than 400 characters", e.Word)
	case strings.ContainsAny(e.Phonemes, "[]"):
		return fault.New(fault.Invalid, "the phonemes for %q must not contain brackets: write what goes inside [[ ]]", e.Word)
	case strings.ContainsAny(e.IPA, "[]/<>\"&"):
		return fault.New(fault.Invalid, "the IPA for %q must be its symbols alone, without brackets, slashes or markup", e.Word)
	case strings.ContainsAny(e.Word+e.Say+e.Phonemes+e.IPA, "\x00\n\r\t"):
		return fault.New(fault.Invalid, "the entry for %q holds control characters", e.Word)
	}
	return nil
}

// CheckIPA refuses IPA that holds a character no IPA transcription does: IPA is
// letters, their diacritics and modifiers (ˈ ˌ ː ʰ, tone letters), spaces, and the
// breaks . | ‖ ‿ — not punctuation ("not ipa !!" was taken, and read as "[[not ipa
// ]]"); digits pass, for tones written as Chao's numbers. It is asked of what the
// writer enters, not of entries read from a lexicon file or the shared bucket, so
// that what an older Readback took does not stop a sync.
func (e *Entry) CheckIPA() error {
	if r, ok := notIPA(e.IPA); ok {
		return fault.New(fault.Invalid, "the IPA for %q holds %q, which is no IPA symbol", e.Word, string(r))
	}
	return nil
}

func notIPA(ipa string) (rune, bool) {
	for _, r := range ipa {
		switch {
		case unicode.IsLetter(r), unicode.Is(unicode.Mn, r), unicode.Is(unicode.Lm, r), unicode.Is(unicode.Sk, r),
			r >= '0' && r <= '9', r == ' ', strings.ContainsRune(".|‖‿'", r):
		default:
			return r, true
		}
	}
	return 0, false
}
