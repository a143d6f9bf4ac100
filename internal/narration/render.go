package narration

import (
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/microcosm-cc/bluemonday"

	"readback/internal/document"
)

// policy allows only the structure RenderHTML writes; anything else is stripped, so
// the webview never sees markup that came from an imported file.
var policy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("section", "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "li", "blockquote", "pre", "aside", "span", "figcaption")
	p.AllowAttrs("data-seg").Matching(bluemonday.Integer).OnElements("span")
	p.AllowAttrs("data-section").Matching(bluemonday.Integer).OnElements("section")
	p.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).OnElements("span", "p", "section", "aside", "li")
	// A passage in another language says so, for the fonts and for screen readers.
	p.AllowAttrs("lang").Matching(reLangTag).OnElements("p", "blockquote", "aside", "pre", "h2", "h3", "h4", "h5", "h6")
	return p
}()

// The view's two defences, each enough on its own: every sentence's text is
// escaped, and the page is sanitised. Tests switch one off to see the other hold.
var (
	escapeText = html.EscapeString
	sanitize   = policy.Sanitize
)

// RenderHTML shows the script as the document view displays it: one element per
// block, each sentence a span carrying its segment's position, so that playback can
// highlight it and a click can start there. The result is sanitised.
func RenderHTML(s *Script) string {
	parts := make([]Part, 0, len(s.Sections))
	n := 0
	for i, sec := range s.Sections {
		parts = append(parts, Part{Section: i, First: n, Segments: sec.Segments})
		n += len(sec.Segments)
	}
	return RenderParts(parts)
}

// Part is a run of one chapter's sentences, the first of them at position First
// in the document: what the window renders of a long text at a time.
type Part struct {
	Section   int
	First     int
	Continues bool // the chapter began in an earlier part
	Segments  []Segment
}

// RenderParts renders parts as RenderHTML renders a whole script: each part a
// section element (marked "cont" when it continues its chapter), each sentence a
// span numbered by its position in the document. The result is sanitised.
func RenderParts(parts []Part) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(`<section data-section="`)
		b.WriteString(strconv.Itoa(p.Section))
		if p.Continues {
			b.WriteString(`" class="cont`)
		}
		b.WriteString(`">`)
		n := p.First
		for j := 0; j < len(p.Segments); {
			k := j
			for k < len(p.Segments) && p.Segments[k].Block == p.Segments[j].Block {
				k++
			}
			open, close := blockTags(p.Segments[j])
			b.WriteString(open)
			for x, seg := range p.Segments[j:k] {
				if x > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(`<span class="seg" data-seg="`)
				b.WriteString(strconv.Itoa(n))
				b.WriteString(`">`)
				b.WriteString(escapeText(seg.Text))
				b.WriteString(`</span>`)
				n++
			}
			b.WriteString(close)
			j = k
		}
		b.WriteString("</section>")
	}
	return sanitize(b.String())
}

var reLangTag = regexp.MustCompile(`^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$`)

// blockTags are the opening and closing tags of a segment's block; a passage in
// another language carries its lang.
func blockTags(seg Segment) (string, string) {
	open, close := blockTagsOf(seg)
	if seg.Lang != "" && reLangTag.MatchString(seg.Lang) {
		i := strings.IndexAny(open, " >")
		open = open[:i] + ` lang="` + seg.Lang + `"` + open[i:]
	}
	return open, close
}

func blockTagsOf(seg Segment) (string, string) {
	switch seg.Kind {
	case document.Heading:
		// One level down: the view's own title is the page's only h1.
		l := min(max(seg.Level, 1)+1, 6)
		return fmt.Sprintf("<h%d>", l), fmt.Sprintf("</h%d>", l)
	case document.ListItem:
		return fmt.Sprintf(`<p class="li l%d">`, min(max(seg.Level, 1), 6)), "</p>"
	case document.Quote:
		return "<blockquote><p>", "</p></blockquote>"
	case document.TableCell:
		return `<p class="cell">`, "</p>"
	case document.Caption:
		return `<p class="caption">`, "</p>"
	case document.Code:
		return "<pre>", "</pre>"
	case document.Footnote:
		return `<aside class="note"><p>`, "</p></aside>"
	}
	return "<p>", "</p>"
}
