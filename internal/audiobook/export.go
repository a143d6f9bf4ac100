package audiobook

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"readback/internal/audio"
	"readback/internal/narration"
	"readback/internal/render"
	"readback/internal/store"
	"readback/internal/tts"
)

// ExportOptions say what to make of a book's renditions.
type ExportOptions struct {
	Format        string // wav, flac, mp3, opus, m4b
	Path          string // the file; with PerChapter, the folder
	Pauses        render.Pauses
	Title, Author string
	Chapters      []string // section titles, by section ord
	PerChapter    bool     // one file per chapter
	Subtitles     string   // an .srt or .vtt path, or ""
	SubtitleLevel string   // sentence or word
	// Normalize brings the book to a release target's loudness and peak ceiling
	// ("acx", "ebu-r128"; "" leaves the level as synthesised).
	Normalize string
	// Written, when set, is told the samples written so far of all, as the files
	// are written (and encoded: an encoder reads as fast as it encodes).
	Written func(done, total int64)

	known map[string]*store.Rendition // renditions already looked up (Convert's render pass)
}

// ExportResult tells what was written.
type ExportResult struct {
	Duration time.Duration
	Files    []string
	Chapters []audio.Chapter // where each chapter starts in the audio (of all files, end to end)
	Layout   []Piece         // a single WAV file's pieces, for patching it later
}

type placed struct {
	*render.Item        // the book's own, not a copy: a long book has many
	pack         string // the pack file
	offset       int64  // of its PCM in the pack
	srcBytes     int64  // its PCM in the pack, at srcRate
	srcRate      int    // the rendition's rate
	bytes        int64  // its PCM in the book, at the book's rate
	pauseMs      int    // after it, within its file
}

// samples is how many samples the rendition and the pause after it take in the
// book, at its rate: the one sum every pass of an export (and the release check,
// and the patch's silences) counts time by.
func (p placed) samples(rate int) int64 { return p.bytes/2 + audio.SilenceSamples(p.pauseMs, rate) }

// resampled says whether the rendition is at another rate than the book's.
func (p placed) resampled(rate int) bool { return p.srcRate != rate }

// pcm reads the rendition's PCM at the book's rate.
func (p placed) pcm(f *os.File, rate int) ([]byte, error) {
	b := make([]byte, p.srcBytes)
	if _, err := f.ReadAt(b, p.offset); err != nil {
		return nil, err
	}
	if !p.resampled(rate) {
		return b, nil
	}
	in := make([]int16, len(b)/2)
	for i := range in {
		in[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
	}
	out := audio.Resample(in, p.srcRate, rate)
	b = make([]byte, 2*len(out))
	for i, v := range out {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(v))
	}
	return b, nil
}

// Export streams the book's renditions, with pauses, into the requested files and
// subtitles. Segments without a rendition are skipped (the caller lists them).
// Nothing appears under a final name unless everything succeeded.
func (r *Exporter) Export(ctx context.Context, items []render.Item, o ExportOptions) (*ExportResult, error) {
	if o.PerChapter && o.Subtitles != "" {
		return nil, errors.New("subtitles go with a single-file export, not one file per chapter")
	}
	plan, rate, recs, err := r.placeAll(ctx, items, o)
	if err != nil {
		return nil, err
	}
	level := func(s audio.Sink) audio.Sink { return s }
	if o.Normalize != "" {
		gain, ceiling, err := r.levelFor(ctx, plan, rate, o.Normalize)
		if err != nil {
			return nil, err
		}
		level = func(s audio.Sink) audio.Sink { return audio.NewLevelling(s, gain, ceiling) }
	}
	msOf := func(samples int64) int64 { return samples * 1000 / int64(rate) }
	var chapters []audio.Chapter
	var t int64 // samples
	for i, p := range plan {
		if i == 0 || p.Section != plan[i-1].Section {
			if len(chapters) > 0 {
				chapters[len(chapters)-1].EndMs = msOf(t)
			}
			chapters = append(chapters, audio.Chapter{Title: o.chapterTitle(p.Section), StartMs: msOf(t)})
		}
		t += p.samples(rate)
	}
	chapters[len(chapters)-1].EndMs = msOf(t)
	if o.Format == "wav" {
		// Said before a byte is written, not after gigabytes.
		if err := fitsWAV(plan, rate, o.PerChapter); err != nil {
			return nil, fmt.Errorf("export %s: %w", o.Path, err)
		}
	}

	// Then the streaming pass.
	res := &ExportResult{Chapters: chapters}
	var sinks []audio.Sink
	var subs *audio.SubtitleWriter
	fail := func(err error) (*ExportResult, error) {
		for _, s := range sinks {
			s.Abort()
		}
		if subs != nil {
			subs.Abort()
		}
		return nil, fmt.Errorf("export %s: %w", o.Path, err)
	}
	if o.Subtitles != "" {
		var err error
		if subs, err = audio.CreateSubtitles(o.Subtitles, o.SubtitleLevel); err != nil {
			return nil, err
		}
	}
	var sink audio.Sink
	var written int64 // samples in all files so far
	buf := make([]byte, 256<<10)
	packs := packFiles{}
	defer packs.close()
	// Every pack the plan reads is open before the first byte is copied: an open file
	// outlives a compaction that moves its audio to another pack and removes it.
	for _, p := range plan {
		if _, err := packs.open(p.pack); err != nil {
			return fail(err)
		}
	}
	for i, p := range plan {
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		if sink == nil || (o.PerChapter && p.Section != plan[i-1].Section) {
			if sink != nil {
				// The chapter done is finished now (its buffer, file and encoder let
				// go: a long book has hundreds) and named with the others at the end.
				if err := sink.Finish(); err != nil {
					return fail(err)
				}
			}
			path, tags := o.Path, audio.Tags{Title: o.Title, Author: o.Author, Chapters: chapters}
			if o.PerChapter {
				path = filepath.Join(o.Path, chapterFile(len(sinks)+1, o.chapterTitle(p.Section), o.Format))
				tags = audio.Tags{Title: o.chapterTitle(p.Section), Author: o.Author}
			}
			s, err := audio.Create(ctx, o.Format, path, rate, tags)
			if err != nil {
				return fail(err)
			}
			s = level(s)
			sinks = append(sinks, s)
			res.Files = append(res.Files, path)
			sink = s
		}
		start := msOf(written)
		if err := copyRendition(sink, packs[p.pack], p, rate, buf); err != nil {
			return fail(err)
		}
		if subs != nil {
			shown, cues, err := shownCues(p.Item, recs[p.Key].Marks)
			if err != nil {
				return fail(err)
			}
			subs.Add(shown, cues, start, msOf(p.bytes/2))
		}
		if err := sink.WriteSilence(p.pauseMs); err != nil {
			return fail(err)
		}
		written += p.samples(rate)
		if o.Written != nil {
			o.Written(written, t)
		}
	}
	res.Duration = durationOf(written, rate)
	if o.Format == "wav" && !o.PerChapter && o.Normalize == "" && !anyResampled(plan, rate) {
		// A levelled book cannot be patched (its gain is the whole book's), nor one
		// with audio converted to its rate (the patch copies the packs' bytes).
		res.Layout, _ = layoutOf(plan, rate)
	}
	for i, s := range sinks {
		if err := s.Close(); err != nil {
			sinks = sinks[i+1:]
			for _, f := range res.Files[:i] {
				os.Remove(f) // an export is whole or absent
			}
			return fail(err)
		}
	}
	sinks = nil
	if subs != nil {
		if err := subs.Close(); err != nil {
			subs = nil
			return fail(err)
		}
	}
	return res, nil
}

func (o ExportOptions) chapterTitle(section int) string {
	if section >= 0 && section < len(o.Chapters) && o.Chapters[section] != "" {
		return o.Chapters[section]
	}
	return fmt.Sprintf("Chapter %d", section+1)
}

var unsafeName = regexp.MustCompile(`[^\p{L}\p{N} ._,'()-]+`)

// chapterFile names one chapter's file: "03 The Storm.mp3".
func chapterFile(n int, title, format string) string {
	t := strings.Join(strings.Fields(unsafeName.ReplaceAllString(title, " ")), " ")
	if len(t) > 80 {
		t = strings.TrimSpace(t[:80])
	}
	if t == "" || strings.HasPrefix(t, ".") {
		t = "Chapter"
	}
	return fmt.Sprintf("%02d %s.%s", n, t, format)
}

func anyResampled(plan []placed, rate int) bool {
	for _, p := range plan {
		if p.resampled(rate) {
			return true
		}
	}
	return false
}

func copyRendition(sink audio.Sink, f *os.File, p placed, rate int, buf []byte) error {
	if p.resampled(rate) {
		b, err := p.pcm(f, rate)
		if err != nil {
			return err
		}
		return sink.WritePCM(b)
	}
	if w, ok := sink.(*audio.WAVWriter); ok {
		return w.CopyPCM(f, p.offset, p.bytes)
	}
	r := io.NewSectionReader(f, p.offset, p.bytes)
	for {
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			if werr := sink.WritePCM(buf[:n&^1]); werr != nil {
				return werr
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// levelFor measures the plan's audio as it will be written (renditions and pauses)
// and returns the gain and the peak ceiling that bring it to the target.
func (r *Exporter) levelFor(ctx context.Context, plan []placed, rate int, target string) (gainDB, ceilingDB float64, err error) {
	t, err := audio.TargetByID(target)
	if err != nil {
		return 0, 0, err
	}
	m := audio.NewMeter(rate)
	m.SkipTruePeak = true
	buf := make([]byte, 256<<10)
	files := packFiles{}
	defer files.close()
	for _, p := range plan {
		if err := ctx.Err(); err != nil {
			return 0, 0, err
		}
		f, err := files.open(p.pack)
		if err != nil {
			return 0, 0, err
		}
		if p.resampled(rate) {
			b, err := p.pcm(f, rate)
			if err != nil {
				return 0, 0, err
			}
			m.Write(b)
			m.WriteSilence(p.pauseMs)
			continue
		}
		rd := io.NewSectionReader(f, p.offset, p.bytes)
		for {
			n, rerr := io.ReadFull(rd, buf)
			m.Write(buf[:n&^1])
			if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
				break
			}
			if rerr != nil {
				return 0, 0, rerr
			}
		}
		m.WriteSilence(p.pauseMs)
	}
	gainDB, ceilingDB = audio.LevelFor(t, m.Result())
	return gainDB, ceilingDB, nil
}

// place is the first pass of an export: which renditions exist, where their audio
// is, and the silence after each.
func (r *Exporter) place(ctx context.Context, items []render.Item, o ExportOptions) ([]placed, int, error) {
	plan, rate, _, err := r.placeAll(ctx, items, o)
	return plan, rate, err
}

// fitsWAV fails with audio.ErrTooLongForWAV when a file of the plan (the book, or
// a chapter) would hold more PCM than a WAV file can.
func fitsWAV(plan []placed, rate int, perChapter bool) error {
	var n int64 // bytes of PCM in the file
	for i, p := range plan {
		if perChapter && i > 0 && p.Section != plan[i-1].Section {
			n = 0
		}
		n += 2 * p.samples(rate)
		if n > audio.MaxWAVBytes {
			return audio.ErrTooLongForWAV
		}
	}
	return nil
}

// packFiles are the packs an export reads, each opened once.
type packFiles map[string]*os.File

func (pf packFiles) open(path string) (*os.File, error) {
	if f := pf[path]; f != nil {
		return f, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	pf[path] = f
	return f, nil
}

func (pf packFiles) close() {
	for _, f := range pf {
		f.Close()
	}
}

func (r *Exporter) placeAll(ctx context.Context, items []render.Item, o ExportOptions) ([]placed, int, map[string]*store.Rendition, error) {
	// First the plan: which renditions exist, their lengths, and the chapter spans.
	keys := render.Keys(items)
	recs := o.known
	if recs == nil || !allKnown(recs, keys) {
		var err error
		if recs, err = r.Existing(ctx, keys); err != nil {
			return nil, 0, nil, err
		}
	}
	plan := make([]placed, 0, len(items))
	paths := map[string]string{} // a pack's path, made once: a book has many sentences per pack
	// The book is written at the highest rate of its voices: a voice at a lower one
	// (a Piper voice at 16,000 Hz beside eSpeak at 22,050) is converted up, and
	// nothing is converted down.
	rate := 0
	for i := range items {
		if rec := recs[items[i].Key]; rec != nil {
			rate = max(rate, rec.SampleRate)
		}
	}
	for i := range items {
		it := &items[i]
		rec := recs[it.Key]
		if rec == nil {
			continue
		}
		if rec.SampleRate <= 0 {
			return nil, 0, nil, fmt.Errorf("segment %d has no sample rate", it.Ord+1)
		}
		path, ok := paths[rec.Pack]
		if !ok {
			path = r.PackPath(rec.Pack)
			paths[rec.Pack] = path
		}
		plan = append(plan, placed{Item: it, pack: path, offset: rec.Offset, srcBytes: 2 * rec.Samples, srcRate: rec.SampleRate,
			bytes: 2 * audio.ResampledLen(rec.Samples, rec.SampleRate, rate)})
	}
	if len(plan) == 0 {
		return nil, 0, nil, errors.New("no segment has audio")
	}
	for i := range plan[:len(plan)-1] {
		if o.PerChapter && plan[i+1].Section != plan[i].Section {
			continue // each chapter's file ends with its last word
		}
		plan[i].pauseMs = render.PauseBetween(*plan[i].Item, *plan[i+1].Item, o.Pauses)
	}
	return plan, rate, recs, nil
}

func durationOf(samples int64, rate int) time.Duration {
	// Whole seconds first: samples × 10⁹ overflows past 116 hours at 22,050 Hz.
	r := int64(rate)
	return time.Duration(samples/r)*time.Second + time.Duration(samples%r)*time.Second/time.Duration(r)
}

func allKnown(recs map[string]*store.Rendition, keys []string) bool {
	for _, k := range keys {
		if recs[k] == nil {
			return false
		}
	}
	return true
}

// shownCues are a sentence's word cues on the writer's text: each word the engine
// was given mapped back to the word it comes from ("Shivawn shivawn shivawn", a
// lexicon's respelling, is one cue "Siobhan"), the engine's words that come from one
// written word ("nineteen eighty-four" for 1984) merged into one cue across their
// time.
func shownCues(it *render.Item, raw json.RawMessage) (string, []tts.Mark, error) {
	shown := it.Shown
	if shown == "" {
		shown = it.Text
	}
	var marks []tts.Mark
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &marks); err != nil {
			return "", nil, fmt.Errorf("subtitles: marks of sentence %d: %w", it.Ord+1, err)
		}
	}
	var out []tts.Mark
	for _, m := range marks {
		if m.Kind != tts.WordMark || m.Start < 0 || m.End > len(it.Text) || m.Start >= m.End {
			continue
		}
		s, e := m.Start, m.End
		if shown != it.Text {
			if s, e = narration.MapSpan(shown, it.Text, m.Start, m.End); s < 0 || e <= s {
				continue
			}
		}
		if n := len(out); n > 0 && out[n-1].Start == s && out[n-1].End == e {
			out[n-1].EndMs = max(out[n-1].EndMs, m.EndMs)
			continue
		}
		out = append(out, tts.Mark{Kind: tts.WordMark, Start: s, End: e, StartMs: m.StartMs, EndMs: m.EndMs})
	}
	// A written word no mark falls on (eSpeak says "with the" as one word) joins the
	// cue before it, so that every word of the sentence is shown.
	for i := 0; i+1 < len(out); i++ {
		if out[i+1].Start <= out[i].End {
			continue
		}
		gap := shown[out[i].End:out[i+1].Start]
		if j := strings.LastIndexFunc(gap, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }); j >= 0 {
			_, n := utf8.DecodeRuneInString(gap[j:])
			out[i].End += j + n
		}
	}
	return shown, out, nil
}
