package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"readback/internal/cli"
	"readback/internal/document"
	"readback/internal/narration"
	"readback/internal/narration/narrationtest"
)

const corpusDir = "../../../shared/corpus"

// normWords folds words for comparison: case and punctuation are not heard the same
// way by pandoc's AST (quotes become Quoted nodes) and by a listener.
func normWords(words []string) []string {
	var out []string
	for _, w := range words {
		w = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToLower(r)
			}
			return -1
		}, w)
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// lcs returns the length of the longest common subsequence of a and b: the words
// printed in the expected order.
func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// bounds are how far a document's reading may stray from pandoc's, in words: by
// default not at all; the documents below stray for the reasons given, each
// checked by reading, and to the word, so that any change shows.
type bounds struct {
	missing, extra int
	why            string
}

var corpusBounds = map[string]bounds{
	"diagram.docx":                   {1, 0, `pandoc's "[DIAGRAM]" is its own placeholder for a drawing, not the document's text`},
	"pageref.docx":                   {4, 0, "its table of contents (entries and page numbers) is not read: the headings follow"},
	"nested_anchors_in_header.docx":  {29, 0, "its table of contents (its title, entries and page numbers) is not read: the headings follow"},
	"table_captions_with_field.docx": {2, 2, "the second table's caption is read where the document puts it, after the table; pandoc moves it before"},
	"formatting.epub":                {6, 0, "ruby is read as its base text (\"Lorem Ipsum\"), not again as its annotation, which pandoc keeps: three rubies of two words"},
	"features.epub":                  {11, 1, "MathML is not read (its numbers are laid out for the eye: a long division, a matrix); where an EPUB switch offers MathML or a fallback, the fallback (\"FAIL\", in this test book) is read"},
}

// TestCorpusReading compares what `readback text` prints for each corpus document
// with pandoc's reading of it, document by document: the expected words in order,
// within the document's bounds, and no more extra words than its bounds allow.
// The title page's words (title, authors, date, abstract, which pandoc keeps as
// metadata) are read as the book's opening and do not count as extra. Footnotes are
// read inline for the comparison, where pandoc's AST puts them. Every document's
// script is also run through the guard against readings no listener should hear.
func TestCorpusReading(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not found at %s (it lives in ../shared beside the project)", corpusDir)
	}
	var files []string
	for _, pat := range []string{"docx/*.docx", "epub/*.epub", "html/*.html"} {
		m, _ := filepath.Glob(filepath.Join(corpusDir, pat))
		files = append(files, m...)
	}
	if len(files) < 30 {
		t.Fatalf("expected the corpus's 40 documents, found %d", len(files))
	}
	var expectedTotal, printedTotal, matchedTotal, strTotal, strMatched int
	for _, f := range files {
		name := filepath.Base(f)
		native, err := os.ReadFile(strings.TrimSuffix(f, filepath.Ext(f)) + ".native")
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		tree, err := parseNative(string(native))
		if err != nil {
			t.Fatalf("%s.native: %v", f, err)
		}
		expected := normWords(nativeWords(tree, true, true))
		strOnly := normWords(nativeWords(tree, true, false))
		var out, errOut bytes.Buffer
		code := cli.Run(context.Background(), []string{"text", "--footnotes", "inline", f}, cli.Env{Stdout: &out, Stderr: &errOut})
		var printed []string
		if code == cli.ExitOK {
			printed = normWords(strings.Fields(out.String()))
		} else if len(expected) > 0 {
			t.Errorf("%s: readback text failed: %s", f, errOut.String())
		}
		matched := lcs(expected, printed)
		strTotal += len(strOnly)
		strMatched += lcs(strOnly, printed)
		expectedTotal += len(expected)
		printedTotal += len(printed)
		matchedTotal += matched

		missing, extra := len(expected)-matched, len(printed)-matched
		extra -= min(extra, titlePage(printed, expected, normWords(metaWords(tree))))
		b, listed := corpusBounds[name]
		if !listed {
			b = bounds{} // every other document reads exactly as pandoc does
		}
		if testing.Verbose() || missing > b.missing || extra > b.extra {
			t.Logf("%-38s expected %5d printed %5d matched %5d: %d missing, %d extra (bounds %d, %d)", name, len(expected), len(printed), matched, missing, extra, b.missing, b.extra)
		}
		if missing > b.missing || extra > b.extra {
			t.Errorf("%s: %d words missing and %d extra, beyond its bounds (%d, %d)%s\n  missing: %q\n  extra: %q",
				name, missing, extra, b.missing, b.extra, map[bool]string{true: " — " + b.why, false: ""}[listed],
				bagDiff(expected, printed), bagDiff(printed, expected))
		}
		if listed && missing < b.missing && extra <= b.extra {
			t.Errorf("%s reads better than its bounds (%d missing, %d extra; bounds %d, %d): tighten them", name, missing, extra, b.missing, b.extra)
		}
		guard(t, f)
	}
	recall := float64(matchedTotal) / float64(expectedTotal)
	extra := float64(printedTotal-matchedTotal) / float64(printedTotal)
	// Printed on standard output so that make test shows the figures, not only -v.
	// Inline code ("run `pandoc` with…") is read as part of its sentence, so it is
	// counted as expected; the figures for Str words alone are printed too, where
	// the inline code Readback reads counts as extra.
	fmt.Printf("corpus: %d documents, %d expected words (Str and inline Code), %d printed: %.2f%% of expected words read in order, %.2f%% extra; against Str words alone (%d): %.2f%% read, %.2f%% extra\n",
		len(files), expectedTotal, printedTotal, 100*recall, 100*extra, strTotal,
		100*float64(strMatched)/float64(strTotal), 100*float64(printedTotal-strMatched)/float64(printedTotal))
}

// titlePage counts the printed words that are not in the expected reading but are
// the document's metadata: its title page, read first.
func titlePage(printed, expected, meta []string) int {
	extra := map[string]int{}
	for _, w := range bagDiff(printed, expected) {
		extra[w]++
	}
	n := 0
	for _, w := range meta {
		if extra[w] > 0 {
			extra[w]--
			n++
		}
	}
	return n
}

// bagDiff lists the words of a that b lacks, counting repeats.
func bagDiff(a, b []string) []string {
	have := map[string]int{}
	for _, w := range b {
		have[w]++
	}
	var out []string
	for _, w := range a {
		if have[w] > 0 {
			have[w]--
		} else {
			out = append(out, w)
		}
	}
	return out
}

// corpusGuardExceptions are readings the guard flags that are the documents' own
// text, checked by reading each: pandoc's test pages hold punctuation on purpose,
// and the manual's inline code ("separated by `:`") stands where words would.
var corpusGuardExceptions = map[string][]string{
	"features.epub":    {`"."`, `looks like .`, `looks like Cichoń's Diagram: .`, `looks like the following image: .`},
	"formatting.epub":  {`"."`},
	"html-reader.html": {`"with no blank line"`, `"nested"`, `"and:"`, `"and using spaces:"`, `"and now 3"`, `"with a continuation"`, `"Empty and ."`, `"Ellipses...and. ."`, `".and ."`, `"."`, `"Period: ."`, `"Bang: !"`},
	"pandoc-MANUAL.md": {`separated by : on Linux`, `[HTML], [S5], or [RTF]`, `If the label is empty ([])`, `the characters ^, [, or ].`, `has prefix see , locator`, `"from being interpreted as a list item."`, `(such as @foo [p. 33])`, `LaTeX [fragile] option`, `Defaults to [\"textual\"].`, `Defaults to [\"none\"].`,
		// Grid tables (+---+) are not Markdown that goldmark reads: their cells come out as a paragraph.
		`['.','foo'] | |`, `number-offset: [1,4]`},
}

// guard reads f as the window would (code read, so that what follows code is known)
// and reports any reading the guard flags that is not a listed exception.
func guard(t *testing.T, f string) {
	t.Helper()
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := document.Parse(context.Background(), f, data, document.DefaultLimits())
	if err != nil {
		t.Errorf("%s: %v", f, err)
		return
	}
	script, err := narration.Build(doc, narration.Options{Code: narration.CodeRead, Footnotes: narration.FootnotesInline})
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(f)
problems:
	for _, p := range narrationtest.Problems(script, string(doc.Format)) {
		for _, ok := range corpusGuardExceptions[name] {
			if strings.Contains(p, ok) {
				continue problems
			}
		}
		t.Errorf("%s: %s", name, p)
	}
}

// The manual, the longest real Markdown here, holds no reading the guard flags but
// the listed ones.
func TestCorpusManualGuard(t *testing.T) {
	f := filepath.Join(corpusDir, "markdown", "pandoc-MANUAL.md")
	if _, err := os.Stat(f); err != nil {
		t.Skipf("corpus not found at %s", corpusDir)
	}
	guard(t, f)
}
