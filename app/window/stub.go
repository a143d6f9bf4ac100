//go:build !desktop && !production && !dev && !bindings

package window

import (
	"context"
	"errors"
)

// Run says why there is no window in a build without the window's tags.
func Run(context.Context, []string, string) error {
	return errors.New("this build has no window (build with -tags desktop,production); the headless commands work: run 'readback help'")
}
