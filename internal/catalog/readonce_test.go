package catalog_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"readback/internal/catalog"
)

// An import reads its file's bytes once: the manuscript comes down a named pipe,
// which gives them to one reader only — a second open would wait for a writer that
// never comes. Each way a file is imported (the command line's, the window's with
// its choices) is tried, with Markdown and with plain text.
func TestImportReadsTheFileOnce(t *testing.T) {
	cat := catalog.New(mustOpenStore(t))
	ctx := context.Background()
	for name, imp := range map[string]func(path string) (*catalog.Result, error){
		"ImportFile": func(p string) (*catalog.Result, error) {
			return cat.ImportFile(ctx, p, catalog.ImportSettings{}.Options())
		},
		"ImportFileChosen": func(p string) (*catalog.Result, error) {
			return cat.ImportFileChosen(ctx, p, catalog.ImportSettings{AsNew: true})
		},
	} {
		for _, file := range []string{"night.md", "night.txt"} {
			pipe := filepath.Join(t.TempDir(), file)
			if err := syscall.Mkfifo(pipe, 0o600); err != nil {
				t.Fatal(err)
			}
			text := "# Night\n\nThe keeper counted the steps (" + name + ", " + file + ").\n"
			go func() {
				if w, err := os.OpenFile(pipe, os.O_WRONLY, 0); err == nil {
					w.WriteString(text)
					w.Close()
				}
			}()
			done := make(chan error, 1)
			go func() {
				res, err := imp(pipe)
				if err == nil && res.Words == 0 {
					err = os.ErrInvalid
				}
				done <- err
			}()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("%s of %s down a pipe: %v", name, file, err)
				}
			case <-time.After(5 * time.Second): // a few lines read in milliseconds
				// Open it once more for writing, so that the reader waiting ends.
				if w, err := os.OpenFile(pipe, os.O_WRONLY, 0); err == nil {
					w.Close()
				}
				t.Fatalf("%s of %s opened the file a second time", name, file)
			}
		}
	}
}
