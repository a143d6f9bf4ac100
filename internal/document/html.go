package document

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// html reads a web page: the text of its body, in document order, without scripts,
// styles, forms, navigation or link targets.
func (p *parser) html(src []byte) (*Document, error) {
	if err := checkDoctype(src); err != nil {
		return nil, err
	}
	root, err := parseHTML(src)
	if err != nil {
		return nil, err
	}
	w := htmlWalker{lim: p.lim}
	doc := &Document{}
	w.meta(root, doc)
	if err := w.walk(root, ctxPara, 0); err != nil {
		return nil, err
	}
	doc.Blocks = w.b.blocks
	return doc, nil
}

// htmlFragment reads a piece of HTML inside another format (a Markdown file's raw
// HTML blocks) as an HTML file is read.
func htmlFragment(src []byte, lim Limits) ([]Block, error) {
	if err := checkDoctype(src); err != nil {
		return nil, err
	}
	root, err := parseHTML(src)
	if err != nil {
		return nil, err
	}
	w := htmlWalker{lim: lim}
	if err := w.walk(root, ctxPara, 0); err != nil {
		return nil, err
	}
	w.b.flush(Paragraph, 0)
	return w.b.blocks, nil
}

// parseHTML parses a page; x/net/html refuses nesting beyond 512 open elements,
// which is reported like the other depth limits.
func parseHTML(src []byte) (*html.Node, error) {
	src = closeXHTMLTags(src)
	root, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		if strings.Contains(err.Error(), "open stack of elements exceeds") {
			return nil, invalid("the HTML nests deeper than 512 levels")
		}
		return nil, invalid("the HTML cannot be parsed: %v", err)
	}
	return root, nil
}

var (
	selfClosing  = regexp.MustCompile(`<([A-Za-z][A-Za-z0-9:_.-]*)((?:\s+[^\s<>/="']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s<>"']+))?)*)\s*/>`)
	voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
		"img": true, "input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true}
)

// closeXHTMLTags writes XHTML's self-closed elements out in full ("<script src=x/>"
// becomes "<script src=x></script>") before the HTML parser sees them: to an HTML
// parser "<title/>" or "<script/>" opens an element that swallows the rest of the
// page as its text, and "<a id=x/>" one that runs on into the following blocks. EPUB
// documents are XHTML, and many are written so.
func closeXHTMLTags(src []byte) []byte {
	head := src[:min(len(src), 4096)]
	if !bytes.HasPrefix(bytes.TrimSpace(head), []byte("<?xml")) && !bytes.Contains(head, []byte("http://www.w3.org/1999/xhtml")) {
		return src
	}
	return selfClosing.ReplaceAllFunc(src, func(m []byte) []byte {
		sub := selfClosing.FindSubmatch(m)
		name := string(sub[1])
		if voidElements[strings.ToLower(name)] {
			return m
		}
		out := make([]byte, 0, len(m)+len(name)+3)
		out = append(out, '<')
		out = append(out, sub[1]...)
		out = append(out, sub[2]...)
		out = append(out, "></"...)
		out = append(out, sub[1]...)
		return append(out, '>')
	})
}

var entityDecl = regexp.MustCompile(`(?is)<!DOCTYPE[^>\[]*\[[^\]]*<!ENTITY`)

// checkDoctype refuses documents that declare their own entities: the "billion laughs"
// and external-entity attacks need them, and no manuscript does.
func checkDoctype(data []byte) error {
	head := data
	if len(head) > 1<<16 {
		head = head[:1<<16]
	}
	if entityDecl.Match(head) || (bytes.Contains(head, []byte("<!ENTITY")) && bytes.Contains(head, []byte("<!DOCTYPE"))) {
		return invalid("the document declares XML entities, which are refused (they can expand without bound)")
	}
	return nil
}

// blockCtx is the kind and level that inline text inside the current element takes.
type blockCtx struct {
	kind  Kind
	level int
	lang  string // the language its text is marked with, "" for none
}

var ctxPara = blockCtx{kind: Paragraph}

type htmlWalker struct {
	lim Limits
	b   builder
}

func (w *htmlWalker) meta(root *html.Node, doc *Document) {
	var visit func(n *html.Node) bool
	visit = func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title:
				if doc.Title == "" {
					doc.Title = collapse(textOf(n))
				}
			case atom.Meta:
				switch strings.ToLower(attr(n, "name")) {
				case "author", "dc.creator":
					doc.Author = attr(n, "content")
				}
			case atom.Html:
				doc.Language = attr(n, "lang")
			case atom.Body:
				return false
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !visit(c) {
				return false
			}
		}
		return true
	}
	visit(root)
}

func (w *htmlWalker) walk(n *html.Node, ctx blockCtx, depth int) error {
	if depth > w.lim.MaxXMLDepth {
		return invalid("the HTML nests deeper than %d levels", w.lim.MaxXMLDepth)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			w.b.textIn(c.Data, ctx.lang)
		case html.ElementNode:
			if err := w.element(c, ctx, depth); err != nil {
				return err
			}
		case html.DocumentNode:
			if err := w.walk(c, ctx, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *htmlWalker) element(n *html.Node, ctx blockCtx, depth int) error {
	if hidden(n) || isNoteRef(n) {
		return nil
	}
	if lang, ok := langAttr(n); ok {
		ctx.lang = lang // a quotation in French, a phrase in Latin; "" is unknown
	}
	// An EPUB switch offers content for readers that support a namespace and a
	// fallback for the rest: Readback reads the fallback. Markup of another
	// namespace written with a prefix (m:math, svg:svg) is not text.
	if n.DataAtom == 0 {
		switch {
		case n.Data == "epub:case":
			return nil
		case strings.HasSuffix(n.Data, ":math"):
			w.math(n)
			return nil
		case strings.HasSuffix(n.Data, ":svg"):
			w.svg(n, ctx)
			return nil
		case n.Data == "rtc":
			return nil
		}
	}
	if isLineNumber(n) {
		return nil
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Nav, atom.Iframe,
		atom.Embed, atom.Canvas, atom.Audio, atom.Video, atom.Param,
		atom.Input, atom.Button, atom.Select, atom.Textarea, atom.Form, atom.Rp, atom.Rt:
		// Ruby is read as its base text: the annotation (rt) says it again.
		return nil
	case atom.Math:
		w.math(n)
		return nil
	case atom.Svg:
		w.svg(n, ctx)
		return nil
	case atom.Object:
		// What a reader without the object shows: an EPUB quiz's questions, say.
		return w.walk(n, ctx, depth+1)
	case atom.Sub, atom.Sup:
		// "πr²" is "pi r 2", not a word "r2".
		w.b.space()
		err := w.walk(n, ctx, depth+1)
		w.b.space()
		w.b.elide() // but "πr 2.", not "πr 2 ."
		return err
	case atom.Br, atom.Wbr:
		w.b.space()
		return nil
	case atom.Img, atom.Area:
		if alt := attr(n, "alt"); isDropCap(alt, n) {
			w.b.text(alt) // the "D" of "Drop", drawn as a picture
		} else if meaningfulAlt(alt) && !presentational(n) {
			w.b.space()
			w.b.alt(alt)
			w.b.space()
		} else {
			w.b.elide()
		}
		return nil
	case atom.Hr:
		w.flush(ctx)
		return nil
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return w.child(n, ctx, blockCtx{kind: Heading, level: int(n.Data[1] - '0')}, depth)
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Header, atom.Footer,
		atom.Address, atom.Figure, atom.Center, atom.Dl, atom.Dt, atom.Dd, atom.Details, atom.Summary,
		atom.Body, atom.Html, atom.Hgroup, atom.Fieldset, atom.Legend:
		if isFootnoteContainer(n) {
			return w.child(n, ctx, blockCtx{kind: Footnote}, depth)
		}
		return w.child(n, ctx, ctx, depth)
	case atom.Aside:
		if isFootnoteContainer(n) {
			return w.child(n, ctx, blockCtx{kind: Footnote}, depth)
		}
		return w.child(n, ctx, ctx, depth)
	case atom.Ul, atom.Ol, atom.Menu:
		if ctx.kind == Footnote {
			return w.child(n, ctx, ctx, depth)
		}
		level := 1
		if ctx.kind == ListItem {
			level = ctx.level + 1
		}
		return w.child(n, ctx, blockCtx{kind: ListItem, level: level}, depth)
	case atom.Li:
		inner := ctx
		if inner.kind != ListItem && inner.kind != Footnote {
			inner = blockCtx{kind: ListItem, level: 1}
		}
		return w.child(n, ctx, inner, depth)
	case atom.Blockquote:
		return w.child(n, ctx, blockCtx{kind: Quote}, depth)
	case atom.Table, atom.Thead, atom.Tbody, atom.Tfoot, atom.Tr:
		return w.child(n, ctx, ctx, depth)
	case atom.Td, atom.Th:
		return w.child(n, ctx, blockCtx{kind: TableCell}, depth)
	case atom.Caption, atom.Figcaption:
		return w.child(n, ctx, blockCtx{kind: Caption}, depth)
	case atom.Pre:
		if ctx.kind == Footnote {
			return w.child(n, ctx, ctx, depth)
		}
		return w.child(n, ctx, blockCtx{kind: Code}, depth)
	}
	// Inline elements (and unknown ones) add their text to the current block.
	return w.walk(n, ctx, depth+1)
}

// child gathers an element's text as its own blocks: text gathered before it is
// flushed first, so that document order is kept.
func (w *htmlWalker) child(n *html.Node, outer, inner blockCtx, depth int) error {
	w.flush(outer)
	if inner.lang == "" {
		inner.lang = outer.lang
	}
	if err := w.walk(n, inner, depth+1); err != nil {
		return err
	}
	w.flush(inner)
	return nil
}

func (w *htmlWalker) flush(ctx blockCtx) { w.b.flushIn(ctx.kind, ctx.level, ctx.lang) }

// math reads a formula by its description (alttext), which is what a screen reader
// says; a formula without one is left out rather than read as its element names.
func (w *htmlWalker) math(n *html.Node) {
	if alt := collapse(attr(n, "alttext")); alt != "" {
		w.b.space()
		w.b.text(alt)
		w.b.space()
		return
	}
	w.b.elide()
}

// svg reads the words drawn in a picture (its text elements, a line each), as their
// own paragraph: some books set whole pages as SVG.
func (w *htmlWalker) svg(n *html.Node, ctx blockCtx) {
	var lines []string
	var visit func(*html.Node, int)
	visit = func(n *html.Node, depth int) {
		if depth > w.lim.MaxXMLDepth {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			name := c.Data[strings.LastIndexByte(c.Data, ':')+1:]
			switch name {
			case "text":
				if t := collapse(textOf(c)); t != "" {
					lines = append(lines, t)
				}
			case "title", "desc", "metadata", "style", "script":
			default:
				visit(c, depth+1)
			}
		}
	}
	visit(n, 0)
	if len(lines) == 0 {
		w.b.elide()
		return
	}
	w.flush(ctx)
	w.b.text(strings.Join(lines, " "))
	w.flush(ctx)
}

// isDropCap reports whether an image stands for the first letter of the word after
// it: a one-letter description and text that goes on without a space.
func isDropCap(alt string, n *html.Node) bool {
	r := []rune(strings.TrimSpace(alt))
	if len(r) != 1 || !unicode.IsLetter(r[0]) {
		return false
	}
	next := n.NextSibling
	if next == nil || next.Type != html.TextNode || next.Data == "" {
		return false
	}
	first, _ := utf8.DecodeRuneInString(next.Data)
	return unicode.IsLetter(first)
}

// isLineNumber reports whether n is a poem's or a play's line number, which a
// listener should not hear glued to the verse ("Linden,10").
func isLineNumber(n *html.Node) bool {
	for _, f := range strings.Fields(attr(n, "class") + " " + attr(n, "epub:type") + " " + attr(n, "role")) {
		f = strings.ToLower(f[strings.LastIndexByte(f, ':')+1:])
		switch f {
		case "linenum", "linenumber", "line-number", "line-num", "lineno", "lnum", "verse-num", "versenum":
			return true
		}
	}
	return false
}

// presentational reports whether an image says it is decoration: its words are
// not for a listener whatever they say.
func presentational(n *html.Node) bool {
	switch strings.ToLower(attr(n, "role")) {
	case "presentation", "none":
		return true
	}
	return false
}

func hidden(n *html.Node) bool {
	if _, ok := attrOK(n, "hidden"); ok {
		return true
	}
	if attr(n, "aria-hidden") == "true" {
		return true
	}
	style := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", "")
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden")
}

func isFootnoteContainer(n *html.Node) bool {
	t := attr(n, "epub:type") + " " + attr(n, "role") + " " + attr(n, "class")
	for _, f := range strings.Fields(t) {
		switch f {
		case "footnote", "footnotes", "endnote", "endnotes", "rearnote", "rearnotes", "doc-footnote", "doc-endnotes", "doc-endnote":
			return true
		}
	}
	return false
}

// isNoteRef reports whether n is a link to a footnote: its label ("1", "*") is a
// reference mark, not words.
func isNoteRef(n *html.Node) bool {
	if n.DataAtom != atom.A && n.DataAtom != atom.Sup {
		return false
	}
	t := attr(n, "epub:type") + " " + attr(n, "role") + " " + attr(n, "class")
	for _, f := range strings.Fields(t) {
		switch f {
		case "noteref", "doc-noteref", "footnote-ref", "footnote-back", "footnote-backref", "doc-backlink", "footnoteRef":
			return true
		}
	}
	return false
}

// langAttr is the language an element says its content is in: lang, or XHTML's
// xml:lang.
func langAttr(n *html.Node) (string, bool) {
	if l, ok := attrOK(n, "lang"); ok {
		return strings.TrimSpace(l), true
	}
	for _, a := range n.Attr {
		if a.Key == "xml:lang" || (a.Namespace == "xml" && a.Key == "lang") {
			return strings.TrimSpace(a.Val), true
		}
	}
	return "", false
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		k := a.Key
		if a.Namespace != "" {
			k = a.Namespace + ":" + a.Key
		}
		if strings.EqualFold(k, key) {
			return a.Val, true
		}
	}
	return "", false
}

// NodeText is the text of a parsed HTML element, white space collapsed.
func NodeText(n *html.Node) string { return collapse(textOf(n)) }

func textOf(n *html.Node) string {
	var sb strings.Builder
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(n)
	return sb.String()
}
