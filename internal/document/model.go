package document

import (
	"unicode"

	"readback/internal/fault"
)

// Format names a supported input format.
type Format string

const (
	Markdown Format = "markdown"
	Text     Format = "text"
	HTML     Format = "html"
	DOCX     Format = "docx"
	EPUB     Format = "epub"
	PDF      Format = "pdf"
)

// Formats lists every supported format, in the order the UI offers them.
var Formats = []Format{Markdown, Text, HTML, DOCX, EPUB, PDF}

// Kind says what role a block plays; it decides how the block is shown and whether
// (and where) it is read aloud.
type Kind string

const (
	Heading   Kind = "heading"
	Paragraph Kind = "paragraph"
	ListItem  Kind = "list_item"
	Quote     Kind = "quote"
	TableCell Kind = "table_cell"
	Caption   Kind = "caption"
	Code      Kind = "code"
	Footnote  Kind = "footnote"
	// Break starts a new section whose title is the block's Text. Formats with their
	// own chapter structure (EPUB spine items, PDF outline entries or pages) emit it;
	// others are divided at headings instead.
	Break Kind = "break"
)

// Block is one unit of readable text: a heading, a paragraph, a list item, one table
// cell. Text holds what a listener should hear, with whitespace collapsed and markup,
// link targets and field codes removed.
type Block struct {
	Kind  Kind
	Level int // heading level (1–6) or list nesting depth (1-based); 0 otherwise
	Text  string
	// Lang is the language of a passage in another language than its document's
	// (a quotation marked lang="fr", a Word paragraph whose runs are all German), as
	// a canonical BCP 47 tag; "" is the document's own.
	Lang string
}

// Document is a parsed manuscript.
type Document struct {
	Format   Format
	Title    string // from the file's metadata or its first heading; may be empty
	Author   string
	Language string
	Blocks   []Block
	// Notes tell the writer what the import left out or could not read, for the
	// import's report; the document is still complete in every other way.
	Notes []Note
}

// Note is one line of an import's report, kept with its format for translation.
type Note struct {
	Message string   `json:"message"`
	Format  string   `json:"format"`
	Args    []string `json:"args,omitempty"`
}

func (d *Document) note(format string, args ...any) {
	n := Note{}
	n.Message, n.Format, n.Args = fault.Say(format, args...)
	d.Notes = append(d.Notes, n)
}

// Words counts the words a listener would hear, excluding section breaks.
func (d *Document) Words() int {
	n := 0
	for _, b := range d.Blocks {
		if b.Kind != Break {
			n += CountWords(b.Text)
		}
	}
	return n
}

// CountWords counts the words of s as a reader would: runs of letters between
// spaces, and in Chinese and Japanese, written without spaces, each character
// (as word processors count them).
func CountWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		switch {
		case unspacedScript(r):
			if unicode.IsLetter(r) {
				n++
			}
			in = false
		case unicode.IsSpace(r):
			in = false
		default:
			if !in {
				n++
			}
			in = true
		}
	}
	return n
}
