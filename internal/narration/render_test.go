package narration

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"readback/internal/document"
)

// Payloads that would run script, load something or break out of the sentence's
// span if they reached the page as markup.
var hostile = []string{
	`<img src=x onerror=alert(1)>`,
	`<script>alert("x")</script>`,
	`"><svg onload=alert(1)>`,
	`</span></p><a href="javascript:alert(1)">click</a><p>`,
	`<iframe srcdoc="<script>parent.pwned=1</script>"></iframe>`,
	`<span class="seg" data-seg="0" onclick=alert(1)>forged</span>`,
	`<style>body{display:none}</style>`,
	`&lt;b&gt; is already escaped &amp; stays so`,
	`<!-- a comment --> and <![CDATA[ data ]]>`,
}

// hostileScript holds each payload as a sentence of every kind of block.
func hostileScript() *Script {
	kinds := []document.Kind{document.Paragraph, document.Heading, document.ListItem, document.Quote,
		document.TableCell, document.Caption, document.Code, document.Footnote}
	var sec Section
	for i, p := range hostile {
		k := kinds[i%len(kinds)]
		sec.Segments = append(sec.Segments, Segment{Kind: k, Level: 1, Block: i, Text: "Before " + p + " after."})
	}
	return &Script{Sections: []Section{sec}}
}

// viewElements are the elements and attributes RenderHTML writes, and nothing else
// may reach the page.
var viewElements = map[string]bool{"section": true, "h2": true, "p": true, "blockquote": true,
	"pre": true, "aside": true, "span": true}
var viewAttrs = map[string]bool{"class": true, "data-seg": true, "data-section": true}

// checkInert parses the view as the webview would and reports any element or
// attribute the view does not write.
func checkInert(t *testing.T, view string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(view))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			if !viewElements[tok.Data] {
				t.Errorf("element <%s> reached the view:\n%s", tok.Data, view)
			}
			for _, a := range tok.Attr {
				if !viewAttrs[a.Key] {
					t.Errorf("attribute %s=%q on <%s> reached the view", a.Key, a.Val, tok.Data)
				}
			}
		case html.CommentToken:
			t.Errorf("a comment reached the view: %q", z.Token().Data)
		}
	}
}

// spans returns the text each sentence's span shows, by its data-seg.
func spans(t *testing.T, view string) map[string]string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(view))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "span" {
			for _, a := range n.Attr {
				if a.Key == "data-seg" {
					var b strings.Builder
					var text func(*html.Node)
					text = func(n *html.Node) {
						if n.Type == html.TextNode {
							b.WriteString(n.Data)
						}
						for c := n.FirstChild; c != nil; c = c.NextSibling {
							text(c)
						}
					}
					text(n)
					got[a.Val] += b.String()
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return got
}

// The escaping alone keeps every payload as the text the writer wrote: with the
// sanitiser switched off, each sentence still shows its characters, and no element
// or attribute of theirs exists.
func TestViewEscapesSentencesWithoutTheSanitiser(t *testing.T) {
	defer func(f func(string) string) { sanitize = f }(sanitize)
	sanitize = func(s string) string { return s }
	s := hostileScript()
	view := RenderHTML(s)
	checkInert(t, view)
	got := spans(t, view)
	for i, seg := range s.Sections[0].Segments {
		if want := seg.Text; got[fmt.Sprint(i)] != want {
			t.Errorf("sentence %d shows %q, want the literal %q", i, got[fmt.Sprint(i)], want)
		}
	}
}

// The sanitiser alone stops the same payloads arriving as markup that runs, loads
// or hides: with the escaping switched off, none of those elements or attributes
// survive. (A forged sentence span is made of allowed markup and gets through the
// sanitiser; the escaping stops it, as the test above shows.)
func TestViewSanitisesWithoutTheEscaping(t *testing.T) {
	defer func(f func(string) string) { escapeText = f }(escapeText)
	escapeText = func(s string) string { return s }
	view := RenderHTML(hostileScript())
	checkInert(t, view)
	for _, bad := range []string{"onerror", "onload", "onclick", "javascript:", "<script", "<iframe", "<img", "<svg", "<style", "<a "} {
		if strings.Contains(view, bad) {
			t.Errorf("%q reached the view", bad)
		}
	}
}

// Both defences on, as shipped: literal text, nothing else; and the structure the
// player relies on (one span per sentence, numbered in order) is intact.
func TestViewKeepsHostileTextAsText(t *testing.T) {
	s := hostileScript()
	view := RenderHTML(s)
	checkInert(t, view)
	got := spans(t, view)
	if len(got) != len(s.Sections[0].Segments) {
		t.Errorf("%d sentence spans for %d sentences", len(got), len(s.Sections[0].Segments))
	}
	for i, seg := range s.Sections[0].Segments {
		if got[fmt.Sprint(i)] != seg.Text {
			t.Errorf("sentence %d shows %q, want %q", i, got[fmt.Sprint(i)], seg.Text)
		}
	}
}

// A passage in another language carries its lang into the view (the right fonts,
// the right screen-reader voice); a tag that is not one never reaches the page.
func TestViewMarksPassageLanguages(t *testing.T) {
	s := &Script{Sections: []Section{{Segments: []Segment{
		{Kind: document.Paragraph, Block: 0, Text: "The keeper spoke."},
		{Kind: document.Quote, Block: 1, Text: "Le phare veille.", Lang: "fr"},
		{Kind: document.Heading, Level: 1, Block: 2, Text: "الفنار", Lang: "ar"},
		{Kind: document.Paragraph, Block: 3, Text: "Forged.", Lang: `x" onclick="alert(1)`},
	}}}}
	got := RenderHTML(s)
	for _, want := range []string{`<blockquote lang="fr"><p>`, `<h2 lang="ar">`, `<p><span class="seg" data-seg="3">Forged.`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
	if strings.Contains(got, "onclick") {
		t.Errorf("a forged tag reached the page: %s", got)
	}
}
