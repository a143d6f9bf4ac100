package app

import (
	"log/slog"

	"readback/internal/catalog"
	"readback/internal/editing"
	"readback/internal/render"
	"readback/internal/store"
	"readback/internal/tts"
)

// Editor is the handler for changing how a document is read: the spoken text,
// voice, rate and pause of each sentence, skips and chapter breaks, voices of
// chapters and speakers, undo and redo, re-rendering what changed. The edits are
// the editing service's; this binds them to the window.
type Editor struct {
	session *Session
	r       *render.Renderer
	edits   *editing.Service
}

// NewEditor returns the handler.
func NewEditor(s *Session, r *render.Renderer, edits *editing.Service) *Editor {
	return &Editor{session: s, r: r, edits: edits}
}

// NewEdits is the editing service as the window has it: after an edit the player
// reads the document again and the window hears "editor:changed" (and again once
// what went stale is rendered); a global lexicon entry re-renders the document
// being played.
func NewEdits(s *Session, st *store.Store, cat *catalog.Catalog, r *render.Renderer, engines *tts.Registry, player *Player, log *slog.Logger) *editing.Service {
	return editing.New(st, cat, r, engines, log, editing.Hooks{
		Changed: func(docID int64) {
			if player != nil {
				if err := player.reload(docID); err != nil {
					log.Warn("player reload", "err", err)
				}
			}
			s.Emit("editor:changed", docID)
		},
		Rendered: func(docID int64) { s.Emit("editor:changed", docID) },
		Open: func() int64 {
			if player == nil {
				return 0
			}
			return player.openDocument()
		},
		Background: s.Context,
	})
}

// EditorSegment is a sentence as the editor shows it.
type EditorSegment = render.EditorSegment

// EditorPage is a page of sentences with the document's counts.
type EditorPage = render.EditorPage

// SpeakerInfo is a line of the speakers' legend.
type SpeakerInfo = render.SpeakerInfo

// Sentences returns a page of a document's sentences with their state.
func (e *Editor) Sentences(docID int64, offset, limit int) (*EditorPage, error) {
	return e.r.Sentences(e.session.Context(), docID, offset, limit)
}

// EditSentence sets what the writer changed about sentence ord (the whole state:
// the spoken text, voice, rate, pause, skip, chapter break). action names it in
// Undo: "skip", "read" (skipped no more) or "" (an edit).
func (e *Editor) EditSentence(docID int64, ord int, state store.SegmentState, action string) error {
	return e.edits.EditSentence(e.session.Context(), docID, ord, state, action)
}

// MarkWord puts a pause of ms after the word [start, end) of sentence ord (byte
// offsets of the text as the window shows it), or emphasis on it (kind "pause" or
// "emphasis"); the same mark again takes it off. Undoable; only that sentence is
// spoken again.
func (e *Editor) MarkWord(docID int64, ord, start, end int, kind string, ms int) error {
	return e.edits.MarkWord(e.session.Context(), docID, ord, start, end, kind, ms)
}

// SetChapterVoice gives a chapter its own voice ("" for the document's).
func (e *Editor) SetChapterVoice(docID int64, sectionOrd int, voice string) error {
	return e.edits.SetChapterVoice(e.session.Context(), docID, sectionOrd, voice)
}

// SetSpeakerVoice reads the paragraphs that start "NAME:" with a voice ("" to stop).
func (e *Editor) SetSpeakerVoice(docID int64, name, voice string) error {
	return e.edits.SetSpeakerVoice(e.session.Context(), docID, name, voice)
}

// SetDocumentVoice sets the voice and rate the document is read with.
func (e *Editor) SetDocumentVoice(docID int64, voice string, rate float64) error {
	return e.edits.SetDocumentVoice(e.session.Context(), docID, voice, rate)
}

// Undo reverts the document's last action and returns its name ("" when none).
func (e *Editor) Undo(docID int64) (string, error) {
	return e.edits.Undo(e.session.Context(), docID)
}

// Redo makes again the action last undone and returns its name ("" when none).
func (e *Editor) Redo(docID int64) (string, error) {
	return e.edits.Redo(e.session.Context(), docID)
}

// RenderChanged synthesises the document's stale sentences now (and, with all,
// those never rendered too), in the background; "editor:changed" follows.
func (e *Editor) RenderChanged(docID int64, all bool) error {
	return e.edits.RenderChanged(e.session.Context(), docID, all)
}

// SetLanguage sets the language the document is read in ("" for what its text
// says) and returns the language now in force: its default voice and its reading of
// numbers follow.
func (e *Editor) SetLanguage(docID int64, tag string) (string, error) {
	return e.edits.SetLanguage(e.session.Context(), docID, tag)
}
