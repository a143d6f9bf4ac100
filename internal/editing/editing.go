// Package editing changes how a document is read — a sentence's spoken text, voice,
// rate, pause, skip and chapter break, marks on words, the voices of chapters,
// speakers and the document, its language, its lexicon and the global one — as
// undoable actions, and keeps what an edit changed heard: after each, those who show
// the document are told, and what went stale is rendered again in the background.
// The window's handlers and the command line call it; it holds no handler's state.
package editing

import (
	"context"
	"log/slog"
	"strings"

	"readback/internal/catalog"
	"readback/internal/fault"
	"readback/internal/render"
	"readback/internal/store"
	"readback/internal/tts"
)

// Service applies edits. Its hooks are set once, before it is used.
type Service struct {
	st      *store.Store
	cat     *catalog.Catalog
	engines *tts.Registry
	log     *slog.Logger
	hooks   Hooks

	rerender *Rerenderer
}

// Hooks are what the service tells of the edits it made.
type Hooks struct {
	// Changed is told, right after an edit is committed, which document changed:
	// the player reads it again, the window shows it.
	Changed func(docID int64)
	// Rendered is told when what an edit made stale was rendered again.
	Rendered func(docID int64)
	// Open is the document being read now, 0 when none: a global lexicon entry may
	// change any document, and that one is re-rendered.
	Open func() int64
	// Background is the context the re-rendering runs in (the app's), not the
	// edit's: what the edit's context carries — a PDF's password — stays with it.
	// Nil: the edit's.
	Background func() context.Context
}

// New returns the service; hooks left nil are not called.
func New(st *store.Store, cat *catalog.Catalog, r *render.Renderer, engines *tts.Registry, log *slog.Logger, hooks Hooks) *Service {
	s := &Service{st: st, cat: cat, engines: engines, log: log, hooks: hooks}
	s.rerender = &Rerenderer{R: r, Log: log, Done: func(docID int64) {
		if s.hooks.Rendered != nil {
			s.hooks.Rendered(docID)
		}
	}}
	return s
}

// EditSentence sets what the writer changed about sentence ord (the whole state:
// the spoken text, voice, rate, pause, skip, chapter break). action names it in
// Undo: "skip", "read" (skipped no more) or "" (an edit).
func (s *Service) EditSentence(ctx context.Context, docID int64, ord int, state store.SegmentState, action string) error {
	if state.SpokenText != nil {
		t := strings.TrimSpace(*state.SpokenText)
		state.SpokenText = &t
	}
	var label string
	switch action {
	case "":
		label = undoLabel("edit sentence %d", ord+1)
	case "skip":
		label = undoLabel("skip sentence %d", ord+1)
	case "read":
		label = undoLabel("read sentence %d", ord+1)
	default:
		return fault.New(fault.Invalid, "unknown action %q: edit, skip or read", action)
	}
	return s.apply(ctx, docID, label, []store.Edit{{Kind: "segment", Ord: ord, State: state}})
}

// MarkWord puts a pause of ms after the word [start, end) of sentence ord (byte
// offsets of the text as the window shows it), or emphasis on it (kind "pause" or
// "emphasis"); the same mark again takes it off. Only that sentence is spoken again.
func (s *Service) MarkWord(ctx context.Context, docID int64, ord, start, end int, kind string, ms int) error {
	state, err := WordMark(ctx, s.st, docID, ord, start, end, kind, ms)
	if err != nil {
		return err
	}
	label := undoLabel("emphasis in sentence %d", ord+1)
	if kind == "pause" {
		label = undoLabel("pause in sentence %d", ord+1)
	}
	return s.apply(ctx, docID, label, []store.Edit{{Kind: "segment", Ord: ord, State: state}})
}

// SetChapterVoice gives a chapter its own voice ("" for the document's).
func (s *Service) SetChapterVoice(ctx context.Context, docID int64, sectionOrd int, voice string) error {
	return s.apply(ctx, docID, undoLabel("chapter voice"), []store.Edit{{Kind: "section", Ord: sectionOrd, State: store.SegmentState{Voice: voice}}})
}

// SetSpeakerVoice reads the paragraphs that start "NAME:" with a voice ("" to stop).
func (s *Service) SetSpeakerVoice(ctx context.Context, docID int64, name, voice string) error {
	name = strings.TrimSpace(name)
	return s.apply(ctx, docID, undoLabel("voice for %s", name), []store.Edit{{Kind: "speaker", Name: name, State: store.SegmentState{Voice: voice}}})
}

// SetDocumentVoice sets the voice and rate (0: the voice's own) the document is
// read with (the store refuses a rate out of bounds, as for a sentence's).
func (s *Service) SetDocumentVoice(ctx context.Context, docID int64, voice string, rate float64) error {
	return s.apply(ctx, docID, undoLabel("document voice"), []store.Edit{{Kind: "document", State: store.SegmentState{Voice: voice, Rate: rate}}})
}

// Undo reverts the document's last action and returns its name ("" when none).
func (s *Service) Undo(ctx context.Context, docID int64) (string, error) {
	h, err := s.st.Undo(ctx, docID)
	if err != nil || h == nil {
		return "", err
	}
	s.changed(ctx, docID)
	return h.Label, nil
}

// Redo makes again the action last undone and returns its name ("" when none).
func (s *Service) Redo(ctx context.Context, docID int64) (string, error) {
	h, err := s.st.Redo(ctx, docID)
	if err != nil || h == nil {
		return "", err
	}
	s.changed(ctx, docID)
	return h.Label, nil
}

// RenderChanged synthesises the document's stale sentences (and, with all, those
// never rendered too) in the background; Rendered is told when done.
func (s *Service) RenderChanged(ctx context.Context, docID int64, all bool) error {
	if _, err := s.st.Document(ctx, docID); err != nil {
		return err
	}
	go s.rerender.Run(s.background(ctx), docID, all)
	return nil
}

// SetLanguage sets the language the document is read in ("" for what its text
// says) and returns the language now in force.
func (s *Service) SetLanguage(ctx context.Context, docID int64, tag string) (string, error) {
	lang, err := s.cat.SetLanguage(ctx, docID, tag)
	if err != nil {
		return "", err
	}
	s.changed(ctx, docID)
	return lang, nil
}

// PutEntry adds or changes a lexicon entry (DocumentID 0: the global lexicon); a
// document's is undone like any edit of it. Exactly the sentences using the word go
// stale.
func (s *Service) PutEntry(ctx context.Context, entry store.LexiconEntry) error {
	if err := PutPronunciation(ctx, s.st, entry); err != nil {
		return err
	}
	s.lexiconChanged(ctx, entry.DocumentID)
	return nil
}

// DeleteEntry removes the lexicon entry id.
func (s *Service) DeleteEntry(ctx context.Context, id int64) error {
	entry, err := s.st.LexiconEntry(ctx, id)
	if err != nil {
		return err
	}
	if err := RemovePronunciation(ctx, s.st, entry.DocumentID, entry.Word); err != nil {
		return err
	}
	s.lexiconChanged(ctx, entry.DocumentID)
	return nil
}

// ImportLexiconFile adds the entries of the lexicon file at path to a document's
// lexicon (0: the global one), all or none, and returns how many.
func (s *Service) ImportLexiconFile(ctx context.Context, docID int64, path string) (int, error) {
	n, err := ImportLexicon(ctx, s.st, docID, path)
	if err != nil {
		return 0, err
	}
	s.lexiconChanged(ctx, docID)
	return n, nil
}

func (s *Service) apply(ctx context.Context, docID int64, label string, edits []store.Edit) error {
	for i := range edits {
		if err := s.engines.CheckVoice(ctx, edits[i].State.Voice); err != nil {
			return err
		}
	}
	if err := s.st.Apply(ctx, docID, label, edits); err != nil {
		return err
	}
	s.changed(ctx, docID)
	return nil
}

// changed follows every edit: those who show the document hear of it, and what
// went stale is rendered again.
func (s *Service) changed(ctx context.Context, docID int64) {
	if s.hooks.Changed != nil {
		s.hooks.Changed(docID)
	}
	go s.rerender.Run(s.background(ctx), docID, false)
}

func (s *Service) background(ctx context.Context) context.Context {
	if s.hooks.Background != nil {
		return s.hooks.Background()
	}
	return ctx
}

// lexiconChanged: a document's entry changes that document; a global one any, of
// which the one being read is read again.
func (s *Service) lexiconChanged(ctx context.Context, docID int64) {
	if docID == 0 && s.hooks.Open != nil {
		docID = s.hooks.Open()
	}
	if docID != 0 {
		s.changed(ctx, docID)
	}
}
