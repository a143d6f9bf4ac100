package audiobook_test

import (
	"os"
	"testing"

	"readback/internal/audiobook"
	"readback/internal/render"
	"readback/internal/render/rendertest"
	"readback/internal/store"
	"readback/internal/tts"
	"readback/internal/tts/ttstest"
)

// TestMain lets this test binary stand in for a process that crashes mid-conversion.
func TestMain(m *testing.M) {
	if dir := os.Getenv("READBACK_TEST_CRASH_CHILD"); dir != "" {
		os.Exit(crashChild(dir))
	}
	os.Exit(m.Run())
}

// fixture is rendertest's, with the exporter of its renditions.
type fixture struct {
	st  *store.Store
	r   *render.Renderer
	x   *audiobook.Exporter
	eng *ttstest.Counting
	dir string
	doc int64
}

func newFixture(t testing.TB, text string) *fixture {
	t.Helper()
	f := rendertest.New(t, text)
	return &fixture{st: f.St, r: f.R, x: audiobook.New(f.R), eng: f.Eng, dir: f.Dir, doc: f.Doc}
}

func engines(t testing.TB) (*tts.Registry, *ttstest.Counting) { return rendertest.Engines(t) }

const book = rendertest.Book

var voice = rendertest.Voice

func expectedSeconds(t *testing.T, f *fixture, items []render.Item, p render.Pauses) float64 {
	return rendertest.ExpectedSeconds(t, f.st, items, p)
}
