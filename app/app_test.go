package app_test

import (
	"context"
	"encoding/base64"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readback/app"
	"readback/internal/catalog"
	"readback/internal/document"
	"readback/internal/fault"
	"readback/internal/store"
)

func newHandlers(t *testing.T) (*app.Library, *app.Settings) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cat := catalog.New(st)
	s := app.NewSession()
	log := slog.New(slog.NewTextHandler(discard{}, nil))
	return app.NewLibrary(s, cat, log), app.NewSettings(s, cat, "/data", "test", nil)
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func TestImportOutcomesPerFile(t *testing.T) {
	lib, _ := newHandlers(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.md")
	os.WriteFile(good, []byte("# Hello\n\nWorld."), 0o644)
	out := lib.ImportFiles([]string{good, filepath.Join(dir, "missing.md")}, app.ImportSettings{})
	if len(out) != 2 || out[0].Result == nil || out[0].Result.Title != "Hello" || out[1].Problem == nil {
		t.Fatalf("outcomes = %+v", out)
	}
	if out[1].Problem.Code != fault.NotFound || !strings.Contains(out[1].Problem.Message, "missing.md: no such file") {
		t.Errorf("problem = %+v", out[1].Problem)
	}

	o := lib.ImportData("drop.txt", base64.StdEncoding.EncodeToString([]byte("Dropped words.")), app.ImportSettings{Footnotes: "skip"})
	if o.Result == nil || o.Result.Words != 2 {
		t.Errorf("drop = %+v", o)
	}
	o = lib.ImportData("bad.txt", "***not base64***", app.ImportSettings{})
	if o.Problem == nil || o.Problem.Code != fault.Invalid {
		t.Errorf("bad base64 = %+v", o)
	}
	o = lib.ImportData("x.md", base64.StdEncoding.EncodeToString([]byte("x")), app.ImportSettings{Footnotes: "sideways"})
	if o.Problem == nil || !strings.Contains(o.Problem.Message, "footnotes must be") {
		t.Errorf("bad settings = %+v", o)
	}

	page, err := lib.List("", 0)
	if err != nil || page.Total != 2 || page.PerPage != app.PerPage {
		t.Fatalf("list = %+v, %v", page, err)
	}
	v, err := lib.Open(page.Items[1].ID)
	if err != nil || len(v.Chunks) == 0 {
		t.Fatalf("open = %+v, %v", v, err)
	}
	if html, err := lib.Text(page.Items[1].ID, 0, v.Chunks[len(v.Chunks)-1].Last); err != nil || !strings.Contains(html, "Hello") {
		t.Fatalf("text = %q, %v", html, err)
	}
}

func TestFormatErrorHidesInternals(t *testing.T) {
	f := app.FormatError(slog.New(slog.NewTextHandler(discard{}, nil)))
	p := f(fault.New(fault.Invalid, "a.md: bad")).(app.Problem)
	if p.Code != fault.Invalid || p.Message != "a.md: bad" {
		t.Errorf("typed: %+v", p)
	}
	p = f(os.ErrPermission).(app.Problem)
	if p.Code != fault.Internal || strings.Contains(p.Message, "permission") {
		t.Errorf("untyped error leaked its details: %+v", p)
	}
}

func TestSettingsLimits(t *testing.T) {
	_, s := newHandlers(t)
	lim, err := s.Limits()
	if err != nil || lim != document.DefaultLimits() {
		t.Fatalf("limits = %+v, %v", lim, err)
	}
	lim.MaxFileBytes = 5 << 20
	if err := s.SetLimits(lim); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Limits(); got.MaxFileBytes != 5<<20 {
		t.Errorf("limits not saved: %+v", got)
	}
	if a := s.About(); a.DataDir != "/data" || a.Version != "test" {
		t.Errorf("about = %+v", a)
	}
}

// The audit log in the window: a rename shows, the period is bounded, the CSV
// export lands whole and never in the data directory.
func TestAuditLogInTheWindow(t *testing.T) {
	lib, settings := newHandlers(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "a.md")
	os.WriteFile(src, []byte("# Hello\n\nWorld."), 0o644)
	out := lib.ImportFiles([]string{src}, app.ImportSettings{})
	if len(out) != 1 || out[0].Result == nil {
		t.Fatalf("import: %+v", out)
	}
	if err := lib.Rename(out[0].Result.ID, "Greetings"); err != nil {
		t.Fatal(err)
	}
	page, err := settings.AuditLog(catalog.AuditQuery{Days: 7}, 0)
	if err != nil || page.Total != 1 || page.Events[0].Action != "document.rename" || len(page.Actions) != 1 {
		t.Fatalf("audit log: %+v %v", page, err)
	}
	if _, err := settings.AuditLog(catalog.AuditQuery{Days: 400}, 0); fault.CodeOf(err) != fault.Invalid {
		t.Errorf("a period of 400 days: %v", err)
	}
	if err := settings.ExportAuditLogTo(catalog.AuditQuery{}, "/data/audit.csv"); fault.CodeOf(err) != fault.Invalid {
		t.Errorf("an export into the data directory: %v", err)
	}
	csv := filepath.Join(dir, "audit.csv")
	if err := settings.ExportAuditLogTo(catalog.AuditQuery{}, csv); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(csv); !strings.HasPrefix(string(b), "time,action,subject,detail\n") || !strings.Contains(string(b), "document.rename") {
		t.Errorf("csv: %q", b)
	}
}
