package polly

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/polly"
	"github.com/aws/aws-sdk-go-v2/service/polly/types"

	"readback/internal/cloud"
)

// Config says which Polly to use. Credentials come from the AWS chain or Profile,
// as for the shared library; nothing here is secret.
type Config struct {
	Endpoint string `json:"endpoint"` // "" for AWS itself
	Region   string `json:"region"`   // "": the bucket's
	Profile  string `json:"profile"`
	Voice    string `json:"voice"`  // a Polly voice id ("Joanna")
	Engine   string `json:"engine"` // standard, neural, long-form or generative
	// MaxCharacters is the cost guard: a conversion that would send more is refused.
	MaxCharacters int `json:"max_characters"`
}

// DefaultMaxCharacters is the cost guard's default: a long novel.
const DefaultMaxCharacters = 1_500_000

// MaxTaskCharacters is the most text one asynchronous task takes (Polly bills at
// most 100,000 characters a task).
const MaxTaskCharacters = 100_000

// SampleRate is what tasks are asked for: Polly's PCM comes at 8 or 16 kHz.
const SampleRate = 16000

// pricePerMillion is what Polly charges per million characters, in US dollars, by
// engine, from https://aws.amazon.com/polly/pricing/ (on-demand, after the free
// tier; the same in most regions).
var pricePerMillion = map[string]float64{"standard": 4, "neural": 16, "long-form": 100, "generative": 30}

// Cost estimates what characters cost on engine ("" is the default, neural), in
// US dollars; an unknown engine is priced as the dearest.
func Cost(engine string, characters int64) float64 {
	if engine == "" {
		engine = "neural"
	}
	price, ok := pricePerMillion[engine]
	if !ok {
		price = pricePerMillion["long-form"]
	}
	return float64(characters) * price / 1e6
}

// Validate fills the defaults and refuses what Polly would.
func (c *Config) Validate() error {
	c.Voice, c.Engine, c.Region = strings.TrimSpace(c.Voice), strings.TrimSpace(c.Engine), strings.TrimSpace(c.Region)
	if c.Voice == "" {
		c.Voice = "Joanna"
	}
	if c.Engine == "" {
		c.Engine = "neural"
	}
	switch c.Engine {
	case "standard", "neural", "long-form", "generative":
	default:
		return fmt.Errorf("Polly's engine is standard, neural, long-form or generative, not %q", c.Engine)
	}
	if c.Endpoint != "" && !strings.HasPrefix(c.Endpoint, "https://") && !strings.HasPrefix(c.Endpoint, "http://") {
		return fmt.Errorf("Polly's endpoint %q must start with https://", c.Endpoint)
	}
	if c.MaxCharacters < 0 {
		return fmt.Errorf("the most characters a conversion sends to Polly cannot be negative")
	}
	if c.MaxCharacters == 0 {
		c.MaxCharacters = DefaultMaxCharacters
	}
	return nil
}

// Tasks starts and watches asynchronous synthesis tasks.
type Tasks struct {
	client *polly.Client
	cfg    Config
}

// NewTasks connects (lazily) to Polly.
func NewTasks(ctx context.Context, cfg Config, creds aws.CredentialsProvider) (*Tasks, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	region := cfg.Region
	if region == "" {
		region = "us-east-1"
	}
	awsCfg, err := cloud.Config(ctx, region, cfg.Profile)
	if err != nil {
		return nil, fmt.Errorf("Polly: %w", err)
	}
	client := polly.NewFromConfig(awsCfg, func(o *polly.Options) {
		if cfg.Endpoint != "" {
			o.BaseEndpoint = aws.String(cfg.Endpoint)
		}
		if creds != nil {
			o.Credentials = creds
		}
	})
	return &Tasks{client: client, cfg: cfg}, nil
}

// Task is what Polly says of one task.
type Task struct {
	ID     string
	Status string // scheduled, inProgress, completed, failed
	Reason string
}

// Start hands text to Polly, which writes PCM (16 kHz, 16-bit mono) to
// bucket/keyPrefix + ID + ".pcm".
func (t *Tasks) Start(ctx context.Context, text, bucket, keyPrefix string) (Task, error) {
	out, err := t.client.StartSpeechSynthesisTask(ctx, &polly.StartSpeechSynthesisTaskInput{
		Text: aws.String(text), TextType: types.TextTypeText, OutputFormat: types.OutputFormatPcm, SampleRate: aws.String(fmt.Sprint(SampleRate)),
		VoiceId: types.VoiceId(t.cfg.Voice), Engine: types.Engine(t.cfg.Engine),
		OutputS3BucketName: aws.String(bucket), OutputS3KeyPrefix: aws.String(keyPrefix)})
	if err != nil {
		return Task{}, classify("start a synthesis task", err)
	}
	return taskOf(out.SynthesisTask), nil
}

// Get asks how a task is doing.
func (t *Tasks) Get(ctx context.Context, id string) (Task, error) {
	out, err := t.client.GetSpeechSynthesisTask(ctx, &polly.GetSpeechSynthesisTaskInput{TaskId: aws.String(id)})
	if err != nil {
		return Task{}, classify("synthesis task "+id, err)
	}
	return taskOf(out.SynthesisTask), nil
}

func taskOf(s *types.SynthesisTask) Task {
	if s == nil {
		return Task{}
	}
	return Task{ID: aws.ToString(s.TaskId), Status: string(s.TaskStatus), Reason: aws.ToString(s.TaskStatusReason)}
}

// ErrTransient marks a failure worth trying again (throttling, 5xx, no answer).
var ErrTransient = errors.New("Polly is unavailable for the moment")

// classify keeps Polly's error code and status, never a message it wrote.
func classify(op string, err error) error {
	status, code := cloud.Response(err)
	if status == 0 && code == "" {
		return fmt.Errorf("%s: %w: no answer", op, ErrTransient)
	}
	if status == 429 || status >= 500 || code == "ThrottlingException" || code == "ServiceFailureException" {
		return fmt.Errorf("%s: %w (%s, HTTP %d)", op, ErrTransient, code, status)
	}
	if code == "" {
		return fmt.Errorf("%s: the server answered HTTP %d without an error code: is the endpoint Polly's?", op, status)
	}
	return fmt.Errorf("%s: Polly refused: %s (HTTP %d)", op, code, status)
}
