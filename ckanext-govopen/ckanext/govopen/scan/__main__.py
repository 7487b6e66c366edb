"""Command line: ``python -m ckanext.govopen.scan FILE [FILE ...]``.

Prints the JSON report of each file (masked examples only) and, on a
terminal, a progress bar on stderr. ``--kanon COL,COL --k 5`` runs the
k-anonymity check instead; ``--markings TEXT`` scans a text for security
markings. Exit status 0: nothing found, 1: personal information / markings
found or k-anonymity violated, 2: a file could not be scanned completely.
"""
import argparse
import json
import sys

from . import ScanOptions, k_anonymity_file, scan_file, scan_markings


def _bar(path):
    def progress(n, total):
        if total:
            pct = min(100, n * 100 // total)
            sys.stderr.write("\r%-40s [%-30s] %3d%%" % (path[-40:], "#" * (pct * 30 // 100), pct))
            sys.stderr.flush()
    return progress


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m ckanext.govopen.scan", description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--format", help="CSV, TSV, XLSX, XLS, JSON (default: detect)")
    ap.add_argument("--encoding")
    ap.add_argument("--max-rows", type=int)
    ap.add_argument("--kanon", help="comma-separated quasi-identifier columns")
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--markings", help="scan this text for security markings")
    ap.add_argument("--lang", default="en", help="language of messages on stderr (zh or en)")
    a = ap.parse_args(argv)
    status = 0
    if a.markings is not None:
        found = [m.as_dict() for m in scan_markings(a.markings)]
        print(json.dumps(found, ensure_ascii=False, indent=2))
        status = 1 if found else 0
    for path in a.files:
        opts = ScanOptions(encoding=a.encoding, max_rows=a.max_rows,
                           progress=_bar(path) if sys.stderr.isatty() else None)
        if a.kanon:
            res = k_anonymity_file(path, [c.strip() for c in a.kanon.split(",")], a.k, a.format, opts)
            out, bad, hit = res.to_dict(), not res.complete, not res.satisfied
            msgs = res.messages
        else:
            rep = scan_file(path, a.format, opts)
            out, bad, hit = rep.to_dict(), not rep.complete, rep.has_pii
            msgs = rep.messages
        if opts.progress:
            sys.stderr.write("\n")
        for m in msgs:
            sys.stderr.write("%s: %s\n" % (m["level"], m["zh" if a.lang.startswith("zh") else "en"]))
        print(json.dumps(out, ensure_ascii=False, indent=2))
        status = max(status, 2 if bad else 1 if hit else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
