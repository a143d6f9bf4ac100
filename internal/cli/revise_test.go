package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readback/internal/cli"
)

type updateSummary struct {
	summary
	Document int64 `json:"document"`
	Added    *int  `json:"added"`
	Removed  *int  `json:"removed"`
	Changed  *int  `json:"changed"`
}

func convertUpdate(t *testing.T, args ...string) (updateSummary, result) {
	t.Helper()
	_, r := convert(t, args...)
	var s updateSummary
	if r.code == cli.ExitOK {
		if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
			t.Fatal(err)
		}
	}
	return s, r
}

// The lexicon commands, and convert honouring a lexicon entry: exactly the
// sentences with the word are synthesised again.
func TestLexiconCommands(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	src := write(t, dir, "names.md", "# Names\n\nSiobhan rowed out. The sea was grey. Siobhan came back at noon. Gulls called.\n\nNiamh waited. Then Siobhan waved to Niamh.\n")
	out := filepath.Join(dir, "names.wav")
	first, r := convertUpdate(t, "--data-dir", data, "--workers", "1", src, "-o", out)
	if r.code != cli.ExitOK || first.Synthesized != 7 || first.Added != nil {
		t.Fatalf("first convert: %+v %+v", first, r)
	}

	if r := run(t, "lexicon", "names", "--data-dir", data, "--document", "1"); r.code != cli.ExitOK || r.stdout != "3\tSiobhan\n2\tNiamh\n" {
		t.Errorf("names: %+v", r)
	}
	if r := run(t, "lexicon", "add", "--data-dir", data, "--document", "1", "Siobhan", "--say", "Shiv-awn", "--phonemes", "S@v'O:n"); r.code != cli.ExitOK {
		t.Fatalf("add: %+v", r)
	}
	if r := run(t, "lexicon", "add", "--data-dir", data, "GIF", "--match-case", "--say", "jiff"); r.code != cli.ExitOK {
		t.Fatalf("add global: %+v", r)
	}
	if r := run(t, "lexicon", "list", "--data-dir", data, "--document", "1"); r.stdout != "Siobhan\tShiv-awn\tS@v'O:n\t\t\n" {
		t.Errorf("list: %q", r.stdout)
	}
	if r := run(t, "lexicon", "list", "--data-dir", data); r.stdout != "GIF\tjiff\t\tmatch-case\t\n" {
		t.Errorf("list global: %q", r.stdout)
	}
	again, r := convertUpdate(t, "--data-dir", data, "--workers", "1", src, "-o", out)
	if r.code != cli.ExitOK || again.Synthesized != 3 || again.Reused != 4 {
		t.Errorf("after the entry: %+v %+v", again, r)
	}
	if r := run(t, "lexicon", "names", "--data-dir", data, "--document", "1"); r.stdout != "2\tNiamh\n" {
		t.Errorf("names after the entry: %q", r.stdout)
	}

	// Export and import round-trip; a bad file names its line and changes nothing.
	exported := filepath.Join(dir, "lex.txt")
	if r := run(t, "lexicon", "export", "--data-dir", data, "--document", "1", "-o", exported); r.code != cli.ExitOK {
		t.Fatalf("export: %+v", r)
	}
	body, _ := os.ReadFile(exported)
	if !strings.Contains(string(body), "Siobhan = Shiv-awn [[S@v'O:n]]\n") {
		t.Errorf("exported file:\n%s", body)
	}
	if r := run(t, "lexicon", "import", "--data-dir", data, exported); r.code != cli.ExitOK || r.stdout != exported+": 1 entry\n" {
		t.Errorf("import: %+v", r)
	}
	bad := write(t, dir, "bad.txt", "Aoife = Ee-fa\nNiamh is Neeve\n")
	if r := run(t, "lexicon", "import", "--data-dir", data, bad); r.code != cli.ExitError || !strings.Contains(r.stderr, bad+":2: expected WORD = RESPELLING") {
		t.Errorf("bad import: %+v", r)
	}
	if r := run(t, "lexicon", "list", "--data-dir", data); strings.Contains(r.stdout, "Aoife") {
		t.Errorf("a refused file left entries: %q", r.stdout)
	}
	if r := run(t, "lexicon", "remove", "--data-dir", data, "--document", "1", "Nobody"); r.code != cli.ExitError || !strings.Contains(r.stderr, `no entry for "Nobody"`) {
		t.Errorf("remove unknown: %+v", r)
	}
	if r := run(t, "lexicon", "frobnicate"); r.code != cli.ExitUsage {
		t.Errorf("unknown action: %+v", r)
	}
	if r := run(t, "lexicon", "add", "--data-dir", data, "x"); r.code != cli.ExitError || !strings.Contains(r.stderr, "needs a respelling, phonemes or IPA") {
		t.Errorf("add without a pronunciation: %+v", r)
	}
	if r := run(t, "lexicon", "add", "--data-dir", data, "Bar", "--ipa", "not ipa !!"); r.code != cli.ExitError || !strings.Contains(r.stderr, `the IPA for "Bar" holds "!", which is no IPA symbol`) {
		t.Errorf("add with IPA that is not: %+v", r)
	}
	if r := run(t, "lexicon", "add", "--data-dir", data, "Siobhan", "--ipa", "/ʃɪˈvɔːn/"); r.code != cli.ExitOK { // between slashes, as IPA is quoted
		t.Errorf("add with IPA: %+v", r)
	}
}

// A revised manuscript read over the document keeps the audio of what did not
// change and reports the difference.
func TestConvertUpdate(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	src := manuscript(t, dir, 40)
	out := filepath.Join(dir, "book.wav")
	first, r := convertUpdate(t, "--data-dir", data, "--workers", "1", src, "-o", out)
	if r.code != cli.ExitOK {
		t.Fatalf("%+v", r)
	}
	body, _ := os.ReadFile(src)
	revised := strings.Replace(string(body), "Sentence number 7 tells", "Sentence number 7 now tells", 1)
	revised = strings.Replace(revised, "Sentence number 12 tells of the keeper and the lamp. ", "", 1)
	revised = strings.Replace(revised, "Sentence number 30 tells", "A new sentence arrives. Sentence number 30 tells", 1)
	v2 := write(t, dir, "book-v2.md", revised)
	got, r := convertUpdate(t, "--data-dir", data, "--workers", "1", v2, "--update", "1", "-o", out)
	if r.code != cli.ExitOK {
		t.Fatalf("%+v", r)
	}
	if got.Added == nil || *got.Added != 1 || *got.Removed != 1 || *got.Changed != 1 {
		t.Errorf("added/removed/changed: %+v", got)
	}
	if got.Synthesized != 2 || got.Segments != first.Segments || got.Document != 1 {
		t.Errorf("update converted %+v (first %+v)", got, first)
	}
	if r := run(t, "list", "--data-dir", data); strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("the update added a document: %q", r.stdout)
	}
	// Unknown documents and unreadable files fail plainly.
	if _, r := convertUpdate(t, "--data-dir", data, v2, "--update", "99", "-o", out); r.code != cli.ExitError || !strings.Contains(r.stderr, "document 99 does not exist") {
		t.Errorf("unknown document: %+v", r)
	}
}
