package espeak

/*
#include <stdlib.h>
#include <espeak-ng/speak_lib.h>

long readback_heap_in_use(void);
*/
import "C"

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Clause is one clause of a text as eSpeak NG reads it: its phonemes in IPA (words
// apart by spaces, stress marks before the stressed syllable's vowel group, as
// eSpeak writes them) and the part of the text it read them from, with the
// punctuation that ended it. Neural voices trained on eSpeak's phonemes (Piper,
// Kokoro) are fed these.
type Clause struct {
	IPA  string
	Text string
}

// IPA transcribes text as the voice reads it, clause by clause, saying nothing. It is
// served where the voice's sentences are said (this process for its own voice, else
// a speaker of it), from the same state put back, so that a transcription does not
// depend on what was said before it.
func (e *Engine) IPA(ctx context.Context, voice, text string) ([]Clause, error) {
	select {
	case <-e.closed:
		return nil, errors.New("espeak: engine closed")
	default:
	}
	spec, err := e.speakerFor(voice)
	if err != nil {
		return nil, err
	}
	got, err := e.say(ctx, spec, text, transcribe)
	if err != nil {
		return nil, err
	}
	return got.clauses, nil
}

// PhonemesIPA is the IPA eSpeak says its phoneme mnemonics with, in the voice that
// reads a language (a lexicon entry given as eSpeak's phonemes, for an engine that
// reads IPA).
func (e *Engine) PhonemesIPA(ctx context.Context, language, mnemonics string) (string, error) {
	voice, ok := ReadsLanguage(language)
	if !ok {
		voice = DefaultVoice
	}
	clauses, err := e.IPA(ctx, voice, "[["+mnemonics+"]]")
	if err != nil {
		return "", err
	}
	var parts []string
	for _, c := range clauses {
		if s := strings.TrimSpace(c.IPA); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " "), nil
}

// transcribeText asks eSpeak NG for the text's IPA, one clause a call. eSpeak reads
// one character past a clause's end before it returns it (and keeps it for the next
// clause), so a clause's text is what it consumed less that character.
func transcribeText(c *collector, text string) error {
	if strings.Contains(text, "[[") {
		// A lexicon entry given as phonemes: eSpeak reads [[…]] as phonemes only
		// once a synthesis has asked for it (its flag is kept for the calls after),
		// so an empty one asks first.
		if err := utter(c, "", sayPhonemes); err != nil {
			return err
		}
		c.samples, c.events = c.samples[:0], c.events[:0]
	}
	before := int64(C.readback_heap_in_use())
	defer func() { c.leaked += int64(C.readback_heap_in_use()) - before }()
	ct := C.CString(text)
	defer C.free(unsafe.Pointer(ct))
	base := uintptr(unsafe.Pointer(ct))
	p := unsafe.Pointer(ct)
	from := 0
	for p != nil {
		ph := C.espeak_TextToPhonemes((*unsafe.Pointer)(unsafe.Pointer(&p)), C.espeakCHARS_UTF8, C.espeakPHONEMES_IPA)
		end := len(text)
		if p != nil {
			end = int(uintptr(p) - base)
			if end > len(text) || end < from {
				return errors.New("espeak: the transcription lost its place in the text")
			}
			_, size := utf8.DecodeLastRuneInString(text[from:end])
			end -= size // the character read ahead belongs to the next clause
		}
		c.clauses = append(c.clauses, Clause{IPA: C.GoString(ph), Text: text[from:end]})
		from = end
	}
	return nil
}
