package catalog_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the clock-change test needs Europe/Berlin wherever it runs

	"readback/internal/catalog"
	"readback/internal/fault"
	"readback/internal/narration"
	"readback/internal/store"
)

// dashboardLibrary is a library with a clock the test moves, and one document.
func dashboardLibrary(t *testing.T) (*store.Store, *catalog.Catalog, *time.Time, int64) {
	t.Helper()
	st := mustOpenStore(t)
	loc := time.FixedZone("UTC+2", 2*3600)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, loc)
	st.Now = func() time.Time { return now }
	cat := catalog.New(st)
	doc, err := cat.ImportBytes(context.Background(), "a.md", []byte("# One\n\nFirst sentence.\n"), narration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return st, cat, &now, doc.ID
}

// runJob takes a convert job through the queue to its end: done with audio,
// failed for good with a cause, or cancelled.
func runJob(t *testing.T, st *store.Store, docID int64, payload string, end func(id int64) error) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := st.Enqueue(ctx, store.NewJob{Kind: "convert", DocumentID: docID, Payload: rawJSON(payload), MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Claim(ctx, 1, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := end(id); err != nil {
		t.Fatal(err)
	}
	return id
}

type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }

func TestDashboardCountsEveryWayAConversionEnds(t *testing.T) {
	ctx := context.Background()
	st, cat, now, doc := dashboardLibrary(t)
	// Done on eSpeak: 90 s of audio in 30 s of work.
	runJob(t, st, doc, `{"voice":{"engine":"espeak"}}`, func(id int64) error {
		*now = now.Add(30 * time.Second)
		return st.Complete(ctx, id, map[string]any{"audio_seconds": 90, "synthesized": 3})
	})
	// Done through Polly: two tasks of 100,000 characters on the neural engine.
	runJob(t, st, doc, `{"remote":true}`, func(id int64) error {
		for range 2 {
			st.RecordCloudUse(ctx, store.CloudCharge{Service: "polly", Engine: "neural", Characters: 100000, DocumentID: doc})
		}
		return st.Complete(ctx, id, map[string]any{"audio_seconds": 60, "synthesized": 2})
	})
	// Failed for good, and failed with a retry still to come (not an end).
	runJob(t, st, doc, `{}`, func(id int64) error {
		return st.Fail(ctx, id, "the voice is not installed", "not_found", time.Time{}, nil)
	})
	ctx2 := context.Background()
	retried, _ := st.Enqueue(ctx2, store.NewJob{Kind: "convert", DocumentID: doc, Payload: rawJSON(`{}`), MaxAttempts: 3})
	st.Claim(ctx2, 1, time.Minute)
	if err := st.Fail(ctx2, retried, "disk full", "unavailable", now.Add(time.Minute), nil); err != nil {
		t.Fatal(err)
	}
	// Cancelled while waiting, and one reaped after its worker died on its last attempt.
	cancelled, _ := st.Enqueue(ctx2, store.NewJob{Kind: "convert", DocumentID: doc, Payload: rawJSON(`{}`)})
	if err := st.Cancel(ctx2, cancelled); err != nil {
		t.Fatal(err)
	}
	runJob(t, st, doc, `{}`, func(int64) error {
		*now = now.Add(2 * time.Minute)
		_, err := st.Reap(ctx2)
		return err
	})

	d, err := cat.Dashboard(ctx, catalog.DashboardQuery{Days: 7})
	if err != nil {
		t.Fatal(err)
	}
	if d.Days != 7 || d.Note != "" {
		t.Errorf("window: %d days, note %q", d.Days, d.Note)
	}
	if d.Totals.Imported != 1 || d.Totals.Conversions != 5 || d.Totals.NarratedMs != 150_000 {
		t.Errorf("totals: %+v", d.Totals)
	}
	if got := fmt.Sprint(d.States); got != "[{done 2} {failed 2} {cancelled 1} {waiting 1}]" {
		t.Errorf("states: %s", got)
	}
	if got := fmt.Sprint(d.Failures); got != "[{crashed 1} {not_found 1}]" {
		t.Errorf("failures by cause: %s", got)
	}
	if len(d.Engines) != 2 || d.Engines[0].Engine != "espeak" || d.Engines[0].Realtime != 3 || d.Engines[1].Engine != "polly" {
		t.Errorf("engines: %+v", d.Engines)
	}
	if len(d.Cloud) != 1 || d.Cloud[0].Characters != 200000 || d.Cloud[0].Tasks != 2 || d.CloudCost != 3.2 {
		t.Errorf("cloud: %+v, cost %v", d.Cloud, d.CloudCost)
	}
	if d.Conversions.Total != 5 || d.Conversions.Conversions[0].Cause != "crashed" || d.Conversions.Conversions[0].Title != "One" {
		t.Errorf("conversions: %+v", d.Conversions)
	}

	// The log outlives the pruned jobs and the deleted document.
	*now = now.Add(40 * 24 * time.Hour)
	if _, err := st.Prune(ctx, now.AddDate(0, 0, -30)); err != nil {
		t.Fatal(err)
	}
	if err := cat.Delete(ctx, doc); err != nil {
		t.Fatal(err)
	}
	d, err = cat.Dashboard(ctx, catalog.DashboardQuery{Days: 60})
	if err != nil {
		t.Fatal(err)
	}
	if d.Totals.Conversions != 5 || d.Totals.NarratedMs != 150_000 || d.Conversions.Conversions[0].Title != "One" {
		t.Errorf("after pruning and deleting: %+v", d.Totals)
	}
	// A new job, whose id SQLite takes again from the pruned ones, adds its own line.
	other, err := cat.ImportBytes(ctx, "b.md", []byte("# Two\n\nAnother sentence.\n"), narration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	reused := runJob(t, st, other.ID, `{}`, func(id int64) error { return st.Complete(ctx, id, map[string]any{"audio_seconds": 1}) })
	d, _ = cat.Dashboard(ctx, catalog.DashboardQuery{Days: 60})
	if d.Totals.Conversions != 6 || d.Conversions.Conversions[0].Title != "Two" || d.Conversions.Conversions[5].Title != "One" {
		t.Errorf("job %d's end replaced an older line: %+v", reused, d.Totals)
	}
	// …and a window that ends before the first ones leaves them out.
	d, _ = cat.Dashboard(ctx, catalog.DashboardQuery{Days: 30})
	if d.Totals.Conversions != 1 || len(d.Daily) != 30 {
		t.Errorf("a 30-day window 40 days later: %+v, %d days", d.Totals, len(d.Daily))
	}
}

func TestDashboardWindowIsClampedWithTheReason(t *testing.T) {
	_, cat, _, _ := dashboardLibrary(t)
	for _, c := range []struct {
		ask, got int
		note     string
	}{{0, 1, "shortest"}, {-5, 1, "shortest"}, {1, 1, ""}, {365, 365, ""}, {366, 365, "longest"}, {100000, 365, "longest"}} {
		d, err := cat.Dashboard(context.Background(), catalog.DashboardQuery{Days: c.ask})
		if err != nil {
			t.Fatal(err)
		}
		if d.Days != c.got || (c.note == "") != (d.Note == "") || !strings.Contains(d.Note, c.note) {
			t.Errorf("%d days → %d, note %q", c.ask, d.Days, d.Note)
		}
	}
	if _, err := cat.Dashboard(context.Background(), catalog.DashboardQuery{Days: 7, State: "exploded"}); fault.CodeOf(err) != fault.Invalid {
		t.Errorf("an unknown state: %v", err)
	}
}

func TestDashboardDaysAreLocalAndListeningIsCounted(t *testing.T) {
	ctx := context.Background()
	st, cat, now, doc := dashboardLibrary(t)
	// 23:30 and 00:30 local time (UTC+2) are two days, though both are 21:30/22:30 UTC on one.
	late := time.Date(2026, 11, 26, 23, 30, 0, 0, now.Location())
	st.AddListening(ctx, doc, late, 60_000)
	st.AddListening(ctx, doc, late.Add(time.Hour), 30_000)
	st.AddListening(ctx, doc, late.Add(time.Hour), 15_000)
	d, err := cat.Dashboard(ctx, catalog.DashboardQuery{Days: 2})
	if err != nil {
		t.Fatal(err)
	}
	if d.Totals.ListenedMs != 105_000 {
		t.Errorf("listened %d ms, want 105000", d.Totals.ListenedMs)
	}
	var listened []int64
	for _, day := range d.Daily {
		if day.ListenedMs > 0 {
			listened = append(listened, day.ListenedMs)
		}
	}
	if fmt.Sprint(listened) != "[60000 45000]" {
		t.Errorf("listening by local day: %v (%+v)", listened, d.Daily)
	}
	// A one-day window is today only.
	d, _ = cat.Dashboard(ctx, catalog.DashboardQuery{Days: 1})
	if d.Totals.ListenedMs != 45_000 {
		t.Errorf("today's listening: %d ms", d.Totals.ListenedMs)
	}
}

// Days are the writer's calendar days, clock changes included: a window that
// starts in summer time and ends in winter time counts each day's own hours.
func TestDashboardDaysAcrossAClockChange(t *testing.T) {
	ctx := context.Background()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	st := mustOpenStore(t)
	at := time.Date(2026, 10, 24, 0, 30, 0, 0, berlin) // summer time (UTC+2): 22:30 UTC on the 23rd
	st.Now = func() time.Time { return at }
	cat := catalog.New(st)
	doc, err := cat.ImportBytes(ctx, "a.md", []byte("# One\n\nFirst sentence.\n"), narration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.AddListening(ctx, doc.ID, time.Date(2026, 10, 22, 23, 30, 0, 0, berlin), 60_000) // the day before the window
	st.AddListening(ctx, doc.ID, time.Date(2026, 10, 23, 0, 30, 0, 0, berlin), 30_000)  // its first day
	now := time.Date(2026, 11, 5, 12, 0, 0, 0, berlin)                                  // winter time (UTC+1)
	st.Now = func() time.Time { return now }
	d, err := cat.Dashboard(ctx, catalog.DashboardQuery{Days: 14}) // 23 October to 5 November
	if err != nil {
		t.Fatal(err)
	}
	if d.Totals.ListenedMs != 30_000 || d.Totals.Imported != 1 {
		t.Errorf("totals: %+v", d.Totals)
	}
	if len(d.Daily) != 14 {
		t.Fatalf("%d days", len(d.Daily))
	}
	oct24 := store.Day(time.Date(2026, 10, 24, 12, 0, 0, 0, berlin))
	for _, day := range d.Daily {
		if (day.Imported == 1) != (day.Day == oct24) {
			t.Errorf("the import at 00:30 on 24 October counted on day %d (24 October is %d)", day.Day, oct24)
		}
	}
	if d.Daily[0].ListenedMs != 30_000 || d.Daily[0].Day != oct24-1 {
		t.Errorf("the first day: %+v", d.Daily[0])
	}
}

func TestDashboardConversionsArePaged(t *testing.T) {
	ctx := context.Background()
	st, cat, now, doc := dashboardLibrary(t)
	for i := range 120 {
		*now = now.Add(time.Second)
		runJob(t, st, doc, `{}`, func(id int64) error {
			if i%4 == 0 {
				return st.Fail(ctx, id, "no", "invalid", time.Time{}, nil)
			}
			return st.Complete(ctx, id, map[string]any{})
		})
	}
	for _, c := range []struct {
		page, n int
		state   string
		total   int
	}{{0, 50, "", 120}, {1, 50, "", 120}, {2, 20, "", 120}, {3, 0, "", 120}, {0, 30, "failed", 30}} {
		d, err := cat.Dashboard(ctx, catalog.DashboardQuery{Days: 1, Page: c.page, State: c.state})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(d.Conversions.Conversions); got != c.n || d.Conversions.Total != c.total {
			t.Errorf("page %d (%q): %d rows of %d, want %d of %d", c.page, c.state, got, d.Conversions.Total, c.n, c.total)
		}
	}
	d, _ := cat.Dashboard(ctx, catalog.DashboardQuery{Days: 1, Page: 1})
	first, last := d.Conversions.Conversions[0], d.Conversions.Conversions[49]
	if first.FinishedAt <= last.FinishedAt || first.JobID != 70 {
		t.Errorf("page 1 is not newest first: job %d … job %d", first.JobID, last.JobID)
	}
}

// The library's length estimate is the speech rate its audiobooks measured: a
// document's last export over its words (as its own listening time is).
func TestSpeechRateFromExports(t *testing.T) {
	ctx := context.Background()
	st, cat, _, doc := dashboardLibrary(t)
	l, err := cat.List(ctx, "", 0, 50)
	if err != nil || l.MsPerWord != 0 {
		t.Fatalf("nothing exported yet: %v %v", l, err)
	}
	// "# One\\n\\nFirst sentence." is 3 words; exported twice, the last counts,
	// though shorter.
	clock := time.UnixMilli(1_790_000_000_000)
	st.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	for _, e := range []store.Export{{Path: "/a.wav", DocumentID: doc, Plan: "p", AudioMs: 1500}, {Path: "/b.mp3", DocumentID: doc, Plan: "q", AudioMs: 1200}} {
		if err := st.PutExport(ctx, &e); err != nil {
			t.Fatal(err)
		}
	}
	if l, _ = cat.List(ctx, "", 0, 50); l.MsPerWord != 400 {
		t.Errorf("ms per word: %v, want 400", l.MsPerWord)
	}
}

// A conversion is counted under the engine that read most of its book: asked for
// with the document's own voice (none named) and read mostly by a Piper voice (its
// chapters'), it is Piper's work; one that failed before it had a result keeps the
// voice it was asked for.
func TestDashboardFilesAConversionUnderTheEngineThatReadIt(t *testing.T) {
	ctx := context.Background()
	st, cat, _, doc := dashboardLibrary(t)
	runJob(t, st, doc, `{}`, func(id int64) error {
		return st.Complete(ctx, id, map[string]any{"audio_seconds": 30, "synthesized": 1, "engine": "piper"})
	})
	runJob(t, st, doc, `{"voice":{"engine":"kokoro"}}`, func(id int64) error {
		return st.Fail(ctx, id, "the voice is not installed", "not_found", time.Time{}, nil)
	})
	d, err := cat.Dashboard(ctx, catalog.DashboardQuery{Days: 7})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range d.Conversions.Conversions {
		got = append(got, c.State+" "+c.Engine)
	}
	if strings.Join(got, ", ") != "failed kokoro, done piper" {
		t.Errorf("conversions filed as %v", got)
	}
}
