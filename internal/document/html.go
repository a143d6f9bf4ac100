package document

import (
	"bytes"
	"regexp"
	"strings"

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

// parseHTML parses a page; x/net/html refuses nesting beyond 512 open elements,
// which is reported like the other depth limits.
func parseHTML(src []byte) (*html.Node, error) {
	root, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		if strings.Contains(err.Error(), "open stack of elements exceeds") {
			return nil, invalid("the HTML nests deeper than 512 levels")
		}
		return nil, invalid("the HTML cannot be parsed: %v", err)
	}
	return root, nil
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
			w.b.text(c.Data)
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
	// An EPUB switch offers content for readers that support a namespace and a
	// fallback for the rest: Readback reads the fallback. Markup of another
	// namespace written with a prefix (m:math, svg:svg) is not text.
	if n.DataAtom == 0 {
		if n.Data == "epub:case" || strings.HasSuffix(n.Data, ":math") || strings.HasSuffix(n.Data, ":svg") {
			return nil
		}
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Nav, atom.Iframe,
		atom.Object, atom.Embed, atom.Svg, atom.Math, atom.Canvas, atom.Audio, atom.Video,
		atom.Input, atom.Button, atom.Select, atom.Textarea, atom.Form, atom.Rp:
		return nil
	case atom.Br, atom.Wbr:
		w.b.space()
		return nil
	case atom.Img, atom.Area:
		if alt := attr(n, "alt"); meaningfulAlt(alt) {
			w.b.space()
			w.b.text(alt)
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
	if err := w.walk(n, inner, depth+1); err != nil {
		return err
	}
	w.flush(inner)
	return nil
}

func (w *htmlWalker) flush(ctx blockCtx) { w.b.flush(ctx.kind, ctx.level) }

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
