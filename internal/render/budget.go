package render

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"readback/internal/fault"
	"readback/internal/store"
	"readback/internal/tts"
)

// Budget is what the writer allows billed engines (tts.Billed) to be sent.
type Budget interface {
	// Reserve holds characters of the engine's budget for a request about to be
	// sent, or refuses it (an error that is ErrOverBudget); the func returned is
	// told what the engine was billed for it (tts.Meter), when it is done.
	Reserve(ctx context.Context, engine, tier string, characters int) (done func(billed int), err error)
}

// ErrOverBudget is a refusal by the writer's budget: the conversion stops there,
// since every sentence after it would be refused too.
var ErrOverBudget = errors.New("over the monthly budget")

// reserve holds the request's characters when its engine bills them.
func (r *Renderer) reserve(ctx context.Context, e tts.Engine, req tts.Request) (func(int), error) {
	b, ok := e.(tts.Billed)
	if !ok || r.Budget == nil {
		return func(int) {}, nil
	}
	chars, tier := b.Billed(req)
	return r.Budget.Reserve(ctx, e.Name(), tier, chars)
}

// MonthlyBudget is a character budget per engine and calendar month, counted in
// the library's record of cloud use (which the dashboard prices): what was billed
// this month, and what requests now in flight may be billed, never pass the limit.
type MonthlyBudget struct {
	Store *store.Store
	// Limit is the engine's monthly characters (0: no limit; the use is still
	// recorded).
	Limit func(ctx context.Context, engine string) (int64, error)
	Log   *slog.Logger // where a use that could not be recorded is said (default slog's)

	mu      sync.Mutex
	pending map[string]int64
}

// PreferencesBudget is the budgets the writer set in the library's preferences.
func PreferencesBudget(st *store.Store) *MonthlyBudget {
	return &MonthlyBudget{Store: st, Limit: func(ctx context.Context, engine string) (int64, error) {
		p, err := st.Preferences(ctx)
		return p.MonthlyBudget(engine), err
	}}
}

// OverBudget refuses, before anything is sent, work the month's budget would not
// cover.
func OverBudget(engine, tier string, characters int64, price float64, left int64) error {
	return fault.Wrap(ErrOverBudget, fault.TooLarge, "converting this needs %s characters of %s (%s, about $%.2f) and the monthly budget leaves %s: raise it in Settings, or convert when the month turns",
		Grouped(characters), engine, tier, price, Grouped(left))
}

func (b *MonthlyBudget) Reserve(ctx context.Context, engine, tier string, chars int) (func(int), error) {
	limit, err := b.Limit(ctx, engine)
	if err != nil {
		return nil, err
	}
	month := b.month()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.pending == nil {
		b.pending = map[string]int64{}
	}
	if limit > 0 {
		used, err := b.Store.CloudCharacters(ctx, engine, month)
		if err != nil {
			return nil, err
		}
		if used+b.pending[engine]+int64(chars) > limit {
			return nil, fault.Wrap(ErrOverBudget, fault.TooLarge, "the monthly budget for %s is %s characters; %s are used this month and the next sentence needs %s: raise it in Settings or wait until %s",
				engine, Grouped(limit), Grouped(used+b.pending[engine]), Grouped(int64(chars)), month.AddDate(0, 1, 0).Format("2006-01-02"))
		}
	}
	b.pending[engine] += int64(chars)
	return func(billed int) {
		// Recorded and released in one step, so that no reservation meanwhile
		// counts these characters twice (as used and as in flight); recorded even
		// when the conversion is cancelled: Amazon has billed them.
		b.mu.Lock()
		defer b.mu.Unlock()
		if billed > 0 {
			if err := b.Store.RecordCloudUse(context.WithoutCancel(ctx), store.CloudCharge{Service: engine, Engine: tier, Characters: billed}); err != nil {
				cmp.Or(b.Log, slog.Default()).Error("characters billed were not recorded against the budget", "engine", engine, "characters", billed, "err", err)
			}
		}
		b.pending[engine] -= int64(chars)
	}, nil
}

// month is when the budget's month began, by the library's clock (as
// `readback polly` counts the month's use).
func (b *MonthlyBudget) month() time.Time { return store.MonthStart(b.Store.Now()) }

// Left is what the engine's budget still allows this month, and whether it has one.
func (b *MonthlyBudget) Left(ctx context.Context, engine string) (int64, bool, error) {
	limit, err := b.Limit(ctx, engine)
	if err != nil || limit <= 0 {
		return 0, false, err
	}
	used, err := b.Store.CloudCharacters(ctx, engine, b.month())
	if err != nil {
		return 0, false, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return max(limit-used-b.pending[engine], 0), true, nil
}

// Grouped writes n with thousands separated: 1,500,000.
func Grouped(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
