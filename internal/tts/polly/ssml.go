package polly

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"readback/internal/lexicon"
	"readback/internal/tts"
)

// The most one SynthesizeSpeech takes: characters billed (markup not counted), and
// characters with the markup.
const (
	maxBilled = 3000
	maxTotal  = 6000
)

// document is a span of a request's text as the SSML Polly is sent, with where each
// byte of the SSML came from: Polly's speech marks give offsets into what it was
// sent, and the marks Readback keeps are offsets into the writer's text.
type document struct {
	ssml   string
	origin []int // per byte of ssml: the byte of the request's text it says, or -1 for markup
	breaks []pause
	billed int
	start  int // the span's first byte in the request's text
}

// pause is a <break> at a byte of the SSML.
type pause struct{ at, ms int }

// features is the SSML a Polly engine reads: the neural, long-form and generative
// voices ignore or refuse pitch and emphasis. said is the IPA of each lexicon entry
// given as eSpeak's phonemes ([[…]]), by the byte of the text it starts at.
type features struct {
	pitch, emphasis bool
	said            map[int]string
}

func featuresOf(engine string) features {
	if engine == "standard" {
		return features{pitch: true, emphasis: true}
	}
	return features{}
}

// MaxRate is the fastest Polly speaks (prosody rate 200%); a faster rate is said
// at it.
const MaxRate = 2.0

// prosody is the <prosody> attributes that change the voice's own.
func prosody(p tts.Prosody, f features) string {
	var b strings.Builder
	if p.Rate != 1 && p.Rate > 0 {
		fmt.Fprintf(&b, ` rate="%d%%"`, int(math.Round(min(p.Rate, MaxRate)*100)))
	}
	if f.pitch && p.Pitch != 1 && p.Pitch > 0 {
		fmt.Fprintf(&b, ` pitch="%+d%%"`, int(math.Round((p.Pitch-1)*100)))
	}
	switch {
	case p.Volume == 0:
		b.WriteString(` volume="silent"`)
	case p.Volume != 1 && p.Volume > 0:
		if db := int(math.Round(20 * math.Log10(p.Volume))); db != 0 { // Polly takes whole decibels
			fmt.Fprintf(&b, ` volume="%+ddB"`, db)
		}
	}
	return b.String()
}

// build writes text[from:to] as SSML: the writer's pauses inside it as <break>s
// (those at its end included), emphasised words as <emphasis> where the engine
// reads it, characters that are markup escaped.
func build(req tts.Request, cuts map[int]int, from, to int, f features) document {
	d := document{start: from}
	var b strings.Builder
	write := func(s string, origin int) {
		b.WriteString(s)
		for range len(s) {
			d.origin = append(d.origin, origin)
		}
	}
	write("<speak>", -1)
	attrs := prosody(req.Prosody, f)
	if attrs != "" {
		write("<prosody"+attrs+">", -1)
	}
	// Emphasised words as spans that neither overlap nor cut a character, so that
	// every <emphasis> opened is closed; a span across the cut between two parts
	// is emphasised in each.
	opens, closes := map[int]bool{}, map[int]bool{}
	if f.emphasis {
		var spans [][2]int
		for _, m := range req.Marks {
			s, e := max(m.Start, from), min(m.End, to)
			if m.Kind == "emphasis" && s < e && utf8.RuneStart(req.Text[s]) && (e == len(req.Text) || utf8.RuneStart(req.Text[e])) {
				spans = append(spans, [2]int{s, e})
			}
		}
		sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
		last := -1
		for _, sp := range spans {
			if sp[0] >= last {
				opens[sp[0]], closes[sp[1]] = true, true
				last = sp[1]
			}
		}
	}
	for i := from; i < to; {
		if opens[i] {
			write(`<emphasis level="moderate">`, -1)
		}
		if ipa, end, ok := ipaAt(req.Text, i, to, f.said); ok {
			// The lexicon's entry: Polly says ph; the symbols inside are what is
			// billed and what its speech marks point at, which span the entry's
			// marker from its first byte to its last.
			write(`<phoneme alphabet="ipa" ph="`+ipa+`">`, -1)
			for k := range len(ipa) {
				at := i + min(k, end-i-2)
				if k == len(ipa)-1 {
					at = end - 1
				}
				write(ipa[k:k+1], at)
			}
			write("</phoneme>", -1)
			d.billed += utf8.RuneCountInString(ipa)
			i = end
			if closes[i] {
				write("</emphasis>", -1)
			}
			if ms := cuts[i]; ms > 0 {
				d.breaks = append(d.breaks, pause{at: b.Len(), ms: ms})
				write(fmt.Sprintf(`<break time="%dms"/>`, ms), -1)
			}
			continue
		}
		if strings.HasPrefix(req.Text[i:to], "[[") {
			// eSpeak's phonemes with no IPA found for them: not read out as
			// letters (the narrator breaks up a "[[" the writer typed).
			if j := strings.Index(req.Text[i:to], "]]"); j > 0 {
				i += j + 2
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(req.Text[i:])
		switch {
		case r == '&':
			write("&amp;", i)
		case r == '<':
			write("&lt;", i)
		case r == '>':
			write("&gt;", i)
		case r == '"':
			write("&quot;", i)
		case r == '\'':
			write("&apos;", i)
		case r == utf8.RuneError && n <= 1, r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0xFFFE || r == 0xFFFF:
			write(" ", i) // not allowed in XML
		default:
			for k := range n {
				write(req.Text[i+k:i+k+1], i+k)
			}
		}
		if r != utf8.RuneError || n > 1 {
			d.billed++
		}
		i += n
		if closes[i] {
			write("</emphasis>", -1)
		}
		if ms := cuts[i]; ms > 0 {
			d.breaks = append(d.breaks, pause{at: b.Len(), ms: ms})
			write(fmt.Sprintf(`<break time="%dms"/>`, ms), -1)
		}
	}
	if attrs != "" {
		write("</prosody>", -1)
	}
	write("</speak>", -1)
	d.ssml = b.String()
	return d
}

// ipaAt is the IPA of a lexicon entry starting at i and ending by to, and its end:
// an IPA marker's own (lexicon.IPAMarker), or what eSpeak's phonemes were found to
// say (said). The lexicon refuses IPA holding markup characters, so it goes into ph
// as it is; a marker that would not is said as text.
func ipaAt(text string, i, to int, said map[int]string) (ipa string, end int, ok bool) {
	ipa, end, ok = lexicon.IPAAt(text, i, to)
	if !ok {
		if ipa, ok = said[i]; ok {
			j := strings.Index(text[i:to], "]]")
			end, ok = i+j+2, j > 0
		}
	}
	if !ok || ipa == "" || strings.ContainsAny(ipa, `<>&"`) {
		return "", 0, false
	}
	return ipa, end, true
}

// plan cuts a request into the spans Polly takes in one request each: the whole
// text when it fits, else halves cut at the clause boundary nearest the middle
// (else a space, else any character).
func plan(req tts.Request, cuts map[int]int, f features) []document {
	var out []document
	var split func(from, to int)
	split = func(from, to int) {
		d := build(req, cuts, from, to, f)
		if (d.billed <= maxBilled && len(d.ssml) <= maxTotal) || to-from <= 1 {
			out = append(out, d)
			return
		}
		at := cutNear(req.Text, from, to)
		split(from, at)
		split(at, to)
	}
	split(0, len(req.Text))
	return out
}

// cutNear is where text[from:to] is best cut in two: after the clause boundary
// nearest its middle, else after a space, else at the middle's character.
func cutNear(text string, from, to int) int {
	mid := from + (to-from)/2
	best, bestRank := -1, 3
	for i := from + 1; i < to; i++ {
		if !utf8.RuneStart(text[i]) {
			continue
		}
		rank := 2
		prev, _ := utf8.DecodeLastRuneInString(text[from:i])
		next, _ := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(next) && strings.ContainsRune(".!?;:,—", prev):
			rank = 0
		case unicode.IsSpace(prev) && !unicode.IsSpace(next):
			rank = 1
		}
		if rank < bestRank || (rank == bestRank && abs(i-mid) < abs(best-mid)) {
			best, bestRank = i, rank
		}
	}
	if best < 0 {
		return mid
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// textSpan is the span of the request's text that the SSML's bytes [start, end)
// say, trimmed to a word's letters and digits; ok is false when they say none.
func (d document) textSpan(text string, start, end int) (int, int, bool) {
	start, end = max(start, 0), min(end, len(d.origin))
	first, last := -1, -1
	for i := start; i < end; i++ {
		if o := d.origin[i]; o >= 0 {
			if first < 0 {
				first = o
			}
			last = o
		}
	}
	if first < 0 {
		return 0, 0, false
	}
	// The last byte said ends its character.
	stop := last + 1
	for stop < len(text) && !utf8.RuneStart(text[stop]) {
		stop++
	}
	for first < stop {
		r, n := utf8.DecodeRuneInString(text[first:stop])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		first += n
	}
	for stop > first {
		r, n := utf8.DecodeLastRuneInString(text[first:stop])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		stop -= n
	}
	return first, stop, stop > first
}

// pausedBetween is the silence of the <break>s between two bytes of the SSML.
func (d document) pausedBetween(from, to int) int {
	ms := 0
	for _, p := range d.breaks {
		if p.at >= from && p.at < to {
			ms += p.ms
		}
	}
	return ms
}
