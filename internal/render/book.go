package render

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"readback/internal/document"
	"readback/internal/narration"
	"readback/internal/store"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
)

// Pauses are the silences between segments, in milliseconds.
type Pauses struct {
	Sentence  int `json:"sentence"`
	Paragraph int `json:"paragraph"`
	Chapter   int `json:"chapter"`
}

// DefaultPauses sound natural with every engine.
var DefaultPauses = Pauses{Sentence: 250, Paragraph: 600, Chapter: 1500}

// Item is one segment of a book, with the key of its rendition.
type Item struct {
	Ord     int
	Section int // the chapter it is in: an index into Book.Chapters
	Block   int
	Text    string // what the engine is given: spoken text, normalised, lexicon applied
	Shown   string // the writer's text, as the window and the subtitles show it
	Key     string
	Voice   Voice
	PauseMs int // the writer's pause after it, or -1 for the one its place calls for
	// Marks are the writer's pauses after words and emphasised words, placed on Text.
	Marks []tts.TextMark

	rendered renderedAs // how it was last heard or exported
}

// renderedAs is how an item was last heard or exported, against its key now: a
// byte, not the key it was rendered with (a long book has many items).
type renderedAs uint8

const (
	neverRendered renderedAs = iota
	renderedAsIs             // with the key it has now
	renderedOther            // with another: it changed since
)

func renderedState(last, key string) renderedAs {
	switch last {
	case "":
		return neverRendered
	case key:
		return renderedAsIs
	}
	return renderedOther
}

// Book is a document as it is read: the segments not skipped, in order, and the
// chapters they fall in (the document's sections and the writer's chapter breaks).
type Book struct {
	Items    []Item
	Chapters []string
	// Script is every segment the book was made from, skipped ones too, in order:
	// what the editor lists and where the words spoken are shown.
	Script []store.ScriptSegment

	versions map[Voice]string // each voice's version its keys were made with
}

// Book lists a document's segments in reading order with their rendition keys. v is
// the voice to read with where neither the writer nor the document chose one; a
// zero rate means the document's.
// The book is shared with its other readers: it must not be changed.
func (r *Renderer) Book(ctx context.Context, docID int64, v Voice) (*Book, error) {
	return r.memoBook(ctx, docID, v)
}

// speakerRe finds the speaker of a paragraph written as a script: "NAME: words".
var speakerRe = regexp.MustCompile(`^\s*([\p{Lu}][\p{L}\p{M}'’. -]{0,58}?)\s*:\s`)

// Speaker returns the name a paragraph's first sentence gives as its speaker, or "".
func Speaker(text string) string {
	if m := speakerRe.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}

// BuildBook builds a document's book afresh (not the one kept for its readers).
func (r *Renderer) BuildBook(ctx context.Context, doc *store.Document, v Voice) (*Book, error) {
	return r.buildBook(ctx, doc, v, true, false)
}

// BuildItems is BuildBook without its Script: a conversion needs only the items, and a
// long book's segments are read in stretches and let go as they are placed (the 30x
// manual's script was half of a conversion's memory).
func (r *Renderer) BuildItems(ctx context.Context, doc *store.Document, v Voice) (*Book, error) {
	return r.buildBook(ctx, doc, v, false, false)
}

// scriptStretch is how many segments a conversion reads at a time.
const scriptStretch = 4096

// buildBook places every segment: its voice (the sentence's, its speaker's, its
// chapter's, its passage's language's, else v; with force, v for every sentence,
// its rate edits kept), its text as that voice is given it, its key.
func (r *Renderer) buildBook(ctx context.Context, doc *store.Document, v Voice, keepScript, force bool) (*Book, error) {
	var segs []store.ScriptSegment
	var err error
	if keepScript {
		if segs, err = r.st.Script(ctx, doc.ID); err != nil {
			return nil, err
		}
	}
	speakers, err := r.st.Speakers(ctx, doc.ID)
	if err != nil {
		return nil, err
	}
	entries, err := r.st.LexiconFor(ctx, doc.ID)
	if err != nil {
		return nil, err
	}
	secs, err := r.st.Sections(ctx, doc.ID)
	if err != nil {
		return nil, err
	}
	base := DocumentVoice(doc, v)
	speakerVoice := map[string]string{}
	for _, sp := range speakers {
		speakerVoice[sp.Name] = sp.Voice
	}
	lex := narration.NewLexicon(entries)
	b := &Book{Items: make([]Item, 0, len(segs)), Script: segs}
	keys := newKeyer(r)
	chapter, lastSection, block, blockVoice := -1, -1, -1, ""
	place := func(g store.ScriptSegment) error {
		if g.Section != lastSection {
			lastSection = g.Section
			title := ""
			if g.Section < len(secs) {
				title = secs[g.Section].Title
			}
			b.Chapters = append(b.Chapters, title)
			chapter = len(b.Chapters) - 1
		}
		spoken := g.SpokenText
		cut := 0 // bytes taken off the front of the spoken text (a voiced speaker's name)
		if g.Block != block {
			block, blockVoice = g.Block, speakerVoice[Speaker(g.SourceText)]
			// A speaker with a voice is heard, not announced: "ALICE:" is not read
			// (unless the writer wrote the spoken text themselves).
			if blockVoice != "" && g.Edit.SpokenText == nil {
				if m := speakerRe.FindStringIndex(spoken); m != nil && strings.TrimSpace(spoken[m[1]:]) != "" {
					spoken, cut = spoken[m[1]:], m[1]
				}
			}
		}
		if g.Edit.ChapterBreak != nil {
			b.Chapters = append(b.Chapters, *g.Edit.ChapterBreak)
			chapter = len(b.Chapters) - 1
		}
		if g.Edit.Skipped {
			return nil
		}
		// A passage in another language (a French quotation) is read by that
		// language's voice and rules, unless the writer gave the sentence, its
		// speaker or its chapter a voice.
		lang, passage := narration.PassageLanguage(doc.Language, g.Lang)
		iv := base
		for _, spec := range []string{g.Edit.Voice, blockVoice, g.SectionVoice, passageVoice(passage, base, g.Lang)} {
			if spec != "" && !force {
				iv.Engine, iv.Voice = tts.SplitVoice(spec)
				break
			}
		}
		if g.Edit.Rate != 0 {
			iv.Prosody.Rate = g.Edit.Rate
		}
		// What the engine gets is the spoken text normalised (numbers, dates,
		// abbreviations spelled out) and then the lexicon's pronunciations, so the key
		// follows the words actually spoken: a lexicon entry changes exactly the keys
		// of the sentences that use its word.
		text, err := keys.text(lex, lang, spoken, iv, g.Kind == "heading")
		if err != nil {
			return err
		}
		marks := placeMarks(g.Edit.Marks, spoken, cut, text)
		key, err := keys.key(iv, text+marksKey(marks))
		if err != nil {
			return err
		}
		pause := -1
		if g.Edit.PauseAfter != nil {
			pause = *g.Edit.PauseAfter
		}
		b.Items = append(b.Items, Item{Ord: g.Ord, Section: chapter, Block: g.Block, Text: text, Shown: g.SourceText, Key: key, Voice: iv, PauseMs: pause, Marks: marks, rendered: renderedState(g.RenderedKey, key)})
		return nil
	}
	b.versions = keys.versions
	if keepScript {
		for _, g := range segs {
			if err := place(g); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	err = r.st.EachScript(ctx, doc.ID, scriptStretch, func(stretch []store.ScriptSegment) error {
		for _, g := range stretch {
			if err := place(g); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// placeMarks moves the writer's marks from the spoken text (less the cut bytes at
// its front) onto the text the engine reads — normalised, lexicon applied — word to
// word; a mark whose word is gone is dropped.
func placeMarks(marks []store.Mark, spoken string, cut int, text string) []tts.TextMark {
	var out []tts.TextMark
	for _, m := range marks {
		s, e := m.Start-cut, m.End-cut
		if s < 0 || e > len(spoken) || e <= s {
			continue
		}
		ts, te := narration.MapSpan(text, spoken, s, e)
		if ts < 0 || te <= ts {
			continue
		}
		out = append(out, tts.TextMark{Start: ts, End: te, Kind: m.Kind, Ms: m.Ms})
	}
	return out
}

// marksKey is what the marks add to a rendition's key: the same words with a
// pause or an emphasis are other audio.
func marksKey(marks []tts.TextMark) string {
	if len(marks) == 0 {
		return ""
	}
	var b strings.Builder
	for _, m := range marks {
		fmt.Fprintf(&b, "\x00mark:%s:%d:%d:%d", m.Kind, m.Start, m.End, m.Ms)
	}
	return b.String()
}

// DocumentVoice is the voice a document is read with where the writer set nothing
// finer: v where it names a voice, else the document's; v's rate where it is not
// zero, else the document's, else the voice's own.
func DocumentVoice(doc *store.Document, v Voice) Voice {
	if v.Engine == "" && v.Voice == "" && doc.Voice != "" {
		v.Engine, v.Voice = tts.SplitVoice(doc.Voice)
	}
	if v.Engine == "" && v.Voice == "" {
		// Nothing chosen: a voice of the document's language, not English letter
		// names for Arabic or Japanese.
		if lv := LanguageVoice(doc.Language); lv != "" {
			v.Engine, v.Voice = "espeak", lv
		}
	}
	if v.Prosody.Rate == 0 {
		v.Prosody.Rate = doc.Rate
	}
	if v.Prosody.Rate == 0 {
		v.Prosody.Rate = 1
	}
	if v.Prosody.Pitch == 0 && v.Prosody.Volume == 0 { // unset: the voice's own
		v.Prosody.Pitch, v.Prosody.Volume = 1, 1
	}
	return v
}

// Name is the voice as ENGINE:VOICE with the defaults spelled out: eSpeak, and its
// default English voice, where nothing is named.
func (v Voice) Name() string {
	engine, voice := v.Engine, v.Voice
	if engine == "" {
		engine = "espeak"
	}
	if voice == "" && engine == "espeak" {
		voice = espeak.DefaultVoice
	}
	return engine + ":" + voice
}

// ChapterVoices names the voices a chapter is read with, the most used first
// (none for a chapter whose every sentence is skipped).
type ChapterVoices struct {
	Chapter int      `json:"chapter"` // its number in the book, from 1
	Title   string   `json:"title"`
	Voices  []string `json:"voices"`
}

// Voices lists each chapter's voices: the book's voice, and those of its passages in
// other languages, its speakers and the sentences the writer gave one.
func (b *Book) Voices() []ChapterVoices {
	out := make([]ChapterVoices, len(b.Chapters))
	items := make([][]Item, len(b.Chapters))
	for i, t := range b.Chapters {
		out[i] = ChapterVoices{Chapter: i + 1, Title: t, Voices: []string{}}
	}
	for _, it := range b.Items {
		if it.Section >= 0 && it.Section < len(out) {
			items[it.Section] = append(items[it.Section], it)
		}
	}
	for i := range out {
		for _, v := range byUse(items[i]) {
			out[i].Voices = append(out[i].Voices, v.Voice)
		}
	}
	return out
}

// MainEngine is the engine that reads most of the book's sentences (the
// dashboard files a conversion under it), or "" for an empty book.
func (b *Book) MainEngine() string {
	counts := map[string]int{}
	for _, it := range b.Items {
		engine, _, _ := strings.Cut(it.Voice.Name(), ":")
		counts[engine]++
	}
	main := ""
	for engine, n := range counts {
		if n > counts[main] || n == counts[main] && engine < main {
			main = engine
		}
	}
	return main
}

// VoiceShare is a voice and how many of the book's sentences it reads.
type VoiceShare struct {
	Voice     string `json:"voice"` // "ENGINE:ID"
	Sentences int    `json:"sentences"`
}

// byUse is the voices reading items, the most used first (then by name).
func byUse(items []Item) []VoiceShare {
	counts := map[string]int{}
	for _, it := range items {
		counts[it.Voice.Name()]++
	}
	out := make([]VoiceShare, 0, len(counts))
	for name, n := range counts {
		out = append(out, VoiceShare{Voice: name, Sentences: n})
	}
	slices.SortFunc(out, func(a, b VoiceShare) int {
		if a.Sentences != b.Sentences {
			return b.Sentences - a.Sentences
		}
		return strings.Compare(a.Voice, b.Voice)
	})
	return out
}

// passageVoice is the voice (ENGINE:VOICE) of a passage in the language lang inside a
// book read by base, or "" to keep base: eSpeak has a voice for about a hundred
// languages; another engine's voice is kept, its languages not being known here.
func passageVoice(passage bool, base Voice, lang string) string {
	if !passage || (base.Engine != "" && base.Engine != "espeak") {
		return ""
	}
	if lv := LanguageVoice(lang); lv != "" {
		return "espeak:" + lv
	}
	if document.SameLanguage(lang, "en") {
		return "espeak:" + espeak.DefaultVoice // English in a book in another language
	}
	return "" // no voice for it: the book's voice reads it
}

// LanguageVoice is the installed eSpeak voice for a BCP 47 language tag, or "" for
// English, for no language (und, mul, zxx) and for a language eSpeak has no voice
// for: those are read by the engine's default voice rather than not at all.
func LanguageVoice(tag string) string {
	voice, _ := espeak.ReadsLanguage(tag)
	return voice
}

// keyer caches per-engine facts while a book's keys are computed: what each
// engine can read, and each voice's version (asked once a book, not a sentence).
type keyer struct {
	r        *Renderer
	readers  map[string]narration.Reader
	versions map[Voice]string
}

func newKeyer(r *Renderer) *keyer {
	return &keyer{r: r, readers: map[string]narration.Reader{}, versions: map[Voice]string{}}
}

func (k *keyer) text(lex *narration.Lexicon, lang, spoken string, v Voice, heading bool) (string, error) {
	rd, ok := k.readers[v.Engine]
	if !ok {
		e, err := k.r.engines.Engine(v.Engine)
		if err != nil {
			return "", err
		}
		pr, isPR := e.(tts.PhonemeReader)
		kr, isKR := e.(tts.KanaReader)
		ir, isIR := e.(tts.IPAReader)
		rd = narration.Reader{Phonemes: isPR && pr.ReadsPhonemes(), IPA: isIR && ir.ReadsIPA(), KanaOnly: isKR && kr.ReadsKanaOnly()}
		k.readers[v.Engine] = rd
	}
	return narration.SpokenText(lex, lang, spoken, heading, rd), nil
}

func (k *keyer) key(v Voice, text string) (string, error) {
	e, err := k.r.engines.Engine(v.Engine)
	if err != nil {
		return "", err
	}
	version, ok := k.versions[v]
	if !ok {
		version = k.r.voiceVersion(v)
		k.versions[v] = version
	}
	return keyOf(e.Name(), version, v, text), nil
}

// Failure is a segment that could not be rendered.
type Failure struct {
	Ord    int    `json:"ord"`
	Text   string `json:"text"`
	Reason string `json:"reason"`
}

// Summary reports a rendering pass.
type Summary struct {
	Segments    int       `json:"segments"`
	Synthesized int       `json:"synthesized"`
	Reused      int       `json:"reused"`
	Fetched     int       `json:"fetched"` // from the team's shared library
	Failed      []Failure `json:"failed"`
	// SharedErr is why the shared library could not help (offline, refused);
	// the sentences were synthesised here instead.
	SharedErr error `json:"-"`

	// The renditions of the items as they stand after the pass, so that an export
	// right after need not ask the store again.
	Have map[string]*store.Rendition `json:"-"`
}

// accounted is how many segments a pass has dealt with so far: reused, fetched,
// synthesised or failed (a later pass of the same conversion counts on from there).
func (s *Summary) accounted() int { return s.Reused + s.Fetched + s.Synthesized + len(s.Failed) }

// Progress is told how many of the segments are rendered so far.
type Progress func(done, total int)

// RenderAll makes every missing rendition of items in this process. Synthesis (on
// the engine's own thread) and writing files run side by side. A segment that fails
// is reported and the rest go on.
func (r *Renderer) RenderAll(ctx context.Context, items []Item, progress Progress) (*Summary, error) {
	return r.renderClaimed(ctx, items, progress, func(todo []Item, sum *Summary) (*Summary, error) {
		return r.renderHere(ctx, items, todo, sum, progress)
	})
}

// renderHere synthesises todo in this process.
func (r *Renderer) renderHere(ctx context.Context, items, todo []Item, sum *Summary, progress Progress) (*Summary, error) {
	done := sum.accounted()
	report := func() {
		done++
		if progress != nil {
			progress(done, len(items))
		}
	}
	if progress != nil {
		progress(done, len(items))
	}
	type made struct {
		it    Item
		audio *tts.Audio
		err   error
	}
	// Over the writer's budget the conversion stops: no sentence is sent after the
	// refusal (each would be refused too); those under way finish and are kept.
	halt := make(chan struct{})
	var halted error
	ch := make(chan made, 4)
	next := make(chan Item)
	go func() {
		defer close(next)
		for _, it := range todo {
			select {
			case next <- it:
			case <-ctx.Done():
				return
			case <-halt:
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range r.hereAtOnce(todo) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range next {
				select {
				case <-halt:
					return
				default:
				}
				if ctx.Err() != nil {
					return
				}
				a, err := r.Speak(ctx, PriorityBulk, it)
				ch <- made{it, a, err}
			}
		}()
	}
	go func() { wg.Wait(); close(ch) }()
	for m := range ch {
		err := m.err
		if err == nil {
			var rec *store.Rendition
			if rec, err = r.Save(ctx, m.it.Key, m.it.Voice, m.audio); err == nil {
				sum.Have[rec.Key] = rec
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			if errors.Is(err, ErrOverBudget) {
				if halted == nil {
					halted = err
					close(halt)
				}
				continue
			}
			sum.Failed = append(sum.Failed, Failure{Ord: m.it.Ord, Text: m.it.Text, Reason: err.Error()})
		} else {
			sum.Synthesized++
		}
		report()
	}
	for range ch { // let the producers finish after a cancel
	}
	if halted != nil && ctx.Err() == nil {
		return sum, halted
	}
	return sum, ctx.Err()
}

// hereAtOnce is how many of items this process asks for at once: a remote
// engine's concurrency (its requests wait on the network), else one — a local
// engine's parallelism is its worker processes.
func (r *Renderer) hereAtOnce(items []Item) int {
	n := 1
	for _, e := range r.enginesOf(items) {
		if tts.IsRemote(e) {
			n = max(n, limit(e))
		}
	}
	return n
}

// enginesOf is the engines that read items, each once (an engine not here is left
// out: its sentences fail on their own).
func (r *Renderer) enginesOf(items []Item) []tts.Engine {
	var out []tts.Engine
	seen := map[string]bool{}
	for _, it := range items {
		if seen[it.Voice.Engine] {
			continue
		}
		seen[it.Voice.Engine] = true
		if e, err := r.engines.Engine(it.Voice.Engine); err == nil {
			out = append(out, e)
		}
	}
	return out
}

// missing returns the items (one per distinct key) that have no rendition yet, and a
// summary that counts the others as reused.
func (r *Renderer) missing(ctx context.Context, items []Item) ([]Item, *Summary, error) {
	have, err := r.Existing(ctx, Keys(items))
	if err != nil {
		return nil, nil, err
	}
	sum := &Summary{Segments: len(items), Failed: []Failure{}, Have: have}
	seen := map[string]bool{}
	var todo []Item
	for _, it := range items {
		if have[it.Key] != nil || seen[it.Key] {
			sum.Reused++
			continue
		}
		seen[it.Key] = true
		todo = append(todo, it)
	}
	if r.Shared != nil && len(todo) > 0 {
		todo, err = r.fetchShared(ctx, items, todo, sum)
	}
	return todo, sum, err
}

// fetchShared asks the shared library for what is missing; what it brings is not
// synthesised. A library that cannot help leaves the work to synthesis.
func (r *Renderer) fetchShared(ctx context.Context, items, todo []Item, sum *Summary) ([]Item, error) {
	keys := Keys(todo)
	n, err := r.Shared.Fetch(ctx, keys)
	if err != nil {
		sum.SharedErr = err
	}
	if n == 0 {
		return todo, ctx.Err()
	}
	got, err := r.Existing(ctx, keys)
	if err != nil {
		return nil, err
	}
	var rest []Item
	distinct := 0
	for _, it := range todo {
		if got[it.Key] == nil {
			rest = append(rest, it)
			continue
		}
		sum.Have[it.Key] = got[it.Key]
		distinct++
	}
	// Every segment whose key arrived counts as fetched; its repeats had been
	// counted as reused.
	for _, it := range items {
		if got[it.Key] != nil {
			sum.Fetched++
		}
	}
	sum.Reused -= sum.Fetched - distinct
	return rest, nil
}

// PauseBetween is the silence after a and before b.
func PauseBetween(a, b Item, p Pauses) int { return pauseBetween(a, b, p) }

func pauseBetween(a, b Item, p Pauses) int {
	switch {
	case a.PauseMs >= 0:
		return a.PauseMs
	case a.Section != b.Section:
		return p.Chapter
	case a.Block != b.Block:
		return p.Paragraph
	}
	return p.Sentence
}

// Plan is the content address of an export: the format, the pauses and the
// renditions in order. The same plan gives the same file.
func Plan(format string, p Pauses, items []Item) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d/%d/%d\x00", format, p.Sentence, p.Paragraph, p.Chapter)
	for _, it := range items {
		fmt.Fprintf(h, "%s:%d:%d:%d\x00", it.Key, it.Section, it.Block, it.PauseMs)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Segment states, as the editor shows them.
const (
	Ready   = "ready"   // its audio exists for what it now says
	Stale   = "stale"   // it was heard or exported, and has changed since
	Missing = "missing" // never rendered as it now is
)

// States tells each item's state by ord.
func (r *Renderer) States(ctx context.Context, b *Book) (map[int]string, error) {
	keys := Keys(b.Items)
	have, err := r.st.Renditions(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make(map[int]string, len(b.Items))
	for _, it := range b.Items {
		switch {
		case have[it.Key] != nil:
			out[it.Ord] = Ready
		case it.rendered == renderedOther:
			out[it.Ord] = Stale
		default:
			out[it.Ord] = Missing
		}
	}
	return out, nil
}
