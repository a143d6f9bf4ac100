package app

import (
	"log/slog"
	"time"

	"readback/internal/fault"
	"readback/internal/listening"
	"readback/internal/playback"
	"readback/internal/render"
	"readback/internal/store"
	"readback/internal/tts"
)

// Player is the handler for listening: play a document from any sentence, pause,
// seek, move by sentence or chapter, change the speed. Where the machine has no
// audio device, the window plays the audio itself (see Clip and AssetHandler) and
// Player only keeps the place.
type Player struct {
	session *Session
	st      *store.Store
	out     playback.Output // nil: no device
	noDev   string          // why there is no device
	ls      *listening.Session
}

// NewPlayer returns the handler. out is the speaker, or nil with the reason there
// is none (deviceErr).
func NewPlayer(s *Session, st *store.Store, r *render.Renderer, log *slog.Logger, out playback.Output, deviceErr error) *Player {
	p := &Player{session: s, st: st, out: out,
		ls: &listening.Session{R: r, St: st, Out: out, Log: log, OnPosition: func(pos render.Position) { s.Emit("player:position", pos) }}}
	if out == nil && deviceErr != nil {
		p.noDev = deviceErr.Error()
	}
	return p
}

// Position is what "player:position" carries, at most ten times a second.
type Position = render.Position

// PlayerInfo is what the document view needs to show the player.
type PlayerInfo struct {
	Device      bool           `json:"device"`       // audio plays natively
	DeviceError string         `json:"device_error"` // why not, when not
	Position    store.Position `json:"position"`     // where the writer stopped
	Clips       []ClipInfo     `json:"clips"`        // the sentences read, in order
	Chapters    []string       `json:"chapters"`
}

// ClipInfo is one sentence as the window's own player needs it.
type ClipInfo = render.Clip

// Open prepares a document for listening and says where the writer stopped.
func (p *Player) Open(docID int64) (*PlayerInfo, error) {
	// Read afresh: the document may have changed since it was last open (a new
	// version read from the library).
	if err := p.reload(docID); err != nil {
		return nil, err
	}
	l, err := p.load(docID)
	if err != nil {
		return nil, err
	}
	pos, err := p.st.GetPosition(p.session.Context(), docID)
	if err != nil {
		return nil, err
	}
	p.ls.Cue(pos)
	clips, err := l.Clips(p.session.Context())
	if err != nil {
		return nil, err
	}
	return &PlayerInfo{Device: p.out != nil, DeviceError: p.noDev, Position: pos, Chapters: l.Book().Chapters, Clips: clips}, nil
}

func (p *Player) load(docID int64) (*render.Listening, error) {
	return p.ls.Load(p.session.Context(), docID)
}

// reload reads the document again after an edit, keeping the place and whether it
// was playing.
func (p *Player) reload(docID int64) error { return p.ls.Reload(p.session.Context(), docID) }

// openDocument is the document loaded, 0 when none.
func (p *Player) openDocument() int64 { return p.ls.Doc() }

func (p *Player) native() (*playback.Player, error) { return p.ls.Native() }

// Play plays docID from segment ord (a skipped one plays from the next), offset
// into it.
func (p *Player) Play(docID int64, ord int, offsetMs int) error {
	l, err := p.load(docID)
	if err != nil {
		return err
	}
	pl, err := p.native()
	if err != nil {
		return err
	}
	return pl.PlayFrom(l.Index(ord), time.Duration(max(offsetMs, 0))*time.Millisecond)
}

// Pause pauses.
func (p *Player) Pause() error {
	return p.with(func(pl *playback.Player) error { pl.Pause(); return nil })
}

// Resume plays on.
func (p *Player) Resume() error {
	return p.with(func(pl *playback.Player) error { pl.Resume(); return nil })
}

// Seek moves to segment ord, offset into it.
func (p *Player) Seek(ord int, offsetMs int) error {
	return p.with(func(pl *playback.Player) error {
		return pl.Seek(p.ls.Index(ord), time.Duration(max(offsetMs, 0))*time.Millisecond)
	})
}

// Bound ends playing at sentence lastOrd: after it the player goes back to loopOrd
// (a loop), or pauses when loopOrd is -1 (a sleep timer at the chapter's end) —
// exactly where the sentence ends. lastOrd -1 removes it.
func (p *Player) Bound(lastOrd, loopOrd int) error { return p.ls.Bound(lastOrd, loopOrd) }

// Next moves to the next sentence, or chapter.
func (p *Player) Next(chapter bool) error {
	return p.with(func(pl *playback.Player) error {
		if err := pl.Next(chapter); err != nil {
			return fault.New(fault.Invalid, "this is the last one")
		}
		return nil
	})
}

// Previous moves to the previous sentence, or chapter.
func (p *Player) Previous(chapter bool) error {
	return p.with(func(pl *playback.Player) error { return pl.Previous(chapter) })
}

// SetSpeed sets the speed, 0.5–3, keeping the pitch.
func (p *Player) SetSpeed(speed float64) error {
	return p.with(func(pl *playback.Player) error {
		if err := pl.SetSpeed(speed); err != nil {
			return fault.New(fault.Invalid, "the speed must be between 0.5 and 3")
		}
		return nil
	})
}

// with runs f on the speaker's player, or says why there is none.
func (p *Player) with(f func(*playback.Player) error) error {
	pl, err := p.native()
	if err != nil {
		return err
	}
	return f(pl)
}

// Remember keeps the place the window's own player reached (no device), and counts
// heardMs, the time it played since it last said, as time listened.
func (p *Player) Remember(docID int64, ord int, offsetMs int, heardMs int) error {
	return p.ls.Remember(p.session.Context(), docID, store.Position{Ord: ord, OffsetMs: offsetMs}, time.Duration(heardMs)*time.Millisecond)
}

// Close stops playing (the window is closing) and remembers the place.
func (p *Player) Close() { p.ls.Close() }

// playOnce plays a short sound (an audition) on the speaker, over whatever plays.
func (p *Player) playOnce(a *tts.Audio) {
	if p.out != nil {
		playback.PlayOnce(p.out, a.Samples, a.SampleRate)
	}
}
