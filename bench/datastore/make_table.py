"""A realistic Chinese government table of N rows, deterministic, for the
DataStore benches: every row is an entry of the Shanghai open data catalog
(``../shared/realdata/china/portal-catalogs/shanghai_data.sh.gov.cn.json``,
4,494 real datasets: name, provider, domain, dates, frequency, summary) in
turn, with a row number and counts derived from the row number (no randomness
from the run: the same N gives the same bytes).

Columns (Table Schema types): 编号 integer, 数据集名称 string, 数据提供方 string,
数据领域 string, 首次发布日期 date, 更新日期 date, 更新频度 string, 下载次数 integer,
数据量 integer, 评分 number, 有条件开放 boolean, 摘要 string.

    python bench/datastore/make_table.py 1000000 /work/stacks/imports/bench-data/t1m.csv

writes the CSV (UTF-8, header row) and ``<file>.schema.json`` next to it.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / ".." / "shared" / "realdata" / "china" / "portal-catalogs" / "shanghai_data.sh.gov.cn.json"

SCHEMA = {"fields": [
    {"name": "编号", "type": "integer"},
    {"name": "数据集名称", "type": "string"},
    {"name": "数据提供方", "type": "string"},
    {"name": "数据领域", "type": "string"},
    {"name": "首次发布日期", "type": "date"},
    {"name": "更新日期", "type": "date"},
    {"name": "更新频度", "type": "string"},
    {"name": "下载次数", "type": "integer"},
    {"name": "数据量", "type": "integer"},
    {"name": "评分", "type": "number"},
    {"name": "有条件开放", "type": "boolean"},
    {"name": "摘要", "type": "string"},
], "primaryKey": "编号"}


def entries() -> list:
    rows = []
    for e in json.loads(CATALOG.read_text(encoding="utf-8")):
        first, updated = e.get("首次发布日期") or "", e.get("更新日期") or ""
        if len(first) != 10 or len(updated) != 10:
            continue
        rows.append([e.get("数据集名称") or "", e.get("数据提供方") or "", e.get("数据领域") or "",
                     first, updated, e.get("更新频度") or "",
                     "true" if e.get("开放属性") == "有条件开放" else "false",
                     (e.get("摘要") or "").replace("\r", " ").replace("\n", " ")[:200]])
    return rows


def write(n: int, path: str) -> int:
    base = entries()
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow([fld["name"] for fld in SCHEMA["fields"]])
        for i in range(n):
            name, who, domain, first, updated, freq, cond, summary = base[i % len(base)]
            h = (i * 2654435761) & 0xFFFFFFFF          # Knuth's multiplicative hash: spread, repeatable
            out.writerow([i + 1, name, who, domain, first, updated, freq, h % 100000,
                          (h >> 8) % 5000000, "%d.%02d" % (1 + h % 5, (h >> 4) % 100), cond, summary])
    Path(path + ".schema.json").write_text(json.dumps(SCHEMA, ensure_ascii=False, indent=1), encoding="utf-8")
    return n


if __name__ == "__main__":
    write(int(sys.argv[1]), sys.argv[2])
