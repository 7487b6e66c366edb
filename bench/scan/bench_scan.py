#!/usr/bin/env python3
"""Throughput and peak memory of the PII scanner, side by side with a reference scanner.

    python bench/scan/bench_scan.py --size-mb 50
    python bench/scan/bench_scan.py --size-mb 1024 --ref-max-mb 100   # the 1 GB run

1. Writes a UTF-8 CSV of ``--size-mb`` MB (a personnel-register-like table:
   names, resident IDs, mobiles, addresses, bank cards, e-mails, amounts,
   dates, remarks; about half the cells hold personal information) under
   ``--workdir`` (default ``bench/out/scan``, git-ignored), unless it exists.
2. Runs ``scan_file`` on it in a child process, and the same file through
   the reference scanner in another child: Microsoft Presidio's pattern
   recognizers used directly, without an NLP engine (no spaCy model can be
   downloaded here): EmailRecognizer, CreditCardRecognizer (Luhn) and two
   PatternRecognizers for mainland resident IDs and mobiles, each cell
   analysed separately and findings counted per column like ours.
   Presidio runs from its own virtualenv (``--ref-python``; created with
   ``pip install presidio-analyzer`` if missing) so that spaCy never enters
   the CKAN environment.
3. Peak RSS of each child comes from ``os.wait4`` (the kernel's ru_maxrss of
   that child alone); wall time is measured around the child. Our scanner is
   also run on a file a tenth the size, to show memory does not grow with
   the input.

``--ref-max-mb`` lets the reference read only the first N MB (its MB/s is
then over that prefix); 0 reads everything.
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
sys.path.insert(0, HERE)

import make_corpus  # noqa: E402

DEFAULT_REF_VENV = "/tmp/govopen-scanref-venv"
PRESIDIO = "presidio-analyzer==2.2.366"

OURS = r"""
import json, sys, time
sys.path.insert(0, %(pkg)r)
from ckanext.govopen.scan import scan_file, ScanOptions
t0 = time.perf_counter()
r = scan_file(sys.argv[1], options=ScanOptions())
dt = time.perf_counter() - t0
print(json.dumps({"seconds": dt, "rows": r.rows, "complete": r.complete,
                  "findings": {"%%s/%%s" %% (f.column, f.entity): f.count for f in r.findings}}))
"""

REFERENCE = r"""
import csv, json, sys, time, logging
logging.disable(logging.CRITICAL)
import tldextract
_offline = tldextract.TLDExtract(suffix_list_urls=())
tldextract.extract = _offline
from presidio_analyzer import PatternRecognizer, Pattern
from presidio_analyzer.predefined_recognizers import EmailRecognizer, CreditCardRecognizer
import presidio_analyzer.predefined_recognizers.generic.email_recognizer as _em
if hasattr(_em, "tldextract"):
    _em.tldextract.extract = _offline
recs = [
    EmailRecognizer(),
    CreditCardRecognizer(),
    PatternRecognizer(supported_entity="CN_RESIDENT_ID", patterns=[Pattern("cn_id",
        r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])", 0.6)]),
    PatternRecognizer(supported_entity="CN_MOBILE", patterns=[Pattern("cn_mobile",
        r"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d{9}(?!\d)", 0.5)]),
]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 0
t0 = time.perf_counter()
counts = {}
nbytes = 0
rows = 0
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    r = csv.reader(f)
    header = next(r)
    for row in r:
        rows += 1
        for i, cell in enumerate(row):
            if not cell:
                continue
            for rec in recs:
                for res in rec.analyze(cell, rec.supported_entities, None):
                    k = "%s/%s" % (header[i], res.entity_type)
                    counts[k] = counts.get(k, 0) + 1
        if limit and rows % 1000 == 0 and f.buffer.tell() >= limit:
            break
    nbytes = f.buffer.tell()
dt = time.perf_counter() - t0
print(json.dumps({"seconds": dt, "rows": rows, "bytes": nbytes, "findings": counts}))
"""


def make_csv(path, size_mb, seed=11):
    """A CSV of about ``size_mb`` MB; values come from seeded pools so generation is fast."""
    g = make_corpus.Gen(seed)
    r = random.Random(seed)
    pool = 5000
    ids = [g.resident_id().replace(" ", "") for _ in range(pool)]
    mobiles = [g.mobile() for _ in range(pool)]
    cards = [g.bank_card() for _ in range(pool)]
    emails = [g.email() for _ in range(pool)]
    names = [make_corpus.SURNAMES[i % len(make_corpus.SURNAMES)] + make_corpus.GIVEN[i % len(make_corpus.GIVEN)]
             + make_corpus.GIVEN[(i * 7) % len(make_corpus.GIVEN)] for i in range(pool)]
    noise = [g.noise()[1] for _ in range(pool)]
    addrs = ["%s%s路%d号%d室" % (r.choice(["北京市朝阳区", "上海市浦东新区", "贵阳市云岩区", "杭州市西湖区"]),
                             r.choice(["建国", "人民", "解放", "中山", "延安"]), r.randint(1, 999), r.randint(101, 2505))
             for _ in range(pool)]
    target = int(size_mb * 1024 * 1024)
    tmp = path + ".part"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write("序号,姓名,身份证号码,手机号码,家庭住址,银行卡号,电子邮箱,金额（元）,登记日期,备注\r\n")
        n = 0
        written = 0
        lines = []
        while written < target:
            n += 1
            remark = r.choice(noise) if r.random() < 0.7 else "联系人%s，电话%s" % (r.choice(names), r.choice(mobiles))
            line = "%d,%s,%s,%s,%s,%s,%s,%d.%02d,2024-%02d-%02d,%s\r\n" % (
                n, r.choice(names), r.choice(ids) if r.random() < 0.9 else "", r.choice(mobiles).replace(",", ""),
                r.choice(addrs), r.choice(cards) if r.random() < 0.5 else "", r.choice(emails) if r.random() < 0.3 else "",
                r.randint(0, 10 ** 6), r.randint(0, 99), r.randint(1, 12), r.randint(1, 28), remark)
            lines.append(line)
            if len(lines) >= 2000:
                chunk = "".join(lines)
                f.write(chunk)
                written += len(chunk.encode("utf-8"))
                lines = []
        if lines:
            f.write("".join(lines))
    os.replace(tmp, path)


def run_child(argv):
    """(result dict, wall seconds, peak RSS in MiB) of a child process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if p.returncode:
        raise RuntimeError("child failed (%d): %s" % (p.returncode, err.decode("utf-8", "replace")[-2000:]))
    return json.loads(out.decode().strip().splitlines()[-1]), wall, ru.ru_maxrss / 1024.0


def ensure_ref(python):
    if os.path.exists(python):
        return python
    venv = os.path.dirname(os.path.dirname(python))
    subprocess.check_call([sys.executable, "-m", "venv", venv])
    subprocess.check_call([os.path.join(venv, "bin", "pip"), "install", "-q", PRESIDIO])
    return python


def main(argv=None):
    ap = argparse.ArgumentParser(description="PII scanner throughput and memory vs Presidio pattern recognizers")
    ap.add_argument("--size-mb", type=float, default=50)
    ap.add_argument("--workdir", default=os.path.join(ROOT, "bench", "out", "scan"))
    ap.add_argument("--ref-python", default=os.path.join(DEFAULT_REF_VENV, "bin", "python"))
    ap.add_argument("--ref-max-mb", type=float, default=0, help="reference reads only this many MB (0: all)")
    ap.add_argument("--no-ref", action="store_true")
    ap.add_argument("--json", help="also write the numbers here")
    a = ap.parse_args(argv)
    os.makedirs(a.workdir, exist_ok=True)
    big = os.path.join(a.workdir, "pii_%gmb.csv" % a.size_mb)
    small = os.path.join(a.workdir, "pii_%gmb.csv" % (a.size_mb / 10))
    for path, mb in ((big, a.size_mb), (small, a.size_mb / 10)):
        if not os.path.exists(path):
            t0 = time.perf_counter()
            make_csv(path, mb)
            print("generated %s (%.1f MB) in %.1fs" % (path, os.path.getsize(path) / 1e6, time.perf_counter() - t0))
    ours_src = OURS % {"pkg": os.path.join(ROOT, "ckanext-govopen")}
    results = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform()}, "runs": []}

    def report(label, path, res, wall, rss, nbytes=None):
        nbytes = nbytes or os.path.getsize(path)
        mbps = nbytes / 1e6 / res["seconds"]
        row = {"scanner": label, "file": os.path.basename(path), "bytes": nbytes, "rows": res["rows"],
               "scan_seconds": round(res["seconds"], 2), "wall_seconds": round(wall, 2),
               "mb_per_s": round(mbps, 2), "peak_rss_mib": round(rss, 1)}
        results["runs"].append(row)
        print("%-28s %-16s %9.1f MB %9d rows %8.2f s %8.2f MB/s %8.1f MiB peak RSS" % (
            label, row["file"], nbytes / 1e6, res["rows"], res["seconds"], mbps, rss))
        return row

    for path in (small, big):
        res, wall, rss = run_child([sys.executable, "-c", ours_src, path])
        ours = report("govopen.scan", path, res, wall, rss)
    if not a.no_ref:
        py = ensure_ref(a.ref_python)
        limit = int(a.ref_max_mb * 1024 * 1024)
        res, wall, rss = run_child([py, "-c", REFERENCE, big, str(limit)])
        ref = report("presidio %s (patterns)" % PRESIDIO.split("==")[1], big, res, wall, rss, res["bytes"])
        ratio = ours["mb_per_s"] / ref["mb_per_s"]
        results["throughput_ratio"] = round(ratio, 2)
        print("throughput ratio govopen.scan / presidio: %.1fx" % ratio)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=2)
    return results


if __name__ == "__main__":
    main()
