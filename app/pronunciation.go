package app

import (
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"readback/internal/editing"
	"readback/internal/fault"
	"readback/internal/library"
	"readback/internal/narration"
	"readback/internal/render"
	"readback/internal/store"
)

// Pronunciation is the handler of lexicons: a document's and the global entries,
// the names no entry covers, auditions of a word, and lexicon files.
type Pronunciation struct {
	session *Session
	st      *store.Store
	r       *render.Renderer
	edits   *editing.Service
	heard   *auditions // what was heard on request, for the window to fetch
}

// NewPronunciation returns the handler.
func NewPronunciation(s *Session, st *store.Store, r *render.Renderer, player *Player, edits *editing.Service) *Pronunciation {
	return &Pronunciation{session: s, st: st, r: r, edits: edits, heard: newAuditions(player)}
}

// Lexicons are the entries the document view shows: the document's and the global.
type Lexicons struct {
	Document []store.LexiconEntry `json:"document"`
	Global   []store.LexiconEntry `json:"global"`
}

// Lexicon returns the document's and the global lexicon.
func (p *Pronunciation) Lexicon(docID int64) (*Lexicons, error) {
	ctx := p.session.Context()
	d, err := p.st.LexiconEntries(ctx, docID)
	if err != nil {
		return nil, err
	}
	g, err := p.st.LexiconEntries(ctx, 0)
	if err != nil {
		return nil, err
	}
	return &Lexicons{Document: d, Global: g}, nil
}

// PutLexiconEntry adds or changes an entry (DocumentID 0: the global lexicon); a
// document's is undone like any edit of it. Exactly the sentences using the word go
// stale.
func (p *Pronunciation) PutLexiconEntry(entry store.LexiconEntry) error {
	return p.edits.PutEntry(p.session.Context(), entry)
}

// DeleteLexiconEntry removes an entry.
func (p *Pronunciation) DeleteLexiconEntry(id int64) error {
	return p.edits.DeleteEntry(p.session.Context(), id)
}

// Names lists the names in the document no lexicon entry covers.
func (p *Pronunciation) Names(docID int64) ([]narration.NameCount, error) {
	names, err := editing.UnknownNames(p.session.Context(), p.st, docID)
	if names == nil && err == nil {
		names = []narration.NameCount{}
	}
	return names, err
}

// Audition speaks just a word as an entry says it, in a voice (ENGINE:VOICE; ""
// is the document's), so that the entry can be heard in each engine's form: on the
// speaker when there is one, else the window plays it from the URL returned.
func (p *Pronunciation) Audition(docID int64, entry store.LexiconEntry, voice string) (*AuditionView, error) {
	ctx := p.session.Context()
	v, err := library.VoiceOf(ctx, p.st, voice)
	if err != nil {
		return nil, err
	}
	a, err := p.r.Audition(ctx, docID, entry, v)
	if err != nil {
		return nil, err
	}
	return p.heard.offer(a), nil
}

// HearVoice says a sentence of the document (by its number from 0) in a voice
// (ENGINE:VOICE; "" is the document's), as an audition is heard: for choosing a
// voice, and comparing two or three on the same sentence.
func (p *Pronunciation) HearVoice(docID int64, ord int, voice string) (*AuditionView, error) {
	if ord < 0 {
		return nil, fault.New(fault.NotFound, "the document has no sentence %d", ord+1)
	}
	ctx := p.session.Context()
	v, err := library.VoiceOf(ctx, p.st, voice)
	if err != nil {
		return nil, err
	}
	a, err := p.r.HearVoice(ctx, docID, ord, v)
	if err != nil {
		return nil, err
	}
	return p.heard.offer(a), nil
}

// ImportLexicon asks for a lexicon file and adds its entries to the document's
// lexicon (docID 0: the global one): all or none. It returns how many.
func (p *Pronunciation) ImportLexicon(docID int64) (int, error) {
	path, err := runtime.OpenFileDialog(p.session.Context(), runtime.OpenDialogOptions{Title: "Import a lexicon",
		Filters: []runtime.FileFilter{{DisplayName: "Lexicon (*.txt, *.lex)", Pattern: "*.txt;*.lex"}, {DisplayName: "All files", Pattern: "*"}}})
	if err != nil || path == "" {
		return 0, err
	}
	return p.ImportLexiconFile(docID, path)
}

// ImportLexiconFile adds the entries of the lexicon file at path.
func (p *Pronunciation) ImportLexiconFile(docID int64, path string) (int, error) {
	return p.edits.ImportLexiconFile(p.session.Context(), docID, path)
}

// ExportLexicon asks where, and writes the document's (or global) lexicon there.
func (p *Pronunciation) ExportLexicon(docID int64) (string, error) {
	path, err := runtime.SaveFileDialog(p.session.Context(), runtime.SaveDialogOptions{Title: "Export the lexicon", DefaultFilename: "lexicon.txt"})
	if err != nil || path == "" {
		return "", err
	}
	return path, p.ExportLexiconFile(docID, path)
}

// ExportLexiconFile writes a lexicon to path, atomically.
func (p *Pronunciation) ExportLexiconFile(docID int64, path string) error {
	return editing.ExportLexicon(p.session.Context(), p.st, docID, path)
}

// audition returns an audition's WAV, or nil.
func (p *Pronunciation) audition(name string) []byte { return p.heard.get(name) }
