// Package cli runs Readback's headless subcommands (import, text, list) for the
// terminal and for scripts; main hands it the arguments when one is named.
package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"modernc.org/sqlite"

	"readback/internal/catalog"
	"readback/internal/config"
	"readback/internal/document"
	"readback/internal/fault"
	"readback/internal/narration"
	"readback/internal/store"
	"readback/internal/webfetch"
)

// dataDirUsage is how every command describes --data-dir.
const dataDirUsage = "the data directory (default: $READBACK_HOME, else $XDG_DATA_HOME/readback, else ~/.local/share/readback)"

// Exit codes, as the README documents them.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
	// ExitCancelled is a command stopped by Ctrl-C (or SIGTERM): 128 + SIGINT, as
	// shells report it.
	ExitCancelled = 130
)

// Env is what a command may touch of the outside world.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Log            *slog.Logger
	// Executable is this program, started again as worker processes; "" means the
	// running executable.
	Executable string
}

type command struct {
	name, args, summary string
	run                 func(ctx context.Context, c *invocation) int
}

var commands = []command{
	{"import", "FILE…", "import manuscripts (files, or pages by their http(s) address) into the library; one line per file", runImport},
	{"fetch", "ID", "fetch document ID's web address again and read the page as its new version", runFetch},
	{"text", "FILE", "print the narration script of a file without importing it: one segment per line, a blank line between chapters (--spoken: as it will be spoken)", runText},
	{"list", "", "list the library, newest first: ID<TAB>TITLE<TAB>FORMAT<TAB>WORDS", runList},
	{"convert", "FILE -o OUT", "import FILE (or reuse it; with --update ID, read it as a new version of that document), synthesise what is missing and export audio to OUT", runConvert},
	{"lexicon", "ACTION", "pronunciation lexicons: add, list, remove, import, export, names, conflicts (see 'readback lexicon help')", runLexicon},
	{"voices", "[ACTION]", "list the voices (ENGINE:ID<TAB>LANGUAGE<TAB>NAME<TAB>GENDER<TAB>QUALITY<TAB>HZ); Piper voices and Kokoro models: add FILE…, remove ID; Piper's catalogue, download KEY", runVoices},
	{"polly", "", "Amazon Polly's voices: show the settings and what Polly offers; change them with --on/--off, --region, --profile, --endpoint, --budget CHARACTERS, --rate REQUESTS (credentials come from ~/.aws or the environment)", runPolly},
	{"jobs", "", "list the app's conversion queue: ID<TAB>STATE<TAB>DONE/TOTAL<TAB>ATTEMPT/MAX<TAB>TITLE<TAB>OUTPUT<TAB>ERROR", runJobs},
	{"sync", "[ACTION]", "sync with the team's shared library (lexicon, sentence audio, voice updates); actions: settings, test, list", runSync},
	{"publish", "KIND …", "publish to the shared library: voice DIR, lexicon, or narration DOCUMENT", runPublish},
	{"pull", "[KIND] ID", "fetch from the shared library: voice ID, or narration ID -o FILE (KIND may be left out)", runPull},
	{"check", "AUDIO", "the release check: loudness, peaks, noise floor, silences and clipping of each chapter and the book against --target acx or ebu-r128", runCheck},
	{"stats", "", "the dashboard: documents imported, hours narrated and listened, conversions by state, failures by cause, engines and cloud cost over --days N (1–365)", runStats},
	{"audit", "", "the log of what cannot be undone (deletes, renames, new versions, publishing, settings, lexicon imports), newest first: TIME<TAB>ACTION<TAB>SUBJECT<TAB>DETAIL", runAudit},
	{"diagnostics", "", "the health check: engines, ffmpeg, disk, the library's integrity, the shared library; redacted for pasting into a bug report", runDiagnostics},
	{"doctor", "", "examine the library deeply, changing nothing: its database's full integrity, every sentence's audio against the packs, unreferenced audio, disk, backups; exit 1 on a problem", runDoctor},
	{"restore", "[BACKUP]", "bring back the library's newest backup (or the one named; --list shows them); the database it replaces is kept", runRestore},
	{"share", "ID", "print a link that plays a published narration without credentials, for --expires (1h to 7d)", runShare},
}

// hidden commands are for Readback's own use and not listed.
var hidden = []command{
	{"worker", "", "serve synthesis requests on standard input (started by convert)", runWorker},
}

// Hoist takes the options every command takes (--data-dir) from before the command:
// "readback --data-dir D text FILE" is the text command in D, not the window. It
// returns the arguments from the command on and the data directory given before it
// (""), for the caller to pass as READBACK_HOME: spliced into the arguments it would
// land before the action word of lexicon, sync, publish and pull. Arguments it does
// not recognise are returned as they are.
func Hoist(args []string) ([]string, string) {
	dir := ""
	for i := 0; i < len(args); {
		a := args[i]
		switch {
		case a == "--data-dir" || a == "-data-dir":
			if i+1 >= len(args) {
				return args, ""
			}
			dir = args[i+1]
			i += 2
		case strings.HasPrefix(a, "--data-dir=") || strings.HasPrefix(a, "-data-dir="):
			_, dir, _ = strings.Cut(a, "=")
			i++
		default:
			if i == 0 || !Has(a) {
				return args, ""
			}
			return args[i:], dir
		}
	}
	return args, ""
}

// Has reports whether name is a headless subcommand.
func Has(name string) bool {
	if name == "help" || name == "-h" || name == "--help" || name == "-help" || name == "version" || name == "--version" || name == "-version" {
		return true
	}
	for _, c := range hidden {
		if c.name == name {
			return true
		}
	}
	for _, c := range commands {
		if c.name == name {
			return true
		}
	}
	return false
}

// Run runs the subcommand args[0] and returns the process exit code.
func Run(ctx context.Context, args []string, env Env) int {
	if env.Log == nil {
		env.Log = slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	if len(args) == 0 || !Has(args[0]) {
		if len(args) > 0 {
			fmt.Fprintf(env.Stderr, "readback: unknown command %q\n\n", args[0])
		}
		usage(env.Stderr)
		return ExitUsage
	}
	switch args[0] {
	case "help", "-h", "--help", "-help":
		usage(env.Stdout)
		return ExitOK
	case "version", "--version", "-version":
		fmt.Fprintf(env.Stdout, "readback %s (%s, %s/%s)\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return ExitOK
	}
	for _, c := range append(commands, hidden...) {
		if c.name != args[0] {
			continue
		}
		inv := &invocation{env: env, cmd: c, args: args[1:], fs: flag.NewFlagSet(c.name, flag.ContinueOnError), ctx: ctx}
		inv.fs.SetOutput(io.Discard)
		inv.fs.StringVar(&inv.dataDir, "data-dir", "", dataDirUsage)
		return c.run(ctx, inv)
	}
	return ExitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: readback [--data-dir DIR]            open the app")
	fmt.Fprintln(w, "       readback COMMAND [OPTIONS] [ARGS]    run headless")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-11s %-12s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'readback COMMAND --help' for a command's options; 'readback --version' for the version.")
}

// subInvocation runs action a of command name ("lexicon add", "sync test") on the
// arguments after the action's word.
func subInvocation(inv *invocation, a command, name string) *invocation {
	sub := &invocation{env: inv.env, cmd: command{name: name + " " + a.name, args: a.args, summary: a.summary},
		args: inv.args[1:], fs: flag.NewFlagSet(name+" "+a.name, flag.ContinueOnError), ctx: inv.ctx}
	sub.fs.SetOutput(io.Discard)
	sub.fs.StringVar(&sub.dataDir, "data-dir", inv.dataDir, dataDirUsage)
	return sub
}

type invocation struct {
	env     Env
	cmd     command
	args    []string
	fs      *flag.FlagSet
	dataDir string
	ctx     context.Context // the command's: done when it is cancelled
}

// fsArgs returns the arguments with flags allowed after file names too
// ("readback import a.md --data-dir X"), as users type them.
func (inv *invocation) fsArgs() []string { return interspersed(inv.fs, inv.args) }

// parse parses the command's flags; done is true when the command should stop with
// code (help was asked for, or the usage was wrong).
func (inv *invocation) parse(args []string, nargs func(int) bool) (done bool, code int) {
	err := inv.fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		inv.help(inv.env.Stdout)
		return true, ExitOK
	}
	if err != nil {
		// The flag package names flags with one dash; they are typed with two.
		msg := strings.NewReplacer("defined: -", "defined: --", "for flag -", "for flag --").Replace(err.Error())
		fmt.Fprintf(inv.env.Stderr, "readback %s: %s\n", inv.cmd.name, msg)
		inv.help(inv.env.Stderr)
		return true, ExitUsage
	}
	if !nargs(inv.fs.NArg()) {
		fmt.Fprintf(inv.env.Stderr, "readback %s: expected %s\n", inv.cmd.name, orNothing(inv.cmd.args))
		inv.help(inv.env.Stderr)
		return true, ExitUsage
	}
	return false, ExitOK
}

func orNothing(s string) string {
	if s == "" {
		return "no arguments"
	}
	return s
}

func (inv *invocation) help(w io.Writer) {
	fmt.Fprintf(w, "Usage: readback %s [OPTIONS] %s\n\n%s\n\nOptions:\n", inv.cmd.name, inv.cmd.args, capitalise(inv.cmd.summary)+".")
	var names []string
	width := 0
	inv.fs.VisitAll(func(f *flag.Flag) {
		names = append(names, f.Name)
		width = max(width, len(f.Name)+2)
	})
	sort.Strings(names)
	for _, n := range names {
		f := inv.fs.Lookup(n)
		dash := "--"
		if len(n) == 1 {
			dash = "-"
		}
		usage := f.Usage
		if d := f.DefValue; d != "" && d != "0" && d != "false" && !strings.Contains(usage, "default") {
			usage += " (default " + d + ")"
		}
		fmt.Fprintf(w, "  %-*s %s\n", width, dash+n, usage)
	}
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// fail reports an error on stderr: the typed message, or a generic one with the
// details in the log.
func (inv *invocation) fail(err error) int {
	// Stopped by Ctrl-C: whatever broke on the way (a pipe to ffmpeg, a context) is
	// not the news; what is done is kept.
	if inv.ctx != nil && inv.ctx.Err() != nil || errors.Is(err, context.Canceled) {
		fmt.Fprintf(inv.env.Stderr, "readback %s: cancelled; run the same command to resume\n", inv.cmd.name)
		return ExitCancelled
	}
	err = inv.explain(err)
	if fault.CodeOf(err) == fault.Internal {
		inv.env.Log.Error("command failed", "command", inv.cmd.name, "err", err)
	}
	fmt.Fprintf(inv.env.Stderr, "readback %s: %s\n", inv.cmd.name, oneLine(fault.MessageOf(err)))
	return ExitError
}

// shown is a file's name as a line of output shows it: quoted when it holds a line
// break, a tab or another control character, so that each file stays one line.
func shown(path string) string {
	if strings.IndexFunc(path, unicode.IsControl) >= 0 || !utf8.ValidString(path) {
		return strconv.Quote(path)
	}
	return path
}

// explain says in a writer's words what the system said in its own: a full disk
// (SQLite's "database or disk is full (13)", or ENOSPC writing a file), a library
// folder Readback may not write in (SQLite's "unable to open database file (14)").
func (inv *invocation) explain(err error) error {
	dir := inv.dataDir
	if paths, perr := config.Resolve(inv.dataDir); perr == nil {
		dir = paths.Data
	}
	var se *sqlite.Error
	code := 0
	if errors.As(err, &se) {
		code = se.Code() & 0xff
	}
	switch {
	case code == 13 || errors.Is(err, syscall.ENOSPC):
		where := dir // the library's disk, unless a file elsewhere (an export) was being written
		var pe *fs.PathError
		if errors.As(err, &pe) && code != 13 {
			where = filepath.Dir(pe.Path)
		}
		return fault.Wrap(err, fault.Unavailable, "the disk is full (%s): free some space where %s is and run the same command again; what was done is kept", oneLine(err.Error()), where)
	case code == 8 || code == 14 || errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
		if werr := writable(dir); werr != nil {
			return fault.Wrap(err, fault.Unavailable, "the data directory %s is read-only (%v): Readback keeps its library there; give another with --data-dir or READBACK_HOME", dir, werr)
		}
	}
	return err
}

// writable reports why dir (or its nearest existing parent) cannot be written in.
func writable(dir string) error {
	f, err := os.CreateTemp(config.ExistingDir(dir), ".readback-write-test-*")
	if err != nil {
		return err
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

func noArgs(n int) bool { return n == 0 }

// withStore runs fn with the library open, and closes it after.
func (inv *invocation) withStore(ctx context.Context, fn func(*store.Store) int) int {
	st, err := inv.openStore(ctx)
	if err != nil {
		return inv.fail(err)
	}
	defer st.Close()
	return fn(st)
}

func (inv *invocation) openStore(ctx context.Context) (*store.Store, error) {
	paths, err := config.Resolve(inv.dataDir)
	if err != nil {
		return nil, fault.Wrap(err, fault.Unavailable, "%v", err)
	}
	if err := paths.Ensure(); err != nil {
		return nil, fault.Wrap(err, fault.Unavailable, "%v", err)
	}
	st, err := store.Open(ctx, paths.Database())
	if err != nil {
		return nil, err
	}
	// Backed up once a day while in use; a backup that fails costs nothing now.
	if _, err := st.BackupIfDue(ctx); err != nil && inv.env.Log != nil {
		inv.env.Log.Warn("the daily backup of the library failed", "err", err)
	}
	return st, nil
}

// narrationFlags adds the per-document narration settings to a command.
func narrationFlags(fs *flag.FlagSet) *narration.Options {
	opt := &narration.Options{}
	fs.Func("footnotes", "where footnotes are read: end (of the chapter; default), inline, skip", func(s string) error {
		opt.Footnotes = narration.FootnoteMode(s)
		_, err := opt.Normalize()
		return err
	})
	fs.Func("code", "code blocks: skip (default) or read", func(s string) error {
		opt.Code = narration.CodeMode(s)
		_, err := opt.Normalize()
		return err
	})
	intVarFlag(fs, &opt.ChapterLevel, "chapter-level", 1, 6, "", "heading level that starts a chapter, 1–6 (default: chosen from the document)")
	fs.Func("language", "the document's language as a BCP 47 tag: en, de, fr, pt-BR, zh… (default: from the file, else detected from its text)", func(s string) error {
		opt.Language = s
		_, err := opt.Normalize()
		return err
	})
	return opt
}

// passwordFlag registers --password. The returned function puts it in the context
// the import reads with, once the flags are parsed; "-" reads it from the first line
// of standard input, out of sight of the process list. It serves this run only and
// is never stored.
func passwordFlag(inv *invocation) func(context.Context) (context.Context, error) {
	pw := inv.fs.String("password", "", "the password of an encrypted PDF, or - to read it from standard input (used for this run only, never stored)")
	return func(ctx context.Context) (context.Context, error) {
		set := false
		inv.fs.Visit(func(f *flag.Flag) { set = set || f.Name == "password" })
		if !set {
			return ctx, nil
		}
		p := *pw
		if p == "-" {
			line, err := bufio.NewReader(inv.env.Stdin).ReadString('\n')
			if err != nil && line == "" {
				return ctx, fault.New(fault.Invalid, "--password -: no password on standard input")
			}
			p = strings.TrimRight(line, "\r\n")
		}
		return document.WithPassword(ctx, p), nil
	}
}

// printNotes tells what an import left out, under its summary line.
func printNotes(w io.Writer, path string, notes []document.Note) {
	for _, n := range notes {
		fmt.Fprintf(w, "%s: note: %s\n", shown(path), oneLine(n.Message))
	}
}

func runImport(ctx context.Context, inv *invocation) int {
	opt := narrationFlags(inv.fs)
	withPassword := passwordFlag(inv)
	if done, code := inv.parse(inv.fsArgs(), func(n int) bool { return n > 0 }); done {
		return code
	}
	ctx, err := withPassword(ctx)
	if err != nil {
		return inv.fail(err)
	}
	st, err := inv.openStore(ctx)
	if err != nil {
		return inv.fail(err)
	}
	defer st.Close()
	cat := catalog.New(st)
	code := ExitOK
	for _, path := range inv.fs.Args() {
		var res *catalog.Result
		var err error
		if webfetch.IsAddress(path) {
			res, err = cat.ImportURL(ctx, path, *opt, true)
		} else {
			res, err = cat.ImportFile(ctx, path, *opt)
		}
		if err != nil {
			inv.fail(err)
			code = ExitError
			continue
		}
		if res.Duplicate {
			fmt.Fprintf(inv.env.Stdout, "%s: already in the library as %d %q\n", shown(path), res.ID, res.Title)
			continue
		}
		fmt.Fprintf(inv.env.Stdout, "%s: imported as %d %q (%s, %s, %s, %s)\n", shown(path), res.ID, res.Title, res.Format,
			plural(res.Words, "word"), plural(res.Sections, "chapter"), plural(res.Segments, "segment"))
		printNotes(inv.env.Stdout, path, res.Notes)
	}
	return code
}

func runText(ctx context.Context, inv *invocation) int {
	opt := narrationFlags(inv.fs)
	withPassword := passwordFlag(inv)
	spoken := inv.fs.Bool("spoken", false, "print what will be spoken instead: numbers, dates and abbreviations read out by the document's language, and the library's global lexicon applied (the Sentences tab's view)")
	if done, code := inv.parse(inv.fsArgs(), func(n int) bool { return n == 1 }); done {
		return code
	}
	ctx, err := withPassword(ctx)
	if err != nil {
		return inv.fail(err)
	}
	lim := document.DefaultLimits()
	lex := narration.NewLexicon(nil)
	// The user's own limits (and, for --spoken, lexicon) apply when there is a
	// library: one named, or the default one if it exists. None is made for this.
	if paths, err := config.Resolve(inv.dataDir); err == nil && (inv.dataDir != "" || fileExists(paths.Database())) {
		st, err := inv.openStore(ctx)
		if err != nil {
			// Printing a script needs no library: it is read with the defaults.
			fmt.Fprintf(inv.env.Stderr, "readback text: the library is not used (%s): the default limits and no lexicon apply\n", fault.MessageOf(inv.explain(err)))
			return inv.printText(ctx, lim, lex, *opt, *spoken)
		}
		lim, err = catalog.New(st).Limits(ctx)
		if err == nil && *spoken {
			var entries []store.LexiconEntry
			if entries, err = st.LexiconEntries(ctx, 0); err == nil {
				lex = narration.NewLexicon(entries)
			}
		}
		st.Close()
		if err != nil {
			return inv.fail(err)
		}
	}
	return inv.printText(ctx, lim, lex, *opt, *spoken)
}

// printText prints the script of the file named on the command line.
func (inv *invocation) printText(ctx context.Context, lim document.Limits, lex *narration.Lexicon, opt narration.Options, spoken bool) int {
	path := inv.fs.Arg(0)
	data, err := document.ReadFile(path, lim)
	if err != nil {
		return inv.fail(err)
	}
	pr, err := catalog.Prepare(ctx, path, data, lim, opt)
	if err != nil {
		return inv.fail(err)
	}
	w := newLineWriter(inv.env.Stdout)
	for i, sec := range pr.Script.Sections {
		if i > 0 {
			w.line("")
		}
		for _, seg := range sec.Segments {
			text := seg.Text
			if spoken { // as the default engine, eSpeak, is given it
				lang, _ := narration.PassageLanguage(pr.Doc.Language, seg.Lang)
				text = narration.SpokenText(lex, lang, text, seg.Kind == document.Heading, narration.Reader{Phonemes: true, KanaOnly: true})
			}
			w.line(text)
		}
	}
	if err := w.flush(); err != nil {
		return inv.fail(fmt.Errorf("write: %w", err))
	}
	return ExitOK
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func runFetch(ctx context.Context, inv *invocation) int {
	if done, code := inv.parse(inv.fsArgs(), func(n int) bool { return n == 1 }); done {
		return code
	}
	id, err := strconv.ParseInt(inv.fs.Arg(0), 10, 64)
	if err != nil {
		return inv.fail(fault.New(fault.Invalid, "%q is not a document id (see 'readback list')", inv.fs.Arg(0)))
	}
	return inv.withStore(ctx, func(st *store.Store) int {
		rev, err := catalog.New(st).Refetch(ctx, id)
		if err != nil {
			return inv.fail(err)
		}
		if rev.Added+rev.Removed+rev.Changed == 0 {
			fmt.Fprintf(inv.env.Stdout, "%d %q: the page has not changed\n", id, rev.Title)
		} else {
			fmt.Fprintf(inv.env.Stdout, "%d %q: new version: %d added, %d removed, %d changed\n", id, rev.Title, rev.Added, rev.Removed, rev.Changed)
		}
		printNotes(inv.env.Stdout, rev.File, rev.Notes)
		return ExitOK
	})
}

func runList(ctx context.Context, inv *invocation) int {
	if done, code := inv.parse(inv.fsArgs(), noArgs); done {
		return code
	}
	return inv.withStore(ctx, func(st *store.Store) int {
		w := newLineWriter(inv.env.Stdout)
		for offset := 0; ; {
			page, err := st.ListDocuments(ctx, "", offset, 500)
			if err != nil {
				return inv.fail(err)
			}
			for _, d := range page.Items {
				w.line(fmt.Sprintf("%d\t%s\t%s\t%d", d.ID, oneLine(d.Title), d.Format, d.Words))
			}
			offset += len(page.Items)
			if len(page.Items) == 0 || offset >= page.Total {
				break
			}
		}
		if err := w.flush(); err != nil {
			return inv.fail(fmt.Errorf("write: %w", err))
		}
		return ExitOK
	})
}

var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// oneLine makes text from a document or a bucket safe for one line of a
// terminal: tabs and line breaks become spaces, other control characters (an
// escape sequence) are dropped.
func oneLine(s string) string {
	if strings.Contains(s, "\x1b[") {
		s = ansiEscape.ReplaceAllString(s, "") // a library's coloured error
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
