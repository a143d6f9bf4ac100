package app

import (
	"encoding/json"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
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

	mu        sync.Mutex
	retried   map[int64]time.Time // when each job was last retried by hand
	firstSeen map[int64]progressMark
}

type progressMark struct {
	at   time.Time
	done int
}

// NewQueue returns the handler; resumed is how many conversions were waiting or
// running when the app started.
func NewQueue(s *Session, st *store.Store, runner *jobs.Runner, engines *tts.Registry, log *slog.Logger, resumed int) *Queue {
	return &Queue{session: s, store: st, runner: runner, engines: engines, log: log, resumed: resumed,
		retried: map[int64]time.Time{}, firstSeen: map[int64]progressMark{}}
}

// ConvertSettings are what the Convert dialog asks for.
type ConvertSettings struct {
	Voice         string         `json:"voice"` // ENGINE:ID, or "" for the default
	Rate          float64        `json:"rate"`
	Format        string         `json:"format"`
	Output        string         `json:"output"`
	PerChapter    bool           `json:"per_chapter"`
	Subtitles     bool           `json:"subtitles"`
	SubtitleLevel string         `json:"subtitle_level"`
	Pauses        *render.Pauses `json:"pauses"`
	Remote        bool           `json:"remote"`    // in the cloud, with Amazon Polly
	Normalize     string         `json:"normalize"` // "", "acx" or "ebu-r128"
}

// Convert queues the conversion of a document and returns the job's ID.
func (q *Queue) Convert(documentID int64, s ConvertSettings) (int64, error) {
	engine, voice := tts.SplitVoice(s.Voice)
	if s.Rate == 0 {
		s.Rate = 1
	}
	v := render.Voice{Engine: engine, Voice: voice, Prosody: tts.Prosody{Rate: s.Rate, Pitch: 1, Volume: 1}}
	// A shared preset stands for its engine's voice, rate, pitch and pauses.
	v, pauses, err := library.ResolvePreset(q.session.Context(), q.store, s.Voice, v)
	if err != nil {
		return 0, err
	}
	if pauses != nil {
		s.Pauses = pauses
	}
	engine = v.Engine
	req := render.ConvertRequest{DocumentID: documentID, Voice: v, Format: s.Format, Output: strings.TrimSpace(s.Output),
		PerChapter: s.PerChapter, SubtitleLevel: s.SubtitleLevel, Pauses: s.Pauses, Remote: s.Remote, Normalize: s.Normalize}
	if s.Subtitles && !s.PerChapter {
		ext := ".srt"
		req.Subtitles = strings.TrimSuffix(req.Output, filepath.Ext(req.Output)) + ext
	}
	if err := req.Validate(); err != nil {
		return 0, fault.New(fault.Invalid, "%v", err)
	}
	if _, err := q.engines.Engine(engine); err != nil {
		return 0, fault.New(fault.Invalid, "%v", err)
	}
	id, err := q.store.Enqueue(q.session.Context(), store.NewJob{Kind: "convert", DocumentID: documentID, Payload: req,
		Priority: store.PriorityBulk, MaxAttempts: 5})
	if err != nil {
		return 0, err
	}
	// The folder is proposed again next time (a failure to remember costs nothing).
	if err := render.RememberOutput(q.session.Context(), q.store, documentID, req.Output); err != nil {
		q.log.Warn("could not remember the output folder", "err", err)
	}
	q.runner.Wake()
	return id, nil
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
// document was last converted into, else the audiobooks folder; named after the title.
func (q *Queue) ProposeOutput(documentID int64, format string) (string, error) {
	return render.ProposeOutput(q.session.Context(), q.store, documentID, format)
}

// VoiceOption is a voice the Convert dialog offers.
type VoiceOption struct {
	ID       string `json:"id"` // ENGINE:ID
	Name     string `json:"name"`
	Language string `json:"language"`
}

// Voices lists the voices of every engine.
func (q *Queue) Voices() ([]VoiceOption, error) {
	vs, err := q.engines.Voices(q.session.Context())
	if err != nil {
		return nil, err
	}
	out := make([]VoiceOption, 0, len(vs))
	// The voice presets installed from the shared library come first.
	presets, err := library.Presets(q.session.Context(), q.store)
	if err != nil {
		return nil, err
	}
	for _, p := range presets {
		out = append(out, VoiceOption{ID: p.Voice, Name: p.Name + " (shared preset)", Language: p.Language})
	}
	for _, v := range vs {
		out = append(out, VoiceOption{ID: v.Engine + ":" + v.ID, Name: v.Name, Language: v.Language})
	}
	return out, nil
}

// JobView is a job as the Queue view shows it.
type JobView struct {
	ID          int64                 `json:"id"`
	DocumentID  int64                 `json:"document_id"`
	Title       string                `json:"title"`
	Output      string                `json:"output"`
	State       string                `json:"state"`
	Done        int                   `json:"done"`
	Total       int                   `json:"total"`
	ETASeconds  int                   `json:"eta_seconds"` // -1 while unknown
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
	runID, runDone, runTotal := q.runner.Progress()
	out := &QueueView{Paused: paused, Resumed: q.resumed, Jobs: []JobView{}}
	for _, j := range js {
		v := JobView{ID: j.ID, DocumentID: j.DocumentID, Title: j.Title, State: j.State, Done: j.ProgressDone, Total: j.ProgressTotal,
			ETASeconds: -1, Attempt: j.Attempt, MaxAttempts: j.MaxAttempts, LastError: j.LastError}
		var req render.ConvertRequest
		if json.Unmarshal(j.Payload, &req) == nil {
			v.Output = req.Output
		}
		if j.ID == runID && j.State == store.JobRunning && runTotal > 0 {
			v.Done, v.Total = runDone, runTotal
		}
		if j.State == store.JobAvailable && j.Attempt > 0 {
			t := j.RunAt
			v.NextAttempt = &t
		}
		var res render.ConvertResult
		if json.Unmarshal(j.Result, &res) == nil && res.Segments > 0 {
			v.Result = &res
			if j.State == store.JobDone {
				v.Done, v.Total = res.Segments, res.Segments
			}
		}
		if j.State == store.JobRunning {
			v.ETASeconds = q.eta(j.ID, v.Done, v.Total)
		}
		if j.State == store.JobRunning || j.State == store.JobAvailable {
			out.Done += v.Done
			out.Total += max(v.Total, v.Done)
		}
		out.Jobs = append(out.Jobs, v)
	}
	return out, nil
}

// eta estimates the seconds left from the throughput measured since this process
// first saw the job progress.
func (q *Queue) eta(id int64, done, total int) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := time.Now()
	first, ok := q.firstSeen[id]
	if !ok || done < first.done {
		q.firstSeen[id] = progressMark{at: now, done: done}
		return -1
	}
	made, elapsed := done-first.done, now.Sub(first.at)
	if made <= 0 || elapsed < 500*time.Millisecond || total <= done {
		return -1
	}
	return int(elapsed.Seconds() / float64(made) * float64(total-done))
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

// retryInterval keeps a broken engine from being hammered by impatient clicks.
const retryInterval = 10 * time.Second

// Retry puts a failed or cancelled conversion back in the queue; it renders only
// what is missing.
func (q *Queue) Retry(id int64) error {
	q.mu.Lock()
	last, ok := q.retried[id]
	if ok && time.Since(last) < retryInterval {
		q.mu.Unlock()
		return fault.New(fault.Conflict, "retried moments ago: wait %d seconds", int((retryInterval-time.Since(last)).Seconds())+1)
	}
	q.retried[id] = time.Now()
	q.mu.Unlock()
	if err := q.store.Retry(q.session.Context(), id); err != nil {
		return err
	}
	q.runner.Wake()
	return nil
}

