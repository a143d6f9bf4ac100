// Package espeak is the built-in speech engine: eSpeak NG through cgo, in synchronous
// mode, owned by one goroutine locked to its thread because the library keeps global
// state and is not thread-safe. Parallelism comes from worker processes, not threads.
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
	"runtime"
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

// Engine is a handle on eSpeak NG. Requests from any goroutine, through any handle,
// are served one at a time by the goroutine that owns the library.
type Engine struct {
	*library
	closed    chan struct{}
	closeOnce sync.Once
}

// library is the process's one eSpeak NG: initialised once, never terminated
// (espeak_Terminate hangs in synchronous mode, and a second initialisation after it
// is not supported), so it lives as long as the process.
type library struct {
	jobs       chan job
	version    string
	voices     []tts.Voice
	byID       map[string]voiceInfo
	sampleRate int
}

var shared struct {
	once sync.Once
	lib  *library
	err  error
}

type voiceInfo struct {
	name, file, language string
}

type job struct {
	ctx   context.Context
	req   tts.Request
	reply chan result
}

type result struct {
	audio *tts.Audio
	err   error
}

// collector gathers one synthesis's samples and events. Only the owner goroutine
// touches it, through the C callback.
type collector struct {
	ctx     context.Context
	samples []int16
	events  []event
}

type event struct {
	kind, pos, length, ms int
}

// active is the collector of the synthesis in progress: eSpeak's callback has no
// per-call context we can use safely, and the library itself is a process singleton.
var active *collector

//export goSynthCallback
func goSynthCallback(wav *C.short, n C.int, events *C.espeak_EVENT) C.int {
	c := active
	if c == nil {
		return 1
	}
	if wav != nil && n > 0 {
		c.samples = append(c.samples, unsafe.Slice((*int16)(unsafe.Pointer(wav)), int(n))...)
	}
	for e := events; e != nil && e._type != C.espeakEVENT_LIST_TERMINATED; e = (*C.espeak_EVENT)(unsafe.Add(unsafe.Pointer(e), unsafe.Sizeof(*e))) {
		c.events = append(c.events, event{kind: int(e._type), pos: int(e.text_position), length: int(e.length), ms: int(e.audio_position)})
	}
	if c.ctx.Err() != nil {
		return 1 // abort the synthesis
	}
	return 0
}

// New returns a handle on the engine, starting it on first use. It fails when
// libespeak-ng or its data cannot be loaded.
func New() (*Engine, error) {
	shared.once.Do(func() {
		lib := &library{jobs: make(chan job), byID: map[string]voiceInfo{}}
		ready := make(chan error, 1)
		go lib.own(ready)
		if shared.err = <-ready; shared.err == nil {
			shared.lib = lib
		}
	})
	if shared.err != nil {
		return nil, shared.err
	}
	return &Engine{library: shared.lib, closed: make(chan struct{})}, nil
}

// own initialises the library and serves requests for the life of the process.
func (e *library) own(ready chan<- error) {
	runtime.LockOSThread()
	// One callback per second of audio rather than the default 60 ms: each callback
	// is a cgo round trip.
	rate := C.espeak_Initialize(C.AUDIO_OUTPUT_SYNCHRONOUS, 1000, nil, C.espeakINITIALIZE_DONT_EXIT)
	if rate <= 0 {
		ready <- errors.New("espeak-ng could not be initialised (is espeak-ng-data installed?)")
		return
	}
	e.sampleRate = int(rate)
	C.readback_set_callback()
	var dataPath *C.char
	e.version = "espeak-ng " + C.GoString(C.espeak_Info(&dataPath))
	e.listVoices()
	ready <- nil
	current := ""
	for j := range e.jobs {
		a, err := e.synthesize(j.ctx, j.req, &current)
		j.reply <- result{a, err}
	}
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
		e.voices = append(e.voices, tts.Voice{ID: id, Engine: Name, Name: C.GoString(v.name), Language: id, Gender: gender})
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
	reply := make(chan result, 1)
	select {
	case e.jobs <- job{ctx: ctx, req: req, reply: reply}:
	case <-e.closed:
		return nil, errors.New("espeak: engine closed")
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	r := <-reply
	return r.audio, r.err
}

// Close ends this handle; the library stays loaded for the process's other users.
func (e *Engine) Close() error {
	e.closeOnce.Do(func() { close(e.closed) })
	return nil
}

func (e *library) setVoice(id string, current *string) error {
	if id == "" {
		id = DefaultVoice
	}
	if id == *current {
		return nil
	}
	// eSpeak names voices by file ("en-gb-x-rp" works, "en-gb" does not: its file is
	// "gmw/en"), so try the ID, the file's name, the display name, and last the
	// language through the voice properties. An unknown tag falls back to a voice of
	// its language ("en" → "en-gb"), and fails if there is none.
	v, ok := e.byID[id]
	if !ok {
		if v, ok = e.forLanguage(id); !ok {
			return fmt.Errorf("espeak: no voice %q", id)
		}
	}
	for _, name := range []string{id, path.Base(v.file), v.name} {
		if try(name, func(s *C.char) C.espeak_ERROR { return C.espeak_SetVoiceByName(s) }) {
			*current = id
			return nil
		}
	}
	lang := C.CString(v.language)
	defer C.free(unsafe.Pointer(lang))
	spec := C.espeak_VOICE{languages: lang}
	if C.espeak_SetVoiceByProperties(&spec) == C.EE_OK {
		*current = id
		return nil
	}
	return fmt.Errorf("espeak: voice %q could not be loaded", id)
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

// spokenBy names the voice eSpeak has loaded, by its first language (the IDs
// Voices lists).
func spokenBy() string {
	v := C.espeak_GetCurrentVoice()
	if v == nil {
		return ""
	}
	if langs := languages(v.languages); len(langs) > 0 {
		return langs[0]
	}
	return ""
}

func try(s string, set func(*C.char) C.espeak_ERROR) bool {
	cs := C.CString(s)
	defer C.free(unsafe.Pointer(cs))
	return set(cs) == C.EE_OK
}

func (e *library) synthesize(ctx context.Context, req tts.Request, current *string) (*tts.Audio, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := e.setVoice(req.Voice, current); err != nil {
		return nil, err
	}
	if req.PauseAfterMs < 0 || req.PauseAfterMs > 10000 {
		return nil, fmt.Errorf("espeak: a pause of %d ms is outside 0–10000", req.PauseAfterMs)
	}
	// Plain text when there is nothing to mark up: SSML costs eSpeak about a tenth
	// more time and adds a clause pause to every segment, which at the default
	// prosody buys nothing.
	doc, at, flags := req.Text, []int(nil), C.uint(C.espeakCHARS_UTF8)
	if req.Prosody != tts.Normal || req.PauseAfterMs > 0 || len(req.Marks) > 0 {
		doc, at = ssml(req)
		flags |= C.espeakSSML
	}
	if strings.Contains(req.Text, "[[") {
		flags |= C.espeakPHONEMES // a lexicon entry given as phonemes
	}
	c := &collector{ctx: ctx}
	active = c
	defer func() { active = nil }()
	text := C.CString(doc)
	defer C.free(unsafe.Pointer(text))
	size := C.size_t(len(doc) + 1)
	if rc := C.espeak_Synth(unsafe.Pointer(text), size, 0, C.POS_CHARACTER, 0, flags, nil, nil); rc != C.EE_OK {
		return nil, fmt.Errorf("espeak: synthesis failed (error %d)", int(rc))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a := &tts.Audio{SampleRate: e.sampleRate, Samples: c.samples, Voice: spokenBy()}
	if at == nil {
		at = identity(req.Text)
	}
	a.Marks = marks(req.Text, at, c.events, a.DurationMs())
	return a, nil
}

// identity maps each character of text to its own byte offset.
func identity(text string) []int {
	at := make([]int, 0, len(text))
	for i := range text {
		at = append(at, i)
	}
	return at
}

// ssml wraps a segment for eSpeak: prosody and the pause after it as SSML, the
// prosody inside <s> (eSpeak applies a prosody change from the next clause on). It
// also returns, for each character of the document, the byte offset in req.Text of
// the text character it came from, or -1 for markup: eSpeak's positions count the
// markup and each character of an entity.
func ssml(req tts.Request) (string, []int) {
	var b strings.Builder
	var at []int
	markup := func(s string) {
		b.WriteString(s)
		for range s {
			at = append(at, -1)
		}
	}
	p := req.Prosody
	markup(fmt.Sprintf(`<speak><s><prosody rate="%d%%" pitch="%d%%" volume="%d%%">`,
		int(clamp(100*p.Rate, 1, 1000)+0.5), int(clamp(100*p.Pitch, 1, 1000)+0.5), int(clamp(100*p.Volume, 0, 1000)+0.5)))
	// The writer's marks, as markup before the character at a byte offset.
	before := map[int]string{}
	for _, m := range req.Marks {
		if m.Start < 0 || m.End > len(req.Text) || m.End <= m.Start {
			continue
		}
		switch m.Kind {
		case "emphasis":
			before[m.Start] += `<emphasis level="strong">`
			before[m.End] = `</emphasis>` + before[m.End]
		case "pause":
			before[m.End] += fmt.Sprintf(`<break time="%dms"/>`, min(max(m.Ms, 0), 10000))
		}
	}
	for i, r := range req.Text {
		if mk, ok := before[i]; ok {
			markup(mk)
		}
		var ent string
		switch r {
		case '&':
			ent = "&amp;"
		case '<':
			ent = "&lt;"
		case '>':
			ent = "&gt;"
		case '"':
			ent = "&quot;"
		}
		if ent == "" {
			b.WriteRune(r)
			at = append(at, i)
			continue
		}
		b.WriteString(ent)
		for range ent {
			at = append(at, i)
		}
	}
	if mk, ok := before[len(req.Text)]; ok {
		markup(mk)
	}
	markup("</prosody></s>")
	if req.PauseAfterMs > 0 {
		markup(fmt.Sprintf(`<break time="%dms"/>`, req.PauseAfterMs))
	}
	markup("</speak>")
	return b.String(), at
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
		if ev.kind == C.espeakEVENT_MSG_TERMINATED && ev.ms > 0 && ev.ms <= durationMs {
			end = ev.ms
		}
		if ev.kind != C.espeakEVENT_WORD {
			continue
		}
		// The first text character at or after the event's position: eSpeak counts
		// from 1 and may point one character early, at markup or a space.
		b := -1
		for k := max(ev.pos-1, 0); k < len(at); k++ {
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
		out = append(out, tts.Mark{Kind: tts.WordMark, Start: words[w][0], End: words[w][1], StartMs: ev.ms})
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
