package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// ClaimRenditions claims, for owner and for lease, the keys that have no rendition
// and no live claim of another owner; it returns those it holds now (its own
// earlier claims included). The others are being made elsewhere, or are made.
func (s *Store) ClaimRenditions(ctx context.Context, owner string, keys []string, lease time.Duration) ([]string, error) {
	var mine []string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := s.Now()
		until := now.Add(lease).UnixMilli()
		for start := 0; start < len(keys); start += 5000 {
			list, err := json.Marshal(keys[start:min(start+5000, len(keys))])
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO rendition_claims (key, owner, until)
				SELECT j.value, ?, ? FROM json_each(?) j WHERE NOT EXISTS (SELECT 1 FROM renditions r WHERE r.key = j.value)
				ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, until = excluded.until
				WHERE rendition_claims.owner = excluded.owner OR rendition_claims.until < ?`,
				owner, until, string(list), now.UnixMilli()); err != nil {
				return err
			}
			// json_each outside, the claims' primary key inside: one probe a key (the
			// owner's index first would scan the list for each of its claims).
			rows, err := tx.QueryContext(ctx, `SELECT c.key FROM json_each(?) j CROSS JOIN rendition_claims c ON c.key = j.value WHERE c.owner = ?`, string(list), owner)
			if err != nil {
				return err
			}
			for rows.Next() {
				var k string
				if err := rows.Scan(&k); err != nil {
					rows.Close()
					return err
				}
				mine = append(mine, k)
			}
			err = rows.Err()
			rows.Close()
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim renditions: %w", err)
	}
	return mine, nil
}

// RenewClaims extends owner's claims by lease.
func (s *Store) RenewClaims(ctx context.Context, owner string, lease time.Duration) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE rendition_claims SET until = ? WHERE owner = ?`, s.Now().Add(lease).UnixMilli(), owner); err != nil {
		return fmt.Errorf("store: renew claims: %w", err)
	}
	return nil
}

// ReleaseClaims drops owner's claims: its work is done, or abandoned.
func (s *Store) ReleaseClaims(ctx context.Context, owner string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM rendition_claims WHERE owner = ?`, owner); err != nil {
		return fmt.Errorf("store: release claims: %w", err)
	}
	return nil
}

// ClaimOwners lists the owners of live claims.
func (s *Store) ClaimOwners(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT owner FROM rendition_claims WHERE until >= ?`, s.Now().UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("store: claim owners: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			return nil, fmt.Errorf("store: claim owners: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
