package editing

import (
	"context"
	"log/slog"
	"sync"

	"readback/internal/render"
)

// Rerenderer synthesises again, in the background, what an edit made stale (and,
// asked, what was never rendered): one run per document at a time; a request
// during a run makes it run once more, with the wider scope asked for.
type Rerenderer struct {
	R   *render.Renderer
	Log *slog.Logger
	// Done is told when a run rendered something (the window shows the new states).
	Done func(docID int64)

	mu   sync.Mutex
	runs map[int64]*rerun
}

type rerun struct{ again, all bool }

// Run renders the document's stale sentences (all: its missing ones too) and
// returns when nothing more is asked of it.
func (x *Rerenderer) Run(ctx context.Context, docID int64, all bool) {
	x.mu.Lock()
	if x.runs == nil {
		x.runs = map[int64]*rerun{}
	}
	if run := x.runs[docID]; run != nil {
		run.again, run.all = true, run.all || all
		x.mu.Unlock()
		return
	}
	run := &rerun{}
	x.runs[docID] = run
	x.mu.Unlock()
	for {
		x.once(ctx, docID, all)
		x.mu.Lock()
		if !run.again {
			delete(x.runs, docID)
			x.mu.Unlock()
			return
		}
		all = run.all
		run.again, run.all = false, false
		x.mu.Unlock()
	}
}

func (x *Rerenderer) once(ctx context.Context, docID int64, all bool) {
	b, err := x.R.Book(ctx, docID, render.Voice{})
	if err != nil {
		return
	}
	states, err := x.R.States(ctx, b)
	if err != nil {
		return
	}
	var todo []render.Item
	for _, it := range b.Items {
		if s := states[it.Ord]; s == render.Stale || (all && s == render.Missing) {
			todo = append(todo, it)
		}
	}
	if len(todo) == 0 {
		return
	}
	if _, err := x.R.RenderAll(ctx, todo, nil); err != nil && x.Log != nil {
		x.Log.Warn("re-render", "document", docID, "err", err)
	}
	if err := x.R.MarkRendered(ctx, docID, todo); err != nil && x.Log != nil {
		x.Log.Warn("re-render", "document", docID, "err", err)
	}
	if x.Done != nil {
		x.Done(docID)
	}
}
