#!/usr/bin/env bash
# Sunlit set-up: installs everything `make build`, `make run` and `make test`
# need on a fresh Debian 12 machine that has Rust (rustup), Node 20 + npm and
# root or sudo. Idempotent: every step checks first and skips when done.
#
# Prebuilt tools: when ../shared/tools/bin (beside the repository) exists and a
# binary's sha256 matches ../shared/tools/SHA256SUMS, it is copied instead of
# compiled. A user's clone has no ../shared: then `cargo install` is used.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED_TOOLS="$ROOT/../shared/tools"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
E2E="$ROOT/end2end"

CARGO_LEPTOS_VERSION="0.3.10"
WASM_BINDGEN_FALLBACK_VERSION="0.2.130"
APT_PACKAGES=(chromium fonts-noto-cjk graphviz)

# Same PATH order as the Makefile: npm sass/wasm-opt first, then cargo's bin.
export PATH="$E2E/node_modules/.bin:$CARGO_BIN:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

log() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

# step NAME FUNCTION: runs FUNCTION; when it did some work (set DID_WORK=1),
# prints how long it took. A skipped step prints exactly one line.
DID_WORK=0
step() {
  local name="$1" fn="$2" start
  start=$(date +%s)
  DID_WORK=0
  "$fn"
  if [[ "$DID_WORK" -eq 1 ]]; then
    log "$name: done in $(( $(date +%s) - start )) s"
  fi
}

# shared_tool NAME: prints the path of ../shared/tools/bin/NAME when it exists
# and its sha256 matches SHA256SUMS; prints nothing otherwise.
shared_tool() {
  local name="$1" bin="$SHARED_TOOLS/bin/$1" sums="$SHARED_TOOLS/SHA256SUMS" want have
  [[ -f "$bin" && -f "$sums" ]] || return 0
  want="$(awk -v f="bin/$name" '$2 == f || $2 == "*" f { print $1; exit }' "$sums")"
  [[ -n "$want" ]] || { log "no checksum for bin/$name in $sums; not using it" >&2; return 0; }
  have="$(sha256sum "$bin" | awk '{ print $1 }')"
  if [[ "$have" == "$want" ]]; then
    printf '%s\n' "$bin"
  else
    log "checksum mismatch for $bin; not using it" >&2
  fi
}

# Root runs apt directly; otherwise sudo when available.
as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root or sudo to run: $*"
  fi
}

# ---------------------------------------------------------------------------

check_prerequisites() {
  command -v rustup >/dev/null 2>&1 || die "rustup not found (install Rust with rustup: https://rustup.rs)"
  command -v cargo >/dev/null 2>&1 || die "cargo not found"
  command -v node >/dev/null 2>&1 || die "node not found (Node 20 + npm required)"
  command -v npm >/dev/null 2>&1 || die "npm not found (Node 20 + npm required)"
  log "prerequisites: $(rustc --version), node $(node --version), npm $(npm --version 2>/dev/null)"
}

step_wasm_target() {
  if rustup target list --installed | grep -qx 'wasm32-unknown-unknown'; then
    log "rust target wasm32-unknown-unknown: already installed, skip"
  else
    log "rust target wasm32-unknown-unknown: installing"
    DID_WORK=1
    rustup target add wasm32-unknown-unknown
  fi
}

step_rust_components() {
  # `make check` needs clippy and rustfmt (absent with rustup's minimal profile).
  local installed missing=() c
  installed="$(rustup component list --installed 2>/dev/null || true)"
  for c in clippy rustfmt; do
    grep -q "^$c" <<<"$installed" || missing+=("$c")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "rust components clippy rustfmt: already installed, skip"
  else
    log "rust components: installing ${missing[*]}"
    DID_WORK=1
    rustup component add "${missing[@]}"
  fi
}

cargo_leptos_version() {
  # `cargo leptos --version` prints "cargo-leptos 0.3.10"; empty when missing.
  cargo leptos --version 2>/dev/null | awk '{ print $2 }' || true
}

step_cargo_leptos() {
  local have prebuilt
  have="$(cargo_leptos_version)"
  if [[ "$have" == "$CARGO_LEPTOS_VERSION" ]]; then
    log "cargo-leptos $CARGO_LEPTOS_VERSION: already installed, skip"
    return
  fi
  log "cargo-leptos: found '${have:-none}', need $CARGO_LEPTOS_VERSION"
  DID_WORK=1
  prebuilt="$(shared_tool cargo-leptos)"
  if [[ -n "$prebuilt" ]] && [[ "$("$prebuilt" --version 2>/dev/null | awk '{ print $2 }')" == "$CARGO_LEPTOS_VERSION" ]]; then
    log "cargo-leptos: copying prebuilt $prebuilt to $CARGO_BIN/"
    mkdir -p "$CARGO_BIN"
    install -m 0755 "$prebuilt" "$CARGO_BIN/cargo-leptos"
  else
    log "cargo-leptos: cargo install cargo-leptos@$CARGO_LEPTOS_VERSION --locked (15-30 min on 2 cores)"
    # Own temporary target dir: do not touch the project's CARGO_TARGET_DIR.
    env -u CARGO_TARGET_DIR cargo install "cargo-leptos@$CARGO_LEPTOS_VERSION" --locked
  fi
  have="$(cargo_leptos_version)"
  [[ "$have" == "$CARGO_LEPTOS_VERSION" ]] || die "cargo-leptos still reports '${have:-none}' (is $CARGO_BIN first on PATH?)"
}

required_wasm_bindgen_version() {
  # The CLI must equal the `wasm-bindgen` crate version in Cargo.lock.
  local v=""
  if [[ -f "$ROOT/Cargo.lock" ]]; then
    v="$(awk '
      /^\[\[package\]\]/ { inpkg = 0 }
      /^name = "wasm-bindgen"$/ { inpkg = 1; next }
      inpkg && /^version = / { gsub(/"/, "", $3); print $3; exit }
    ' "$ROOT/Cargo.lock")"
  fi
  printf '%s\n' "${v:-$WASM_BINDGEN_FALLBACK_VERSION}"
}

wasm_bindgen_version() {
  # `wasm-bindgen --version` prints "wasm-bindgen 0.2.130"; empty when missing.
  "${1:-wasm-bindgen}" --version 2>/dev/null | awk '{ print $2 }' || true
}

step_wasm_bindgen() {
  local want have prebuilt
  want="$(required_wasm_bindgen_version)"
  have="$(wasm_bindgen_version)"
  if [[ "$have" == "$want" ]]; then
    log "wasm-bindgen $want: already installed, skip"
    return
  fi
  log "wasm-bindgen: found '${have:-none}', need $want (the wasm-bindgen crate version in Cargo.lock)"
  DID_WORK=1
  prebuilt="$(shared_tool wasm-bindgen)"
  if [[ -n "$prebuilt" ]] && [[ "$(wasm_bindgen_version "$prebuilt")" == "$want" ]]; then
    log "wasm-bindgen: copying prebuilt $prebuilt to $CARGO_BIN/"
    mkdir -p "$CARGO_BIN"
    install -m 0755 "$prebuilt" "$CARGO_BIN/wasm-bindgen"
  else
    log "wasm-bindgen: cargo install wasm-bindgen-cli --version $want (about 10 min on 2 cores)"
    # No --locked: wasm-bindgen-cli 0.2.130's own lock file does not build.
    env -u CARGO_TARGET_DIR cargo install wasm-bindgen-cli --version "$want"
  fi
  have="$(wasm_bindgen_version)"
  [[ "$have" == "$want" ]] || die "wasm-bindgen still reports '${have:-none}' (is $CARGO_BIN first on PATH?)"
}

step_apt() {
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]]; then
      missing+=("$pkg")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "apt packages ${APT_PACKAGES[*]}: already installed, skip"
    return
  fi
  log "apt packages: installing ${missing[*]}"
  DID_WORK=1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

step_npm() {
  local stamp="$E2E/node_modules/.package-lock.json" lock="$E2E/package-lock.json"
  [[ -f "$lock" ]] || die "$lock is missing"
  if [[ -f "$stamp" && ! "$stamp" -ot "$lock" ]]; then
    log "npm packages of end2end/: up to date, skip"
    return
  fi
  log "npm packages of end2end/: npm ci"
  DID_WORK=1
  # PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 (exported above): browsers are never
  # downloaded; the tests use Debian's /usr/bin/chromium.
  (cd "$E2E" && npm ci --no-audit --no-fund)
  # npm ci may keep the lock file's mtime newer on coarse clocks; make the
  # stamp at least as new so the next run skips.
  if [[ -f "$stamp" ]]; then touch "$stamp"; fi
}

report_versions() {
  local wasm_opt_path
  log "tool versions in use:"
  log "  $(rustc --version)"
  log "  $(cargo --version)"
  log "  $(cargo leptos --version 2>/dev/null || echo 'cargo-leptos: MISSING')   [$(command -v cargo-leptos || true)]"
  log "  $(wasm-bindgen --version 2>/dev/null || echo 'wasm-bindgen: MISSING')   [$(command -v wasm-bindgen || true)]"
  log "  sass $(sass --version 2>/dev/null || echo MISSING)   [$(command -v sass || true)]"
  wasm_opt_path="$(command -v wasm-opt || true)"
  log "  $(wasm-opt --version 2>/dev/null || echo 'wasm-opt: MISSING')   [$wasm_opt_path]"
  log "  playwright $( (cd "$E2E" && npx --no-install playwright --version) 2>/dev/null || echo MISSING)"
  log "  $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium: MISSING')"
  log "  node $(node --version), npm $(npm --version 2>/dev/null)"
  log "  dot: $(dot -V 2>&1 || echo MISSING)"
  if [[ -n "$wasm_opt_path" && "$wasm_opt_path" != "$E2E/node_modules/.bin/wasm-opt" ]]; then
    log "WARNING: wasm-opt on PATH is $wasm_opt_path, not npm binaryen 132; Debian's binaryen breaks hydration"
  fi
}

main() {
  local start=$(date +%s)
  log "repository: $ROOT"
  if [[ -d "$SHARED_TOOLS/bin" ]]; then
    log "prebuilt tools: $SHARED_TOOLS/bin"
  else
    log "prebuilt tools: none (no $SHARED_TOOLS/bin); will cargo install what is missing"
  fi
  check_prerequisites
  step "wasm target" step_wasm_target
  step "rust components" step_rust_components
  step "cargo-leptos" step_cargo_leptos
  step "wasm-bindgen" step_wasm_bindgen
  step "apt" step_apt
  step "npm" step_npm
  report_versions
  log "done in $(( $(date +%s) - start )) s"
}

main "$@"
