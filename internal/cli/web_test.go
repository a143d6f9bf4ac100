package cli_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"readback/internal/catalog"
	"readback/internal/cli"
	"readback/internal/document"
	"readback/internal/store"
)

// `import URL` reads a page by its address (once the library allows a local server),
// and `fetch ID` reads it again as a new version.
func TestImportAndFetchByAddress(t *testing.T) {
	var body atomic.Value
	body.Store("<html><head><title>Dispatch</title></head><body><article><h1>Dispatch</h1><p>The ferry left at noon with forty passengers and a dog that belonged to nobody in particular.</p><p>It reached the island before the weather turned, which the captain called luck and the dog called lunch.</p></article></body></html>")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(body.Load().(string)))
	}))
	defer srv.Close()
	data := filepath.Join(t.TempDir(), "data")

	r := run(t, "import", "--data-dir", data, srv.URL+"/dispatch")
	if r.code != cli.ExitError || !strings.Contains(r.stderr, "private network") {
		t.Fatalf("%d %q %q", r.code, r.stdout, r.stderr)
	}
	st, err := store.Open(context.Background(), filepath.Join(data, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	lim := document.DefaultLimits()
	lim.FetchPrivate = true
	if err := catalog.New(st).SetLimits(context.Background(), lim); err != nil {
		t.Fatal(err)
	}
	st.Close()

	r = run(t, "import", "--data-dir", data, srv.URL+"/dispatch")
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, srv.URL+`/dispatch: imported as 1 "Dispatch" (html`) {
		t.Fatalf("%d %q %q", r.code, r.stdout, r.stderr)
	}
	r = run(t, "fetch", "--data-dir", data, "1")
	if r.code != cli.ExitOK || r.stdout != "1 \"Dispatch\": the page has not changed\n" {
		t.Fatalf("%d %q %q", r.code, r.stdout, r.stderr)
	}
	body.Store(strings.Replace(body.Load().(string), "forty passengers", "fifty passengers", 1))
	r = run(t, "fetch", "--data-dir", data, "1")
	if r.code != cli.ExitOK || r.stdout != "1 \"Dispatch\": new version: 0 added, 0 removed, 1 changed\n" {
		t.Fatalf("%d %q %q", r.code, r.stdout, r.stderr)
	}
	if r = run(t, "fetch", "--data-dir", data, "x"); r.code != cli.ExitError || !strings.Contains(r.stderr, `"x" is not a document id`) {
		t.Fatalf("%d %q %q", r.code, r.stdout, r.stderr)
	}
}
