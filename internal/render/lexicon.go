package render

import (
	"context"

	"readback/internal/fault"
	"readback/internal/narration"
	"readback/internal/store"
	"readback/internal/tts"
)

// Audition speaks just a word as an entry says it, in a voice (nil: the
// document's), the entry in the form that voice's engine reads.
func (r *Renderer) Audition(ctx context.Context, docID int64, entry store.LexiconEntry, voice *Voice) (*tts.Audio, error) {
	entry.DocumentID = 0
	if err := entry.Validate(); err != nil {
		return nil, err
	}
	doc, err := r.st.Document(ctx, docID)
	if err != nil {
		return nil, err
	}
	given := Voice{}
	if voice != nil {
		given = *voice
	}
	v := DocumentVoice(doc, given) // the document's rate where the voice has none
	text, err := newKeyer(r).text(narration.NewLexicon([]store.LexiconEntry{entry}), doc.Language, entry.Word, v, false)
	if err != nil {
		return nil, fault.Wrap(err, fault.Unavailable, "%v", err)
	}
	a, err := r.speak(ctx, PriorityPreview, v, text)
	if err != nil {
		return nil, fault.Wrap(err, fault.Unavailable, "the word could not be spoken: %v", err)
	}
	return a, nil
}

// HearVoice says one sentence of the document (by its ord) in a voice, for a writer
// choosing one: the sentence exactly as the book would give that voice (the
// writer's edits, marks and rate, a voiced speaker's name left out, numbers spelled
// out, the lexicon in the form its engine reads), at preview priority. A nil voice
// is the sentence's own.
func (r *Renderer) HearVoice(ctx context.Context, docID int64, ord int, v *Voice) (*tts.Audio, error) {
	doc, err := r.st.Document(ctx, docID)
	if err != nil {
		return nil, err
	}
	var b *Book
	if v == nil {
		b, err = r.buildBook(ctx, doc, Voice{}, false, false)
	} else {
		b, err = r.buildBook(ctx, doc, *v, false, true)
	}
	if err != nil {
		return nil, fault.Wrap(err, fault.Invalid, "%v", err)
	}
	for _, it := range b.Items {
		if it.Ord == ord {
			a, err := r.Speak(ctx, PriorityPreview, it)
			if err != nil {
				return nil, fault.Wrap(err, fault.Unavailable, "the sentence could not be spoken: %v", err)
			}
			return a, nil
		}
	}
	return nil, fault.New(fault.NotFound, "the document has no sentence %d", ord+1)
}
