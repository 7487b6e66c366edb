"""Home page and dashboard latency, anonymous, 1 and C concurrent clients (issue 17).

    source $GOVOPEN_STATE/env
    $CKAN_VENV/bin/python bench/dashboard/latency.py --requests 40 --clients 1 10 [--org bench-dept-007]

For each page (the home page in zh and en, the dashboard overview page, its
CSV, one department's page, and the figures action for all and for one
department) and each client count: N requests (split over the clients, each
client its own session, no login), then median and p95 of the wall time of a
request, requests/s, failures, and the CPU seconds the web server's processes
spent per request (from /proc: the wall time is distorted when other stacks
share the cores). One untimed request of each page first (warm-up). Prints
``uptime`` before and after. Only 127.0.0.1 (CKAN_URL).
"""
import argparse
import os
import statistics
import subprocess
import threading
import time

import requests


def pages(org):
    return [
        ("home zh /", "/"),
        ("home en /en/", "/en/"),
        ("dashboard page /dashboard/open-data", "/dashboard/open-data"),
        ("dashboard CSV /dashboard/open-data.csv", "/dashboard/open-data.csv"),
        ("department page", f"/organization/{org}/open-data"),
        ("API figures, all", "/api/3/action/govopen_open_data_figures"),
        ("API figures, one department", f"/api/3/action/govopen_open_data_figures?id={org}"),
    ]


def web_cpu_seconds():
    """utime + stime of the web server (gunicorn master and workers), from its PID file."""
    state = os.environ.get("GOVOPEN_STATE")
    try:
        master = int(open(os.path.join(state, "run", "ckan-web.pid")).read().split()[0])
    except (OSError, ValueError, TypeError):
        return None
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ppid, pgid = int(fields[1]), int(fields[2])
        if int(pid) == master or ppid == master or pgid == master:
            total += int(fields[11]) + int(fields[12])
    return total / tick


def run(url, path, n, clients, timeout):
    latencies, failures = [], []
    lock = threading.Lock()
    todo = iter(range(n))

    def client():
        session = requests.Session()
        while True:
            with lock:
                if next(todo, None) is None:
                    return
            t0 = time.monotonic()
            try:
                r = session.get(url + path, timeout=timeout)
                ok = r.status_code == 200
            except requests.RequestException:
                ok = False
            with lock:
                (latencies if ok else failures).append(time.monotonic() - t0)

    cpu0, started = web_cpu_seconds(), time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    cpu1 = web_cpu_seconds()
    latencies.sort()
    p95 = latencies[max(0, int(round(0.95 * len(latencies))) - 1)] if latencies else float("nan")
    cpu = (cpu1 - cpu0) / n if cpu0 is not None and cpu1 is not None else float("nan")
    return {"n": len(latencies), "failed": len(failures), "rps": len(latencies) / wall,
            "p50": 1000 * statistics.median(latencies) if latencies else float("nan"),
            "p95": 1000 * p95, "cpu_ms": 1000 * cpu,
            "failed_after": statistics.median(failures) if failures else None}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=os.environ.get("CKAN_URL", "http://127.0.0.1:5000"))
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--org", default="bench-dept-007")
    ap.add_argument("--only", nargs="*", help="page labels containing any of these words")
    ap.add_argument("--timeout", type=float, default=130)
    ap.add_argument("--label", default="")
    ap.add_argument("--no-warmup", action="store_true", help="no untimed first request")
    args = ap.parse_args()
    print("== %s  uptime before: %s" % (args.label, subprocess.run(["uptime"], capture_output=True,
                                                                  text=True).stdout.strip()), flush=True)
    selected = [(label, path) for label, path in pages(args.org)
                if not args.only or any(w in label for w in args.only)]
    for label, path in selected if not args.no_warmup else ():
        requests.get(args.url + path, timeout=args.timeout)   # warm-up, not counted
    print("| page | clients | requests | failed | req/s | p50 ms | p95 ms | web CPU ms/request |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, path in selected:
        for clients in args.clients:
            r = run(args.url, path, args.requests, clients, args.timeout)
            print("| %s | %d | %d | %d | %.1f | %.0f | %.0f | %.0f |%s" % (
                label, clients, r["n"], r["failed"], r["rps"], r["p50"], r["p95"], r["cpu_ms"],
                " failed after %.0f s" % r["failed_after"] if r["failed"] else ""), flush=True)
    print("== uptime after: %s" % subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
