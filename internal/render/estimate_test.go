package render_test

import (
	"context"
	"testing"

	"readback/internal/render"
)

// A sentence not synthesised yet is given the length its voice's measured rate
// says; once synthesised, its own. The estimate is close to what it turns out to be.
func TestClipLengthsAreMeasuredOrEstimatedFromTheVoice(t *testing.T) {
	ctx := context.Background()
	long := "# One\n\nThe keeper climbed the long stairs of the lighthouse every evening at dusk. " +
		"She trimmed the wick, wound the clockwork and polished the great lens until it shone.\n\n" +
		"# Two\n\nAt midnight the wind rose and the rain came in sideways across the harbour wall.\n"
	f := newFixture(t, long)
	l, err := f.r.OpenListening(ctx, f.doc)
	if err != nil {
		t.Fatal(err)
	}
	before, err := l.Clips(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range before {
		if !c.Estimated || c.DurationMs <= 0 {
			t.Fatalf("nothing synthesised yet, yet %+v", c)
		}
	}
	// Synthesise all but the last sentence: its estimate comes from the others.
	b, _ := f.r.Book(ctx, f.doc, render.Voice{})
	if _, err := f.r.RenderAll(ctx, b.Items[:len(b.Items)-1], nil); err != nil {
		t.Fatal(err)
	}
	mid, _ := l.Clips(ctx)
	last := mid[len(mid)-1]
	for _, c := range mid[:len(mid)-1] {
		if c.Estimated {
			t.Errorf("a synthesised sentence is estimated: %+v", c)
		}
	}
	if !last.Estimated {
		t.Fatalf("the last sentence is not synthesised, yet %+v", last)
	}
	if _, err := f.r.RenderAll(ctx, b.Items, nil); err != nil {
		t.Fatal(err)
	}
	after, _ := l.Clips(ctx)
	real := after[len(after)-1]
	if real.Estimated {
		t.Fatalf("synthesised, still estimated: %+v", real)
	}
	if ratio := float64(last.DurationMs) / float64(real.DurationMs); ratio < 0.8 || ratio > 1.25 {
		t.Errorf("estimated %d ms from the voice's rate, it lasts %d ms (×%.2f)", last.DurationMs, real.DurationMs, ratio)
	}
}
