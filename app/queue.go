package app

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"readback/internal/desktop"
	"readback/internal/fault"
	"readback/internal/jobs"
	"readback/internal/library"
	"readback/internal/render"
	"readback/internal/store"
	"readback/internal/tts"
)

// Queue is the handler for conversions: start one, watch the queue, pause, resume,
// cancel, retry.
type Queue struct {
	session *Session
	store   *store.Store
	runner  *jobs.Runner
	engines *tts.Registry
	log     *slog.Logger
	resumed int // conversions left from the previous run, resumed at start

	conv *render.Conversions
	eta  jobs.Estimator
}

// NewQueue returns the handler; resumed is how many conversions were waiting or
// running when the app started.
func NewQueue(s *Session, st *store.Store, runner *jobs.Runner, engines *tts.Registry, renderer *render.Renderer, log *slog.Logger, resumed int) *Queue {
	conv := &render.Conversions{Store: st, Engines: engines, Log: log, Renderer: renderer,
		// A shared preset stands for its engine's voice, rate, pitch and pauses.
		ResolveVoice: func(ctx context.Context, spec string, v render.Voice) (render.Voice, *render.Pauses, error) {
			return library.ResolvePreset(ctx, st, spec, v)
		}}
	if runner != nil {
		conv.Wake = runner.Wake
	}
	return &Queue{session: s, store: st, runner: runner, engines: engines, log: log, resumed: resumed, conv: conv}
}

// ConvertSettings are what the Convert dialog asks for.
type ConvertSettings = render.ConvertOptions

// Convert queues the conversion of a document and returns the job's ID.
func (q *Queue) Convert(documentID int64, s ConvertSettings) (int64, error) {
	return q.conv.Enqueue(q.session.Context(), documentID, s)
}

// Quote says, before converting, how many sentences would be synthesised and what
// the voices billed by the character (Amazon Polly) would cost.
func (q *Queue) Quote(documentID int64, s ConvertSettings) (*render.Quote, error) {
	return q.conv.Quote(q.session.Context(), documentID, s)
}

// ChooseOutput shows the system's save dialog for a conversion's file.
func (q *Queue) ChooseOutput(title, format string) (string, error) {
	path, err := runtime.SaveFileDialog(q.session.Context(), runtime.SaveDialogOptions{
		Title:           "Save the audiobook as",
		DefaultFilename: render.FileName(title) + "." + format,
		Filters:         []runtime.FileFilter{{DisplayName: strings.ToUpper(format) + " audio", Pattern: "*." + format}},
	})
	if err != nil {
		return "", fault.Wrap(err, fault.Unavailable, "the save dialog could not be opened: %v", err)
	}
	return path, nil
}

// ProposeOutput is where the Convert dialog proposes to save: the folder this
// document was last converted into, else the folder chosen in Settings, else the
// audiobooks folder; named after the title.
func (q *Queue) ProposeOutput(documentID int64, format string) (string, error) {
	return render.ProposeOutput(q.session.Context(), q.store, documentID, format)
}

// VoiceOption is a voice the Convert dialog offers.
type VoiceOption = library.VoiceOption

// Voices lists the installed presets and every engine's voices.
func (q *Queue) Voices() ([]VoiceOption, error) {
	return library.VoiceOptions(q.session.Context(), q.store, q.engines)
}

// JobView is a job as the Queue view shows it.
type JobView struct {
	ID          int64                 `json:"id"`
	DocumentID  int64                 `json:"document_id"`
	Title       string                `json:"title"`
	Output      string                `json:"output"`
	State       string                `json:"state"`
	Stage       string                `json:"stage"` // "" (synthesising sentences) or "encoding" (writing the files)
	Done        int                   `json:"done"`  // of Total, in the stage's units (sentences; samples while encoding)
	Total       int                   `json:"total"`
	ETASeconds  int                   `json:"eta_seconds"` // -1 while unknown; of the stage
	Attempt     int                   `json:"attempt"`
	MaxAttempts int                   `json:"max_attempts"`
	NextAttempt *time.Time            `json:"next_attempt,omitempty"`
	LastError   string                `json:"last_error"`
	Result      *render.ConvertResult `json:"result,omitempty"`
}

// QueueView is the whole queue.
type QueueView struct {
	Paused  bool      `json:"paused"`
	Resumed int       `json:"resumed"` // conversions resumed from the last session
	Jobs    []JobView `json:"jobs"`
	Done    int       `json:"done"` // over the unfinished jobs
	Total   int       `json:"total"`
}

// List returns the queue with live progress and estimated time left.
func (q *Queue) List() (*QueueView, error) {
	ctx := q.session.Context()
	paused, err := q.store.Paused(ctx)
	if err != nil {
		return nil, err
	}
	js, err := q.store.Jobs(ctx, 100)
	if err != nil {
		return nil, err
	}
	runID, live := q.runner.Progress()
	out := &QueueView{Paused: paused, Resumed: q.resumed, Jobs: []JobView{}}
	for _, j := range js {
		v := JobView{ID: j.ID, DocumentID: j.DocumentID, Title: j.Title, State: j.State, Stage: j.ProgressStage, Done: j.ProgressDone, Total: j.ProgressTotal,
			ETASeconds: -1, Attempt: j.Attempt, MaxAttempts: j.MaxAttempts, LastError: j.LastError}
		var req render.ConvertRequest
		if json.Unmarshal(j.Payload, &req) == nil {
			v.Output = req.Output
		}
		if j.State != store.JobRunning {
			v.Stage = "" // a stage is where a running job is; a failed or waiting one is not writing anything
		}
		if j.ID == runID && j.State == store.JobRunning && live.Total > 0 {
			v.Stage, v.Done, v.Total = live.Stage, live.Done, live.Total
		}
		if j.State == store.JobAvailable && j.Attempt > 0 {
			t := j.RunAt
			v.NextAttempt = &t
		}
		var res render.ConvertResult
		if json.Unmarshal(j.Result, &res) == nil && res.Segments > 0 {
			v.Result = &res
			if j.State == store.JobDone {
				v.Stage, v.Done, v.Total = "", res.Segments, res.Segments
			}
		}
		if j.State == store.JobRunning {
			v.ETASeconds = q.eta.Left(j.ID, v.Stage, v.Done, v.Total)
		}
		switch {
		case (j.State == store.JobRunning || j.State == store.JobAvailable) && v.Stage == "":
			out.Done += v.Done
			out.Total += max(v.Total, v.Done)
		case j.State == store.JobRunning && j.ID == runID:
			// Writing the files: its sentences are all done.
			out.Done += live.Sentences
			out.Total += live.Sentences
		}
		out.Jobs = append(out.Jobs, v)
	}
	return out, nil
}

// Pause stops the queue from starting new work; the running conversion finishes.
func (q *Queue) Pause() error { return q.store.SetPaused(q.session.Context(), true) }

// Resume lets the queue start work again.
func (q *Queue) Resume() error {
	if err := q.store.SetPaused(q.session.Context(), false); err != nil {
		return err
	}
	q.runner.Wake()
	return nil
}

// Open opens a finished conversion's audiobook in the desktop's player.
func (q *Queue) Open(id int64) error { return q.withOutput(id, desktop.Open) }

// ShowInFolder opens the folder a finished conversion was written to.
func (q *Queue) ShowInFolder(id int64) error { return q.withOutput(id, desktop.ShowInFolder) }

func (q *Queue) withOutput(id int64, fn func(string) error) error {
	path, err := render.FinishedOutput(q.session.Context(), q.store, id)
	if err != nil {
		return err
	}
	return fn(path)
}

// Cancel stops a waiting or running conversion.
func (q *Queue) Cancel(id int64) error { return q.store.Cancel(q.session.Context(), id) }

// Retry puts a failed or cancelled conversion back in the queue; it renders only
// what is missing.
func (q *Queue) Retry(id int64) error { return q.conv.Retry(q.session.Context(), id) }
