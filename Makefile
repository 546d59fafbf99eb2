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
	imagemagick fonts-noto-cjk strace qemu-user
# Korean-locale tests: the locale, and a real input method (ibus with its Hangul
# engine, keys sent with xdotool) for tests/e2e/ime_ibus.test.mjs.
KOREAN_LOCALE := ko_KR.UTF-8
IME_PACKAGES := ibus ibus-hangul ibus-gtk3 xdotool x11-utils dbus
UI_SOURCES := $(shell find ui/src ui/index.html ui/vite.config.ts ui/svelte.config.js ui/tsconfig.json -type f 2>/dev/null)
# Run under a virtual display when there is none (CI, SSH sessions).
HEADLESS := $(if $(or $(DISPLAY),$(WAYLAND_DISPLAY)),,xvfb-run -a -s "-screen 0 1280x860x24")

.PHONY: help run test setup ui build build-release lint fmt unit-test cpu-paths ui-test e2e bindings-check bench screenshot clean-setup fuzz simulate simulate-calibration catalogue package package-test icons

help:
	@echo "make run    set up, build and launch Haru"
	@echo "make test   set up, then run every test (Rust, UI, end-to-end)"
	@echo "make bench  measure start-up, memory, search and emotion-model speed (tests/bench/*.md)"
	@echo "make package       build the .deb and the .rpm (target/release/bundle/)"
	@echo "make package-test  build them, install, run, upgrade and remove them (as root)"

## ---- set-up (idempotent) ----

setup: $(SETUP)/apt.stamp $(SETUP)/locale.stamp $(SETUP)/ime.stamp $(SETUP)/ui-npm.stamp $(TAURI_DRIVER) $(ORT_LIB)

$(SETUP)/apt.stamp:
	@mkdir -p $(SETUP)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages: $$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@touch $@

# ko_KR.UTF-8 for the Korean-locale end-to-end run (Debian: enabled in /etc/locale.gen, then
# locale-gen; Ubuntu's locale-gen also takes the name).
$(SETUP)/locale.stamp:
	@mkdir -p $(SETUP)
	@has() { locale -a 2>/dev/null | tr 'A-Z' 'a-z' | grep -qx 'ko_kr.utf8'; }; \
	if ! has; then \
		echo "Generating the $(KOREAN_LOCALE) locale"; \
		dpkg-query -W -f='$${Status}\n' locales 2>/dev/null | grep -q "install ok installed" || \
			{ $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends locales; } || exit 1; \
		if [ -f /etc/locale.gen ]; then \
			$(SUDO) sed -i 's/^# *\($(KOREAN_LOCALE) UTF-8\)/\1/' /etc/locale.gen; \
			grep -q '^$(KOREAN_LOCALE) UTF-8' /etc/locale.gen || echo '$(KOREAN_LOCALE) UTF-8' | $(SUDO) tee -a /etc/locale.gen >/dev/null; \
		fi; \
		$(SUDO) locale-gen >/dev/null; has || $(SUDO) locale-gen $(KOREAN_LOCALE) >/dev/null; \
		has || { echo "could not generate the $(KOREAN_LOCALE) locale"; exit 1; }; \
	fi
	@touch $@

$(SETUP)/ime.stamp:
	@mkdir -p $(SETUP)
	@missing=$$(for p in $(IME_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing the input method for the Korean tests: $$missing"; \
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

test: setup ui lint unit-test cpu-paths bindings-check ui-test e2e
	@echo "make test: all suites passed"

fmt:
	$(CARGO) fmt --all

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

unit-test:
	$(CARGO) test --workspace

# The same reading on every CPU: ONNX Runtime picks its int8 kernels from the CPU's instruction
# set, so the model's parity and per-language quality tests also run as an AVX2-only CPU
# (Haswell: no VNNI, no AVX-512) and an SSE-only CPU (Nehalem) under qemu-user, on a 500-row
# subset per language (HARU_CPU_PATH_SUBSET); the native run, over all of dev, is part of
# unit-test. QEMU is 10-20x slower than native (AVX2 ~30x: 500 rows per language took 35 min
# here), so the Haswell run reads the subset's first 250 rows (HARU_CPU_PATH_ROWS); the two
# paths run side by side.
CPU_PATH_TESTS := -p haru-emotion --test parity --test cpu_paths
QEMU_CPU_FLAGS := Haswell Nehalem
CPU_PATH_ROWS_HASWELL := 250
cpu-paths: setup
	@mkdir -p target/cpu-paths
	$(CARGO) test -q $(CPU_PATH_TESTS) --no-run --message-format=json \
		| python3 -c 'import json,sys; [print(m["executable"]) for m in map(json.loads, sys.stdin) if m.get("executable")]' \
		> target/cpu-paths/binaries
	@cd src-tauri/crates/haru-emotion && pids=""; \
	for cpu in $(QEMU_CPU_FLAGS); do \
		( for bin in $$(cat ../../../target/cpu-paths/binaries); do \
			HARU_CPU_PATH_SUBSET=1 HARU_CPU_PATH_ROWS=$$([ $$cpu = Haswell ] && echo $(CPU_PATH_ROWS_HASWELL)) qemu-x86_64 -cpu $$cpu $$bin --nocapture || exit 1; \
		done ) > ../../../target/cpu-paths/$$cpu.log 2>&1 & pids="$$pids $$!"; \
	done; status=0; for pid in $$pids; do wait $$pid || status=1; done; \
	for cpu in $(QEMU_CPU_FLAGS); do \
		echo "== haru-emotion on the $$cpu kernel path (qemu-x86_64 -cpu $$cpu)"; \
		grep -v "TCG doesn't support" ../../../target/cpu-paths/$$cpu.log; \
	done; exit $$status

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

# Then a substantial part of the suite again under a Korean locale, with the UI in Korean: each
# launch there also checks that the UI is Korean and that the window is painted.
# korean_launch, composition and ime_ibus run under Korean locales in the first pass already.
E2E_KOREAN := diary history recommend search_feeling emotions settings your_data checkin lock reminder
e2e: build
	$(HEADLESS) node --test --test-concurrency=1 tests/e2e/
	@echo "== end-to-end again under $(KOREAN_LOCALE), UI in Korean"
	HARU_E2E_LOCALE=$(KOREAN_LOCALE) $(HEADLESS) node --test --test-concurrency=1 $(E2E_KOREAN:%=tests/e2e/%.test.mjs)

# The importers' property tests at length (`make test` runs 1,000 cases per property):
# 200,000 cases × 5 properties = 1M inputs, ~4 minutes here. Measured 2026-11-21:
# FUZZ_CASES=800000 (4M inputs) ran 14 min (nice 19, 1 thread), no failure.
FUZZ_CASES ?= 200000
fuzz:
	HARU_FUZZ_CASES=$(FUZZ_CASES) $(CARGO) test -p haru-portability --test portability fuzz:: -- --nocapture
	HARU_FUZZ_CASES=$(FUZZ_CASES) $(CARGO) test -p haru-recommend --test fuzz_import -- --nocapture

## ---- packages ----

# `make package` writes the .deb and the .rpm with Tauri's bundler: the npm package
# @tauri-apps/cli carries the prebuilt CLI (pinned in packaging/package-lock.json). The
# binaries are built with HARU_PACKAGE_BUILD=1, so they carry no path of this checkout and
# find their files beside themselves (/usr/lib/Haru/, see haru-bundle); the model is taken
# from models/ as it is now. Contents, sizes, why no AppImage: docs/PACKAGING.md.
VERSION := $(shell sed -n 's/^  "version": "\(.*\)",$$/\1/p' src-tauri/tauri.conf.json)
TAURI_CLI := packaging/node_modules/.bin/tauri
DEB := target/release/bundle/deb/Haru_$(VERSION)_amd64.deb
RPM := target/release/bundle/rpm/Haru-$(VERSION)-1.x86_64.rpm
ICONS := $(addprefix src-tauri/icons/,16x16.png 22x22.png 24x24.png 48x48.png 64x64.png \
	96x96.png 256x256.png icon.ico icon.icns)

$(SETUP)/packaging-npm.stamp: packaging/package.json packaging/package-lock.json
	@mkdir -p $(SETUP)
	cd packaging && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The icons are committed (macOS and Windows builds use them without make): missing ones are
# made here; `make icons` remakes them all after src-tauri/icons/icon.png changes.
$(ICONS) &:
	packaging/icons.sh
icons:
	packaging/icons.sh

package: setup ui $(ICONS) $(SETUP)/packaging-npm.stamp
	HARU_PACKAGE_BUILD=1 $(CARGO) build --release -p haru-app -p haru-cli
	$(TAURI_CLI) bundle --bundles deb,rpm --no-binary-patching
	@ls -l $(DEB) $(RPM)

# The packages as a user gets them (tests/package/run.sh says what it checks): installs the
# .deb with apt-get (root; refuses when Haru is installed), runs the CLI and an e2e smoke
# subset against the installed files with the checkout hidden, breaks bundled files, upgrades
# to a second build that differs only in its version, removes and purges. The second build
# recompiles haru-app once (and the next `make package` once more).
PACKAGE_TEST_APT := rpm desktop-file-utils appstream
NEXT_VERSION := $(shell echo '$(VERSION)' | awk -F. '{ printf "%d.%d.%d", $$1, $$2, $$3 + 1 }')
NEXT_CONFIG := {"version":"$(NEXT_VERSION)"}
PACKAGE_TEST_DIR := target/package-test

$(SETUP)/package-test-apt.stamp:
	@mkdir -p $(SETUP)
	@missing=$$(for p in $(PACKAGE_TEST_APT); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages: $$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@touch $@

package-test: package $(SETUP)/package-test-apt.stamp
	rm -rf $(PACKAGE_TEST_DIR) && mkdir -p $(PACKAGE_TEST_DIR)
	cp $(DEB) $(RPM) $(PACKAGE_TEST_DIR)/
	HARU_PACKAGE_BUILD=1 TAURI_CONFIG='$(NEXT_CONFIG)' $(CARGO) build --release -p haru-app
	$(TAURI_CLI) bundle --bundles deb --config '$(NEXT_CONFIG)' --no-binary-patching
	cp target/release/bundle/deb/Haru_$(NEXT_VERSION)_amd64.deb $(PACKAGE_TEST_DIR)/
	TAURI_DRIVER=$(TAURI_DRIVER) $(if $(SUDO),$(SUDO) -E) tests/package/run.sh $(PACKAGE_TEST_DIR)/$(notdir $(DEB)) \
		$(PACKAGE_TEST_DIR)/$(notdir $(RPM)) $(PACKAGE_TEST_DIR)/Haru_$(NEXT_VERSION)_amd64.deb

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

# Learning from check-ins, measured with simulated writers over the emotion dev splits as the
# shipped model reads them (the readings are cached in target/calibration/, one file per model:
# the name carries the start of the model's sha256, so a new model is read again).
CALIBRATION := target/calibration
# 500 writers: at 100 the gain after 30 corrections moved by up to 2.7 points from one seed
# (one draw of writers) to the next; at 500 it is a steadier figure.
CALIBRATION_WRITERS := 500
GOEMOTIONS := ../shared/data/emotion
simulate-calibration: setup
	mkdir -p $(CALIBRATION)
	$(CARGO) build --release -q -p haru-cli
	export HARU_MODEL_DIR=$(CURDIR)/models; sha=$$(sha256sum models/haru-emotion.onnx | cut -c1-12); \
	for lang in en ko; do \
		if [ $$lang = ko ]; then src=$(GOEMOTIONS)/goemotions_ko/dev.tsv; else src=$(GOEMOTIONS)/goemotions/original/dev.tsv; fi; \
		[ -s $(CALIBRATION)/dev_$$lang.$$sha.jsonl ] || { cut -f1 $$src > $(CALIBRATION)/dev_$$lang.txt && \
		target/release/haru analyze --input $(CALIBRATION)/dev_$$lang.txt --output $(CALIBRATION)/dev_$$lang.$$sha.jsonl; } || exit 1; \
	done; \
	target/release/haru simulate-calibration --writers $(CALIBRATION_WRITERS) --en-probs $(CALIBRATION)/dev_en.$$sha.jsonl \
		--en-gold $(GOEMOTIONS)/goemotions/original/dev.tsv --ko-probs $(CALIBRATION)/dev_ko.$$sha.jsonl \
		--ko-gold $(GOEMOTIONS)/goemotions_ko/dev.tsv --output tests/bench/CALIBRATION.md

# Rebuild resources/catalogue/ from ../shared/data with the shipped model (resumable).
# The model is named explicitly: beside target/release/haru, a release build of the app leaves
# a copy of models/ that the command would otherwise prefer, stale after a model change.
catalogue: setup
	HARU_MODEL_DIR=$(CURDIR)/models $(CARGO) run --release -q -p haru-cli -- catalogue build

screenshot: build-release
	$(HEADLESS) node tests/bench/screenshot.mjs
	HARU_E2E_LOCALE=$(KOREAN_LOCALE) $(HEADLESS) node tests/bench/screenshot.mjs
