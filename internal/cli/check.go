package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"readback/internal/audio"
	"readback/internal/fault"
)

// runCheck is the release check: a finished audiobook measured, per chapter and
// whole, against a storefront's or broadcaster's figures.
func runCheck(ctx context.Context, inv *invocation) int {
	ids := make([]string, len(audio.Targets))
	for i, t := range audio.Targets {
		ids[i] = t.ID
	}
	target := inv.fs.String("target", "acx", "what to check against: "+strings.Join(ids, " or "))
	asJSON := inv.fs.Bool("json", false, "print the report as JSON")
	if done, code := inv.parse(inv.fsArgs(), func(n int) bool { return n == 1 }); done {
		return code
	}
	t, err := audio.TargetByID(*target)
	if err != nil {
		fmt.Fprintf(inv.env.Stderr, "readback check: %v\n", err)
		return ExitUsage
	}
	path, err := filepath.Abs(inv.fs.Arg(0))
	if err != nil {
		return inv.fail(err)
	}
	rep, err := audio.CheckFile(ctx, path, t)
	if errors.Is(err, audio.ErrNoFFmpeg) {
		return inv.fail(fault.Wrap(err, fault.Unavailable, "%v", err))
	}
	if err != nil {
		return inv.fail(fault.Wrap(err, fault.Invalid, "%v", err))
	}
	if *asJSON {
		if code := inv.printJSON(rep); code != ExitOK {
			return code
		}
	} else {
		printReport(inv, rep, t)
	}
	if !rep.OK {
		return ExitError
	}
	return ExitOK
}

func printReport(inv *invocation, rep *audio.Report, t audio.Target) {
	w := newLineWriter(inv.env.Stdout)
	loud := "LUFS"
	if t.RMS {
		loud = "RMS dB"
	}
	peak := "PEAK dB"
	if t.TruePeak {
		peak = "PEAK dBTP"
	}
	w.line(fmt.Sprintf("%s, checked against %s", rep.File, t.Name))
	w.line(fmt.Sprintf("%-28s %9s %7s %9s %8s %9s  %s", "", "LENGTH", loud, peak, "NOISE", "SILENCE", "RESULT"))
	row := func(p audio.CheckedPart) {
		m := p.Measurement
		l := m.IntegratedLUFS
		if t.RMS {
			l = m.RMSDBFS
		}
		pk := m.SamplePeakDBFS
		if t.TruePeak {
			pk = m.TruePeakDBTP
		}
		result := "ok"
		if !p.OK {
			result = "FAILS"
		}
		title := oneLine(p.Title)
		if len([]rune(title)) > 28 {
			title = string([]rune(title)[:27]) + "…"
		}
		w.line(fmt.Sprintf("%-28s %9s %7.1f %9.1f %8.1f %8.1fs  %s", title, clock(m.Seconds), l, pk, m.NoiseFloorDBFS, m.LongestSilence, result))
	}
	for _, c := range rep.Chapters {
		row(c)
	}
	row(rep.Book)
	for _, p := range append(rep.Chapters, rep.Book) {
		for _, f := range p.Findings {
			if !f.OK {
				w.line(fmt.Sprintf("%s: %s", oneLine(p.Title), f.Says))
			}
		}
	}
	w.line("The figures: " + t.Source)
	w.flush()
}

func clock(seconds float64) string {
	d := time.Duration(seconds * float64(time.Second)).Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}
