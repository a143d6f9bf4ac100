package document_test

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"

	"readback/internal/document"
)

// A long manuscript read in pieces reads as it would whole: the pandoc manual (links
// defined far from their use, headings named by references, fenced code with "#"
// lines, raw HTML, footnotes), and a book whose footnote and links are defined
// chapters after their use. A book made of chapters that each number their notes
// from 1 is still cut between them.
func TestMarkdownInPieces(t *testing.T) {
	manual, err := os.ReadFile("../../../shared/corpus/markdown/pandoc-MANUAL.md")
	if err != nil {
		t.Skipf("corpus not found: %v", err)
	}
	var novel strings.Builder
	novel.WriteString("# The Lighthouse\n\nSiobhan climbed[^stairs] the [stairs][steps] at [Night], as [RFC 2119] says.\n\n")
	for i := range 400 {
		novel.WriteString("## Chapter " + strings.Repeat("I", i%5+1) + "\n\nThe lamp was cold, said [the keeper]. See [Night].\n\n" +
			"```\n\n# not a heading, code\n```\n\n<!--\n\n# not a heading, a comment\n-->\n\n")
		switch i {
		case 100:
			novel.WriteString("[^stairs]: One hundred and eight of them.\n\n")
		case 200:
			novel.WriteString("She climbed them again.[^stairs]\n\n")
		}
	}
	novel.WriteString("# Night\n\nIt fell.\n\n[steps]: https://example.org/steps\n[RFC 2119]: https://www.rfc-editor.org/rfc/rfc2119\n")
	if pieces, _ := document.Stretches([]byte(strings.Repeat(string(manual)+"\n", 3)), 64<<10); len(pieces) < 9 {
		t.Errorf("the manual three times over was cut in %d pieces", len(pieces))
	}
	for _, c := range []struct {
		name string
		src  []byte
	}{
		{"manual", manual},
		{"novel", []byte(novel.String())},
	} {
		t.Run(c.name, func(t *testing.T) {
			whole := parseWith(t, c.src, 1<<40)
			// Several sizes, so that the cuts fall on every kind of line.
			for size := 4 << 10; size <= min(64<<10, len(c.src)/2); size += 4 << 10 {
				pieces, _ := document.Stretches(c.src, size)
				pieced := parseWith(t, c.src, size)
				if len(pieces) < 2 {
					t.Fatalf("cut in %d pieces of %d bytes", len(pieces), size)
				}
				if !reflect.DeepEqual(whole, pieced) {
					for i := range min(len(whole), len(pieced)) {
						if whole[i] != pieced[i] {
							t.Fatalf("%d blocks whole, %d in %d pieces of %d bytes; block %d:\n whole  %+v\n pieces %+v", len(whole), len(pieced), len(pieces), size, i, whole[i], pieced[i])
						}
					}
					t.Fatalf("%d blocks whole, %d in %d pieces of %d bytes", len(whole), len(pieced), len(pieces), size)
				}
			}
		})
	}
}

func parseWith(t *testing.T, src []byte, stretch int) []document.Block {
	t.Helper()
	undo := document.SetMarkdownStretch(stretch)
	defer undo()
	doc, err := document.Parse(context.Background(), "book.md", src, document.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	return doc.Blocks
}
