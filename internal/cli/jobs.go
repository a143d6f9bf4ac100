package cli

import (
	"context"
	"encoding/json"
	"fmt"

	"readback/internal/audiobook"
	"readback/internal/store"
)

func runJobs(ctx context.Context, inv *invocation) int {
	if done, code := inv.parse(inv.fsArgs(), noArgs); done {
		return code
	}
	return inv.withStore(ctx, func(st *store.Store) int { return listJobs(ctx, inv, st) })
}

func listJobs(ctx context.Context, inv *invocation, st *store.Store) int {
	paused, err := st.Paused(ctx)
	if err != nil {
		return inv.fail(err)
	}
	js, err := st.Jobs(ctx, 1000)
	if err != nil {
		return inv.fail(err)
	}
	w := newLineWriter(inv.env.Stdout)
	if paused {
		w.line("# the queue is paused")
	}
	for _, j := range js {
		var req audiobook.ConvertRequest
		json.Unmarshal(j.Payload, &req)
		w.line(fmt.Sprintf("%d\t%s\t%d/%d\t%d/%d\t%s\t%s\t%s", j.ID, j.State, j.ProgressDone, j.ProgressTotal, j.Attempt, j.MaxAttempts,
			oneLine(j.Title), req.Output, oneLine(j.LastError)))
	}
	if err := w.flush(); err != nil {
		return inv.fail(err)
	}
	return ExitOK
}
