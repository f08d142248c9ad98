#!/usr/bin/env python3
"""Writes a generated whole-registry interchange file for import benchmarks.

Usage: scripts/gen_registry.py N_ITEMS N_DEPARTMENTS OUT.json [SOURCE.json]

Items are the demo file's items (data/demo/sample.json) repeated with new
codes and ids, department by department (codes G01, G02, ...), sub-items
kept under their own main item; every item stays valid. Deterministic.
"""
import json
import os
import sys


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    n_items, n_depts, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    here = os.path.dirname(os.path.abspath(__file__))
    source = sys.argv[4] if len(sys.argv) > 4 else os.path.join(here, "..", "data", "demo", "sample.json")
    with open(source, encoding="utf-8") as f:
        doc = json.load(f)
    template = doc["items"]
    per_dept = -(-n_items // n_depts)
    departments, items = [], []
    for d in range(n_depts):
        code = f"G{d + 1:02d}"
        name = f"示范县生成第{d + 1}局"
        departments.append({"dept_code": code, "name": name, "short_name": f"生成{d + 1}局",
                            "supervision_phone": "0000-12345678"})
        made = 0
        batch = 0
        while made < per_dept and len(items) < n_items:
            mapping = {}
            for t in template:
                old = t["item_code"]
                parts = old.split("-")
                # region-dept-category-main-sub: a new main number per batch.
                # Departments of the demo number their items alike: keep them apart.
                origin = sorted({x["item_code"].split("-")[1] for x in template}).index(parts[1])
                main = batch * 1000 + origin * 100 + int(parts[3])
                mapping[old] = f"{parts[0]}-{code}-{parts[2]}-{main:04d}-{parts[4]}"
            for t in template:
                if made >= per_dept or len(items) >= n_items:
                    break
                if t.get("parent_code") and t["parent_code"] not in mapping:
                    continue
                item = json.loads(json.dumps(t))
                item["item_code"] = mapping[t["item_code"]]
                item["item_id"] = f"{code}-{batch:04d}-{template.index(t):03d}"
                if item.get("parent_code"):
                    item["parent_code"] = mapping[item["parent_code"]]
                item["implementing_body"] = name
                items.append(item)
                made += 1
            batch += 1
    # A sub-item cut off from its main item by the count would be refused.
    codes = {i["item_code"] for i in items}
    items = [i for i in items if not i.get("parent_code") or i["parent_code"] in codes]
    doc["departments"] = departments
    doc["items"] = items
    doc["adjustments"] = []
    doc["summary"] = None
    doc["list_version"]["version_id"] = "v2099.1"
    doc["list_version"].pop("scope", None)
    doc["list_version"]["label"] = f"生成的权责清单（{len(items)}项，{n_depts}个部门）"
    with open(out, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
    print(f"{out}: {len(items)} items, {n_depts} departments, {os.path.getsize(out) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
