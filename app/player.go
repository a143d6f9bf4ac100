package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"readback/internal/fault"
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
	r       *render.Renderer
	log     *slog.Logger
	out     playback.Output // nil: no device
	noDev   string          // why there is no device

	mu     sync.Mutex
	doc    int64
	listen *render.Listening
	p      *playback.Player
	saved  store.Position
}

// NewPlayer returns the handler. out is the speaker, or nil with the reason there
// is none (deviceErr).
func NewPlayer(s *Session, st *store.Store, r *render.Renderer, log *slog.Logger, out playback.Output, deviceErr error) *Player {
	p := &Player{session: s, st: st, r: r, log: log, out: out}
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
	info := &PlayerInfo{Device: p.out != nil, DeviceError: p.noDev, Position: pos, Chapters: l.Book().Chapters, Clips: l.Clips()}
	if p.out != nil {
		p.mu.Lock()
		if p.p != nil && !p.p.State().Playing {
			p.p.Seek(l.Index(pos.Ord), time.Duration(pos.OffsetMs)*time.Millisecond)
		}
		p.mu.Unlock()
	}
	return info, nil
}

// load makes docID the document listened to, keeping the player when it already is.
func (p *Player) load(docID int64) (*render.Listening, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.doc == docID && p.listen != nil {
		return p.listen, nil
	}
	l, err := p.r.OpenListening(p.session.Context(), docID)
	if err != nil {
		return nil, err
	}
	if p.p != nil {
		p.p.Close()
		p.p = nil
	}
	p.doc, p.listen, p.saved = docID, l, store.Position{Ord: -1}
	if p.out != nil {
		p.p = playback.New(l, p.out, p.report(docID, l))
	}
	return l, nil
}

// reload reads the document again after an edit, keeping the place and whether it
// was playing.
func (p *Player) reload(docID int64) error {
	p.mu.Lock()
	if p.doc != docID || p.listen == nil {
		p.mu.Unlock()
		return nil
	}
	var st playback.State
	ord := 0
	if p.p != nil {
		st = p.p.State()
		ord = p.listen.OrdAt(st.Index)
	}
	p.listen = nil
	p.mu.Unlock()
	l, err := p.load(docID)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.p != nil {
		p.p.SetSpeed(max(st.Speed, playback.MinSpeed))
		if st.Playing {
			return p.p.PlayFrom(l.Index(ord), time.Duration(st.OffsetMs)*time.Millisecond)
		}
		return p.p.Seek(l.Index(ord), time.Duration(st.OffsetMs)*time.Millisecond)
	}
	return nil
}

// report turns the player's state into "player:position" events and remembers the
// place whenever the sentence changes or playing stops.
func (p *Player) report(docID int64, l *render.Listening) func(playback.State) {
	return func(s playback.State) {
		pos := l.Position(s)
		p.session.Emit("player:position", pos)
		p.remember(docID, store.Position{Ord: pos.Ord, OffsetMs: s.OffsetMs}, !s.Playing)
	}
}

func (p *Player) remember(docID int64, pos store.Position, force bool) {
	p.mu.Lock()
	same := p.saved.Ord == pos.Ord
	if same && !force {
		p.mu.Unlock()
		return
	}
	p.saved = pos
	p.mu.Unlock()
	if err := p.st.SetPosition(context.Background(), docID, pos); err != nil {
		p.log.Warn("could not remember the listening position", "err", err)
	}
}

func (p *Player) native() (*playback.Player, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.p == nil {
		if p.out == nil {
			return nil, fault.New(fault.Unavailable, "no audio device: the window plays the audio")
		}
		return nil, fault.New(fault.Invalid, "open a document first")
	}
	return p.p, nil
}

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
	pl, err := p.native()
	if err != nil {
		return err
	}
	pl.Pause()
	return nil
}

// Resume plays on.
func (p *Player) Resume() error {
	pl, err := p.native()
	if err != nil {
		return err
	}
	pl.Resume()
	return nil
}

// Seek moves to segment ord, offset into it.
func (p *Player) Seek(ord int, offsetMs int) error {
	pl, err := p.native()
	if err != nil {
		return err
	}
	p.mu.Lock()
	i := p.listen.Index(ord)
	p.mu.Unlock()
	return pl.Seek(i, time.Duration(max(offsetMs, 0))*time.Millisecond)
}

// Next moves to the next sentence, or chapter.
func (p *Player) Next(chapter bool) error {
	pl, err := p.native()
	if err != nil {
		return err
	}
	if err := pl.Next(chapter); err != nil {
		return fault.New(fault.Invalid, "this is the last one")
	}
	return nil
}

// Previous moves to the previous sentence, or chapter.
func (p *Player) Previous(chapter bool) error {
	pl, err := p.native()
	if err != nil {
		return err
	}
	return pl.Previous(chapter)
}

// SetSpeed sets the speed, 0.5–3, keeping the pitch.
func (p *Player) SetSpeed(speed float64) error {
	pl, err := p.native()
	if err != nil {
		return err
	}
	if err := pl.SetSpeed(speed); err != nil {
		return fault.New(fault.Invalid, "the speed must be between 0.5 and 3")
	}
	return nil
}

// Remember keeps the place the window's own player reached (no device).
func (p *Player) Remember(docID int64, ord int, offsetMs int) error {
	return p.st.SetPosition(p.session.Context(), docID, store.Position{Ord: ord, OffsetMs: offsetMs})
}

// Close stops playing (the window is closing) and remembers the place.
func (p *Player) Close() {
	p.mu.Lock()
	pl, l, doc := p.p, p.listen, p.doc
	p.p, p.listen, p.doc = nil, nil, 0
	p.mu.Unlock()
	if pl == nil {
		return
	}
	st := pl.State()
	pl.Close()
	if items := l.Book().Items; len(items) > 0 {
		p.remember(doc, store.Position{Ord: items[min(st.Index, len(items)-1)].Ord, OffsetMs: st.OffsetMs}, true)
	}
}

// playOnce plays a short sound (an audition) on the speaker, over whatever plays.
func (p *Player) playOnce(a *tts.Audio) {
	if p.out != nil {
		playback.PlayOnce(p.out, a.Samples, a.SampleRate)
	}
}
