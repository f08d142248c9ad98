#!/usr/bin/env bash
# Whole-registry import through the CLI (issue 20): generates N items in D
# departments (scripts/gen_registry.py), imports them into a fresh embedded
# database with the release binary, and prints size, time and peak RSS.
# Usage: scripts/import-bench.sh [N=20000] [D=20]
set -euo pipefail
n="${1:-20000}"; d="${2:-20}"
bin="${SUNLIT_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/sunlit-target}/release/sunlit}"
[ -x "$bin" ] || { echo "no release binary at $bin (make release)" >&2; exit 1; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
here="$(cd "$(dirname "$0")" && pwd)"
python3 "$here/gen_registry.py" "$n" "$d" "$work/registry.json"
for run in first again; do
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" --db "surrealkv://$work/db" import "$work/registry.json" 2> "$work/log" || { cat "$work/log" >&2; exit 1; }
  read -r secs kb < "$work/time"
  printf '%-6s import: %s s, peak RSS %d MB, %s\n' "$run" "$secs" $((kb / 1024)) "$(grep -c 'imported\|already imported' "$work/log") department versions reported"
done
du -sh "$work/db" | awk '{print "database on disk: " $1}'
