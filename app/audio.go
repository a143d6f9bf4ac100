package app

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"readback/internal/audio"
	"readback/internal/fault"
	"readback/internal/listening"
	"readback/internal/narration"
	"readback/internal/playback"
)

// WordMark is a word's time in a sentence's audio and its place in the source text.
type WordMark struct {
	StartMs int `json:"start_ms"`
	EndMs   int `json:"end_ms"`
	Start   int `json:"start"`
	End     int `json:"end"`
}

// ClipData is one sentence for the window's own player.
type ClipData struct {
	Ord        int        `json:"ord"`
	URL        string     `json:"url"` // served by AssetHandler, with Range
	DurationMs int        `json:"duration_ms"`
	PauseMs    int        `json:"pause_ms"`
	Marks      []WordMark `json:"marks"`
}

// Clip returns sentence ord of docID for the window to play (synthesising it if
// needed), with its word marks in the writer's text.
func (p *Player) Clip(docID int64, ord int) (*ClipData, error) {
	c, l, i, err := p.loadClip(docID, ord)
	if err != nil {
		return nil, err
	}
	it := l.Book().Items[i]
	src := l.Text(it.Ord)
	out := &ClipData{Ord: it.Ord, URL: fmt.Sprintf("/listen/%d/%d.wav?k=%s", docID, it.Ord, it.Key[:16]),
		DurationMs: len(c.Samples) * 1000 / c.Rate, PauseMs: c.PauseMs, Marks: []WordMark{}}
	for _, m := range c.Marks {
		if m.Kind != "word" {
			continue
		}
		s, e := narration.MapSpan(src, it.Text, m.Start, m.End)
		out.Marks = append(out.Marks, WordMark{StartMs: m.StartMs, EndMs: m.EndMs, Start: s, End: e})
	}
	return out, nil
}

func (p *Player) loadClip(docID int64, ord int) (*playback.Clip, *listening.Source, int, error) {
	l, err := p.load(docID)
	if err != nil {
		return nil, nil, 0, err
	}
	i := l.Index(ord)
	ctx, cancel := context.WithTimeout(p.session.Context(), time.Minute)
	defer cancel()
	c, err := l.Load(ctx, i)
	if err != nil {
		return nil, nil, 0, fault.New(fault.Unavailable, "sentence %d could not be spoken: %v", ord+1, err)
	}
	return c, l, i, nil
}

var (
	listenPath   = regexp.MustCompile(`^/listen/(\d+)/(\d+)\.wav$`)
	auditionPath = regexp.MustCompile(`^/audition/(a\d+)\.wav$`)
)

// AssetHandler serves what the window asks for that is not a bundled asset: the
// sentences and auditions its own player plays.
func AssetHandler(p *Player, e *Pronunciation) http.Handler {
	sentences := p.audioHandler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if m := auditionPath.FindStringSubmatch(r.URL.Path); m != nil && e != nil {
			wav := e.audition(m[1])
			if wav == nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "audio/wav")
			http.ServeContent(w, r, "audition.wav", time.Time{}, bytes.NewReader(wav))
			return
		}
		sentences.ServeHTTP(w, r)
	})
}

// audioHandler serves the window's player: /listen/DOC/ORD.wav is a sentence's
// audio as WAV, with Range requests answered (the webview's audio element seeks
// with them). It is the asset server's handler for what is not a bundled asset.
func (p *Player) audioHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := listenPath.FindStringSubmatch(r.URL.Path)
		if m == nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			http.NotFound(w, r)
			return
		}
		doc, _ := strconv.ParseInt(m[1], 10, 64)
		ord, _ := strconv.Atoi(m[2])
		c, _, _, err := p.loadClip(doc, ord)
		if err != nil {
			http.Error(w, fault.MessageOf(err), http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "audio/wav")
		w.Header().Set("Cache-Control", "no-store") // the sentence may be edited
		http.ServeContent(w, r, "sentence.wav", time.Time{}, bytes.NewReader(audio.WAVBytes(c.Rate, c.Samples)))
	})
}
