# Sunlit — build plumbing. `make run` and `make test` are all a fresh Debian 12
# machine (rustup, Node 20 + npm, root or sudo) needs; see README.md.
# Every recipe runs without a TTY (CI=true, no stdin).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Keep the build warm outside the clone (a fresh clone reuses it).
export CARGO_TARGET_DIR ?= $(HOME)/.cache/sunlit-target

# cargo-leptos takes sass, wasm-opt and wasm-bindgen from PATH and otherwise
# tries to download them (which fails offline). npm's sass 1.99 and binaryen
# 132 (wasm-opt) come first — never Debian's binaryen (wasm-opt 108 breaks
# hydration) — then cargo's bin (cargo-leptos, wasm-bindgen).
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(CARGO_BIN):$(PATH)

# SITE_ROOT: the one place to change where the site (pkg/sunlit.js, .wasm,
# .css, assets) lives. It MUST match where `cargo leptos build` writes
# pkg/sunlit.js. cargo-leptos 0.3.10 reads LEPTOS_SITE_ROOT from the
# environment and lets it override `site-root` in Cargo.toml (whose
# "target/site" is relative to the workspace root, not to CARGO_TARGET_DIR),
# and the server reads the same variable at run time, so exporting it here
# makes the build and the server agree. cargo-leptos empties this directory
# on every build: never point it at anything else.
SITE_ROOT ?= $(CARGO_TARGET_DIR)/site
ADDR ?= 127.0.0.1:3000

# Exported for every recipe, not only run/e2e: leptos and leptos_config read
# LEPTOS_OUTPUT_NAME at compile time (option_env!), and cargo-leptos sets it
# for its own cargo calls, so plain `cargo test`/`clippy` must see the same
# value or they recompile leptos and everything above it.
export LEPTOS_OUTPUT_NAME := sunlit
export LEPTOS_SITE_ROOT := $(SITE_ROOT)
export LEPTOS_SITE_PKG_DIR := pkg
export LEPTOS_SITE_ADDR := $(ADDR)

SUNLIT := $(CARGO_TARGET_DIR)/debug/sunlit
E2E_SERVE_CMD := $(SUNLIT) serve --addr $(ADDR) --db mem:// --demo

# Browser tests: Playwright (end2end/playwright.config.ts) starts its own
# server from SUNLIT_SERVE_CMD on an in-memory database with the demo data.
define RUN_E2E
cd end2end && SUNLIT_SERVE_CMD='$(E2E_SERVE_CMD)' playwright test
endef

.PHONY: help setup build run test e2e check fmt clean-db fuzz release serve test-release test-release-if-built bench-pages

help:
	@echo 'Sunlit make targets:'
	@echo '  make run       build, load the demo data, serve on http://$(ADDR)'
	@echo '  make test      build, cargo test --workspace, browser tests (Playwright)'
	@echo '  make setup     install tools (wasm target, cargo-leptos, wasm-bindgen, chromium, npm packages)'
	@echo '  make build     setup + cargo leptos build (dev)'
	@echo '  make check     rustfmt check, clippy (-D warnings) for every crate and target'
	@echo '  make e2e       build + browser tests only'
	@echo '  make release   optimised server and site (wasm-release, wasm-opt) into RELEASE_SITE_ROOT'
	@echo '  make serve     make release, then serve it (DB=surrealkv://var/sunlit.db by default)'
	@echo '  make test-release  the browser tests against the release build (make release first)'
	@echo '  make bench-pages   page speed on the release build: scripts/page-bench.sh (20,000 items)'
	@echo '  make clean-db  remove var/ (the local database)'
	@echo '  make fuzz      fuzz the JSON, sheet, DOT and chart readers (FUZZ_SECONDS each, default 600)'
	@echo 'CARGO_TARGET_DIR=$(CARGO_TARGET_DIR)  SITE_ROOT=$(SITE_ROOT)'

setup:
	bash scripts/setup.sh

build: setup
	cargo leptos build
	@test -x '$(SUNLIT)' || { echo "error: $(SUNLIT) was not built" >&2; exit 1; }
	@test -f '$(SITE_ROOT)/pkg/sunlit.js' || { echo "error: $(SITE_ROOT)/pkg/sunlit.js missing: SITE_ROOT does not match where cargo leptos writes the site" >&2; exit 1; }

# --demo loads the demo lists into an empty database and creates the demo
# accounts (README) when there are none.
run: build
	$(SUNLIT) serve --addr $(ADDR) --demo

# Production: the optimised server and site. The site goes to its own
# folder (cargo-leptos empties it on every build), never the dev one.
RELEASE_SITE_ROOT ?= $(CARGO_TARGET_DIR)/site-release
RELEASE_SUNLIT := $(CARGO_TARGET_DIR)/release/sunlit
RELEASE_STAMP := $(CARGO_TARGET_DIR)/release/sunlit.tree
DB ?= surrealkv://var/sunlit.db
release: export LEPTOS_SITE_ROOT := $(RELEASE_SITE_ROOT)
release: setup
	cargo leptos build --release
	@test -x '$(RELEASE_SUNLIT)' || { echo "error: $(RELEASE_SUNLIT) was not built" >&2; exit 1; }
	@test -f '$(RELEASE_SITE_ROOT)/pkg/sunlit.js' || { echo "error: $(RELEASE_SITE_ROOT)/pkg/sunlit.js missing" >&2; exit 1; }
	'$(RELEASE_SUNLIT)' precompress '$(RELEASE_SITE_ROOT)'
	@# What the build was made from: test-release-if-built runs only on it.
	@if git diff --quiet HEAD -- . 2>/dev/null; then git rev-parse 'HEAD^{tree}' > '$(RELEASE_STAMP)'; else echo dirty > '$(RELEASE_STAMP)'; fi
	@echo "release: $(RELEASE_SUNLIT) with the site in $(RELEASE_SITE_ROOT) (tree $$(cat '$(RELEASE_STAMP)'))"

serve: export LEPTOS_SITE_ROOT := $(RELEASE_SITE_ROOT)
serve: release
	$(RELEASE_SUNLIT) --db '$(DB)' serve --addr $(ADDR)

# The browser tests against the release server and site (make release
# first: a cold release build takes ~40 minutes on 2 cores).
test-release: export LEPTOS_SITE_ROOT := $(RELEASE_SITE_ROOT)
test-release: setup
	@test -x '$(RELEASE_SUNLIT)' && test -f '$(RELEASE_SITE_ROOT)/pkg/sunlit.js' || { echo "error: no release build; run make release first" >&2; exit 2; }
	cd end2end && SUNLIT_SERVE_CMD='$(RELEASE_SUNLIT) serve --addr $(ADDR) --db mem:// --demo' playwright test

# CI: test-release when the cached release build was made from exactly
# this tree (make release records it), and says so when it skips.
test-release-if-built:
	@if [[ -x '$(RELEASE_SUNLIT)' && -f '$(RELEASE_STAMP)' && "$$(cat '$(RELEASE_STAMP)')" == "$$(git rev-parse 'HEAD^{tree}')" ]] && git diff --quiet HEAD -- .; then \
	  $(MAKE) test-release; \
	else \
	  echo "test-release: SKIPPED: no release build of this tree in $(CARGO_TARGET_DIR)/release (make release builds one, ~40 min cold)"; \
	fi

# Unit + integration tests run after the build so they reuse its artifacts.
# `app`'s own unit tests run with `--lib` only: a whole-package test would
# link a second, ~500 MB native `libapp.so`. Its pages are tested through the
# server's page tests and the browser tests.
# Server integration tests run one at a time: on 2 cores that takes no
# longer, and once, run in parallel, one test's runtime waited forever.
test: build
	cargo test -p data --all-features
	cargo test -p server -- --test-threads=1
	cargo test -p app --features ssr --lib
	$(RUN_E2E)

e2e: build
	$(RUN_E2E)

# Mutational fuzzing on stable Rust (data/examples/fuzz.rs), one target
# after another; inputs that panic, run over 2 s or push RSS over 512 MB are
# kept in data/fuzz/found/ and fail the run.
FUZZ_SECONDS ?= 600
fuzz:
	cargo build --release -p data --features sheets --example fuzz
	for target in json sheet dot chart; do \
	  '$(CARGO_TARGET_DIR)/release/examples/fuzz' $$target $(FUZZ_SECONDS) || exit 1; \
	done

bench-pages:
	bash scripts/page-bench.sh

check: setup
	cargo fmt --all -- --check
	cargo clippy -p data --all-targets -- -D warnings
	cargo clippy -p data --all-targets --all-features -- -D warnings
	cargo clippy -p server --all-targets -- -D warnings
	cargo clippy -p app --features ssr --all-targets -- -D warnings
	cargo clippy -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings
	cargo check -p data --target wasm32-unknown-unknown

fmt:
	cargo fmt --all

clean-db:
	rm -rf var/
