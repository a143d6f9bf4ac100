package cli_test

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"readback/internal/audio"
	"readback/internal/cli"
)

// Ten kills at random moments of a conversion and its workers together, two of them
// after killing one worker alone (the conversion goes on without it). After each, no
// process of the run is left; at the end a last run completes, the library passes SQLite's
// integrity check, no temporary file is left, every sentence has one rendition
// inside its pack, and no sentence's audio was made twice — what a killed run had
// written but not recorded was found again, not synthesised again — and every
// rendition is byte for byte what an uninterrupted run makes.
func TestKillStorm(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	src := manuscript(t, dir, 1000)
	out := filepath.Join(dir, "book.wav")
	for kill := range 10 {
		cmd, exited := startConvert(t, data, src, out)
		workerOnly := kill == 3 || kill == 7
		time.Sleep(time.Duration(50+rng.IntN(600)) * time.Millisecond)
		if workerOnly {
			// One worker killed: the conversion carries on without it (it is still
			// running, or has finished well, a moment later), then the storm goes on.
			workers := childrenOf(cmd.Process.Pid)
			if len(workers) == 0 {
				t.Logf("kill %d: no worker running yet", kill)
			} else {
				syscall.Kill(workers[rng.IntN(len(workers))], syscall.SIGKILL)
			}
			select {
			case err := <-exited:
				if err != nil {
					t.Fatalf("kill %d: a worker killed took the conversion down: %v", kill, err)
				}
				os.Remove(out)
				continue
			case <-time.After(300 * time.Millisecond):
			}
		}
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
		// Nothing of the run is left running.
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			left := inGroup(cmd.Process.Pid)
			if len(left) == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("kill %d: processes of the run left: %v", kill, left)
			}
		}
	}
	s, r := convert(t, "--data-dir", data, "--workers", "2", src, "-o", out)
	if r.code != cli.ExitOK || s.Failed != 0 || s.Segments != 1050 { // 1000 sentences and 50 chapter headings
		t.Fatalf("the last run: %+v %+v", s, r)
	}
	db, err := sql.Open("sqlite", filepath.Join(data, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	var recs int
	db.QueryRow("PRAGMA integrity_check").Scan(&check)
	db.QueryRow("SELECT count(*) FROM renditions").Scan(&recs)
	if check != "ok" || recs != 1050 {
		t.Fatalf("integrity_check %q, %d renditions for 1050 segments", check, recs)
	}
	made := map[string]int{}
	packs, _ := filepath.Glob(filepath.Join(data, "renditions", "packs", "*"+audio.PackExt))
	for _, p := range packs {
		audio.ScanPack(p, 0, func(e audio.ScannedEntry) error { made[e.Key]++; return nil })
	}
	for k, n := range made {
		if n > 1 {
			t.Errorf("sentence %.12s was synthesised %d times", k, n)
		}
	}
	// And it is the audio an uninterrupted run makes.
	calm := filepath.Join(dir, "calm")
	if s, r := convert(t, "--data-dir", calm, "--workers", "2", src, "-o", filepath.Join(dir, "calm.wav")); r.code != cli.ExitOK || s.Failed != 0 {
		t.Fatalf("the uninterrupted run: %+v %+v", s, r)
	}
	sameRenditions(t, "after the storm", renditionsOf(t, data), "uninterrupted", renditionsOf(t, calm))
	var temps []string
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err == nil && (strings.Contains(filepath.Base(path), ".part") || strings.Contains(filepath.Base(path), ".compact-")) {
			temps = append(temps, path)
		}
		return nil
	})
	if len(temps) > 0 {
		t.Errorf("temporary files left: %v", temps)
	}
}

// A book converted with one worker and with two, twice each, is the same audio
// sentence for sentence, byte for byte: a rendition holds what its key names,
// whichever process made it and whatever it made before.
func TestRenditionsSameWithAnyWorkers(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range 60 {
		if i%15 == 0 {
			fmt.Fprintf(&b, "\n# Chapter %d\n\n", i/15+1)
		}
		fmt.Fprintf(&b, "%s ", []string{"The lamp was cold, said the keeper.", fmt.Sprintf("Was it %d steps, or more?", 100+i), "On 12 May 1990 the ship came home!", "Siobhan climbed; the sea was grey."}[i%4])
		if i%4 == 1 {
			fmt.Fprintf(&b, "Step %d. ", i*7)
		}
		if i%3 == 2 {
			b.WriteString("\n\n")
		}
	}
	src := write(t, dir, "book.md", b.String())
	var first map[string][]byte
	for run, workers := range []string{"1", "2", "1", "2"} {
		data := filepath.Join(dir, "data"+strconv.Itoa(run))
		s, r := convert(t, "--data-dir", data, "--workers", workers, src, "-o", filepath.Join(dir, "out"+strconv.Itoa(run)+".wav"))
		if r.code != cli.ExitOK || s.Failed != 0 {
			t.Fatalf("run %d with %s workers: %+v %+v", run, workers, s, r)
		}
		got := renditionsOf(t, data)
		if run == 0 {
			first = got
			continue
		}
		sameRenditions(t, "with 1 worker", first, "run "+strconv.Itoa(run)+" with "+workers, got)
	}
}

// renditionsOf reads every rendition in a library's packs: key → PCM.
func renditionsOf(t *testing.T, data string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	packs, _ := filepath.Glob(filepath.Join(data, "renditions", "packs", "*"+audio.PackExt))
	for _, p := range packs {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		err = audio.ScanPack(p, 0, func(e audio.ScannedEntry) error {
			pcm := make([]byte, e.Bytes)
			_, err := f.ReadAt(pcm, e.Offset)
			out[e.Key] = pcm
			return err
		})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no renditions in %s", data)
	}
	return out
}

func sameRenditions(t *testing.T, aName string, a map[string][]byte, bName string, b map[string][]byte) {
	t.Helper()
	differ, missing := 0, 0
	for k, pcm := range a {
		other, ok := b[k]
		switch {
		case !ok:
			missing++
		case !bytes.Equal(pcm, other):
			if differ++; differ <= 3 {
				t.Errorf("sentence %.12s: %d bytes %s, %d bytes %s, not the same", k, len(pcm), aName, len(other), bName)
			}
		}
	}
	if differ > 0 || missing > 0 || len(a) != len(b) {
		t.Errorf("%d renditions %s, %d %s: %d differ, %d missing", len(a), aName, len(b), bName, differ, missing)
	}
}

// childrenOf lists the processes whose parent is pid.
func childrenOf(pid int) []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid, _, ok := statOf(child); ok && ppid == pid {
			out = append(out, child)
		}
	}
	return out
}

// inGroup lists the live (not zombie) processes of process group pgid.
func inGroup(pgid int) []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if _, group, ok := statOf(p); ok && group == pgid {
			out = append(out, p)
		}
	}
	return out
}

// statOf reads a process's parent and group from /proc; ok is false for one gone or
// a zombie.
func statOf(pid int) (ppid, pgrp int, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0, false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, 0, false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 3 || f[0] == "Z" || f[0] == "X" {
		return 0, 0, false
	}
	ppid, err1 := strconv.Atoi(f[1])
	pgrp, err2 := strconv.Atoi(f[2])
	return ppid, pgrp, errors.Join(err1, err2) == nil
}
