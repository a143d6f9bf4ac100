package cli

import (
	"context"
	"fmt"
	"time"

	"readback/internal/catalog"
	"readback/internal/store"
)

func runAudit(ctx context.Context, inv *invocation) int {
	var q catalog.AuditQuery
	inv.fs.StringVar(&q.Action, "action", "", "only this action (document.delete, voice.publish, lexicon.import…)")
	inv.fs.IntVar(&q.Days, "days", 0, "only the last N days, 1–365 (default: all)")
	asCSV := inv.fs.Bool("csv", false, "print CSV (time, action, subject, detail) for a spreadsheet")
	if done, code := inv.parse(inv.fsArgs(), noArgs); done {
		return code
	}
	return inv.withStore(ctx, func(st *store.Store) int {
		cat := catalog.New(st)
		if *asCSV {
			if err := cat.WriteAuditCSV(ctx, inv.env.Stdout, q); err != nil {
				return inv.fail(err)
			}
			return ExitOK
		}
		w := newLineWriter(inv.env.Stdout)
		for page := 0; ; page++ {
			p, err := cat.AuditLog(ctx, q, page)
			if err != nil {
				return inv.fail(err)
			}
			for _, e := range p.Events {
				w.line(fmt.Sprintf("%s\t%s\t%s\t%s", time.UnixMilli(e.At).UTC().Format(time.RFC3339), e.Action, oneLine(e.Subject), oneLine(e.Detail)))
			}
			if (page+1)*catalog.AuditPerPage >= p.Total {
				break
			}
		}
		if err := w.flush(); err != nil {
			return inv.fail(err)
		}
		return ExitOK
	})
}
