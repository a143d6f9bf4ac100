package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"readback/internal/catalog"
	"readback/internal/store"
)

// runStats is the dashboard without the window: the library's activity over the
// last days (the same figures, the same queries).
func runStats(ctx context.Context, inv *invocation) int {
	var q catalog.DashboardQuery
	inv.fs.IntVar(&q.Days, "days", catalog.DefaultDays, fmt.Sprintf("the window, in days up to today (%d–%d)", catalog.MinDays, catalog.MaxDays))
	asJSON := inv.fs.Bool("json", false, "print the whole dashboard as JSON (with the first page of conversions)")
	if done, code := inv.parse(inv.fsArgs(), noArgs); done {
		return code
	}
	return inv.withStore(ctx, func(st *store.Store) int {
		d, err := catalog.New(st).Dashboard(ctx, q)
		if err != nil {
			return inv.fail(err)
		}
		if d.Note != "" {
			fmt.Fprintf(inv.env.Stderr, "readback: %s\n", d.Note)
		}
		if *asJSON {
			return inv.printJSON(d)
		}
		writeStats(inv.env.Stdout, d)
		return ExitOK
	})
}

func writeStats(w io.Writer, d *catalog.Dashboard) {
	hours := func(ms int64) string { return (time.Duration(ms) * time.Millisecond).Round(time.Second).String() }
	fmt.Fprintf(w, "The last %d days\n", d.Days)
	fmt.Fprintf(w, "  documents imported  %d\n", d.Totals.Imported)
	fmt.Fprintf(w, "  narrated            %s\n", hours(d.Totals.NarratedMs))
	fmt.Fprintf(w, "  listened            %s\n", hours(d.Totals.ListenedMs))
	fmt.Fprintf(w, "  conversions ended   %d%s\n", d.Totals.Conversions, counts(d.States))
	if len(d.Failures) > 0 {
		fmt.Fprintf(w, "  failures by cause  %s\n", counts(d.Failures))
	}
	for _, e := range d.Engines {
		fmt.Fprintf(w, "  engine %-12s %d conversions, %s of audio, %.1f× real time\n", e.Engine, e.Conversions, hours(e.AudioMs), e.Realtime)
	}
	for _, c := range d.Cloud {
		fmt.Fprintf(w, "  cloud %-13s %d characters, about $%.2f\n", "polly/"+c.Engine, c.Characters, c.Cost)
	}
}

func counts(cs []store.Count) string {
	if len(cs) == 0 {
		return ""
	}
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("%s %d", c.Label, c.N)
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
