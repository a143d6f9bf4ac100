//go:build desktop || production || dev || bindings

// Package frontend carries the built window (dist) into the binary. It is a Go
// package only so the embed can sit beside dist: the page itself is the Svelte app.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Assets is the built page, rooted at dist.
func Assets() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // a constant path: cannot fail
	}
	return sub
}
