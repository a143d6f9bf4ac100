package listening

import (
	"context"
	"log/slog"

	"readback/internal/fault"
	"readback/internal/render"
	"readback/internal/store"
)

// Total is the length of the clips with the pauses after them: the whole book's
// time as the player counts it.
func Total(clips []Clip) int64 {
	var ms int64
	for _, c := range clips {
		ms += int64(c.DurationMs + c.PauseMs)
	}
	return ms
}

// Estimate works out docID's length as its player would show it (the sentences
// synthesised measured, the others at their voices' rates, with the pauses) and
// keeps it for the library. A document with nothing to play lasts nothing.
func Estimate(ctx context.Context, r *render.Renderer, docID int64) error {
	l, err := Open(ctx, r, docID)
	if fault.CodeOf(err) == fault.Invalid {
		return r.Store().SetEstimate(ctx, docID, 0)
	}
	if err != nil {
		return err
	}
	clips, err := l.Clips(ctx)
	if err != nil {
		return err
	}
	return r.Store().SetEstimate(ctx, docID, Total(clips))
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
}

// NewEstimator returns an estimator; Run starts it.
func NewEstimator(r *render.Renderer, st *store.Store, log *slog.Logger, changed func()) *Estimator {
	return &Estimator{R: r, St: st, Log: log, Changed: changed, poke: make(chan struct{}, 1)}
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

// Pass estimates each document waiting; one that fails is logged and left (it is
// tried again at the next pass, or worked out when it is opened).
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
		if err := Estimate(ctx, e.R, id); err != nil {
			if fault.CodeOf(err) != fault.NotFound { // deleted meanwhile
				e.warn("could not estimate a document's length", err, "document", id)
			}
			continue
		}
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
