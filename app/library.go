package app

import (
	"log/slog"
	"strings"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"readback/internal/catalog"
	"readback/internal/store"
)

// Library is the library view's handler: import, list, open, rename, delete.
type Library struct {
	session *Session
	catalog *catalog.Catalog
	log     *slog.Logger

	// Listed, when set, is told each time the library is listed: documents imported
	// or changed since have their length worked out in the background.
	Listed func()
}

// NewLibrary returns the handler.
func NewLibrary(s *Session, cat *catalog.Catalog, log *slog.Logger) *Library {
	return &Library{session: s, catalog: cat, log: log}
}

// ImportOutcome is the result of importing one file: a result or a problem.
type ImportOutcome struct {
	File    string          `json:"file"`
	Result  *catalog.Result `json:"result,omitempty"`
	Problem *Problem        `json:"problem,omitempty"`
}

// ImportSettings are what the writer chose for an import.
type ImportSettings = catalog.ImportSettings

func (l *Library) outcome(file string, res *catalog.Result, err error) ImportOutcome {
	if err != nil {
		p := problemOf(l.log, err)
		return ImportOutcome{File: file, Problem: &p}
	}
	return ImportOutcome{File: file, Result: res}
}

// ImportFiles imports files by path, each on its own: one failure does not stop the rest.
func (l *Library) ImportFiles(paths []string, settings ImportSettings) []ImportOutcome {
	out := make([]ImportOutcome, 0, len(paths))
	for _, p := range paths {
		res, err := l.catalog.ImportFileChosen(l.session.Context(), p, settings)
		out = append(out, l.outcome(p, res, err))
	}
	return out
}

// ImportData imports a file dropped on the window, its bytes base64-encoded.
func (l *Library) ImportData(name string, data string, settings ImportSettings) ImportOutcome {
	raw, err := decodeDropped(name, data)
	if err != nil {
		return l.outcome(name, nil, err)
	}
	res, err := l.catalog.ImportChosen(l.session.Context(), name, raw, settings)
	return l.outcome(name, res, err)
}

// ImportURL fetches a page or a manuscript by its web address and imports it.
func (l *Library) ImportURL(address string, settings ImportSettings) ImportOutcome {
	res, err := l.catalog.ImportURL(l.session.Context(), address, settings.Options(), settings.AsNew)
	return l.outcome(address, res, err)
}

// ChooseFiles shows the system's file dialog and imports what the writer picks.
func (l *Library) ChooseFiles(settings ImportSettings) ([]ImportOutcome, error) {
	paths, err := runtime.OpenMultipleFilesDialog(l.session.Context(), runtime.OpenDialogOptions{
		Title: "Import manuscripts",
		Filters: []runtime.FileFilter{
			{DisplayName: "Manuscripts (*.md, *.txt, *.html, *.docx, *.epub, *.pdf)", Pattern: "*.md;*.markdown;*.txt;*.text;*.html;*.htm;*.xhtml;*.docx;*.epub;*.pdf"},
			{DisplayName: "All files", Pattern: "*"},
		},
	})
	if err != nil {
		return nil, noFileDialog(err)
	}
	return l.ImportFiles(paths, settings), nil
}

// DocumentPage is one page of the library.
type DocumentPage struct {
	Items   []store.Document `json:"items"`
	Total   int              `json:"total"`
	Page    int              `json:"page"`
	PerPage int              `json:"per_page"`
	// MsPerWord is how long a word takes in the audiobooks already made (pauses
	// included): the measured rate for each document's length; 0 until one is made.
	MsPerWord float64 `json:"ms_per_word"`
}

// PerPage is how many documents the library shows at once.
const PerPage = 50

// List returns a page (0-based) of documents whose title contains query.
func (l *Library) List(query string, page int) (*DocumentPage, error) {
	page = max(page, 0)
	p, err := l.catalog.List(l.session.Context(), strings.TrimSpace(query), page*PerPage, PerPage)
	if err != nil {
		return nil, err
	}
	if l.Listed != nil {
		l.Listed()
	}
	return &DocumentPage{Items: p.Items, Total: p.Total, Page: page, PerPage: PerPage, MsPerWord: p.MsPerWord}, nil
}

// Open returns what the document view shows.
func (l *Library) Open(id int64) (*catalog.View, error) {
	return l.catalog.View(l.session.Context(), id)
}

// Text renders sentences from to to of a document's text (a chunk of its View).
func (l *Library) Text(id int64, from, to int) (string, error) {
	return l.catalog.Text(l.session.Context(), id, from, to)
}

// Find looks for a phrase in a document's sentences.
func (l *Library) Find(id int64, phrase string) (*catalog.Found, error) {
	return l.catalog.Find(l.session.Context(), id, phrase)
}

// Rename changes a document's title.
func (l *Library) Rename(id int64, title string) error {
	return l.catalog.Rename(l.session.Context(), id, title)
}

// Delete removes a document (the UI asks for confirmation first).
func (l *Library) Delete(id int64) error { return l.catalog.Delete(l.session.Context(), id) }
