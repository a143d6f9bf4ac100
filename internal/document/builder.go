package document

import (
	"regexp"
	"strings"
	"unicode"
)

// builder gathers inline text and emits it as blocks with whitespace collapsed.
type builder struct {
	blocks []Block
	buf    strings.Builder
	elided bool // something unheard (an image without words) was just left out
}

func (b *builder) text(s string) {
	if b.elided && s != "" {
		b.elided = false
		// "a lighthouse and ![](spacer.gif)." reads "a lighthouse and.", not "and .".
		if strings.IndexByte(".,;:!?", s[0]) >= 0 {
			kept := strings.TrimRight(b.buf.String(), " \t\r\n")
			b.buf.Reset()
			b.buf.WriteString(kept)
		}
	}
	b.buf.WriteString(s)
}

// elide notes that something between the text around it is not read.
func (b *builder) elide() { b.elided = true }

// space separates inline pieces that the source separates by layout only (a line
// break, a tab, a table of contents' leader).
func (b *builder) space() { b.buf.WriteByte(' ') }

func (b *builder) pending() bool { return strings.TrimSpace(b.buf.String()) != "" }

// flush emits the gathered text as one block of the given kind, if there is any.
func (b *builder) flush(kind Kind, level int) {
	s := b.buf.String()
	b.buf.Reset()
	b.add(kind, level, s)
}

func (b *builder) add(kind Kind, level int, s string) {
	if kind != Break {
		s = collapse(s)
		if s == "" {
			return
		}
	}
	b.blocks = append(b.blocks, Block{Kind: kind, Level: level, Text: s})
}

// collapse folds every run of white space into one space and removes characters a
// listener cannot hear (soft hyphens, zero-width marks, byte-order marks).
func collapse(s string) string {
	var out strings.Builder
	out.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\u00AD' || r == '\u200B' || r == '\u200C' || r == '\u200D' || r == '\u2060' || r == '\uFEFF':
			continue
		case unicode.IsSpace(r) || r == '\u00A0':
			space = out.Len() > 0
			continue
		}
		if space {
			out.WriteByte(' ')
			space = false
		}
		out.WriteRune(r)
	}
	return out.String()
}

var fileNameLike = regexp.MustCompile(`(?i)^[\w\-. ]+\.(png|jpe?g|gif|svg|webp|bmp|tiff?|emf|wmf|eps)$`)

// meaningfulAlt reports whether an image's alternative text says something a listener
// should hear, rather than a file name or a placeholder.
func meaningfulAlt(alt string) bool {
	alt = strings.TrimSpace(alt)
	if alt == "" || fileNameLike.MatchString(alt) {
		return false
	}
	switch strings.ToLower(alt) {
	case "image", "img", "picture", "photo", "figure", "graphic", "logo", "icon", "spacer", "alt", "untitled", "description", "a picture containing", "decorative":
		return false
	}
	return true
}
