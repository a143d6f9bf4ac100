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
	// Registered first (eSpeak could not start), Polly is still not the default:
	// a voice nobody chose is never billed.
	if e, err := reg.Engine(""); err == nil {
		t.Errorf("the default engine is %s", e.Name())
	}
	if p, _ := st.Preferences(ctx); p.Polly.MonthlyCharacters != 5000 || p.MonthlyBudget("polly") != 5000 {
		t.Errorf("kept %+v", p.Polly)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDSOMEONE")
	status, err = c.SetPolly(ctx, store.PollyPrefs{On: true, Endpoint: srv.URL, Region: "eu-west-1"})
	if err != nil || !strings.Contains(status.Problem, "did not accept the AWS credentials") || strings.Contains(status.Problem, "cloud-secret") {
		t.Errorf("a key Polly does not know: %+v, %v", status, err)
	}
	if _, err := c.SetPolly(ctx, store.PollyPrefs{}); err != nil {
		t.Fatal(err)
	}
	// Off, a stand-in keeps Polly's audio playable and sends nothing.
	e, err := reg.Engine("polly")
	if err != nil || !tts.IsDormant(e) || len(reg.Missing()) != 0 {
		t.Fatalf("off: %v, %v, missing %v", e, err, reg.Missing())
	}
	if vs, err := reg.Voices(ctx); err != nil || len(vs) != 0 {
		t.Errorf("off: %d voices listed, %v", len(vs), err)
	}
	if _, err := e.Synthesize(ctx, tts.Request{Text: "x", Voice: "Joanna-neural", Prosody: tts.Normal}); err == nil || !strings.Contains(err.Error(), "turned off") {
		t.Errorf("off: %v", err)
	}
}
