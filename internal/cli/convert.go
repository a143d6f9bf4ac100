package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"readback/internal/audio"
	"readback/internal/audiobook"
	"readback/internal/catalog"
	"readback/internal/config"
	"readback/internal/fault"
	"readback/internal/jobs"
	"readback/internal/library"
	"readback/internal/render"
	"readback/internal/store"
	"readback/internal/tts"
	speechengines "readback/internal/tts/engines"
	"readback/internal/tts/espeak"
	"readback/internal/tts/kokoro"
	"readback/internal/tts/neural"
	"readback/internal/tts/piper"
	"readback/internal/webfetch"
)

// withEngines runs fn with the speech engines started, and closes them after.
func (inv *invocation) withEngines(fn func(*tts.Registry) int) int {
	reg, err := inv.engines()
	if err != nil {
		return inv.fail(err)
	}
	defer reg.Close()
	return fn(reg)
}

// engines starts the speech engines this machine has, Piper's with the voices
// installed in the data directory, and Amazon Polly's when the library's
// preferences turn it on.
func (inv *invocation) engines() (*tts.Registry, error) {
	paths, _ := config.Resolve(inv.dataDir) // none: no Piper voices, said in Missing
	reg, err := speechengines.Open(paths)
	if err != nil || paths.Data == "" {
		return reg, err
	}
	if _, err := os.Stat(paths.Database()); err != nil {
		return reg, nil // no library yet: nothing is set up
	}
	ctx := context.Background()
	st, err := inv.openStore(ctx)
	if err != nil {
		return reg, nil // said by whatever needs the library
	}
	defer st.Close()
	if p, err := st.Preferences(ctx); err == nil {
		speechengines.Polly(ctx, reg, paths, p.Polly)
	}
	return reg, nil
}

func runVoices(ctx context.Context, inv *invocation) int {
	if len(inv.args) > 0 && slices.Contains([]string{"add", "remove", "catalogue", "download"}, inv.args[0]) {
		return runVoicesChange(ctx, inv)
	}
	if done, code := inv.parse(inv.fsArgs(), noArgs); done {
		return code
	}
	return inv.withEngines(func(reg *tts.Registry) int {
		for name, why := range reg.Missing() {
			fmt.Fprintf(inv.env.Stderr, "readback voices: no %s voices here: %s\n", name, why)
		}
		vs, err := reg.Voices(ctx)
		if err != nil {
			return inv.fail(err)
		}
		w := newLineWriter(inv.env.Stdout)
		// The voice presets installed from the shared library first (none when the
		// library does not exist yet: listing voices creates nothing).
		if paths, err := config.Resolve(inv.dataDir); err == nil {
			if _, err := os.Stat(paths.Database()); err == nil {
				if code := inv.withStore(ctx, func(st *store.Store) int {
					presets, err := library.Presets(ctx, st)
					if err != nil {
						return inv.fail(err)
					}
					for _, p := range presets {
						w.line(fmt.Sprintf("%s\t%s\t%s (shared preset)\t\t\t", p.Voice, p.Language, oneLine(p.Name)))
					}
					return ExitOK
				}); code != ExitOK {
					return code
				}
			}
		}
		for _, v := range vs {
			quality := v.Quality
			if v.Grade != "" {
				quality = "grade " + v.Grade
			}
			hz := ""
			if v.SampleRate > 0 {
				hz = fmt.Sprint(v.SampleRate)
			}
			w.line(fmt.Sprintf("%s:%s\t%s\t%s\t%s\t%s\t%s", v.Engine, v.ID, v.Language, v.Name, v.Gender, quality, hz))
		}
		if err := w.flush(); err != nil {
			return inv.fail(err)
		}
		return ExitOK
	})
}

// runVoicesChange changes the neural voices: "voices add FILE…" (a Piper voice's
// NAME.onnx with NAME.onnx.json, a Kokoro model's .onnx with its config.json, or an
// archive holding either), "voices remove ID", "voices catalogue" (what Piper's voice
// catalogue offers) and "voices download KEY" (from it).
func runVoicesChange(ctx context.Context, inv *invocation) int {
	kind, sub := kindOf(inv, "voices")
	var from *string
	count := func(n int) bool { return n == 1 }
	switch kind {
	case "add":
		sub.cmd.args, sub.cmd.summary = "FILE…", "install a Piper voice (NAME.onnx and NAME.onnx.json, or the model alone with its config beside it) or a Kokoro model (its .onnx and config.json), or a .zip or .tar.gz holding either"
		count = func(n int) bool { return n >= 1 }
	case "remove":
		sub.cmd.args, sub.cmd.summary = "ID", "remove an installed Piper voice (ID or piper:ID) or Kokoro model (kokoro:ID)"
	case "catalogue":
		sub.cmd.args, sub.cmd.summary = "", "list the voice catalogue: KEY<TAB>LANGUAGE<TAB>QUALITY<TAB>SPEAKERS<TAB>MB<TAB>installed"
		count = noArgs
	case "download":
		sub.cmd.args, sub.cmd.summary = "KEY", "download a voice of the catalogue and install it (resuming an earlier attempt)"
	}
	if kind == "catalogue" || kind == "download" {
		from = sub.fs.String("from", "", "the catalogue's address (default: Settings' choice, else "+piper.DefaultCatalog+")")
	}
	if done, code := sub.parse(sub.fsArgs(), count); done {
		return code
	}
	paths, err := config.Resolve(sub.dataDir)
	if err != nil {
		return sub.fail(err)
	}
	voices := &speechengines.Voices{Paths: paths}
	var v *neural.Installed
	switch kind {
	case "remove":
		if err := voices.Remove(sub.fs.Arg(0)); err != nil {
			return sub.fail(err)
		}
		engine, id := tts.SplitVoice(sub.fs.Arg(0))
		if engine != kokoro.Name {
			engine = piper.Name
		}
		fmt.Fprintf(inv.env.Stdout, "voice %s:%s removed\n", engine, id)
		return ExitOK
	case "catalogue":
		entries, err := voices.Catalog(ctx, sub.catalogAddress(ctx, *from))
		if err != nil {
			return sub.fail(err)
		}
		w := newLineWriter(inv.env.Stdout)
		for _, e := range entries {
			installed := ""
			if e.Installed {
				installed = "installed"
			}
			w.line(fmt.Sprintf("%s\t%s\t%s\t%d\t%.1f\t%s", e.Key, e.Language.Code, e.Quality, max(e.NumSpeakers, 1), float64(e.Bytes)/(1<<20), installed))
		}
		if err := w.flush(); err != nil {
			return sub.fail(err)
		}
		return ExitOK
	case "download":
		last := time.Time{}
		v, err = voices.Download(ctx, sub.catalogAddress(ctx, *from), sub.fs.Arg(0), func(done, total int64) {
			if time.Since(last) > time.Second || done == total {
				last = time.Now()
				fmt.Fprintf(inv.env.Stderr, "readback voices download: %s: %.1f of %.1f MB\n", sub.fs.Arg(0), float64(done)/(1<<20), float64(total)/(1<<20))
			}
		})
	default:
		v, err = voices.Add(sub.fs.Args()...)
	}
	if err != nil {
		return sub.fail(err)
	}
	mb := (v.Bytes + 1<<19) >> 20
	if v.Engine == kokoro.Name {
		// A model speaks in every style: its voices are named by them.
		voicesOf := "its voices' styles are missing"
		if len(v.Speakers) > 0 {
			voicesOf = fmt.Sprintf("%d voices: %s:%s …", len(v.Speakers), kokoro.Name, v.Speakers[0])
		}
		fmt.Fprintf(inv.env.Stdout, "model %s:%s installed (%d Hz, %s; %d MB)\n", kokoro.Name, v.ID, v.SampleRate, voicesOf, mb)
		return ExitOK
	}
	speakers := ""
	if len(v.Speakers) > 1 {
		speakers = fmt.Sprintf(", %d speakers", len(v.Speakers))
	}
	fmt.Fprintf(inv.env.Stdout, "voice %s:%s installed (%s, %d Hz%s, %d MB)\n", piper.Name, v.ID, v.Language, v.SampleRate, speakers, mb)
	return ExitOK
}

// catalogAddress is the catalogue to read: the one given, else the one chosen in
// Settings (when the library exists), else the official one.
func (inv *invocation) catalogAddress(ctx context.Context, given string) string {
	if given != "" {
		return given
	}
	paths, err := config.Resolve(inv.dataDir)
	if err != nil {
		return ""
	}
	if _, err := os.Stat(paths.Database()); err != nil {
		return ""
	}
	address := ""
	inv.withStore(ctx, func(st *store.Store) int {
		if p, err := st.Preferences(ctx); err == nil {
			address = p.VoiceCatalog
		}
		return ExitOK
	})
	return address
}

type convertSummary struct {
	Output        string                 `json:"output"`
	Document      int64                  `json:"document"`
	Language      string                 `json:"language"`       // the document's, from the file, its text or --language
	Voice         string                 `json:"voice"`          // ENGINE:VOICE the book is read with where nothing finer is set
	ChapterVoices []render.ChapterVoices `json:"chapter_voices"` // each chapter's voices, the most used first
	Segments      int                    `json:"segments"`
	Synthesized   int                    `json:"synthesized"`
	Reused        int                    `json:"reused"`
	Fetched       int                    `json:"fetched"`   // from the shared library
	Recovered     int                    `json:"recovered"` // written by a stopped run, found in the packs
	Failed        int                    `json:"failed"`
	Failures      []render.Failure       `json:"failures"`
	AudioSeconds  float64                `json:"audio_seconds"`
	WallSeconds   float64                `json:"wall_seconds"`
	// With --update: what the new version changed, in sentences.
	Added   *int `json:"added,omitempty"`
	Removed *int `json:"removed,omitempty"`
	Changed *int `json:"changed,omitempty"`
}

func runConvert(ctx context.Context, inv *invocation) int {
	start := time.Now()
	opt := narrationFlags(inv.fs)
	withPassword := passwordFlag(inv)
	out := inv.fs.String("o", "", "the audio file to write, or the folder with --per-chapter (required)")
	voice := inv.fs.String("voice", "", "voice as ENGINE:VOICE or VOICE (see 'readback voices'; default espeak:"+espeak.DefaultVoice+")")
	rate := floatFlag(inv.fs, "rate", 0, tts.MinRate, tts.MaxRate, "speaking rate, 0.5–3 (default: the document's, else 1, the voice's own)")
	update := inv.fs.Int64("update", 0, "read FILE as a new version of document ID (as 'readback list' prints it): edits, voices and audio of unchanged sentences are kept; the document's own footnote and code settings apply")
	format := inv.fs.String("format", "", "wav, flac, mp3, opus or m4b (default: from the output's extension; mp3, opus and m4b need ffmpeg)")
	subtitles := inv.fs.String("subtitles", "", "also write subtitles to this .srt or .vtt file")
	subLevel := inv.fs.String("subtitle-level", "sentence", "subtitle cues per sentence or per word")
	perChapter := inv.fs.Bool("per-chapter", false, "one file per chapter; -o names a folder")
	asJSON := inv.fs.Bool("json", false, "print a JSON summary at the end instead of progress")
	workers := intFlag(inv.fs, "workers", runtime.NumCPU(), 1, render.MaxWorkers(), "", fmt.Sprintf("synthesis worker processes, 1–%d (1 synthesises in this process)", render.MaxWorkers()))
	local := inv.fs.Bool("local", false, "do not fetch sentence audio from the shared library")
	normalize := inv.fs.String("normalize", "", "level the book for a release target: acx or ebu-r128 (one gain for the book, peaks limited)")
	remote := inv.fs.Bool("remote", false, "convert in the cloud: Amazon Polly's asynchronous tasks write into the shared bucket, and the book is assembled from it")
	dryRun := inv.fs.Bool("dry-run", false, "import the document and say what converting it would synthesise, and what voices billed by the character would cost; nothing is synthesised or sent")
	maxChars := intFlag(inv.fs, "max-characters", 0, 1, 1<<30, "", "with --remote, the most characters sent to Polly (default: the settings' cost guard)")
	pauses := render.DefaultPauses
	intVarFlag(inv.fs, &pauses.Sentence, "pause-sentence", 0, store.MaxPauseMs, " ms", "silence between sentences, 0–60000 ms")
	intVarFlag(inv.fs, &pauses.Paragraph, "pause-paragraph", 0, store.MaxPauseMs, " ms", "silence between paragraphs, 0–60000 ms")
	intVarFlag(inv.fs, &pauses.Chapter, "pause-chapter", 0, store.MaxPauseMs, " ms", "silence between chapters, 0–60000 ms")
	if done, code := inv.parse(inv.fsArgs(), func(n int) bool { return n == 1 }); done {
		return code
	}
	ctx, err := withPassword(ctx)
	if err != nil {
		return inv.fail(err)
	}
	if *out == "" {
		fmt.Fprintf(inv.env.Stderr, "readback convert: -o OUT is required\n")
		return ExitUsage
	}
	f := strings.ToLower(*format)
	if f == "" && *perChapter {
		f = "wav"
	}
	engine, voiceID := tts.SplitVoice(*voice)
	v := render.Voice{Engine: engine, Voice: voiceID, Prosody: tts.Prosody{Rate: *rate, Pitch: 1, Volume: 1}}

	outPath, err := filepath.Abs(*out)
	if err != nil {
		return inv.fail(err)
	}
	req := audiobook.ConvertRequest{Voice: v, Format: f, Output: outPath, PerChapter: *perChapter, SubtitleLevel: *subLevel, Pauses: &pauses,
		Normalize: *normalize}
	if *subtitles != "" {
		if req.Subtitles, err = filepath.Abs(*subtitles); err != nil {
			return inv.fail(err)
		}
	}
	// Every path the conversion will write is settled before any work: none may be
	// the manuscript, a file of the library or another output of this run.
	paths, err := config.Resolve(inv.dataDir)
	if err != nil {
		return inv.fail(err)
	}
	input := ""
	if src := inv.fs.Arg(0); !webfetch.IsAddress(src) {
		input, _ = filepath.Abs(src)
	}
	notes, err := audiobook.ResolveOutputs(&req, audiobook.OutputContext{Input: input, DataDir: paths.Data})
	if err != nil {
		fmt.Fprintf(inv.env.Stderr, "readback convert: %s\n", fault.MessageOf(err))
		return ExitUsage
	}
	if err := req.Validate(); err != nil {
		fmt.Fprintf(inv.env.Stderr, "readback convert: %v\n", err)
		return ExitUsage
	}
	for _, n := range notes {
		fmt.Fprintf(inv.env.Stderr, "readback convert: %s\n", oneLine(n))
	}

	st, err := inv.openStore(ctx)
	if err != nil {
		return inv.fail(err)
	}
	defer st.Close()
	reg, err := inv.engines()
	if err != nil {
		return inv.fail(err)
	}
	defer reg.Close()
	// A shared preset stands for its engine's voice, rate, pitch and pauses (the
	// pause options, when given, still win).
	pv, pp, err := library.ResolvePreset(ctx, st, *voice, req.Voice)
	if err != nil {
		return inv.fail(err)
	}
	req.Voice, engine, voiceID = pv, pv.Engine, pv.Voice
	if pp != nil {
		given := false
		inv.fs.Visit(func(f *flag.Flag) { given = given || strings.HasPrefix(f.Name, "pause-") })
		if !given {
			req.Pauses = pp
		}
	}
	if _, err := reg.Engine(engine); err != nil {
		return inv.fail(fault.New(fault.Invalid, "%v", err))
	} else if voiceID != "" {
		// The registry's one check: a neural voice's model is not loaded for it (this
		// process's workers load their own, and only when there is something to say).
		if err := reg.CheckVoice(ctx, engine+":"+voiceID); err != nil {
			return inv.fail(fault.New(fault.Invalid, "%s (see 'readback voices')", fault.MessageOf(err)))
		}
	}

	var rev *catalog.Revision
	var res *catalog.Result
	if *update != 0 {
		if rev, err = catalog.New(st).ReviseFile(ctx, *update, inv.fs.Arg(0)); err != nil {
			return inv.fail(err)
		}
		res = &rev.Result
	} else if webfetch.IsAddress(inv.fs.Arg(0)) {
		if res, err = catalog.New(st).ImportURL(ctx, inv.fs.Arg(0), *opt, true); err != nil {
			return inv.fail(err)
		}
	} else if res, err = catalog.New(st).ImportFile(ctx, inv.fs.Arg(0), *opt); err != nil {
		return inv.fail(err)
	}
	printNotes(inv.env.Stderr, inv.fs.Arg(0), res.Notes)
	req.DocumentID = res.ID
	r := render.New(st, reg, paths.Renditions())
	defer r.Close()
	if *dryRun {
		price := func() (*render.Quote, error) { return r.Quote(ctx, res.ID, req.Voice) }
		if *remote {
			price = func() (*render.Quote, error) {
				lib, err := library.Open(ctx, st, paths.Data, inv.env.Log)
				if err != nil {
					return nil, err
				}
				defer lib.Close()
				return lib.QuoteRemote(ctx, r, res.ID, req.Voice, *req.Pauses)
			}
		}
		return inv.quote(res, price, *asJSON)
	}
	if *remote {
		return inv.convertRemote(ctx, st, r, paths.Data, req, *maxChars, *asJSON, start)
	}
	if !*local {
		if lib, err := library.Open(ctx, st, paths.Data, inv.env.Log); err == nil && lib.Settings.ShareRenditions {
			defer lib.Close()
			r.Shared = lib
		} else if err != nil && !errors.Is(err, library.ErrNotConfigured) {
			fmt.Fprintf(inv.env.Stderr, "readback convert: the shared library is not used: %s\n", fault.MessageOf(err))
		}
	}
	pool, err := inv.pool(*workers)
	if err != nil {
		return inv.fail(err)
	}
	bar := newProgressBar(inv.env.Stderr, !*asJSON)
	req.Encoding = bar.encoding
	began := time.Now() // after the import: the dashboard's throughput is the conversion's
	cr, err := audiobook.New(r).Convert(ctx, req, pool, bar.update)
	bar.done()
	// The dashboard (readback stats, the window's) counts it like a queued one.
	rec := store.ConversionRecord{DocumentID: res.ID, Title: res.Title, Engine: cmp.Or(req.Voice.Engine, "espeak"), State: "done",
		Started: began, Finished: time.Now()}
	switch {
	case err != nil && ctx.Err() != nil:
		rec.State, rec.Cause = "cancelled", "cancelled" // Ctrl+C
	case err != nil:
		rec.State, rec.Cause, rec.Error = "failed", jobs.Cause(err), err.Error()
	default:
		rec.AudioMs, rec.Synthesized = int64(cr.AudioSeconds*1000), cr.Synthesized
		rec.Engine = cmp.Or(cr.Engine, rec.Engine)
	}
	if lerr := st.LogConversion(context.WithoutCancel(ctx), rec); lerr != nil {
		inv.env.Log.Warn("the conversion was not counted for the dashboard", "err", lerr)
	}
	if err != nil {
		code := fault.Invalid
		if errors.Is(err, audio.ErrNoFFmpeg) {
			code = fault.Unavailable
		}
		return inv.fail(fault.Wrap(err, code, "%v", err))
	}
	// The packs' dead space (forgotten audio, a killed run's tail) is given back.
	if cres, err := r.Compact(ctx); err != nil {
		inv.env.Log.Warn("the audio packs were not compacted", "err", err)
	} else if cres.Removed > 0 {
		inv.env.Log.Info("audio packs compacted", "rewritten", cres.Rewritten, "removed", cres.Removed, "freed", cres.Freed)
	}
	s := convertSummary{Output: *out, Document: res.ID, Segments: cr.Segments, Synthesized: cr.Synthesized, Reused: cr.Reused,
		Fetched: cr.Fetched, Recovered: cr.Recovered, Failed: len(cr.Failures), Failures: cr.Failures, AudioSeconds: round3(cr.AudioSeconds), WallSeconds: round3(time.Since(start).Seconds())}
	if rev != nil {
		s.Added, s.Removed, s.Changed = &rev.Added, &rev.Removed, &rev.Changed
	}
	if doc, err := st.Document(ctx, res.ID); err == nil {
		s.Language, s.Voice = doc.Language, render.DocumentVoice(doc, v).Name()
		if doc.Voice == "" && v.Engine == "" && v.Voice == "" && catalog.Voiceless(doc.Language) {
			fmt.Fprintf(inv.env.Stderr, "readback convert: no installed voice reads %s: the book was read by the default voice %s (choose one with --voice)\n", doc.Language, s.Voice)
		}
	}
	s.ChapterVoices = cr.Voices
	for _, n := range cr.Notes {
		fmt.Fprintf(inv.env.Stderr, "readback convert: %s\n", oneLine(n))
	}
	s.Output = cr.Output
	audioLen := time.Duration(cr.AudioSeconds * float64(time.Second))
	if *asJSON {
		enc := json.NewEncoder(inv.env.Stdout)
		if err := enc.Encode(s); err != nil {
			return inv.fail(err)
		}
	} else {
		if rev != nil {
			fmt.Fprintf(inv.env.Stdout, "%s: new version of document %d: %d sentences added, %d removed, %d changed\n",
				inv.fs.Arg(0), rev.ID, rev.Added, rev.Removed, rev.Changed)
		}
		fetched := ""
		if s.Fetched > 0 {
			fetched = fmt.Sprintf(", %d from the shared library", s.Fetched)
		}
		if s.Recovered > 0 {
			fetched += fmt.Sprintf(", %d recovered from a stopped run", s.Recovered)
		}
		fmt.Fprintf(inv.env.Stdout, "%s: %s of audio from %d sentences (%d synthesised%s, %d reused) in %.1f s\n",
			shown(s.Output), audioLen.Round(time.Second), s.Segments, s.Synthesized, fetched, s.Reused, s.WallSeconds)
		for _, f := range cr.Failures {
			fmt.Fprintf(inv.env.Stderr, "segment %d failed: %s (%q)\n", f.Ord+1, f.Reason, f.Text)
		}
	}
	if cr.SharedErr != nil {
		fmt.Fprintf(inv.env.Stderr, "readback convert: the shared library could not help, so everything missing was synthesised here: %s\n",
			fault.MessageOf(library.UserMessage(cr.SharedErr)))
	}
	if len(cr.Failures) > 0 {
		return ExitError
	}
	return ExitOK
}

// quote says what converting the document would synthesise and cost.
func (inv *invocation) quote(res *catalog.Result, price func() (*render.Quote, error), asJSON bool) int {
	q, err := price()
	if err != nil {
		return inv.fail(err)
	}
	if asJSON {
		if err := json.NewEncoder(inv.env.Stdout).Encode(q); err != nil {
			return inv.fail(err)
		}
		return ExitOK
	}
	w := newLineWriter(inv.env.Stdout)
	w.line(fmt.Sprintf("%s: %d sentences, %d to synthesise", res.Title, q.Sentences, q.Missing))
	for _, v := range q.Voices {
		w.line(fmt.Sprintf("read by %s: %s", v.Voice, plural(v.Sentences, "sentence")))
	}
	for _, b := range q.Billed {
		budget := ""
		if b.BudgetLeft >= 0 {
			budget = fmt.Sprintf("; the monthly budget leaves %s", render.Grouped(b.BudgetLeft))
			if b.Characters > b.BudgetLeft {
				budget += " (not enough: raise it in Settings)"
			}
		}
		w.line(fmt.Sprintf("%s (%s): %d sentences, %s characters, about $%.2f%s", b.Engine, b.Tier, b.Sentences, render.Grouped(b.Characters), b.Price, budget))
	}
	if len(q.Billed) == 0 {
		w.line("nothing would be sent to a voice billed by the character")
	}
	if err := w.flush(); err != nil {
		return inv.fail(err)
	}
	return ExitOK
}

func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }

// progressBar draws progress on a terminal, at most ten times a second, and
// nothing when the output is not a terminal.
type progressBar struct {
	stage string // "" while synthesising, then "encoding"
	w     *os.File
	on    bool
	start time.Time
	last  time.Time
}

func newProgressBar(w interface{}, enabled bool) *progressBar {
	f, ok := w.(*os.File)
	on := false
	if ok && enabled {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			on = true
		}
	}
	return &progressBar{w: f, on: on, start: time.Now()}
}

func (p *progressBar) update(done, total int) {
	p.draw("", int64(done), int64(total), fmt.Sprintf("%d/%d sentences", done, total))
}

// encoding is the last stage: the files written (and encoded), with a bar and a
// time left of its own.
func (p *progressBar) encoding(done, total int64) {
	p.draw("encoding", done, total, fmt.Sprintf("encoding %d%%", done*100/max(total, 1)))
}

func (p *progressBar) draw(stage string, done, total int64, what string) {
	if !p.on || (time.Since(p.last) < 100*time.Millisecond && done < total && stage == p.stage) {
		return
	}
	if stage != p.stage {
		// A new stage: a line of its own, and its time left measured from now.
		fmt.Fprint(p.w, "\n")
		p.stage, p.start = stage, time.Now()
	}
	p.last = time.Now()
	const width = 30
	filled := int(width * done / max(total, 1))
	eta := ""
	if done > 0 && done < total && time.Since(p.start) > 300*time.Millisecond {
		left := time.Duration(float64(time.Since(p.start)) / float64(done) * float64(total-done))
		eta = " ETA " + left.Round(time.Second).String()
	}
	// \x1b[K clears what a longer line before left (" ETA 0s" after the last one).
	fmt.Fprintf(p.w, "\r[%s%s] %s%s\x1b[K", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), what, eta)
}

func (p *progressBar) done() {
	if p.on {
		fmt.Fprint(p.w, "\n")
	}
}

func runWorker(ctx context.Context, inv *invocation) int {
	if done, code := inv.parse(inv.fsArgs(), noArgs); done {
		return code
	}
	// A worker speaks with this machine's engines only: a cloud engine is asked
	// from the process that owns the library.
	paths, _ := config.Resolve(inv.dataDir)
	reg, err := speechengines.Open(paths)
	if err != nil {
		return inv.fail(err)
	}
	defer reg.Close()
	in := inv.env.Stdin
	if in == nil {
		in = os.Stdin
	}
	if err := render.Serve(ctx, reg, in, inv.env.Stdout); err != nil {
		return inv.fail(err)
	}
	return ExitOK
}

type remoteSummary struct {
	library.RemoteResult
	Document    int64   `json:"document"`
	WallSeconds float64 `json:"wall_seconds"`
}

// convertRemote runs a conversion through Polly's asynchronous tasks.
func (inv *invocation) convertRemote(ctx context.Context, st *store.Store, r *render.Renderer, data string, req audiobook.ConvertRequest, maxChars int, asJSON bool, start time.Time) int {
	lib, err := library.Open(ctx, st, data, inv.env.Log)
	if err != nil {
		return inv.fail(err)
	}
	defer lib.Close()
	tasks, err := lib.PollyTasks(ctx)
	if err != nil {
		return inv.fail(err)
	}
	bar := newProgressBar(inv.env.Stderr, !asJSON)
	res, err := lib.ConvertRemote(ctx, r, req, library.RemoteOptions{Tasks: tasks, MaxCharacters: maxChars, Progress: bar.update})
	bar.done()
	if err != nil {
		return inv.fail(library.UserMessage(err))
	}
	if asJSON {
		return inv.printJSON(remoteSummary{RemoteResult: *res, Document: req.DocumentID, WallSeconds: round3(time.Since(start).Seconds())})
	}
	fmt.Fprintf(inv.env.Stdout, "%s: %s of audio from Polly, %s (%s, %d characters; %d started now)\n", res.Output,
		time.Duration(res.AudioSeconds*float64(time.Second)).Round(time.Second), plural(len(res.Chapters), "chapter"), plural(res.Parts, "task"), res.Characters, res.Started)
	return ExitOK
}
