package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"readback/internal/fault"

	"readback/internal/config"
	"readback/internal/health"
	"readback/internal/store"
)

// Version is the program's version, set by main.
var Version = "dev"

func runDiagnostics(ctx context.Context, inv *invocation) int {
	asJSON := inv.fs.Bool("json", false, "print the report as JSON (not redacted: it holds no secret, but paths are yours)")
	if done, code := inv.parse(inv.fsArgs(), noArgs); done {
		return code
	}
	paths, err := config.Resolve(inv.dataDir)
	if err != nil {
		return inv.fail(err)
	}
	in := health.Inputs{Version: Version, DataDir: paths.Data}
	// The library is looked at, not created.
	var damaged error
	if _, err := os.Stat(paths.Database()); err == nil {
		st, err := store.Open(ctx, paths.Database())
		switch {
		case errors.Is(err, store.ErrDamaged):
			damaged = err // reported below, with the rest
		case err != nil:
			return inv.fail(err)
		default:
			defer st.Close()
			in.Store = st
		}
	}
	reg, _ := inv.engines() // the engines that started; the others are in its Missing, with why
	defer reg.Close()
	in.Engines = reg
	rep := health.Gather(ctx, in)
	switch {
	case damaged != nil:
		rep.Checks = append(rep.Checks, health.Check{Name: "library", OK: false, Detail: fault.MessageOf(damaged)})
	case in.Store == nil:
		rep.Checks = append(rep.Checks, health.Check{Name: "library", OK: true, Detail: "not created yet at " + paths.Database()})
	}
	if *asJSON {
		return inv.printJSON(rep)
	}
	fmt.Fprint(inv.env.Stdout, rep.Text())
	if !rep.OK() {
		return ExitError
	}
	return ExitOK
}
