package audiobook

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"readback/internal/config"
	"readback/internal/store"
)

// Where a conversion is proposed to go: the folder the writer last converted this
// document into, else the desktop's audiobooks folder; the file named after the
// title.

func destinationKey(docID int64) string { return fmt.Sprintf("output_dir:%d", docID) }

// ProposeOutput returns a path for the document's audiobook in format.
func ProposeOutput(ctx context.Context, st *store.Store, docID int64, format string) (string, error) {
	doc, err := st.Document(ctx, docID)
	if err != nil {
		return "", err
	}
	var dir string
	if _, err := st.Setting(ctx, destinationKey(docID), &dir); err != nil {
		return "", err
	}
	if dir == "" || !filepath.IsAbs(dir) {
		if prefs, err := st.Preferences(ctx); err == nil && prefs.Folder != "" {
			dir = prefs.Folder
		} else {
			dir = config.AudiobooksDir()
		}
	}
	return filepath.Join(dir, FileName(doc.Title)+"."+format), nil
}

// RememberOutput keeps the folder a document was converted into, for next time.
func RememberOutput(ctx context.Context, st *store.Store, docID int64, output string) error {
	if !filepath.IsAbs(output) {
		return nil
	}
	return st.SetSetting(ctx, destinationKey(docID), filepath.Dir(output))
}

// FileName makes a title a file name: no path separators or characters other
// systems refuse, at most 120 characters, never empty.
func FileName(title string) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 0x20 {
			return ' '
		}
		return r
	}, title)
	name = strings.Join(strings.Fields(name), " ")
	name = strings.TrimLeft(name, ".")
	if r := []rune(name); len(r) > 120 {
		name = strings.TrimSpace(string(r[:120]))
	}
	if name == "" {
		name = "Audiobook"
	}
	return name
}
