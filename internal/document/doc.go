// Package document reads manuscripts in every supported format (Markdown, plain text,
// HTML, DOCX, EPUB, PDF) into one model of titled, ordered blocks of readable text,
// enforcing size, structure and encoding limits while it reads.
package document
