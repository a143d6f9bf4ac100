package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"readback/internal/cli"
	"readback/internal/library/librarytest"
)

// awsEnv points the AWS chain at the test server's keys and at no file of the
// machine's own.
func awsEnv(t *testing.T, access, secret string) {
	t.Setenv("AWS_ACCESS_KEY_ID", access)
	t.Setenv("AWS_SECRET_ACCESS_KEY", secret)
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	none := filepath.Join(t.TempDir(), "none")
	t.Setenv("AWS_CONFIG_FILE", none)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", none)
}

// setUp points a data directory at the server's bucket.
func setUp(t *testing.T, v *librarytest.Versity, dir, author string) {
	t.Helper()
	r := run(t, "sync", "settings", "--data-dir", dir, "--bucket", v.Bucket, "--endpoint", v.Endpoint, "--path-style",
		"--share-renditions", "--author", author, "--prefix", "team")
	if r.code != cli.ExitOK {
		t.Fatalf("sync settings: %d %s", r.code, r.stderr)
	}
}

type syncReport struct {
	Lexicon struct {
		Pulled, Pushed []string
		Conflicts      []struct {
			Word       string
			Kept, Lost struct{ Say, Author string }
		}
	}
	Renditions *struct{ Renditions, Packs int }
	NewPacks   int `json:"new_packs"`
}

func syncJSON(t *testing.T, dir string, extra ...string) syncReport {
	t.Helper()
	r := run(t, append([]string{"sync", "--json", "--data-dir", dir}, extra...)...)
	if r.code != cli.ExitOK {
		t.Fatalf("sync: %d %s", r.code, r.stderr)
	}
	var rep syncReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("sync --json printed %q: %v", r.stdout, err)
	}
	return rep
}

type fetchSummary struct {
	summary
	Fetched int `json:"fetched"`
}

// Two libraries on one bucket: what A synthesised, B fetches instead of
// synthesising, and both books come out the same.
func TestSharedRenditionsAcrossLibraries(t *testing.T) {
	v := librarytest.StartVersity(t)
	awsEnv(t, v.Access, v.Secret)
	a, b, work := t.TempDir(), t.TempDir(), t.TempDir()
	setUp(t, v, a, "alice")
	setUp(t, v, b, "bob")
	book := manuscript(t, work, 30)

	sa, r := convert(t, book, "-o", filepath.Join(work, "a.wav"), "--data-dir", a, "--workers", "1")
	if r.code != cli.ExitOK || sa.Synthesized == 0 {
		t.Fatalf("A's conversion: %+v %s", sa, r.stderr)
	}
	rep := syncJSON(t, a)
	if rep.Renditions == nil || rep.Renditions.Renditions != sa.Synthesized || rep.Renditions.Packs != 1 {
		t.Fatalf("A's sync published %+v, want the %d renditions in one pack", rep.Renditions, sa.Synthesized)
	}
	if again := syncJSON(t, a); again.Renditions.Renditions != 0 {
		t.Errorf("a second sync published %d renditions again", again.Renditions.Renditions)
	}

	var out, errOut bytes.Buffer
	t.Setenv("READBACK_TEST_CLI", "1")
	code := cli.Run(context.Background(), []string{"convert", "--json", book, "-o", filepath.Join(work, "b.wav"), "--data-dir", b, "--workers", "1"},
		cli.Env{Stdout: &out, Stderr: &errOut, Executable: os.Args[0]})
	if code != cli.ExitOK {
		t.Fatalf("B's conversion: %d %s", code, errOut.String())
	}
	var sb fetchSummary
	if err := json.Unmarshal(out.Bytes(), &sb); err != nil {
		t.Fatal(err)
	}
	if sb.Synthesized != 0 || sb.Fetched != sb.Segments || sb.Segments != sa.Segments {
		t.Errorf("B: %+v, want 0 synthesised and all %d segments fetched", sb, sa.Segments)
	}
	wa, _ := os.ReadFile(filepath.Join(work, "a.wav"))
	wb, _ := os.ReadFile(filepath.Join(work, "b.wav"))
	if len(wa) < 1000 || !bytes.Equal(wa, wb) {
		t.Errorf("B's book (%d bytes) differs from A's (%d bytes)", len(wb), len(wa))
	}
	// B's copy is its own: converting again needs no bucket.
	v.Kill()
	out.Reset()
	errOut.Reset()
	code = cli.Run(context.Background(), []string{"convert", "--json", book, "-o", filepath.Join(work, "b2.wav"), "--data-dir", b, "--workers", "1"},
		cli.Env{Stdout: &out, Stderr: &errOut, Executable: os.Args[0]})
	if code != cli.ExitOK || !strings.Contains(out.String(), `"synthesized":0`) {
		t.Errorf("B offline: %d %s %s", code, out.String(), errOut.String())
	}
}

// Converting with the bucket unreachable synthesises everything here, says why,
// and does not wait long.
func TestConvertOffline(t *testing.T) {
	v := librarytest.StartVersity(t)
	awsEnv(t, v.Access, v.Secret)
	a, work := t.TempDir(), t.TempDir()
	setUp(t, v, a, "alice")
	v.Kill()
	book := manuscript(t, work, 8)
	start := time.Now()
	s, r := convert(t, book, "-o", filepath.Join(work, "a.wav"), "--data-dir", a, "--workers", "1")
	if r.code != cli.ExitOK || s.Synthesized == 0 {
		t.Fatalf("offline conversion: %+v %d %s", s, r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "cannot be reached") || !strings.Contains(r.stderr, "synthesised here") {
		t.Errorf("stderr does not say the library was unreachable: %q", r.stderr)
	}
	t.Logf("offline conversion took %s", time.Since(start))
	rs := run(t, "sync", "--data-dir", a)
	if rs.code != cli.ExitError || !strings.Contains(rs.stderr, "cannot be reached") {
		t.Errorf("offline sync: %d %q", rs.code, rs.stderr)
	}
	st := run(t, "sync", "settings", "--data-dir", a)
	if !strings.Contains(st.stdout, "last error\tthe shared library cannot be reached") {
		t.Errorf("the settings do not show the last error: %q", st.stdout)
	}
	// A network that swallows requests without an answer: the conversion's look at
	// the bucket gives up on its own and the book is made here.
	hole, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer hole.Close()
	go func() {
		for {
			c, err := hole.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	run(t, "sync", "settings", "--data-dir", a, "--endpoint", "http://"+hole.Addr().String())
	other := manuscript(t, t.TempDir(), 9)
	s, r = convert(t, other, "-o", filepath.Join(work, "b.wav"), "--data-dir", a, "--workers", "1")
	if r.code != cli.ExitOK || s.Synthesized == 0 || !strings.Contains(r.stderr, "synthesised here") {
		t.Errorf("conversion with the bucket silent: %+v %d %q", s, r.code, r.stderr)
	}
}

// Two laptops edit the lexicon apart, then sync: entry by entry, the later edit
// of a word both changed wins and the other is kept; a removal travels.
func TestLexiconMergedAcrossLibraries(t *testing.T) {
	v := librarytest.StartVersity(t)
	awsEnv(t, v.Access, v.Secret)
	a, b := t.TempDir(), t.TempDir()
	setUp(t, v, a, "alice")
	setUp(t, v, b, "bob")
	add := func(dir, word, say string) {
		t.Helper()
		if r := run(t, "lexicon", "add", word, "--say", say, "--data-dir", dir); r.code != cli.ExitOK {
			t.Fatalf("lexicon add: %s", r.stderr)
		}
		time.Sleep(5 * time.Millisecond) // edits a few ms apart, as hands make them
	}
	add(a, "Aoife", "Ee-fa")
	syncJSON(t, a)
	syncJSON(t, b)
	// Offline, apart:
	add(a, "Siobhan", "Shiv-awn")
	add(b, "Niamh", "Neev")
	add(a, "Aoife", "Ee-fah")
	add(b, "Aoife", "Ee-fuh") // the later edit
	dry := syncJSON(t, a, "--dry-run")
	if len(dry.Lexicon.Pushed) != 2 {
		t.Errorf("dry run: %+v, want Aoife and Siobhan to go", dry.Lexicon)
	}
	if again := syncJSON(t, a, "--dry-run"); len(again.Lexicon.Pushed) != 2 {
		t.Errorf("a dry run changed something: %+v", again.Lexicon)
	}
	syncJSON(t, a)
	rb := syncJSON(t, b)
	if len(rb.Lexicon.Conflicts) != 1 || rb.Lexicon.Conflicts[0].Kept.Say != "Ee-fuh" || rb.Lexicon.Conflicts[0].Lost.Say != "Ee-fah" ||
		rb.Lexicon.Conflicts[0].Lost.Author != "alice" {
		t.Errorf("B's sync: %+v, want Aoife's conflict, bob's Ee-fuh kept over alice's Ee-fah", rb.Lexicon)
	}
	syncJSON(t, a)
	// Alice, whose edit lost on Bob's laptop, sees it too, once.
	syncJSON(t, a)
	for _, dir := range []string{a, b} {
		if r := run(t, "lexicon", "conflicts", "--data-dir", dir); r.stdout != "Aoife\tEe-fuh\tbob\tEe-fah\talice\n" {
			t.Errorf("conflicts listed in %s: %q", filepath.Base(dir), r.stdout)
		}
	}
	want := "Aoife\tEe-fuh\t\t\t\nNiamh\tNeev\t\t\t\nSiobhan\tShiv-awn\t\t\t\n"
	for _, dir := range []string{a, b} {
		if r := run(t, "lexicon", "list", "--data-dir", dir); r.stdout != want {
			t.Errorf("lexicon of %s:\n%s\nwant\n%s", filepath.Base(dir), r.stdout, want)
		}
	}
	if r := run(t, "lexicon", "remove", "Niamh", "--data-dir", b); r.code != cli.ExitOK {
		t.Fatal(r.stderr)
	}
	syncJSON(t, b)
	syncJSON(t, a)
	if r := run(t, "lexicon", "list", "--data-dir", a); strings.Contains(r.stdout, "Niamh") {
		t.Errorf("the removal did not travel: %s", r.stdout)
	}
}

// A refused secret is said plainly and appears nowhere.
func TestWrongSecretNeverShown(t *testing.T) {
	v := librarytest.StartVersity(t)
	secret := "wrong-secret-" + strings.Repeat("x", 20)
	awsEnv(t, v.Access, secret)
	a := t.TempDir()
	setUp(t, v, a, "alice")
	for _, args := range [][]string{{"sync"}, {"sync", "test"}, {"sync", "list"}} {
		r := run(t, append(args, "--data-dir", a)...)
		if r.code != cli.ExitError || !strings.Contains(r.stdout+r.stderr, "refused the credentials") {
			t.Errorf("%v: %d %q %q, want the credentials refused", args, r.code, r.stdout, r.stderr)
		}
		if strings.Contains(r.stdout+r.stderr, secret) {
			t.Errorf("%v printed the secret", args)
		}
	}
	db, _ := os.ReadFile(filepath.Join(a, "library.db"))
	if bytes.Contains(db, []byte(secret)) {
		t.Error("the secret is in the library's database")
	}
}

// Credentials from a named profile of the shared AWS files; none in the
// environment, and none at all says so.
func TestNamedProfileAndNoCredentials(t *testing.T) {
	v := librarytest.StartVersity(t)
	awsEnv(t, "", "")
	os.Unsetenv("AWS_ACCESS_KEY_ID")
	os.Unsetenv("AWS_SECRET_ACCESS_KEY")
	a := t.TempDir()
	setUp(t, v, a, "alice")
	r := run(t, "sync", "--data-dir", a)
	if r.code != cli.ExitError || !strings.Contains(r.stderr, "no AWS credentials were found") {
		t.Errorf("without credentials: %d %q", r.code, r.stderr)
	}
	creds := write(t, t.TempDir(), "credentials", "[team]\naws_access_key_id = "+v.Access+"\naws_secret_access_key = "+v.Secret+"\n")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	if r := run(t, "sync", "settings", "--profile", "team", "--data-dir", a); r.code != cli.ExitOK || strings.Contains(r.stdout, v.Secret) {
		t.Fatalf("settings: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, "sync", "test", "--data-dir", a); r.code != cli.ExitOK || strings.Count(r.stdout, " ok ") != 6 {
		t.Errorf("sync test with the profile: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	run(t, "sync", "settings", "--profile", "nosuch", "--data-dir", a)
	if r := run(t, "sync", "--data-dir", a); !strings.Contains(r.stderr, `the AWS profile "nosuch" is not in`) {
		t.Errorf("an unknown profile: %q", r.stderr)
	}
}

// convert --remote: Polly's tasks (a local stand-in) write into the bucket and the
// M4B is assembled from it with its chapters; a second run starts no task.
func TestConvertRemote(t *testing.T) {
	v := librarytest.StartVersity(t)
	awsEnv(t, v.Access, v.Secret)
	fake, pollyURL := v.Polly(t)
	a, work := t.TempDir(), t.TempDir()
	setUp(t, v, a, "alice")
	if r := run(t, "sync", "settings", "--data-dir", a, "--polly-voice", "Joanna", "--polly-endpoint", pollyURL); r.code != cli.ExitOK ||
		!strings.Contains(r.stdout, "polly\tJoanna (neural)") {
		t.Fatalf("settings: %d %s %s", r.code, r.stdout, r.stderr)
	}
	book := manuscript(t, work, 45) // three chapters
	out := filepath.Join(work, "book.m4b")
	for run := range 2 {
		var stdout, stderr bytes.Buffer
		code := cli.Run(context.Background(), []string{"convert", "--json", "--remote", book, "-o", out, "--data-dir", a},
			cli.Env{Stdout: &stdout, Stderr: &stderr})
		if code != cli.ExitOK {
			t.Fatalf("convert --remote: %d %s", code, stderr.String())
		}
		var s struct{ Parts, Started int }
		json.Unmarshal(stdout.Bytes(), &s)
		if want := []int{3, 0}[run]; s.Parts != 3 || s.Started != want {
			t.Errorf("run %d: %s, want 3 parts and %d started", run+1, stdout.String(), want)
		}
	}
	if fake.Started.Load() != 3 {
		t.Errorf("Polly started %d tasks, want 3", fake.Started.Load())
	}
	probe, err := exec.Command("ffprobe", "-v", "error", "-show_chapters", "-of", "csv=p=0", out).Output()
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(strings.TrimSpace(string(probe)), "\n") + 1; n != 3 || !strings.Contains(string(probe), "Chapter 2") {
		t.Errorf("chapters:\n%s", probe)
	}
	// A dry run in the cloud prices every part at the library's engine and sends nothing.
	started := fake.Started.Load()
	if r := run(t, "convert", "--remote", "--dry-run", book, "-o", out, "--data-dir", a); r.code != cli.ExitOK ||
		!regexp.MustCompile(`polly \(neural\): \d+ sentences, [0-9,]+ characters, about \$`).MatchString(r.stdout) ||
		!regexp.MustCompile(`read by polly:Joanna-neural: \d+ sentences`).MatchString(r.stdout) || fake.Started.Load() != started {
		t.Errorf("convert --remote --dry-run: %+v (tasks started %d → %d)", r, started, fake.Started.Load())
	}
	if r := run(t, "convert", "--remote", "--max-characters", "10", book, "-o", out, "--data-dir", a); r.code != cli.ExitError || !strings.Contains(r.stderr, "cost guard") {
		t.Errorf("over the cost guard: %d %q", r.code, r.stderr)
	}
}

// "readback pull ID" finds what the id names.
func TestPullByID(t *testing.T) {
	v := librarytest.StartVersity(t)
	awsEnv(t, v.Access, v.Secret)
	a, b, work := t.TempDir(), t.TempDir(), t.TempDir()
	setUp(t, v, a, "alice")
	setUp(t, v, b, "bob")
	write(t, work, "voice.json", `{"id":"warm","name":"Warm","engine":"espeak","preset":{"engine":"espeak","voice":"en-gb-x-rp","rate":0.9}}`)
	if r := run(t, "publish", "voice", work, "--data-dir", a); r.code != cli.ExitOK {
		t.Fatalf("publish: %s", r.stderr)
	}
	if r := run(t, "pull", "warm", "--data-dir", b); r.code != cli.ExitOK || !strings.Contains(r.stdout, "voice warm version 1 installed") {
		t.Errorf("pull warm: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := run(t, "pull", "nothing", "--data-dir", b); r.code != cli.ExitError || !strings.Contains(r.stderr, `no voice or narration "nothing"`) {
		t.Errorf("pull nothing: %d %q", r.code, r.stderr)
	}
	// The installed preset is a voice: the book is read with its voice and rate,
	// the same audio as that voice named by hand.
	book := manuscript(t, work, 6)
	viaPreset, r1 := convert(t, book, "-o", filepath.Join(work, "p.wav"), "--voice", "preset:warm", "--data-dir", b, "--workers", "1")
	byHand, r2 := convert(t, book, "-o", filepath.Join(work, "h.wav"), "--voice", "espeak:en-gb-x-rp", "--rate", "0.9", "--data-dir", b, "--workers", "1")
	if r1.code != cli.ExitOK || r2.code != cli.ExitOK || viaPreset.Synthesized == 0 || byHand.Synthesized != 0 {
		t.Errorf("preset %+v %s; by hand %+v %s: the second should reuse every rendition of the first", viaPreset, r1.stderr, byHand, r2.stderr)
	}
	if r := run(t, "convert", book, "-o", filepath.Join(work, "x.wav"), "--voice", "preset:nosuch", "--data-dir", b); r.code != cli.ExitError ||
		!strings.Contains(r.stderr, `no voice preset "nosuch"`) {
		t.Errorf("an unknown preset: %d %q", r.code, r.stderr)
	}
}

// What a writer gets wrong, said plainly, with nothing written.
func TestSharedLibraryMistakes(t *testing.T) {
	v := librarytest.StartVersity(t)
	awsEnv(t, v.Access, v.Secret)
	a, work := t.TempDir(), t.TempDir()
	setUp(t, v, a, "alice")
	for _, tc := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"sync", "settings", "--max-characters", "300"}, cli.ExitUsage, "Amazon Polly is off"},
		{[]string{"sync", "settings", "--max-characters", "-5"}, cli.ExitUsage, "positive"},
		{[]string{"sync", "settings", "--endpoint", "https://key:secret@example.com"}, cli.ExitError, "without credentials"},
	} {
		if r := run(t, append(tc.args, "--data-dir", a)...); r.code != tc.code || !strings.Contains(r.stderr, tc.says) {
			t.Errorf("%v: %d %q, want %d and %q", tc.args, r.code, r.stderr, tc.code, tc.says)
		}
	}
	if r := run(t, "sync", "settings", "--data-dir", a); !strings.Contains(r.stdout, "polly\toff") || strings.Contains(r.stdout, "secret") {
		t.Errorf("settings after the mistakes: %q", r.stdout)
	}
	// Polly's region follows the bucket's until it is set.
	run(t, "sync", "settings", "--polly-voice", "Joanna", "--data-dir", a)
	run(t, "sync", "settings", "--region", "eu-west-1", "--data-dir", a)
	if r := run(t, "sync", "settings", "--data-dir", a); !strings.Contains(r.stdout, "in eu-west-1 (the bucket's)") {
		t.Errorf("Polly's region: %q", r.stdout)
	}
	run(t, "sync", "settings", "--region", "us-east-1", "--polly-voice", "off", "--data-dir", a)

	// A narration pulled into a folder, or under another format's name.
	book := manuscript(t, work, 4)
	run(t, "import", book, "--data-dir", a)
	if r := run(t, "publish", "narration", "1", "--id", "n", "--format", "wav", "--data-dir", a); r.code != cli.ExitOK {
		t.Fatalf("publish: %s", r.stderr)
	}
	if r := run(t, "pull", "narration", "n", "-o", work, "--data-dir", a); r.code != cli.ExitError || !strings.Contains(r.stderr, "is a folder") {
		t.Errorf("pull into a folder: %d %q", r.code, r.stderr)
	}
	victim := write(t, work, "victim.mp3", "my own file")
	if r := run(t, "pull", "narration", "n", "-o", victim, "--data-dir", a); r.code != cli.ExitError || !strings.Contains(r.stderr, "name the file") {
		t.Errorf("pull under an .mp3 name: %d %q", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(victim); string(b) != "my own file" {
		t.Error("the file under the wrong name was overwritten")
	}
	if left, _ := filepath.Glob(filepath.Join(work, "*.part")); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
	// A bucket that is not there is not an empty library.
	run(t, "sync", "settings", "--bucket", "no-such-bucket", "--data-dir", a)
	if r := run(t, "sync", "--data-dir", a); r.code != cli.ExitError || !strings.Contains(r.stderr, "the bucket does not exist") {
		t.Errorf("sync with a bucket that is not there: %d %q %q", r.code, r.stdout, r.stderr)
	}
}

// The health check reads the library without changing it, names what it found,
// and shows the home folder as ~.
func TestDiagnostics(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	dir := home + "/library"
	if r := run(t, "diagnostics", "--data-dir", dir); r.code != cli.ExitOK || !strings.Contains(r.stdout, "not created yet at ~/library/library.db") {
		t.Errorf("before the library exists: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(dir + "/library.db"); !os.IsNotExist(err) {
		t.Error("diagnostics created the library")
	}
	run(t, "import", manuscript(t, t.TempDir(), 3), "--data-dir", dir)
	r := run(t, "diagnostics", "--data-dir", dir)
	for _, want := range []string{"engine espeak    ok", "SQLite's integrity check: ok", "shared library   ok       not set up", "~/library"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, home) {
		t.Errorf("the home folder is in the report:\n%s", r.stdout)
	}
}

// The audit log lists what cannot be undone, filtered and as CSV.
func TestAuditLog(t *testing.T) {
	dir, work := t.TempDir(), t.TempDir()
	lex := write(t, work, "names.txt", "Siobhan = Shiv-awn\nNiamh = Neev\n")
	if r := run(t, "lexicon", "import", lex, "--data-dir", dir); r.code != cli.ExitOK {
		t.Fatal(r.stderr)
	}
	run(t, "sync", "settings", "--bucket", "team-books", "--data-dir", dir)
	r := run(t, "audit", "--data-dir", dir)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != cli.ExitOK || len(lines) != 2 || !strings.Contains(lines[0], "\tshared.settings\tteam-books\t") ||
		!strings.Contains(lines[1], "\tlexicon.import\tglobal\t2 entries from names.txt") {
		t.Errorf("audit: %d %q", r.code, r.stdout)
	}
	if r := run(t, "audit", "--action", "lexicon.import", "--days", "1", "--data-dir", dir); strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("filtered: %q", r.stdout)
	}
	if r := run(t, "audit", "--csv", "--data-dir", dir); !strings.HasPrefix(r.stdout, "time,action,subject,detail\n") || strings.Count(r.stdout, "\n") != 3 {
		t.Errorf("csv: %q", r.stdout)
	}
}

// The dashboard without the window: a conversion from the command line counts, and
// a window beyond a year is clamped with the reason said.
func TestStats(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "tide.md")
	os.WriteFile(book, []byte("# Tide\n\nThe tide went out at noon.\n"), 0o644)
	if r := run(t, "convert", book, "-o", filepath.Join(dir, "tide.wav"), "--format", "wav", "--data-dir", dir); r.code != cli.ExitOK {
		t.Fatalf("convert: %d %s", r.code, r.stderr)
	}
	r := run(t, "stats", "--json", "--days", "7", "--data-dir", dir)
	if r.code != cli.ExitOK {
		t.Fatalf("stats: %d %s", r.code, r.stderr)
	}
	var d struct {
		Days   int `json:"days"`
		Totals struct {
			Imported    int   `json:"imported"`
			Conversions int   `json:"conversions"`
			NarratedMs  int64 `json:"narrated_ms"`
		} `json:"totals"`
		Engines []struct {
			Engine string `json:"engine"`
		} `json:"engines"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if d.Days != 7 || d.Totals.Imported != 1 || d.Totals.Conversions != 1 || d.Totals.NarratedMs < 500 || len(d.Engines) != 1 || d.Engines[0].Engine != "espeak" {
		t.Errorf("stats: %+v", d)
	}
	r = run(t, "stats", "--days", "400", "--data-dir", dir)
	if r.code != cli.ExitOK || !strings.Contains(r.stderr, "400 days is longer than a year: showing 365 days") || !strings.Contains(r.stdout, "The last 365 days") ||
		!strings.Contains(r.stdout, "conversions ended   1 (done 1)") {
		t.Errorf("stats --days 400: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}
