package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readback/app"
	"readback/internal/audiobook"
	"readback/internal/jobs"
	"readback/internal/library"
	"readback/internal/library/librarytest"
	"readback/internal/render"
	"readback/internal/store"
	"readback/internal/tts/polly"
)

// The window's path to the cloud: settings saved through the Sync handler, a
// conversion queued with Remote, run by the queue through Polly (a stand-in) into
// the bucket (versitygw) and assembled; then the Shared view with the bucket gone.
func TestRemoteConversionFromTheQueue(t *testing.T) {
	ctx := context.Background()
	v := librarytest.StartVersity(t)
	for k, val := range map[string]string{"AWS_ACCESS_KEY_ID": v.Access, "AWS_SECRET_ACCESS_KEY": v.Secret,
		"AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull, "AWS_PROFILE": ""} {
		t.Setenv(k, val)
	}
	fake, pollyURL := v.Polly(t)

	f := newFixture(t, "# One\n\nShe climbed. The lamp was cold.\n\n# Two\n\nMorning came.\n")
	dir, st, doc, engines, r, log := f.dir, f.st, f.doc, f.engines, f.r, f.log
	session := app.NewSession()
	svc := &library.Service{Store: st, DataDir: dir, Log: log}
	h := app.NewSync(session, svc, r, nil, "espeak:en-gb-x-rp")
	if _, err := h.SaveSettings(library.Settings{S3: library.S3Config{Endpoint: v.Endpoint, Bucket: v.Bucket, PathStyle: true},
		Polly: &polly.Config{Voice: "Joanna", Endpoint: pollyURL}}); err != nil {
		t.Fatal(err)
	}
	runner := &jobs.Runner{Store: st, Log: log, Handlers: map[string]jobs.Handler{"convert": audiobook.ConvertJob(audiobook.New(r), func() *render.Pool { return nil }, svc.ConvertRemote)}}
	q := app.NewQueue(session, st, runner, engines, r, svc, log, 0)
	out := filepath.Join(dir, "book.wav")
	if _, err := q.Convert(doc.ID, app.ConvertSettings{Format: "wav", Output: out, Remote: true, Subtitles: true}); err == nil {
		t.Error("a conversion in the cloud with subtitles was accepted")
	}
	// Priced before it is queued: what Polly's tasks will be sent, at the library's
	// engine; not eSpeak's price (nothing) for the dialog's voice.
	here, err := q.Quote(doc.ID, app.ConvertSettings{Rate: 1})
	if err != nil || len(here.Billed) != 0 {
		t.Fatalf("quote here: %+v, %v", here, err)
	}
	cloud, err := q.Quote(doc.ID, app.ConvertSettings{Rate: 1, Remote: true})
	if err != nil || len(cloud.Billed) != 1 || cloud.Billed[0].Engine != "polly" || cloud.Billed[0].Tier != "neural" || cloud.Billed[0].Characters == 0 {
		t.Fatalf("quote in the cloud: %+v, %v", cloud, err)
	}
	id, err := q.Convert(doc.ID, app.ConvertSettings{Format: "wav", Output: out, Remote: true})
	if err != nil {
		t.Fatal(err)
	}
	if ran, err := runner.RunOnce(ctx); !ran || err != nil {
		t.Fatalf("ran=%v err=%v", ran, err)
	}
	view, err := q.List()
	if err != nil {
		t.Fatal(err)
	}
	j := view.Jobs[0]
	if j.ID != id || j.State != store.JobDone || j.Result == nil || j.Result.RemoteTasks != 2 || j.Result.Synthesized != 0 || fake.Started.Load() != 2 {
		t.Fatalf("job %+v (result %+v), Polly started %d", j, j.Result, fake.Started.Load())
	}
	if st, err := os.Stat(out); err != nil || st.Size() < 1000 {
		t.Errorf("%s: %v", out, err)
	}
	if int64(j.Result.CloudCharacters) != cloud.Billed[0].Characters {
		t.Errorf("priced at %d characters, sent %d", cloud.Billed[0].Characters, j.Result.CloudCharacters)
	}

	// Published from here and downloaded again: never into the data directory.
	if _, err := h.PublishNarration(doc.ID, "one", "wav"); err != nil {
		t.Fatal(err)
	}
	if err := h.DownloadNarrationTo("one", filepath.Join(dir, "renditions", "x.wav")); err == nil {
		t.Error("a download into the data directory was accepted")
	}
	got := filepath.Join(t.TempDir(), "one.wav")
	if err := h.DownloadNarrationTo("one", got); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(got); err != nil || string(b[:4]) != "RIFF" {
		t.Errorf("downloaded %d bytes: %v", len(b), err)
	}
	if o, err := h.Overview(); err != nil || len(o.Narrations) != 1 || !o.Narrations[0].Mine {
		t.Errorf("overview: %+v %v", o, err)
	}

	// The bucket goes away: the Shared view still opens, says why, and shows what is here.
	v.Kill()
	o, err := h.Overview()
	if err != nil || !o.Configured || !strings.Contains(o.Error, "cannot be reached") {
		t.Errorf("overview offline: %+v, %v", o, err)
	}
}
