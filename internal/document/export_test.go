package document

import "time"

// SetPDFTimeout lets a test give PDFs less time; it returns the undo.
func SetPDFTimeout(d time.Duration) func() {
	old := pdfTimeout
	pdfTimeout = func(int) time.Duration { return d }
	return func() { pdfTimeout = old }
}
