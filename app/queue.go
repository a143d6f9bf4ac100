package app

import (
	"context"
	"log/slog"
	"strings"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"readback/internal/audiobook"
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

	conv *audiobook.Conversions
	eta  jobs.Estimator
}

// NewQueue returns the handler; resumed is how many conversions were waiting or
// running when the app started.
func NewQueue(s *Session, st *store.Store, runner *jobs.Runner, engines *tts.Registry, renderer *render.Renderer, shared *library.Service, log *slog.Logger, resumed int) *Queue {
	conv := &audiobook.Conversions{Store: st, Engines: engines, Log: log, Renderer: renderer,
		// A shared preset stands for its engine's voice, rate, pitch and pauses.
		ResolveVoice: func(ctx context.Context, spec string, v render.Voice) (render.Voice, *render.Pauses, error) {
			return library.ResolvePreset(ctx, st, spec, v)
		}}
	if runner != nil {
		conv.Wake = runner.Wake
	}
	if shared != nil {
		conv.QuoteRemote = shared.QuoteRemote
	}
	return &Queue{session: s, store: st, runner: runner, engines: engines, log: log, resumed: resumed, conv: conv}
}

// ConvertSettings are what the Convert dialog asks for.
type ConvertSettings = audiobook.ConvertOptions

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
		DefaultFilename: audiobook.FileName(title) + "." + format,
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
	return audiobook.ProposeOutput(q.session.Context(), q.store, documentID, format)
}

// VoiceOption is a voice the Convert dialog offers.
type VoiceOption = library.VoiceOption

// Voices lists the installed presets and every engine's voices.
func (q *Queue) Voices() ([]VoiceOption, error) {
	return library.VoiceOptions(q.session.Context(), q.store, q.engines)
}

// JobView is a job as the Queue view shows it; QueueView the whole queue.
type (
	JobView   = audiobook.JobView
	QueueView = audiobook.QueueView
)

// List returns the queue with live progress and estimated time left.
func (q *Queue) List() (*QueueView, error) {
	runID, live := q.runner.Progress()
	return q.conv.View(q.session.Context(), runID, live, &q.eta, q.resumed)
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
	path, err := audiobook.FinishedOutput(q.session.Context(), q.store, id)
	if err != nil {
		return err
	}
	return fn(path)
}

// Cancel stops a waiting or running conversion.
func (q *Queue) Cancel(id int64) error { return q.store.Cancel(q.session.Context(), id) }

// Remove takes a finished, failed or cancelled conversion off the queue (its
// audiobook stays where it was written).
func (q *Queue) Remove(id int64) error {
	err := q.store.RemoveJob(q.session.Context(), id)
	if err == nil {
		q.eta.Forget(id) // SQLite may give its id to the next job
	}
	return err
}

// Retry puts a failed or cancelled conversion back in the queue; it renders only
// what is missing.
func (q *Queue) Retry(id int64) error { return q.conv.Retry(q.session.Context(), id) }
