package catalog

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/url"
	"path"
	"strings"
	"time"

	"codeberg.org/readeck/go-readability/v2"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"readback/internal/fault"
	"readback/internal/narration"
	"readback/internal/webfetch"
)

// FetchTimeout bounds one fetch of a page; a variable for tests.
var FetchTimeout = 30 * time.Second

// fetcher is the fetcher an import by address uses, within the library's limits.
func (c *Catalog) fetcher(ctx context.Context) (*webfetch.Fetcher, int64, error) {
	lim, err := c.Limits(ctx)
	if err != nil {
		return nil, 0, err
	}
	return &webfetch.Fetcher{AllowPrivate: lim.FetchPrivate, MaxBytes: lim.MaxFileBytes, Timeout: FetchTimeout}, lim.MaxFileBytes, nil
}

// fetch gets the page at address and turns it into a manuscript: a web page becomes
// its article alone (navigation, advertising, comments and the like left out, by
// readability), a manuscript served as a file is kept as it is.
func (c *Catalog) fetch(ctx context.Context, address string) (name string, data []byte, from origin, err error) {
	f, _, err := c.fetcher(ctx)
	if err != nil {
		return "", nil, origin{}, err
	}
	page, err := f.Fetch(ctx, address)
	if err != nil {
		return "", nil, origin{}, err
	}
	u, _ := url.Parse(page.URL)
	from = origin{url: page.URL, fetched: page.FetchedAt}
	name = pageName(u, page.ContentType)
	if page.ContentType != "text/html" && page.ContentType != "application/xhtml+xml" {
		return name, page.Body, from, nil
	}
	article, err := readability.FromReader(bytes.NewReader(page.Body), u)
	if err != nil || article.Node == nil {
		return "", nil, origin{}, fault.New(fault.Invalid, "%s: no article could be found on the page", page.URL)
	}
	var body bytes.Buffer
	if err := article.RenderHTML(&body); err != nil {
		return "", nil, origin{}, fault.Wrap(err, fault.Internal, "%s: %v", page.URL, err)
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>%s</title>",
		html.EscapeString(article.Language()), html.EscapeString(articleTitle(article, page.Body)))
	if by := strings.TrimSpace(article.Byline()); by != "" {
		fmt.Fprintf(&out, "<meta name=\"author\" content=\"%s\">", html.EscapeString(by))
	}
	out.WriteString("</head><body>")
	out.Write(body.Bytes())
	out.WriteString("</body></html>\n")
	return name, out.Bytes(), from, nil
}

// articleTitle is the page's title without the site's name ("The Keeper's Ledger |
// Harbour Blog"): the page's first heading when the title contains it (readability
// drops that heading from the article, as a repeat of the title).
func articleTitle(a readability.Article, page []byte) string {
	title := strings.TrimSpace(a.Title())
	root, err := xhtml.Parse(bytes.NewReader(page))
	if err != nil {
		return title
	}
	var heading string
	var find func(n *xhtml.Node) bool
	find = func(n *xhtml.Node) bool {
		if n.Type == xhtml.ElementNode && (n.DataAtom == atom.H1 || n.DataAtom == atom.H2) {
			var b strings.Builder
			var text func(*xhtml.Node)
			text = func(n *xhtml.Node) {
				if n.Type == xhtml.TextNode {
					b.WriteString(n.Data)
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					text(c)
				}
			}
			text(n)
			heading = strings.Join(strings.Fields(b.String()), " ")
			return true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if find(c) {
				return true
			}
		}
		return false
	}
	find(root)
	if heading != "" && (title == "" || strings.Contains(title, heading)) {
		return heading
	}
	return title
}

// pageName is the name a fetched page is known by in messages and the library: the
// last part of its path, else its host.
func pageName(u *url.URL, contentType string) string {
	name := path.Base(strings.TrimSuffix(u.Path, "/"))
	if name == "." || name == "/" || name == "" {
		name = u.Hostname()
	}
	if path.Ext(name) == "" {
		switch contentType {
		case "text/html", "application/xhtml+xml":
			name += ".html"
		case "application/pdf":
			name += ".pdf"
		case "text/markdown":
			name += ".md"
		case "text/plain":
			name += ".txt"
		}
	}
	return name
}

// ImportURL fetches the page at address and imports it; like ImportBytesAsking, a
// page whose title is in the library already is not imported unless asNew is set.
// The address and the time of the fetch are kept with the document.
func (c *Catalog) ImportURL(ctx context.Context, address string, opt narration.Options, asNew bool) (*Result, error) {
	name, data, from, err := c.fetch(ctx, address)
	if err != nil {
		return nil, err
	}
	res, err := c.importFrom(ctx, name, data, from, opt, !asNew)
	if err == nil && res.Duplicate {
		// The same page as before: say when it was fetched.
		if err := c.store.SetFetched(ctx, res.ID, from.url, from.fetched); err != nil {
			return nil, err
		}
	}
	return res, err
}

// Refetch fetches a document's address again and reads what it finds as the
// document's new version (nothing changes when the page did not).
func (c *Catalog) Refetch(ctx context.Context, id int64) (*Revision, error) {
	doc, err := c.store.Document(ctx, id)
	if err != nil {
		return nil, err
	}
	if doc.SourceURL == "" {
		return nil, fault.New(fault.Invalid, "%q was imported from a file, not a web address: read a new version of the file instead", doc.Title)
	}
	return c.ReviseURL(ctx, id, doc.SourceURL)
}

// ReviseURL fetches the page at address and reads it as document id's new version;
// the document then follows that address.
func (c *Catalog) ReviseURL(ctx context.Context, id int64, address string) (*Revision, error) {
	name, data, from, err := c.fetch(ctx, address)
	if err != nil {
		return nil, err
	}
	rev, err := c.reviseFrom(ctx, id, name, data, from)
	if err != nil {
		return nil, err
	}
	if rev.Added+rev.Removed+rev.Changed == 0 {
		if err := c.store.SetFetched(ctx, id, from.url, from.fetched); err != nil {
			return nil, err
		}
	}
	return rev, nil
}
