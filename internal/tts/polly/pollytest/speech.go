package pollytest

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"math"
	"net/http"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Voice is one voice the stand-in lists and speaks, as DescribeVoices gives it.
type Voice struct {
	Id, Name, Gender, LanguageCode, LanguageName string
	SupportedEngines                             []string
}

// DefaultVoices are real Polly voices with the engines they had on the day.
var DefaultVoices = []Voice{
	{Id: "Joanna", Name: "Joanna", Gender: "Female", LanguageCode: "en-US", LanguageName: "US English", SupportedEngines: []string{"generative", "long-form", "neural", "standard"}},
	{Id: "Matthew", Name: "Matthew", Gender: "Male", LanguageCode: "en-US", LanguageName: "US English", SupportedEngines: []string{"generative", "neural", "standard"}},
	{Id: "Amy", Name: "Amy", Gender: "Female", LanguageCode: "en-GB", LanguageName: "British English", SupportedEngines: []string{"generative", "neural", "standard"}},
	{Id: "Brian", Name: "Brian", Gender: "Male", LanguageCode: "en-GB", LanguageName: "British English", SupportedEngines: []string{"neural", "standard"}},
	{Id: "Vicki", Name: "Vicki", Gender: "Female", LanguageCode: "de-DE", LanguageName: "German", SupportedEngines: []string{"neural", "standard"}},
	{Id: "Hans", Name: "Hans", Gender: "Male", LanguageCode: "de-DE", LanguageName: "German", SupportedEngines: []string{"standard"}},
}

// SpeechWordMs is how long the stand-in says each word at rate 100%.
const SpeechWordMs = 200

// MaxBilled is the most characters (markup not counted) one SynthesizeSpeech takes,
// and MaxTotal the most with the markup.
const (
	MaxBilled = 3000
	MaxTotal  = 6000
)

// Speech is the synchronous side of the stand-in: DescribeVoices and
// SynthesizeSpeech (audio in pcm, ogg_vorbis or mp3; speech marks in json), with the
// errors Polly gives.
type Speech struct {
	Voices  []Voice       // default DefaultVoices
	Latency time.Duration // before each answer
	// AccessKey, when set, is the only key accepted: another gets
	// UnrecognizedClientException, as Polly answers an unknown key.
	AccessKey string
	// Engines are those this region offers (default all four).
	Engines []string

	mu        sync.Mutex
	throttle  int
	fail      []failure
	requests  int
	billed    int
	formats   map[string]int
	oggs      map[[32]byte][]byte
	described int
	inFlight  int
	most      int
	phonemes  []string
}

type failure struct {
	status int
	code   string
}

// Throttle refuses the next n synthesis requests with ThrottlingException.
func (s *Speech) Throttle(n int) {
	s.mu.Lock()
	s.throttle += n
	s.mu.Unlock()
}

// Fail answers the next synthesis request with status and code.
func (s *Speech) Fail(status int, code string) {
	s.mu.Lock()
	s.fail = append(s.fail, failure{status, code})
	s.mu.Unlock()
}

// Requests is how many synthesis requests were answered with speech or marks, and
// the characters they billed.
func (s *Speech) Requests() (requests, billed int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests, s.billed
}

// Phonemes are the <phoneme>s the speech requests held, "ALPHABET:PH" each.
func (s *Speech) Phonemes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.phonemes)
}

// Formats counts the answered requests by output format and sample rate ("ogg_vorbis/24000").
func (s *Speech) Formats() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.formats {
		out[k] = v
	}
	return out
}

// Described is how many DescribeVoices pages were asked for.
func (s *Speech) Described() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.described
}

// MostAtOnce is the most requests the stand-in was answering at one time.
func (s *Speech) MostAtOnce() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.most
}

func (s *Speech) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.inFlight++
	s.most = max(s.most, s.inFlight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()
	if s.Latency > 0 {
		select {
		case <-time.After(s.Latency):
		case <-r.Context().Done():
			return
		}
	}
	if code, ok := s.authorised(r); !ok {
		fail(w, http.StatusForbidden, code, "The security token included in the request is invalid.")
		return
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/v1/voices":
		s.describe(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/v1/speech":
		s.synthesize(w, r)
	default:
		fail(w, http.StatusNotFound, "UnknownOperationException", "")
	}
}

var credential = regexp.MustCompile(`Credential=([^/]+)/`)

func (s *Speech) authorised(r *http.Request) (string, bool) {
	auth := r.Header.Get("Authorization")
	if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 ") {
		return "MissingAuthenticationTokenException", false
	}
	m := credential.FindStringSubmatch(auth)
	if s.AccessKey != "" && (m == nil || m[1] != s.AccessKey) {
		return "UnrecognizedClientException", false
	}
	return "", true
}

func (s *Speech) voices() []Voice {
	if s.Voices != nil {
		return s.Voices
	}
	return DefaultVoices
}

func (s *Speech) offers(engine string) bool {
	if s.Engines == nil {
		return true
	}
	for _, e := range s.Engines {
		if e == engine {
			return true
		}
	}
	return false
}

// describe lists the voices two at a time, so that clients must follow NextToken.
func (s *Speech) describe(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.described++
	s.mu.Unlock()
	q := r.URL.Query()
	var list []Voice
	for _, v := range s.voices() {
		if e := q.Get("Engine"); e != "" && !contains(v.SupportedEngines, e) {
			continue
		}
		var engines []string
		for _, e := range v.SupportedEngines {
			if s.offers(e) {
				engines = append(engines, e)
			}
		}
		if len(engines) > 0 {
			v.SupportedEngines = engines
			list = append(list, v)
		}
	}
	from := 0
	if t := q.Get("NextToken"); t != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(t, "page-"))
		if err != nil || n < 0 || n > len(list) {
			fail(w, http.StatusBadRequest, "InvalidNextTokenException", "")
			return
		}
		from = n
	}
	to := min(from+2, len(list))
	out := map[string]any{"Voices": list[from:to]}
	if to < len(list) {
		out["NextToken"] = fmt.Sprintf("page-%d", to)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

type speechInput struct {
	Engine, OutputFormat, SampleRate, Text, TextType, VoiceId, LanguageCode string
	SpeechMarkTypes                                                         []string
}

func (s *Speech) synthesize(w http.ResponseWriter, r *http.Request) {
	var in speechInput
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		fail(w, http.StatusBadRequest, "ValidationException", err.Error())
		return
	}
	s.mu.Lock()
	if s.throttle > 0 {
		s.throttle--
		s.mu.Unlock()
		fail(w, http.StatusBadRequest, "ThrottlingException", "Rate exceeded")
		return
	}
	if len(s.fail) > 0 {
		f := s.fail[0]
		s.fail = s.fail[1:]
		s.mu.Unlock()
		fail(w, f.status, f.code, "")
		return
	}
	s.mu.Unlock()
	var voice *Voice
	for _, v := range s.voices() {
		if v.Id == in.VoiceId {
			voice = &v
			break
		}
	}
	if in.Engine == "" {
		in.Engine = "standard"
	}
	switch {
	case voice == nil:
		fail(w, http.StatusBadRequest, "ValidationException", "1 validation error detected: Value at 'voiceId' failed to satisfy constraint")
		return
	case !contains(voice.SupportedEngines, in.Engine) || !s.offers(in.Engine):
		fail(w, http.StatusBadRequest, "EngineNotSupportedException", "This voice does not support the selected engine.")
		return
	}
	var parsed *ssml
	if in.TextType == "ssml" {
		var err error
		if parsed, err = parseSSML(in.Text); err != nil {
			fail(w, http.StatusBadRequest, "InvalidSsmlException", "Unsupported Ssml: "+err.Error())
			return
		}
	} else {
		parsed = plain(in.Text)
	}
	if in.OutputFormat != "json" {
		s.mu.Lock()
		s.phonemes = append(s.phonemes, parsed.phonemes...)
		s.mu.Unlock()
	}
	billed := utf8.RuneCountInString(parsed.spoken)
	if billed > MaxBilled || len(in.Text) > MaxTotal {
		fail(w, http.StatusBadRequest, "TextLengthExceededException", "Maximum text length has been exceeded")
		return
	}
	best := 16000
	if in.OutputFormat != "pcm" {
		best = 22050
		if in.Engine != "standard" {
			best = 24000
		}
	}
	rate := best
	if in.SampleRate != "" {
		n, err := strconv.Atoi(in.SampleRate)
		if err != nil || (n != 8000 && n != 16000 && n != 22050 && n != 24000) || n > best {
			fail(w, http.StatusBadRequest, "InvalidSampleRateException", "")
			return
		}
		rate = n
	}
	var body []byte
	contentType := "audio/ogg"
	switch in.OutputFormat {
	case "json":
		if len(in.SpeechMarkTypes) == 0 {
			fail(w, http.StatusBadRequest, "MarksNotSupportedForFormatException", "")
			return
		}
		body = parsed.marks(in.SpeechMarkTypes)
		contentType = "application/x-json-stream"
	case "pcm":
		body, contentType = parsed.pcm(rate), "audio/pcm"
	case "ogg_vorbis", "mp3":
		var err error
		if body, err = s.encode(parsed.pcm(rate), rate, in.OutputFormat); err != nil {
			fail(w, http.StatusInternalServerError, "ServiceFailureException", err.Error())
			return
		}
		if in.OutputFormat == "mp3" {
			contentType = "audio/mpeg"
		}
	default:
		fail(w, http.StatusBadRequest, "ValidationException", "OutputFormat")
		return
	}
	s.mu.Lock()
	s.requests++
	s.billed += billed
	if s.formats == nil {
		s.formats = map[string]int{}
	}
	s.formats[fmt.Sprintf("%s/%d", in.OutputFormat, rate)]++
	s.mu.Unlock()
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("x-amzn-RequestCharacters", strconv.Itoa(billed))
	w.Write(body)
}

// encode compresses PCM with ffmpeg, as Polly's compressed formats come; the same
// audio is encoded once.
func (s *Speech) encode(pcm []byte, rate int, format string) ([]byte, error) {
	key := sha256.Sum256(append([]byte(fmt.Sprintf("%s/%d/", format, rate)), pcm...))
	s.mu.Lock()
	if b, ok := s.oggs[key]; ok {
		s.mu.Unlock()
		return b, nil
	}
	s.mu.Unlock()
	args := []string{"-hide_banner", "-loglevel", "error", "-f", "s16le", "-ar", strconv.Itoa(rate), "-ac", "1", "-i", "pipe:0"}
	if format == "mp3" {
		args = append(args, "-c:a", "libmp3lame", "-b:a", "48k", "-f", "mp3", "pipe:1")
	} else {
		args = append(args, "-c:a", "libvorbis", "-q:a", "4", "-f", "ogg", "pipe:1")
	}
	cmd := exec.Command("ffmpeg", args...)
	cmd.Stdin = bytes.NewReader(pcm)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("ffmpeg: %v: %s", err, stderr.String())
	}
	s.mu.Lock()
	if s.oggs == nil {
		s.oggs = map[[32]byte][]byte{}
	}
	s.oggs[key] = out.Bytes()
	s.mu.Unlock()
	return out.Bytes(), nil
}

// ssml is what the stand-in makes of a request's text: its words (byte offsets
// into the text as sent, markup included, as Polly's speech marks give them), the
// pauses between them, and its sentences.
type ssml struct {
	spoken   string // the characters billed
	events   []event
	phonemes []string // each <phoneme>'s alphabet and ph: "ipa:ʃɪˈvɔːn"
}

type event struct {
	word       bool
	start, end int     // a word's or a sentence's bytes
	value      string  // the word as written
	breakMs    int     // a pause
	rate       float64 // a word's rate (1 = 100%)
	sentence   bool    // a sentence begins
}

func plain(text string) *ssml {
	s := &ssml{spoken: text}
	s.words(text, 0, 1)
	return s
}

var (
	tagRE   = regexp.MustCompile(`^<(/?)([a-zA-Z:-]+)((?:\s+[a-zA-Z:-]+\s*=\s*"[^"]*")*)\s*(/?)>`)
	attrRE  = regexp.MustCompile(`([a-zA-Z:-]+)\s*=\s*"([^"]*)"`)
	known   = map[string]bool{"speak": true, "s": true, "p": true, "break": true, "prosody": true, "emphasis": true, "phoneme": true, "sub": true, "lang": true, "say-as": true, "mark": true, "amazon:effect": true, "amazon:domain": true, "w": true}
	entity  = regexp.MustCompile(`^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);`)
	errSSML = errors.New("malformed")
)

// parseSSML reads the tags Polly knows, refusing what is not well formed.
func parseSSML(text string) (*ssml, error) {
	s := &ssml{}
	var stack []string
	rates := []float64{1}
	var spoken strings.Builder
	i := 0
	sentenceAt := -1
	for i < len(text) {
		c := text[i]
		switch {
		case c == '<':
			m := tagRE.FindStringSubmatch(text[i:])
			if m == nil {
				return nil, fmt.Errorf("%w tag at byte %d", errSSML, i)
			}
			closing, name, attrs, empty := m[1] == "/", m[2], map[string]string{}, m[4] == "/"
			for _, a := range attrRE.FindAllStringSubmatch(m[3], -1) {
				attrs[a[1]] = a[2]
			}
			if !known[name] {
				return nil, fmt.Errorf("unknown tag <%s>", name)
			}
			switch {
			case closing:
				if len(stack) == 0 || stack[len(stack)-1] != name {
					return nil, fmt.Errorf("%w: </%s> closes nothing", errSSML, name)
				}
				stack = stack[:len(stack)-1]
				if name == "prosody" {
					rates = rates[:len(rates)-1]
				}
			case empty:
				if name == "break" {
					ms, err := breakMs(attrs["time"])
					if err != nil {
						return nil, err
					}
					s.events = append(s.events, event{breakMs: ms})
				}
			default:
				stack = append(stack, name)
				if name == "prosody" {
					r := rates[len(rates)-1]
					if v, ok := attrs["rate"]; ok {
						p, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
						if err != nil || !strings.HasSuffix(v, "%") || p < 20 {
							return nil, fmt.Errorf("prosody rate %q", v)
						}
						r = p / 100
					}
					rates = append(rates, r)
				}
				if name == "phoneme" {
					// Polly refuses a phoneme in an alphabet it does not have, or none.
					if (attrs["alphabet"] != "ipa" && attrs["alphabet"] != "x-sampa") || attrs["ph"] == "" {
						return nil, fmt.Errorf("phoneme alphabet %q ph %q", attrs["alphabet"], attrs["ph"])
					}
					s.phonemes = append(s.phonemes, attrs["alphabet"]+":"+html.UnescapeString(attrs["ph"]))
				}
				if name == "s" {
					sentenceAt = len(s.events)
					s.events = append(s.events, event{sentence: true, start: i + len(m[0])})
				}
			}
			if closing && name == "s" && sentenceAt >= 0 {
				s.events[sentenceAt].end = i
			}
			i += len(m[0])
		default:
			j := strings.IndexByte(text[i:], '<')
			if j < 0 {
				j = len(text) - i
			}
			chunk := text[i : i+j]
			if strings.ContainsRune(strings.ReplaceAll(chunk, "&", ""), '>') {
				return nil, fmt.Errorf("%w: a bare >", errSSML)
			}
			for k := 0; k < len(chunk); k++ {
				if chunk[k] == '&' && entity.FindString(chunk[k:]) == "" {
					return nil, fmt.Errorf("%w: a bare & at byte %d", errSSML, i+k)
				}
			}
			spoken.WriteString(html.UnescapeString(chunk))
			s.words(chunk, i, rates[len(rates)-1])
			i += j
		}
	}
	if len(stack) != 0 {
		return nil, fmt.Errorf("%w: <%s> is not closed", errSSML, stack[len(stack)-1])
	}
	s.spoken = spoken.String()
	return s, nil
}

func breakMs(v string) (int, error) {
	switch {
	case strings.HasSuffix(v, "ms"):
		n, err := strconv.Atoi(strings.TrimSuffix(v, "ms"))
		if err == nil && n >= 0 && n <= 10000 {
			return n, nil
		}
	case strings.HasSuffix(v, "s"):
		n, err := strconv.ParseFloat(strings.TrimSuffix(v, "s"), 64)
		if err == nil && n >= 0 && n <= 10 {
			return int(n * 1000), nil
		}
	}
	return 0, fmt.Errorf("break time %q", v)
}

// words finds the words of a run of text at byte offset at: runs of letters and
// digits (entities decoded, apostrophes inside kept), as Polly marks them.
func (s *ssml) words(chunk string, at int, rate float64) {
	start, last := -1, -1
	flush := func() {
		if start >= 0 {
			s.events = append(s.events, event{word: true, start: at + start, end: at + last, value: html.UnescapeString(chunk[start:last]), rate: rate})
		}
		start, last = -1, -1
	}
	for k := 0; k < len(chunk); {
		r, n := utf8.DecodeRuneInString(chunk[k:])
		if r == '&' {
			if e := entity.FindString(chunk[k:]); e != "" {
				n = len(e)
				r, _ = utf8.DecodeRuneInString(html.UnescapeString(e))
			}
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = k
			}
			last = k + n
		case (r == '\'' || r == '’') && start >= 0:
		default:
			if unicode.IsSpace(r) {
				flush()
			}
		}
		k += n
	}
	flush()
}

// timeline walks the events: each word takes SpeechWordMs at its rate, each pause
// its time.
func (s *ssml) timeline(visit func(e event, ms int)) int {
	ms := 0
	for _, e := range s.events {
		visit(e, ms)
		switch {
		case e.word:
			ms += int(float64(SpeechWordMs) / e.rate)
		case e.breakMs > 0:
			ms += e.breakMs
		}
	}
	return ms
}

// pcm is a tone for each word and silence for each pause, 16-bit mono at rate.
func (s *ssml) pcm(rate int) []byte {
	var out []byte
	s.timeline(func(e event, _ int) {
		var n int
		switch {
		case e.word:
			n = int(float64(SpeechWordMs)/e.rate) * rate / 1000
		case e.breakMs > 0:
			n = e.breakMs * rate / 1000
		default:
			return
		}
		for i := range n {
			v := int16(0)
			if e.word {
				v = int16(8000 * math.Sin(2*math.Pi*220*float64(i)/float64(rate)))
			}
			out = binary.LittleEndian.AppendUint16(out, uint16(v))
		}
	})
	return out
}

// marks are the speech marks asked for, a JSON object a line. Text without <s>
// is one sentence, from its first word to its last, as Polly marks it.
func (s *ssml) marks(types []string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	sentences, first, last := false, -1, -1
	for _, e := range s.events {
		sentences = sentences || e.sentence
		if e.word {
			if first < 0 {
				first = e.start
			}
			last = e.end
		}
	}
	if !sentences && first >= 0 && contains(types, "sentence") {
		enc.Encode(map[string]any{"time": 0, "type": "sentence", "start": first, "end": last, "value": ""})
	}
	s.timeline(func(e event, ms int) {
		switch {
		case e.word && contains(types, "word"):
			enc.Encode(map[string]any{"time": ms, "type": "word", "start": e.start, "end": e.end, "value": e.value})
		case e.sentence && contains(types, "sentence"):
			enc.Encode(map[string]any{"time": ms, "type": "sentence", "start": e.start, "end": e.end, "value": ""})
		}
	})
	return b.Bytes()
}
