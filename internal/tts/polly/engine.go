package polly

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/polly"
	"github.com/aws/aws-sdk-go-v2/service/polly/types"
	"github.com/jfreymuth/oggvorbis"

	"readback/internal/audio"
	"readback/internal/cloud"
	"readback/internal/fault"
	"readback/internal/lexicon"
	"readback/internal/retry"
	"readback/internal/tts"
)

// Name is the engine's registry name.
const Name = "polly"

// Options set up the engine. Credentials come from the AWS chain or Profile and are
// never kept by Readback.
type Options struct {
	Endpoint string // "" for AWS itself
	Region   string // "" is us-east-1
	Profile  string
	// RequestsPerSecond is the account's SynthesizeSpeech quota (default 8, the
	// neural voices' quota); each sentence takes two requests, its audio and its
	// word timings.
	RequestsPerSecond float64
	// Timeout bounds each request (default 30 s): a slower answer is tried again.
	Timeout time.Duration
	// Cache is the file the voice list is kept in between runs ("": none).
	Cache string
	// Credentials replace the chain's (tests).
	Credentials aws.CredentialsProvider
	// HTTPClient replaces the SDK's (tests).
	HTTPClient *http.Client
	// Phonemes is the IPA eSpeak says its phoneme mnemonics with in a language (a
	// lexicon entry given as eSpeak's phonemes, sent as <phoneme alphabet="ipa">);
	// nil: such an entry is left out.
	Phonemes func(ctx context.Context, language, mnemonics string) (string, error)
}

// Engine speaks with Amazon Polly's voices: each sentence is two SynthesizeSpeech
// requests, its audio (Ogg Vorbis at the voice's best rate, decoded here) and its
// speech marks (the words' times).
type Engine struct {
	client *polly.Client
	opts   Options

	mu       sync.Mutex
	voices   *voiceList
	stale    bool  // asked to list again (the settings were saved)
	failed   error // the last listing's failure, and when
	failedAt time.Time

	// kept holds the answer of a request whose twin failed (the audio without its
	// marks, or the marks without the audio), so that the sentence's next try does
	// not pay for it twice.
	keptMu sync.Mutex
	kept   map[string][]byte
}

// maxKept bounds the answers kept for a retry.
const maxKept = 64

// DefaultRequestsPerSecond is Polly's SynthesizeSpeech quota for neural voices.
const DefaultRequestsPerSecond = 8

// VoicesFresh is how long a fetched voice list is used before it is asked again.
const VoicesFresh = 7 * 24 * time.Hour

// New sets up the engine; nothing is sent until a voice list or speech is asked for.
func New(ctx context.Context, opts Options) (*Engine, error) {
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	if opts.RequestsPerSecond <= 0 {
		opts.RequestsPerSecond = DefaultRequestsPerSecond
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.Endpoint != "" {
		if err := cloud.CheckEndpoint(opts.Endpoint); err != nil {
			return nil, err
		}
	}
	awsCfg, err := cloud.Config(ctx, opts.Region, opts.Profile)
	if err != nil {
		return nil, fault.Wrap(err, fault.Unavailable, "Amazon Polly: %v", err)
	}
	client := polly.NewFromConfig(awsCfg, func(o *polly.Options) {
		if opts.Endpoint != "" {
			o.BaseEndpoint = aws.String(opts.Endpoint)
		}
		if opts.Credentials != nil {
			o.Credentials = opts.Credentials
		}
		if opts.HTTPClient != nil {
			o.HTTPClient = opts.HTTPClient
		}
	})
	return &Engine{client: client, opts: opts}, nil
}

func (e *Engine) Name() string { return Name }

// ReadsIPA: a lexicon entry given in IPA reaches Polly as <phoneme alphabet="ipa">.
func (e *Engine) ReadsIPA() bool { return true }

// ReadsPhonemes: a lexicon entry given as eSpeak's phonemes reaches Polly as their
// IPA, as eSpeak says them (Options.Phonemes).
func (e *Engine) ReadsPhonemes() bool { return true }

func (e *Engine) Version() string { return version }

func (e *Engine) Close() error { return nil }

// Concurrency: requests wait on the network, not on this machine.
func (e *Engine) Concurrency() int { return 8 }

// RateLimit is sentences a second: two requests each.
func (e *Engine) RateLimit() (perSecond float64, burst int) {
	return e.opts.RequestsPerSecond / 2, max(int(e.opts.RequestsPerSecond/2), 1)
}

// Retries: throttling passes in seconds, not in the tenths a lost helper takes.
func (e *Engine) Retries() retry.Backoff {
	return retry.Backoff{Attempts: 6, Base: 250 * time.Millisecond, Max: 8 * time.Second}
}

// Billed is what a sentence costs in characters: its text, once for the audio and
// once for the speech marks (Polly bills both).
func (e *Engine) Billed(req tts.Request) (int, string) {
	_, engine, ok := splitID(req.Voice)
	if !ok {
		engine = "neural"
	}
	return 2 * utf8.RuneCountInString(req.Text), engine
}

// PricePerMillion is Polly's list price for the tier (its engine).
func (e *Engine) PricePerMillion(tier string) float64 { return Cost(tier, 1_000_000) }

// Remote says the engine's work is done elsewhere: worker processes would add
// nothing but their start.
func (e *Engine) Remote() bool { return true }

// voiceList is the voices as last fetched.
type voiceList struct {
	Region   string      `json:"region"`
	Endpoint string      `json:"endpoint"`
	Fetched  time.Time   `json:"fetched"`
	Voices   []tts.Voice `json:"voices"`
}

// VoiceID is how Readback names a Polly voice on one of its engines: "Joanna-neural".
func VoiceID(id, engine string) string { return id + "-" + engine }

// splitID is the Polly voice and engine of a VoiceID.
func splitID(id string) (voice, engine string, ok bool) {
	voice, engine, ok = strings.Cut(id, "-")
	return voice, engine, ok && voice != "" && engine != ""
}

// Voices lists each voice on each engine this region offers, from the cache while
// it is fresh; when Polly cannot be asked, a stale list is better than none.
func (e *Engine) Voices(ctx context.Context) ([]tts.Voice, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.voices == nil && e.opts.Cache != "" {
		var l voiceList
		if b, err := os.ReadFile(e.opts.Cache); err == nil && json.Unmarshal(b, &l) == nil &&
			l.Region == e.opts.Region && l.Endpoint == e.opts.Endpoint {
			e.voices = &l
		}
	}
	if e.voices != nil && !e.stale && time.Since(e.voices.Fetched) < VoicesFresh {
		return e.voices.Voices, nil
	}
	// A list that could not be fetched is not asked for again at every sentence.
	if e.failed != nil && time.Since(e.failedAt) < askAgain {
		if e.voices != nil {
			return e.voices.Voices, nil
		}
		return nil, e.failed
	}
	vs, err := e.describe(ctx)
	if err != nil {
		if ctx.Err() == nil {
			e.failed, e.failedAt = err, time.Now()
		}
		if e.voices != nil {
			return e.voices.Voices, nil
		}
		return nil, err
	}
	e.failed, e.stale = nil, false
	e.voices = &voiceList{Region: e.opts.Region, Endpoint: e.opts.Endpoint, Fetched: time.Now(), Voices: vs}
	if e.opts.Cache != "" {
		if b, err := json.Marshal(e.voices); err == nil {
			if err := os.MkdirAll(filepath.Dir(e.opts.Cache), 0o755); err == nil {
				_ = audio.WriteFileAtomic(e.opts.Cache, b) // a cache: the next run asks again
			}
		}
	}
	return vs, nil
}

// ListingProblem is why Polly could not be asked for its voices the last time
// (nil when it could): a list from before may serve meanwhile.
func (e *Engine) ListingProblem() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.failed
}

// askAgain is how long a failure to list the voices stands before Polly is asked
// again.
const askAgain = time.Minute

// Refresh makes the next Voices ask Polly (the list it has still serves if Polly
// cannot be asked).
func (e *Engine) Refresh() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stale, e.failed = true, nil
}

func (e *Engine) describe(ctx context.Context) ([]tts.Voice, error) {
	var out []tts.Voice
	var token *string
	for page := 0; page < 100; page++ {
		rctx, cancel := context.WithTimeout(ctx, e.opts.Timeout)
		res, err := e.client.DescribeVoices(rctx, &polly.DescribeVoicesInput{NextToken: token})
		cancel()
		if err != nil {
			return nil, e.refusal("", err)
		}
		for _, v := range res.Voices {
			for _, eng := range v.SupportedEngines {
				// Both requests of a sentence (its audio, its word timings) are billed.
				out = append(out, tts.Voice{ID: VoiceID(string(v.Id), string(eng)), Engine: Name,
					Name:     fmt.Sprintf("%s (%s)", aws.ToString(v.Name), eng),
					Language: strings.ToLower(string(v.LanguageCode)), Gender: strings.ToLower(string(v.Gender)),
					PricePerMillion: 2 * Cost(string(eng), 1_000_000), Quality: string(eng), SampleRate: sampleRateOf(string(eng))})
			}
		}
		if token = res.NextToken; token == nil || *token == "" {
			break
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Synthesize says a sentence: each span of it Polly takes in one request (the
// sentence, unless it is very long) is asked for its audio and its marks at once.
func (e *Engine) Synthesize(ctx context.Context, req tts.Request) (*tts.Audio, error) {
	if err := req.Prosody.Validate(); err != nil {
		return nil, fault.New(fault.Invalid, "%v", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	id := req.Voice
	if id == "" {
		id = VoiceID("Joanna", "neural")
	}
	voice, engine, ok := splitID(id)
	if !ok {
		return nil, fault.New(fault.Invalid, "Amazon Polly has no voice %q (a voice is named like Joanna-neural)", id)
	}
	if req.Prosody.Rate > MaxRate {
		return nil, fault.New(fault.Invalid, "Amazon Polly speaks at most twice as fast as its voices' own rate, not %.2g times", req.Prosody.Rate)
	}
	// The voice is checked against the list when there is one; credentials that
	// may synthesise but not list voices leave it to Polly to refuse a wrong one.
	if vs, err := e.Voices(ctx); err == nil && !tts.Listed(vs, id) {
		return nil, fault.New(fault.Invalid, "Amazon Polly in %s has no voice %q", e.opts.Region, id)
	} else if err != nil && (ctx.Err() != nil || retry.Retryable(err)) {
		return nil, err
	}
	rate := sampleRateOf(engine)
	f := featuresOf(engine)
	said, err := e.said(ctx, req.Text, id)
	if err != nil {
		return nil, err
	}
	f.said = said
	cuts, trailingMs := req.Pauses()
	out := &tts.Audio{SampleRate: rate, Voice: id}
	var answered []answer // each span's, kept for another try if a later one fails
	for _, d := range plan(req, cuts, f) {
		samples, marks, got, err := e.speak(ctx, d, voice, engine, rate)
		if err != nil {
			e.keep(answered...)
			return nil, err
		}
		answered = append(answered, got...)
		offsetMs := out.DurationMs()
		for _, m := range e.marks(req.Text, d, marks, len(samples)*1000/rate) {
			m.StartMs += offsetMs
			m.EndMs += offsetMs
			out.Marks = append(out.Marks, m)
		}
		out.Samples = append(out.Samples, samples...)
	}
	if pause := trailingMs + min(max(req.PauseAfterMs, 0), 10000); pause > 0 {
		out.Samples = append(out.Samples, make([]int16, audio.SilenceSamples(pause, rate))...)
	}
	return out, nil
}

// said is the IPA of each lexicon entry in text given as eSpeak's phonemes, by the
// byte it starts at, in the voice's language.
func (e *Engine) said(ctx context.Context, text, voice string) (map[int]string, error) {
	var out map[int]string
	language, looked := "", false
	for at := 0; ; {
		i := strings.Index(text[at:], "[[")
		if i < 0 {
			return out, nil
		}
		i += at
		j := strings.Index(text[i:], "]]")
		if j < 0 {
			return out, nil
		}
		at = i + j + 2
		if _, _, isIPA := lexicon.IPAAt(text, i, at); isIPA || e.opts.Phonemes == nil {
			continue
		}
		if !looked { // the voice's language, once a sentence
			looked = true
			if vs, err := e.Voices(ctx); err == nil {
				for _, v := range vs {
					if v.ID == voice {
						language = v.Language
					}
				}
			}
		}
		ipa, err := e.opts.Phonemes(ctx, language, text[i+2:i+j])
		if err != nil {
			return nil, fmt.Errorf("polly: the phonemes [[%s]]: %v", text[i+2:i+j], err)
		}
		if out == nil {
			out = map[int]string{}
		}
		out[i] = ipa
	}
}

// speechMark is one line of Polly's speech marks.
type speechMark struct {
	Time  int    `json:"time"`
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// answer is a request's answer, by what was asked.
type answer struct {
	key  string
	body []byte
}

// speak asks for a span's audio and its marks at once. When one of them fails,
// the other's answer is kept for the next try, so that it is not paid for twice.
func (e *Engine) speak(ctx context.Context, d document, voice, engine string, rate int) ([]int16, []speechMark, []answer, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	marksIn := &polly.SynthesizeSpeechInput{OutputFormat: types.OutputFormatJson,
		SpeechMarkTypes: []types.SpeechMarkType{types.SpeechMarkTypeWord, types.SpeechMarkTypeSentence}}
	audioIn := &polly.SynthesizeSpeechInput{OutputFormat: types.OutputFormatOggVorbis, SampleRate: aws.String(fmt.Sprint(rate))}
	type got struct {
		a   answer
		err error
	}
	marksCh := make(chan got, 1)
	go func() {
		b, err := e.request(ctx, d, voice, engine, marksIn)
		marksCh <- got{answer{keptKey(d, voice, engine, marksIn), b}, err}
	}()
	b, err := e.request(ctx, d, voice, engine, audioIn)
	a := answer{keptKey(d, voice, engine, audioIn), b}
	var samples []int16
	if err == nil {
		samples, err = decode(b, rate)
	}
	m := <-marksCh
	switch {
	case err != nil:
		if m.err == nil {
			e.keep(m.a)
		}
		return nil, nil, nil, err
	case m.err != nil:
		e.keep(a)
		return nil, nil, nil, m.err
	}
	var marks []speechMark
	dec := json.NewDecoder(bytes.NewReader(m.a.body))
	for dec.More() {
		var sm speechMark
		if err := dec.Decode(&sm); err != nil {
			e.keep(a)
			return nil, nil, nil, fmt.Errorf("Amazon Polly's speech marks: %w", err)
		}
		marks = append(marks, sm)
	}
	return samples, marks, []answer{a, m.a}, nil
}

func keptKey(d document, voice, engine string, in *polly.SynthesizeSpeechInput) string {
	return strings.Join([]string{voice, engine, string(in.OutputFormat), aws.ToString(in.SampleRate), d.ssml}, "\x00")
}

// keep holds answers for the sentence's next try.
func (e *Engine) keep(answers ...answer) {
	e.keptMu.Lock()
	defer e.keptMu.Unlock()
	if e.kept == nil {
		e.kept = map[string][]byte{}
	}
	for _, a := range answers {
		if len(e.kept) >= maxKept {
			for k := range e.kept {
				delete(e.kept, k)
				break
			}
		}
		e.kept[a.key] = a.body
	}
}

// request sends one SynthesizeSpeech and reads its answer, within the timeout.
func (e *Engine) request(ctx context.Context, d document, voice, engine string, in *polly.SynthesizeSpeechInput) ([]byte, error) {
	rctx, cancel := context.WithTimeout(ctx, e.opts.Timeout)
	defer cancel()
	in.Text, in.TextType, in.VoiceId, in.Engine = aws.String(d.ssml), types.TextTypeSsml, types.VoiceId(voice), types.Engine(engine)
	key := keptKey(d, voice, engine, in)
	e.keptMu.Lock()
	b, ok := e.kept[key]
	delete(e.kept, key)
	e.keptMu.Unlock()
	if ok {
		return b, nil
	}
	res, err := e.client.SynthesizeSpeech(rctx, in)
	if status, code := cloud.Response(err); err != nil && status == 0 && code == "" && rctx.Err() == nil {
		// No answer at all (a kept-alive connection the server had closed): the
		// same request once more at once, as a browser would.
		res, err = e.client.SynthesizeSpeech(rctx, in)
	}
	if err == nil {
		defer res.AudioStream.Close()
		// Answered is billed, whatever becomes of the answer.
		billed := int(res.RequestCharacters)
		if billed <= 0 {
			billed = d.billed
		}
		tts.MeterOf(ctx).Add(billed)
		if b, err = io.ReadAll(res.AudioStream); err == nil {
			return b, nil
		}
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if rctx.Err() != nil {
		return nil, tts.Transient(fault.New(fault.Unavailable, "Amazon Polly did not answer within %s", e.opts.Timeout))
	}
	return nil, e.refusal(VoiceID(voice, engine), err)
}

// decode reads Polly's Ogg Vorbis into 16-bit samples.
func decode(b []byte, rate int) ([]int16, error) {
	pcm, format, err := oggvorbis.ReadAll(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("Amazon Polly's audio could not be decoded: %w", err)
	}
	if format.SampleRate != rate || format.Channels != 1 {
		return nil, fmt.Errorf("Amazon Polly sent %d Hz in %d channels where %d Hz mono was asked", format.SampleRate, format.Channels, rate)
	}
	out := make([]int16, len(pcm))
	for i, v := range pcm {
		out[i] = int16(max(min(v*32767, 32767), -32768))
	}
	return out, nil
}

// marks turns Polly's speech marks for a span into marks on the writer's text: a
// word ends where the next begins, less the pauses between them.
func (e *Engine) marks(text string, d document, in []speechMark, durationMs int) []tts.Mark {
	type word struct {
		m          speechMark
		start, end int
	}
	var words, sentences []word
	for _, m := range in {
		start, end, ok := d.textSpan(text, m.Start, m.End)
		if !ok {
			continue
		}
		switch m.Type {
		case "word":
			if len(words) > 0 && start < words[len(words)-1].end {
				continue // Polly marks a number's parts; the writer wrote one word
			}
			words = append(words, word{m, start, end})
		case "sentence":
			sentences = append(sentences, word{m, start, end})
		}
	}
	var out []tts.Mark
	for i, w := range words {
		endMs, nextAt := durationMs, len(d.ssml)
		if i+1 < len(words) {
			endMs, nextAt = words[i+1].m.Time, words[i+1].m.Start
		}
		endMs -= d.pausedBetween(w.m.End, nextAt)
		startMs := min(max(w.m.Time, 0), durationMs)
		out = append(out, tts.Mark{Kind: tts.WordMark, Start: w.start, End: w.end, StartMs: startMs, EndMs: min(max(endMs, startMs), durationMs)})
	}
	if len(sentences) == 0 && len(words) > 0 {
		sentences = append(sentences, word{speechMark{Time: 0}, words[0].start, words[len(words)-1].end})
	}
	for i, s := range sentences {
		endMs := durationMs
		if i+1 < len(sentences) {
			endMs = sentences[i+1].m.Time
		}
		startMs := min(max(s.m.Time, 0), durationMs)
		out = append(out, tts.Mark{Kind: tts.SentenceMark, Start: s.start, End: s.end, StartMs: startMs, EndMs: min(max(endMs, startMs), durationMs)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].StartMs < out[j].StartMs })
	return out
}

// refusal says why Polly refused, in words a writer can act on: never the
// service's own message, which may quote the request, nor anything of the
// credentials but the profile's name.
func (e *Engine) refusal(voice string, err error) error {
	status, code := cloud.Response(err)
	switch {
	case status == 0 && code == "":
		if strings.Contains(err.Error(), "credentials") {
			return fault.New(fault.Unavailable, "no AWS credentials were found for Amazon Polly: set a profile in Settings → Amazon Polly, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
		}
		// The network's own words (connection refused, no such host) say what to
		// fix; they hold no secret.
		cause := err
		for u := errors.Unwrap(cause); u != nil; u = errors.Unwrap(cause) {
			cause = u
		}
		if e.opts.Endpoint != "" {
			return tts.Transient(fault.New(fault.Unavailable, "Amazon Polly did not answer at %s: %s", e.opts.Endpoint, cause.Error()))
		}
		return tts.Transient(fault.New(fault.Unavailable, "Amazon Polly in %s did not answer: %s", e.opts.Region, cause.Error()))
	case status == 429 || status >= 500 || code == "ThrottlingException" || code == "ServiceFailureException" || code == "ServiceUnavailableException":
		return tts.Transient(fault.New(fault.Unavailable, "Amazon Polly is busy (%s, HTTP %d)", orStatus(code), status))
	case code == "UnrecognizedClientException" || code == "InvalidSignatureException" || code == "IncompleteSignature" ||
		code == "MissingAuthenticationTokenException" || code == "ExpiredTokenException" || code == "InvalidClientTokenId":
		if e.opts.Profile != "" {
			return fault.New(fault.Unavailable, "Amazon Polly did not accept the AWS profile %q (%s): check its access key", e.opts.Profile, code)
		}
		return fault.New(fault.Unavailable, "Amazon Polly did not accept the AWS credentials (%s): check the access key", code)
	case code == "AccessDeniedException" || status == 403:
		return fault.New(fault.Unavailable, "these AWS credentials may not use Amazon Polly (%s)", orStatus(code))
	case code == "EngineNotSupportedException":
		return fault.New(fault.Invalid, "Amazon Polly in %s does not offer the voice %s", e.opts.Region, voice)
	case code == "ValidationException" || code == "InvalidParameterValueException":
		return fault.New(fault.Invalid, "Amazon Polly refused the voice %s (%s)", voice, code)
	case code == "InvalidSsmlException" || code == "TextLengthExceededException" || code == "InvalidSampleRateException":
		return fault.New(fault.Internal, "Amazon Polly refused what Readback sent (%s): please report this", code)
	}
	return fault.New(fault.Unavailable, "Amazon Polly refused: %s (HTTP %d)", orStatus(code), status)
}

func orStatus(code string) string {
	if code == "" {
		return "no error code"
	}
	return code
}

// sampleRateOf is the rate asked of a Polly engine: the best its Ogg Vorbis gives.
func sampleRateOf(engine string) int {
	if engine == "standard" {
		return 22050
	}
	return 24000
}
