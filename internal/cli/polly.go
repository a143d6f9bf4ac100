package cli

import (
	"context"
	"flag"
	"fmt"

	"readback/internal/config"
	"readback/internal/render"
	"readback/internal/store"
	speechengines "readback/internal/tts/engines"
)

// runPolly shows Amazon Polly's settings and what Polly offers with them, and
// changes them as the window's Settings → Amazon Polly does. The credentials are
// never given here: they come from ~/.aws or the environment.
func runPolly(ctx context.Context, inv *invocation) int {
	on := inv.fs.Bool("on", false, "use Amazon Polly's voices")
	off := inv.fs.Bool("off", false, "stop using them")
	region := inv.fs.String("region", "", "the AWS region (default us-east-1)")
	profile := inv.fs.String("profile", "", "the AWS profile whose credentials are used (default: the standard chain)")
	endpoint := inv.fs.String("endpoint", "", "Polly's address, for a compatible service (default Amazon's)")
	budget := inv.fs.Int64("budget", 0, "the characters that may be sent in a calendar month (0: no budget)")
	rate := floatFlag(inv.fs, "rate", 0, 0, 1000, "the requests a second the account allows (0: Polly's default, 8)")
	if done, code := inv.parse(inv.fsArgs(), noArgs); done {
		return code
	}
	if *on && *off {
		fmt.Fprintln(inv.env.Stderr, "readback polly: --on or --off, not both")
		return ExitUsage
	}
	paths, err := config.Resolve(inv.dataDir)
	if err != nil {
		return inv.fail(err)
	}
	return inv.withStore(ctx, func(st *store.Store) int {
		reg, err := inv.engines()
		if err != nil {
			return inv.fail(err)
		}
		defer reg.Close()
		cloud := &speechengines.Cloud{Store: st, Registry: reg, Paths: paths}
		status, err := cloud.Polly(ctx)
		if err != nil {
			return inv.fail(err)
		}
		changed := false
		p := status.PollyPrefs
		inv.fs.Visit(func(f *flag.Flag) {
			changed = true
			switch f.Name {
			case "on":
				p.On = true
			case "off":
				p.On = false
			case "region":
				p.Region = *region
			case "profile":
				p.Profile = *profile
			case "endpoint":
				p.Endpoint = *endpoint
			case "budget":
				p.MonthlyCharacters = *budget
			case "rate":
				p.RequestsPerSecond = *rate
			}
		})
		if changed {
			if status, err = cloud.SetPolly(ctx, p); err != nil {
				return inv.fail(err)
			}
		}
		w := newLineWriter(inv.env.Stdout)
		if !status.On {
			w.line("Amazon Polly: off (turn it on with --on)")
			return flushed(inv, w)
		}
		who := "the standard AWS credentials"
		if status.Profile != "" {
			who = fmt.Sprintf("the AWS profile %q", status.Profile)
		}
		w.line(fmt.Sprintf("Amazon Polly: on, region %s, %s", orDefault(status.Region, "us-east-1"), who))
		if status.Endpoint != "" {
			w.line("address: " + status.Endpoint)
		}
		used, err := st.CloudCharacters(ctx, "polly", store.MonthStart(st.Now()))
		if err != nil {
			return inv.fail(err)
		}
		if status.MonthlyCharacters > 0 {
			w.line(fmt.Sprintf("budget: %s characters a month, %s used this month", render.Grouped(status.MonthlyCharacters), render.Grouped(used)))
		} else {
			w.line(fmt.Sprintf("budget: none (%s characters sent this month)", render.Grouped(used)))
		}
		if status.Problem != "" {
			w.line("voices: none: " + status.Problem)
		} else {
			w.line(fmt.Sprintf("voices: %d (see 'readback voices')", status.Voices))
		}
		return flushed(inv, w)
	})
}

// flushed writes what w holds and ends the command.
func flushed(inv *invocation, w *lineWriter) int {
	if err := w.flush(); err != nil {
		return inv.fail(err)
	}
	return ExitOK
}
