package audiobook

import (
	"context"
	"encoding/json"
	"sort"

	"readback/internal/audio"
	"readback/internal/fault"
	"readback/internal/render"
)

// ReleaseCheck is a conversion's file checked against a release target, each
// problem placed at the sentence where it is, for the writer to go and fix.
type ReleaseCheck struct {
	DocumentID int64         `json:"document_id"`
	Report     *audio.Report `json:"report"`
	Fixes      []Fix         `json:"fixes"`
	// Current: the file holds the document as it is now, so each fix points at
	// the sentence that is there. When the text changed since, the places are the
	// book's as it now reads, which the file no longer is.
	Current bool `json:"current"`
}

// Fix is one thing to fix, where it is.
type Fix struct {
	Part  string `json:"part"` // the chapter the problem is in, or "" for the whole book
	Check string `json:"check"`
	Says  string `json:"says"`
	// Format and Args are Says before formatting, for the window to translate.
	Format    string   `json:"format,omitempty"`
	Args      []string `json:"args,omitempty"`
	AtSeconds float64  `json:"at_seconds"` // in the file; -1 when it is the whole part
	Ord       int      `json:"ord"`        // the sentence; -1 for none
	Text      string   `json:"text"`       // the writer's text of that sentence
}

// say sets what the fix says, and its format and arguments for the window to
// translate.
func (x *Fix) say(format string, args ...any) {
	x.Says, x.Format, x.Args = fault.Say(format, args...)
}

// maxPlacesPerFinding keeps a fix list readable: a file clipped in a hundred places
// lists the first few, and the finding says how many there are.
const maxPlacesPerFinding = 5

// CheckConversion checks q's file (one file, as a finished conversion wrote it)
// against target and places each problem at its sentence.
func (r *Exporter) CheckConversion(ctx context.Context, q ConvertRequest, target audio.Target) (*ReleaseCheck, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	if q.PerChapter {
		return nil, fault.New(fault.Invalid, "this conversion wrote one file per chapter: check each of them with 'readback check FILE'")
	}
	report, err := audio.CheckFile(ctx, q.Output, target)
	if err != nil {
		return nil, err
	}
	doc, book, err := r.documentBook(ctx, q.DocumentID, q.Voice)
	if err != nil {
		return nil, err
	}
	plan, rate, err := r.place(ctx, book.Items, ExportOptions{Pauses: *q.Pauses})
	if err != nil {
		return nil, err
	}
	var placed []render.Item
	for _, p := range plan {
		placed = append(placed, *p.Item)
	}
	_, current, err := r.UpToDate(ctx, q.Output, exportPlan(q, doc, book.Chapters, placed))
	if err != nil {
		return nil, err
	}
	source := make(map[int]string, len(book.Script))
	for _, g := range book.Script {
		source[g.Ord] = g.SourceText
	}
	// Where each sentence starts in the file; its span runs to the next one's
	// start, so that a silence belongs to the sentence it follows.
	starts := make([]float64, len(plan))
	var t int64
	for i, p := range plan {
		starts[i] = float64(t) / float64(rate)
		t += p.samples(rate)
	}
	chapter := func(section int) string {
		if section >= 0 && section < len(book.Chapters) {
			return book.Chapters[section]
		}
		return ""
	}
	// place puts a fix at the sentence heard at sec, in that sentence's chapter.
	place := func(fix *Fix, sec float64) {
		i := sentenceAt(starts, sec)
		if i < 0 {
			return
		}
		fix.Ord, fix.Text, fix.Part = plan[i].Ord, source[plan[i].Ord], chapter(plan[i].Section)
	}
	out := &ReleaseCheck{DocumentID: q.DocumentID, Report: report, Fixes: []Fix{}, Current: current}
	parts := append([]audio.CheckedPart{report.Book}, report.Chapters...)
	for pi, part := range parts {
		name := part.Title
		if pi == 0 {
			name = ""
		}
		for _, f := range part.Findings {
			if f.OK {
				continue
			}
			if len(f.At) > 0 && pi == 0 && len(report.Chapters) > 0 {
				continue // the chapters place the same problems
			}
			if len(f.At) == 0 {
				// The level of a whole chapter: its first sentence leads there.
				fix := Fix{Part: name, Check: f.Check, Says: f.Says, Format: f.Format, Args: f.Args, AtSeconds: -1, Ord: -1}
				if pi > 0 {
					place(&fix, part.StartSecond)
				}
				out.Fixes = append(out.Fixes, fix)
				continue
			}
			for k, sec := range f.At[:min(len(f.At), maxPlacesPerFinding)] {
				abs := part.StartSecond + sec
				fix := Fix{Part: name, Check: f.Check, Says: f.Says, Format: f.Format, Args: f.Args, AtSeconds: abs, Ord: -1}
				if k > 0 && f.Check == "clipping" {
					// How many samples clip in the part is said at its first place.
					fix.say("clipped here too (place %d of %d)", k+1, len(f.At))
				}
				place(&fix, abs)
				out.Fixes = append(out.Fixes, fix)
			}
		}
	}
	return out, nil
}

// markSlack is how far a time read from the file may fall before the sentence it
// marks: a container keeps its chapters' starts to the millisecond, so a chapter's
// start read back may lie a fraction of one before its first sentence's.
const markSlack = 0.002

// sentenceAt is the index of the sentence heard at sec among sentences starting at
// starts (in order), -1 before the first.
func sentenceAt(starts []float64, sec float64) int {
	return sort.Search(len(starts), func(i int) bool { return starts[i] > sec+markSlack }) - 1
}

// CheckJob checks the file a finished conversion job wrote against the target
// named targetID (acx or ebu-r128).
func (r *Exporter) CheckJob(ctx context.Context, jobID int64, targetID string) (*ReleaseCheck, error) {
	target, err := audio.TargetByID(targetID)
	if err != nil {
		return nil, fault.New(fault.Invalid, "%v", err)
	}
	if _, err := FinishedOutput(ctx, r.Store(), jobID); err != nil {
		return nil, err
	}
	j, err := r.Store().Job(ctx, jobID)
	if err != nil {
		return nil, err
	}
	var q ConvertRequest
	if err := json.Unmarshal(j.Payload, &q); err != nil {
		return nil, fault.New(fault.Invalid, "conversion %d's request is damaged", jobID)
	}
	return r.CheckConversion(ctx, q, target)
}
