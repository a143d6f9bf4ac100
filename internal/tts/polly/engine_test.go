package polly_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"readback/internal/fault"
	"readback/internal/retry"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"readback/internal/tts/polly"
	"readback/internal/tts/polly/pollytest"
	"readback/internal/tts/ttstest"
)

const (
	accessKey = "AKIDREADBACKTEST"
	secret    = "s3cr3t-never-to-be-shown"
)

// stand starts the stand-in and an engine pointed at it.
func stand(t *testing.T, s *pollytest.Speech, opts polly.Options) *polly.Engine {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("the stand-in encodes Polly's Ogg Vorbis with ffmpeg, which is not installed")
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	opts.Endpoint = srv.URL
	if _, ok := opts.Credentials.(profileOnly); ok {
		opts.Credentials = nil
	} else if opts.Credentials == nil {
		opts.Credentials = credentials.NewStaticCredentialsProvider(accessKey, secret, "")
	}
	e, err := polly.New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestEngineSuite(t *testing.T) {
	s := &pollytest.Speech{AccessKey: accessKey}
	e := stand(t, s, polly.Options{})
	ttstest.Run(t, e, "Joanna-neural")
	if f := s.Formats(); f["ogg_vorbis/24000"] == 0 || f["json/24000"] == 0 || len(f) != 2 {
		t.Errorf("a neural voice was asked for %v; want Ogg Vorbis at 24 kHz and its marks", f)
	}
}

func TestStandardVoiceAt22kHz(t *testing.T) {
	s := &pollytest.Speech{}
	e := stand(t, s, polly.Options{})
	a, err := e.Synthesize(context.Background(), tts.Request{Text: "Four words said plainly.", Voice: "Brian-standard", Prosody: tts.Normal})
	if err != nil {
		t.Fatal(err)
	}
	if a.SampleRate != 22050 || s.Formats()["ogg_vorbis/22050"] != 1 {
		t.Errorf("a standard voice gave %d Hz (%v); its best is 22,050", a.SampleRate, s.Formats())
	}
	if d := a.DurationMs(); d < 4*pollytest.SpeechWordMs-20 || d > 4*pollytest.SpeechWordMs+40 {
		t.Errorf("%d ms for four words", d)
	}
}

func TestMarksAreOnTheWritersText(t *testing.T) {
	e := stand(t, &pollytest.Speech{}, polly.Options{})
	text := `Tom & "Siobhan" <left> at dawn.`
	// A pause of 500 ms after "Siobhan" (its closing quote is punctuation).
	at := strings.Index(text, "Siobhan") + len("Siobhan")
	a, err := e.Synthesize(context.Background(), tts.Request{Text: text, Voice: "Amy-neural", Prosody: tts.Normal,
		Marks: []tts.TextMark{{Start: at - len("Siobhan"), End: at, Kind: "pause", Ms: 500}}})
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	var siobhan, left tts.Mark
	for _, m := range a.Marks {
		if m.Kind == tts.WordMark {
			w := text[m.Start:m.End]
			words = append(words, w)
			switch w {
			case "Siobhan":
				siobhan = m
			case "left":
				left = m
			}
		}
	}
	if strings.Join(words, " ") != "Tom Siobhan left at dawn" {
		t.Fatalf("word marks %q", words)
	}
	// Siobhan is the second word; "left" follows the pause.
	w := pollytest.SpeechWordMs
	if siobhan.StartMs != w || siobhan.EndMs != 2*w || left.StartMs != 2*w+500 {
		t.Errorf("Siobhan %d–%d ms, left from %d ms; want %d–%d and %d", siobhan.StartMs, siobhan.EndMs, left.StartMs, w, 2*w, 2*w+500)
	}
}

func TestLongSentenceIsSplitAtClauses(t *testing.T) {
	s := &pollytest.Speech{}
	e := stand(t, s, polly.Options{})
	clause := "the keeper climbed the stairs again, "
	text := strings.Repeat(clause, 100) + "and slept."
	if len(text) <= pollytest.MaxBilled {
		t.Fatal("the text must be over Polly's limit")
	}
	a, err := e.Synthesize(context.Background(), tts.Request{Text: text, Voice: "Joanna-neural", Prosody: tts.Normal})
	if err != nil {
		t.Fatal(err)
	}
	requests, billed := s.Requests()
	if requests != 4 || billed != 2*len(text) {
		t.Errorf("%d requests billing %d characters; want two spans, each twice, %d characters", requests, billed, 2*len(text))
	}
	words := 6*100 + 2
	var got []tts.Mark
	for _, m := range a.Marks {
		if m.Kind == tts.WordMark {
			got = append(got, m)
		}
	}
	if len(got) != words {
		t.Fatalf("%d word marks for %d words", len(got), words)
	}
	// The second span's words carry on from the first's time and place.
	for i := 1; i < len(got); i++ {
		if got[i].Start <= got[i-1].Start || got[i].StartMs != got[i-1].StartMs+pollytest.SpeechWordMs {
			t.Fatalf("word %d (%q at %d ms) does not follow %q at %d ms", i, text[got[i].Start:got[i].End], got[i].StartMs,
				text[got[i-1].Start:got[i-1].End], got[i-1].StartMs)
		}
	}
}

func TestRefusalsSayWhyWithoutSecrets(t *testing.T) {
	ctx := context.Background()
	t.Run("credentials", func(t *testing.T) {
		// The writer's profile holds a key Polly does not know.
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "credentials"), []byte("[writer]\naws_access_key_id = "+accessKey+"\naws_secret_access_key = "+secret+"\n"), 0o600)
		os.WriteFile(filepath.Join(dir, "config"), []byte("[profile writer]\nregion = eu-west-1\n"), 0o600)
		t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
		t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
		e := stand(t, &pollytest.Speech{AccessKey: "AKIDSOMEONEELSE"}, polly.Options{Profile: "writer", Credentials: profileOnly{}})
		_, err := e.Voices(ctx)
		if err == nil || !strings.Contains(err.Error(), `did not accept the AWS profile "writer"`) {
			t.Fatalf("err = %v", err)
		}
		if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), accessKey) {
			t.Errorf("the error shows the credentials: %v", err)
		}
		if retry.Retryable(err) {
			t.Error("bad credentials would be tried again")
		}
	})
	t.Run("throttled", func(t *testing.T) {
		s := &pollytest.Speech{}
		e := stand(t, s, polly.Options{})
		if _, err := e.Voices(ctx); err != nil {
			t.Fatal(err)
		}
		s.Throttle(1)
		_, err := e.Synthesize(ctx, tts.Request{Text: "Busy now.", Voice: "Joanna-neural", Prosody: tts.Normal})
		if !retry.Retryable(err) || !strings.Contains(err.Error(), "ThrottlingException") {
			t.Errorf("throttling: %v (retryable %v)", err, retry.Retryable(err))
		}
		s.Fail(503, "ServiceUnavailableException")
		if _, err := e.Synthesize(ctx, tts.Request{Text: "Busy now.", Voice: "Joanna-neural", Prosody: tts.Normal}); !retry.Retryable(err) {
			t.Errorf("503: %v", err)
		}
	})
	t.Run("what Readback sent refused", func(t *testing.T) {
		// Readback's SSML and its cuts at Polly's limits should never be refused; if
		// Polly does, it is Readback's bug: said so, and not tried again.
		s := &pollytest.Speech{}
		e := stand(t, s, polly.Options{})
		if _, err := e.Voices(ctx); err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{"InvalidSsmlException", "TextLengthExceededException"} {
			s.Fail(400, code)
			_, err := e.Synthesize(ctx, tts.Request{Text: "Refused.", Voice: "Joanna-neural", Prosody: tts.Normal})
			if err == nil || retry.Retryable(err) || fault.CodeOf(err) != fault.Internal ||
				fault.MessageOf(err) != "Amazon Polly refused what Readback sent ("+code+"): please report this" {
				t.Errorf("%s: %v (retryable %v)", code, err, retry.Retryable(err))
			}
		}
		if _, err := e.Synthesize(ctx, tts.Request{Text: "Accepted again.", Voice: "Joanna-neural", Prosody: tts.Normal}); err != nil {
			t.Errorf("after the refusals: %v", err)
		}
	})
	t.Run("slow", func(t *testing.T) {
		s := &pollytest.Speech{}
		e := stand(t, s, polly.Options{Timeout: 200 * time.Millisecond})
		if _, err := e.Voices(ctx); err != nil {
			t.Fatal(err)
		}
		s.Latency = time.Second
		_, err := e.Synthesize(ctx, tts.Request{Text: "Too slow.", Voice: "Joanna-neural", Prosody: tts.Normal})
		if !retry.Retryable(err) || !strings.Contains(err.Error(), "did not answer within 200ms") {
			t.Errorf("slow answer: %v", err)
		}
	})
	t.Run("engine not in the region", func(t *testing.T) {
		cache := filepath.Join(t.TempDir(), "voices.json")
		s := &pollytest.Speech{}
		e := stand(t, s, polly.Options{Cache: cache})
		if _, err := e.Voices(ctx); err != nil {
			t.Fatal(err)
		}
		// The list says Joanna reads generative; the region has stopped offering it.
		s.Engines = []string{"standard", "neural"}
		_, err := e.Synthesize(ctx, tts.Request{Text: "Generative.", Voice: "Joanna-generative", Prosody: tts.Normal})
		if err == nil || !strings.Contains(err.Error(), "in us-east-1 does not offer the voice Joanna-generative") || retry.Retryable(err) {
			t.Errorf("err = %v", err)
		}
		if _, err := e.Synthesize(ctx, tts.Request{Text: "Unknown.", Voice: "Nobody-neural", Prosody: tts.Normal}); err == nil ||
			!strings.Contains(err.Error(), `has no voice "Nobody-neural"`) {
			t.Errorf("unknown voice: %v", err)
		}
	})
}

func TestVoicesCached(t *testing.T) {
	ctx := context.Background()
	cache := filepath.Join(t.TempDir(), "polly", "voices.json")
	s := &pollytest.Speech{}
	srv := httptest.NewServer(s)
	defer srv.Close()
	open := func() *polly.Engine {
		e, err := polly.New(ctx, polly.Options{Endpoint: srv.URL, Cache: cache, Credentials: credentials.NewStaticCredentialsProvider(accessKey, secret, "")})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	vs, err := open().Voices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, v := range pollytest.DefaultVoices {
		n += len(v.SupportedEngines)
	}
	if len(vs) != n || s.Described() != 3 {
		t.Fatalf("%d voices in %d pages; want %d in 3 (two a page)", len(vs), s.Described(), n)
	}
	// A million characters of the manuscript are two million billed: the audio and
	// the word timings.
	for _, v := range vs {
		if want := map[string]float64{"Joanna-neural": 32, "Brian-standard": 8, "Joanna-long-form": 200}[v.ID]; want != 0 && v.PricePerMillion != want {
			t.Errorf("%s costs $%g a million characters; want $%g", v.ID, v.PricePerMillion, want)
		}
		if want := map[string]int{"Joanna-neural": 24000, "Brian-standard": 22050}[v.ID]; want != 0 && (v.SampleRate != want || !strings.HasSuffix(v.ID, "-"+v.Quality)) {
			t.Errorf("%s: %q at %d Hz; want its engine at %d Hz", v.ID, v.Quality, v.SampleRate, want)
		}
	}
	// The next run reads the list from the cache.
	if vs, err := open().Voices(ctx); err != nil || len(vs) != n || s.Described() != 3 {
		t.Errorf("the next run: %d voices, %d pages asked, %v", len(vs), s.Described(), err)
	}
	// A week later Polly is asked again; unreachable, the old list serves.
	b, _ := os.ReadFile(cache)
	old := strings.Replace(string(b), `"fetched":"`+time.Now().Format("2006"), `"fetched":"2000`, 1)
	if old == string(b) {
		t.Fatalf("no fetch time in %s", b)
	}
	os.WriteFile(cache, []byte(old), 0o644)
	srv.Close()
	if vs, err := open().Voices(ctx); err != nil || len(vs) != n {
		t.Errorf("stale, Polly unreachable: %d voices, %v", len(vs), err)
	}
	os.Remove(cache)
	if _, err := open().Voices(ctx); err == nil || !strings.Contains(err.Error(), "did not answer at http://127.0.0.1") {
		t.Errorf("no list and no Polly: %v", err)
	}
}

// profileOnly asks stand for the profile's credentials rather than the test's.
type profileOnly struct {
	credentials.StaticCredentialsProvider
}

// A lexicon entry given in IPA reaches Polly as <phoneme alphabet="ipa">, its word
// marked where the entry stands.
func TestLexiconIPAReachesPolly(t *testing.T) {
	speech := &pollytest.Speech{}
	e := stand(t, speech, polly.Options{})
	if !e.ReadsIPA() || !(polly.Off{}).ReadsIPA() {
		t.Fatal("Polly (on or off) is not given a lexicon entry's IPA")
	}
	text := "I said [[ipa:ʃɪˈvɔːn]] today."
	a, err := e.Synthesize(context.Background(), tts.Request{Text: text, Voice: "Amy-neural", Prosody: tts.Normal})
	if err != nil {
		t.Fatal(err)
	}
	if got := speech.Phonemes(); len(got) != 1 || got[0] != "ipa:ʃɪˈvɔːn" {
		t.Errorf("Polly was sent the phonemes %q", got)
	}
	var words []tts.Mark
	for _, m := range a.Marks {
		if m.Kind == tts.WordMark {
			words = append(words, m)
		}
	}
	from, to := strings.Index(text, "[["), strings.Index(text, "]]")+2
	if len(words) != 4 || text[words[0].Start:words[0].End] != "I" || text[words[3].Start:words[3].End] != "today" ||
		words[2].Start < from || words[2].End > to || words[2].End-words[2].Start < len("ʃɪˈvɔːn") {
		t.Errorf("word marks %+v: the entry's must lie on its marker (%d–%d)", words, from, to)
	}
}

// A lexicon entry given as eSpeak's phonemes reaches Polly as the IPA eSpeak says
// them with, in the voice's language; with no eSpeak to ask, it is left out rather
// than read as letters.
func TestLexiconPhonemesReachPollyAsIPA(t *testing.T) {
	es, err := espeak.New()
	if err != nil {
		t.Fatal(err)
	}
	defer es.Close()
	speech := &pollytest.Speech{}
	e := stand(t, speech, polly.Options{Phonemes: es.PhonemesIPA})
	if !e.ReadsPhonemes() || !(polly.Off{}).ReadsPhonemes() {
		t.Fatal("Polly (on or off) is not given a lexicon entry's phonemes")
	}
	text := "I said [[S@v'O:n]] today."
	if _, err := e.Synthesize(context.Background(), tts.Request{Text: text, Voice: "Amy-neural", Prosody: tts.Normal}); err != nil {
		t.Fatal(err)
	}
	if got := speech.Phonemes(); len(got) != 1 || got[0] != "ipa:ʃəvˈɔːn" {
		t.Errorf("Polly was sent the phonemes %q, want eSpeak's British IPA of S@v'O:n", got)
	}
	bare := stand(t, &pollytest.Speech{}, polly.Options{})
	a, err := bare.Synthesize(context.Background(), tts.Request{Text: text, Voice: "Amy-neural", Prosody: tts.Normal})
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, m := range a.Marks {
		if m.Kind == tts.WordMark {
			words = append(words, text[m.Start:m.End])
		}
	}
	if strings.Join(words, " ") != "I said today" {
		t.Errorf("without eSpeak: words %q", words)
	}
}
