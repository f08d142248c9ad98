#!/usr/bin/env bash
# Installs a `surreal` server binary (SurrealDB 3.3.5 community server, mem
# and surrealkv storage) for the ws:// tests, once, into the build cache.
# Prints its path. Building it takes about an hour of CPU on 2 cores, so
# callers that must not wait use --if-present (prints nothing, exits 1).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${SUNLIT_CACHE:-$HOME/.cache/sunlit-target}
bin=$cache/bin/surreal
for candidate in "${SURREAL_BIN:-}" "$here/../shared/tools/bin/surreal" "$bin"; do
  if [[ -n "$candidate" && -x "$candidate" ]] && "$candidate" version >/dev/null 2>&1; then
    echo "$candidate"; exit 0
  fi
done
[[ "${1:-}" == "--if-present" ]] && exit 1
echo "install-surreal: building the SurrealDB server (about an hour of CPU on 2 cores)" >&2
CARGO_TARGET_DIR=$cache/surreal-build cargo build --release --locked \
  --manifest-path "$here/tools/surreal/Cargo.toml" >&2
mkdir -p "$cache/bin"
cp "$cache/surreal-build/release/surreal" "$bin.tmp" && mv "$bin.tmp" "$bin"
echo "$bin"
