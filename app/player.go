package app

import (
	"log/slog"
	"time"

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
	out     playback.Output // nil: no device
	noDev   string          // why there is no device
	ls      *listening.Session
}

// NewPlayer returns the handler. out is the speaker, or nil with the reason there
// is none (deviceErr).
func NewPlayer(s *Session, st *store.Store, r *render.Renderer, log *slog.Logger, out playback.Output, deviceErr error) *Player {
	p := &Player{session: s, out: out,
		ls: &listening.Session{R: r, St: st, Out: out, Log: log, OnPosition: func(pos listening.Position) { s.Emit("player:position", pos) }}}
	if out == nil && deviceErr != nil {
		p.noDev = deviceErr.Error()
	}
	return p
}

// Position is what "player:position" carries, at most ten times a second.
type Position = listening.Position

// PlayerInfo is what the document view needs to show the player.
type PlayerInfo struct {
	Device      bool           `json:"device"`       // audio plays natively
	DeviceError string         `json:"device_error"` // why not, when not
	Position    store.Position `json:"position"`     // where the writer stopped
	Clips       []ClipInfo     `json:"clips"`        // the sentences read, in order
	Chapters    []string       `json:"chapters"`
}

// ClipInfo is one sentence as the window's own player needs it.
type ClipInfo = listening.Clip

// Open prepares a document for listening and says where the writer stopped.
func (p *Player) Open(docID int64) (*PlayerInfo, error) {
	o, err := p.ls.Open(p.session.Context(), docID)
	if err != nil {
		return nil, err
	}
	return &PlayerInfo{Device: p.out != nil, DeviceError: p.noDev, Position: o.Position, Chapters: o.Chapters, Clips: o.Clips}, nil
}

func (p *Player) load(docID int64) (*listening.Source, error) {
	return p.ls.Load(p.session.Context(), docID)
}

// reload reads the document again after an edit, keeping the place and whether it
// was playing.
func (p *Player) reload(docID int64) error { return p.ls.Reload(p.session.Context(), docID) }

// openDocument is the document loaded, 0 when none.
func (p *Player) openDocument() int64 { return p.ls.Doc() }

// Play plays docID from segment ord (a skipped one plays from the next), offset
// into it.
func (p *Player) Play(docID int64, ord int, offsetMs int) error {
	return p.ls.Play(p.session.Context(), docID, ord, ms(offsetMs))
}

// Pause pauses.
func (p *Player) Pause() error { return p.ls.Pause() }

// Resume plays on.
func (p *Player) Resume() error { return p.ls.Resume() }

// Seek moves to segment ord, offset into it.
func (p *Player) Seek(ord int, offsetMs int) error { return p.ls.Seek(ord, ms(offsetMs)) }

// Bound ends playing at sentence lastOrd: after it the player goes back to loopOrd
// (a loop), or pauses when loopOrd is -1 (a sleep timer at the chapter's end) —
// exactly where the sentence ends. lastOrd -1 removes it.
func (p *Player) Bound(lastOrd, loopOrd int) error { return p.ls.Bound(lastOrd, loopOrd) }

// Next moves to the next sentence, or chapter.
func (p *Player) Next(chapter bool) error { return p.ls.Next(chapter) }

// Previous moves to the previous sentence, or chapter.
func (p *Player) Previous(chapter bool) error { return p.ls.Previous(chapter) }

// SetSpeed sets the speed, 0.5–3, keeping the pitch.
func (p *Player) SetSpeed(speed float64) error { return p.ls.SetSpeed(speed) }

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// Remember keeps the place the window's own player reached (no device), and counts
// heardMs, the time it played since it last said, as time listened.
func (p *Player) Remember(docID int64, ord int, offsetMs int, heardMs int) error {
	return p.ls.Remember(p.session.Context(), docID, store.Position{Ord: ord, OffsetMs: offsetMs}, ms(heardMs))
}

// Close stops playing (the window is closing) and remembers the place.
func (p *Player) Close() { p.ls.Close() }

// playOnce plays a short sound (an audition) on the speaker, over whatever plays,
// and says whether there is a speaker to play it on.
func (p *Player) playOnce(a *tts.Audio) bool {
	if p == nil || p.out == nil {
		return false
	}
	playback.PlayOnce(p.out, a.Samples, a.SampleRate)
	return true
}
