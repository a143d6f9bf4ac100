package render_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"readback/internal/render"
	"readback/internal/store"
	"readback/internal/tts"
	"readback/internal/tts/polly"
	"readback/internal/tts/polly/pollytest"
)

// pollyRenderer is a renderer whose only engine is Polly, pointed at the stand-in.
func pollyRenderer(t *testing.T, f *fixture, s *pollytest.Speech) *render.Renderer {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("the Polly stand-in needs ffmpeg")
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	e, err := polly.New(context.Background(), polly.Options{Endpoint: srv.URL, Timeout: 5 * time.Second,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""), RequestsPerSecond: 1000})
	if err != nil {
		t.Fatal(err)
	}
	reg := tts.NewRegistry()
	reg.Register(e)
	r := render.New(f.st, reg, filepath.Join(f.dir, "polly"))
	t.Cleanup(func() { r.Close() })
	return r
}

// sentences are n distinct sentences for Polly's Joanna.
func sentences(r *render.Renderer, n int) []render.Item {
	v := render.Voice{Engine: polly.Name, Voice: "Joanna-neural", Prosody: tts.Normal}
	items := make([]render.Item, n)
	for i := range items {
		items[i].Ord, items[i].Voice, items[i].PauseMs = i, v, -1
		items[i].Text = fmt.Sprintf("The keeper climbed stair number %d.", i+1)
		items[i].Key, _ = r.Key(v, items[i].Text)
	}
	return items
}

// A conversion in Polly's voices is asked for from this process, many sentences at
// once (never through worker processes), and what Polly throttles is tried again.
func TestPollyConversionHereThrottlingRetried(t *testing.T) {
	f := newFixture(t, book)
	s := &pollytest.Speech{Latency: 20 * time.Millisecond}
	r := pollyRenderer(t, f, s)
	s.Throttle(5)
	items := sentences(r, 24)
	// Workers that would fail every sentence: none may be asked.
	sum, err := r.RenderAllWith(context.Background(), poolFor(t, "crash", time.Minute), items, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Synthesized != 24 || len(sum.Failed) != 0 {
		t.Fatalf("summary %+v", sum)
	}
	if n, _ := s.Requests(); n != 48 {
		t.Errorf("%d requests answered for 24 sentences (audio and marks each)", n)
	}
	if s.MostAtOnce() < 4 {
		t.Errorf("at most %d requests at once: the conversion waited on each answer", s.MostAtOnce())
	}
	// A burst of throttling longer than a lost helper's three tries: Polly's own
	// backoff outlasts it (eight refusals are four tries of two requests).
	s.Throttle(8)
	one := sentences(r, 25)[24:]
	if sum, err := r.RenderAll(context.Background(), one, nil); err != nil || sum.Synthesized != 1 {
		t.Errorf("after a burst of throttling: %+v, %v", sum, err)
	}
}

// The monthly budget is checked before each request: what would pass it is not
// sent, and what was sent is recorded, priced, for the dashboard.
func TestPollyBudget(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, book)
	s := &pollytest.Speech{Latency: 10 * time.Millisecond}
	r := pollyRenderer(t, f, s)
	items := sentences(r, 12)
	per := 2 * len(items[0].Text) // each sentence billed twice: audio and marks
	r.Budget = &render.MonthlyBudget{Store: f.st, Limit: func(context.Context, string) (int64, error) { return int64(5*per + per/2), nil }}
	// The sixth sentence is refused, and the conversion stops there: every
	// sentence after it would be refused too. What was made is kept.
	sum, err := r.RenderAll(ctx, items, nil)
	if !errors.Is(err, render.ErrOverBudget) || !strings.Contains(err.Error(), "monthly budget for polly") {
		t.Fatalf("err = %v", err)
	}
	if again, err := r.QuoteItems(ctx, items); err != nil || again.Missing != 7 {
		t.Errorf("%+v (%v): 5 sentences within the budget should have been kept", again, err)
	}
	_ = sum
	requests, billed := s.Requests()
	if requests != 10 || billed > 5*per+per/2 {
		t.Errorf("%d requests billing %d characters were sent; the budget allows %d", requests, billed, 5*per+per/2)
	}
	use, err := f.st.CloudUsage(ctx, store.Span{From: 0, To: time.Now().Add(time.Hour).UnixMilli()})
	if err != nil {
		t.Fatal(err)
	}
	if len(use) != 1 || use[0].Engine != "neural" || use[0].Characters != int64(billed) {
		t.Errorf("recorded %+v; Polly billed %d neural characters", use, billed)
	}
}
