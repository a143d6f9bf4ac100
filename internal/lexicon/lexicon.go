// Package lexicon is the pronunciation lexicon's entry: how to say a word, as another
// spelling or as the engine's phonemes. One type for the library that stores it, the
// narrator that applies it, lexicon files and the window.
package lexicon

import (
	"strings"

	"readback/internal/fault"
)

// Entry tells how to say a word: as another spelling or as phonemes.
type Entry struct {
	ID         int64  `json:"id"`          // 0 until stored
	DocumentID int64  `json:"document_id"` // 0: global
	Word       string `json:"word"`
	MatchCase  bool   `json:"match_case"`
	WholeWord  bool   `json:"whole_word"`
	Say        string `json:"say"`      // a respelling, read as text
	Phonemes   string `json:"phonemes"` // the engine's phonemes (eSpeak's notation)
}

// Validate refuses entries that cannot be applied.
func (e *Entry) Validate() error {
	e.Word, e.Say, e.Phonemes = strings.TrimSpace(e.Word), strings.TrimSpace(e.Say), strings.TrimSpace(e.Phonemes)
	switch {
	case e.Word == "":
		return fault.New(fault.Invalid, "a lexicon entry needs a word")
	case len(e.Word) > 100:
		return fault.New(fault.Invalid, "the word %q is longer than 100 characters", e.Word[:40]+"…")
	case e.Say == "" && e.Phonemes == "":
		return fault.New(fault.Invalid, "the entry for %q needs a respelling or phonemes", e.Word)
	case len(e.Say) > 400 || len(e.Phonemes) > 400:
		return fault.New(fault.Invalid, "the entry for %q is longer than 400 characters", e.Word)
	case strings.ContainsAny(e.Phonemes, "[]"):
		return fault.New(fault.Invalid, "the phonemes for %q must not contain brackets: write what goes inside [[ ]]", e.Word)
	case strings.ContainsAny(e.Word+e.Say+e.Phonemes, "\x00\n\r\t"):
		return fault.New(fault.Invalid, "the entry for %q holds control characters", e.Word)
	}
	return nil
}
