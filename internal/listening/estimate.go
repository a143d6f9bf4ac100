package listening

import (
	"context"
	"log/slog"

	"readback/internal/fault"
	"readback/internal/render"
	"readback/internal/store"
)

// Total is the length of the clips with the pauses after them — the whole book's
// time as the player counts it — and whether any of them is estimated.
func Total(clips []Clip) (ms int64, estimated bool) {
	for _, c := range clips {
		ms += int64(c.DurationMs + c.PauseMs)
		estimated = estimated || c.Estimated
	}
	return ms, estimated
}

// estimate works out docID's length as its player would show it (the sentences
// synthesised measured, the others at their voices' rates, with the pauses) and
// keeps it for the library, unless the document changed since changes (its
// BookChanges, read first). Its book is built afresh, not taken from (nor put in)
// the one kept for the window's reader. A document with nothing to play lasts
// nothing.
func estimate(ctx context.Context, r *render.Renderer, docID, changes int64) error {
	st := r.Store()
	doc, err := st.Document(ctx, docID)
	if err != nil {
		return err
	}
	b, err := r.BuildItems(ctx, doc, render.Voice{})
	if err != nil {
		return err
	}
	clips, err := clipsOf(ctx, r, b.Items, render.DefaultPauses)
	if err != nil {
		return err
	}
	ms, estimated := Total(clips)
	return st.SetEstimate(ctx, docID, ms, estimated, changes)
}

// Estimator works out, in the background, the length of each document whose
// length is not known yet: those imported since, or before the library kept it.
type Estimator struct {
	R   *render.Renderer
	St  *store.Store
	Log *slog.Logger
	// Changed is told when lengths were worked out (the window lists them).
	Changed func()

	poke chan struct{}
	// failed holds the documents whose estimate failed, with their BookChanges
	// then: each is tried again once it has changed (or at the next start), not at
	// every listing.
	failed map[int64]int64
}

// NewEstimator returns an estimator; Run starts it.
func NewEstimator(r *render.Renderer, st *store.Store, log *slog.Logger, changed func()) *Estimator {
	return &Estimator{R: r, St: st, Log: log, Changed: changed, poke: make(chan struct{}, 1), failed: map[int64]int64{}}
}

// Poke says documents may be waiting (one was imported).
func (e *Estimator) Poke() {
	select {
	case e.poke <- struct{}{}:
	default:
	}
}

// Run estimates what waits, then again at each poke, until ctx ends.
func (e *Estimator) Run(ctx context.Context) {
	for {
		e.Pass(ctx)
		select {
		case <-ctx.Done():
			return
		case <-e.poke:
		}
	}
}

// Pass estimates each document waiting; one that fails is logged and left (tried
// again once it changed, or worked out when it is opened). Passes are made one at a
// time (Run's goroutine, or a test's).
func (e *Estimator) Pass(ctx context.Context) {
	ids, err := e.St.Unestimated(ctx)
	if err != nil {
		e.warn("could not list the documents to estimate", err)
		return
	}
	done := 0
	for _, id := range ids {
		if ctx.Err() != nil {
			break
		}
		changes, err := e.St.BookChanges(ctx, id)
		if err != nil {
			e.warn("could not estimate a document's length", err, "document", id)
			return
		}
		if was, ok := e.failed[id]; ok && was == changes {
			continue
		}
		if err := estimate(ctx, e.R, id, changes); err != nil {
			if fault.CodeOf(err) != fault.NotFound { // deleted meanwhile
				e.failed[id] = changes
				e.warn("could not estimate a document's length", err, "document", id)
			}
			continue
		}
		delete(e.failed, id)
		done++
	}
	if done > 0 && e.Changed != nil {
		e.Changed()
	}
}

func (e *Estimator) warn(msg string, err error, args ...any) {
	if e.Log != nil {
		e.Log.Warn(msg, append([]any{"err", err}, args...)...)
	}
}
