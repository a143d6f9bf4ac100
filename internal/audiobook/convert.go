package audiobook

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"readback/internal/audio"
	"readback/internal/fault"
	"readback/internal/render"
	"readback/internal/store"
)

// ConvertRequest is a conversion of one document to audio files.
type ConvertRequest struct {
	DocumentID    int64          `json:"document_id"`
	Voice         render.Voice   `json:"voice"`
	Format        string         `json:"format"`
	Output        string         `json:"output"` // a file, or a folder with PerChapter
	PerChapter    bool           `json:"per_chapter"`
	Subtitles     string         `json:"subtitles,omitempty"`
	SubtitleLevel string         `json:"subtitle_level,omitempty"`
	Pauses        *render.Pauses `json:"pauses,omitempty"` // nil: render.DefaultPauses
	Workers       int            `json:"workers"`
	// Remote hands the synthesis to Amazon Polly's asynchronous tasks (the shared
	// library's scale-out) instead of this machine.
	Remote bool `json:"remote,omitempty"`
	// Normalize levels the book for a release target ("acx", "ebu-r128"; "": as
	// synthesised).
	Normalize string `json:"normalize,omitempty"`
	// Encoding, when set, is told how far writing the files has got once the
	// sentences are ready (samples written of all): the long last stage of an M4B.
	Encoding func(done, total int64) `json:"-"`
	// Scratch marks an output that is Readback's own working file inside its
	// library folder (a narration being published); never read from a job's
	// payload, so a queued conversion cannot claim it.
	Scratch bool `json:"-"`
}

// ConvertResult reports a conversion.
type ConvertResult struct {
	Output      string   `json:"output"`
	Files       []string `json:"files"`
	Segments    int      `json:"segments"`
	Synthesized int      `json:"synthesized"`
	Reused      int      `json:"reused"`
	Fetched     int      `json:"fetched"`
	// Recovered is how many sentences' audio an earlier, killed run had written but
	// not recorded, found in the packs instead of synthesised again.
	Recovered int   `json:"recovered,omitempty"`
	SharedErr error `json:"-"` // why the shared library could not help
	// Chapters are where each chapter starts (when the file was written now).
	Chapters []audio.Chapter `json:"chapters,omitempty"`
	// Voices are the voices each chapter is read with; Engine is the one that reads
	// most of the book (the dashboard counts the conversion under it).
	Voices []render.ChapterVoices `json:"voices"`
	Engine string                 `json:"engine,omitempty"`
	// Notes say what became of the output paths asked for (a folder given, an
	// extension that followed the format).
	Notes []string `json:"notes,omitempty"`
	// RemoteTasks is how many Polly tasks made the audio (a remote conversion).
	RemoteTasks int `json:"remote_tasks,omitempty"`
	// What a cloud conversion sent to be spoken, for the dashboard's cost estimate.
	CloudEngine     string           `json:"cloud_engine,omitempty"`
	CloudCharacters int              `json:"cloud_characters,omitempty"`
	Failures        []render.Failure `json:"failures"`
	AudioSeconds    float64          `json:"audio_seconds"`
	UpToDate        bool             `json:"up_to_date"` // the output already held this export
}

// Validate checks a request before it is queued or run.
func (q *ConvertRequest) Validate() error {
	if q.Format == "" {
		q.Format = strings.TrimPrefix(strings.ToLower(filepath.Ext(q.Output)), ".")
	}
	if q.Format == "" {
		q.Format = "wav"
	}
	found := false
	for _, f := range audio.Formats {
		found = found || f == q.Format
	}
	switch {
	case !found:
		return fmt.Errorf("unknown format %q: use %s", q.Format, strings.Join(audio.Formats, ", "))
	case q.Output == "":
		return errors.New("no output file")
	case !filepath.IsAbs(q.Output):
		return fmt.Errorf("the output %q must be an absolute path", q.Output)
	case q.Subtitles != "" && q.PerChapter:
		return errors.New("subtitles go with a single output file, not one file per chapter")
	case q.Normalize != "" && func() bool { _, err := audio.TargetByID(q.Normalize); return err != nil }():
		return fmt.Errorf("unknown loudness target %q: acx or ebu-r128", q.Normalize)
	case q.Remote && (q.PerChapter || q.Subtitles != ""):
		return errors.New("a conversion in the cloud writes one file, without subtitles")
	case q.SubtitleLevel != "" && q.SubtitleLevel != "sentence" && q.SubtitleLevel != "word":
		return errors.New("the subtitle level must be sentence or word")
	}
	if q.SubtitleLevel == "" {
		q.SubtitleLevel = "sentence"
	}
	if q.Voice.Prosody.Pitch == 0 && q.Voice.Prosody.Volume == 0 {
		q.Voice.Prosody.Pitch, q.Voice.Prosody.Volume = 1, 1
	}
	if q.Pauses == nil {
		p := render.DefaultPauses
		q.Pauses = &p
	}
	if q.Workers != 0 && (q.Workers < 1 || q.Workers > render.MaxWorkers()) {
		return fmt.Errorf("workers must be from 1 to %d (four for each core), not %d", render.MaxWorkers(), q.Workers)
	}
	for _, ms := range []int{q.Pauses.Sentence, q.Pauses.Paragraph, q.Pauses.Chapter} {
		if ms < 0 || ms > store.MaxPauseMs {
			return fmt.Errorf("pauses must be between 0 and 60000 ms, not %d", ms)
		}
	}
	p := q.Voice.Prosody
	if p.Rate == 0 {
		p.Rate = 1 // the document's rate, checked when it was set
	}
	return p.Validate()
}

// documentBook reads a document and its book as voice v reads it.
func (r *Exporter) documentBook(ctx context.Context, docID int64, v render.Voice) (*store.Document, *render.Book, error) {
	doc, err := r.Store().Document(ctx, docID)
	if err != nil {
		return nil, nil, err
	}
	book, err := r.BuildBook(ctx, doc, v)
	if err != nil {
		return nil, nil, err
	}
	return doc, book, nil
}

// exportPlan names what q's file holds when it is made of items: the same plan is
// the same file.
func exportPlan(q ConvertRequest, doc *store.Document, chapters []string, items []render.Item) string {
	kind := q.Format
	if q.Normalize != "" {
		kind += "+" + q.Normalize // a levelled book is another file (and plans before levelling stay as they were)
	}
	return render.Plan(kind+"|"+doc.Title+"|"+doc.Author+"|"+strings.Join(chapters, "\x00"), *q.Pauses, items)
}

// Convert renders what is missing (in this process, or with pool when it is not
// nil) and exports. An unchanged single-file export is not written again.
func (r *Exporter) Convert(ctx context.Context, q ConvertRequest, pool *render.Pool, progress render.Progress) (*ConvertResult, error) {
	doc, err := r.Store().Document(ctx, q.DocumentID)
	if err != nil {
		return nil, err
	}
	oc := OutputsOf(r.Store(), doc)
	if q.Scratch {
		oc.DataDir = ""
	}
	notes, err := ResolveOutputs(&q, oc)
	if err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	audio.SweepStale(filepath.Dir(q.Output))
	recovered, err := r.Recover(ctx)
	if err != nil {
		return nil, err
	}
	book, err := r.BuildItems(ctx, doc, q.Voice)
	if err != nil {
		return nil, err
	}
	items := book.Items
	if err := r.WithinBudget(ctx, items); err != nil {
		return nil, err
	}
	var sum *render.Summary
	if pool == nil {
		sum, err = r.RenderAll(ctx, items, progress)
	} else {
		sum, err = r.RenderAllWith(ctx, pool, items, progress)
	}
	if err != nil {
		return nil, err
	}
	res := &ConvertResult{Output: q.Output, Segments: sum.Segments, Synthesized: sum.Synthesized, Reused: sum.Reused, Recovered: recovered,
		Fetched: sum.Fetched, SharedErr: sum.SharedErr, Failures: sum.Failed, Voices: book.Voices(), Engine: book.MainEngine(), Notes: notes}
	// Failed segments are left out of the plan, so that the export is made again
	// once they succeed — each one's repeats too, since a sentence said twice is
	// synthesised once and fails once.
	exported := items
	if len(sum.Failed) > 0 {
		failedOrd := map[int]bool{}
		for _, f := range sum.Failed {
			failedOrd[f.Ord] = true
		}
		failed := map[string]bool{}
		for _, it := range items {
			if failedOrd[it.Ord] {
				failed[it.Key] = true
			}
		}
		exported = nil
		for _, it := range items {
			if !failed[it.Key] {
				exported = append(exported, it)
			}
		}
	}
	if len(exported) == 0 && len(sum.Failed) > 0 {
		// Nothing to export: what went wrong is the answer, not an empty book.
		f := sum.Failed[0]
		return nil, fault.New(fault.Unavailable, "none of the %d sentences could be synthesised; sentence %d: %s", len(items), f.Ord+1, f.Reason)
	}
	if err := r.MarkRendered(ctx, q.DocumentID, exported); err != nil {
		return nil, err
	}
	eo := ExportOptions{Format: q.Format, Path: q.Output, Pauses: *q.Pauses, Title: doc.Title, Author: doc.Author, Written: q.Encoding,
		PerChapter: q.PerChapter, Subtitles: q.Subtitles, SubtitleLevel: q.SubtitleLevel, Chapters: book.Chapters, Normalize: q.Normalize,
		known: sum.Have}
	plan := exportPlan(q, doc, book.Chapters, exported)
	reusable := !q.PerChapter && q.Subtitles == ""
	if last, ok, err := r.UpToDate(ctx, q.Output, plan); err != nil {
		return nil, err
	} else if ok && reusable {
		res.AudioSeconds = float64(last.AudioMs) / 1000
		res.Files, res.UpToDate = []string{q.Output}, true
		return res, nil
	}
	var xr *ExportResult
	if reusable && q.Normalize == "" {
		// A WAV the last conversion wrote is patched where only some sentences changed.
		if xr, _, err = r.patchExport(ctx, q.DocumentID, exported, eo); err != nil {
			return nil, err
		}
	}
	if xr == nil {
		if xr, err = r.Export(ctx, exported, eo); err != nil {
			return nil, err
		}
	}
	d := xr.Duration.Truncate(time.Millisecond) // as recorded, so that reruns report the same
	res.AudioSeconds, res.Files, res.Chapters = d.Seconds(), xr.Files, xr.Chapters
	// The file holds this plan's audio whether or not subtitles were written beside
	// it: recorded, so that the release check knows it for the book as it reads.
	if !q.PerChapter {
		if err := r.Exported(ctx, q.DocumentID, q.Output, plan, d, xr.Layout); err != nil {
			return nil, err
		}
	}
	return res, nil
}
