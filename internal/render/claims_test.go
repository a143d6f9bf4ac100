package render_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"readback/internal/render"
	"readback/internal/store"
)

// Two conversions of one document at once, each with its own connection to the
// library as two processes have, synthesise each sentence once between them: the
// second waits for what the first claimed (issue 8: both synthesised every one).
func TestConcurrentConversionsShareWork(t *testing.T) {
	f := newFixture(t, book)
	ctx := context.Background()
	other, err := store.Open(ctx, filepath.Join(f.dir, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	reg2, eng2 := engines(t)
	second := render.New(other, reg2, filepath.Join(f.dir, "renditions"))
	defer second.Close()

	items, err := f.r.Book(ctx, f.doc, voice)
	if err != nil {
		t.Fatal(err)
	}
	distinct := map[string]bool{}
	for _, it := range items.Items {
		distinct[it.Key] = true
	}
	var wg sync.WaitGroup
	sums := make([]*render.Summary, 2)
	errs := make([]error, 2)
	for i, r := range []*render.Renderer{f.r, second} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sums[i], errs[i] = r.RenderAll(ctx, items.Items, nil)
		}()
	}
	wg.Wait()
	for i := range sums {
		if errs[i] != nil || len(sums[i].Failed) != 0 {
			t.Fatalf("conversion %d: %v %+v", i, errs[i], sums[i])
		}
		if got := sums[i].Synthesized + sums[i].Reused; got != len(items.Items) {
			t.Errorf("conversion %d accounted for %d of %d sentences: %+v", i, got, len(items.Items), sums[i])
		}
	}
	if n := f.eng.Calls() + eng2.Calls(); n != len(distinct) {
		t.Fatalf("%d syntheses for %d distinct sentences (%d + %d)", n, len(distinct), f.eng.Calls(), eng2.Calls())
	}
}

// A claim whose owner is gone (its lease lapsed, or its process ended) or that was
// given up without a rendition is taken over: the conversion makes it itself.
func TestLapsedClaimsAreTakenOver(t *testing.T) {
	f := newFixture(t, book)
	ctx := context.Background()
	b, err := f.r.Book(ctx, f.doc, voice)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, len(b.Items))
	for i, it := range b.Items {
		keys[i] = it.Key
	}
	// A third claimed long ago, a third by a process of this machine that is gone
	// (its lease still running: a conversion killed and run again does not wait it
	// out; its pid is this one's, as pids are reused, its start another), a third by
	// one that gives up.
	third := len(keys) / 3
	if _, err := f.st.ClaimRenditions(ctx, "lapsed", keys[:third], -time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.ClaimRenditions(ctx, fmt.Sprintf("%d-1-killed", os.Getpid()), keys[third:2*third], time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.ClaimRenditions(ctx, "quitter", keys[2*third:], time.Minute); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		f.st.ReleaseClaims(ctx, "quitter")
	}()
	done := make(chan error, 1)
	var seen []int // progress, which counts on across the passes
	progress := func(n, total int) {
		if len(seen) > 0 && n < seen[len(seen)-1] || n > total {
			t.Errorf("progress %d of %d after %v", n, total, seen)
		}
		seen = append(seen, n)
	}
	go func() {
		sum, err := f.r.RenderAll(ctx, b.Items, progress)
		if err == nil && len(sum.Failed) > 0 {
			err = context.Canceled
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the conversion waited on claims that were given up")
	}
	if len(seen) == 0 || seen[len(seen)-1] != len(b.Items) {
		t.Errorf("progress ended at %v of %d", seen, len(b.Items))
	}
	have, _ := f.r.Existing(ctx, keys)
	if len(have) != len(distinctKeys(keys)) {
		t.Fatalf("%d of %d renditions made", len(have), len(distinctKeys(keys)))
	}
}

func distinctKeys(keys []string) map[string]bool {
	m := map[string]bool{}
	for _, k := range keys {
		m[k] = true
	}
	return m
}
