package app_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"readback/internal/catalog"
	"readback/internal/narration"
	"readback/internal/render"
	"readback/internal/store"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
)

// fixture is a library in a temporary folder with one document, eSpeak, and a
// renderer: what the queue's and the shared library's handlers are built on.
type fixture struct {
	dir     string
	st      *store.Store
	doc     *catalog.Result
	engines *tts.Registry
	r       *render.Renderer
	log     *slog.Logger
}

func newFixture(t *testing.T, markdown string) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{dir: t.TempDir(), log: slog.New(slog.NewTextHandler(discard{}, nil))}
	var err error
	if f.st, err = store.Open(ctx, filepath.Join(f.dir, "library.db")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.st.Close() })
	if f.doc, err = catalog.New(f.st).ImportBytes(ctx, "k.md", []byte(markdown), narration.Options{}); err != nil {
		t.Fatal(err)
	}
	f.engines = tts.NewRegistry()
	e, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	f.engines.Register(e)
	f.r = render.New(f.st, f.engines, filepath.Join(f.dir, "renditions"))
	t.Cleanup(func() { f.r.Close() })
	return f
}
