package catalog

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"html"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"

	"codeberg.org/readeck/go-readability/v2"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"readback/internal/document"
	"readback/internal/fault"
	"readback/internal/narration"
	"readback/internal/webfetch"
)

// FetchTimeout bounds one fetch of a page, and FetchClock tells when it happened;
// variables for tests.
var (
	FetchTimeout = 30 * time.Second
	FetchClock   = time.Now
)

// maxArticlePage is the largest web page an article is looked for in.
const maxArticlePage = 8 << 20

// fetcher is the fetcher an import by address uses, within the library's limits.
func (c *Catalog) fetcher(ctx context.Context) (*webfetch.Fetcher, int64, error) {
	lim, err := c.Limits(ctx)
	if err != nil {
		return nil, 0, err
	}
	return &webfetch.Fetcher{AllowPrivate: lim.FetchPrivate, MaxBytes: lim.MaxFileBytes, Timeout: FetchTimeout, Now: FetchClock}, lim.MaxFileBytes, nil
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
	// The address kept is the one the writer gave: a redirect today (to a login
	// page, a draft's current revision) must not become where Fetch again goes.
	asked, _ := webfetch.Check(address)
	from = origin{url: asked.String(), fetched: page.FetchedAt}
	name = pageName(u, page.ContentType)
	if page.ContentType != "text/html" && page.ContentType != "application/xhtml+xml" {
		return name, page.Body, from, nil
	}
	// An article is found in a page of a few megabytes; readability copies the page
	// for each of its attempts, so a larger one (or a small one unpacked from gzip)
	// is refused before it is parsed.
	if len(page.Body) > maxArticlePage {
		return "", nil, origin{}, fault.New(fault.TooLarge, "%s: the page is %d MB, more than the %d MB an article is looked for in", u.Redacted(), len(page.Body)>>20, maxArticlePage>>20)
	}
	if err := ctx.Err(); err != nil {
		return "", nil, origin{}, err
	}
	parser := readability.NewParser()
	parser.MaxElemsToParse = 200000
	// One parse of the page: its own heading is looked for first, since readability
	// drops it from the article (it works on a copy).
	root, err := xhtml.Parse(bytes.NewReader(page.Body))
	if err != nil {
		return "", nil, origin{}, fault.New(fault.Invalid, "%s: the page cannot be read as HTML", u.Redacted())
	}
	heading := articleHeading(root)
	article, err := parser.ParseDocument(root, u)
	if err != nil || article.Node == nil {
		return "", nil, origin{}, fault.New(fault.Invalid, "%s: no article could be found on the page", u.Redacted())
	}
	var body bytes.Buffer
	if err := article.RenderHTML(&body); err != nil {
		return "", nil, origin{}, fault.Wrap(err, fault.Internal, "%s: %v", u.Redacted(), err)
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>%s</title>",
		html.EscapeString(article.Language()), html.EscapeString(articleTitle(article, heading)))
	if by := strings.TrimSpace(article.Byline()); by != "" {
		fmt.Fprintf(&out, "<meta name=\"author\" content=\"%s\">", html.EscapeString(by))
	}
	out.WriteString("</head><body>")
	out.Write(body.Bytes())
	out.WriteString("</body></html>\n")
	return name, out.Bytes(), from, nil
}

// articleTitle is the page's title without the site's name ("The Keeper's Ledger |
// Harbour Blog"): the article's own heading when it is one whole part of the title,
// between its separators. A site's heading ("Blog" in "Blog: A Post") is not the
// article's, being outside it (articleHeading).
func articleTitle(a readability.Article, heading string) string {
	title := strings.TrimSpace(a.Title())
	if heading == "" || title == "" {
		return cmp.Or(title, heading)
	}
	for _, part := range titleParts.Split(title, -1) {
		if strings.TrimSpace(part) == heading && heading != strings.TrimSpace(a.SiteName()) {
			return heading
		}
	}
	return title
}

// articleHeading is the first h1 or h2 inside the page's article or main content.
func articleHeading(root *xhtml.Node) string {
	var find func(n *xhtml.Node, inside bool) string
	find = func(n *xhtml.Node, inside bool) string {
		if n.Type == xhtml.ElementNode {
			switch n.DataAtom {
			case atom.Article, atom.Main:
				inside = true
			case atom.H1, atom.H2:
				if inside {
					return document.NodeText(n)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if h := find(c, inside); h != "" {
				return h
			}
		}
		return ""
	}
	return find(root, false)
}

// titleParts are the separators sites put between an article's title and their name.
var titleParts = regexp.MustCompile(`\s+[|·•–—-]\s+|:\s+`)

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
		case "application/epub+zip":
			name += ".epub"
		case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
			name += ".docx"
		}
	}
	return name
}

// ImportURL fetches the page at address and imports it; like ImportChosen, a
// page whose title is in the library already is not imported unless asNew is set.
// The address and the time of the fetch are kept with the document.
func (c *Catalog) ImportURL(ctx context.Context, address string, opt narration.Options, asNew bool) (*Result, error) {
	name, data, from, err := c.fetch(ctx, address)
	if err != nil {
		return nil, err
	}
	res, err := c.importFrom(ctx, name, data, from, opt, !asNew)
	if err == nil && res.Duplicate {
		// The same page as before: say when it was fetched — if it is that page's
		// document, not a file (or another address) that happens to hold the same.
		if doc, derr := c.store.Document(ctx, res.ID); derr == nil && doc.SourceURL == from.url {
			if err := c.store.SetFetched(ctx, res.ID, from.url, from.fetched); err != nil {
				return nil, err
			}
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
