// Package rendertest sets up what the tests of rendering and exporting start from:
// a library holding one imported document, and a renderer over it whose engine,
// eSpeak, counts every synthesis it is asked for.
package rendertest

import (
	"context"
	"path/filepath"
	"testing"

	"readback/internal/catalog"
	"readback/internal/config"
	"readback/internal/narration"
	"readback/internal/render"
	"readback/internal/store"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"readback/internal/tts/ttstest"
)

// Fixture is the library, its one document and the renderer.
type Fixture struct {
	St  *store.Store
	R   *render.Renderer
	Reg *tts.Registry
	Eng *ttstest.Counting // every synthesis the renderer asks for (nil: not counted)
	Dir string            // the library's folder (renditions under Dir/renditions)
	Doc int64
}

// New imports text (Markdown) into a new library.
func New(t testing.TB, text string) *Fixture {
	t.Helper()
	return NewWith(t, text, func(e tts.Engine) tts.Engine { return ttstest.NewCounting(e) })
}

// NewWith is New with eSpeak as wrap makes it (counted, held, as it is).
func NewWith(t testing.TB, text string, wrap func(tts.Engine) tts.Engine) *Fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	res, err := catalog.New(st).ImportBytes(ctx, "book.md", []byte(text), narration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	reg, e := registry(t, wrap)
	eng, _ := e.(*ttstest.Counting)
	return &Fixture{St: st, R: render.New(st, reg, config.RenditionsIn(dir)), Reg: reg, Eng: eng, Dir: dir, Doc: res.ID}
}

// Engines is eSpeak, counted.
func Engines(t testing.TB) (*tts.Registry, *ttstest.Counting) {
	t.Helper()
	reg, e := registry(t, func(e tts.Engine) tts.Engine { return ttstest.NewCounting(e) })
	return reg, e.(*ttstest.Counting)
}

// registry holds eSpeak as wrap makes it.
func registry(t testing.TB, wrap func(tts.Engine) tts.Engine) (*tts.Registry, tts.Engine) {
	t.Helper()
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	w := wrap(e)
	reg := tts.NewRegistry()
	reg.Register(w)
	return reg, w
}

// Book is a short book of two chapters, a sentence said twice.
const Book = "# One\n\nThe keeper woke. She climbed the stairs.\n\nThe lamp was cold.\n\n# Two\n\nThe keeper woke. Rain fell all night.\n"

// Voice is the default voice at its own pace.
var Voice = render.Voice{Prosody: tts.Normal}

// ExpectedSeconds is how long items last with the pauses between them, from their
// renditions' lengths: what an export of them must last.
func ExpectedSeconds(t testing.TB, st *store.Store, items []render.Item, p render.Pauses) float64 {
	t.Helper()
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = it.Key
	}
	recs, err := st.Renditions(context.Background(), keys)
	if err != nil {
		t.Fatal(err)
	}
	var want float64
	for i, it := range items {
		rec := recs[it.Key]
		if rec == nil {
			t.Fatalf("no rendition for %q", it.Text)
		}
		want += float64(rec.Samples) / float64(rec.SampleRate)
		if i+1 < len(items) {
			switch next := items[i+1]; {
			case next.Section != it.Section:
				want += float64(p.Chapter) / 1000
			case next.Block != it.Block:
				want += float64(p.Paragraph) / 1000
			default:
				want += float64(p.Sentence) / 1000
			}
		}
	}
	return want
}
