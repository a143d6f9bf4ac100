package engines_test

import (
	"context"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"readback/internal/config"
	"readback/internal/store"
	"readback/internal/tts"
	"readback/internal/tts/engines"
	"readback/internal/tts/polly/pollytest"
)

// Settings → Amazon Polly: turned on, the engine is registered with its voices;
// with a key Polly does not know, why is said; turned off, it is gone and nothing
// is missing.
func TestCloudSettings(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("the Polly stand-in needs ffmpeg")
	}
	ctx := context.Background()
	s := &pollytest.Speech{AccessKey: "AKIDCLOUD"}
	srv := httptest.NewServer(s)
	defer srv.Close()
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDCLOUD")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "cloud-secret")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	reg := tts.NewRegistry()
	c := &engines.Cloud{Store: st, Registry: reg, Paths: config.Paths{Data: dir}}
	if _, err := c.SetPolly(ctx, store.PollyPrefs{On: true, Region: "Europe"}); err == nil {
		t.Error("a region that is not one was kept")
	}
	status, err := c.SetPolly(ctx, store.PollyPrefs{On: true, Endpoint: srv.URL, Region: "eu-west-1", MonthlyCharacters: 5000})
	if err != nil || status.Voices != 15 || status.Problem != "" {
		t.Fatalf("on: %+v, %v", status, err)
	}
	if vs, err := reg.Voices(ctx); err != nil || len(vs) != 15 {
		t.Errorf("the registry lists %d voices, %v", len(vs), err)
	}
	if p, _ := st.Preferences(ctx); p.Polly.MonthlyCharacters != 5000 || p.MonthlyBudget("polly") != 5000 {
		t.Errorf("kept %+v", p.Polly)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDSOMEONE")
	status, err = c.SetPolly(ctx, store.PollyPrefs{On: true, Endpoint: srv.URL, Region: "eu-west-1"})
	if err != nil || status.Voices != 0 || !strings.Contains(status.Problem, "did not accept the AWS credentials") || strings.Contains(status.Problem, "cloud-secret") {
		t.Errorf("a key Polly does not know: %+v, %v", status, err)
	}
	if _, err := c.SetPolly(ctx, store.PollyPrefs{}); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.Engine("polly"); err == nil || len(reg.Missing()) != 0 {
		t.Errorf("off: still registered, or missing %v", reg.Missing())
	}
}
