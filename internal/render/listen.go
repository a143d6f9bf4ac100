package render

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"

	"readback/internal/playback"
	"readback/internal/tts"
)

// Listening is a book as the player reads it: renditions that exist are read from
// their packs; the others are synthesised in this process the moment the player
// asks (first among this process's syntheses: PriorityListening), played at once,
// and kept for next time.
type Listening struct {
	r       *Renderer
	book    *Book
	pauses  Pauses
	save    sync.Mutex // renditions are recorded one at a time, after they play
	pending sync.WaitGroup

	// Made reports a sentence synthesised for listening (ord, key), once stored.
	Made func(ord int, key string)

	doc    int64          // the document (OpenListening)
	source map[int]string // ord → the writer's text of the sentence
}

// NewListening returns the player's source for a book.
func (r *Renderer) NewListening(b *Book, p Pauses) *Listening {
	return &Listening{r: r, book: b, pauses: p}
}

// Book is what is being listened to.
func (l *Listening) Book() *Book { return l.book }

// Len is the number of sentences read.
func (l *Listening) Len() int { return len(l.book.Items) }

// Chapter tells the chapter of sentence i.
func (l *Listening) Chapter(i int) int { return l.book.Items[i].Section }

// Index returns the place in the book of the segment ord, or of the first one
// read after it (a skipped segment plays from the next).
func (l *Listening) Index(ord int) int {
	for i, it := range l.book.Items {
		if it.Ord >= ord {
			return i
		}
	}
	return max(len(l.book.Items)-1, 0)
}

// Ord is the sentence read at position i, or -1 when there is none.
func (l *Listening) Ord(i int) int {
	if i < 0 || i >= len(l.book.Items) {
		return -1
	}
	return l.book.Items[i].Ord
}

// Load returns sentence i's audio, synthesising it when it has none.
func (l *Listening) Load(ctx context.Context, i int) (*playback.Clip, error) {
	it := l.book.Items[i]
	pause := 0
	if i+1 < len(l.book.Items) {
		pause = pauseBetween(it, l.book.Items[i+1], l.pauses)
	}
	recs, err := l.r.st.Renditions(ctx, []string{it.Key})
	if err != nil {
		return nil, err
	}
	if rec := recs[it.Key]; rec != nil {
		samples, err := readPack(l.r.PackPath(rec.Pack), rec.Offset, rec.Samples)
		if err == nil {
			var marks []tts.Mark
			json.Unmarshal(rec.Marks, &marks)
			return &playback.Clip{Rate: rec.SampleRate, Samples: samples, Marks: marks, PauseMs: pause}, nil
		}
		// A pack lost or cut short: make the sentence again.
	}
	a, err := l.r.speakItem(ctx, PriorityListening, it)
	if err != nil {
		return nil, fmt.Errorf("%q: %w", it.Text, err)
	}
	// Played first, kept after: storing it is not on the way to the speaker.
	l.pending.Add(1)
	go func() {
		defer l.pending.Done()
		l.save.Lock()
		defer l.save.Unlock()
		if _, err := l.r.save(context.WithoutCancel(ctx), it.Key, it.Voice, a); err == nil && l.Made != nil {
			l.Made(it.Ord, it.Key)
		}
	}()
	return &playback.Clip{Rate: a.SampleRate, Samples: a.Samples, Marks: a.Marks, PauseMs: pause}, nil
}

// Wait returns once the renditions made so far are stored.
func (l *Listening) Wait() { l.pending.Wait() }

func readPack(path string, offset, samples int64) ([]int16, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := make([]int16, samples)
	if err := binary.Read(io.NewSectionReader(f, offset, 2*samples), binary.LittleEndian, out); err != nil {
		return nil, err
	}
	return out, nil
}
