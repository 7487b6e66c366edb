#!/usr/bin/env python3
"""Time and peak memory of the validation gate, side by side with plain
``frictionless validate`` on the same file, in the same run.

    python bench/validation/bench_validation.py --rows 1000000          # ~100 MB
    python bench/validation/bench_validation.py --rows 10000000 --only gate   # ~1 GB

1. Writes a UTF-8 CSV of ``--rows`` rows (8 typed columns, Chinese text,
   ~100 bytes a row) and its Table Schema under ``--workdir`` (default
   ``bench/out/validation``, git-ignored), unless they exist.
2. Runs, each in its own child process, one after the other:
   - ``gate``: what the validation job does with an upload: sha256 of the
     file, then ``ckanext.govopen.validation.validate`` with the schema;
   - ``frictionless``: the ``frictionless validate --schema`` command line
     of the same venv on the same file.
3. Peak RSS and CPU time (user + system) of each child come from
   ``os.wait4`` (that child alone); wall time is measured around the child.
   On a shared machine CPU time is the fairer comparison; ``--repeat``
   alternates the sides and the summary takes the best run of each.

Prints a JSON line per run and a Markdown table at the end.
"""
import argparse
import json
import os
import platform
import random
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
PKG = os.path.join(ROOT, "ckanext-govopen")

SCHEMA = {"fields": [
    {"name": "编号", "type": "integer", "constraints": {"required": True}},
    {"name": "日期", "type": "date"},
    {"name": "区划代码", "type": "string", "constraints": {"pattern": "[0-9]{6}"}},
    {"name": "站点名称", "type": "string"},
    {"name": "客流量", "type": "integer", "constraints": {"minimum": 0}},
    {"name": "金额", "type": "number"},
    {"name": "是否开放", "type": "boolean"},
    {"name": "备注", "type": "string"},
]}
PLACES = ["东城区人民政府", "西城区图书馆", "朝阳区体育中心", "海淀区政务服务中心", "丰台区公交枢纽",
          "石景山区医院", "通州区档案馆", "昌平区科技园"]
NOTES = ["", "正常运营", "节假日客流高峰", "设备检修期间临时调整", "数据为初步统计，以年报为准"]

GATE = r"""
import json, sys, time
sys.path.insert(0, %(pkg)r)
from ckanext.govopen.validation import validate
from ckanext.govopen.validation.content import sha256_of
t0 = time.perf_counter()
digest = sha256_of(%(path)r)
report = validate(%(path)r, schema=json.load(open(%(schema)r)), schema_source="resource")
print(json.dumps({"status": report.status, "checked": report.rows, "errors": report.error_count,
                  "sha256": digest[:12], "inner_seconds": round(time.perf_counter() - t0, 2)}))
"""


def make_csv(path, rows, seed=7):
    rnd = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(",".join(f["name"] for f in SCHEMA["fields"]) + "\n")
        batch = []
        for i in range(1, rows + 1):
            batch.append("%d,2024-%02d-%02d,110%03d,%s第%d号站点,%d,%.2f,%s,%s\n" % (
                i, rnd.randint(1, 12), rnd.randint(1, 28), rnd.randint(100, 119), rnd.choice(PLACES),
                rnd.randint(1, 999), rnd.randint(0, 500000), rnd.random() * 100000,
                rnd.choice(("true", "false")), rnd.choice(NOTES)))
            if len(batch) == 10000:
                out.write("".join(batch))
                batch = []
        out.write("".join(batch))


def run_child(argv, cwd):
    """(wall seconds, CPU seconds, peak RSS MB, stdout) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Read pipes to the end first (a full pipe would stall the child), then reap with wait4.
    stdout, stderr = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}): {' '.join(argv)}\n{stderr.decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout.decode()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--workdir", default=os.path.join(ROOT, "bench", "out", "validation"))
    ap.add_argument("--only", choices=("gate", "frictionless"), help="run one side only")
    ap.add_argument("--repeat", type=int, default=1, help="run each side N times, alternating")
    ap.add_argument("--python", default=sys.executable, help="the venv's python (frictionless CLI next to it)")
    args = ap.parse_args()

    os.makedirs(args.workdir, exist_ok=True)
    name = f"ridership-{args.rows}.csv"
    path = os.path.join(args.workdir, name)
    schema_path = os.path.join(args.workdir, "schema.json")
    with open(schema_path, "w", encoding="utf-8") as f:
        json.dump(SCHEMA, f, ensure_ascii=False)
    if not os.path.exists(path):
        t0 = time.perf_counter()
        make_csv(path + ".tmp", args.rows)
        os.replace(path + ".tmp", path)
        print(f"wrote {path} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    size_mb = os.path.getsize(path) / 1024 ** 2

    results = []
    sides = ([args.only] if args.only else ["gate", "frictionless"]) * args.repeat
    for side in sides:
        if side == "gate":
            code = GATE % {"pkg": PKG, "path": path, "schema": schema_path}
            argv = [args.python, "-c", code]
        else:
            cli = os.path.join(os.path.dirname(args.python), "frictionless")
            # Relative paths: frictionless refuses absolute ones as "not safe".
            argv = [cli, "validate", "--schema", "schema.json", "--json", name]
        wall, cpu, rss, out = run_child(argv, args.workdir)
        if side == "gate":
            detail = json.loads(out.strip().splitlines()[-1])
        else:
            report = json.loads(out)
            task = report["tasks"][0]
            detail = {"status": "valid" if report["valid"] else "invalid",
                      "checked": task.get("stats", {}).get("rows"),
                      "errors": task.get("stats", {}).get("errors")}
        row = {"side": side, "rows": args.rows, "mb": round(size_mb, 1), "seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
               "peak_rss_mb": round(rss, 1), **detail}
        results.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)

    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}\n")
    print("| run | file | rows | wall s | CPU s | peak RSS (MB) | result |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['side']} | {r['mb']} MB | {r['rows']:,} | {r['seconds']} | {r['cpu_seconds']} | {r['peak_rss_mb']} | "
              f"{r['status']}, {r['checked']:,} rows checked, {r['errors']} errors |")
    gates = [r for r in results if r["side"] == "gate"]
    plains = [r for r in results if r["side"] == "frictionless"]
    if gates and plains:
        best = lambda rs, k: min(r[k] for r in rs)  # noqa: E731 - least disturbed run
        print(f"\ngate / frictionless (best of {len(gates)}): CPU {best(gates, 'cpu_seconds') / best(plains, 'cpu_seconds'):.2f}x, "
              f"wall {best(gates, 'seconds') / best(plains, 'seconds'):.2f}x, "
              f"peak RSS {best(gates, 'peak_rss_mb') / best(plains, 'peak_rss_mb'):.2f}x")


if __name__ == "__main__":
    main()
