package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"readback/internal/config"
	"readback/internal/fault"
	"readback/internal/library"
	"readback/internal/render"
	"readback/internal/store"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"readback/internal/tts/polly"
)

// The shared library's commands: sync (and its settings and test), publish, pull
// and share. Each opens the library, calls one operation of internal/library and
// prints its outcome.

var syncActions = []command{
	{"settings", "", "show the shared library's settings, or change those given as options", runSyncSettings},
	{"test", "", "try each permission the shared library needs of the bucket: list, put, get, conditional put, presign, delete", runSyncTest},
	{"list", "", "the shared library's voices (voice<TAB>ID<TAB>STATE<TAB>HERE/SHARED<TAB>NAME) and narrations (narration<TAB>ID<TAB>LENGTH<TAB>BY<TAB>TITLE)", runSyncList},
}

func runSync(ctx context.Context, inv *invocation) int {
	if len(inv.args) > 0 {
		for _, a := range syncActions {
			if a.name == inv.args[0] {
				return a.run(ctx, subInvocation(inv, a, "sync"))
			}
		}
		if !strings.HasPrefix(inv.args[0], "-") {
			fmt.Fprintf(inv.env.Stderr, "readback sync: unknown action %q (settings, test, list; or none, to sync)\n", inv.args[0])
			return ExitUsage
		}
	}
	dry := inv.fs.Bool("dry-run", false, "say what would change on either side without changing anything")
	asJSON := inv.fs.Bool("json", false, "print the report as JSON")
	if done, code := inv.parse(inv.fsArgs(), noArgs); done {
		return code
	}
	return inv.withLibrary(ctx, func(st *store.Store, lib *library.Library) int {
		rep, err := lib.Sync(ctx, *dry)
		if err != nil {
			return inv.fail(err)
		}
		if *asJSON {
			return inv.printJSON(rep)
		}
		w := inv.env.Stdout
		verb := map[bool]string{true: "would ", false: ""}[*dry]
		take, send := "took", "sent"
		if *dry {
			take, send = "would take", "would send"
		}
		fmt.Fprintf(w, "lexicon: %s %s from the team, %s %s to it, %s\n", take, plural(len(rep.Lexicon.Pulled), "word"),
			send, plural(len(rep.Lexicon.Pushed), "word"), plural(len(rep.Lexicon.Conflicts), "conflict"))
		if n := len(rep.Lexicon.Lost); n > 0 {
			fmt.Fprintf(w, "lexicon: %s of yours lost to later ones (readback lexicon conflicts lists them)\n", plural(n, "edit"))
		}
		for _, c := range rep.Lexicon.Conflicts {
			fmt.Fprintf(w, "  %s: kept %s's %q, %s's %q is in the history\n", oneLine(c.Word), oneLine(c.Kept.Author), sayOf(c.Kept),
				oneLine(c.Lost.Author), sayOf(c.Lost))
		}
		if rep.Renditions != nil {
			fmt.Fprintf(w, "sentence audio: %spublish%s %s in %s (%.1f MB); %sread %s from the team\n",
				verb, map[bool]string{true: "", false: "ed"}[*dry], plural(rep.Renditions.Renditions, "sentence"), plural(rep.Renditions.Packs, "pack"),
				float64(rep.Renditions.Bytes)/1e6, verb, plural(rep.NewPacks, "new pack"))
		} else {
			fmt.Fprintln(w, "sentence audio: not shared (readback sync settings --share-renditions)")
		}
		for _, v := range rep.Updates {
			fmt.Fprintf(w, "voice %s: version %d is available (you have %d): readback pull voice %s\n", v.ID, v.Remote, v.Local, v.ID)
		}
		return ExitOK
	})
}

// voiceLabel names a voice for a manifest: as the writer chose it, else the
// default engine's default voice.
func voiceLabel(chosen string, v render.Voice) string {
	switch {
	case chosen != "":
		return chosen
	case v.Voice != "":
		return v.Engine + ":" + v.Voice
	}
	return "espeak:" + espeak.DefaultVoice
}

func sayOf(v store.LexiconVersion) string {
	switch {
	case v.Deleted:
		return "(removed)"
	case v.Say != "":
		return v.Say
	case v.Phonemes != "":
		return "[[" + v.Phonemes + "]]"
	}
	return "/" + v.IPA + "/"
}

func (inv *invocation) printJSON(v any) int {
	if err := json.NewEncoder(inv.env.Stdout).Encode(v); err != nil {
		return inv.fail(err)
	}
	return ExitOK
}

// withLibrary runs fn with the store and the shared library open.
func (inv *invocation) withLibrary(ctx context.Context, fn func(*store.Store, *library.Library) int) int {
	return inv.withStore(ctx, func(st *store.Store) int {
		paths, err := config.Resolve(inv.dataDir)
		if err != nil {
			return inv.fail(err)
		}
		lib, err := library.Open(ctx, st, paths.Data, inv.env.Log)
		if err != nil {
			return inv.fail(err)
		}
		defer lib.Close()
		return fn(st, lib)
	})
}

func runSyncSettings(ctx context.Context, inv *invocation) int {
	var s library.Settings
	inv.fs.StringVar(&s.S3.Bucket, "bucket", "", "the bucket's name")
	inv.fs.StringVar(&s.S3.Endpoint, "endpoint", "", "an S3-compatible server's address (https://…); empty for AWS")
	inv.fs.StringVar(&s.S3.Region, "region", "", "the bucket's region (default us-east-1)")
	inv.fs.StringVar(&s.S3.Prefix, "prefix", "", "a folder in the bucket for the library")
	inv.fs.BoolVar(&s.S3.PathStyle, "path-style", false, "address the bucket by path (most S3-compatible servers need it)")
	inv.fs.StringVar(&s.S3.Profile, "profile", "", "a profile of ~/.aws/credentials and ~/.aws/config; empty: the AWS chain (environment, default profile, SSO)")
	inv.fs.BoolVar(&s.ShareRenditions, "share-renditions", false, "publish sentence audio and fetch the team's instead of synthesising it")
	inv.fs.StringVar(&s.Author, "author", "", "your name in the shared lexicon and manifests (default user@host)")
	var pc polly.Config
	inv.fs.StringVar(&pc.Voice, "polly-voice", "", "Amazon Polly's voice for conversions in the cloud (convert --remote), e.g. Joanna; \"off\" turns them off")
	inv.fs.StringVar(&pc.Engine, "polly-engine", "", "Polly's engine: standard, neural (default), long-form or generative")
	inv.fs.StringVar(&pc.Region, "polly-region", "", "Polly's region (default: the bucket's)")
	inv.fs.StringVar(&pc.Endpoint, "polly-endpoint", "", "another Polly endpoint (tests)")
	inv.fs.IntVar(&pc.MaxCharacters, "max-characters", 0, "the cost guard: the most characters one conversion sends to Polly")
	if done, code := inv.parse(inv.fsArgs(), noArgs); done {
		return code
	}
	if pc.MaxCharacters < 0 {
		fmt.Fprintln(inv.env.Stderr, "readback sync settings: --max-characters must be a positive number")
		return ExitUsage
	}
	return inv.withStore(ctx, func(st *store.Store) int {
		cur, _, err := library.LoadSettings(ctx, st)
		pollyOff := false
		if err != nil {
			return inv.fail(err)
		}
		changed := false
		// --polly-voice turns Polly on; the other Polly options change it once on.
		if f := inv.fs.Lookup("polly-voice"); cur.Polly == nil && pc.Voice != "" && pc.Voice != "off" && f != nil {
			cur.Polly = &polly.Config{}
		}
		inv.fs.Visit(func(f *flag.Flag) {
			changed = changed || f.Name != "data-dir"
			switch f.Name {
			case "bucket":
				cur.S3.Bucket = s.S3.Bucket
			case "endpoint":
				cur.S3.Endpoint = s.S3.Endpoint
			case "region":
				cur.S3.Region = s.S3.Region
			case "prefix":
				cur.S3.Prefix = s.S3.Prefix
			case "path-style":
				cur.S3.PathStyle = s.S3.PathStyle
			case "profile":
				cur.S3.Profile = s.S3.Profile
			case "share-renditions":
				cur.ShareRenditions = s.ShareRenditions
			case "author":
				cur.Author = s.Author
			case "polly-voice", "polly-engine", "polly-region", "polly-endpoint", "max-characters":
				if cur.Polly == nil {
					pollyOff = true
					return
				}
				switch f.Name {
				case "polly-voice":
					cur.Polly.Voice = pc.Voice
				case "polly-engine":
					cur.Polly.Engine = pc.Engine
				case "polly-region":
					cur.Polly.Region = pc.Region
				case "polly-endpoint":
					cur.Polly.Endpoint = pc.Endpoint
				case "max-characters":
					cur.Polly.MaxCharacters = pc.MaxCharacters
				}
			}
		})
		if pollyOff && !(cur.Polly == nil && pc.Voice == "off") {
			fmt.Fprintln(inv.env.Stderr, "readback sync settings: Amazon Polly is off: --polly-voice NAME turns it on (then the other Polly options apply)")
			return ExitUsage
		}
		if cur.Polly != nil && cur.Polly.Voice == "off" {
			cur.Polly = nil
		}
		if changed {
			if cur, err = library.SaveSettings(ctx, st, cur); err != nil {
				return inv.fail(err)
			}
		}
		if cur.S3.Bucket == "" {
			fmt.Fprintln(inv.env.Stdout, "no shared library is set up: readback sync settings --bucket NAME [--endpoint URL --path-style] [--profile NAME]")
			return ExitOK
		}
		w := newLineWriter(inv.env.Stdout)
		for _, kv := range [][2]string{{"bucket", cur.S3.Bucket}, {"endpoint", orDefault(cur.S3.Endpoint, "AWS")}, {"region", cur.S3.Region},
			{"prefix", cur.S3.Prefix}, {"path-style", strconv.FormatBool(cur.S3.PathStyle)}, {"profile", orDefault(cur.S3.Profile, "the AWS chain")},
			{"share-renditions", strconv.FormatBool(cur.ShareRenditions)}, {"author", cur.Author}} {
			w.line(kv[0] + "\t" + kv[1])
		}
		if p := cur.Polly; p != nil {
			region := p.Region
			if region == "" {
				region = cur.S3.Region + " (the bucket's)"
			}
			w.line(fmt.Sprintf("polly\t%s (%s) in %s, at most %d characters a conversion%s", p.Voice, p.Engine, region, p.MaxCharacters,
				map[bool]string{true: ", at " + p.Endpoint, false: ""}[p.Endpoint != ""]))
		} else {
			w.line("polly\toff (--polly-voice NAME turns conversions in the cloud on)")
		}
		if stat, err := library.LastStatus(ctx, st); err == nil && stat.LastAttemptAt > 0 {
			last := "never"
			if stat.LastOKAt > 0 {
				last = time.UnixMilli(stat.LastOKAt).Format(time.DateTime)
			}
			w.line("last sync\t" + last)
			if stat.Error != "" {
				w.line("last attempt\t" + time.UnixMilli(stat.LastAttemptAt).Format(time.DateTime) + ", failed")
				w.line("last error\t" + stat.Error)
			}
		}
		if err := w.flush(); err != nil {
			return inv.fail(err)
		}
		return ExitOK
	})
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func runSyncTest(ctx context.Context, inv *invocation) int {
	if done, code := inv.parse(inv.fsArgs(), noArgs); done {
		return code
	}
	return inv.withLibrary(ctx, func(st *store.Store, lib *library.Library) int {
		code := ExitOK
		for _, c := range lib.TestConnection(ctx) {
			mark := "ok"
			if !c.OK {
				mark, code = "FAILED", ExitError
			}
			fmt.Fprintf(inv.env.Stdout, "%-16s %-6s %s\n", c.Name, mark, c.Detail)
		}
		return code
	})
}

func runSyncList(ctx context.Context, inv *invocation) int {
	if done, code := inv.parse(inv.fsArgs(), noArgs); done {
		return code
	}
	return inv.withLibrary(ctx, func(st *store.Store, lib *library.Library) int {
		voices, err := lib.Voices(ctx)
		if err != nil {
			return inv.fail(library.UserMessage(err))
		}
		narrations, err := lib.Narrations(ctx)
		if err != nil {
			return inv.fail(library.UserMessage(err))
		}
		w := newLineWriter(inv.env.Stdout)
		for _, v := range voices {
			w.line(fmt.Sprintf("voice\t%s\t%s\t%d/%d\t%s", v.ID, v.State, v.Local, v.Remote, oneLine(v.Name)))
		}
		ids := make([]string, 0, len(narrations))
		for id := range narrations {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			n := narrations[id]
			w.line(fmt.Sprintf("narration\t%s\t%s\t%s\t%s", id, (time.Duration(n.DurationMs) * time.Millisecond).Round(time.Second), oneLine(n.Author), oneLine(n.Title)))
		}
		if err := w.flush(); err != nil {
			return inv.fail(err)
		}
		return ExitOK
	})
}

// kindUsage answers a KIND that is missing, asked for help, or unknown.
func kindUsage(inv *invocation, verb, kind, usage string) int {
	if kind == "-h" || kind == "--help" || kind == "help" {
		fmt.Fprintf(inv.env.Stdout, "Usage: readback %s %s\n", verb, usage)
		return ExitOK
	}
	if kind != "" {
		fmt.Fprintf(inv.env.Stderr, "readback %s: unknown kind %q\n", verb, kind)
	}
	fmt.Fprintf(inv.env.Stderr, "Usage: readback %s %s\n", verb, usage)
	return ExitUsage
}

// kindOf splits "readback VERB KIND ARGS…" into KIND and an invocation for the rest.
func kindOf(inv *invocation, verb string) (string, *invocation) {
	if len(inv.args) == 0 {
		return "", subInvocation(&invocation{env: inv.env, dataDir: inv.dataDir, args: []string{""}}, command{}, verb)
	}
	return inv.args[0], subInvocation(inv, command{name: inv.args[0]}, verb)
}

// runPublish dispatches "readback publish voice DIR | lexicon | narration DOC".
func runPublish(ctx context.Context, inv *invocation) int {
	kind, sub := kindOf(inv, "publish")
	switch kind {
	case "voice":
		sub.cmd.args, sub.cmd.summary = "DIR", "publish the voice pack in DIR (its voice.json, and every other file of it) as its next version"
		if done, code := sub.parse(sub.fsArgs(), func(n int) bool { return n == 1 }); done {
			return code
		}
		return sub.withLibrary(ctx, func(st *store.Store, lib *library.Library) int {
			m, err := lib.PublishVoice(ctx, sub.fs.Arg(0))
			if err != nil {
				return sub.fail(library.UserMessage(err))
			}
			if m.Unchanged {
				fmt.Fprintf(inv.env.Stdout, "voice %s: version %d already holds these files and settings; nothing published\n", m.ID, m.Version)
				return ExitOK
			}
			fmt.Fprintf(inv.env.Stdout, "voice %s version %d published (%s)\n", m.ID, m.Version, plural(len(m.Files), "file"))
			return ExitOK
		})
	case "lexicon":
		sub.cmd.summary = "merge the global lexicon into the shared one, entry by entry"
		if done, code := sub.parse(sub.fsArgs(), noArgs); done {
			return code
		}
		return sub.withLibrary(ctx, func(st *store.Store, lib *library.Library) int {
			rep, err := lib.SyncLexicon(ctx, false)
			if err != nil {
				return sub.fail(library.UserMessage(err))
			}
			fmt.Fprintf(inv.env.Stdout, "lexicon: %d words sent, %d taken, %d conflicts\n", len(rep.Pushed), len(rep.Pulled), len(rep.Conflicts))
			return ExitOK
		})
	case "narration":
		sub.cmd.args, sub.cmd.summary = "DOCUMENT", "convert the document (reusing its audio) and publish the narration with its manifest"
		id := sub.fs.String("id", "", "the narration's id in the shared library (default: from the title)")
		format := sub.fs.String("format", "m4b", "m4b, mp3, opus, flac or wav")
		voice := sub.fs.String("voice", "", "voice as ENGINE:VOICE (default: the document's)")
		if done, code := sub.parse(sub.fsArgs(), func(n int) bool { return n == 1 }); done {
			return code
		}
		docID, err := strconv.ParseInt(sub.fs.Arg(0), 10, 64)
		if err != nil {
			fmt.Fprintf(inv.env.Stderr, "readback publish narration: %q is not a document id (see 'readback list')\n", sub.fs.Arg(0))
			return ExitUsage
		}
		return sub.withLibrary(ctx, func(st *store.Store, lib *library.Library) int {
			reg, err := sub.engines()
			if err != nil {
				return sub.fail(err)
			}
			defer reg.Close()
			r := render.New(st, reg, lib.RenditionsDir())
			defer r.Close()
			if lib.Settings.ShareRenditions {
				r.Shared = lib
			}
			engine, v := tts.SplitVoice(*voice)
			pv, _, err := library.ResolvePreset(ctx, st, *voice, render.Voice{Engine: engine, Voice: v, Prosody: tts.Prosody{Pitch: 1, Volume: 1}})
			if err != nil {
				return sub.fail(err)
			}
			pool, err := sub.pool(runtime.NumCPU())
			if err != nil {
				return sub.fail(err)
			}
			// Rate 0: the document's own, as a conversion reads it.
			m, err := lib.PublishDocument(ctx, r, pool, library.NarrationRequest{DocumentID: docID, ID: *id, Format: *format,
				Voice: pv, VoiceName: voiceLabel(*voice, pv)})
			if err != nil {
				return sub.fail(library.UserMessage(err))
			}
			if m.Existing {
				fmt.Fprintf(inv.env.Stdout, "narration %s: this audio was already published by %s; nothing changed\n", m.ID, oneLine(m.PublishedBy))
				return ExitOK
			}
			fmt.Fprintf(inv.env.Stdout, "narration %s published: %q, %s, %d chapters\n", m.ID, m.Title,
				(time.Duration(m.DurationMs) * time.Millisecond).Round(time.Second), len(m.Chapters))
			return ExitOK
		})
	}
	return kindUsage(inv, "publish", kind, "voice DIR | lexicon | narration DOCUMENT [--id ID] [--format m4b] [--voice V]")
}

// pool returns worker processes for n > 1, or nil (synthesis in this process).
func (inv *invocation) pool(n int) (*render.Pool, error) {
	if n <= 1 {
		return nil, nil
	}
	exe := inv.env.Executable
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return nil, err
		}
	}
	command := []string{exe, "worker"}
	if paths, err := config.Resolve(inv.dataDir); err == nil {
		command = append(command, "--data-dir", paths.Data) // the workers' Piper voices are this run's
	}
	return &render.Pool{Command: command, Workers: n, Timeout: time.Minute, Attempts: 3, Few: render.FewInProcess}, nil
}

// runPull dispatches "readback pull voice ID | narration ID -o FILE".
func runPull(ctx context.Context, inv *invocation) int {
	kind, sub := kindOf(inv, "pull")
	if kind != "" && kind != "voice" && kind != "narration" && kind != "help" && !strings.HasPrefix(kind, "-") {
		// "readback pull ID": whichever the library holds under that id.
		id := kind
		var which string
		// The options are the kind's; only --data-dir matters to find the library.
		probe := subInvocation(inv, command{name: id}, "pull")
		probe.fs.String("o", "", "")
		probe.fs.Int("version", 0, "")
		if err := probe.fs.Parse(probe.fsArgs()); err != nil {
			fmt.Fprintf(inv.env.Stderr, "readback pull: %v\n", err)
			return ExitUsage
		}
		code := probe.withLibrary(ctx, func(st *store.Store, lib *library.Library) int {
			x, _, err := lib.ReadIndex(ctx)
			if err != nil {
				return inv.fail(library.UserMessage(err))
			}
			_, voice := x.Voices[id]
			_, narration := x.Narrations[id]
			switch {
			case voice && narration:
				fmt.Fprintf(inv.env.Stderr, "readback pull: %q is both a voice and a narration: say which (readback pull voice %s, or narration %s -o FILE)\n", id, id, id)
				return ExitUsage
			case voice:
				which = "voice"
			case narration:
				which = "narration"
			default:
				return inv.fail(fault.New(fault.NotFound, "the shared library has no voice or narration %q (see 'readback sync list')", id))
			}
			return ExitOK
		})
		if which == "" {
			return code
		}
		inv.args = append([]string{which}, inv.args...)
		return runPull(ctx, inv)
	}
	progress := pullProgress(inv.env.Stderr)
	switch kind {
	case "voice":
		sub.cmd.args, sub.cmd.summary = "ID", "install a voice pack from the shared library (its latest version, or --version N)"
		version := sub.fs.Int("version", 0, "the version to install (default: the latest)")
		if done, code := sub.parse(sub.fsArgs(), func(n int) bool { return n == 1 }); done {
			return code
		}
		return sub.withLibrary(ctx, func(st *store.Store, lib *library.Library) int {
			m, err := lib.InstallVoice(ctx, sub.fs.Arg(0), *version, progress)
			if err != nil {
				return sub.fail(library.UserMessage(err))
			}
			fmt.Fprintf(inv.env.Stdout, "voice %s version %d installed in %s\n", m.ID, m.Version, filepath.Join(lib.VoicesDir(), m.ID, strconv.Itoa(m.Version)))
			return ExitOK
		})
	case "narration":
		sub.cmd.args, sub.cmd.summary = "ID", "download a published narration"
		out := sub.fs.String("o", "", "the file to write (required)")
		if done, code := sub.parse(sub.fsArgs(), func(n int) bool { return n == 1 }); done {
			return code
		}
		if *out == "" {
			fmt.Fprintln(inv.env.Stderr, "readback pull narration: -o FILE is required")
			return ExitUsage
		}
		dest, err := filepath.Abs(*out)
		if err != nil {
			return sub.fail(err)
		}
		return sub.withLibrary(ctx, func(st *store.Store, lib *library.Library) int {
			if err := library.OutsideData(dest, lib.DataDir); err != nil {
				return sub.fail(err)
			}
			m, err := lib.PullNarration(ctx, sub.fs.Arg(0), dest, progress)
			if err != nil {
				return sub.fail(library.UserMessage(err))
			}
			fmt.Fprintf(inv.env.Stdout, "%s: %q, %s\n", dest, m.Title, (time.Duration(m.DurationMs) * time.Millisecond).Round(time.Second))
			return ExitOK
		})
	}
	return kindUsage(inv, "pull", kind, "voice ID [--version N] | narration ID -o FILE | ID [-o FILE]")
}

func pullProgress(w io.Writer) library.Progress {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return library.Throttle(func(key string, done, total int64) {
		fmt.Fprintf(f, "\r%s: %.1f of %.1f MB   ", filepath.Base(key), float64(done)/1e6, float64(total)/1e6)
		if done == total {
			fmt.Fprintln(f)
		}
	}, 100*time.Millisecond)
}

// lifetime is a duration flag that also takes days ("7d"), as people write them.
type lifetime time.Duration

func (l *lifetime) String() string {
	d := time.Duration(*l)
	if d%(24*time.Hour) == 0 && d > 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return strings.TrimSuffix(strings.TrimSuffix(d.String(), "0s"), "0m")
}

func (l *lifetime) Set(s string) error {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil {
			return fmt.Errorf("%q is not a number of days", s)
		}
		*l = lifetime(time.Duration(days) * 24 * time.Hour)
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not a duration: write 1h, 36h or 3d", s)
	}
	*l = lifetime(d)
	return nil
}

func runShare(ctx context.Context, inv *invocation) int {
	expires := lifetime(24 * time.Hour)
	inv.fs.Var(&expires, "expires", "how long the link works: 1h to 7d")
	if done, code := inv.parse(inv.fsArgs(), func(n int) bool { return n == 1 }); done {
		return code
	}
	if d := time.Duration(expires); d < library.MinShare || d > library.MaxShare {
		fmt.Fprintf(inv.env.Stderr, "readback share: a link lasts from 1 hour to 7 days, not %s\n", expires.String())
		return ExitUsage
	}
	return inv.withLibrary(ctx, func(st *store.Store, lib *library.Library) int {
		u, until, err := lib.ShareLink(ctx, inv.fs.Arg(0), time.Duration(expires))
		if err != nil {
			return inv.fail(library.UserMessage(err))
		}
		fmt.Fprintln(inv.env.Stdout, u)
		fmt.Fprintf(inv.env.Stderr, "the link works until %s\n", until.Local().Format(time.DateTime))
		return ExitOK
	})
}
