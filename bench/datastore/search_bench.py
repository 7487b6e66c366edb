"""``datastore_search`` latency through the HTTP Action API, govopen against stock
CKAN's DataStore, on the same table (``search_setup.py`` put it in both), with
C concurrent anonymous clients; one run, the sides alternating.

    python3 search_bench.py --govopen URL RID --stock URL RID [--rows N] \
        [--clients 10] [--requests 40] [--rounds 2]

Query kinds (each request a ``POST /api/3/action/datastore_search`` with a JSON body,
limit 100; the parameters of request i of round r are the same on both sides):
- ``key``: ``filters={"编号": k}``, k random in 1..N (the indexed key column)
- ``nonkey``: ``filters={"数据提供方": p}``, p one of the table's 8 largest providers (3-6% of the rows each)
  (a column without a B-tree index), CKAN's default ``include_total``
- ``keyset``: ``filters={"_id": {"gt": n}}``, ``sort="_id"``,
  ``include_total=false``, ``include_next_page=true``: the keyset paging of
  govopen's API examples, n random in the last 20% of the table
- ``offset``: the same page by ``offset=n``, ``sort="_id"``, ``include_total=false``
- ``q``: a Chinese ``q`` (one of 8 words of the table), CKAN's default ``include_total``

Every round runs each kind on both sides back to back, the side going first
alternating round by round, so both see the same machine load. Prints per kind
and side the median and p95 (ms), the errors, the records a call returned on
average, and the ratios govopen / stock. Only the standard library.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request

PROVIDERS = ["上海市绿化和市容管理局", "上海市普陀区人民政府", "上海市浦东新区人民政府", "上海市交通委员会",
             "上海市黄浦区人民政府", "上海市规划和自然资源局", "上海市住房和城乡建设管理委员会", "上海市商务委员会"]
WORDS = ["交通", "医院", "企业", "学校", "建设", "信息", "公交", "环境"]
KINDS = ("key", "nonkey", "keyset", "offset", "q")


def params(kind: str, rid: str, rng: random.Random, rows: int) -> dict:
    base = {"resource_id": rid, "limit": 100}
    deep = rng.randint(int(rows * 0.8), rows - 100)
    if kind == "key":
        return dict(base, filters={"编号": str(rng.randint(1, rows))})
    if kind == "nonkey":
        return dict(base, filters={"数据提供方": rng.choice(PROVIDERS)})
    if kind == "keyset":
        return dict(base, filters={"_id": {"gt": deep}}, sort="_id", include_total=False, include_next_page=True)
    if kind == "offset":
        return dict(base, offset=deep, sort="_id", include_total=False)
    return dict(base, q=rng.choice(WORDS))


def call(url: str, body: dict):
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url + "/api/3/action/datastore_search", data=data,
                                 headers={"Content-Type": "application/json"})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=300) as resp:
            out = json.loads(resp.read())
        ok, n = True, len(out["result"]["records"])
    except (urllib.error.URLError, OSError, ValueError, KeyError) as e:
        ok, n = False, str(e)[:200]
    return time.perf_counter() - t0, ok, n


def run(url: str, bodies: list, clients: int) -> list:
    """The bodies by ``clients`` threads (each takes the next body when done)."""
    results, lock, todo = [], threading.Lock(), list(enumerate(bodies))

    def worker():
        while True:
            with lock:
                if not todo:
                    return
                i, body = todo.pop(0)
            seconds, ok, n = call(url, body)
            with lock:
                results.append((seconds, ok, n))

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--govopen", nargs=2, metavar=("URL", "RID"), required=True)
    ap.add_argument("--stock", nargs=2, metavar=("URL", "RID"), required=True)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--requests", type=int, default=40, help="per kind, side and round")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--kinds", default=",".join(KINDS))
    a = ap.parse_args()
    sides = {"govopen": a.govopen, "stock": a.stock}
    kinds = a.kinds.split(",")
    lat = {(k, s): [] for k in kinds for s in sides}
    errors = {(k, s): [] for k in kinds for s in sides}
    counts = {(k, s): [] for k in kinds for s in sides}
    for side, (url, rid) in sides.items():           # warm-up: one call each, not counted
        call(url, params("key", rid, random.Random(0), a.rows))
    for r in range(a.rounds):
        order = list(sides) if r % 2 == 0 else list(sides)[::-1]
        for kind in kinds:
            for side in order:
                url, rid = sides[side]
                rng = random.Random(f"{kind}-{r}")      # the same requests on both sides
                bodies = [params(kind, rid, rng, a.rows) for _ in range(a.requests)]
                t0 = time.perf_counter()
                res = run(url, bodies, a.clients)
                for seconds, ok, n in res:
                    (lat if ok else errors)[(kind, side)].append(seconds if ok else n)
                    if ok:
                        counts[(kind, side)].append(n)
                print(f"round {r + 1} {kind:7s} {side:8s} {time.perf_counter() - t0:6.1f} s wall, "
                      f"median {1000 * statistics.median([x for x, ok, _ in res]):7.0f} ms", file=sys.stderr, flush=True)
    print("| query | govopen median ms | stock median ms | median x | govopen p95 ms | stock p95 ms | p95 x "
          "| records/call govopen, stock | errors govopen, stock |")
    print("|---|---|---|---|---|---|---|---|---|")
    for kind in kinds:
        g, s = lat[(kind, "govopen")], lat[(kind, "stock")]
        if not g or not s:
            print(f"| {kind} | errors: {errors[(kind, 'govopen')][:1]} {errors[(kind, 'stock')][:1]} |")
            continue
        gm, sm, gp, sp = (1000 * statistics.median(g), 1000 * statistics.median(s), 1000 * pct(g, 95), 1000 * pct(s, 95))
        gc_, sc_ = statistics.mean(counts[(kind, "govopen")]), statistics.mean(counts[(kind, "stock")])
        print(f"| {kind} | {gm:.0f} | {sm:.0f} | {gm / sm:.2f} | {gp:.0f} | {sp:.0f} | {gp / sp:.2f} "
              f"| {gc_:.0f}, {sc_:.0f} | {len(errors[(kind, 'govopen')])}, {len(errors[(kind, 'stock')])} |")
    for key, errs in errors.items():
        if errs:
            print(f"errors {key}: {errs[:2]}", file=sys.stderr)


if __name__ == "__main__":
    main()
