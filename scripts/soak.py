#!/usr/bin/env python3
"""Editing soak (issue 14): EDITORS editors save items of one draft for
DURATION seconds against a running server; half of them on the same item,
the others each on their own. Every save sends the revision it read; the
server answers the new revision (200) or a conflict (409).

Checks, and exits 1 unless all hold:
- no answer other than 200 or 409;
- no lost update: no two acknowledged saves of an item were based on the
  same revision, and each item's draft ends as its last acknowledged save
  left it (its text and its revision).

Usage: scripts/soak.py BASE_URL [DURATION] [EDITORS]   (stdlib only)
"""

import http.client
import json
import sys
import threading
import time
import urllib.parse

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:3077"
DURATION = float(sys.argv[2]) if len(sys.argv) > 2 else 60
EDITORS = int(sys.argv[3]) if len(sys.argv) > 3 else 8
ACCOUNT, PASSWORD, DEPT = "editor-sj", "sunlit-editor-demo", "SJ"
HOST = urllib.parse.urlsplit(BASE).netloc


def request(method, path, body=None, headers=None, cookie=None):
    conn = http.client.HTTPConnection(HOST, timeout=30)
    headers = dict(headers or {})
    if cookie:
        headers["Cookie"] = cookie
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, response.getheader("Set-Cookie"), data


def sign_in():
    form = urllib.parse.urlencode({"name": ACCOUNT, "password": PASSWORD, "next": "/edit"})
    status, cookie, _ = request(
        "POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    if status != 303 or not cookie:
        sys.exit(f"sign-in of {ACCOUNT} failed: {status}")
    cookie = cookie.split(";")[0]
    status, _, data = request("GET", "/api/ui/me", cookie=cookie)
    return cookie, json.loads(data)["csrf"]


def draft_item(cookie, item_id):
    query = urllib.parse.urlencode({"dept": DEPT, "item_id": item_id})
    status, _, data = request("GET", f"/api/ui/draft_item?{query}", cookie=cookie)
    if status != 200:
        raise RuntimeError(f"reading {item_id}: {status} {data[:200]!r}")
    return json.loads(data)


def plain_items(cookie):
    status, _, data = request(
        "GET", "/api/ui/draft?" + urllib.parse.urlencode({"dept": DEPT}), cookie=cookie
    )
    if status != 200:
        sys.exit(f"reading the draft: {status}")
    return [row["summary"]["item_id"] for row in json.loads(data)["items"]]


acks = []  # (item_id, base_rev, new_rev, text)
conflicts = [0]
errors = []
lock = threading.Lock()


def editor(number, item_id, cookie, csrf, stop_at):
    n = 0
    while time.time() < stop_at:
        n += 1
        try:
            view = draft_item(cookie, item_id)
        except Exception as error:  # noqa: BLE001 - every failure is counted
            with lock:
                errors.append(str(error))
            continue
        text = f"soak editor {number} save {n}"
        item = view["item"]
        item["remark"] = text
        body = json.dumps({"csrf": csrf, "dept": DEPT, "item": item, "rev": view["rev"]})
        try:
            status, _, data = request(
                "POST", "/api/ui/save_item", body, {"Content-Type": "application/json"}, cookie
            )
        except Exception as error:  # noqa: BLE001
            with lock:
                errors.append(f"save of {item_id}: {error}")
            continue
        with lock:
            if status == 200:
                acks.append((item_id, view["rev"], json.loads(data), text))
            elif status == 409:
                conflicts[0] += 1
            else:
                errors.append(f"save of {item_id}: {status} {data[:200]!r}")


def main():
    sessions = [sign_in() for _ in range(EDITORS)]
    items = plain_items(sessions[0][0])
    shared, own = items[0], items[1 : 1 + EDITORS]
    stop_at = time.time() + DURATION
    threads = []
    for number, (cookie, csrf) in enumerate(sessions):
        target = shared if number < EDITORS // 2 else own[number - EDITORS // 2]
        thread = threading.Thread(target=editor, args=(number, target, cookie, csrf, stop_at))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()

    lost = []
    by_item = {}
    for item_id, base, new, text in acks:
        by_item.setdefault(item_id, []).append((base, new, text))
    for item_id, saves in by_item.items():
        bases = [base for base, _, _ in saves]
        if len(bases) != len(set(bases)):
            lost.append(f"{item_id}: two saves acknowledged on the same revision")
        base, last_rev, last_text = max(saves, key=lambda s: s[1])
        final = draft_item(sessions[0][0], item_id)
        if final["rev"] != last_rev or final["item"].get("remark") != last_text:
            lost.append(
                f"{item_id}: draft at rev {final['rev']} {final['item'].get('remark')!r}, "
                f"last acknowledged rev {last_rev} {last_text!r}"
            )
    print(f"editors {EDITORS}, {DURATION:.0f} s, items {len(by_item)}")
    print(f"acknowledged saves {len(acks)} ({len(acks) / DURATION:.1f}/s), "
          f"conflicts {conflicts[0]}, errors {len(errors)}, lost updates {len(lost)}")
    for line in (errors[:5] + lost[:5]):
        print("  " + line)
    sys.exit(1 if errors or lost else 0)


if __name__ == "__main__":
    main()
