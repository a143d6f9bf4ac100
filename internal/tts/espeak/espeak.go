// Package espeak is the built-in speech engine: eSpeak NG through cgo, in synchronous
// mode. eSpeak NG keeps global state, is not thread-safe and carries state from one
// synthesis to the next, so a process speaks one voice, put back before every
// sentence into the state it had once the voice was loaded: the first voice asked
// for on the thread that owns eSpeak here (home), the others in speaker processes
// (this program started again), each started the same way. The same text is then
// the same audio in any process, after any other sentence.
package espeak

/*
#cgo pkg-config: espeak-ng
#include <stdlib.h>
#include <espeak-ng/speak_lib.h>

void readback_set_callback(void);
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"readback/internal/tts"
)

var _ tts.Engine = (*Engine)(nil)

// Name is the engine's registry name.
const Name = "espeak"

// DefaultVoice is used when a request names none.
const DefaultVoice = "en-gb-x-rp"

// synthesisRevision changes when the same text would be spoken differently by the
// same eSpeak NG: it is part of the version, and so of every rendition's key.
// 2: speakers put back per sentence; prosody and emphasis as embedded commands,
// pauses as silence (no SSML).
const synthesisRevision = 2

// Engine is a handle on eSpeak NG. Requests from any goroutine, through any handle,
// go to the speaker processes of the process's one library.
type Engine struct {
	*library
	closed    chan struct{}
	closeOnce sync.Once
}

// library is the process's one eSpeak NG: initialised once, never terminated
// (espeak_Terminate hangs in synchronous mode). This process speaks one voice itself
// (home), other voices go to speakers.
type library struct {
	version    string
	voices     []tts.Voice
	byID       map[string]voiceInfo
	sampleRate int
	home       *home
	speakers   speakers
}

var shared struct {
	once sync.Once
	lib  *library
	err  error
}

type voiceInfo struct {
	name, file, language string
}

// start initialises eSpeak NG as every process that speaks does, in the same order
// and from the thread that will use it: a speaker's state and this process's own are
// then the same, sample for sample.
func (l *library) start() error {
	rate := C.espeak_Initialize(C.AUDIO_OUTPUT_SYNCHRONOUS, 1000, nil, C.espeakINITIALIZE_DONT_EXIT)
	if rate <= 0 {
		return errors.New("espeak-ng could not be initialised (is espeak-ng-data installed?)")
	}
	l.sampleRate = int(rate)
	C.readback_set_callback()
	var dataPath *C.char
	l.version = fmt.Sprintf("espeak-ng %s (synthesis %d)", C.GoString(C.espeak_Info(&dataPath)), synthesisRevision)
	l.byID = map[string]voiceInfo{}
	l.listVoices()
	return nil
}

// event is one of eSpeak's events, as a speaker reports it.
type event struct {
	Kind, Pos, Ms int
}

// New returns a handle on the engine, starting it on first use. It fails when
// libespeak-ng or its data cannot be loaded.
func New() (*Engine, error) {
	shared.once.Do(func() {
		lib := &library{}
		lib.home, shared.err = startHome(lib)
		if shared.err == nil {
			shared.lib = lib
		}
	})
	if shared.err != nil {
		return nil, shared.err
	}
	return &Engine{library: shared.lib, closed: make(chan struct{})}, nil
}

func (e *library) listVoices() {
	list := C.espeak_ListVoices(nil)
	if list == nil {
		return
	}
	for _, v := range unsafe.Slice(list, 10000) {
		if v == nil {
			break
		}
		langs := languages(v.languages)
		if len(langs) == 0 {
			continue
		}
		id := langs[0]
		if _, dup := e.byID[id]; dup {
			continue
		}
		gender := ""
		switch v.gender {
		case 1:
			gender = "male"
		case 2:
			gender = "female"
		}
		e.byID[id] = voiceInfo{name: C.GoString(v.name), file: C.GoString(v.identifier), language: id}
		e.voices = append(e.voices, tts.Voice{ID: id, Engine: Name, Name: C.GoString(v.name), Language: id, Gender: gender, SampleRate: e.sampleRate})
	}
}

// languages decodes eSpeak's list of (priority byte, NUL-terminated name) pairs.
func languages(p *C.char) []string {
	if p == nil {
		return nil
	}
	var out []string
	b := (*[1 << 16]byte)(unsafe.Pointer(p))
	for i := 0; i < len(b) && b[i] != 0; {
		i++ // priority
		start := i
		for i < len(b) && b[i] != 0 {
			i++
		}
		out = append(out, strings.ToLower(string(b[start:i])))
		i++
	}
	return out
}

// Name is the registry name.
func (e *Engine) Name() string { return Name }

// Version is the library's version; it is part of rendition keys.
func (e *Engine) Version() string { return e.version }

// SampleRate is the rate of every Audio the engine returns.
func (e *Engine) SampleRate() int { return e.sampleRate }

// ReadsPhonemes: eSpeak reads [[…]] as its own phoneme mnemonics.
func (e *Engine) ReadsPhonemes() bool { return true }

// ReadsKanaOnly: eSpeak's Japanese has no kanji dictionary.
func (e *Engine) ReadsKanaOnly() bool { return true }

// Voices lists the installed voices.
func (e *Engine) Voices(context.Context) ([]tts.Voice, error) {
	return append([]tts.Voice(nil), e.voices...), nil
}

// CheckVoice: eSpeak reads the voice (an ID, a file's or display name, or a
// language tag it has a voice for, as a synthesis would resolve it); nothing is said.
func (e *Engine) CheckVoice(_ context.Context, id string) error {
	_, err := e.speakerFor(id)
	return err
}

// Synthesize speaks one segment.
func (e *Engine) Synthesize(ctx context.Context, req tts.Request) (*tts.Audio, error) {
	if err := req.Prosody.Validate(); err != nil {
		return nil, err
	}
	select {
	case <-e.closed:
		return nil, errors.New("espeak: engine closed")
	default:
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if req.PauseAfterMs < 0 || req.PauseAfterMs > 10000 {
		return nil, fmt.Errorf("espeak: a pause of %d ms is outside 0–10000", req.PauseAfterMs)
	}
	spec, err := e.speakerFor(req.Voice)
	if err != nil {
		return nil, err
	}
	a := &tts.Audio{SampleRate: e.sampleRate}
	var at []int
	var events []event
	chars := 0 // characters of the texts spoken so far: where the next one's events count from
	parts, trailingMs := compose(req)
	for _, p := range parts {
		a.Samples = append(a.Samples, make([]int16, p.pauseBeforeMs*e.sampleRate/1000)...)
		how := sayText
		if strings.Contains(p.text, "[[") {
			how = sayPhonemes
		}
		got, err := e.say(ctx, spec, p.text, how)
		if err != nil {
			return nil, err
		}
		startMs := a.DurationMs()
		for _, ev := range got.events {
			ev.Pos += chars
			ev.Ms += startMs
			events = append(events, ev)
		}
		if len(a.Samples) == 0 {
			a.Samples = got.samples // the usual one part: no copy
		} else {
			a.Samples = append(a.Samples, got.samples...)
		}
		a.Voice = got.voice
		at = append(at, p.at...)
		chars += len(p.at)
	}
	a.Samples = append(a.Samples, make([]int16, (trailingMs+req.PauseAfterMs)*e.sampleRate/1000)...)
	a.Marks = marks(req.Text, at, events, a.DurationMs())
	return a, nil
}

// Close ends this handle; the library stays loaded for the process's other users.
func (e *Engine) Close() error {
	e.closeOnce.Do(func() { close(e.closed) })
	return nil
}

// speakerFor resolves a voice ID to how a speaker loads the voice that speaks it.
// eSpeak names voices by file ("en-gb-x-rp" works, "en-gb" does not: its file is
// "gmw/en"), so a speaker tries the ID, the file's name, the display name, and last
// the language through the voice properties. An unknown tag falls back to a voice of its
// language ("en" → "en-gb"), and fails if there is none.
func (e *library) speakerFor(id string) (speakerSpec, error) {
	if id == "" {
		id = DefaultVoice
	}
	v, ok := e.byID[id]
	if !ok {
		if v, ok = e.forLanguage(id); !ok {
			return speakerSpec{}, fmt.Errorf("espeak: no voice %q", id)
		}
	}
	return speakerSpec{ID: id, Names: []string{id, path.Base(v.file), v.name}, Language: v.language}, nil
}

// VoiceForLanguage is the installed voice that reads a language tag ("de" → "de",
// "pt-BR" → "pt-br"), or false when eSpeak has none (or cannot be loaded).
func VoiceForLanguage(tag string) (string, bool) {
	e, err := New()
	if err != nil || tag == "" {
		return "", false
	}
	v, ok := e.forLanguage(tag)
	if !ok {
		return "", false
	}
	return v.language, true
}

// ReadsLanguage says how a text in the language tag is read: by voice (an installed
// voice's ID), or by the default voice ("" and true) for English and for no language
// (und, mul, zxx, mis); false when no installed voice reads it (it is read by the
// default voice, and the writer should be told).
func ReadsLanguage(tag string) (voice string, ok bool) {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	switch primary {
	case "", "en", "und", "mul", "zxx", "mis":
		return "", true
	}
	return VoiceForLanguage(strings.TrimSpace(tag))
}

// forLanguage finds a voice for a language tag: the voice of that exact language, or
// its home form ("fr" → "fr-fr"), or one of its regional forms ("en" → "en-gb"...),
// or of its primary language.
func (e *library) forLanguage(tag string) (voiceInfo, bool) {
	tag = strings.ToLower(strings.ReplaceAll(tag, "_", "-"))
	primary, rest, _ := strings.Cut(tag, "-")
	// eSpeak names Chinese by its spoken languages, Mandarin (cmn) and Cantonese
	// (yue), and Norwegian Bokmål nb (a page's lang says "no").
	switch primary {
	case "zh":
		if strings.Contains(rest, "hk") || strings.Contains(rest, "yue") || strings.Contains(rest, "mo") {
			tag, primary = "yue", "yue"
		} else {
			tag, primary = "cmn", "cmn"
		}
	case "no":
		if rest == "" || rest == "no" {
			tag, primary = "nb", "nb"
		}
	}
	var best voiceInfo
	found := false
	home := primary + "-" + primary // "fr" is French of France (fr-fr), not of Belgium
	for _, v := range e.voices {    // in eSpeak's order, which puts the main voices first
		switch {
		case v.Language == tag:
			return e.byID[v.ID], true
		case tag == primary && v.Language == home:
			best, found = e.byID[v.ID], true
			tag = home // and nothing else is better, bar an exact match
		case !found && strings.HasPrefix(v.Language, tag+"-"):
			best, found = e.byID[v.ID], true
		case !found && v.Language == primary:
			best, found = e.byID[v.ID], true
		}
	}
	return best, found
}

func clamp(v, lo, hi float64) float64 { return max(lo, min(hi, v)) }

// marks turns eSpeak's word events (character positions, counted from 1, that may
// drift by one after punctuation, several for one number) into word marks aligned on
// the words of text, plus one sentence mark over the whole segment.
func marks(text string, at []int, events []event, durationMs int) []tts.Mark {
	words := wordSpans(text)
	var out []tts.Mark
	last := -1
	end := durationMs
	for _, ev := range events {
		if ev.Kind == C.espeakEVENT_MSG_TERMINATED && ev.Ms > 0 && ev.Ms <= durationMs {
			end = ev.Ms
		}
		if ev.Kind != C.espeakEVENT_WORD {
			continue
		}
		// The first text character at or after the event's position: eSpeak counts
		// from 1 and may point one character early, at markup or a space.
		b := -1
		for k := max(ev.Pos-1, 0); k < len(at); k++ {
			if at[k] >= 0 {
				b = at[k]
				break
			}
		}
		if b < 0 {
			continue
		}
		w := nearestWord(words, b)
		if w < 0 || w <= last {
			continue // another event for a word already marked ("1984" is read as several)
		}
		last = w
		out = append(out, tts.Mark{Kind: tts.WordMark, Start: words[w][0], End: words[w][1], StartMs: ev.Ms})
	}
	for i := range out {
		if i+1 < len(out) {
			out[i].EndMs = out[i+1].StartMs
		} else {
			out[i].EndMs = max(end, out[i].StartMs)
		}
	}
	if len(text) > 0 {
		out = append([]tts.Mark{{Kind: tts.SentenceMark, Start: 0, End: len(text), StartMs: 0, EndMs: durationMs}}, out...)
	}
	return out
}

// wordSpans returns the byte spans of the words of s, without surrounding punctuation.
func wordSpans(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		in := unicode.IsLetter(r) || unicode.IsDigit(r) || ((r == '\'' || r == '’' || r == '-' || r == '.' || r == ',') && start >= 0)
		if in && start < 0 {
			start = i
		}
		if !in && start >= 0 {
			out = append(out, trimWord(s, start, i))
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, trimWord(s, start, len(s)))
	}
	return out
}

func trimWord(s string, start, end int) [2]int {
	for end > start {
		r, n := utf8.DecodeLastRuneInString(s[start:end])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		end -= n
	}
	return [2]int{start, end}
}

// nearestWord finds the word containing byte offset b, or the next one when b falls
// between words (eSpeak's position may point at the space or punctuation before).
func nearestWord(words [][2]int, b int) int {
	for i, w := range words {
		if b < w[1] {
			return i
		}
	}
	return -1
}
