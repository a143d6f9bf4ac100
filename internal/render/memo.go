package render

import (
	"context"
	"sync"
	"sync/atomic"

	"readback/internal/tts"
)

// bookMemo keeps the books built last, so that the readers of one edit — the
// player, the re-rendering of what went stale, the editor's page — build it once.
// A book is reused only while nothing it is made from was committed since it was
// read (store.BookChanges: not the renditions and claims of the re-rendering) and
// every voice it holds has the version it had (a model replaced, an engine turned
// on or off, changes its keys).
// Readers that ask at once for a book not kept — the player and the editor's page
// opening a long book together — share one build: the first builds, the others
// wait for it.
type bookMemo struct {
	mu       sync.Mutex
	entries  []memoEntry
	building map[memoKey]*building
	built    atomic.Int64

	onWait func() // tests: a reader waits for another's build
}

type memoKey struct {
	docID   int64
	voice   Voice
	changes int64
}

// building is a build under way; done is closed when book or err is set.
type building struct {
	done chan struct{}
	book *Book
	err  error
}

type memoEntry struct {
	docID    int64
	voice    Voice
	changes  int64
	versions map[Voice]string // each voice's engine and model version its keys were made with
	book     *Book
}

// memoSize is how many books are kept: a long book's items are tens of MB.
const memoSize = 2

// BooksBuilt is how many books this renderer has built (not reused).
func (r *Renderer) BooksBuilt() int64 { return r.books.built.Load() }

// memoBook is the book of a document as voice v reads it, reused while what it is
// made from and its voices are as they were when it was built. Callers must not
// change it.
func (r *Renderer) memoBook(ctx context.Context, docID int64, v Voice) (*Book, error) {
	changes, err := r.st.BookChanges(ctx, docID) // before anything is read for the book
	if err != nil {
		return r.freshBook(ctx, docID, v) // kept by no one
	}
	key := memoKey{docID, v, changes}
	for {
		b, other, mine := r.books.claim(key, r.voiceVersion)
		if b != nil {
			return b, nil
		}
		if mine != nil {
			b, err := r.freshBook(ctx, docID, v)
			r.books.finish(key, mine, b, err)
			return b, err
		}
		if r.books.onWait != nil {
			r.books.onWait()
		}
		select {
		case <-other.done:
			if other.err == nil {
				return other.book, nil
			}
			// Its build failed (its reader gone, say): this reader tries itself.
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// freshBook builds the book, counted.
func (r *Renderer) freshBook(ctx context.Context, docID int64, v Voice) (*Book, error) {
	doc, err := r.st.Document(ctx, docID)
	if err != nil {
		return nil, err
	}
	b, err := r.buildBook(ctx, doc, v, true, false)
	if err != nil {
		return nil, err
	}
	r.books.built.Add(1)
	return b, nil
}

// claim returns the book kept for key, or the build under way for it, or — neither
// being there — a build registered for the caller to do and finish.
func (m *bookMemo) claim(key memoKey, version func(Voice) string) (*Book, *building, *building) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if b := m.kept(key.docID, key.voice, key.changes, version); b != nil {
		return b, nil, nil
	}
	if b := m.building[key]; b != nil {
		return nil, b, nil
	}
	if m.building == nil {
		m.building = map[memoKey]*building{}
	}
	b := &building{done: make(chan struct{})}
	m.building[key] = b
	return nil, nil, b
}

// finish keeps a built book and tells the readers waiting for it.
func (m *bookMemo) finish(key memoKey, b *building, book *Book, err error) {
	if err == nil {
		m.put(memoEntry{docID: key.docID, voice: key.voice, changes: key.changes, versions: book.versions, book: book})
	}
	m.mu.Lock()
	delete(m.building, key)
	m.mu.Unlock()
	b.book, b.err = book, err
	close(b.done)
}

// kept is the book kept for docID as v reads it at changes, if its voices are as
// they were; the caller holds m.mu.
func (m *bookMemo) kept(docID int64, v Voice, changes int64, version func(Voice) string) *Book {
	for i, e := range m.entries {
		if e.docID != docID || e.voice != v || e.changes != changes {
			continue
		}
		for voice, was := range e.versions {
			if version(voice) != was {
				m.entries = append(m.entries[:i], m.entries[i+1:]...)
				return nil
			}
		}
		return e.book
	}
	return nil
}

func (m *bookMemo) put(e memoEntry) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, old := range m.entries {
		if old.docID == e.docID && old.voice == e.voice {
			m.entries = append(m.entries[:i], m.entries[i+1:]...)
			break
		}
	}
	m.entries = append(m.entries, e)
	if len(m.entries) > memoSize {
		m.entries = m.entries[len(m.entries)-memoSize:]
	}
}

// voiceVersion is what a voice's keys hold of its engine: its version and its
// model's ("" when the engine is not there).
func (r *Renderer) voiceVersion(v Voice) string {
	e, err := r.engines.Engine(v.Engine)
	if err != nil {
		return ""
	}
	version := e.Version()
	if vv, ok := e.(tts.VoiceVersioner); ok {
		version += "\x00" + vv.VoiceVersion(v.Voice)
	}
	return version
}
