// Command wordtiming measures how close the word timings of a neural voice without
// durations are: Readback times such a voice's words by eSpeak's timings of the same
// words, warped onto where the voice's audio speaks and pauses (neural.Warp, through
// Spans.WordMarks). No real Piper voice runs here, so another synthesiser with its
// own duration model stands in for it: Festival (its kal diphone voice) says each
// sentence and tells where each of its words starts and ends; eSpeak's timings,
// warped onto Festival's audio as Readback warps them onto Piper's, are compared
// with those, and so is the plain stretch over the whole audio Readback did before. The same is done for a voice
// whose model gives its durations (a Piper voice patched with its alignments), where
// each clause's span is known and eSpeak places the words inside it
// (neural.SpreadWords), and for a plain guess, words spread by their letters.
//
//	go run ./tools/wordtiming [-n 200] MARKDOWN
//
// Sentences are taken from the file's prose: those of letters, spaces and commas
// only, 6 to 30 words, so that Festival and eSpeak read the same words.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"readback/internal/tts/neural"
)

type word struct{ start, end float64 } // ms

func main() {
	n := flag.Int("n", 200, "sentences to measure")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: wordtiming [-n 200] MARKDOWN")
		os.Exit(2)
	}
	r, err := measure(flag.Arg(0), *n)
	if err != nil {
		fmt.Fprintln(os.Stderr, "wordtiming:", err)
		os.Exit(1)
	}
	fmt.Printf("%d sentences (%d words) of %d read as the same words by Festival and eSpeak\n", r.used, r.words, r.sentences)
	fmt.Println("| words timed by | word starts off by, median | 90th percentile | largest | the word said at each word's middle |")
	fmt.Println("|---|---|---|---|---|")
	for _, m := range r.methods {
		fmt.Printf("| %s | %.0f ms | %.0f ms | %.0f ms | %.1f %% |\n", m.name, m.off(50), m.off(90), m.off(100), m.right())
	}
}

// method is one way of timing words, and how far it was.
type method struct {
	name  string
	offs  []float64 // each word's start off by (ms), sorted
	hits  int       // words shown at their own middles
	words int
}

func (m method) off(p int) float64 { return m.offs[min(len(m.offs)-1, len(m.offs)*p/100)] }
func (m method) right() float64    { return 100 * float64(m.hits) / float64(m.words) }

type result struct {
	sentences, used, words int
	methods                []method // stretched, warped (Readback's), in clauses, by letters
}

// measure times up to n sentences of the Markdown file at path every way.
func measure(path string, n int) (*result, error) {
	if _, err := exec.LookPath("festival"); err != nil {
		return nil, fmt.Errorf("festival is not installed (scripts/bootstrap installs it: festival festvox-kallpc16k)")
	}
	sentences, err := prose(path, n)
	if err != nil {
		return nil, err
	}
	truth, err := festival(sentences)
	if err != nil {
		return nil, fmt.Errorf("festival: %w", err)
	}
	es, err := espeak.New()
	if err != nil {
		return nil, fmt.Errorf("espeak: %w", err)
	}
	defer es.Close()
	r := &result{sentences: len(sentences), methods: []method{
		{name: "eSpeak's timings stretched over the whole audio (Readback before)"},
		{name: "eSpeak's timings warped onto where the audio speaks and pauses (a plain Piper export)"},
		{name: "eSpeak's timings inside each clause's span (a voice with durations)"},
		{name: "letters, spread over the sentence (a guess, for comparison)"},
	}}
	for i, s := range sentences {
		t := truth[i]
		ref, err := es.Synthesize(context.Background(), tts.Request{Text: s, Voice: "en-us", Prosody: tts.Normal})
		if err != nil {
			return nil, fmt.Errorf("espeak: %w", err)
		}
		var marks []tts.Mark
		for _, m := range ref.Marks {
			if m.Kind == tts.WordMark {
				marks = append(marks, m)
			}
		}
		if len(marks) != len(t.words) {
			continue // the two read the sentence as different words
		}
		r.used++
		r.words += len(marks)
		guesses := [][]word{
			stretched(marks, ref.DurationMs(), t.durationMs),
			toWords((*neural.Spans)(nil).WordMarks(ref, 0, nil, t.samples, t.rate, 0)),
			toWords(inClauses(ref, s, marks, t.words)),
			byLetters(s, marks, t.durationMs),
		}
		for k, g := range guesses {
			m := &r.methods[k]
			if len(g) != len(t.words) {
				return nil, fmt.Errorf("%s gave %d words for %d in %q", m.name, len(g), len(t.words), s)
			}
			for j, w := range t.words {
				m.offs = append(m.offs, math.Abs(g[j].start-w.start))
				m.words++
				if at(g, (w.start+w.end)/2) == j {
					m.hits++
				}
			}
		}
	}
	if r.words == 0 {
		return nil, fmt.Errorf("no sentence of %s read as the same words by both", path)
	}
	for k := range r.methods {
		slices.Sort(r.methods[k].offs)
	}
	return r, nil
}

// inClauses times the words as a voice whose model gives its durations is timed:
// each clause (cut at commas) spans what Festival says it does, eSpeak places the
// clause's words inside it.
func inClauses(ref *tts.Audio, text string, marks []tts.Mark, truth []word) []tts.Mark {
	var out []tts.Mark
	first := 0
	for first < len(marks) {
		last := first
		for last+1 < len(marks) && !strings.Contains(text[marks[last].End:marks[last+1].Start], ",") {
			last++
		}
		to := len(text)
		if last+1 < len(marks) {
			to = marks[last+1].Start
		}
		out = append(out, neural.SpreadWords(ref, 0, marks[first].Start, to, int(truth[first].start), int(truth[last].end))...)
		first = last + 1
	}
	return out
}

// stretched is eSpeak's timings stretched linearly from its audio's length to the
// voice's, as Readback timed a plain Piper export's words until 2026-12-01.
func stretched(marks []tts.Mark, refMs int, durationMs float64) []word {
	scale := durationMs / float64(refMs)
	var out []word
	for _, m := range marks {
		out = append(out, word{float64(m.StartMs) * scale, float64(m.EndMs) * scale})
	}
	return out
}

// byLetters spreads the sentence's length over its words by their letters.
func byLetters(text string, marks []tts.Mark, durationMs float64) []word {
	total := 0
	for _, m := range marks {
		total += m.End - m.Start + 1
	}
	var out []word
	at := 0.0
	for _, m := range marks {
		d := durationMs * float64(m.End-m.Start+1) / float64(total)
		out = append(out, word{at, at + d})
		at += d
	}
	return out
}

func toWords(ms []tts.Mark) []word {
	out := make([]word, len(ms))
	for i, m := range ms {
		out[i] = word{float64(m.StartMs), float64(m.EndMs)}
	}
	return out
}

// at is the word shown at time t: the last one started by then.
func at(ws []word, t float64) int {
	k := -1
	for i, w := range ws {
		if w.start <= t {
			k = i
		}
	}
	return k
}

func pct(sorted []float64, p int) float64 {
	return sorted[min(len(sorted)-1, len(sorted)*p/100)]
}

var plain = regexp.MustCompile(`^[A-Z][a-z]*(,? [A-Za-z]+)*\.$`)

// prose is up to n sentences of the Markdown file's paragraphs that Festival and
// eSpeak should read as the same words.
func prose(path string, n int) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, para := range strings.Split(string(b), "\n\n") {
		if strings.ContainsAny(para[:min(len(para), 1)], "#`-*|>: ") {
			continue // headings, code, lists, tables, quotes, indented blocks
		}
		text := strings.Join(strings.Fields(para), " ")
		for _, s := range regexp.MustCompile(`[^.!?]+[.!?]`).FindAllString(text, -1) {
			s = strings.TrimSpace(s)
			if w := len(strings.Fields(s)); w >= 6 && w <= 30 && plain.MatchString(s) {
				out = append(out, s)
				if len(out) == n {
					return out, nil
				}
			}
		}
	}
	return out, nil
}

type said struct {
	words      []word
	durationMs float64
	samples    []int16
	rate       int
}

// festival says each sentence with the kal diphone voice and returns its words'
// spans and its audio's length.
func festival(sentences []string) ([]said, error) {
	dir, err := os.MkdirTemp("", "wordtiming-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var script strings.Builder
	script.WriteString("(voice_kal_diphone)\n")
	for i, s := range sentences {
		fmt.Fprintf(&script, `(set! u (utt.synth (Utterance Text %q)))
(utt.save.wave u "%s/%d.wav" 'riff)
(format t "S %%l %%l\n" (cadr (assoc 'num_samples (wave.info (utt.wave u)))) (cadr (assoc 'sample_rate (wave.info (utt.wave u)))))
(mapcar (lambda (w) (format t "W %%f %%f\n" (item.feat w "R:SylStructure.daughter1.daughter1.segment_start") (item.feat w "word_end"))) (utt.relation.items u 'Word))
`, s, dir, i)
	}
	f, err := os.CreateTemp(dir, "*.scm")
	if err != nil {
		return nil, err
	}
	f.WriteString(script.String())
	f.Close()
	out, err := exec.Command("festival", "--batch", f.Name()).Output()
	if err != nil {
		return nil, err
	}
	var all []said
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 3 && f[0] == "S":
			samples, _ := strconv.ParseFloat(f[1], 64)
			rate, _ := strconv.ParseFloat(f[2], 64)
			all = append(all, said{durationMs: 1000 * samples / rate})
		case len(f) == 3 && f[0] == "W" && len(all) > 0:
			s, _ := strconv.ParseFloat(f[1], 64)
			e, _ := strconv.ParseFloat(f[2], 64)
			all[len(all)-1].words = append(all[len(all)-1].words, word{1000 * s, 1000 * e})
		}
	}
	if len(all) != len(sentences) {
		return nil, fmt.Errorf("%d sentences said of %d", len(all), len(sentences))
	}
	for i := range all {
		b, err := os.ReadFile(fmt.Sprintf("%s/%d.wav", dir, i))
		if err != nil {
			return nil, err
		}
		d := bytes.Index(b, []byte("data"))
		if d < 0 || len(b) < d+8 {
			return nil, fmt.Errorf("sentence %d: no samples in Festival's WAV", i)
		}
		all[i].rate = int(binary.LittleEndian.Uint32(b[24:]))
		for p := d + 8; p+1 < len(b); p += 2 {
			all[i].samples = append(all[i].samples, int16(binary.LittleEndian.Uint16(b[p:])))
		}
	}
	return all, nil
}
