package document

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// epub reads an EPUB 2 or 3 book: the spine in reading order, one section per spine
// document, titled from the EPUB 3 navigation document or the EPUB 2 NCX. The
// navigation document itself is not read aloud.
func (p *parser) epub(data []byte) (*Document, error) {
	a, err := openArchive(data, p.lim)
	if err != nil {
		return nil, err
	}
	opfPath, err := rootFile(a)
	if err != nil {
		return nil, err
	}
	opfData, err := a.read(opfPath)
	if err != nil {
		return nil, err
	}
	pkg, err := parseOPF(opfPath, opfData, p.lim)
	if err != nil {
		return nil, err
	}
	titles := map[string]string{}
	if pkg.nav != "" && a.has(pkg.nav) {
		navTitles(a, pkg.nav, p.lim, titles)
	}
	if pkg.ncx != "" && a.has(pkg.ncx) {
		ncxTitles(a, pkg.ncx, p.lim, titles)
	}
	doc := &Document{Title: pkg.title, Author: pkg.author, Language: pkg.language}
	for i, href := range pkg.spine {
		if err := p.cancelled(); err != nil {
			return nil, err
		}
		if href == pkg.nav || !a.has(href) {
			continue
		}
		body, err := a.read(href)
		if err != nil {
			return nil, err
		}
		if err := checkDoctype(body); err != nil {
			return nil, fmt.Errorf("%s: %w", href, err)
		}
		root, err := parseHTML(body)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", href, err)
		}
		w := htmlWalker{lim: p.lim}
		if err := w.walk(root, ctxPara, 0); err != nil {
			return nil, fmt.Errorf("%s: %w", href, err)
		}
		if len(w.b.blocks) == 0 {
			continue
		}
		title := titles[href]
		if title == "" {
			title = firstHeading(w.b.blocks)
		}
		if title == "" {
			title = fmt.Sprintf("Part %d", i+1)
		}
		doc.Blocks = append(doc.Blocks, Block{Kind: Break, Text: title})
		doc.Blocks = append(doc.Blocks, w.b.blocks...)
	}
	return doc, nil
}

func rootFile(a *archive) (string, error) {
	data, err := a.read("META-INF/container.xml")
	if err != nil {
		return "", invalid("the EPUB has no META-INF/container.xml")
	}
	d := newXMLDecoder("META-INF/container.xml", data, a.lim)
	for {
		t, err := d.Token()
		if err == io.EOF {
			return "", invalid("META-INF/container.xml names no package document")
		}
		if err != nil {
			return "", err
		}
		if e, ok := t.(xml.StartElement); ok && e.Name.Local == "rootfile" {
			p := xattr(e, "full-path")
			if err := checkEntryName(p); err != nil {
				return "", err
			}
			if !a.has(p) {
				return "", invalid("the package document %q named by META-INF/container.xml is missing", p)
			}
			return p, nil
		}
	}
}

type opf struct {
	title, author, language string
	spine                   []string // hrefs, resolved inside the archive
	nav, ncx                string
}

func parseOPF(name string, data []byte, lim Limits) (*opf, error) {
	d := newXMLDecoder(name, data, lim)
	type item struct{ href, mediaType, props string }
	items := map[string]item{}
	var idrefs []string
	tocID := ""
	out := &opf{}
	for {
		t, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		e, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		switch e.Name.Local {
		case "title", "creator", "language":
			s, err := charData(d)
			if err != nil {
				return nil, err
			}
			s = collapse(s)
			switch {
			case e.Name.Local == "title" && out.title == "":
				out.title = s
			case e.Name.Local == "creator" && out.author == "":
				out.author = s
			case e.Name.Local == "language" && out.language == "":
				out.language = s
			}
		case "item":
			items[xattr(e, "id")] = item{href: xattr(e, "href"), mediaType: xattr(e, "media-type"), props: xattr(e, "properties")}
		case "spine":
			tocID = xattr(e, "toc")
		case "itemref":
			if xattr(e, "linear") != "no" {
				idrefs = append(idrefs, xattr(e, "idref"))
			}
		}
	}
	for _, it := range items {
		if strings.Contains(" "+it.props+" ", " nav ") {
			out.nav = resolve(name, it.href)
		}
	}
	if it, ok := items[tocID]; ok {
		out.ncx = resolve(name, it.href)
	}
	for _, id := range idrefs {
		it, ok := items[id]
		if !ok {
			continue
		}
		// XHTML, and SVG pages (their text elements are read).
		if it.mediaType != "" && !strings.Contains(it.mediaType, "html") && !strings.Contains(it.mediaType, "svg") {
			continue
		}
		href := resolve(name, it.href)
		if err := checkEntryName(href); err != nil || strings.HasPrefix(href, "../") {
			return nil, invalid("the spine refers to %q, outside the archive", it.href)
		}
		out.spine = append(out.spine, href)
	}
	if len(out.spine) == 0 {
		return nil, invalid("the EPUB's spine lists no readable documents")
	}
	return out, nil
}

// navTitles maps each document to the first table-of-contents entry pointing into it.
func navTitles(a *archive, nav string, lim Limits, titles map[string]string) {
	data, err := a.read(nav)
	if err != nil || checkDoctype(data) != nil {
		return
	}
	root, err := parseHTML(data)
	if err != nil {
		return
	}
	var visit func(n *html.Node, inTOC bool, depth int)
	visit = func(n *html.Node, inTOC bool, depth int) {
		if depth > lim.MaxXMLDepth {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Nav {
			typ := attr(n, "epub:type")
			inTOC = typ == "" || strings.Contains(typ, "toc")
		}
		if inTOC && n.Type == html.ElementNode && n.DataAtom == atom.A {
			if href := attr(n, "href"); href != "" {
				target := resolve(nav, href)
				if _, seen := titles[target]; !seen {
					titles[target] = collapse(textOf(n))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c, inTOC, depth+1)
		}
	}
	visit(root, false, 0)
}

// ncxTitles does the same from an EPUB 2 NCX navMap, where a title not already known
// from the navigation document is taken.
func ncxTitles(a *archive, ncx string, lim Limits, titles map[string]string) {
	data, err := a.read(ncx)
	if err != nil {
		return
	}
	d := newXMLDecoder(ncx, data, lim)
	var label string
	inLabel := false
	for {
		t, err := d.Token()
		if err != nil {
			return
		}
		switch e := t.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "navPoint":
				label = ""
			case "text":
				inLabel = true
			case "content":
				target := resolve(ncx, xattr(e, "src"))
				if _, seen := titles[target]; !seen && label != "" {
					titles[target] = collapse(label)
				}
			}
		case xml.CharData:
			if inLabel {
				label += string(e)
			}
		case xml.EndElement:
			if e.Name.Local == "text" {
				inLabel = false
			}
		}
	}
}
