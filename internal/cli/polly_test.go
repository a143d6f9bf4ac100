package cli_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"readback/internal/cli"
	"readback/internal/store"
	"readback/internal/tts/polly/pollytest"
)

// Amazon Polly from the command line: turned on in the library's preferences, its
// voices listed; a dry run says the characters and the price and sends nothing; a
// conversion the monthly budget would not cover is refused before anything is
// sent; within it, the book is converted and its characters recorded.
func TestPollyFromTheCommandLine(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("the Polly stand-in needs ffmpeg")
	}
	ctx := context.Background()
	s := &pollytest.Speech{AccessKey: "AKIDREADBACKCLI"}
	srv := httptest.NewServer(s)
	defer srv.Close()
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDREADBACKCLI")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "cli-secret")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if r := run(t, "list", "--data-dir", data); r.code != cli.ExitOK {
		t.Fatalf("list: %+v", r)
	}
	setPolly := func(budget int64) {
		t.Helper()
		r := run(t, "polly", "--data-dir", data, "--on", "--endpoint", srv.URL, "--region", "eu-west-1", "--budget", fmt.Sprint(budget))
		if r.code != cli.ExitOK || !strings.Contains(r.stdout, "Amazon Polly: on, region eu-west-1, the standard AWS credentials") ||
			!strings.Contains(r.stdout, "voices: 15") {
			t.Fatalf("polly: %+v", r)
		}
	}
	if r := run(t, "polly", "--data-dir", data); r.code != cli.ExitOK || !strings.Contains(r.stdout, "Amazon Polly: off") {
		t.Errorf("before: %+v", r)
	}
	if r := run(t, "polly", "--data-dir", data, "--on", "--region", "Frankfurt"); r.code == cli.ExitOK || !strings.Contains(r.stderr, `"Frankfurt" is not an AWS region`) {
		t.Errorf("a region that is not one: %+v", r)
	}
	for _, bad := range []string{"https://AKIDINADDRESS:hunter2@polly.example", "http://polly.example", "https://polly.example/?key=hunter2"} {
		r := run(t, "polly", "--data-dir", data, "--on", "--endpoint", bad)
		if r.code == cli.ExitOK || strings.Contains(r.stderr, "hunter2") || strings.Contains(r.stderr, "AKIDINADDRESS") || !strings.Contains(r.stderr, "polly.example") {
			t.Errorf("endpoint %s: %+v", bad, r)
		}
	}
	setPolly(0)
	r := run(t, "voices", "--data-dir", data)
	if !strings.Contains(r.stdout, "polly:Joanna-neural\ten-us\tJoanna (neural)\tfemale") || !strings.Contains(r.stdout, "espeak:") {
		t.Fatalf("voices: %+v", r)
	}

	src := write(t, dir, "book.md", "# One\n\nThe keeper climbed the stairs. The lamp was cold.\n\n# Two\n\nRain fell all night.\n")
	out := filepath.Join(dir, "book.m4b")
	args := []string{"convert", "--data-dir", data, "--voice", "polly:Joanna-neural", src, "-o", out}
	r = run(t, append(args, "--dry-run")...)
	// Five sentences (two headings, three sentences): 74 characters, twice.
	m := regexp.MustCompile(`polly \(neural\): 5 sentences, ([0-9,]+) characters, about \$([0-9.]+)`).FindStringSubmatch(r.stdout)
	if r.code != cli.ExitOK || m == nil || m[1] != "148" || m[2] != "0.00" || !strings.Contains(r.stdout, "read by polly:Joanna-neural: 5 sentences") {
		t.Fatalf("dry run: %+v", r)
	}
	if n, _ := s.Requests(); n != 0 {
		t.Errorf("the dry run sent %d requests", n)
	}

	setPolly(100)
	r = run(t, args...)
	if r.code == cli.ExitOK || !strings.Contains(r.stderr, "needs 148 characters of polly (neural, about $0.00) and the monthly budget leaves 100") {
		t.Errorf("over the budget: %+v", r)
	}
	if n, _ := s.Requests(); n != 0 {
		t.Errorf("a conversion over the budget sent %d requests", n)
	}

	setPolly(1000)
	r = run(t, args...)
	if r.code != cli.ExitOK {
		t.Fatalf("convert: %+v", r)
	}
	if n, billed := s.Requests(); n != 10 || billed != 148 {
		t.Errorf("%d requests billing %d characters; want 10 and 148", n, billed)
	}
	probe, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "stream=sample_rate", "-of", "csv=p=0", out).Output()
	if err != nil || strings.TrimSpace(string(probe)) != "24000" {
		t.Errorf("ffprobe: %s %v", probe, err)
	}
	// Converted, nothing is left to send.
	r = run(t, append(args, "--dry-run", "--local")...)
	if !strings.Contains(r.stdout, "0 to synthesise") {
		t.Errorf("after converting: %+v", r)
	}
	st, err := store.Open(ctx, filepath.Join(data, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, err := st.CloudCharacters(ctx, "polly", st.Now().AddDate(0, 0, -1)); err != nil || n != 148 {
		t.Errorf("recorded %d characters, %v", n, err)
	}
	st.Close()
	if r := run(t, "polly", "--data-dir", data); !strings.Contains(r.stdout, "budget: 1,000 characters a month, 148 used this month") {
		t.Errorf("after: %+v", r)
	}
}
