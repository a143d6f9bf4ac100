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
type bookMemo struct {
	mu      sync.Mutex
	entries []memoEntry
	built   atomic.Int64
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
	if err == nil {
		if b := r.books.get(docID, v, changes, r.voiceVersion); b != nil {
			return b, nil
		}
	}
	doc, err2 := r.st.Document(ctx, docID)
	if err2 != nil {
		return nil, err2
	}
	b, err2 := r.buildBook(ctx, doc, v, true, false)
	if err2 != nil {
		return nil, err2
	}
	r.books.built.Add(1)
	if err == nil {
		r.books.put(memoEntry{docID: docID, voice: v, changes: changes, versions: b.versions, book: b})
	}
	return b, nil
}

func (m *bookMemo) get(docID int64, v Voice, changes int64, version func(Voice) string) *Book {
	m.mu.Lock()
	defer m.mu.Unlock()
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
