// Package listening is the listening session: the document being heard, the
// player reading it on the speaker, and the place the writer reached, kept across
// edits and remembered when the sentence changes or playing stops.
package listening

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"readback/internal/fault"
	"readback/internal/playback"
	"readback/internal/render"
	"readback/internal/store"
)

// Session is the one document listened to at a time.
type Session struct {
	R   *render.Renderer
	St  *store.Store
	Out playback.Output // nil: no device (the window plays the audio)
	Log *slog.Logger
	// OnPosition is told where the player is, at most ten times a second.
	OnPosition func(Position)

	mu     sync.Mutex
	doc    int64
	listen *Source
	p      *playback.Player
	saved  store.Position
	// Time heard on the speaker and not yet counted, and when the last report came.
	heard    time.Duration
	lastBeat time.Time
}

// maxHeard bounds one report of time heard: a window that was asleep, or a report
// that lies, cannot add hours of listening.
const maxHeard = 10 * time.Minute

// Heard counts time spent listening to docID, for the dashboard.
func (s *Session) Heard(ctx context.Context, docID int64, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	return s.St.AddListening(ctx, docID, s.St.Now(), min(d, maxHeard).Milliseconds())
}

// Doc is the document listened to (0: none).
func (s *Session) Doc() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.doc
}

// Load makes docID the document listened to, keeping the player when it already is.
func (s *Session) Load(ctx context.Context, docID int64) (*Source, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.doc == docID && s.listen != nil {
		return s.listen, nil
	}
	l, err := Open(ctx, s.R, docID)
	if err != nil {
		return nil, err
	}
	if s.p != nil {
		s.p.Close()
		s.p = nil
	}
	// What was heard of the last document is its own.
	if s.heard > 0 {
		if err := s.Heard(ctx, s.doc, s.heard); err != nil && s.Log != nil {
			s.Log.Warn("could not count the time listened", "err", err)
		}
	}
	s.heard, s.lastBeat = 0, time.Time{}
	s.doc, s.listen, s.saved = docID, l, store.Position{Ord: -1}
	if s.Out != nil {
		s.p = playback.New(l, s.Out, s.report(docID, l))
	}
	return l, nil
}

// Opened is what the window shows of a document's player: where the writer
// stopped, the sentences read with their lengths, and the chapters.
type Opened struct {
	Position store.Position
	Clips    []Clip
	Chapters []string
}

// Open makes docID the document listened to, read afresh (it may have changed
// since it was last open: a new version read from the library), and cues the
// speaker's player where the writer stopped.
func (s *Session) Open(ctx context.Context, docID int64) (*Opened, error) {
	// What the book is read from, before it is: the length kept below is of it.
	changes, err := s.St.BookChanges(ctx, docID)
	if err != nil {
		return nil, err
	}
	if err := s.Reload(ctx, docID); err != nil {
		return nil, err
	}
	l, err := s.Load(ctx, docID)
	if err != nil {
		return nil, err
	}
	pos, err := s.St.GetPosition(ctx, docID)
	if err != nil {
		return nil, err
	}
	s.Cue(pos)
	clips, err := l.Clips(ctx)
	if err != nil {
		return nil, err
	}
	// The library shows the length the player does.
	ms, estimated := Total(clips)
	if err := s.St.SetEstimate(ctx, docID, ms, estimated, changes); err != nil && s.Log != nil {
		s.Log.Warn("could not keep the document's estimated length", "err", err)
	}
	return &Opened{Position: pos, Clips: clips, Chapters: l.Book().Chapters}, nil
}

// Play plays docID on the speaker from segment ord (a skipped one plays from the
// next), offset into it.
func (s *Session) Play(ctx context.Context, docID int64, ord int, offset time.Duration) error {
	l, err := s.Load(ctx, docID)
	if err != nil {
		return err
	}
	pl, err := s.Native()
	if err != nil {
		return err
	}
	return pl.PlayFrom(l.Index(ord), max(offset, 0))
}

// Pause pauses the speaker.
func (s *Session) Pause() error {
	return s.with(func(pl *playback.Player) error { pl.Pause(); return nil })
}

// Resume plays on.
func (s *Session) Resume() error {
	return s.with(func(pl *playback.Player) error { pl.Resume(); return nil })
}

// Seek moves to segment ord, offset into it.
func (s *Session) Seek(ord int, offset time.Duration) error {
	return s.with(func(pl *playback.Player) error { return pl.Seek(s.Index(ord), max(offset, 0)) })
}

// Next moves to the next sentence, or chapter.
func (s *Session) Next(chapter bool) error {
	return s.with(func(pl *playback.Player) error {
		if err := pl.Next(chapter); err != nil {
			return fault.New(fault.Invalid, "this is the last one")
		}
		return nil
	})
}

// Previous moves to the previous sentence, or chapter.
func (s *Session) Previous(chapter bool) error {
	return s.with(func(pl *playback.Player) error { return pl.Previous(chapter) })
}

// SetSpeed sets the speed, 0.5–3, keeping the pitch.
func (s *Session) SetSpeed(speed float64) error {
	return s.with(func(pl *playback.Player) error {
		if err := pl.SetSpeed(speed); err != nil {
			return fault.New(fault.Invalid, "the speed must be between 0.5 and 3")
		}
		return nil
	})
}

// with runs f on the speaker's player, or says why there is none.
func (s *Session) with(f func(*playback.Player) error) error {
	pl, err := s.Native()
	if err != nil {
		return err
	}
	return f(pl)
}

// Reload reads the document again after an edit, keeping the place and whether it
// was playing.
func (s *Session) Reload(ctx context.Context, docID int64) error {
	s.mu.Lock()
	if s.doc != docID || s.listen == nil {
		s.mu.Unlock()
		return nil
	}
	var st playback.State
	ord := 0
	if s.p != nil {
		st = s.p.State()
		ord = s.listen.OrdAt(st.Index)
	}
	s.listen = nil
	s.mu.Unlock()
	l, err := s.Load(ctx, docID)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.p != nil {
		s.p.SetSpeed(max(st.Speed, playback.MinSpeed))
		if st.Playing {
			return s.p.PlayFrom(l.Index(ord), time.Duration(st.OffsetMs)*time.Millisecond)
		}
		return s.p.Seek(l.Index(ord), time.Duration(st.OffsetMs)*time.Millisecond)
	}
	return nil
}

// Cue moves a stopped speaker player to pos (where the writer stopped).
func (s *Session) Cue(pos store.Position) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.p != nil && s.listen != nil && !s.p.State().Playing {
		s.p.Seek(s.listen.Index(pos.Ord), time.Duration(pos.OffsetMs)*time.Millisecond)
	}
}

// Index is where sentence ord is in what is read (of the document loaded).
func (s *Session) Index(ord int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listen == nil {
		return 0
	}
	return s.listen.Index(ord)
}

// Ord is the sentence (ord) read at position i, or -1.
func (s *Session) Ord(i int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listen == nil {
		return -1
	}
	return s.listen.Ord(i)
}

// Bound ends playing on the speaker at sentence lastOrd: after it the player goes
// back to loopOrd (a loop), or pauses when loopOrd is -1 (a sleep timer at the
// chapter's end), exactly where the sentence ends; lastOrd -1 removes the bound.
// Skipped sentences are not read: the bound falls on the last read at or before
// lastOrd, the loop on the first read at or after loopOrd.
func (s *Session) Bound(lastOrd, loopOrd int) error {
	pl, err := s.Native()
	if err != nil {
		return err
	}
	last, loop := -1, -1
	if lastOrd >= 0 {
		last = s.Index(lastOrd + 1)
		if s.Ord(last) > lastOrd {
			last--
		}
		if loopOrd >= 0 {
			loop = s.Index(loopOrd)
		}
		if last < 0 || (loop >= 0 && loop > last) {
			return fault.New(fault.Invalid, "a loop runs from a sentence back to an earlier one")
		}
	}
	if err := pl.Bound(last, loop); err != nil {
		return fault.New(fault.Invalid, "a loop runs from a sentence back to an earlier one")
	}
	return nil
}

// Remember keeps the place the window's own player reached (no device) and counts
// heard, the time it played since it last said, as time listened.
func (s *Session) Remember(ctx context.Context, docID int64, pos store.Position, heard time.Duration) error {
	if err := s.St.SetPosition(ctx, docID, pos); err != nil {
		return err
	}
	return s.Heard(ctx, docID, heard)
}

// Native is the speaker's player, or why there is none.
func (s *Session) Native() (*playback.Player, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.p == nil {
		if s.Out == nil {
			return nil, fault.New(fault.Unavailable, "no audio device: the window plays the audio")
		}
		return nil, fault.New(fault.Invalid, "open a document first")
	}
	return s.p, nil
}

// report tells the player's state on and remembers the place whenever the
// sentence changes or playing stops.
func (s *Session) report(docID int64, l *Source) func(playback.State) {
	return func(st playback.State) {
		pos := l.Position(st)
		if s.OnPosition != nil {
			s.OnPosition(pos)
		}
		s.beat(st.Playing && !st.Waiting)
		s.remember(docID, store.Position{Ord: pos.Ord, OffsetMs: st.OffsetMs}, !st.Playing)
	}
}

// beat adds the time since the last report to the time heard, when sound was
// playing; reports come many times a second, so a gap of more than one means the
// player was stopped or waiting, and counts as one second at most.
func (s *Session) beat(sounding bool) {
	now := time.Now()
	s.mu.Lock()
	if sounding && !s.lastBeat.IsZero() {
		s.heard += min(now.Sub(s.lastBeat), time.Second)
	}
	s.lastBeat = time.Time{}
	if sounding {
		s.lastBeat = now
	}
	s.mu.Unlock()
}

func (s *Session) remember(docID int64, pos store.Position, force bool) {
	s.mu.Lock()
	if s.saved.Ord == pos.Ord && !force {
		s.mu.Unlock()
		return
	}
	s.saved = pos
	heard := s.heard
	s.heard = 0
	s.mu.Unlock()
	if err := s.St.SetPosition(context.Background(), docID, pos); err != nil && s.Log != nil {
		s.Log.Warn("could not remember the listening position", "err", err)
	}
	if err := s.Heard(context.Background(), docID, heard); err != nil && s.Log != nil {
		s.Log.Warn("could not count the time listened", "err", err)
	}
}

// Close stops playing and remembers the place.
func (s *Session) Close() {
	s.mu.Lock()
	pl, l, doc := s.p, s.listen, s.doc
	s.p, s.listen, s.doc = nil, nil, 0
	s.mu.Unlock()
	if pl == nil {
		return
	}
	st := pl.State()
	pl.Close()
	s.remember(doc, store.Position{Ord: l.OrdAt(st.Index), OffsetMs: st.OffsetMs}, true)
}
