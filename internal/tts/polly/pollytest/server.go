// Package pollytest is a local stand-in for Amazon Polly's asynchronous task API
// (StartSpeechSynthesisTask, GetSpeechSynthesisTask) that writes its results into a
// real S3-compatible server, as Polly writes into the bucket it is given.
package pollytest

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Server answers Polly's task API. A task is scheduled, then in progress, then
// completed after Polls polls of it (so that clients must poll), its audio written
// by Put as bucket/prefix+ID+".pcm": 16 kHz 16-bit mono, 50 ms of tone a word.
type Server struct {
	Put   func(ctx context.Context, bucket, key string, data []byte) error
	Polls int // GETs before a task completes (default 2)
	// FailText makes a task whose text contains it fail.
	FailText string

	mu      sync.Mutex
	tasks   map[string]*task
	next    atomic.Int64
	Started atomic.Int64 // tasks started, for tests that check none is started twice
}

type task struct {
	ID, Status, Reason, Bucket, Key, Text, Voice, Engine, Format, Rate string
	polls                                                              int
	Created                                                            time.Time
}

// WordMs is how long the stand-in speaks each word.
const WordMs = 50

var tag = regexp.MustCompile(`<[^>]*>`)

// PCM is what the stand-in synthesises for text (SSML's tags are not spoken).
func PCM(text string) []byte {
	words := len(strings.Fields(html.UnescapeString(tag.ReplaceAllString(text, " "))))
	n := words * WordMs * 16
	b := make([]byte, 2*n)
	for i := range n {
		v := int16(8000 * math.Sin(2*math.Pi*220*float64(i)/16000))
		binary.LittleEndian.PutUint16(b[2*i:], uint16(v))
	}
	return b
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v1/synthesisTasks":
		s.start(w, r)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/synthesisTasks/"):
		s.get(w, strings.TrimPrefix(r.URL.Path, "/v1/synthesisTasks/"))
	default:
		fail(w, http.StatusNotFound, "UnknownOperationException", "")
	}
}

func fail(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("X-Amzn-ErrorType", code)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"message": msg})
}

func (s *Server) start(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
		fail(w, http.StatusForbidden, "UnrecognizedClientException", "not signed")
		return
	}
	var in struct {
		Text, TextType, OutputFormat, OutputS3BucketName, OutputS3KeyPrefix, SampleRate, VoiceId, Engine string
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		fail(w, http.StatusBadRequest, "InvalidParameterValueException", err.Error())
		return
	}
	switch {
	case in.OutputFormat != "pcm" || (in.SampleRate != "16000" && in.SampleRate != "8000"):
		fail(w, http.StatusBadRequest, "InvalidSampleRateException", "only pcm at 8000 or 16000 here")
		return
	case len(in.Text) > 100_000:
		fail(w, http.StatusBadRequest, "TextLengthExceededException", "")
		return
	case in.OutputS3BucketName == "" || in.VoiceId == "":
		fail(w, http.StatusBadRequest, "InvalidParameterValueException", "bucket and voice are required")
		return
	}
	id := fmt.Sprintf("task-%06d", s.next.Add(1))
	s.Started.Add(1)
	t := &task{ID: id, Status: "scheduled", Bucket: in.OutputS3BucketName, Key: in.OutputS3KeyPrefix + id + ".pcm",
		Text: in.Text, Voice: in.VoiceId, Engine: in.Engine, Format: in.OutputFormat, Rate: in.SampleRate, Created: time.Now()}
	s.mu.Lock()
	if s.tasks == nil {
		s.tasks = map[string]*task{}
	}
	s.tasks[id] = t
	s.mu.Unlock()
	s.reply(w, t)
}

func (s *Server) get(w http.ResponseWriter, id string) {
	s.mu.Lock()
	t := s.tasks[id]
	if t == nil {
		s.mu.Unlock()
		fail(w, http.StatusNotFound, "SynthesisTaskNotFoundException", id)
		return
	}
	t.polls++
	polls := s.Polls
	if polls <= 0 {
		polls = 2
	}
	due := t.Status != "completed" && t.Status != "failed" && t.polls >= polls
	if t.Status == "scheduled" {
		t.Status = "inProgress"
	}
	s.mu.Unlock()
	if due {
		status, reason := "completed", ""
		if s.FailText != "" && strings.Contains(t.Text, s.FailText) {
			status, reason = "failed", "the text could not be synthesised"
		} else if err := s.Put(context.Background(), t.Bucket, t.Key, PCM(t.Text)); err != nil {
			status, reason = "failed", "could not write the output: "+err.Error()
		}
		s.mu.Lock()
		t.Status, t.Reason = status, reason
		s.mu.Unlock()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reply(w, t)
}

func (s *Server) reply(w http.ResponseWriter, t *task) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"SynthesisTask": map[string]any{
		"TaskId": t.ID, "TaskStatus": t.Status, "TaskStatusReason": t.Reason, "OutputUri": "https://s3.amazonaws.com/" + t.Bucket + "/" + t.Key,
		"CreationTime": float64(t.Created.Unix()), "RequestCharacters": len(t.Text), "VoiceId": t.Voice, "Engine": t.Engine,
		"OutputFormat": t.Format, "SampleRate": t.Rate}})
}
