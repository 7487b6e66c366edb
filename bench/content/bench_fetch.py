#!/usr/bin/env python3
"""How often the content checks read a linked file, and what that costs:
the two content jobs of 699b6aa (scan, validation: two downloads) against
the one content pipeline (one download through the outbound guard).

    python bench/content/bench_fetch.py --size-mb 1024

1. Writes a UTF-8 CSV of ``--size-mb`` MB under ``--workdir`` (default
   ``bench/out/content``, git-ignored) unless it exists, and serves it from a
   local HTTP server on 127.0.0.1 (this process), counting the GETs.
2. Runs, each in its own child process (both import CKAN's toolkit first, so
   the baselines are the same):
   - ``before``: what the scan job and the validation job of 699b6aa did
     with a link before their checks: each downloads it (the old
     ``content._download``, read from git), hashes it, and detects its text
     encoding with its own detector (``scan.encoding``, ``validation.encoding``);
   - ``after``: what ``content_job.check_resource`` does before its checks:
     one download through the guard (``content._download``), hashed while
     written, the kind sniffed from the bytes and the encoding detected once
     (``content_job._describe``).
   The checks themselves (the scan, Frictionless) then read the local copy;
   they are the same code before and after, and are not timed here.
3. Peak RSS of each child comes from ``os.wait4`` (that child alone); wall
   time is measured around the child.

Prints a JSON line per run and a Markdown table at the end.
"""
import argparse
import functools
import http.server
import json
import os
import platform
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
BASE = "699b6aa"

BEFORE = r"""
import json, os, sys, time, types
import ckan.plugins.toolkit as tk
old = types.ModuleType("old_content")
exec(compile(%(old_source)r, "content.py@%(base)s", "exec"), old.__dict__)
from ckanext.govopen.scan import encoding as scan_encoding
from ckanext.govopen.validation import encoding as validation_encoding
t0 = time.perf_counter()
out = []
for purpose, detect in (("scan", lambda f: scan_encoding.detect(f)[0]), ("validation", validation_encoding.detect)):
    path, digest = old._download(%(url)r, ".csv", 0, 30, purpose)
    with open(path, "rb") as f:
        out.append((digest[:12], detect(f)))
    os.unlink(path)
print(json.dumps({"reads": out, "inner_seconds": round(time.perf_counter() - t0, 2)}))
"""

AFTER = r"""
import json, os, sys, time
import ckan.plugins.toolkit as tk
tk.config["govopen.outbound.allow"] = %(allow)r
from ckanext.govopen import content, content_job
t0 = time.perf_counter()
path, digest = content._download(%(url)r, ".csv", 0, 30, "content")
item = content_job.Item({"format": "CSV"}, {}, path=path, sha256=digest)
content_job._describe(item, 0)
os.unlink(path)
print(json.dumps({"reads": [(digest[:12], item.encoding, item.kind.kind)],
                  "inner_seconds": round(time.perf_counter() - t0, 2)}))
"""


def make_csv(path, size_mb):
    if os.path.exists(path) and os.path.getsize(path) >= size_mb << 20:
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    header = "编号,日期,区划代码,站点名称,客流量,备注\n".encode("utf-8")
    with open(path, "wb") as f:
        f.write(header)
        n, written = 0, len(header)
        while written < size_mb << 20:
            rows = "".join("%d,2024-04-%02d,110105,朝阳区体育中心,%d,正常运营\n" % (n + i, 1 + i % 28, i * 7)
                           for i in range(10000)).encode("utf-8")
            f.write(rows)
            written += len(rows)
            n += 10000


class Counting(http.server.SimpleHTTPRequestHandler):
    gets = 0

    def do_GET(self):  # noqa: N802
        Counting.gets += 1
        return super().do_GET()

    def log_message(self, *args):
        pass


def run_child(code):
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if status:
        raise SystemExit(err.decode()[-2000:])
    result = json.loads(out.decode().strip().splitlines()[-1])
    result.update(wall_seconds=round(wall, 2), peak_rss_mb=round(usage.ru_maxrss / 1024, 1),
                  cpu_seconds=round(usage.ru_utime + usage.ru_stime, 2))
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--workdir", default=os.path.join(ROOT, "bench", "out", "content"))
    args = ap.parse_args()
    path = os.path.join(args.workdir, "big-%dmb.csv" % args.size_mb)
    make_csv(path, args.size_mb)
    handler = functools.partial(Counting, directory=args.workdir)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d/%s" % (server.server_port, os.path.basename(path))
    old_source = subprocess.run(["git", "show", "%s:ckanext-govopen/ckanext/govopen/content.py" % BASE],
                                cwd=ROOT, capture_output=True, text=True, check=True).stdout
    rows = []
    for side, code in (("before", BEFORE % {"old_source": old_source, "base": BASE, "url": url}),
                       ("after", AFTER % {"allow": "127.0.0.1:%d" % server.server_port, "url": url})):
        gets = Counting.gets
        result = run_child(code)
        result.update(side=side, gets=Counting.gets - gets, bytes=os.path.getsize(path))
        print(json.dumps(result, ensure_ascii=False))
        rows.append(result)
    server.shutdown()
    print("\nmachine: %s, %d CPUs, Python %s" % (platform.platform(), os.cpu_count(), platform.python_version()))
    print("| side | file | downloads | fetch+hash+detect s | child wall s | child CPU s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| %s | %.0f MB | %d | %.1f | %.1f | %.1f | %.0f |" % (
            r["side"], r["bytes"] / 2 ** 20, r["gets"], r["inner_seconds"], r["wall_seconds"],
            r["cpu_seconds"], r["peak_rss_mb"]))


if __name__ == "__main__":
    main()
