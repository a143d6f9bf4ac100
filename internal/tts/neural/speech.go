package neural

import (
	"context"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	ort "github.com/yalue/onnxruntime_go"

	"readback/internal/lexicon"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
)

// Part is a stretch of a request's text said at once, and the writer's pause after
// it.
type Part struct {
	Start, End int
	PauseMs    int
}

// Parts cuts the text where the writer put pauses (tts.Request.Pauses: the rule
// every engine follows), each part with the silence after it.
func Parts(text string, cuts map[int]int) []Part {
	var out []Part
	from := 0
	for _, c := range slices.Sorted(maps.Keys(cuts)) {
		if c <= from || c >= len(text) {
			continue
		}
		out = append(out, Part{from, c, cuts[c]})
		from = c
	}
	return append(out, Part{from, len(text), 0})
}

// Silence is ms of silence at rate.
func Silence(rate, ms int) []int16 { return make([]int16, rate*ms/1000) }

// A change here changes renditions' word marks: the engines' Version (in every
// rendition's key) goes up with it ("piper 2": the warp, 2026-12-01).

// overSpeech times a part's words (offset: where the part starts in the request)
// by eSpeak's timings of the same text (ref) warped onto where the part's audio
// (said at rate, starting startMs into the request's) speaks and pauses; audio in
// which either is silent throughout is stretched over whole.
func overSpeech(ref *tts.Audio, offset int, said []int16, rate, startMs int) []tts.Mark {
	ws := words(ref, 0, math.MaxInt)
	from, to := Listen(ref.Samples, ref.SampleRate), Listen(said, rate)
	if from.End == 0 || to.End == 0 {
		return spread(ws, offset, 0, ref.DurationMs(), startMs, startMs+len(said)*1000/max(rate, 1))
	}
	out := Warp(ws, from, to)
	for i := range out {
		out[i].Start += offset
		out[i].End += offset
		out[i].StartMs += startMs
		out[i].EndMs += startMs
	}
	return out
}

// SpreadWords times the words that begin within from–to of a part, a stretch the
// engine's model says it spoke from startMs to endMs: eSpeak's timings of them,
// from the stretch's first word's start to its last word's end, stretched to span
// it.
func SpreadWords(ref *tts.Audio, offset, from, to, startMs, endMs int) []tts.Mark {
	ws := words(ref, from, to)
	if len(ws) == 0 {
		return nil
	}
	return spread(ws, offset, ws[0].StartMs, ws[len(ws)-1].EndMs, startMs, endMs)
}

// words are ref's word marks beginning within from–to.
func words(ref *tts.Audio, from, to int) []tts.Mark {
	var out []tts.Mark
	for _, m := range ref.Marks {
		if m.Kind == tts.WordMark && m.Start >= from && m.Start < to {
			out = append(out, m)
		}
	}
	return out
}

func spread(ws []tts.Mark, offset, refStart, refEnd, startMs, endMs int) []tts.Mark {
	span := refEnd - refStart
	if span <= 0 {
		return nil
	}
	scale := float64(endMs-startMs) / float64(span)
	out := make([]tts.Mark, 0, len(ws))
	for _, m := range ws {
		out = append(out, tts.Mark{Kind: tts.WordMark, Start: offset + m.Start, End: offset + m.End,
			StartMs: startMs + int(float64(m.StartMs-refStart)*scale), EndMs: startMs + int(float64(m.EndMs-refStart)*scale)})
	}
	return out
}

// Run runs a session on inputs into outputs (nil: allocated by the runtime, which
// the caller destroys); ctx's end terminates the run and is its error.
func Run(ctx context.Context, s *ort.DynamicAdvancedSession, inputs, outputs []ort.Value) error {
	opts, err := ort.NewRunOptions()
	if err != nil {
		return err
	}
	// The options are let go only once a terminate under way has returned.
	terminated := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(terminated)
		opts.Terminate()
	})
	defer func() {
		if !stop() {
			<-terminated
		}
		opts.Destroy()
	}()
	err = s.RunWithOptions(inputs, outputs, opts)
	if ctx.Err() != nil {
		for i, o := range outputs {
			if o != nil {
				o.Destroy()
				outputs[i] = nil
			}
		}
		return ctx.Err()
	}
	return err
}

// IPAer gives a text's IPA clause by clause (eSpeak NG).
type IPAer interface {
	IPA(ctx context.Context, voice, text string) ([]espeak.Clause, error)
}

// Transcribe is eSpeak's IPA of a text with the lexicon's IPA in it
// (lexicon.IPAMarker) spliced in as written: the text between the markers
// transcribed by eSpeak, each marker a clause of its own IPA that ends nothing.
func Transcribe(ctx context.Context, fe IPAer, voice, text string) ([]espeak.Clause, error) {
	if !lexicon.HasIPA(text) {
		return fe.IPA(ctx, voice, text)
	}
	var out []espeak.Clause
	for _, p := range lexicon.SplitIPA(text) {
		piece := text[p.Start:p.End]
		if p.IPA != "" {
			out = append(out, espeak.Clause{IPA: " " + p.IPA + " ", Text: piece})
			continue
		}
		if strings.TrimSpace(piece) == "" {
			continue
		}
		got, err := fe.IPA(ctx, voice, piece)
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
	}
	return out, nil
}

// TimingText is the text eSpeak's voice times a part's words by: each IPA marker
// written in eSpeak's phonemes ([[…]], lexicon.EspeakFromIPA) padded with spaces to
// the marker's length, so that eSpeak's word marks keep the text's offsets.
func TimingText(text, voice string) string {
	if !lexicon.HasIPA(text) {
		return text
	}
	var b strings.Builder
	for _, p := range lexicon.SplitIPA(text) {
		if p.IPA == "" {
			b.WriteString(text[p.Start:p.End])
			continue
		}
		m, _ := lexicon.EspeakFromIPA(p.IPA, voice)
		said := "[[" + m + "]]"
		if strings.TrimSpace(m) == "" || len(said) > p.End-p.Start {
			said = "" // nothing eSpeak can say in the marker's room: a pause of its length
		}
		b.WriteString(said + strings.Repeat(" ", p.End-p.Start-len(said)))
	}
	return b.String()
}

// LanguageFlags are eSpeak's marks of a word read by another language's rules,
// "(en)tˈiːm(de)": Piper and Kokoro drop them and keep the word's phonemes.
var LanguageFlags = regexp.MustCompile(`\([a-z]{2,3}(?:-[a-z0-9]+)*\)`)

// closers may stand after a clause's punctuation without hiding it.
const closers = "\"'”’»)]}›」』"

// LastMark is a clause's last character that is not space or a closing quote or
// bracket: the punctuation it ended at, if any.
func LastMark(text string) rune {
	text = strings.TrimRightFunc(text, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(closers, r) })
	if text == "" {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(text)
	return r
}

// HasPhoneme says whether symbols say anything: IPA symbols are letters or
// modifier letters (stress and length marks are modifiers too).
func HasPhoneme(s []rune) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.Is(unicode.Lm, r) {
			return true
		}
	}
	return false
}
