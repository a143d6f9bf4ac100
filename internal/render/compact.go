package render

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"readback/internal/audio"
	"readback/internal/store"
)

// A pack is compacted when this much of it is referenced by nothing: audio of
// renditions forgotten, duplicates a race wrote twice, the tail a killed run was
// writing. Below it, rewriting costs more than the space is worth.
const (
	compactShare    = 0.25
	compactMinBytes = 1 << 20
)

// CompactResult tells what a compaction did.
type CompactResult struct {
	Rewritten int   // packs whose referenced audio was copied to a new pack
	Removed   int   // packs removed (rewritten, or referenced by nothing)
	Freed     int64 // bytes
}

// Compact rewrites the packs that are mostly dead space and removes those nothing
// refers to. A pack whose writer may still be running is left alone. Killed at any
// point, nothing is lost: the new pack is written under a temporary name and made
// whole on disk before it is named, the library points at it in one transaction,
// and only then is the old pack removed; a pack left behind by a kill is referenced
// by nothing and goes at the next compaction.
func (r *Renderer) Compact(ctx context.Context) (CompactResult, error) {
	var res CompactResult
	dir := PacksDir(r.dir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return res, nil
		}
		return res, err
	}
	uses, err := r.st.PackUses(ctx)
	if err != nil {
		return res, err
	}
	for _, e := range entries {
		name := e.Name()
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		if strings.HasPrefix(name, compactPrefix) {
			// A compaction killed before it named its pack.
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > time.Hour {
				os.Remove(filepath.Join(dir, name))
			}
			continue
		}
		if !e.Type().IsRegular() || !(strings.HasSuffix(name, audio.PackExt) || strings.HasSuffix(name, audio.LegacyPackExt)) {
			continue
		}
		if pid, ok := audio.PackWriterPID(name); ok && (pid == os.Getpid() || audio.ProcessAlive(pid)) {
			continue // its writer may append to it yet
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		// A pack written lately may hold audio whose records are on their way: a
		// worker writes and exits before the process that started it records the
		// last of its work, and another compaction's new pack is recorded after
		// it is named.
		if time.Since(info.ModTime()) < compactQuiet {
			continue
		}
		size, path := info.Size(), filepath.Join(dir, name)
		use := uses[name]
		if use.Renditions == 0 {
			// Asked again now, not from the list made at the start; and what the
			// library says of it is on the disk before the pack goes.
			if left, err := r.st.RenditionsInPack(ctx, name); err != nil || len(left) > 0 {
				continue
			}
			if err := r.st.Durable(ctx); err != nil {
				return res, err
			}
			if os.Remove(path) == nil {
				res.Removed++
				res.Freed += size
			}
			continue
		}
		// Headers count as used too, so the PCM alone bounds the dead space: a pack
		// that cannot reach the threshold is not read (this runs after every
		// conversion and at every start).
		if !worthCompacting(size, use.PCMBytes) {
			continue
		}
		if strings.HasSuffix(name, audio.PackExt) {
			used, err := entriesUsed(ctx, r.st, path, name)
			if err != nil {
				return res, err
			}
			if !worthCompacting(size, used) {
				continue
			}
		}
		after, err := r.rewritePack(ctx, dir, name)
		if err != nil {
			return res, fmt.Errorf("compact %s: %w", name, err)
		}
		res.Rewritten++
		res.Removed++
		res.Freed += size - after
	}
	return res, nil
}

// worthCompacting: a pack of size bytes of which used are referenced.
func worthCompacting(size, used int64) bool {
	dead := size - used
	return dead >= compactMinBytes && float64(dead) >= compactShare*float64(size)
}

// compactQuiet is how long a pack must have been left alone to be compacted.
const compactQuiet = time.Hour

// compactPrefix names a pack being written by a compaction.
const compactPrefix = ".compact-"

// entriesUsed is how many bytes of a pack of entries the library's renditions use,
// headers and checksums included.
func entriesUsed(ctx context.Context, st *store.Store, path, name string) (int64, error) {
	recs, err := st.RenditionsInPack(ctx, name)
	if err != nil {
		return 0, err
	}
	at := make(map[int64]bool, len(recs))
	for _, rec := range recs {
		at[rec.Offset] = true
	}
	var used int64
	err = audio.ScanPackHeaders(path, func(e audio.ScannedEntry) error {
		if at[e.Offset] {
			used += e.End - e.Start
		}
		return nil
	})
	return used, err
}

// rewritePack copies the audio the library refers to in pack name to a new pack,
// points the library at it and removes the old one. It returns the new pack's size.
func (r *Renderer) rewritePack(ctx context.Context, dir, name string) (int64, error) {
	recs, err := r.st.RenditionsInPack(ctx, name)
	if err != nil {
		return 0, err
	}
	src, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return 0, err
	}
	defer src.Close()
	tmp, err := os.CreateTemp(dir, compactPrefix+"*"+audio.PackExt)
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name()) // gone once renamed
	defer tmp.Close()
	newName := fmt.Sprintf("%d-%d%s", time.Now().UnixNano(), os.Getpid(), audio.PackExt)
	var moves []store.Move
	var size int64
	for _, rec := range recs {
		pcm := make([]byte, 2*rec.Samples)
		if _, err := src.ReadAt(pcm, rec.Offset); err != nil {
			if errors.Is(err, io.EOF) {
				continue // cut short: the renderer makes it again when needed
			}
			return 0, err
		}
		b, at, err := audio.EncodeEntry(audio.PackEntry{Key: rec.Key, Engine: rec.Engine, Voice: rec.Voice, SampleRate: rec.SampleRate, Marks: rec.Marks}, pcm)
		if err != nil {
			return 0, err
		}
		if _, err := tmp.Write(b); err != nil {
			return 0, err
		}
		moves = append(moves, store.Move{Key: rec.Key, FromPack: name, FromOffset: rec.Offset, ToPack: newName, ToOffset: size + int64(at)})
		size += int64(len(b))
	}
	if err := tmp.Sync(); err != nil {
		return 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, newName)); err != nil {
		return 0, err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	if _, err := r.st.MoveRenditions(ctx, moves); err != nil {
		os.Remove(filepath.Join(dir, newName))
		return 0, err
	}
	// A rendition recorded into the old pack since it was listed (it cannot be: its
	// writer is gone) would keep it; otherwise nothing refers to it now.
	if left, err := r.st.RenditionsInPack(ctx, name); err == nil && len(left) == 0 {
		// The move must survive a power cut before the audio it moved away from goes.
		if err := r.st.Durable(ctx); err != nil {
			return size, err
		}
		os.Remove(filepath.Join(dir, name))
	}
	return size, nil
}
