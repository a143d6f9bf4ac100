package audiobook

import (
	"context"
	"os"
	"time"

	"readback/internal/store"
)

// UpToDate reports whether path still holds the export of plan, as recorded.
func (r *Exporter) UpToDate(ctx context.Context, path, plan string) (*store.Export, bool, error) {
	last, err := r.Store().LastExport(ctx, path)
	if err != nil || last == nil || last.Plan != plan {
		return nil, false, err
	}
	st, err := os.Stat(path)
	if err != nil || st.Size() != last.Size || st.ModTime().UnixNano() != last.MtimeNs {
		return nil, false, nil
	}
	return last, true, nil
}

// Exported records that path now holds the export of plan.
func (r *Exporter) Exported(ctx context.Context, docID int64, path, plan string, audio time.Duration, layout []Piece) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	return r.Store().PutExport(ctx, &store.Export{Path: path, DocumentID: docID, Plan: plan, Size: st.Size(),
		MtimeNs: st.ModTime().UnixNano(), AudioMs: audio.Milliseconds(), Layout: layoutJSON(layout)})
}

func layoutJSON(ps []Piece) []byte {
	if ps == nil {
		return nil
	}
	return marshalLayout(ps)
}
