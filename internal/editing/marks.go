package editing

import (
	"context"
	"slices"

	"readback/internal/fault"
	"readback/internal/narration"
	"readback/internal/store"
)

// WordMark puts a mark on the word [start, end) of sentence ord as the window shows
// it (byte offsets into the writer's text): a pause of ms after it, or emphasis. The
// same mark again takes it off (a pause of 0 ms too). It returns the sentence's new
// state, for the editor to apply (undoable, re-rendering that sentence alone).
func WordMark(ctx context.Context, st *store.Store, docID int64, ord, start, end int, kind string, ms int) (store.SegmentState, error) {
	script, err := st.Script(ctx, docID)
	if err != nil {
		return store.SegmentState{}, err
	}
	i := slices.IndexFunc(script, func(g store.ScriptSegment) bool { return g.Ord == ord })
	if i < 0 {
		return store.SegmentState{}, fault.New(fault.NotFound, "document %d has no sentence %d", docID, ord+1)
	}
	g := script[i]
	if start < 0 || end > len(g.SourceText) || end <= start {
		return store.SegmentState{}, fault.New(fault.Invalid, "the word is not in sentence %d", ord+1)
	}
	// The mark sits on the spoken text, which the writer may have changed: the word
	// is found there by alignment.
	s, e := start, end
	if g.SpokenText != g.SourceText {
		if s, e = narration.MapSpan(g.SpokenText, g.SourceText, start, end); s < 0 || e <= s {
			return store.SegmentState{}, fault.New(fault.Invalid, "“%s” is not spoken in sentence %d (its spoken text was changed)", g.SourceText[start:end], ord+1)
		}
	}
	state := g.Edit
	state.Marks = slices.Clone(state.Marks)
	at := slices.IndexFunc(state.Marks, func(m store.Mark) bool { return m.Kind == kind && m.Start == s && m.End == e })
	switch {
	case at >= 0 && (kind == "emphasis" || ms == 0 || state.Marks[at].Ms == ms):
		state.Marks = slices.Delete(state.Marks, at, at+1)
	case at >= 0:
		state.Marks[at].Ms = ms
	case kind == "pause" && ms == 0:
		// Nothing to take off.
	default:
		state.Marks = append(state.Marks, store.Mark{Start: s, End: e, Kind: kind, Ms: ms})
	}
	if len(state.Marks) == 0 {
		state.Marks = nil
	}
	return state, state.Validate()
}
