# Haru's two commands: `make run` and `make test`. Both set up what they need on a fresh
# Debian/Ubuntu machine (apt packages, npm packages, tauri-driver) and are idempotent: the
# set-up steps leave stamps in .setup/ and are skipped when already done.

SHELL := /bin/bash
.DEFAULT_GOAL := help

SETUP := .setup
CARGO ?= cargo
CARGO_HOME ?= $(HOME)/.cargo
TAURI_DRIVER := $(CARGO_HOME)/bin/tauri-driver
# ONNX Runtime, from the PyPI wheel (the only registry that carries it): loaded at run time
# by the `ort` crate (`load-dynamic`), never downloaded by the app itself.
ORT_VERSION := 1.31.1
ORT_LIB := $(SETUP)/onnxruntime/libonnxruntime.so.$(ORT_VERSION)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := build-essential curl wget file pkg-config libssl-dev libwebkit2gtk-4.1-dev \
	libxdo-dev libayatana-appindicator3-dev librsvg2-dev xvfb xauth webkit2gtk-driver \
	imagemagick fonts-noto-cjk strace
UI_SOURCES := $(shell find ui/src ui/index.html ui/vite.config.ts ui/svelte.config.js ui/tsconfig.json -type f 2>/dev/null)
# Run under a virtual display when there is none (CI, SSH sessions).
HEADLESS := $(if $(or $(DISPLAY),$(WAYLAND_DISPLAY)),,xvfb-run -a -s "-screen 0 1280x860x24")

.PHONY: help run test setup ui build build-release lint fmt unit-test ui-test e2e bindings-check bench screenshot clean-setup fuzz simulate catalogue

help:
	@echo "make run    set up, build and launch Haru"
	@echo "make test   set up, then run every test (Rust, UI, end-to-end)"
	@echo "make bench  measure start-up, memory, search and emotion-model speed (tests/bench/*.md)"

## ---- set-up (idempotent) ----

setup: $(SETUP)/apt.stamp $(SETUP)/ui-npm.stamp $(TAURI_DRIVER) $(ORT_LIB)

$(SETUP)/apt.stamp:
	@mkdir -p $(SETUP)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages: $$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@touch $@

$(SETUP)/ui-npm.stamp: ui/package.json ui/package-lock.json
	@mkdir -p $(SETUP)
	cd ui && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(ORT_LIB):
	@mkdir -p $(SETUP)/onnxruntime/wheel
	python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 \
		--platform manylinux_2_27_x86_64 --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 \
		-d $(SETUP)/onnxruntime/wheel onnxruntime==$(ORT_VERSION)
	cd $(SETUP)/onnxruntime && python3 -c "import zipfile,glob,shutil; \
		z=zipfile.ZipFile(glob.glob('wheel/onnxruntime-*.whl')[0]); \
		n=[m for m in z.namelist() if m.endswith('libonnxruntime.so.$(ORT_VERSION)')][0]; \
		shutil.copyfileobj(z.open(n), open('libonnxruntime.so.$(ORT_VERSION)','wb'))"
	rm -rf $(SETUP)/onnxruntime/wheel
	@test -s $@

$(TAURI_DRIVER):
	$(CARGO) install tauri-driver --locked --version 2.1.0

clean-setup:
	rm -rf $(SETUP)

## ---- build ----

ui/dist/index.html: $(SETUP)/ui-npm.stamp $(UI_SOURCES)
	cd ui && npm run build --silent
	@touch $@

ui: ui/dist/index.html

build: setup ui
	$(CARGO) build --workspace

build-release: setup ui
	$(CARGO) build --release -p haru-app -p haru-cli

run: build-release
	$(HEADLESS) ./target/release/haru-app

## ---- tests ----

test: setup ui lint unit-test bindings-check ui-test e2e
	@echo "make test: all suites passed"

fmt:
	$(CARGO) fmt --all

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

unit-test:
	$(CARGO) test --workspace

# `cargo test` regenerates the TypeScript bindings; they must match what is committed.
bindings-check: unit-test
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
		if [ -n "$$(git status --porcelain -- ui/src/bindings)" ]; then \
			git status --porcelain -- ui/src/bindings; git --no-pager diff -- ui/src/bindings; \
			echo "ui/src/bindings is out of date: commit the regenerated files"; exit 1; \
		fi; \
	fi

ui-test:
	cd ui && npm test --silent && npm run check --silent

e2e: build
	$(HEADLESS) node --test --test-concurrency=1 tests/e2e/

# The importers' property tests at length (`make test` runs 1,000 cases per property):
# 200,000 cases × 5 properties = 1M inputs, ~4 minutes here. Measured 2026-11-21:
# FUZZ_CASES=800000 (4M inputs) ran 14 min (nice 19, 1 thread), no failure.
FUZZ_CASES ?= 200000
fuzz:
	HARU_FUZZ_CASES=$(FUZZ_CASES) $(CARGO) test -p haru-portability --test portability fuzz:: -- --nocapture
	HARU_FUZZ_CASES=$(FUZZ_CASES) $(CARGO) test -p haru-recommend --test fuzz_import -- --nocapture

## ---- measurements ----

bench: setup ui
	$(CARGO) build --release -p haru-app -p haru-cli
	$(HEADLESS) node tests/bench/bench.mjs
	node tests/bench/emotion.mjs
	{ echo "# History query benchmark"; echo; echo "\`cargo bench -p haru-insights --bench history\` (via \`make bench\`), $$(date -u +%F), release build."; echo; \
	  $(CARGO) bench -q -p haru-insights --bench history; } > tests/bench/HISTORY.md
	$(HEADLESS) node tests/bench/history.mjs
	{ echo "# Ranking benchmark"; echo; echo "\`cargo bench -p haru-recommend --bench rank\` (via \`make bench\`), $$(date -u +%F), release build, one thread."; echo; \
	  $(CARGO) bench -q -p haru-recommend --bench rank; } > tests/bench/RANKING.md

# Satisfaction of the four rankers with 200 synthetic users over 30 days (see
# haru-recommend/src/simulate.rs); SEED and the user mix are parameters of `haru simulate`.
SEED ?= 7
simulate: setup
	$(CARGO) run --release -q -p haru-cli -- simulate --users 200 --days 30 --seed $(SEED) --output tests/bench/SIMULATION.md
	cat tests/bench/SIMULATION.md

# Rebuild resources/catalogue/ from ../shared/data with the shipped model (resumable).
catalogue: setup
	$(CARGO) run --release -q -p haru-cli -- catalog build

screenshot: build-release
	$(HEADLESS) node tests/bench/screenshot.mjs
