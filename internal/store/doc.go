// Package store keeps Readback's library in one SQLite file: it opens it with the
// pragmas that make it crash-safe, applies the embedded migrations in order, and holds
// every query, one file per aggregate.
package store
