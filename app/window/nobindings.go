//go:build !bindings

package window

const bindingsBuild = false
