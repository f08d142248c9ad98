#!/usr/bin/env bash
# Load test (issue 14): the release server on the demo data, 200 connections
# for DURATION seconds on each public page kind, with wrk. Prints, per URL:
# requests/s, p99 latency, errors (non-2xx/3xx and socket errors), and the
# server's peak RSS. Needs a release build:
#   make release   (or: cargo leptos build --release with LEPTOS_SITE_ROOT=$SITE)
# Usage: scripts/load.sh [DURATION] [CONNECTIONS]
set -euo pipefail
DURATION=${1:-60}
CONNECTIONS=${2:-200}
TARGET=${CARGO_TARGET_DIR:-$HOME/.cache/sunlit-target}
BIN=$TARGET/release/sunlit
SITE=${SITE_ROOT_RELEASE:-$TARGET/site-release}
ADDR=127.0.0.1:3077
if [[ ! -x $BIN ]]; then
  echo "no release binary at $BIN: build it first (make release)" >&2
  exit 2
fi
if ! command -v wrk >/dev/null; then
  if [[ $(id -u) == 0 ]]; then apt-get install -y -q wrk >/dev/null; else sudo apt-get install -y -q wrk >/dev/null; fi
fi
LEPTOS_SITE_ROOT=$SITE LEPTOS_SITE_PKG_DIR=pkg LEPTOS_OUTPUT_NAME=sunlit \
  "$BIN" --db mem:// serve --addr $ADDR --demo >/tmp/sunlit-load.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -fs -o /dev/null http://$ADDR/ && break; sleep 1; done
urls=(
  /items/SJ-XK-001-01
  /departments/SJ
  "/search?q=%E8%AE%B8%E5%8F%AF"
  /departments/ZR/compare
  /api/v1/items/SJ-XK-001-01/flowchart.svg
  /api/v1/items/SJ-XK-001-01/flowchart.png
)
printf '%-44s %10s %10s %8s\n' url req/s p99 errors
for url in "${urls[@]}"; do
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://$ADDR$url" 2>&1)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' <<<"$out")
  printf '%-44s %10s %10s %8s\n' "$url" "$rps" "$p99" "$errors"
done
echo "server peak RSS: $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' /proc/$PID/status)"
