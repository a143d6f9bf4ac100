package audio

import (
	"bufio"
	"fmt"
	"strings"

	"readback/internal/tts"
)

// SubtitleWriter writes SRT or WebVTT cues for a book as it is exported: one cue per
// segment (sentence level) or per word (word level), timed from the marks.
type SubtitleWriter struct {
	out   *AtomicFile
	buf   *bufio.Writer
	vtt   bool
	words bool
	n     int
	err   error
}

// CreateSubtitles starts a subtitle file; the format comes from the extension
// (.srt or .vtt) and level is "sentence" or "word".
func CreateSubtitles(path, level string) (*SubtitleWriter, error) {
	var vtt bool
	switch {
	case strings.HasSuffix(strings.ToLower(path), ".srt"):
	case strings.HasSuffix(strings.ToLower(path), ".vtt"):
		vtt = true
	default:
		return nil, fmt.Errorf("subtitles %s: the name must end in .srt or .vtt", path)
	}
	if level != "sentence" && level != "word" {
		return nil, fmt.Errorf("subtitle level must be sentence or word, not %q", level)
	}
	out, err := CreateAtomic(path)
	if err != nil {
		return nil, err
	}
	w := &SubtitleWriter{out: out, buf: bufio.NewWriter(out), vtt: vtt, words: level == "word"}
	if vtt {
		w.buf.WriteString("WEBVTT\n\n")
	}
	return w, nil
}

// Add writes the cues of one segment whose audio starts at startMs and lasts
// durationMs: the segment's text, or its words (marks on text) one by one.
func (w *SubtitleWriter) Add(text string, marks []tts.Mark, startMs, durationMs int64) {
	if w.err != nil {
		return
	}
	if !w.words {
		w.cue(startMs, startMs+durationMs, text)
		return
	}
	for _, m := range marks {
		if m.Kind == tts.WordMark && m.Start >= 0 && m.End <= len(text) && m.Start < m.End {
			end := min(int64(m.EndMs), durationMs)
			w.cue(startMs+int64(m.StartMs), startMs+max(end, int64(m.StartMs)+1), text[m.Start:m.End])
		}
	}
}

func (w *SubtitleWriter) cue(from, to int64, text string) {
	w.n++
	if w.vtt {
		fmt.Fprintf(w.buf, "%d\n%s --> %s\n%s\n\n", w.n, stamp(from, '.'), stamp(to, '.'), escapeVTT(text))
	} else {
		fmt.Fprintf(w.buf, "%d\n%s --> %s\n%s\n\n", w.n, stamp(from, ','), stamp(to, ','), text)
	}
}

func stamp(ms int64, sep byte) string {
	return fmt.Sprintf("%02d:%02d:%02d%c%03d", ms/3600000, ms/60000%60, ms/1000%60, sep, ms%1000)
}

func escapeVTT(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "-->", "--&gt;").Replace(s)
}

// Close commits the file.
func (w *SubtitleWriter) Close() error {
	if w.err == nil {
		w.err = w.buf.Flush()
	}
	if w.err != nil {
		w.out.Abort()
		return w.err
	}
	return w.out.Commit()
}

// Abort removes the file.
func (w *SubtitleWriter) Abort() { w.out.Abort() }
