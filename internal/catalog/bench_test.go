package catalog_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"testing"

	"github.com/yuin/goldmark/text"

	"readback/internal/catalog"
	"readback/internal/document"
	"readback/internal/narration"
)

const manual = "../../../shared/corpus/markdown/pandoc-MANUAL.md"

func readManual(b *testing.B) []byte {
	data, err := os.ReadFile(manual)
	if err != nil {
		b.Skipf("corpus not found (%v): it lives in ../shared beside the project", err)
	}
	return data
}

// BenchmarkGoldmarkParse is the floor: goldmark's bare parse of the manual, with the
// extensions Readback enables.
func BenchmarkGoldmarkParse(b *testing.B) {
	data := readManual(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		document.MarkdownParser().Parse(text.NewReader(data))
	}
}

// BenchmarkPrepareManual is everything an import does before its transaction: sniff,
// decode, parse, build the script (sentences, hashes) and render the sanitised HTML.
func BenchmarkPrepareManual(b *testing.B) {
	data := readManual(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := catalog.Prepare(context.Background(), "pandoc-MANUAL.md", data, document.DefaultLimits(), narration.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportManual is the whole import, SQLite transaction included. Each round
// changes one byte so that the duplicate check does not short-cut it.
func BenchmarkImportManual(b *testing.B) {
	data := readManual(b)
	st := mustOpenStore(b)
	cat := catalog.New(st)
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	i := 0
	for b.Loop() {
		copyData := append([]byte(nil), data...)
		sum := sha256.Sum256([]byte{byte(i), byte(i >> 8)})
		copyData = append(copyData, "\n<!-- "+hex.EncodeToString(sum[:4])+" -->\n"...)
		i++
		if _, err := cat.ImportBytes(ctx, "pandoc-MANUAL.md", copyData, narration.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
