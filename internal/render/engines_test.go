package render_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"readback/internal/onnx/onnxtest"
	"readback/internal/render"
	"readback/internal/render/rendertest"
	"readback/internal/store"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"readback/internal/tts/kokoro"
	"readback/internal/tts/kokoro/kokorotest"
	"readback/internal/tts/piper"
	"readback/internal/tts/piper/pipertest"
	"readback/internal/tts/polly"
	"readback/internal/tts/polly/pollytest"
	"readback/internal/tts/ttstest"

	"github.com/aws/aws-sdk-go-v2/credentials"
)

// everyEngine is a library whose renderer has eSpeak, the generated Piper voice,
// the generated Kokoro model and Amazon Polly (the stand-in), each counted.
type everyEngine struct {
	*rendertest.Fixture
	r       *render.Renderer
	counted map[string]*ttstest.Counting // by engine
}

func newEveryEngine(t *testing.T, text string) *everyEngine {
	t.Helper()
	onnxtest.Start(t)
	f := rendertest.New(t, text)
	fe, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fe.Close() })
	src := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(src, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	piperDir, kokoroDir := t.TempDir(), t.TempDir()
	model, config := pipertest.Files(t, "en_US-test-x_low", pipertest.Model(1), 1)
	if _, err := piper.Install(piperDir, model, config); err != nil {
		t.Fatal(err)
	}
	if _, err := kokoro.Install(kokoroDir, write("kokoro-test.onnx", kokorotest.Model(true, "input_ids", "waveform")), write("config.json", kokorotest.Config())); err != nil {
		t.Fatal(err)
	}
	p, err := piper.New(piperDir, fe)
	if err != nil {
		t.Fatal(err)
	}
	k, err := kokoro.New(kokoroDir, onnxtest.KokoroStyles(t), fe)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Fatal("the Polly stand-in needs ffmpeg: run scripts/bootstrap")
	}
	srv := httptest.NewServer(&pollytest.Speech{})
	t.Cleanup(srv.Close)
	pl, err := polly.New(context.Background(), polly.Options{Endpoint: srv.URL, Timeout: 5 * time.Second, Phonemes: fe.PhonemesIPA,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""), RequestsPerSecond: 1000})
	if err != nil {
		t.Fatal(err)
	}
	reg := tts.NewRegistry()
	counted := map[string]*ttstest.Counting{}
	for _, e := range []tts.Engine{fe, p, k, pl} {
		c := ttstest.NewCounting(e)
		counted[e.Name()] = c
		reg.Register(c)
	}
	r := render.New(f.St, reg, filepath.Join(f.Dir, "every-engine"))
	t.Cleanup(func() { r.Close(); p.Close(); k.Close(); pl.Close() })
	return &everyEngine{Fixture: f, r: r, counted: counted}
}

const (
	piperVoice  = "piper:en_US-test-x_low"
	kokoroVoice = "kokoro:af_heart"
	pollyVoice  = "polly:Joanna-neural"
)

// A lexicon entry changes exactly the sentences that use its word in every
// engine's renditions: a chapter read by eSpeak, one by a Piper voice, one by a
// Kokoro voice, one by a Polly voice, and a speaker's lines in a Kokoro voice
// inside the Piper chapter.
// Rendering again asks each engine for its own sentences naming the word, and no
// other, each given the entry in the form it reads (eSpeak its phonemes from the
// IPA, the neural voices the IPA as written).
func TestLexiconEntryChangesItsSentencesInEveryEngine(t *testing.T) {
	ctx := context.Background()
	f := newEveryEngine(t, "# Shore\n\nSiobhan walked the shore. The tide was out.\n\n"+
		"# Lamp\n\nThe lamp was lit. Siobhan trimmed the wick.\n\nKEEPER: Siobhan, the oil is low. Fetch more.\n\n"+
		"# Storm\n\nRain fell all night. Siobhan slept at last.\n\n"+
		"# Dawn\n\nThe boats came home. Siobhan waved from the pier.\n")
	edits := []store.Edit{
		{Kind: "section", Ord: 1, State: store.SegmentState{Voice: piperVoice}},
		{Kind: "section", Ord: 2, State: store.SegmentState{Voice: kokoroVoice}},
		{Kind: "section", Ord: 3, State: store.SegmentState{Voice: pollyVoice}},
		{Kind: "speaker", Name: "KEEPER", State: store.SegmentState{Voice: kokoroVoice}},
	}
	if err := f.St.Apply(ctx, f.Doc, "voices", edits); err != nil {
		t.Fatal(err)
	}
	book := func() map[int]render.Item {
		b, err := f.r.Book(ctx, f.Doc, rendertest.Voice)
		if err != nil {
			t.Fatal(err)
		}
		out := map[int]render.Item{}
		for _, it := range b.Items {
			out[it.Ord] = it
		}
		return out
	}
	before := book()
	engineOf := map[string]string{}
	for _, it := range before {
		engineOf[it.Text] = it.Voice.Engine
	}
	// The chapters' and the speaker's voices are the ones given, from any engine.
	for text, want := range map[string]string{
		"Siobhan walked the shore.": "", "The lamp was lit.": "piper", "Siobhan, the oil is low.": "kokoro",
		"Fetch more.": "kokoro", "Siobhan slept at last.": "kokoro", "Siobhan waved from the pier.": "polly",
	} {
		if got, ok := engineOf[text]; !ok || got != want {
			t.Errorf("%q is read by engine %q (in the book: %v); want %q", text, got, ok, want)
		}
	}
	items := make([]render.Item, 0, len(before))
	for _, it := range before {
		items = append(items, it)
	}
	if sum, err := f.r.RenderAll(ctx, items, nil); err != nil || len(sum.Failed) > 0 {
		t.Fatalf("%+v %v", sum, err)
	}
	for _, c := range f.counted {
		c.Reset()
	}
	if err := f.St.PutLexiconEntries(ctx, []store.LexiconEntry{{DocumentID: f.Doc, Word: "Siobhan", WholeWord: true, IPA: "ʃɪˈvɔːn"}}); err != nil {
		t.Fatal(err)
	}
	after := book()
	changed := map[string][]string{} // engine → the writer's sentences changed
	for ord, it := range after {
		if it.Key != before[ord].Key {
			e := it.Voice.Engine
			if e == "" {
				e = espeak.Name
			}
			changed[e] = append(changed[e], before[ord].Text)
		}
	}
	for _, texts := range changed {
		slices.Sort(texts)
	}
	want := map[string][]string{
		espeak.Name: {"Siobhan walked the shore."},
		piper.Name:  {"Siobhan trimmed the wick."},
		kokoro.Name: {"Siobhan slept at last.", "Siobhan, the oil is low."},
		polly.Name:  {"Siobhan waved from the pier."},
	}
	for e, texts := range want {
		if !slices.Equal(changed[e], texts) {
			t.Errorf("%s: the entry changed %q; want %q", e, changed[e], texts)
		}
	}
	if len(changed) != len(want) {
		t.Errorf("the entry changed sentences of %d engines (%v); want %d", len(changed), changed, len(want))
	}
	items = items[:0]
	for _, it := range after {
		items = append(items, it)
	}
	if sum, err := f.r.RenderAll(ctx, items, nil); err != nil || sum.Synthesized != 5 || len(sum.Failed) > 0 {
		t.Fatalf("rendering again: %+v %v", sum, err)
	}
	for e, texts := range want {
		asked := f.counted[e].Texts()
		if len(asked) != len(texts) {
			t.Errorf("%s was asked for %q; want its %d sentences naming Siobhan", e, asked, len(texts))
		}
		for _, a := range asked {
			if e == espeak.Name && (!strings.Contains(a, "[[") || strings.Contains(a, "ʃɪˈvɔːn")) {
				t.Errorf("eSpeak was given %q: not the entry as its phonemes", a)
			}
			if e != espeak.Name && !strings.Contains(a, "ʃɪˈvɔːn") {
				t.Errorf("%s was given %q: not the entry's IPA", e, a)
			}
		}
	}
}

// An entry is auditioned in each engine's voice: the audio is that engine's, at its
// rate, and the engine was given the entry in its own form.
func TestAuditionInEveryEngine(t *testing.T) {
	ctx := context.Background()
	f := newEveryEngine(t, "# Shore\n\nSiobhan walked the shore.\n")
	entry := store.LexiconEntry{DocumentID: f.Doc, Word: "Siobhan", WholeWord: true, IPA: "ʃɪˈvɔːn"}
	for _, c := range []struct {
		voice  string
		engine string
		rate   int
	}{{"espeak:en-gb-x-rp", espeak.Name, 22050}, {piperVoice, piper.Name, 22050}, {kokoroVoice, kokoro.Name, kokoro.SampleRate}, {pollyVoice, polly.Name, 24000}} {
		f.counted[c.engine].Reset()
		engine, id, _ := strings.Cut(c.voice, ":")
		a, err := f.r.Audition(ctx, f.Doc, entry, &render.Voice{Engine: engine, Voice: id, Prosody: tts.Normal})
		if err != nil {
			t.Fatalf("%s: %v", c.voice, err)
		}
		if a.SampleRate != c.rate || len(a.Samples) == 0 {
			t.Errorf("%s: %d samples at %d Hz; want that engine's %d Hz", c.voice, len(a.Samples), a.SampleRate, c.rate)
		}
		asked := f.counted[c.engine].Texts()
		if len(asked) == 0 {
			t.Fatalf("%s: the audition did not reach %s", c.voice, c.engine)
		}
		if form := map[bool]string{true: "[[", false: "ʃɪˈvɔːn"}[c.engine == espeak.Name]; !strings.Contains(asked[0], form) {
			t.Errorf("%s was given %q for the audition; want the entry in its form (%q)", c.engine, asked[0], form)
		}
	}
}

// A document's own voice may be any engine's: its chapters without a voice of their
// own are read by it, the others keep theirs.
func TestDocumentVoiceFromAnyEngine(t *testing.T) {
	ctx := context.Background()
	f := newEveryEngine(t, "# Shore\n\nThe tide was out. Gulls cried.\n\n# Storm\n\nRain fell all night.\n")
	for _, voice := range []string{piperVoice, kokoroVoice, pollyVoice} {
		if err := f.St.Apply(ctx, f.Doc, "voices", []store.Edit{
			{Kind: "document", State: store.SegmentState{Voice: voice}},
			{Kind: "section", Ord: 1, State: store.SegmentState{Voice: "espeak:en-us"}},
		}); err != nil {
			t.Fatal(err)
		}
		b, err := f.r.Book(ctx, f.Doc, render.Voice{})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range b.Items {
			want := voice
			if it.Section == 1 {
				want = "espeak:en-us"
			}
			if got := it.Voice.Engine + ":" + it.Voice.Voice; got != want {
				t.Errorf("document voice %s: %q is read by %s; want %s", voice, it.Text, got, want)
			}
		}
		// The engine that reads most of it (three sentences to eSpeak's two) is the
		// one the dashboard counts the conversion under.
		if engine, _, _ := strings.Cut(voice, ":"); b.MainEngine() != engine {
			t.Errorf("document voice %s: the book's main engine is %q", voice, b.MainEngine())
		}
	}
}

// The engine a book is counted under is the one that reads most of its sentences,
// whatever the number of its voices: two Polly voices reading three sentences
// between them outweigh eSpeak's one voice reading two, though eSpeak's voice reads
// as many as either of them.
func TestMainEngineCountsEveryVoiceOfAnEngine(t *testing.T) {
	ctx := context.Background()
	f := newEveryEngine(t, "# Shore\n\nThe tide was out. Gulls cried.\n\n# Storm\n\nRain fell all night.\n")
	b, err := f.r.Book(ctx, f.Doc, render.Voice{})
	if err != nil {
		t.Fatal(err)
	}
	gulls := b.Items[2].Ord // Shore's heading, "The tide was out.", "Gulls cried."
	if err := f.St.Apply(ctx, f.Doc, "voices", []store.Edit{
		{Kind: "document", State: store.SegmentState{Voice: pollyVoice}},
		{Kind: "segment", Ord: gulls, State: store.SegmentState{Voice: "polly:Brian-standard"}},
		{Kind: "section", Ord: 1, State: store.SegmentState{Voice: "espeak:en-us"}},
	}); err != nil {
		t.Fatal(err)
	}
	if b, err = f.r.Book(ctx, f.Doc, render.Voice{}); err != nil {
		t.Fatal(err)
	}
	if got := b.MainEngine(); got != "polly" {
		t.Errorf("the book's main engine is %q; its voices: %+v", got, b.Voices())
	}
}
