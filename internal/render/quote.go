package render

import (
	"context"
	"sort"

	"readback/internal/tts"
)

// Quote is what converting a book would send to engines that bill by the
// character, before anything is sent: the sentences with no audio yet, and for
// each billed engine and tier its characters and price. The shared library may
// bring some of them, so the price is the most it comes to.
type Quote struct {
	Sentences int          `json:"sentences"`
	Missing   int          `json:"missing"` // sentences to synthesise
	Billed    []BilledWork `json:"billed"`
	Price     float64      `json:"price"` // US dollars, every billed engine
	// Voices are the voices that would read the book, the most used first.
	Voices []VoiceShare `json:"voices"`
}

// BilledWork is one engine's share of a quote.
type BilledWork struct {
	Engine     string  `json:"engine"`
	Tier       string  `json:"tier"`
	Sentences  int     `json:"sentences"`
	Characters int64   `json:"characters"`
	Price      float64 `json:"price"`
	// BudgetLeft is what the monthly budget still allows (-1: no budget).
	BudgetLeft int64 `json:"budget_left"`
}

// Quote prices converting a document with v as Convert would read it.
func (r *Renderer) Quote(ctx context.Context, docID int64, v Voice) (*Quote, error) {
	doc, err := r.st.Document(ctx, docID)
	if err != nil {
		return nil, err
	}
	book, err := r.BuildItems(ctx, doc, v)
	if err != nil {
		return nil, err
	}
	return r.QuoteItems(ctx, book.Items)
}

// QuoteItems prices synthesising what of items has no audio yet.
func (r *Renderer) QuoteItems(ctx context.Context, items []Item) (*Quote, error) {
	have, err := r.Existing(ctx, Keys(items))
	if err != nil {
		return nil, err
	}
	q := &Quote{Sentences: len(items), Billed: []BilledWork{}, Voices: byUse(items)}
	seen := map[string]bool{}
	work := map[[2]string]*BilledWork{}
	prices := map[[2]string]float64{}
	for _, it := range items {
		if have[it.Key] != nil || seen[it.Key] {
			continue
		}
		seen[it.Key] = true
		q.Missing++
		e, err := r.engines.Engine(it.Voice.Engine)
		if err != nil {
			continue
		}
		b, ok := e.(tts.Billed)
		if !ok {
			continue
		}
		chars, tier := b.Billed(tts.Request{Text: it.Text, Voice: it.Voice.Voice, Prosody: it.Voice.Prosody, Marks: it.Marks})
		k := [2]string{e.Name(), tier}
		w := work[k]
		if w == nil {
			w = &BilledWork{Engine: e.Name(), Tier: tier, BudgetLeft: -1}
			work[k] = w
		}
		w.Sentences++
		w.Characters += int64(chars)
		prices[k] = b.PricePerMillion(tier)
	}
	for k, w := range work {
		w.Price = float64(w.Characters) * prices[k] / 1e6
		q.Price += w.Price
		if b, ok := r.Budget.(*MonthlyBudget); ok && b != nil {
			if left, limited, err := b.Left(ctx, w.Engine); err != nil {
				return nil, err
			} else if limited {
				w.BudgetLeft = left
			}
		}
		q.Billed = append(q.Billed, *w)
	}
	sort.Slice(q.Billed, func(i, j int) bool {
		return q.Billed[i].Engine+q.Billed[i].Tier < q.Billed[j].Engine+q.Billed[j].Tier
	})
	return q, nil
}

// WithinBudget refuses, before anything is sent, a conversion whose billed
// characters the month's budget would not cover.
func (r *Renderer) WithinBudget(ctx context.Context, items []Item) error {
	// A book no billed engine reads is not looked up twice (the conversion looks
	// for its missing sentences next).
	if r.Budget == nil || !r.anyBilled(items) {
		return nil
	}
	q, err := r.QuoteItems(ctx, items)
	if err != nil {
		return err
	}
	for _, b := range q.Billed {
		if b.BudgetLeft >= 0 && b.Characters > b.BudgetLeft {
			return OverBudget(b.Engine, b.Tier, b.Characters, b.Price, b.BudgetLeft)
		}
	}
	return nil
}

// anyBilled says whether an engine that bills by the character reads any of items.
func (r *Renderer) anyBilled(items []Item) bool {
	for _, e := range r.enginesOf(items) {
		if _, ok := e.(tts.Billed); ok {
			return true
		}
	}
	return false
}
