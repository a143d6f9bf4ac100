package listening

import (
	"context"
	"fmt"
	"sync"

	"readback/internal/fault"
	"readback/internal/narration"
	"readback/internal/playback"
	"readback/internal/render"
)

// Source is a book as the player reads it: renditions that exist are read from
// their packs; the others are synthesised in this process the moment the player
// asks (first among this process's syntheses: render.PriorityListening), played at
// once, and kept for next time.
type Source struct {
	r       *render.Renderer
	book    *render.Book
	pauses  render.Pauses
	save    sync.Mutex // renditions are recorded one at a time, after they play
	pending sync.WaitGroup

	// Made reports a sentence synthesised for listening (ord, key), once stored.
	Made func(ord int, key string)

	doc    int64          // the document (Open)
	source map[int]string // ord → the writer's text of the sentence
}

// New returns the player's source for a book.
func New(r *render.Renderer, b *render.Book, p render.Pauses) *Source {
	return &Source{r: r, book: b, pauses: p}
}

// Open reads a document for the player: its book (the document's voices), the
// writer's text of each sentence (to show the word spoken), and a sentence
// synthesised while listening marked as heard with its key.
func Open(ctx context.Context, r *render.Renderer, docID int64) (*Source, error) {
	b, err := r.Book(ctx, docID, render.Voice{})
	if err != nil {
		return nil, err
	}
	if len(b.Items) == 0 {
		return nil, fault.New(fault.Invalid, "every sentence of this document is skipped: there is nothing to play")
	}
	l := New(r, b, render.DefaultPauses)
	l.doc = docID
	l.source = make(map[int]string, len(b.Script))
	for _, g := range b.Script {
		l.source[g.Ord] = g.SourceText
	}
	l.Made = func(ord int, key string) {
		r.Store().MarkRendered(context.Background(), docID, map[int]string{ord: key})
	}
	return l, nil
}

// Book is what is being listened to.
func (l *Source) Book() *render.Book { return l.book }

// Len is the number of sentences read.
func (l *Source) Len() int { return len(l.book.Items) }

// Chapter tells the chapter of sentence i.
func (l *Source) Chapter(i int) int { return l.book.Items[i].Section }

// Index returns the place in the book of the segment ord, or of the first one
// read after it (a skipped segment plays from the next).
func (l *Source) Index(ord int) int {
	for i, it := range l.book.Items {
		if it.Ord >= ord {
			return i
		}
	}
	return max(len(l.book.Items)-1, 0)
}

// Ord is the sentence read at position i, or -1 when there is none.
func (l *Source) Ord(i int) int {
	if i < 0 || i >= len(l.book.Items) {
		return -1
	}
	return l.book.Items[i].Ord
}

// OrdAt is the sentence at index i of what is read (the last when past it).
func (l *Source) OrdAt(i int) int { return l.book.Items[min(i, len(l.book.Items)-1)].Ord }

// Text is the writer's text of sentence ord.
func (l *Source) Text(ord int) string { return l.source[ord] }

// Load returns sentence i's audio, synthesising it when it has none.
func (l *Source) Load(ctx context.Context, i int) (*playback.Clip, error) {
	it := l.book.Items[i]
	pause := 0
	if i+1 < len(l.book.Items) {
		pause = render.PauseBetween(it, l.book.Items[i+1], l.pauses)
	}
	kept, err := l.r.Stored(ctx, it.Key)
	if err != nil {
		return nil, err
	}
	if kept != nil {
		return &playback.Clip{Rate: kept.SampleRate, Samples: kept.Samples, Marks: kept.Marks, PauseMs: pause}, nil
	}
	a, err := l.r.Speak(ctx, render.PriorityListening, it)
	if err != nil {
		return nil, fmt.Errorf("%q: %w", it.Text, err)
	}
	// Played first, kept after: storing it is not on the way to the speaker.
	l.pending.Add(1)
	go func() {
		defer l.pending.Done()
		l.save.Lock()
		defer l.save.Unlock()
		if _, err := l.r.Save(context.WithoutCancel(ctx), it.Key, it.Voice, a); err == nil && l.Made != nil {
			l.Made(it.Ord, it.Key)
		}
	}()
	return &playback.Clip{Rate: a.SampleRate, Samples: a.Samples, Marks: a.Marks, PauseMs: pause}, nil
}

// Wait returns once the renditions made so far are stored.
func (l *Source) Wait() { l.pending.Wait() }

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
func (l *Source) Clips(ctx context.Context) ([]Clip, error) {
	return clipsOf(ctx, l.r, l.book.Items, l.pauses)
}

func clipsOf(ctx context.Context, r *render.Renderer, items []render.Item, pauses render.Pauses) ([]Clip, error) {
	lengths, err := r.Lengths(ctx, items)
	if err != nil {
		return nil, err
	}
	out := make([]Clip, 0, len(items))
	for i, it := range items {
		c := Clip{Ord: it.Ord, Chapter: it.Section, DurationMs: lengths[i].Ms, Estimated: lengths[i].Estimated}
		if i+1 < len(items) {
			c.PauseMs = render.PauseBetween(it, items[i+1], pauses)
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
func (l *Source) Position(s playback.State) Position {
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
