"""package_search through the web server under C concurrent clients (issue 18).

    python bench/web/search_clients.py URL [--clients 10] [--seconds 30]

Each client thread loops GET URL/api/3/action/package_search?q=...&rows=10
(queries cycle over a few words) for SECONDS; prints requests/s, p50, p95 and
the number of failed requests. Only ever talks to URL (use 127.0.0.1).
"""
import argparse
import statistics
import threading
import time

import requests

QUERIES = ["*:*", "data", "交通", "transport", "年度", "budget"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=30)
    args = ap.parse_args()
    latencies, failures = [], []
    end = time.monotonic() + args.seconds

    def client(n):
        session = requests.Session()
        i = n
        while time.monotonic() < end:
            q = QUERIES[i % len(QUERIES)]
            i += 1
            t0 = time.monotonic()
            try:
                r = session.get(args.url + "/api/3/action/package_search", params={"q": q, "rows": 10}, timeout=60)
                ok = r.status_code == 200 and r.json()["success"]
            except (requests.RequestException, ValueError):
                ok = False
            (latencies if ok else failures).append(time.monotonic() - t0)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    print("%s clients=%d seconds=%.1f requests=%d failed=%d rps=%.1f p50=%.0fms p95=%.0fms" % (
        args.url, args.clients, wall, len(latencies), len(failures), len(latencies) / wall,
        1000 * statistics.median(latencies) if latencies else float("nan"), 1000 * p95))


if __name__ == "__main__":
    main()
