package render_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"readback/internal/render"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
)

// While three conversions of a book run in this process on an engine that says one
// text at a time, the sentence the player asks for next is said within the next two
// turns, not after the conversions' waiting sentences.
func TestListeningOvertakesConversions(t *testing.T) {
	ctx := context.Background()
	var text strings.Builder
	for i := range 40 {
		fmt.Fprintf(&text, "The keeper counted step %d of the stair. ", i+1)
	}
	f := newFixture(t, text.String())
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	slow := &slowEngine{Engine: e, delay: 20 * time.Millisecond}
	reg := tts.NewRegistry()
	reg.Register(slow)
	r := render.New(f.st, reg, filepath.Join(f.dir, "slow"))
	defer r.Close()
	b, err := r.Book(ctx, f.doc, voice)
	if err != nil {
		t.Fatal(err)
	}
	items := b.Items
	last := len(items) - 1
	var wg sync.WaitGroup
	for k := range 3 { // three conversions, each its share of all but the last sentence
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []render.Item
			for i := k; i < last; i += 3 {
				mine = append(mine, items[i])
			}
			r.RenderAll(ctx, mine, nil)
		}()
	}
	for slow.count() < 3 {
		time.Sleep(time.Millisecond)
	}
	asked := slow.count()
	if _, err := r.NewListening(b, render.DefaultPauses).Load(ctx, last); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	started := slow.texts()
	at := slices.Index(started, items[last].Text)
	if at < 0 || at > asked+1 {
		t.Errorf("asked for after %d texts had started, said as text %d of %d", asked, at, len(started))
	}
}
