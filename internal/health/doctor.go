package health

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"readback/internal/audio"
	"readback/internal/config"
	"readback/internal/fault"
	"readback/internal/render"
	"readback/internal/store"
)

// Doctor examines the library at dataDir deeply, changing nothing: SQLite's full
// integrity check of its database, every sentence's audio against its pack (a
// pack gone or cut short, audio nothing refers to), the free disk, the backups. It
// works on a library too damaged to open.
func Doctor(ctx context.Context, dataDir string) *Report {
	r := &Report{System: runtime.GOOS + "/" + runtime.GOARCH + ", " + runtime.Version(), At: time.Now().UTC().Format(time.RFC3339)}
	add := func(name string, ok bool, format string, args ...any) {
		c := Check{Name: name, OK: ok}
		c.Detail, c.Format, c.Args = fault.Say(format, args...)
		r.Checks = append(r.Checks, c)
	}
	db := filepath.Join(dataDir, "library.db")
	in, err := store.Inspect(ctx, db)
	switch {
	case errors.Is(err, os.ErrNotExist) || fileMissing(db):
		add("library", true, "no library yet in %s", dataDir)
	case err != nil:
		add("library", false, "%s cannot be read (%v): run 'readback restore' to bring back its last backup", db, err)
	case len(in.Problems) > 0:
		add("library", false, "%s is damaged (%s): run 'readback restore' to bring back its last backup", db, strings.Join(in.Problems, "; "))
	default:
		add("library", true, "%s: integrity ok, schema version %d, %d documents, %d sentence renditions", db, in.Version, in.Documents, len(in.Renditions))
	}
	if in != nil {
		packs(in, render.PacksDir(config.RenditionsIn(dataDir)), add)
	}
	disk(dataDir, add)
	if list, err := store.Backups(db); err != nil {
		add("backups", false, "%v", err)
	} else if len(list) == 0 {
		add("backups", true, "none yet: one is made before each upgrade and daily while the library is used")
	} else {
		add("backups", true, "%d in %s, the newest taken %s", len(list), store.BackupsDir(db), list[0].Taken.Local().Format("2006-01-02 15:04"))
	}
	return r
}

// packs checks the sentence audio against the packs holding it.
func packs(in *store.Inspection, dir string, add func(string, bool, string, ...any)) {
	sizes := map[string]int64{}
	entries, _ := os.ReadDir(dir)
	var total int64
	for _, e := range entries {
		if fi, err := e.Info(); err == nil && fi.Mode().IsRegular() {
			sizes[e.Name()] = fi.Size()
			total += fi.Size()
		}
	}
	var missing, short, damaged int
	var referenced int64
	used := map[string]bool{}
	// Packs of self-describing entries are read whole: each entry's checksum is
	// checked, and an entry counts as referenced with its header.
	type at struct {
		pack   string
		offset int64
	}
	whole := map[at]int64{} // a checked entry's PCM → the entry's length
	recorded := map[string]bool{}
	for _, r := range in.Renditions {
		recorded[r.Key] = true
	}
	unrecorded := 0
	for name := range sizes {
		if !strings.HasSuffix(name, audio.PackExt) {
			continue
		}
		audio.ScanPack(filepath.Join(dir, name), 0, func(e audio.ScannedEntry) error {
			whole[at{name, e.Offset}] = e.End - e.Start
			if !recorded[e.Key] {
				unrecorded++
			}
			return nil
		})
	}
	for _, r := range in.Renditions {
		size, ok := sizes[r.Pack]
		switch {
		case !ok:
			missing++
		case r.Offset+r.Bytes > size:
			short++
		case strings.HasSuffix(r.Pack, audio.PackExt):
			n, ok := whole[at{r.Pack, r.Offset}]
			if !ok {
				damaged++
				continue
			}
			referenced += n
			used[r.Pack] = true
		default:
			referenced += r.Bytes
			used[r.Pack] = true
		}
	}
	unused := 0
	for name := range sizes {
		if !used[name] {
			unused++
		}
	}
	switch {
	case damaged > 0:
		// Bytes changed under the library: the disk's doing, not a stopped run.
		add("sentence audio", false, "%d sentences' audio fails its checksum in the packs (is the disk failing?)", damaged)
	case missing+short > 0:
		// A cache: what is gone is made again, nothing is lost.
		add("sentence audio", true, "%d sentences' audio is missing (%d in packs gone, %d cut short): they are synthesised again when next needed", missing+short, missing, short)
	default:
		add("sentence audio", true, "%d renditions in %d packs, %.1f MB", len(in.Renditions), len(sizes), float64(total)/1e6)
	}
	orphan := total - referenced
	add("unreferenced audio", true, "%.1f MB of pack space nothing refers to (%d packs unused): left by stopped conversions", float64(max(orphan, 0))/1e6, unused)
	if unrecorded > 0 {
		add("unrecorded audio", true, "%d sentences' audio was written by a stopped conversion and not recorded: the next conversion records it instead of synthesising it again", unrecorded)
	}
}

func fileMissing(path string) bool {
	_, err := os.Stat(path)
	return errors.Is(err, os.ErrNotExist)
}

// OK reports whether every check of the report passed.
func (r *Report) OK() bool {
	for _, c := range r.Checks {
		if !c.OK {
			return false
		}
	}
	return true
}
