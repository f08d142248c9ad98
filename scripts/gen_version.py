#!/usr/bin/env python3
"""Writes the next version of one department of a generated registry, with
N changed items, for comparison benchmarks.

Usage: scripts/gen_version.py REGISTRY.json DEPT N OUT.json

REGISTRY.json is a file written by scripts/gen_registry.py. The first N items
of DEPT get a new remark, each with its 变更 adjustment record; the version is DEPT's
v2099.2, based on v2099.1. Deterministic.
"""
import json
import os
import sys


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    source, dept, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    with open(source, encoding="utf-8") as f:
        doc = json.load(f)
    department = next(d for d in doc["departments"] if d["dept_code"] == dept)
    items = [i for i in doc["items"] if i["item_code"].split("-")[1] == dept]
    adjustments = []
    for k, item in enumerate(items[:n]):
        item["remark"] = f"第{k + 1}项：办理时限按2099年第一次动态调整执行。"
        adjustments.append({
            "adjustment_id": f"ADJ-2099-{dept}-{k + 1:04d}",
            "type": "变更",
            "type_code": "CHANGE",
            "items_before": [item["item_code"]],
            "items_after": [item["item_code"]],
            "item_name": item["name"],
            "fields_changed": ["remark"],
            "reason": "备注按动态调整更新（基准测试生成）。",
        })
    doc["departments"] = [department]
    doc["items"] = items
    doc["adjustments"] = adjustments
    doc["summary"] = None
    version = doc["list_version"]
    version["version_id"] = "v2099.2"
    version["based_on"] = "v2099.1"
    version["scope"] = {"department": department["name"], "dept_code": dept}
    version["label"] = f"{department['name']}权责清单（生成的第二版，{len(adjustments)}项变更）"
    with open(out, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
    print(f"{out}: {dept} v2099.2, {len(items)} items, {len(adjustments)} changed, "
          f"{os.path.getsize(out) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
