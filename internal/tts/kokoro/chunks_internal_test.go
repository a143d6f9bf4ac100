package kokoro

import (
	"strings"
	"testing"

	"readback/internal/tts/kokoro/kokorotest"
)

// A clause longer than the model takes is said in pieces cut at spaces; clauses
// that fit together go together; nothing is lost or repeated.
func TestChunksFitTheModel(t *testing.T) {
	c, err := ParseConfig("config.json", kokorotest.Config())
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("ðə kˈæt sˈæt ", 60) // 720 symbols, no punctuation
	clauses := []clause{{symbols: []rune("wˈʌn, ")}, {symbols: []rune(long)}, {symbols: []rune("tˈuː. ")}, {symbols: []rune("θɹˈiː.")}}
	got := chunks(clauses, c)
	var all strings.Builder
	for i, ch := range got {
		ids, owners := ch.ids(c)
		if len(ids) > maxTokens+2 || len(ids) != len(owners) {
			t.Errorf("chunk %d: %d ids, %d owners (at most %d)", i, len(ids), len(owners), maxTokens+2)
		}
		if i > 0 && !strings.HasSuffix(all.String(), " ") {
			t.Errorf("chunk %d starts within a word: after %q", i, all.String()[all.Len()-12:])
		}
		for _, p := range ch {
			all.WriteString(string(p.symbols))
		}
	}
	want := "wˈʌn, " + long + "tˈuː. θɹˈiː."
	if all.String() != want {
		t.Errorf("the chunks say %q, want %q", all.String(), want)
	}
	if len(got) != 3 {
		t.Errorf("%d chunks, want 3: the first clause alone (the long one does not fit after it), the long one in two, the last two with its end", len(got))
	}
}
