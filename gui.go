//go:build desktop || production || dev || bindings

package main

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strings"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"readback/app"
	"readback/internal/catalog"
	"readback/internal/config"
	"readback/internal/store"
)

//go:embed all:frontend/dist
var assets embed.FS

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// runGUI opens the window: it wires the store and the services to the handlers and
// hands them to Wails. The store closes only after the window and its context are gone.
func runGUI(ctx context.Context, args []string) error {
	if bindingsBuild {
		// "make bindings" runs this build only to read the bound methods: it must not
		// touch anyone's data.
		s := app.NewSession()
		return wails.Run(&options.App{Bind: []any{app.NewLibrary(s, nil, slog.Default()), app.NewSettings(s, nil, "", version)}})
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
	if err != nil {
		return err
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	cat := catalog.New(st)
	session := app.NewSession()
	library := app.NewLibrary(session, cat, log)
	settings := app.NewSettings(session, cat, paths.Data, version)
	log.Info("starting", "version", version, "data", paths.Data)
	return wails.Run(&options.App{
		Title:     "Readback",
		Width:     1200,
		Height:    800,
		MinWidth:  720,
		MinHeight: 480,
		AssetServer: &assetserver.Options{
			Assets: assets,
		},
		BackgroundColour: &options.RGBA{R: 250, G: 248, B: 244, A: 255},
		OnStartup: func(wctx context.Context) {
			session.Start(wctx)
			go func() { // closing the terminal or Ctrl-C closes the window too
				<-ctx.Done()
				wailsQuit(wctx)
			}()
		},
		OnShutdown:     func(context.Context) { cancel() },
		Bind:           []any{library, settings},
		ErrorFormatter: app.FormatError(log),
		Linux: &linux.Options{
			ProgramName:      "readback",
			WebviewGpuPolicy: linux.WebviewGpuPolicyNever,
		},
	})
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
