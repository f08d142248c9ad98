#!/usr/bin/env bash
# Page speed on the release build (issue 15), in one run:
#   1. generates a registry of N items in D departments (gen_registry.py) and
#      a second version of G01 with C changed items (gen_version.py), imports
#      both with the release CLI into a fresh embedded database;
#   2. serves it with the release server and site (make release);
#   3. wrk, CONNECTIONS connections, DURATION seconds per URL, as a browser
#      asks (Accept-Encoding: br, gzip): the static stylesheet, then each page
#      kind — req/s, p99 and the ratio to the static file;
#   4. the comparison of G01's two versions through GET /api/v1/compare
#      (RUNS requests one after another: median and slowest), search through
#      GET /api/v1/search (distinct queries, p50 and p95), the bundle's size
#      raw, gzip and brotli as sent, and the server's RSS (now and peak).
# Usage: scripts/page-bench.sh [N=20000] [D=20] [C=1000] [DURATION=10] [CONNECTIONS=64]
set -euo pipefail
N=${1:-20000}
D=${2:-20}
C=${3:-1000}
DURATION=${4:-10}
CONNECTIONS=${5:-64}
RUNS=${RUNS:-20}
TARGET=${CARGO_TARGET_DIR:-$HOME/.cache/sunlit-target}
BIN=${SUNLIT_BIN:-$TARGET/release/sunlit}
SITE=${RELEASE_SITE_ROOT:-$TARGET/site-release}
ADDR=127.0.0.1:3078
here="$(cd "$(dirname "$0")" && pwd)"
[[ -x $BIN ]] || { echo "no release binary at $BIN: make release" >&2; exit 2; }
[[ -f $SITE/pkg/sunlit.js ]] || { echo "no release site in $SITE: make release" >&2; exit 2; }
if ! command -v wrk >/dev/null; then
  if [[ $(id -u) == 0 ]]; then apt-get install -y -q wrk >/dev/null; else sudo apt-get install -y -q wrk >/dev/null; fi
fi
work="$(mktemp -d)"
PID=
cleanup() { [[ -n $PID ]] && kill "$PID" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "== registry: $N items in $D departments, G01 v2099.2 with $C changes"
python3 "$here/gen_registry.py" "$N" "$D" "$work/registry.json"
python3 "$here/gen_version.py" "$work/registry.json" G01 "$C" "$work/g01-v2.json"
/usr/bin/time -f "%e s, peak RSS %M KB" -o "$work/import.time" \
  "$BIN" --db "surrealkv://$work/db" import "$work/registry.json" "$work/g01-v2.json" 2>"$work/import.log" \
  || { cat "$work/import.log" >&2; exit 1; }
echo "import: $(cat "$work/import.time")"

LEPTOS_SITE_ROOT=$SITE LEPTOS_SITE_PKG_DIR=pkg LEPTOS_OUTPUT_NAME=sunlit \
  "$BIN" --db "surrealkv://$work/db" serve --addr $ADDR >"$work/serve.log" 2>&1 &
PID=$!
for _ in $(seq 120); do curl -fs -o /dev/null "http://$ADDR/" && break; sleep 0.5; done
curl -fs -o /dev/null "http://$ADDR/" || { cat "$work/serve.log" >&2; exit 1; }
# Give the background compression of the site's files time to end (the
# release site comes precompressed, so it has nothing to do).
sleep 2
awk '/VmRSS/ {printf "server RSS after start-up: %.0f MB\n", $2 / 1024}' /proc/$PID/status
css=$(curl -fs "http://$ADDR/" | grep -o '/s/[0-9a-f]*/pkg/sunlit.css' | head -1)
[[ -n $css ]] || { echo "the home page names no versioned stylesheet" >&2; exit 1; }
item=G01-0000-001
echo "== wrk: $CONNECTIONS connections, ${DURATION}s per URL, Accept-Encoding: br, gzip"
urls=(
  "$css"
  "/items/$item"
  /departments/G01
  "/search?q=%E8%AE%B8%E5%8F%AF"
  /departments/G01/compare
  "/api/v1/items/$item"
  "/api/v1/items/$item/flowchart.svg"
  "/api/v1/items/$item/flowchart.png"
)
printf '%-44s %10s %10s %8s %8s\n' url req/s p99 errors 'of static'
static=
for url in "${urls[@]}"; do
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H 'Accept-Encoding: br, gzip' "http://$ADDR$url" 2>&1)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' <<<"$out")
  static=${static:-$rps}
  ratio=$(awk -v a="$rps" -v b="$static" 'BEGIN {printf "%.0f %%", 100 * a / b}')
  printf '%-44s %10s %10s %8s %8s\n' "$url" "$rps" "$p99" "$errors" "$ratio"
done
awk '/VmRSS/ {printf "server RSS after the page runs: %.0f MB\n", $2 / 1024}' /proc/$PID/status

echo "== comparison through HTTP: G01 v2099.1 → v2099.2, $RUNS requests"
compare="http://$ADDR/api/v1/compare?department=G01&from=v2099.1&to=v2099.2"
curl -fs "$compare" -o "$work/compare.json"
python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
print('answer:', len(d['items']), 'items compared; summary:', json.dumps(d['summary'], ensure_ascii=False))
" "$work/compare.json"
for _ in $(seq "$RUNS"); do
  curl -fs -o /dev/null -w '%{time_total}\n' -H 'Accept-Encoding: br, gzip' "$compare"
done | sort -n | awk '{t[NR] = $1 * 1000} END {printf "compare: median %.0f ms, slowest %.0f ms (%d runs)\n", t[int((NR + 1) / 2)], t[NR], NR}'

echo "== search through HTTP: distinct queries, one after another"
queries=(许可 行政处罚 登记 食品 超载 消防 备案 年检 证明 注销 社会团体 药品 计量 特种设备 道路 建设 规划 土地 环境 税务)
for round in 1 2 3 4 5; do
  for q in "${queries[@]}"; do
    enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$q$([[ $round -gt 1 ]] && echo " $round")")
    curl -fs -o /dev/null -w '%{time_total}\n' "http://$ADDR/api/v1/search?q=$enc"
  done
done | sort -n | awk '{t[NR] = $1 * 1000} END {printf "search: p50 %.1f ms, p95 %.1f ms, slowest %.1f ms (%d queries)\n", t[int(NR * 0.5)], t[int(NR * 0.95)], t[NR], NR}'

echo "== bundle as sent"
for f in "$SITE"/pkg/*.wasm "$SITE"/pkg/*.js "$SITE"/pkg/*.css; do
  raw=$(stat -c %s "$f")
  gz=$( [[ -f $f.gz ]] && stat -c %s "$f.gz" || gzip -9c "$f" | wc -c)
  br=$( [[ -f $f.br ]] && stat -c %s "$f.br" || echo -)
  printf '%-24s raw %10s  gzip %10s  brotli %10s\n' "$(basename "$f")" "$raw" "$gz" "$br"
done
wasm_url=$(curl -fs "http://$ADDR/" | grep -o '/s/[0-9a-f]*/pkg/[a-z_]*\.wasm' | head -1)
sent=$(curl -fs -H 'Accept-Encoding: br, gzip' -o /dev/null -w '%{size_download} bytes, %header{content-encoding}' "http://$ADDR$wasm_url")
echo "wasm over HTTP with Accept-Encoding br, gzip: $sent"
echo "== server memory"
awk '/VmRSS/ {printf "server RSS now: %.0f MB\n", $2 / 1024} /VmHWM/ {printf "server peak RSS: %.0f MB\n", $2 / 1024}' /proc/$PID/status
