//go:build desktop || production || dev || bindings

package window

import (
	"context"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

func wailsQuit(ctx context.Context) { wruntime.Quit(ctx) }
