"""How long the security-markings scan takes over a real English catalog.

    $GOVOPEN_STATE/venv/bin/python bench/harvest/markings.py

Scans every title and description of the CDC data.json (datasets and their
distributions, about 1.9 million characters) with ``scan_markings`` and
prints the time, the number of markings and a digest of all of them: run it
at two commits to compare the speed and check the matches are the same. No
reference tool exists for this scan; the comparison is with our own earlier
version (``git stash``/``git worktree`` at an older commit).
"""
import hashlib
import json
import os
import time

from ckanext.govopen.scan import markings

HERE = os.path.dirname(os.path.abspath(__file__))
CDC = os.path.join(HERE, "..", "..", "..", "shared", "realdata", "dcat-us", "agency-data-json", "cdc.data.json")


def texts():
    with open(CDC, encoding="utf-8") as f:
        doc = json.load(f)
    out = []
    for ds in doc["dataset"]:
        out += [ds.get("title", ""), ds.get("description", "")]
        out += [d.get("title") or "" for d in ds.get("distribution", [])]
    return out


def main():
    all_texts = texts()
    if hasattr(markings, "_scan"):
        markings._scan.cache_clear()      # a cold cache: every text scanned once
    started = time.perf_counter()
    found = [markings.scan_markings(t) for t in all_texts]
    seconds = time.perf_counter() - started
    digest = hashlib.md5(repr([[m.as_dict() for m in ms] for ms in found]).encode()).hexdigest()
    print(json.dumps({"texts": len(all_texts), "characters": sum(map(len, all_texts)),
                      "seconds": round(seconds, 3), "markings": sum(map(len, found)), "digest": digest}))


if __name__ == "__main__":
    main()
