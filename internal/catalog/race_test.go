package catalog_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"readback/internal/catalog"
	"readback/internal/narration"
	"readback/internal/store"
)

// One document per file, whatever the timing: imports of the same bytes at once,
// each through its own connection as separate processes would, all succeed with
// the one document (issue 8: one of 20 parallel imports failed with "already in the
// library").
func TestParallelImportsMakeOneDocument(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "library.db")
	first, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	first.Close()
	// Long enough that every import has read and checked the file before the first
	// one commits: the moment the race happens.
	text := []byte("# The Keeper\n\n" + strings.Repeat("The keeper climbed the stairs. The lamp was cold, and the sea was loud below.\n\n", 3000))
	const n = 8
	ids := make([]int64, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := store.Open(ctx, path)
			if err != nil {
				errs[i] = err
				return
			}
			defer st.Close()
			<-start
			res, err := catalog.New(st).ImportBytes(ctx, "keeper.md", text, narration.Options{})
			if err == nil {
				ids[i] = res.ID
			}
			errs[i] = err
		}()
	}
	close(start)
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("import %d: %v", i, errs[i])
		}
		if ids[i] != ids[0] {
			t.Fatalf("two documents for one file: %v", ids)
		}
	}
	st, _ := store.Open(ctx, path)
	defer st.Close()
	page, err := st.ListDocuments(ctx, "", 0, 10)
	if err != nil || page.Total != 1 {
		t.Fatalf("%v %+v", err, page)
	}
}
