package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"readback/internal/config"
	"readback/internal/fault"
	"readback/internal/health"
	"readback/internal/store"
)

// runDoctor examines the library deeply (it may be too damaged to open) and says
// what is wrong and what to do; exit 1 if anything is.
func runDoctor(ctx context.Context, inv *invocation) int {
	asJSON := inv.fs.Bool("json", false, "print the report as JSON")
	if done, code := inv.parse(inv.fsArgs(), noArgs); done {
		return code
	}
	paths, err := config.Resolve(inv.dataDir)
	if err != nil {
		return inv.fail(err)
	}
	rep := health.Doctor(ctx, paths.Data)
	rep.Version = Version
	if *asJSON {
		if code := inv.printJSON(rep); code != ExitOK || !rep.OK() {
			return ExitError
		}
		return ExitOK
	}
	fmt.Fprint(inv.env.Stdout, rep.Text())
	if !rep.OK() {
		return ExitError
	}
	return ExitOK
}

// runRestore brings back a backup of the library: the newest, or the one named.
func runRestore(ctx context.Context, inv *invocation) int {
	list := inv.fs.Bool("list", false, "list the backups, the newest first: PATH<TAB>TAKEN<TAB>SCHEMA<TAB>SIZE")
	if done, code := inv.parse(inv.fsArgs(), func(n int) bool { return n <= 1 }); done {
		return code
	}
	paths, err := config.Resolve(inv.dataDir)
	if err != nil {
		return inv.fail(err)
	}
	db := paths.Database()
	backups, err := store.Backups(db)
	if err != nil {
		return inv.fail(fault.Wrap(err, fault.Unavailable, "%v", err))
	}
	if *list {
		w := newLineWriter(inv.env.Stdout)
		for _, b := range backups {
			w.line(fmt.Sprintf("%s\t%s\t%d\t%d", b.Path, b.Taken.Local().Format("2006-01-02 15:04:05"), b.Version, b.Size))
		}
		if err := w.flush(); err != nil {
			return inv.fail(err)
		}
		return ExitOK
	}
	var from *store.Backup
	switch name := inv.fs.Arg(0); {
	case name == "" && len(backups) == 0:
		return inv.fail(fault.New(fault.NotFound, "no backup of the library in %s", store.BackupsDir(db)))
	case name == "":
		from = &backups[0]
	default:
		for i, b := range backups {
			if b.Path == name || filepath.Base(b.Path) == name || strings.TrimSuffix(filepath.Base(b.Path), ".db") == name {
				from = &backups[i]
			}
		}
		if from == nil {
			return inv.fail(fault.New(fault.NotFound, "no backup %q in %s: see 'readback restore --list'", name, store.BackupsDir(db)))
		}
	}
	kept, err := store.Restore(ctx, db, from.Path)
	if err != nil {
		return inv.fail(err)
	}
	fmt.Fprintf(inv.env.Stdout, "restored the library from %s (taken %s)\n", from.Path, from.Taken.Local().Format("2006-01-02 15:04"))
	if kept != "" {
		fmt.Fprintf(inv.env.Stdout, "the database it replaces is kept as %s\n", kept)
	}
	return ExitOK
}
