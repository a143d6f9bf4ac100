package document

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// builder gathers inline text and emits it as blocks with whitespace collapsed.
type builder struct {
	blocks []Block
	buf    strings.Builder
	elided bool // something unheard (an image without words) was just left out
	langs  langTally
}

// langTally finds the language of a block from the languages its text was marked
// with: one language for all of its letters is the block's, a mixture (a French
// phrase in an English sentence) leaves the block in its document's language.
type langTally struct {
	lang        string
	seen, mixed bool
}

func (t *langTally) add(lang, s string) {
	if strings.IndexFunc(s, unicode.IsLetter) < 0 {
		return
	}
	switch {
	case !t.seen:
		t.lang, t.seen = lang, true
	case !sameTag(t.lang, lang):
		t.mixed = true
	}
}

// sameTag reports whether two marks name one language ("fr" and "fr-FR"); an
// unmarked run is its own.
func sameTag(a, b string) bool {
	if a == "" || b == "" {
		return a == b
	}
	return SameLanguage(a, b)
}

// take returns the block's language, or fallback (the language of the element that
// holds the block) when its text mixes languages, and starts the next block's count.
func (t *langTally) take(fallback string) string {
	lang := t.lang
	if t.mixed {
		lang = fallback
	}
	*t = langTally{}
	return lang
}

// textIn adds text marked as being in lang ("" for unmarked).
func (b *builder) textIn(s, lang string) {
	b.langs.add(lang, s)
	b.text(s)
}

// alt adds an image's alternative text, marked as such (see dropPlaceholderAlts).
func (b *builder) alt(s string) {
	b.elided = false
	b.buf.WriteString(altText(s))
}

// noMarks takes the alternative-text marks out of a file's own text, where they
// would be taken for Readback's.
var noMarks = strings.NewReplacer(string(altOpen), "", string(altClose), "")

func (b *builder) text(s string) {
	if strings.ContainsAny(s, string(altOpen)+string(altClose)) {
		s = noMarks.Replace(s)
	}
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
func (b *builder) flush(kind Kind, level int) { b.flushIn(kind, level, "") }

// flushIn is flush for a block inside an element in the language lang, which is
// the block's when its own text mixes languages.
func (b *builder) flushIn(kind Kind, level int, lang string) {
	s := b.buf.String()
	b.buf.Reset()
	b.addIn(kind, level, s, b.langs.take(lang))
}

func (b *builder) add(kind Kind, level int, s string) { b.addIn(kind, level, s, "") }

// addIn adds a block in the language lang ("" for its document's).
func (b *builder) addIn(kind Kind, level int, s, lang string) {
	if kind != Break {
		s = collapse(s)
		if s == "" {
			return
		}
	}
	b.blocks = append(b.blocks, Block{Kind: kind, Level: level, Text: s, Lang: lang})
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

// An image's alternative text is marked while a file is read, so that once the
// whole document is known the placeholders among them can go: the same words on
// three or more images ("image", "代替テキスト", "Bild") describe none of them, in
// whatever language. The marks are Unicode noncharacters, never text.
const (
	altOpen  = '\uFDD0'
	altClose = '\uFDD1'
)

// placeholderRepeats is how many images sharing one alternative text make it a
// placeholder.
const placeholderRepeats = 3

// altText is alt as read, marked as an image's words.
func altText(alt string) string { return string(altOpen) + alt + string(altClose) }

// dropPlaceholderAlts removes the alternative texts repeated on many images and
// unmarks the rest; a block left with nothing to read goes.
func dropPlaceholderAlts(blocks []Block) []Block {
	counts := map[string]int{}
	marked := false
	for _, b := range blocks {
		if b.Kind == Break {
			continue // a chapter's title repeats its heading: its images are counted there
		}
		forEachAlt(b.Text, func(alt string) { counts[strings.TrimSpace(alt)]++; marked = true })
	}
	if !marked {
		return blocks
	}
	out := blocks[:0]
	for _, b := range blocks {
		if strings.ContainsRune(b.Text, altOpen) || strings.ContainsRune(b.Text, altClose) {
			if b.Kind == Break {
				b.Text = collapse(noMarks.Replace(b.Text)) // a title keeps its words
			} else if b.Text = unmarkAlts(b.Text, counts); strings.TrimSpace(b.Text) == "" {
				continue
			}
		}
		out = append(out, b)
	}
	return out
}

func forEachAlt(s string, f func(string)) {
	for {
		i := strings.IndexRune(s, altOpen)
		if i < 0 {
			return
		}
		s = s[i+len(string(altOpen)):]
		j := strings.IndexRune(s, altClose)
		if j < 0 {
			return
		}
		f(s[:j])
		s = s[j+len(string(altClose)):]
	}
}

func unmarkAlts(s string, counts map[string]int) string {
	var b strings.Builder
	for {
		i := strings.IndexRune(s, altOpen)
		j := strings.IndexRune(s[max(i, 0):], altClose)
		if i < 0 || j < 0 {
			break
		}
		j += i
		b.WriteString(s[:i])
		alt := s[i+len(string(altOpen)) : j]
		s = s[j+len(string(altClose)):]
		if counts[strings.TrimSpace(alt)] < placeholderRepeats {
			b.WriteString(alt)
			continue
		}
		// The placeholder goes with the space set around it: "and [image]." reads
		// "and.", and Japanese keeps no space at all.
		kept := strings.TrimRight(b.String(), " ")
		b.Reset()
		b.WriteString(kept)
		s = strings.TrimLeft(s, " ")
		prev, _ := utf8.DecodeLastRuneInString(kept)
		next, _ := utf8.DecodeRuneInString(s)
		if kept != "" && s != "" && !unspacedScript(prev) && !unspacedScript(next) && !unicode.IsPunct(next) {
			b.WriteByte(' ')
		}
	}
	b.WriteString(s)
	return collapse(strings.NewReplacer(string(altOpen), "", string(altClose), "").Replace(b.String()))
}

// unspacedScript reports whether r is of a script written without spaces between
// words (Chinese, Japanese), or is its punctuation.
func unspacedScript(r rune) bool {
	// Every letter and mark of these scripts lies at or above the CJK radicals
	// (U+2E80): the rest of the text, most of a book, is ruled out at once.
	return r >= 0x2E80 && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF))
}

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
