//go:build desktop || production || dev || bindings

// Package window opens Readback's window: the one place that builds the services,
// binds the handlers of package app and runs Wails. It is compiled only with one of
// the tags desktop, production or dev (a build without them runs headless).
package window

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"readback/app"
	"readback/frontend"
	"readback/internal/audiobook"
	"readback/internal/catalog"
	"readback/internal/config"
	"readback/internal/desktop"
	"readback/internal/health"
	"readback/internal/jobs"
	sharedlib "readback/internal/library"
	"readback/internal/listening"
	"readback/internal/pdftext"
	"readback/internal/playback"
	"readback/internal/render"
	"readback/internal/store"
	speechengines "readback/internal/tts/engines"
	"readback/internal/tts/espeak"
)

// Run opens the window: it wires the store and the services to the handlers and
// hands them to Wails. The store closes only after the window and its context are gone.
// version is the build's (VERSION+commit), shown in Settings → About.
func Run(ctx context.Context, args []string, version string) error {
	if bindingsBuild {
		// "make bindings" runs this build only to read the bound methods: it must not
		// touch anyone's data.
		s := app.NewSession()
		return wails.Run(&options.App{Bind: []any{app.NewLibrary(s, nil, slog.Default()), app.NewSettings(s, nil, "", version, nil),
			app.NewQueue(s, nil, nil, nil, nil, nil, slog.Default(), 0), app.NewPlayer(s, nil, nil, slog.Default(), nil, nil),
			app.NewEditor(s, nil, nil), app.NewPronunciation(s, nil, nil, nil, nil), app.NewSync(s, nil, nil, nil, ""),
			app.NewDashboard(s, nil), app.NewRelease(s, nil), app.NewRescue(s, "", nil, nil), app.NewVoices(s, nil), app.NewCloud(s, nil)}})
	}
	if runtime.GOOS == "linux" && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errors.New("no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); the headless commands work without one: run 'readback help'")
	}
	paths, err := config.Resolve(flagValue(args, "data-dir"))
	if err != nil {
		return err
	}
	if err := paths.Ensure(); err != nil {
		return err
	}
	logFile, err := os.OpenFile(paths.Log(), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("open log: %w", err)
	}
	defer logFile.Close()
	log := slog.New(slog.NewJSONHandler(io.MultiWriter(logFile, os.Stderr), &slog.HandlerOptions{Level: slog.LevelInfo}))
	st, err := store.Open(ctx, paths.Database())
	if errors.Is(err, store.ErrDamaged) {
		// The writer sees why, in the window, and can bring back a backup there.
		log.Error("the library failed its check", "err", err)
		return rescue(ctx, paths.Database(), err, log)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The library is backed up once a day while the window is open.
	go func() {
		for {
			if _, err := st.BackupIfDue(ctx); err != nil && ctx.Err() == nil {
				log.Warn("the daily backup of the library failed", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Hour):
			}
		}
	}()

	cat := catalog.New(st)
	session := app.NewSession()
	library := app.NewLibrary(session, cat, log)

	engines, err := speechengines.Open(paths)
	if err != nil {
		log.Error("speech engine unavailable", "err", err)
	}
	if e, err := engines.Engine(espeak.Name); err == nil {
		if es, ok := e.(*espeak.Engine); ok {
			es.Warm("") // the default voice, so that the first Play does not wait for it
		}
	}
	// Amazon Polly, when the writer turned it on (it asks nothing of the network
	// until its voices are listed).
	cloud := &speechengines.Cloud{Store: st, Registry: engines, Paths: paths}
	if err := cloud.Start(ctx); err != nil {
		log.Warn("Amazon Polly's settings could not be read", "err", err)
	}
	renderer := render.New(st, engines, paths.Renditions())
	defer renderer.Close()
	// The team's shared library, when one is set up: synced in the background, and
	// asked for sentence audio before it is synthesised.
	shared := &sharedlib.Service{Store: st, DataDir: paths.Data, Log: log, OnChange: func() { session.Emit("shared:changed", nil) }}
	renderer.Shared = shared
	exe, _ := os.Executable()
	pool := func() *render.Pool {
		if runtime.NumCPU() < 2 || exe == "" {
			return nil
		}
		return &render.Pool{Command: []string{exe, "worker", "--data-dir", paths.Data}, Workers: runtime.NumCPU(), Timeout: time.Minute, Attempts: 3, Few: render.FewInProcess}
	}
	emitter := app.NewEmitter(session)
	notifier := &desktop.Notifier{App: "Readback", Icon: "readback"}
	defer notifier.Close()
	notices := &audiobook.Notices{Store: st, Send: notifier.Notify, Log: log}
	defer notices.Wait()
	runner := &jobs.Runner{Store: st, Log: log, Handlers: map[string]jobs.Handler{"convert": audiobook.ConvertJob(audiobook.New(renderer), pool, shared.ConvertRemote)},
		Changed: emitter.Changed, Ended: func(j *store.Job) { notices.Ended(ctx, j) }}
	if n, err := st.Prune(ctx, time.Now().AddDate(0, 0, -30)); err == nil && n > 0 {
		log.Info("pruned finished jobs older than 30 days", "count", n)
	}
	resumed, err := st.Unfinished(ctx)
	if err != nil {
		return err
	}
	if resumed > 0 {
		log.Info("resuming conversions from the last session", "count", resumed)
	}
	queue := app.NewQueue(session, st, runner, engines, renderer, shared, log, resumed)
	// The speaker, if the machine has one; else the window plays the audio itself.
	var out playback.Output
	speaker, devErr := playback.OpenSpeaker()
	if devErr != nil {
		log.Warn("no audio device: the window will play the audio", "err", devErr)
	} else {
		out = speaker
	}
	player := app.NewPlayer(session, st, renderer, log, out, devErr)
	// Each document's length, before it has an audiobook, is the player's estimate:
	// worked out in the background for those imported or changed since, whenever
	// the library is listed.
	estimator := listening.NewEstimator(renderer, st, log, func() { session.Emit("library:changed", nil) })
	library.Listed = estimator.Poke
	settings := app.NewSettings(session, cat, paths.Data, version, func(ctx context.Context, enginesOnly bool) *health.Report {
		return health.Gather(ctx, health.Inputs{Version: version, DataDir: paths.Data, Store: st, Engines: engines,
			AudioDevice: devErr, AudioDeviceTried: true, EnginesOnly: enginesOnly})
	})
	defer player.Close()
	edits := app.NewEdits(session, st, cat, renderer, engines, player, log)
	editor := app.NewEditor(session, renderer, edits)
	pronunciation := app.NewPronunciation(session, st, renderer, player, edits)
	syncer := app.NewSync(session, shared, renderer, pool, "espeak:"+espeak.DefaultVoice)
	dashboard := app.NewDashboard(session, cat)
	release := app.NewRelease(session, renderer)
	voices := app.NewVoices(session, &speechengines.Voices{Paths: paths, Registry: engines, CatalogAddress: func(ctx context.Context) string {
		p, _ := st.Preferences(ctx)
		return p.VoiceCatalog
	}})
	log.Info("starting", "version", version, "data", paths.Data)
	// The queue stops before the store closes: its last write lands first.
	var runnerDone sync.WaitGroup
	defer runnerDone.Wait()
	defer cancel()
	return wails.Run(&options.App{
		Title:     "Readback",
		Width:     1200,
		Height:    800,
		MinWidth:  720,
		MinHeight: 480,
		AssetServer: &assetserver.Options{
			Assets:  frontend.Assets(),
			Handler: app.AssetHandler(player, pronunciation),
		},
		BackgroundColour: &options.RGBA{R: 250, G: 248, B: 244, A: 255},
		OnStartup: func(wctx context.Context) {
			session.Start(wctx)
			// Leases of jobs that were running when the app last stopped have run out
			// by now or will soon; the reaper hands them back.
			runnerDone.Add(1)
			go func() { defer runnerDone.Done(); runner.Run(ctx) }()
			runnerDone.Add(1)
			go func() { defer runnerDone.Done(); shared.Run(ctx) }()
			runnerDone.Add(1)
			go func() { defer runnerDone.Done(); estimator.Run(ctx) }()
			go func() {
				// The first PDF after an install would wait seconds for PDFium to be
				// compiled; do it now, while the writer looks at the library.
				if err := pdftext.Default().Precompile(); err != nil {
					log.Warn("PDFium could not be compiled ahead of time", "err", err)
				}
			}()
			go func() {
				// Audio a killed conversion wrote but never recorded.
				if n, err := renderer.Recover(ctx); err != nil {
					log.Warn("recovering unrecorded sentence audio", "err", err)
				} else if n > 0 {
					log.Info("recovered unrecorded sentence audio", "sentences", n)
				}
				if res, err := renderer.Compact(ctx); err != nil {
					log.Warn("the audio packs were not compacted", "err", err)
				} else if res.Removed > 0 {
					log.Info("audio packs compacted", "rewritten", res.Rewritten, "removed", res.Removed, "freed", res.Freed)
				}
			}()
			go func() { // closing the terminal or Ctrl-C closes the window too
				<-ctx.Done()
				wailsQuit(wctx)
			}()
		},
		OnDomReady: func(context.Context) {
			acceptDrops(dropTarget{
				Over: func(x, y int) { session.Emit("files:over", map[string]any{"x": x, "y": y}) },
				Left: func() { session.Emit("files:left", nil) },
				Dropped: func(x, y int, paths []string) {
					session.Emit("files:dropped", map[string]any{"x": x, "y": y, "paths": paths})
				},
			})
		},
		// The window takes dropped files, not WebKitGTK (drop.go).
		DragAndDrop:    &options.DragAndDrop{DisableWebViewDrop: true},
		OnShutdown:     func(context.Context) { cancel() },
		Bind:           []any{library, settings, queue, player, editor, pronunciation, syncer, dashboard, release, voices, app.NewCloud(session, cloud)},
		ErrorFormatter: app.FormatError(log),
		Linux: &linux.Options{
			Icon:             windowIcon(),
			ProgramName:      "readback",
			WebviewGpuPolicy: linux.WebviewGpuPolicyNever,
		},
	})
}

// rescue opens the window on the damaged library's rescue alone: nothing else is
// bound, so nothing writes into it.
func rescue(ctx context.Context, db string, cause error, log *slog.Logger) error {
	session := app.NewSession()
	r := app.NewRescue(session, db, cause, wailsQuit)
	return wails.Run(&options.App{
		Title:            "Readback",
		Width:            900,
		Height:           640,
		MinWidth:         600,
		MinHeight:        420,
		AssetServer:      &assetserver.Options{Assets: frontend.Assets()},
		BackgroundColour: &options.RGBA{R: 250, G: 248, B: 244, A: 255},
		OnStartup: func(wctx context.Context) {
			session.Start(wctx)
			go func() {
				<-ctx.Done()
				wailsQuit(wctx)
			}()
		},
		Bind:           []any{r},
		ErrorFormatter: app.FormatError(log),
		// A file dropped here would take the rescue page's place (drop.go); it takes none.
		DragAndDrop: &options.DragAndDrop{DisableWebViewDrop: true},
		Linux: &linux.Options{
			Icon:             windowIcon(),
			ProgramName:      "readback",
			WebviewGpuPolicy: linux.WebviewGpuPolicyNever,
		},
	})
}

// windowIcon is the icon the window manager shows (the page's own appicon.png);
// the installed package's desktop file names the same drawing.
func windowIcon() []byte {
	b, err := fs.ReadFile(frontend.Assets(), "appicon.png")
	if err != nil {
		return nil
	}
	return b
}

// flagValue finds --name VALUE or --name=VALUE among the arguments without the flag
// package, which would stop at the flags that Wails's development build reads itself.
func flagValue(args []string, name string) string {
	for i, a := range args {
		for _, p := range []string{"--" + name, "-" + name} {
			if a == p && i+1 < len(args) {
				return args[i+1]
			}
			if v, ok := strings.CutPrefix(a, p+"="); ok {
				return v
			}
		}
	}
	return ""
}
