package render

import (
	"context"

	"readback/internal/fault"
	"readback/internal/narration"
	"readback/internal/playback"
)

// OpenListening reads a document for the player: its book (the document's voices),
// the writer's text of each sentence (to show the word spoken), and a sentence
// synthesised while listening marked as heard with its key.
func (r *Renderer) OpenListening(ctx context.Context, docID int64) (*Listening, error) {
	b, err := r.Book(ctx, docID, Voice{})
	if err != nil {
		return nil, err
	}
	if len(b.Items) == 0 {
		return nil, fault.New(fault.Invalid, "every sentence of this document is skipped: there is nothing to play")
	}
	l := r.NewListening(b, DefaultPauses)
	l.doc = docID
	l.source = make(map[int]string, len(b.Script))
	for _, g := range b.Script {
		l.source[g.Ord] = g.SourceText
	}
	l.Made = func(ord int, key string) {
		r.st.MarkRendered(context.Background(), docID, map[int]string{ord: key})
	}
	return l, nil
}

// Clip is one sentence as the player needs it: where it is, how long it lasts and
// the pause after it.
type Clip struct {
	Ord        int  `json:"ord"`
	Chapter    int  `json:"chapter"`
	PauseMs    int  `json:"pause_ms"`
	DurationMs int  `json:"duration_ms"`
	Estimated  bool `json:"estimated"` // not synthesised yet: DurationMs is the voice's measured rate × its length
}

// Clips lists the sentences read, in order, with their length and the pause after
// each: exact for the sentences already synthesised, estimated for the others.
func (l *Listening) Clips(ctx context.Context) ([]Clip, error) {
	items := l.book.Items
	est, err := l.r.estimator(ctx, items)
	if err != nil {
		return nil, err
	}
	out := make([]Clip, 0, len(items))
	for i, it := range items {
		c := Clip{Ord: it.Ord, Chapter: it.Section}
		c.DurationMs, c.Estimated = est.duration(it)
		if i+1 < len(items) {
			c.PauseMs = PauseBetween(it, items[i+1], l.pauses)
		}
		out = append(out, c)
	}
	return out, nil
}

// Position is where the player is, as the window shows it.
type Position struct {
	Document  int64   `json:"document"`
	Ord       int     `json:"ord"` // the segment
	Index     int     `json:"index"`
	Count     int     `json:"count"`
	Chapter   int     `json:"chapter"`
	OffsetMs  int     `json:"offset_ms"`
	WordStart int     `json:"word_start"` // in the segment's source text; -1 when none
	WordEnd   int     `json:"word_end"`
	Playing   bool    `json:"playing"`
	Waiting   bool    `json:"waiting"`
	Speed     float64 `json:"speed"`
	Ended     bool    `json:"ended"`
	Error     string  `json:"error"`
}

// Position turns the player's state into the window's: the sentence, and the word
// spoken mapped from the narrated text into the writer's.
func (l *Listening) Position(s playback.State) Position {
	items := l.book.Items
	it := items[min(s.Index, len(items)-1)]
	pos := Position{Document: l.doc, Ord: it.Ord, Index: s.Index, Count: len(items), Chapter: it.Section,
		OffsetMs: s.OffsetMs, WordStart: -1, WordEnd: -1, Playing: s.Playing, Waiting: s.Waiting, Speed: s.Speed,
		Ended: s.Ended, Error: s.Error}
	if s.WordStart >= 0 {
		pos.WordStart, pos.WordEnd = narration.MapSpan(l.source[it.Ord], it.Text, s.WordStart, s.WordEnd)
	}
	return pos
}

// OrdAt is the sentence at index i of what is read (the last when past it).
func (l *Listening) OrdAt(i int) int { return l.book.Items[min(i, len(l.book.Items)-1)].Ord }

// Source is the writer's text of sentence ord.
func (l *Listening) Source(ord int) string { return l.source[ord] }
