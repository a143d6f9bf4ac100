package audio

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
)

// CheckFile measures an audio file (any format ffmpeg reads, decoded to mono) for
// the book and for each chapter it marks, and checks both against t.
func CheckFile(ctx context.Context, path string, t Target) (*Report, error) {
	probe, err := exec.LookPath("ffprobe")
	if err != nil {
		return nil, ErrNoFFmpeg
	}
	ff, err := exec.LookPath("ffmpeg")
	if err != nil {
		return nil, ErrNoFFmpeg
	}
	var info struct {
		Streams []struct {
			SampleRate string `json:"sample_rate"`
		} `json:"streams"`
		Chapters []struct {
			Start string            `json:"start_time"`
			Tags  map[string]string `json:"tags"`
		} `json:"chapters"`
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, probe, "-v", "error", "-print_format", "json", "-show_chapters", "-show_streams", "-select_streams", "a:0", "--", path)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: not audio that ffmpeg can read: %s", path, firstLine(stderr.String(), err))
	}
	if err := json.Unmarshal(out, &info); err != nil || len(info.Streams) == 0 {
		return nil, fmt.Errorf("%s: no audio stream", path)
	}
	rate, err := strconv.Atoi(info.Streams[0].SampleRate)
	if err != nil || rate <= 0 {
		return nil, fmt.Errorf("%s: no sample rate", path)
	}
	// Chapter starts in samples; a file without chapters is one.
	type mark struct {
		title string
		start int64
	}
	var marks []mark
	for i, c := range info.Chapters {
		s, _ := strconv.ParseFloat(c.Start, 64)
		title := c.Tags["title"]
		if title == "" {
			title = fmt.Sprintf("Chapter %d", i+1)
		}
		marks = append(marks, mark{title, int64(s * float64(rate))})
	}
	dec := exec.CommandContext(ctx, ff, "-v", "error", "-i", path, "-f", "s16le", "-acodec", "pcm_s16le", "-ac", "1", "-ar", strconv.Itoa(rate), "-")
	var decErr bytes.Buffer
	dec.Stderr = &decErr
	pipe, err := dec.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := dec.Start(); err != nil {
		return nil, err
	}
	book := NewMeter(rate)
	var meters []*Meter
	ch := -1
	var pos int64 // samples read
	r := bufio.NewReaderSize(pipe, 256<<10)
	buf := make([]byte, 64<<10)
	for {
		n, rerr := io.ReadFull(r, buf)
		n -= n % 2
		b := buf[:n]
		for len(b) > 0 {
			// Up to the next chapter start, this chapter's meter takes the bytes.
			take := int64(len(b) / 2)
			if ch+1 < len(marks) {
				take = min(take, max(marks[ch+1].start-pos, 0))
			}
			if take == 0 {
				ch++
				meters = append(meters, NewMeter(rate))
				continue
			}
			piece := b[:2*take]
			book.Write(piece)
			if ch >= 0 {
				meters[ch].Write(piece)
			}
			pos += take
			b = b[2*take:]
		}
		if rerr != nil {
			if errors.Is(rerr, io.EOF) || errors.Is(rerr, io.ErrUnexpectedEOF) {
				break
			}
			dec.Process.Kill()
			dec.Wait()
			return nil, rerr
		}
	}
	if err := dec.Wait(); err != nil {
		return nil, fmt.Errorf("%s: ffmpeg could not decode it: %s", path, firstLine(decErr.String(), err))
	}
	rep := &Report{File: path, Target: t.Name, Source: t.Source, Book: checked("book", 0, book.Result(), t), Chapters: []CheckedPart{}}
	rep.OK = rep.Book.OK
	for i, m := range meters {
		p := checked(marks[i].title, float64(marks[i].start)/float64(rate), m.Result(), t)
		rep.Chapters = append(rep.Chapters, p)
		rep.OK = rep.OK && p.OK
	}
	return rep, nil
}

func firstLine(s string, err error) string {
	if i := bytes.IndexByte([]byte(s), '\n'); i > 0 {
		return s[:i]
	}
	if s != "" {
		return s
	}
	return err.Error()
}
