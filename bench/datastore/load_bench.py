"""Load time and peak memory: govopen's loader, a bare COPY and ckanext-xloader
on the same file, one after the other in turn (round r starts with the tool
after round r-1's first), each load in a process of its own (``load_one.py``).

    python bench/datastore/load_bench.py --rows 1000000 [--rounds 1] [--tools copy,govopen,xloader]

Tools: ``copy``, ``govopen`` (the content check's load: first phase = the fast COPY,
queryable, measured as the load; second phase = ``_full_text`` for ``q``, measured
apart and printed below the table), ``govopen-rows`` (first phase only),
``govopen-python`` (the one-phase Python path), ``xloader``.

The file ``$GOVOPEN_STATE/bench-data/t<rows>.csv`` is made once by
``make_table.py``. Needs the stack up (``make up``), ``bench/datastore/stock.sh``
run, and ckanext-xloader in ``$GOVOPEN_STATE/xlvenv`` (see README.md).
Prints one JSON line per load, then a table with the ratios to COPY.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
STATE = Path(os.environ.get("GOVOPEN_STATE") or HERE.parents[1] / ".govopen")


def command(tool: str, path: Path) -> list:
    if tool == "xloader":
        return [str(STATE / "xlvenv" / "bin" / "python"), str(HERE / "load_one.py"), tool, str(path),
                str(STATE / "bench-dsstock.ini")]
    return [str(STATE / "venv" / "bin" / "python"), str(HERE / "load_one.py"), tool, str(path),
            str(STATE / "ckan.ini")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--tools", default="copy,govopen,xloader")
    args = ap.parse_args()
    tools = args.tools.split(",")
    data = STATE / "bench-data"
    data.mkdir(parents=True, exist_ok=True)
    path = data / f"t{args.rows}.csv"
    if not path.exists() or not Path(str(path) + ".schema.json").exists():
        subprocess.run([sys.executable, str(HERE / "make_table.py"), str(args.rows), str(path)], check=True)
    print(f"# file {path} ({path.stat().st_size / 1e6:.0f} MB, {args.rows} rows); "
          f"loadavg before: {open('/proc/loadavg').read().split()[:3]}", flush=True)
    results = {t: [] for t in tools}
    for r in range(args.rounds):
        order = tools[r % len(tools):] + tools[:r % len(tools)]
        for tool in order:
            out = subprocess.run(command(tool, path), capture_output=True, text=True)
            line = [x for x in out.stdout.splitlines() if x.startswith("{")]
            if out.returncode or not line:
                print(f"# {tool} failed:\n{out.stderr[-3000:]}", flush=True)
                continue
            res = json.loads(line[-1])
            if res["count"] != args.rows:
                print(f"# {tool}: {res['count']} rows in the table, {args.rows} in the file", flush=True)
            results[tool].append(res)
            print(json.dumps(res), flush=True)
    def med(runs, key):
        vals = [x[key] for x in runs if key in x]
        return statistics.median(vals) if vals else None

    base = {k: med(results.get("copy") or [], k) for k in ("seconds", "cpu_total")}
    print("\n| tool | rows | wall s | x COPY | CPU s (loader + PostgreSQL) | x COPY | RSS before MiB | peak RSS MiB | peak - before |")
    print("|---|---|---|---|---|---|---|---|---|")
    for tool, runs in results.items():
        if not runs:
            continue
        sec, cpu = med(runs, "seconds"), med(runs, "cpu_total")
        peak, before = max(x["peak"] for x in runs), max(x["rss_before"] for x in runs)
        r_sec = f"{sec / base['seconds']:.1f}" if base["seconds"] else "-"
        r_cpu = f"{cpu / base['cpu_total']:.1f}" if cpu and base["cpu_total"] else "-"
        cpu_s = f"{cpu:.1f} ({med(runs, 'cpu_loader'):.1f} + {med(runs, 'cpu_postgres'):.1f})" if cpu else "-"
        print(f"| {tool} | {args.rows} | {sec:.1f} | {r_sec} | {cpu_s} | {r_cpu} | {before} | {peak} | {peak - before} |")
    for tool, runs in results.items():
        second = [x for x in runs if "full_text_seconds" in x]
        if second:
            cpu = med(second, "full_text_cpu_total")
            print(f"\n{tool}, second phase (_full_text, q): wall {med(second, 'full_text_seconds'):.1f} s, "
                  f"CPU {cpu:.1f} s ({med(second, 'full_text_cpu_loader'):.1f} + "
                  f"{med(second, 'full_text_cpu_postgres'):.1f}), peak - before "
                  f"{max(x['full_text_peak'] - x['full_text_rss_before'] for x in second)} MiB; "
                  f"q works {med(second, 'full_text_after_seconds'):.1f} s after the load started")


if __name__ == "__main__":
    main()
