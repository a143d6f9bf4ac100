package catalog_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"readback/internal/catalog"
	"readback/internal/document"
	"readback/internal/fault"
	"readback/internal/narration"
	"readback/internal/store"
)

// articlePage is a blog post as blogs serve them: a site menu, a sidebar of
// advertisements, the article, a share bar, comments, a footer.
func articlePage(second string) string {
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>The Lighthouse Keeper's Ledger | Harbour Blog</title>
<meta name="author" content="A. Writer"></head><body>
<header><nav class="site-nav"><a href="/">Home</a> <a href="/archive">Archive</a> <a href="/subscribe">Subscribe now</a></nav></header>
<aside class="sidebar ads"><div class="ad">Buy discount anchors today! Limited offer.</div><div class="ad">Sponsored: cruise deals.</div></aside>
<main><article>
<h1>The Lighthouse Keeper's Ledger</h1>
<p class="byline">By A. Writer</p>
<p>The harbour master keeps a ledger of every vessel that enters after dark. Its pages are ruled in red, and each line records a name, a tonnage and the hour the mooring lines were made fast. Most entries are dull, but some nights the ledger holds a story.</p>
<p>` + second + ` The crew said nothing on the quay and went straight to the chandlery, where the lights stayed on until the morning tide turned and the gulls came back.</p>
<p>At the end of each year the ledger is closed with a single ruled line and sent to the archive in town. Nobody has ever asked to read one, but the harbour master writes every entry as though somebody will.</p>
</article>
<div class="share">Share on social media. Like. Tweet.</div>
<section id="comments" class="comments"><h2>3 Comments</h2>
<div class="comment"><p>Great post, first!</p></div><div class="comment"><p>Visit my site for cheap watches.</p></div></section>
</main>
<footer>Copyright Harbour Blog. Privacy policy. Cookie settings.</footer>
</body></html>`
}

func spoken(t *testing.T, st *store.Store, id int64) string {
	t.Helper()
	segs, err := st.Script(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.SpokenText + "\n")
	}
	return b.String()
}

// A page imported by its address is read for its article alone; the address and the
// fetch are kept; Fetch again reads the page as a new version when it changed, and
// only records the fetch when it did not.
func TestImportURL(t *testing.T) {
	ctx := context.Background()
	var second atomic.Value
	second.Store("On the twelfth of March the pilot boat came in with its searchlight dark.")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/posts/ledger", http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(articlePage(second.Load().(string))))
	}))
	defer srv.Close()
	st := mustOpenStore(t)
	cat := catalog.New(st)

	// A local server is refused until the setting allows it.
	_, err := cat.ImportURL(ctx, srv.URL+"/old", narration.Options{}, false)
	if fault.CodeOf(err) != fault.Invalid || !strings.Contains(err.Error(), "private network") {
		t.Fatalf("got %v", err)
	}
	lim := document.DefaultLimits()
	lim.FetchPrivate = true
	if err := cat.SetLimits(ctx, lim); err != nil {
		t.Fatal(err)
	}
	res, err := cat.ImportURL(ctx, srv.URL+"/old", narration.Options{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.File != "ledger.html" || res.Title != "The Lighthouse Keeper's Ledger" {
		t.Fatalf("%+v", res)
	}
	text := spoken(t, st, res.ID)
	for _, want := range []string{"The harbour master keeps a ledger", "pilot boat came in", "sent to the archive in town"} {
		if !strings.Contains(text, want) {
			t.Errorf("the article's %q is not read:\n%s", want, text)
		}
	}
	for _, junk := range []string{"Subscribe", "discount anchors", "cruise", "Share on", "Comments", "first!", "cheap watches", "Cookie", "Archive"} {
		if strings.Contains(text, junk) {
			t.Errorf("%q from around the article is read:\n%s", junk, text)
		}
	}
	doc, err := st.Document(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The address kept is the one asked for, not where it redirected that day.
	if doc.SourceURL != srv.URL+"/old" || doc.FetchedAt.IsZero() {
		t.Fatalf("source %q fetched %v", doc.SourceURL, doc.FetchedAt)
	}
	first := doc.FetchedAt
	clock := first
	catalog.FetchClock = func() time.Time { clock = clock.Add(time.Minute); return clock }
	defer func() { catalog.FetchClock = time.Now }()

	rev, err := cat.Refetch(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rev.Added+rev.Removed+rev.Changed != 0 {
		t.Fatalf("an unchanged page changed the document: %+v", rev)
	}
	if doc, _ = st.Document(ctx, res.ID); !doc.FetchedAt.After(first) {
		t.Fatalf("fetching an unchanged page again did not record the fetch: %v", doc.FetchedAt)
	}
	second.Store("On the thirteenth of March the pilot boat came in with its searchlight dark.")
	rev, err = cat.Refetch(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rev.Changed != 1 || rev.Added != 0 || rev.Removed != 0 {
		t.Fatalf("one sentence changed on the page: %+v", rev)
	}
	if text := spoken(t, st, res.ID); !strings.Contains(text, "thirteenth of March") {
		t.Fatalf("the new version is not read:\n%s", text)
	}
	if doc, _ = st.Document(ctx, res.ID); !doc.FetchedAt.After(first.Add(time.Minute)) || doc.SourceURL != srv.URL+"/old" {
		t.Fatalf("after fetching again: %q %v", doc.SourceURL, doc.FetchedAt)
	}
}

// A blog that puts its own name in the page's first heading (and the post's title in
// a smaller one inside the article) gives the post its own title, not the blog's.
func TestArticleTitleIsNotTheSites(t *testing.T) {
	ctx := context.Background()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><head><title>Harbour Blog: Winter Moorings</title></head><body>
<header><h1>Harbour Blog</h1></header><article><h3>Winter Moorings</h3>
<p>In winter the harbour master doubles every mooring line, because the storms come from the north and the quay has no shelter from them at all.</p>
<p>The fishermen grumble about the extra rope, but none of them has lost a boat since the rule began, and the insurers have noticed.</p>
<p>By March the second lines come off again, and the quay looks bare for a week until everyone is used to it.</p></article></body></html>`))
	}))
	defer srv.Close()
	st := mustOpenStore(t)
	cat := catalog.New(st)
	lim := document.DefaultLimits()
	lim.FetchPrivate = true
	if err := cat.SetLimits(ctx, lim); err != nil {
		t.Fatal(err)
	}
	res, err := cat.ImportURL(ctx, srv.URL+"/2026/winter", narration.Options{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Title == "Harbour Blog" {
		t.Fatalf("the post took the blog's name: %q", res.Title)
	}
}
