package library

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"readback/internal/audiobook"
	"readback/internal/fault"
	"readback/internal/render"
	"readback/internal/store"
)

// NarrationRequest asks for a document to be converted and published.
type NarrationRequest struct {
	DocumentID int64
	ID         string // the narration's id in the bucket
	Format     string // m4b (default), mp3, opus, flac or wav
	Voice      render.Voice
	// VoiceName is how the manifest names the voice where the document has none of
	// its own ("espeak:en-gb-x-rp").
	VoiceName string
}

// PublishDocument converts a document (reusing every rendition there is; rendering
// only what is missing) into a temporary file, publishes it with its manifest
// (title, voice, duration, chapters, the source's hash) and removes the file.
func (l *Library) PublishDocument(ctx context.Context, r *render.Renderer, pool *render.Pool, q NarrationRequest) (*NarrationManifest, error) {
	if q.Format == "" {
		q.Format = "m4b"
	}
	doc, err := l.Store.Document(ctx, q.DocumentID)
	if err != nil {
		return nil, err
	}
	if q.ID == "" {
		q.ID = Slug(doc.Title)
	}
	if err := CheckName("narration id", q.ID); err != nil {
		return nil, fault.New(fault.Invalid, "%v", err)
	}
	dir, err := os.MkdirTemp(l.DataDir, ".publish-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "narration."+q.Format)
	cr, err := audiobook.New(r).Convert(ctx, audiobook.ConvertRequest{DocumentID: q.DocumentID, Voice: q.Voice, Format: q.Format, Output: out, Scratch: true}, pool, nil)
	if err != nil {
		return nil, err
	}
	// The file is gone after the publish; so is the record that it was exported.
	defer l.Store.ForgetExport(context.WithoutCancel(ctx), out)
	m := NarrationManifest{ID: q.ID, Title: doc.Title, Writer: doc.Author, Voice: voiceName(doc, q.Voice, q.VoiceName),
		DurationMs: time.Duration(cr.AudioSeconds * float64(time.Second)).Milliseconds(), SourceSHA256: doc.SHA256, AudioFormat: q.Format}
	for _, c := range cr.Chapters {
		m.Chapters = append(m.Chapters, NarrationChapter{Title: c.Title, StartMs: c.StartMs})
	}
	return l.PublishNarration(ctx, m, q.DocumentID, out)
}

func voiceName(doc *store.Document, v render.Voice, fallback string) string {
	if doc.Voice != "" && v.Voice == "" {
		return doc.Voice
	}
	if fallback != "" {
		return fallback
	}
	if v.Voice != "" {
		if v.Engine != "" {
			return v.Engine + ":" + v.Voice
		}
		return v.Voice
	}
	if doc.Voice != "" {
		return doc.Voice
	}
	return "default"
}

// Slug turns a title into an id: lower-case letters and digits joined by '-'.
func Slug(title string) string {
	var b []byte
	dash := false
	for _, r := range title {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b = append(b, byte(r))
			dash = false
		case r >= 'A' && r <= 'Z':
			b = append(b, byte(r-'A'+'a'))
			dash = false
		default:
			if !dash && len(b) > 0 {
				b = append(b, '-')
				dash = true
			}
		}
		if len(b) >= 60 {
			break
		}
	}
	for len(b) > 0 && b[len(b)-1] == '-' {
		b = b[:len(b)-1]
	}
	if len(b) == 0 {
		return "narration"
	}
	return string(b)
}
