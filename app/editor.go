package app

import (
	"fmt"
	"log/slog"
	"strings"

	"readback/internal/catalog"
	"readback/internal/fault"
	"readback/internal/render"
	"readback/internal/store"
	"readback/internal/tts"
)

// Editor is the handler for changing how a document is read: the spoken text,
// voice, rate and pause of each sentence, skips and chapter breaks, voices of
// chapters and speakers, lexicons, undo and redo, re-rendering what changed, and
// new versions of the manuscript.
type Editor struct {
	session *Session
	st      *store.Store
	cat     *catalog.Catalog
	r       *render.Renderer
	engines *tts.Registry
	player  *Player
	log     *slog.Logger

	rerender *render.Rerenderer
}

// NewEditor returns the handler.
func NewEditor(s *Session, st *store.Store, cat *catalog.Catalog, r *render.Renderer, engines *tts.Registry, player *Player, log *slog.Logger) *Editor {
	return &Editor{session: s, st: st, cat: cat, r: r, engines: engines, player: player, log: log,
		rerender: &render.Rerenderer{R: r, Log: log, Done: func(docID int64) { s.Emit("editor:changed", docID) }}}
}

// EditorSegment is a sentence as the editor shows it.
type EditorSegment = render.EditorSegment

// EditorPage is a page of sentences with the document's counts.
type EditorPage = render.EditorPage

// Sentences returns a page of a document's sentences with their state.
func (e *Editor) Sentences(docID int64, offset, limit int) (*EditorPage, error) {
	return e.r.Sentences(e.session.Context(), docID, offset, limit)
}

// changed is called after every edit: the player reads the document again, the
// window hears of it, and what went stale is rendered again when the document had
// been rendered before.
func (e *Editor) changed(docID int64) {
	if e.player != nil {
		if err := e.player.reload(docID); err != nil {
			e.log.Warn("player reload", "err", err)
		}
	}
	e.session.Emit("editor:changed", docID)
	go e.rerender.Run(e.session.Context(), docID, false)
}

func (e *Editor) apply(docID int64, label string, edits []store.Edit) error {
	for i := range edits {
		if err := e.checkVoice(edits[i].State.Voice); err != nil {
			return err
		}
	}
	if err := e.st.Apply(e.session.Context(), docID, label, edits); err != nil {
		return err
	}
	e.changed(docID)
	return nil
}

func (e *Editor) checkVoice(spec string) error {
	return e.engines.CheckVoice(e.session.Context(), spec)
}

// EditSentence sets what the writer changed about sentence ord (the whole state:
// the spoken text, voice, rate, pause, skip, chapter break). action names it in
// Undo: "skip", "read" (skipped no more) or "" (an edit).
func (e *Editor) EditSentence(docID int64, ord int, state store.SegmentState, action string) error {
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
	return e.apply(docID, label, []store.Edit{{Kind: "segment", Ord: ord, State: state}})
}

// undoLabel names an action in Undo. The label is kept in English; the window
// translates it by its format.
func undoLabel(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// MarkWord puts a pause of ms after the word [start, end) of sentence ord (byte
// offsets of the text as the window shows it), or emphasis on it (kind "pause" or
// "emphasis"); the same mark again takes it off. Undoable; only that sentence is
// spoken again.
func (e *Editor) MarkWord(docID int64, ord, start, end int, kind string, ms int) error {
	st, err := e.r.WordMark(e.session.Context(), docID, ord, start, end, kind, ms)
	if err != nil {
		return err
	}
	label := undoLabel("emphasis in sentence %d", ord+1)
	if kind == "pause" {
		label = undoLabel("pause in sentence %d", ord+1)
	}
	return e.apply(docID, label, []store.Edit{{Kind: "segment", Ord: ord, State: st}})
}

// SetChapterVoice gives a chapter its own voice ("" for the document's).
func (e *Editor) SetChapterVoice(docID int64, sectionOrd int, voice string) error {
	return e.apply(docID, undoLabel("chapter voice"), []store.Edit{{Kind: "section", Ord: sectionOrd, State: store.SegmentState{Voice: voice}}})
}

// SetSpeakerVoice reads the paragraphs that start "NAME:" with a voice ("" to stop).
func (e *Editor) SetSpeakerVoice(docID int64, name, voice string) error {
	return e.apply(docID, undoLabel("voice for %s", strings.TrimSpace(name)), []store.Edit{{Kind: "speaker", Name: strings.TrimSpace(name), State: store.SegmentState{Voice: voice}}})
}

// SetDocumentVoice sets the voice and rate the document is read with.
func (e *Editor) SetDocumentVoice(docID int64, voice string, rate float64) error {
	if rate != 0 && (rate < 0.5 || rate > 3) {
		return fault.New(fault.Invalid, "the rate must be between 0.5 and 3")
	}
	return e.apply(docID, undoLabel("document voice"), []store.Edit{{Kind: "document", State: store.SegmentState{Voice: voice, Rate: rate}}})
}

// SpeakerInfo is a line of the speakers' legend.
type SpeakerInfo = render.SpeakerInfo

// Undo reverts the document's last action and returns its name ("" when none).
func (e *Editor) Undo(docID int64) (string, error) {
	h, err := e.st.Undo(e.session.Context(), docID)
	if err != nil || h == nil {
		return "", err
	}
	e.changed(docID)
	return h.Label, nil
}

// Redo makes again the action last undone and returns its name ("" when none).
func (e *Editor) Redo(docID int64) (string, error) {
	h, err := e.st.Redo(e.session.Context(), docID)
	if err != nil || h == nil {
		return "", err
	}
	e.changed(docID)
	return h.Label, nil
}

// RenderChanged synthesises the document's stale sentences now (and, with all,
// those never rendered too), in the background; "editor:changed" follows.
func (e *Editor) RenderChanged(docID int64, all bool) error {
	if _, err := e.st.Document(e.session.Context(), docID); err != nil {
		return err
	}
	go e.rerender.Run(e.session.Context(), docID, all)
	return nil
}

// SetLanguage sets the language the document is read in ("" for what its text
// says) and returns the language now in force: its default voice and its reading of
// numbers follow.
func (e *Editor) SetLanguage(docID int64, tag string) (string, error) {
	lang, err := e.cat.SetLanguage(e.session.Context(), docID, tag)
	if err != nil {
		return "", err
	}
	e.changed(docID)
	return lang, nil
}
