package document_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"readback/internal/document"
	"readback/internal/pdftext"
)

// realPDFs are documents written by others and typeset by others, from Debian's
// documentation packages (scripts/bootstrap installs them for the tests): Texinfo
// manuals and LaTeX papers, with running heads, footnotes, tables of contents,
// code listings and indexes.
var realPDFs = []string{
	"/usr/share/doc/libtasn1-doc/libtasn1.pdf",
	"/usr/share/doc/libidn2-doc/libidn2.pdf",
	"/usr/share/doc/libgcrypt20-doc/gcrypt.pdf.gz",
	"/usr/share/doc/gnuplot/gnuplot.pdf",
	"/usr/share/doc/asymptote/asy-latex.pdf",
	"/usr/share/doc/asymptote/CAD.pdf",
	"/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf",
}

var wordRE = regexp.MustCompile(`[\pL][\pL'’]*`)

// pdfWords are the words of a text, lower case, letters only: what a listener
// hears, whatever the punctuation and numbers around them.
func pdfWords(s string) map[string]int {
	out := map[string]int{}
	for _, w := range wordRE.FindAllString(strings.ToLower(s), -1) {
		out[strings.TrimRight(w, "'’")]++
	}
	return out
}

func readMaybeGzipped(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil || !strings.HasSuffix(path, ".gz") {
		return data, err
	}
	z, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(z)
}

// popplerText is what pdftotext reads, with the words a line end broke joined
// again, as a reader comparing the two would.
func popplerText(t *testing.T, data []byte) string {
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return regexp.MustCompile(`(\pL)-\n(\p{Ll})`).ReplaceAllString(string(out), "$1$2")
}

// On real PDFs, Readback hears what pdftotext reads, within a few percent: at least
// 95 % of pdftotext's words (the rest are the running heads, page numbers and
// footnote marks it drops on purpose) and under 3 % words of its own.
func TestRealPDFsAgainstPdftotext(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is missing: scripts/bootstrap installs poppler-utils")
		}
		t.Skip("pdftotext is not installed")
	}
	for _, path := range realPDFs {
		t.Run(strings.TrimSuffix(path[strings.LastIndex(path, "/")+1:], ".gz"), func(t *testing.T) {
			data, err := readMaybeGzipped(path)
			if err != nil {
				if os.Getenv("CI") != "" {
					t.Fatalf("%v: scripts/bootstrap installs it", err)
				}
				t.Skip(err)
			}
			doc, err := document.Parse(context.Background(), path, data, document.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			var ours bytes.Buffer
			for _, b := range doc.Blocks {
				if b.Kind != document.Break {
					ours.WriteString(b.Text + "\n")
				}
			}
			if strings.ContainsRune(ours.String(), '\uFFFD') {
				t.Error("U+FFFD would be read aloud")
			}
			got, want := pdfWords(ours.String()), pdfWords(popplerText(t, data))
			total, common, extra, ourTotal := 0, 0, 0, 0
			for w, n := range want {
				total += n
				common += min(n, got[w])
			}
			for w, n := range got {
				ourTotal += n
				extra += max(0, n-want[w])
			}
			recall, own := float64(common)/float64(total), float64(extra)/float64(ourTotal)
			t.Logf("%d words; pdftotext %d; recall %.1f %%, own %.1f %%", ourTotal, total, recall*100, own*100)
			if recall < 0.95 || own > 0.03 {
				t.Errorf("recall %.1f %% (want ≥ 95 %%), own words %.1f %% (want ≤ 3 %%)", recall*100, own*100)
				var missing []string
				for w, n := range want {
					if n > got[w] {
						missing = append(missing, fmt.Sprintf("%s×%d", w, n-got[w]))
					}
				}
				if len(missing) > 40 {
					missing = missing[:40]
				}
				t.Logf("missing: %s", strings.Join(missing, " "))
			}
		})
	}
}

// BenchmarkPDF reads the PDF named by READBACK_BENCH_PDF (scripts/bench-pdf gives
// it) with PDFium already started, as the window does for every PDF after its first.
func BenchmarkPDF(b *testing.B) {
	path := os.Getenv("READBACK_BENCH_PDF")
	if path == "" {
		b.Skip("READBACK_BENCH_PDF is not set")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := pdftext.Default().Warm(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := document.Parse(context.Background(), "book.pdf", data, document.DefaultLimits()); err != nil {
			b.Fatal(err)
		}
	}
}
