# The README's two commands are `make run` and `make test`; each does all set-up first.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

# The release (VERSION) and the commit it was built from: 0.3.0+75e5cab.
VERSION ?= $(shell cat VERSION)$(shell git rev-parse --short HEAD 2>/dev/null | sed 's/^/+/')
TAGS_PROD := desktop,production,webkit2_41
TAGS_DEV := dev,webkit2_41
LDFLAGS := -w -s -X main.version=$(VERSION)
# A count, not a duration: go1.26's fuzz coordinator can report its own -fuzztime
# deadline as a failure (golang/go#75804); a count has no deadline to race. Sized so
# that make test stays under CI's 25 minutes on a busy day (60,000 took 4 min of 24.5 on
# 2026-12-01; 40,000 took 3.5 min of a CI that took 29 on 2026-12-02); a longer hunt:
# make test-fuzz FUZZTIME=1000000x.
FUZZTIME ?= 25000x
# Minimising each new interesting input may take 60 s by default, and a run that finds
# a few spends minutes on it; a bounded count keeps make test's time steady.
FUZZMINIMIZE ?= 200x
# A PDF is read by a fresh PDFium instance each time (about 10 ms), a thousand times
# the cost of the other formats' parsers: fewer rounds in the same spirit.
FUZZTIME_PDF ?= 5000x
FRONTEND_SRC := $(shell find frontend/src frontend/public frontend/index.html frontend/vite.config.ts frontend/svelte.config.js frontend/tsconfig.json frontend/wailsjs -type f 2>/dev/null)
GO_SRC := $(shell find . -name '*.go' -not -path './frontend/*' 2>/dev/null) go.mod go.sum

.PHONY: FORCE run test build build-dev deps frontend bindings bench test-go test-mutate test-fuzz test-frontend test-e2e screenshot package test-package clean

deps:
	@scripts/bootstrap

NOTICES := frontend/public/third-party-notices.txt

# What the window's About shows: every dependency with its licence (generated).
$(NOTICES): go.sum frontend/package-lock.json VERSION scripts/notices build/notices/pdfium-wasm.txt
	@mkdir -p frontend/public
	scripts/notices $@

# The window's icon and the page's favicon, from the one drawing (generated).
ICON := frontend/public/appicon.png
$(ICON): build/appicon.svg
	@mkdir -p frontend/public
	rsvg-convert -w 256 -h 256 $< -o $@

frontend/dist/index.html: frontend/package-lock.json $(FRONTEND_SRC) $(NOTICES) $(ICON)
	cd frontend && npm run build

frontend: deps frontend/dist/index.html

# Changes when the version does (a new commit), so the binary never states an old one.
build/bin/version: FORCE
	@mkdir -p build/bin
	@echo '$(VERSION)' | cmp -s - $@ || echo '$(VERSION)' > $@

build/bin/readback: frontend/dist/index.html $(GO_SRC) build/bin/version
	go build -tags $(TAGS_PROD) -ldflags "$(LDFLAGS)" -o $@ .

build/bin/readback-dev: frontend/dist/index.html $(GO_SRC)
	go build -tags $(TAGS_DEV) -o $@ .

build: frontend build/bin/readback
build-dev: frontend build/bin/readback-dev

run: build
	@if [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ]; then \
		echo "No display here, so the window cannot open. Readback works headless too:"; \
		echo "  build/bin/readback convert FILE -o BOOK.m4b   (an audiobook, with chapters)"; \
		echo "  build/bin/readback import FILE…   build/bin/readback text FILE   build/bin/readback list"; \
		echo "  build/bin/readback help"; \
	else \
		build/bin/readback; \
	fi

test: frontend test-go test-mutate test-fuzz test-frontend test-e2e screenshot test-package

test-go: frontend
	go vet ./...
	go vet -tags $(TAGS_PROD) . ./app/window ./frontend
	go test -count=1 ./...
	go test -count=1 -race ./internal/playback ./internal/jobs ./app
	@go test -count=1 -run TestCorpusReading -v ./internal/cli | grep '^corpus:' 

# Bugs that once got past the suite, planted one at a time: each must fail its test.
test-mutate: frontend
	scripts/mutate

# Each fuzz target runs for a short, bounded time: go test runs one target at a time.
# Go's own linker links each target's binary faster than the system's (as mutate's).
test-fuzz: frontend
	@for pkg in ./internal/document ./internal/narration ./internal/library; do \
		for t in $$(go test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			n=$(FUZZTIME); [ $$t = FuzzPDF ] && n=$(FUZZTIME_PDF); \
			echo "fuzz $$pkg $$t ($$n)"; \
			go test -ldflags=-linkmode=internal -run '^$$' -fuzz "^$$t\$$" -fuzztime $$n -fuzzminimizetime $(FUZZMINIMIZE) $$pkg; \
		done; \
	done

test-frontend: frontend
	cd frontend && npm run check && npm test

# A stand-in for the desktop's notification service, for the e2e tests (never installed).
build/bin/fakenotifyd: $(GO_SRC)
	go build -o $@ ./internal/desktop/notifytest/fakenotifyd

# The generated Piper voice (a small model with Piper's signature), for the e2e tests.
build/bin/genvoice: $(GO_SRC)
	go build -o $@ ./internal/tts/piper/pipertest/genvoice

build/bin/genkokoro: $(GO_SRC)
	go build -o $@ ./internal/tts/kokoro/kokorotest/genkokoro

build/bin/fakepolly: $(GO_SRC)
	go build -o $@ ./internal/tts/polly/pollytest/fakepolly

test-e2e: build-dev build/bin/fakenotifyd build/bin/genvoice build/bin/genkokoro build/bin/fakepolly
	cd frontend && READBACK_DEV_BINARY=$(CURDIR)/build/bin/readback-dev node --test tests/e2e/

DEB := build/bin/readback_$(VERSION)_amd64.deb

# The .deb (nfpm): the binary, icons, desktop file, the bundled neural runtime.
package: build
	VERSION=$(VERSION) scripts/package build/bin/readback $(DEB)

# Installs the .deb in a fresh Debian 12 chroot, converts, removes it (needs root or sudo).
test-package: package
	scripts/test-package $(DEB) $(VERSION)

screenshot: build build/bin/genvoice
	scripts/screenshot build/bin/readback artifacts/window.png
	scripts/window-drop build/bin/readback build/bin/genvoice artifacts/window-drop.png
	scripts/window-shared build/bin/readback artifacts/window-shared.png
	scripts/window-audio build/bin/readback artifacts/window-playing.png
	scripts/window-tour build/bin/readback artifacts
	scripts/window-rescue build/bin/readback artifacts/window-rescue.png
	scripts/window-chapters build/bin/readback artifacts/window-chapters.png

bench: frontend
	scripts/bench
	scripts/bench-convert
	scripts/bench-revise
	scripts/bench-playback
	scripts/bench-piper
	scripts/bench-wordtiming
	scripts/bench-polly
	scripts/bench-shared
	scripts/bench-dashboard
	scripts/bench-novel
	scripts/bench-pdf
	scripts/bench-memory

bindings:
	go run github.com/wailsapp/wails/v2/cmd/wails@v2.11.0 generate module -tags webkit2_41

clean:
	rm -rf build/bin frontend/dist artifacts $(NOTICES) $(ICON)
