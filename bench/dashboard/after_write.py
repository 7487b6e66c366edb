"""The first dashboard request after a dataset is edited (issue 17, at 100k datasets).

    source $GOVOPEN_STATE/env
    $CKAN_VENV/bin/python bench/dashboard/after_write.py --rounds 5 [--dataset bench-template-late] [--other bench-dept-042]

Each round, for each of three pages (the overview page ``/dashboard/open-data``,
the edited department's page, another department's page): one dataset (``--dataset``) is
edited through the Action API as the sysadmin
(``package_patch`` of ``notes``, CKAN_API_TOKEN), then that page is requested
once, anonymously, and timed (the FIRST request after the write), then once
more (the cached one). Every page is requested once before the rounds (so
each is cached before the first write). Median, min and max over the rounds,
and the web server's CPU per first request (utime+stime from /proc, as
``latency.py``). Prints ``uptime`` before and after. Only 127.0.0.1 (CKAN_URL).
"""
import argparse
import os
import statistics
import subprocess
import time

import requests

from latency import web_cpu_seconds


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=os.environ.get("CKAN_URL", "http://127.0.0.1:5000"))
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--dataset", default="bench-template-late",
                    help="the dataset edited (a bulk copy shares its template's resource code: give it its own first)")
    ap.add_argument("--other", default="bench-dept-042")
    ap.add_argument("--label", default="")
    ap.add_argument("--timeout", type=float, default=130)
    args = ap.parse_args()
    token = os.environ["CKAN_API_TOKEN"]
    api = args.url + "/api/3/action/"
    shown = requests.get(api + "package_show", headers={"Authorization": token}, timeout=60,
                         params={"id": args.dataset}).json()["result"]
    target, edited = shown["id"], shown["organization"]["name"]
    pages = [("overview page /dashboard/open-data", "/dashboard/open-data"),
             ("edited department's page", "/organization/%s/open-data" % edited),
             ("another department's page", "/organization/%s/open-data" % args.other)]
    print("== %s  uptime before: %s" % (args.label, uptime()), flush=True)
    print("edited dataset: %s (%s); other department: %s" % (shown["name"], edited, args.other), flush=True)
    for _, path in pages:
        requests.get(args.url + path, timeout=args.timeout).raise_for_status()
    first = {label: [] for label, _ in pages}
    again = {label: [] for label, _ in pages}
    cpu = {label: [] for label, _ in pages}
    session = requests.Session()
    for i in range(args.rounds):
        for label, path in pages:
            requests.post(api + "package_patch", headers={"Authorization": token}, timeout=60,
                          json={"id": target, "notes": "after_write.py round %d %s %f" % (i, path, time.time())}
                          ).raise_for_status()
            cpu0, t0 = web_cpu_seconds(), time.monotonic()
            session.get(args.url + path, timeout=args.timeout).raise_for_status()
            first[label].append(1000 * (time.monotonic() - t0))
            cpu1 = web_cpu_seconds()
            cpu[label].append(1000 * (cpu1 - cpu0) if cpu0 is not None and cpu1 is not None else float("nan"))
            t0 = time.monotonic()
            session.get(args.url + path, timeout=args.timeout).raise_for_status()
            again[label].append(1000 * (time.monotonic() - t0))
        print("  round %d done: %s" % (i + 1, ", ".join("%.0f" % first[label][-1] for label, _ in pages)),
              flush=True)
    print("| page (right after one dataset edited) | rounds | first request p50 ms | min | max "
          "| web CPU ms (p50) | next request p50 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, _ in pages:
        print("| %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f |" % (
            label, args.rounds, statistics.median(first[label]), min(first[label]), max(first[label]),
            statistics.median(cpu[label]), statistics.median(again[label])))
    print("== uptime after: %s" % uptime())


if __name__ == "__main__":
    main()
