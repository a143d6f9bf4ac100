package render

import (
	"context"

	"readback/internal/store"
)

// EditorSegment is a sentence as the editor shows it.
type EditorSegment struct {
	Ord        int                `json:"ord"`
	Kind       string             `json:"kind"`
	Chapter    int                `json:"chapter"`
	SourceText string             `json:"source_text"`
	SpokenText string             `json:"spoken_text"`
	Narrated   string             `json:"narrated"` // what the engine is given
	State      string             `json:"state"`    // ready, stale, missing, skipped
	Voice      string             `json:"voice"`    // the voice it is read with
	Speaker    string             `json:"speaker"`  // the speaker its paragraph names
	Edit       store.SegmentState `json:"edit"`
}

// EditorPage is a page of sentences with the document's counts.
type EditorPage struct {
	Items    []EditorSegment `json:"items"`
	Total    int             `json:"total"`
	Offset   int             `json:"offset"`
	Stale    int             `json:"stale"`
	Missing  int             `json:"missing"`
	UndoName string          `json:"undo"` // the action Undo would revert, or ""
	RedoName string          `json:"redo"`
	Voice    string          `json:"voice"` // the document's own voice ("" for the default)
	Rate     float64         `json:"rate"`
	Speakers []SpeakerInfo   `json:"speakers"` // the legend
	// Sections are the chapters with the voices the writer gave them, as they are
	// now (the document's view was read before any change).
	Sections []store.Section `json:"sections"`
}

// Sentences returns a page of a document's sentences as the editor shows them:
// each one's state, voice and speaker, with the document's counts, the legend and
// the names of the actions Undo and Redo would take.
func (r *Renderer) Sentences(ctx context.Context, docID int64, offset, limit int) (*EditorPage, error) {
	doc, err := r.st.Document(ctx, docID)
	if err != nil {
		return nil, err
	}
	b, err := r.Book(ctx, docID, Voice{})
	if err != nil {
		return nil, err
	}
	states, err := r.States(ctx, b)
	if err != nil {
		return nil, err
	}
	segs := b.Script
	items := map[int]Item{}
	for _, it := range b.Items {
		items[it.Ord] = it
	}
	page := &EditorPage{Total: len(segs), Offset: max(offset, 0), Items: []EditorSegment{}, Voice: doc.Voice, Rate: doc.Rate}
	for _, s := range states {
		switch s {
		case Stale:
			page.Stale++
		case Missing:
			page.Missing++
		}
	}
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	speaker := ""
	block := -1
	for _, g := range segs {
		if g.Block != block {
			block, speaker = g.Block, Speaker(g.SourceText)
		}
		if g.Ord < page.Offset || g.Ord >= page.Offset+limit {
			continue
		}
		es := EditorSegment{Ord: g.Ord, Kind: g.Kind, SourceText: g.SourceText, SpokenText: g.SpokenText, Edit: g.Edit, Speaker: speaker}
		if it, ok := items[g.Ord]; ok {
			es.Narrated, es.State, es.Chapter = it.Text, states[g.Ord], it.Section
			es.Voice = it.Voice.Engine + ":" + it.Voice.Voice
			if it.Voice.Voice == "" {
				es.Voice = ""
			}
		} else {
			es.State, es.Narrated = "skipped", g.SpokenText
		}
		page.Items = append(page.Items, es)
	}
	set, err := r.st.Speakers(ctx, docID)
	if err != nil {
		return nil, err
	}
	page.Speakers = Speakers(segs, set)
	if page.Sections, err = r.st.Sections(ctx, docID); err != nil {
		return nil, err
	}
	hist, err := r.st.History(ctx, docID)
	if err != nil {
		return nil, err
	}
	for _, h := range hist {
		if h.Undone {
			if page.RedoName == "" {
				page.RedoName = h.Label
			}
		} else {
			page.UndoName = h.Label
		}
	}
	return page, nil
}
