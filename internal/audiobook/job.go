package audiobook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"readback/internal/fault"
	"readback/internal/jobs"
	"readback/internal/render"
	"readback/internal/store"
)

// RemoteConverter runs a conversion marked Remote (Polly's tasks); nil when none.
type RemoteConverter func(ctx context.Context, r *render.Renderer, q ConvertRequest, progress render.Progress) (*ConvertResult, error)

// ConvertJob is the queue's handler for conversion jobs: here, with pool's worker
// processes, or through remote for a conversion in the cloud.
func ConvertJob(x *Exporter, pool func() *render.Pool, remote RemoteConverter) jobs.Handler {
	return func(ctx context.Context, j *store.Job, progress func(done, total int)) (any, error) {
		var req ConvertRequest
		if err := json.Unmarshal(j.Payload, &req); err != nil {
			return nil, jobs.Permanent(fmt.Errorf("the job's request is damaged: %w", err))
		}
		if err := req.Validate(); err != nil {
			return nil, jobs.Permanent(err)
		}
		// The files' writing is a stage of its own in the queue, with its own time left.
		req.Encoding = func(done, total int64) { jobs.ReportStage(ctx, "encoding", int(done), int(total)) }
		var res *ConvertResult
		var err error
		if req.Remote {
			if remote == nil {
				return nil, jobs.Permanent(fault.New(fault.Unavailable, "conversions in the cloud are not available here"))
			}
			res, err = remote(ctx, x.Renderer, req, render.Progress(progress))
		} else {
			res, err = x.Convert(ctx, req, pool(), render.Progress(progress))
		}
		if err != nil {
			// Gone, or over the writer's budget: trying again would not help (the
			// writer raises the budget and retries by hand).
			if fault.CodeOf(err) == fault.NotFound || errors.Is(err, render.ErrOverBudget) {
				return nil, jobs.Permanent(err)
			}
			return nil, err
		}
		if n := len(res.Failures); n > 0 {
			// The book is exported without them; the job counts as failed (and is
			// retried) so that the writer sees which sentences and why.
			them := map[bool]string{true: "sentence could not be synthesised; the audio was written without it",
				false: "sentences could not be synthesised; the audio was written without them"}[n == 1]
			return res, fmt.Errorf("%d %s", n, them)
		}
		return res, nil
	}
}

// FinishedOutput is the file a finished conversion job wrote.
func FinishedOutput(ctx context.Context, st *store.Store, id int64) (string, error) {
	j, err := st.Job(ctx, id)
	if err != nil {
		return "", err
	}
	var req ConvertRequest
	if err := json.Unmarshal(j.Payload, &req); err != nil || req.Output == "" {
		return "", fault.New(fault.NotFound, "conversion %d has no output", id)
	}
	if j.State != store.JobDone {
		return "", fault.New(fault.Conflict, "conversion %d is not finished", id)
	}
	return req.Output, nil
}
