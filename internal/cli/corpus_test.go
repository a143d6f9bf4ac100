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

// TestCorpusReading compares what `readback text` prints for each corpus document
// with pandoc's reading of it: at least 98 % of the expected words, in order, and at
// most 3 % of the printed words extra. Footnotes are read inline for the comparison,
// where pandoc's AST puts them.
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
		if testing.Verbose() {
			t.Logf("%-45s expected %5d printed %5d matched %5d", filepath.Base(f), len(expected), len(printed), matched)
		}
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
	if recall < 0.98 {
		t.Errorf("only %.2f%% of the expected words were read in order; want at least 98%%", 100*recall)
	}
	if extra > 0.03 {
		t.Errorf("%.2f%% of the printed words are extra; want at most 3%%", 100*extra)
	}
}
