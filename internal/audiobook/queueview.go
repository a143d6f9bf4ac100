package audiobook

import (
	"context"
	"encoding/json"
	"time"

	"readback/internal/jobs"
	"readback/internal/store"
)

// JobView is a job as the Queue view shows it.
type JobView struct {
	ID          int64          `json:"id"`
	DocumentID  int64          `json:"document_id"`
	Title       string         `json:"title"`
	Output      string         `json:"output"`
	State       string         `json:"state"`
	Stage       string         `json:"stage"` // "" (synthesising sentences) or "encoding" (writing the files)
	Done        int            `json:"done"`  // of Total, in the stage's units (sentences; samples while encoding)
	Total       int            `json:"total"`
	ETASeconds  int            `json:"eta_seconds"` // -1 while unknown; of the stage
	Attempt     int            `json:"attempt"`
	MaxAttempts int            `json:"max_attempts"`
	NextAttempt *time.Time     `json:"next_attempt,omitempty"`
	LastError   string         `json:"last_error"`
	Result      *ConvertResult `json:"result,omitempty"`
}

// QueueView is the whole queue.
type QueueView struct {
	Paused  bool      `json:"paused"`
	Resumed int       `json:"resumed"` // conversions resumed from the last session
	Jobs    []JobView `json:"jobs"`
	Done    int       `json:"done"` // over the unfinished jobs
	Total   int       `json:"total"`
}

// View is the queue with live progress (the runner's: the job running and where
// it is) and the time left estimated.
func (c *Conversions) View(ctx context.Context, runID int64, live jobs.Live, eta *jobs.Estimator, resumed int) (*QueueView, error) {
	paused, err := c.Store.Paused(ctx)
	if err != nil {
		return nil, err
	}
	js, err := c.Store.Jobs(ctx, 100)
	if err != nil {
		return nil, err
	}
	out := &QueueView{Paused: paused, Resumed: resumed, Jobs: []JobView{}}
	for _, j := range js {
		v := JobView{ID: j.ID, DocumentID: j.DocumentID, Title: j.Title, State: j.State, Stage: j.ProgressStage, Done: j.ProgressDone, Total: j.ProgressTotal,
			ETASeconds: -1, Attempt: j.Attempt, MaxAttempts: j.MaxAttempts, LastError: j.LastError}
		var req ConvertRequest
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
		var res ConvertResult
		if json.Unmarshal(j.Result, &res) == nil && res.Segments > 0 {
			v.Result = &res
			if j.State == store.JobDone {
				v.Stage, v.Done, v.Total = "", res.Segments, res.Segments
			}
		}
		if j.State == store.JobRunning {
			v.ETASeconds = eta.Left(j.ID, v.Stage, v.Done, v.Total)
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
