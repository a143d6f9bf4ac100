package document

import "time"

// SetPDFTimeout lets a test give PDFs less time; it returns the undo.
func SetPDFTimeout(d time.Duration) func() {
	old := pdfTimeout
	pdfTimeout = func(int) time.Duration { return d }
	return func() { pdfTimeout = old }
}

// SetMarkdownStretch lets a test cut Markdown into smaller pieces; it returns the
// undo.
func SetMarkdownStretch(n int) func() {
	old := markdownStretch
	markdownStretch = n
	return func() { markdownStretch = old }
}

// Stretches is stretches, for tests.
var Stretches = stretches
