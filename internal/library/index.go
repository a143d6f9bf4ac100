package library

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"readback/internal/fault"
)

// IndexKey is the library's table of contents: which voices (and their latest
// version) and which narrations it holds, so that a look at the library is one read.
// It is only ever replaced with If-Match on the ETag read, or created with
// If-None-Match, and a lost race reads it again and reapplies the change.
const IndexKey = "index.json"

const indexFormat = "readback-library/1"

const maxIndexItems = 10_000

// Index is the bucket's index.json.
type Index struct {
	Format     string                    `json:"format"`
	Voices     map[string]IndexVoice     `json:"voices"`
	Narrations map[string]IndexNarration `json:"narrations"`
}

// IndexVoice is one voice pack in the index.
type IndexVoice struct {
	Name      string `json:"name"`
	Engine    string `json:"engine"`
	Language  string `json:"language"`
	Licence   string `json:"licence"`
	Latest    int    `json:"latest"`
	Author    string `json:"author"`
	UpdatedAt int64  `json:"updated_at"`
}

// IndexNarration is one published narration in the index.
type IndexNarration struct {
	Title       string `json:"title"`
	Voice       string `json:"voice"`
	DurationMs  int64  `json:"duration_ms"`
	Author      string `json:"author"`
	PublishedAt int64  `json:"published_at"`
}

func parseIndex(data []byte) (*Index, error) {
	var x Index
	if err := json.Unmarshal(data, &x); err != nil {
		return nil, fmt.Errorf("%s is not a library index: %w", IndexKey, err)
	}
	if x.Format != indexFormat {
		return nil, fmt.Errorf("%s has format %q; this Readback reads %q", IndexKey, x.Format, indexFormat)
	}
	if len(x.Voices) > maxIndexItems || len(x.Narrations) > maxIndexItems {
		return nil, fmt.Errorf("%s lists more than %d items", IndexKey, maxIndexItems)
	}
	for id, v := range x.Voices {
		if err := CheckName("voice id", id); err != nil {
			return nil, fmt.Errorf("%s: %w", IndexKey, err)
		}
		if v.Latest < 1 || v.Latest > 1_000_000 {
			return nil, fmt.Errorf("%s: voice %s has version %d", IndexKey, id, v.Latest)
		}
		for what, s := range map[string]string{"name": v.Name, "engine": v.Engine, "language": v.Language, "licence": v.Licence, "author": v.Author} {
			if err := validText("the voice's "+what, s); err != nil {
				return nil, fmt.Errorf("%s: voice %s: %w", IndexKey, id, err)
			}
		}
	}
	for id, n := range x.Narrations {
		if err := CheckName("narration id", id); err != nil {
			return nil, fmt.Errorf("%s: %w", IndexKey, err)
		}
		for what, s := range map[string]string{"title": n.Title, "voice": n.Voice, "author": n.Author} {
			if len(s) > 1000 || validText("x", truncate(s, 200)) != nil {
				return nil, fmt.Errorf("%s: narration %s: the %s is not valid", IndexKey, id, what)
			}
		}
	}
	if x.Voices == nil {
		x.Voices = map[string]IndexVoice{}
	}
	if x.Narrations == nil {
		x.Narrations = map[string]IndexNarration{}
	}
	return &x, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// ReadIndex reads the index; a bucket without one has an empty index (and etag "").
func (l *Library) ReadIndex(ctx context.Context) (*Index, string, error) {
	data, obj, err := l.Client.ReadSmall(ctx, IndexKey, MaxManifest*8)
	if errors.Is(err, ErrNotFound) {
		return &Index{Format: indexFormat, Voices: map[string]IndexVoice{}, Narrations: map[string]IndexNarration{}}, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	x, err := parseIndex(data)
	return x, obj.ETag, err
}

// ReadIndexQuick reads the index for a view: one retry, at most a few seconds,
// and not at all while the bucket was unreachable a moment ago.
func (l *Library) ReadIndexQuick(ctx context.Context) (*Index, error) {
	if l.offline() {
		return nil, ErrOffline
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	data, _, err := l.quick.ReadSmall(ctx, IndexKey, MaxManifest*8)
	l.noteReach(err)
	if errors.Is(err, ErrNotFound) {
		return &Index{Format: indexFormat, Voices: map[string]IndexVoice{}, Narrations: map[string]IndexNarration{}}, nil
	}
	if err != nil {
		return nil, err
	}
	return parseIndex(data)
}

// UpdateIndex applies change to the index and writes it back only if nobody
// changed it meanwhile; otherwise it reads it again and reapplies, after a random
// wait, a few times.
func (l *Library) UpdateIndex(ctx context.Context, change func(*Index) error) error {
	for attempt := range 10 {
		if attempt > 0 {
			if err := sleep(ctx, Backoff{Base: 50 * time.Millisecond, Max: 2 * time.Second}.Wait(attempt)); err != nil {
				return err
			}
		}
		x, etag, err := l.ReadIndex(ctx)
		if err != nil {
			return err
		}
		if err := change(x); err != nil {
			return err
		}
		body, err := json.MarshalIndent(x, "", " ")
		if err != nil {
			return err
		}
		_, err = l.Client.UploadBytes(ctx, IndexKey, body, PutOptions{ContentType: "application/json", IfMatch: etag, IfNoneMatch: etag == ""})
		if errors.Is(err, ErrPrecondition) {
			continue
		}
		return err
	}
	return fault.New(fault.Conflict, "the shared library's index kept changing; try again")
}
