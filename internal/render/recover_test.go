package render_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"readback/internal/audio"
	"readback/internal/render"
	"readback/internal/tts"
)

// Audio a killed run wrote to its pack without recording it (here: written as a
// worker writes it, and never recorded) is recovered, whole and checked, and not
// synthesised again; an entry cut short by the kill is not, and is made again.
func TestRecoverUnrecordedAudio(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, book)
	b, err := f.r.Book(ctx, f.doc, voice)
	if err != nil {
		t.Fatal(err)
	}
	items := b.Items // 7 sentences, "The keeper woke." twice: 6 to make
	dir := filepath.Join(f.dir, "renditions")
	packs := audio.NewPackWriter(render.PacksDir(dir))
	var last string
	for _, it := range items[:4] { // 4 distinct, the last one about to be cut short
		a, err := f.eng.Synthesize(ctx, tts.Request{Text: it.Text, Voice: it.Voice.Voice, Prosody: it.Voice.Prosody, Marks: it.Marks})
		if err != nil {
			t.Fatal(err)
		}
		rec, err := render.WriteAudio(packs, it.Key, it.Voice, a)
		if err != nil {
			t.Fatal(err)
		}
		last = rec.Pack
	}
	packs.Close()
	path := filepath.Join(render.PacksDir(dir), last)
	st, _ := os.Stat(path)
	os.Truncate(path, st.Size()-7)

	n, err := f.r.Recover(ctx)
	if err != nil || n != 3 {
		t.Fatalf("recovered %d (%v), want the 3 whole entries", n, err)
	}
	if again, _ := f.r.Recover(ctx); again != 0 {
		t.Fatalf("recovered %d more the second time", again)
	}
	f.eng.Reset()
	sum, err := f.r.RenderAll(ctx, items, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Synthesized != 3 || f.eng.Calls() != 3 {
		t.Fatalf("after recovery: %d synthesised, %d engine calls; want the 3 not recovered", sum.Synthesized, f.eng.Calls())
	}
}
