//go:build !desktop && !production && !dev && !bindings

package main

import (
	"context"
	"errors"
)

func runGUI(context.Context, []string) error {
	return errors.New("this build has no window (build with -tags desktop,production); the headless commands work: run 'readback help'")
}
