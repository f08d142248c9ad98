#!/usr/bin/env bash
# Replays, by hand and over HTTP against the real binary and an embedded
# on-disk database, the scenario that once published an unreviewed name
# (issue "What is published is exactly what was reviewed"):
#   editor-sj deletes an item, records its adjustment, submits; uploads the
#   draft's own CSV with one name changed (refused); the reviewer approves;
#   the editor uploads again (refused); the admin publishes; the public item
#   page and the API show only what was reviewed, and flowcharts survive.
# Usage: scripts/replay-integrity.sh [path/to/sunlit]   (needs curl and jq)
set -euo pipefail
SUNLIT=${1:-${CARGO_TARGET_DIR:-$HOME/.cache/sunlit-target}/debug/sunlit}
PORT=${PORT:-3107}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT

"$SUNLIT" --db "surrealkv://$WORK/db" serve --addr "127.0.0.1:$PORT" --demo >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do curl -fs "$BASE/" >/dev/null 2>&1 && break; sleep 0.5; done

say() { printf '%-62s %s\n' "$1" "$2"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

login() { # name password -> cookie jar with session; prints csrf
  local jar="$WORK/$1.jar"
  curl -s -c "$jar" -o /dev/null --data-urlencode "name=$1" --data-urlencode "password=$2" \
    --data-urlencode "next=/edit" "$BASE/login"
  curl -s -b "$jar" "$BASE/api/ui/me" | jq -r .csrf
}
post_form() { # user endpoint fields... -> status
  local user=$1 endpoint=$2; shift 2
  local args=()
  for f in "$@"; do args+=(--data-urlencode "$f"); done
  curl -s -o "$WORK/last" -w '%{http_code}' -b "$WORK/$user.jar" "${args[@]}" "$BASE/api/ui/$endpoint"
}
post_json() { # user endpoint json -> status
  curl -s -o "$WORK/last" -w '%{http_code}' -b "$WORK/$1.jar" -H 'content-type: application/json' \
    --data "$3" "$BASE/api/ui/$2"
}
upload() { # user file -> status of the upload, then of the confirmation
  local status location
  status=$(curl -s -o "$WORK/last" -w '%{http_code}' -D "$WORK/headers" -b "$WORK/$1.jar" \
    -F "csrf=$2" -F "file=@$3;filename=清单.csv" "$BASE/edit/SJ/import")
  echo "$status"
}

ED=$(login editor-sj sunlit-editor-demo)
RV=$(login reviewer sunlit-reviewer-demo)
AD=$(login admin sunlit-admin-demo)

ITEM=SJ-XK-001-01
NAME=$(curl -s "$BASE/api/v1/items/$ITEM" | jq -r .name)
curl -fs "$BASE/api/v1/items/$ITEM/flowchart.json" -o /dev/null || fail "no flowchart before"

# Delete one item, record its adjustment, submit.
REMOVED=SJ-GG-013-00
REV=$(curl -s -b "$WORK/editor-sj.jar" "$BASE/api/ui/draft_item?dept=SJ&item_id=$REMOVED" | jq .rev)
[ "$(post_form editor-sj delete_item "csrf=$ED" dept=SJ "item_id=$REMOVED" "rev=$REV")" = 200 ] || fail "delete: $(cat "$WORK/last")"
RECORDS=$(curl -s -b "$WORK/editor-sj.jar" "$BASE/api/ui/review?dept=SJ" | jq '.proposals | map(.reason = "事项已由上级部门统一实施（示例）")')
[ "$(post_json editor-sj save_adjustments "{\"csrf\":\"$ED\",\"dept\":\"SJ\",\"adjustments\":$RECORDS}")" = 200 ] || fail "records: $(cat "$WORK/last")"
[ "$(post_form editor-sj submit_draft "csrf=$ED" dept=SJ)" = 200 ] || fail "submit: $(cat "$WORK/last")"
say "editor-sj: deleted $REMOVED, recorded, submitted" ok

# The draft's own CSV with one name changed, uploaded while submitted.
curl -s -b "$WORK/editor-sj.jar" "$BASE/edit/SJ/download/draft.csv" -o "$WORK/draft.csv"
sed "s/$NAME/${NAME}（未经审查）/" "$WORK/draft.csv" >"$WORK/edited.csv"
S=$(upload editor-sj "$ED" "$WORK/edited.csv")
say "upload into the submitted draft" "$S $(head -c 80 "$WORK/last")"
[ "$S" = 409 ] || fail "upload while submitted answered $S"

# The reviewer approves what the page showed.
HASH=$(curl -s -b "$WORK/reviewer.jar" "$BASE/api/ui/review?dept=SJ" | jq -r .content_hash)
[ "$(post_form reviewer approve_draft "csrf=$RV" dept=SJ "opinion=经审查，合法。" "content_hash=$HASH")" = 200 ] || fail "approve: $(cat "$WORK/last")"
say "reviewer: approved content" "${HASH:0:16}…"
S=$(upload editor-sj "$ED" "$WORK/edited.csv")
say "upload into the approved draft" "$S"
[ "$S" = 409 ] || fail "upload while approved answered $S"
S=$(post_form admin approve_draft "csrf=$AD" dept=SJ "opinion=同意" "content_hash=$HASH")
say "admin approves again (not under review)" "$S"

# The admin publishes.
S=$(post_json admin publish_draft "{\"csrf\":\"$AD\",\"dept\":\"SJ\",\"request\":{\"version_id\":\"v2026.1-SJ\",\"label\":\"2026年第一次调整\",\"effective_date\":\"2026-12-01\",\"doc_no\":\"示市监〔2026〕1号\"}}")
say "admin: publish" "$S"
[ "$S" = 200 ] || fail "publish: $(cat "$WORK/last")"

PUBLIC=$(curl -s "$BASE/api/v1/items/$ITEM" | jq -r .name)
say "public name of $ITEM" "$PUBLIC"
[ "$PUBLIC" = "$NAME" ] || fail "an unreviewed name was published"
curl -s "$BASE/items/$ITEM" | grep -q "未经审查" && fail "the item page shows the unreviewed name"
S=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/items/$ITEM/flowchart.json")
say "flowchart of $ITEM after publication" "$S"
[ "$S" = 200 ] || fail "the flowchart was lost"
SUMMARY=$(curl -s "$BASE/api/v1/compare?department=SJ" | jq -c '.summary | {added, removed, changed}')
say "public comparison v2024.1 → v2026.1-SJ" "$SUMMARY"
[ "$SUMMARY" = '{"added":0,"removed":1,"changed":0}' ] || fail "unexpected changes published"
TRAIL=$(curl -s "$BASE/api/v1/departments/SJ/versions/v2026.1-SJ/export.json" | jq -c '[.list_version.approved_by, (.list_version.process | map(.content_hash[0:12]))]')
say "trail: approver and content hashes" "$TRAIL"
echo "nothing unreviewed was published"
