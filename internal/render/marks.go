package render

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
func (r *Renderer) WordMark(ctx context.Context, docID int64, ord, start, end int, kind string, ms int) (store.SegmentState, error) {
	script, err := r.st.Script(ctx, docID)
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
	st := g.Edit
	st.Marks = slices.Clone(st.Marks)
	at := slices.IndexFunc(st.Marks, func(m store.Mark) bool { return m.Kind == kind && m.Start == s && m.End == e })
	switch {
	case at >= 0 && (kind == "emphasis" || ms == 0 || st.Marks[at].Ms == ms):
		st.Marks = slices.Delete(st.Marks, at, at+1)
	case at >= 0:
		st.Marks[at].Ms = ms
	case kind == "pause" && ms == 0:
		// Nothing to take off.
	default:
		st.Marks = append(st.Marks, store.Mark{Start: s, End: e, Kind: kind, Ms: ms})
	}
	if len(st.Marks) == 0 {
		st.Marks = nil
	}
	return st, st.Validate()
}
