package render

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	"readback/internal/narration"
	"readback/internal/store"
	"readback/internal/tts"
)

// Pauses are the silences between segments, in milliseconds.
type Pauses struct {
	Sentence  int `json:"sentence"`
	Paragraph int `json:"paragraph"`
	Chapter   int `json:"chapter"`
}

// DefaultPauses sound natural with every engine.
var DefaultPauses = Pauses{Sentence: 250, Paragraph: 600, Chapter: 1500}

// Item is one segment of a book, with the key of its rendition.
type Item struct {
	Ord     int
	Section int
	Block   int
	Text    string // what is spoken
	Key     string
}

// Book lists a document's segments in reading order with their rendition keys.
func (r *Renderer) Book(ctx context.Context, docID int64, v Voice) ([]Item, error) {
	doc, err := r.st.Document(ctx, docID)
	if err != nil {
		return nil, err
	}
	return r.book(ctx, doc, v)
}

func (r *Renderer) book(ctx context.Context, doc *store.Document, v Voice) ([]Item, error) {
	segs, err := r.st.Script(ctx, doc.ID)
	if err != nil {
		return nil, err
	}
	items := make([]Item, len(segs))
	for i, g := range segs {
		// What the engine gets is the spoken text normalised (numbers, dates,
		// abbreviations spelled out), so the key follows the words actually spoken.
		spoken := narration.Normalize(doc.Language, g.SpokenText)
		key, err := r.Key(v, spoken)
		if err != nil {
			return nil, err
		}
		items[i] = Item{Ord: g.Ord, Section: g.Section, Block: g.Block, Text: spoken, Key: key}
	}
	return items, nil
}

// Failure is a segment that could not be rendered.
type Failure struct {
	Ord    int    `json:"ord"`
	Text   string `json:"text"`
	Reason string `json:"reason"`
}

// Summary reports a rendering pass.
type Summary struct {
	Segments    int       `json:"segments"`
	Synthesized int       `json:"synthesized"`
	Reused      int       `json:"reused"`
	Failed      []Failure `json:"failed"`
}

// Progress is told how many of the segments are rendered so far.
type Progress func(done, total int)

// RenderAll makes every missing rendition of items in this process. Synthesis (on
// the engine's own thread) and writing files run side by side. A segment that fails
// is reported and the rest go on.
func (r *Renderer) RenderAll(ctx context.Context, items []Item, v Voice, progress Progress) (*Summary, error) {
	todo, sum, err := r.missing(ctx, items)
	if err != nil {
		return nil, err
	}
	done := sum.Reused
	report := func() {
		done++
		if progress != nil {
			progress(done, len(items))
		}
	}
	if progress != nil {
		progress(done, len(items))
	}
	type made struct {
		it    Item
		audio *tts.Audio
		err   error
	}
	ch := make(chan made, 4)
	go func() {
		defer close(ch)
		for _, it := range todo {
			if ctx.Err() != nil {
				return
			}
			a, err := r.speak(ctx, v, it.Text)
			ch <- made{it, a, err}
		}
	}()
	for m := range ch {
		err := m.err
		if err == nil {
			_, err = r.save(ctx, m.it.Key, v, m.audio)
		}
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			sum.Failed = append(sum.Failed, Failure{Ord: m.it.Ord, Text: m.it.Text, Reason: err.Error()})
		} else {
			sum.Synthesized++
		}
		report()
	}
	for range ch { // let the producer finish after a cancel
	}
	return sum, ctx.Err()
}

// missing returns the items (one per distinct key) that have no rendition yet, and a
// summary that counts the others as reused.
func (r *Renderer) missing(ctx context.Context, items []Item) ([]Item, *Summary, error) {
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = it.Key
	}
	have, err := r.Existing(ctx, keys)
	if err != nil {
		return nil, nil, err
	}
	sum := &Summary{Segments: len(items), Failed: []Failure{}}
	seen := map[string]bool{}
	var todo []Item
	for _, it := range items {
		if have[it.Key] != nil || seen[it.Key] {
			sum.Reused++
			continue
		}
		seen[it.Key] = true
		todo = append(todo, it)
	}
	return todo, sum, nil
}

func pauseBetween(a, b Item, p Pauses) int {
	switch {
	case a.Section != b.Section:
		return p.Chapter
	case a.Block != b.Block:
		return p.Paragraph
	}
	return p.Sentence
}

// Plan is the content address of an export: the format, the pauses and the
// renditions in order. The same plan gives the same file.
func Plan(format string, p Pauses, items []Item) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d/%d/%d\x00", format, p.Sentence, p.Paragraph, p.Chapter)
	for _, it := range items {
		fmt.Fprintf(h, "%s:%d:%d\x00", it.Key, it.Section, it.Block)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// UpToDate reports whether path still holds the export of plan, as recorded.
func (r *Renderer) UpToDate(ctx context.Context, path, plan string) (*store.Export, bool, error) {
	last, err := r.st.LastExport(ctx, path)
	if err != nil || last == nil || last.Plan != plan {
		return nil, false, err
	}
	st, err := os.Stat(path)
	if err != nil || st.Size() != last.Size || st.ModTime().UnixNano() != last.MtimeNs {
		return nil, false, nil
	}
	return last, true, nil
}

// Exported records that path now holds the export of plan.
func (r *Renderer) Exported(ctx context.Context, docID int64, path, plan string, audio time.Duration) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	return r.st.PutExport(ctx, &store.Export{Path: path, DocumentID: docID, Plan: plan, Size: st.Size(),
		MtimeNs: st.ModTime().UnixNano(), AudioMs: audio.Milliseconds()})
}
