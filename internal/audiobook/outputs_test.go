package audiobook_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readback/internal/audiobook"
	"readback/internal/render"
	"readback/internal/tts"
)

// The window's Convert… is checked as the command line is: a folder chosen as
// the destination receives TITLE.EXT (it failed with "file exists", retried five
// times at 0 %), the library's own files are refused before anything is queued.
func TestEnqueueResolvesOutputs(t *testing.T) {
	f := newFixture(t, book)
	reg, _ := engines(t)
	c := &audiobook.Conversions{Store: f.st, Engines: reg}
	ctx := context.Background()
	folder := filepath.Join(f.dir, "books")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	id, err := c.Enqueue(ctx, f.doc, audiobook.ConvertOptions{Format: "mp3", Output: folder, Subtitles: true})
	if err != nil {
		t.Fatal(err)
	}
	job, err := f.st.Job(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var q audiobook.ConvertRequest
	if err := json.Unmarshal(job.Payload, &q); err != nil {
		t.Fatal(err)
	}
	if q.Output != filepath.Join(folder, "One.mp3") || q.Subtitles != filepath.Join(folder, "One.srt") {
		t.Fatalf("queued %q and %q", q.Output, q.Subtitles)
	}
	_, err = c.Enqueue(ctx, f.doc, audiobook.ConvertOptions{Format: "wav", Output: filepath.Join(f.dir, "library.db-shm.wav")})
	if err == nil || !strings.Contains(err.Error(), "one of the library's own files") {
		t.Fatalf("the library's journal: %v", err)
	}
}

// A request read back from the queue is checked as a flag is: a rate that is not a
// number, workers beyond the machine, pauses beyond a minute are refused.
func TestRequestBounds(t *testing.T) {
	nan := math.NaN()
	for name, q := range map[string]audiobook.ConvertRequest{
		"NaN rate":     {Voice: render.Voice{Prosody: tts.Prosody{Rate: nan, Pitch: 1, Volume: 1}}},
		"NaN pitch":    {Voice: render.Voice{Prosody: tts.Prosody{Rate: 1, Pitch: nan, Volume: 1}}},
		"many workers": {Workers: render.MaxWorkers() + 1},
		"no workers":   {Workers: -1},
		"long pause":   {Pauses: &render.Pauses{Sentence: 60001}},
	} {
		q.Output, q.Format = "/tmp/x.wav", "wav"
		if err := q.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
