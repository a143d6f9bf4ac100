package library

import (
	"context"

	"readback/internal/fault"
)

// StatusKey is where the outcome of the last sync is kept.
const StatusKey = "shared_library_status"

// Status is what the last sync did, for the Shared view and 'readback sync'.
type Status struct {
	LastAttemptAt int64  `json:"last_attempt_at"` // Unix ms; 0: never
	LastOKAt      int64  `json:"last_ok_at"`
	Error         string `json:"error,omitempty"` // the last attempt's, in plain words
}

// SyncReport tells what a sync did (or, dry, would do).
type SyncReport struct {
	DryRun     bool           `json:"dry_run"`
	Lexicon    *LexiconReport `json:"lexicon"`
	Renditions *PublishReport `json:"renditions,omitempty"` // published (nil: not shared)
	NewPacks   int            `json:"new_packs"`            // teammates' packs read
	Updates    []VoiceStatus  `json:"updates"`              // installed voices with a newer version
}

// Sync merges the lexicon, reads the teammates' new renditions and publishes this
// library's (when renditions are shared), and reports voice updates. A sync that
// fails leaves everything local as it was; its reason is kept for the Shared view.
func (l *Library) Sync(ctx context.Context, dry bool) (*SyncReport, error) {
	rep, err := l.sync(ctx, dry)
	l.noteReach(err)
	if !dry {
		st := Status{}
		l.Store.Setting(ctx, StatusKey, &st)
		st.LastAttemptAt = l.Now().UnixMilli()
		st.Error = ""
		if err != nil {
			st.Error = fault.MessageOf(UserMessage(err))
		} else {
			st.LastOKAt = st.LastAttemptAt
		}
		if serr := l.Store.SetSetting(ctx, StatusKey, st); serr != nil && err == nil {
			err = serr
		}
	}
	return rep, UserMessage(err)
}

func (l *Library) sync(ctx context.Context, dry bool) (*SyncReport, error) {
	rep := &SyncReport{DryRun: dry, Updates: []VoiceStatus{}}
	// A listing first: it tells a missing bucket from an empty library (a read of
	// a missing object cannot, on every server).
	if _, err := l.Client.Remote.List(ctx, IndexKey); err != nil {
		return rep, err
	}
	var err error
	if rep.Lexicon, err = l.SyncLexicon(ctx, dry); err != nil {
		return rep, err
	}
	if l.Settings.ShareRenditions {
		if rep.NewPacks, err = l.RefreshRenditions(ctx, dry); err != nil {
			return rep, err
		}
		if rep.Renditions, err = l.PublishRenditions(ctx, dry, nil); err != nil {
			return rep, err
		}
	}
	voices, err := l.Voices(ctx)
	if err != nil {
		return rep, err
	}
	for _, v := range voices {
		if v.State == VoiceUpdate {
			rep.Updates = append(rep.Updates, v)
		}
	}
	return rep, nil
}

// LastStatus reads what the last sync did.
func LastStatus(ctx context.Context, l interface {
	Setting(context.Context, string, any) (bool, error)
}) (Status, error) {
	var st Status
	_, err := l.Setting(ctx, StatusKey, &st)
	return st, err
}
