package document_test

import (
	"context"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"readback/internal/document"
)

// A long manuscript read in pieces reads as it would whole: the pandoc manual (links
// defined far from their use, headings named by references, fenced code with "#"
// lines, raw HTML, footnotes), and a book whose footnote and links are defined
// chapters after their use, with fences in list items and quotations. A book made of
// chapters that each number their notes from 1 is still cut between them.
func TestMarkdownInPieces(t *testing.T) {
	manual, err := os.ReadFile("../../../shared/corpus/markdown/pandoc-MANUAL.md")
	if err != nil {
		t.Skipf("corpus not found: %v", err)
	}
	var novel strings.Builder
	novel.WriteString("# The Lighthouse\n\nSiobhan climbed[^stairs] the [stairs][steps] at [Night], as [RFC 2119] says.\n\n")
	for i := range 400 {
		novel.WriteString("## Chapter " + strings.Repeat("I", i%5+1) + "\n\nThe lamp was cold, said [the keeper]. See [Night].\n\n" +
			"```\n\n# not a heading, code\n```\n\n<!--\n\n# not a heading, a comment\n-->\n\n" +
			// Fences inside a list item and a quotation (the line scanner this
			// replaced lost count at them and cut a later fence in two).
			"1. ```sh\n   make\n   ```\n\n> ```\n> # quoted code\n> ```\n\n```\nmake\n\n# build the docs\nmake docs\n```\n\n")
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

// Every note a manuscript defines and refers to is read, once, after the block that
// refers to it: also when that block says nothing itself (a figure, the mark alone),
// when the reference is in another note, and when the note refers to itself.
func TestMarkdownNotesAreRead(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"after its block", "Rain.[^1]\n\nSun.\n\n[^1]: In May.\n", "Rain.|In May.|Sun."},
		{"a figure", "Rain.\n\n![](map.png)[^1]\n\nSun.\n\n[^1]: Drawn in 1901.\n", "Rain.|Drawn in 1901.|Sun."},
		{"the mark first", "[^1]\n\nRain.\n\n[^1]: In May.\n", "In May.|Rain."},
		{"from a note", "Rain.\n\nSun.[^1]\n\n[^1]: In May.[^2]\n[^2]: Or June.\n", "Rain.|Sun.|In May.|Or June."},
		{"from itself", "Rain.[^1]\n\n[^1]: In May, see[^1].\n", "Rain.|In May, see."},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, b := range parseWith(t, []byte(c.src), 1<<40) {
				got = append(got, b.Text)
			}
			if strings.Join(got, "|") != c.want {
				t.Errorf("read %q, want %q", strings.Join(got, "|"), c.want)
			}
		})
	}
}

// Any manuscript read in pieces reads as it does whole — but for a footnote label
// defined twice, which in pieces is each piece's own note (TestMarkdownInPieces).
func FuzzMarkdownInPieces(f *testing.F) {
	f.Add([]byte("# One\n\nText [a] and [^n].\n\n# Two\n\n```\n\n# code\n```\n\n[^n]: Note.\n\n[a]: /x\n"))
	f.Add([]byte("1. ```sh\n   make\n   ```\n\n# Two\n\n```\nx\n\n# not\n```\n\n# Three\n\n<!--\n\n# not\n-->\n"))
	f.Add([]byte("> # Quoted\n\n# Top\n\nTerm\n: Definition\n\n# Next\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"))
	// A setext heading made of a paragraph (the block pass once dropped
	// paragraphs, and with them these headings and empty list items' ends), also
	// after link definitions; notes defined in a quotation, in another note, or
	// whose mark stands alone.
	const lead = "Some words come first.\n\n" // the pieces are of 16 bytes
	f.Add([]byte(lead + "`\n-\n  ```\n# 0\n"))
	f.Add([]byte(lead + "[a]: /b\n    |a|b|\n[a]: /b\n---\n\n# 0\n"))
	f.Add([]byte(lead + "> [^b]: y\n# 1\nx[^b]\n"))
	f.Add([]byte(lead + "[^b]: y\n\t[^a]: x\n# 1\n[^a]\n"))
	f.Add([]byte(lead + "[^a]\n[^a]: x\n# 1\n  ```\n"))
	// A reference inside what only looks like one ("[^[^b]" refers to "b"), and a
	// label with a space: each once let a cut fall between a note and its mention.
	f.Add([]byte("[^b]:y\n\t: x][^a\n# 1[^[^b]"))
	f.Add([]byte(lead + "[^a b]: y\n# 1\nx[^a b]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		labels := map[string]int{}
		for _, m := range regexp.MustCompile(`\[\^((?:\\.|[^\[\]\\\n])+)\]:`).FindAllSubmatch(src, -1) {
			if labels[string(m[1])]++; labels[string(m[1])] > 1 {
				return
			}
		}
		whole, err := parseOr(src, 1<<40)
		if err != nil {
			return
		}
		pieced, err := parseOr(src, 16)
		if err != nil {
			t.Fatalf("whole it reads, in pieces: %v", err)
		}
		if !reflect.DeepEqual(whole, pieced) {
			t.Fatalf("whole:\n%+v\nin pieces:\n%+v", whole, pieced)
		}
	})
}

func parseOr(src []byte, stretch int) ([]document.Block, error) {
	undo := document.SetMarkdownStretch(stretch)
	defer undo()
	doc, err := document.Parse(context.Background(), "book.md", src, document.DefaultLimits())
	if err != nil {
		return nil, err
	}
	return doc.Blocks, nil
}
