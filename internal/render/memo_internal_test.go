package render

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"readback/internal/catalog"
	"readback/internal/narration"
	"readback/internal/store"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
)

// gated holds each book's build at its first look at the engine's version until
// the test opens the gate.
type gated struct {
	tts.Engine
	asked atomic.Int32
	gate  chan struct{}
}

func (g *gated) Version() string {
	g.asked.Add(1)
	<-g.gate
	return g.Engine.Version()
}

// Two readers asking at once for a book not kept — the player and the editor's
// page opening a long book — share one build: the second waits for the first's.
func TestReadersAtOnceShareOneBuild(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	res, err := catalog.New(st).ImportBytes(ctx, "book.md", []byte("# One\n\nThe keeper woke. The lamp was cold.\n"), narration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	g := &gated{Engine: e, gate: make(chan struct{})}
	reg := tts.NewRegistry()
	reg.Register(g)
	r := New(st, reg, filepath.Join(t.TempDir(), "renditions"))
	defer r.Close()
	waiting := make(chan struct{}, 2)
	r.books.onWait = func() { waiting <- struct{}{} }

	books := make([]*Book, 2)
	var wg sync.WaitGroup
	read := func(i int) {
		defer wg.Done()
		b, err := r.Book(ctx, res.ID, Voice{})
		if err != nil {
			t.Error(err)
		}
		books[i] = b
	}
	wg.Add(2)
	go read(0)
	for g.asked.Load() == 0 { // the first is building
		time.Sleep(time.Millisecond)
	}
	go read(1)
	deadline := time.After(20 * time.Second)
wait:
	for {
		select {
		case <-waiting:
			break wait
		case <-deadline:
			t.Fatal("the second reader neither waited nor built")
		default:
			if g.asked.Load() > 1 {
				close(g.gate)
				wg.Wait()
				t.Fatalf("the second reader built the book again (%d built)", r.BooksBuilt())
			}
			time.Sleep(time.Millisecond)
		}
	}
	close(g.gate)
	wg.Wait()
	if r.BooksBuilt() != 1 || books[0] == nil || books[0] != books[1] {
		t.Errorf("%d books built for two readers at once, want 1 shared", r.BooksBuilt())
	}
}
