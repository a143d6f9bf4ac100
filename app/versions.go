package app

import (
	"encoding/base64"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"readback/internal/catalog"
	"readback/internal/document"
	"readback/internal/fault"
)

// The editor's new versions: a revised manuscript (a file, a dropped file, a page
// fetched again) read over the document, and what it changed.

// ChooseNewVersion asks, with the system's file dialog, for a revised manuscript and
// returns its path ("" when the writer cancels); NewVersionFile then reads it, with
// a password if it is a protected PDF.
func (e *Editor) ChooseNewVersion() (string, error) {
	path, err := runtime.OpenFileDialog(e.session.Context(), runtime.OpenDialogOptions{Title: "Open the new version"})
	if err != nil {
		return "", noFileDialog(err)
	}
	return path, nil
}

// NewVersionFile reads the manuscript at path over the document; password opens an
// encrypted PDF ("" for none) and is not kept.
func (e *Editor) NewVersionFile(docID int64, path string, password string) (*catalog.Revision, error) {
	return e.edits.ReviseFile(document.WithPassword(e.session.Context(), password), docID, path)
}

// NewVersionData reads a dropped file (base64) as a new version of the document.
func (e *Editor) NewVersionData(docID int64, name string, data string, password string) (*catalog.Revision, error) {
	raw, err := decodeDropped(name, data)
	if err != nil {
		return nil, err
	}
	return e.edits.Revise(document.WithPassword(e.session.Context(), password), docID, name, raw)
}

// FetchAgain fetches the document's web address again and reads the page as its new
// version.
func (e *Editor) FetchAgain(docID int64) (*catalog.Revision, error) {
	return e.edits.Refetch(e.session.Context(), docID)
}

// NewVersionURL fetches the page at address and reads it as the document's new
// version.
func (e *Editor) NewVersionURL(docID int64, address string) (*catalog.Revision, error) {
	return e.edits.ReviseURL(e.session.Context(), docID, address)
}

// LastRevision returns what the document's last new version changed (empty when
// it never had one).
func (e *Editor) LastRevision(docID int64) ([]catalog.SentenceChange, error) {
	return e.edits.LastRevision(e.session.Context(), docID)
}

// decodeDropped decodes a file dropped on the window, which the page sends base64.
func decodeDropped(name, data string) ([]byte, error) {
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return nil, fault.New(fault.Invalid, "%s: the dropped data could not be decoded", name)
	}
	return raw, nil
}
