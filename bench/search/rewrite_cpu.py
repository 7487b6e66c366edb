#!/usr/bin/env python3
"""CPU time of search_text.rewrite_params per query, for the working tree and other revisions.

    $GOVOPEN_STATE/venv/bin/python bench/search/rewrite_cpu.py [--own-lists] [REV ...]

Each revision's ``search_text.py`` (``git show REV:...``; the working tree's when
none) is loaded in a fresh process and given the same lists (this tree's
``config/search/``; with ``--own-lists`` each revision's own), the 42 queries of ``queries.yaml`` and five English ones:
the first English query's and then the first Chinese query's CPU time (a
process parses its lists once), then the mean over 20 rounds. Run the
revisions alternately and more than once: the figures move by ~20 % run to run.
"""
from __future__ import annotations

import gc
import importlib.util
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import yaml

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
MODULE = "ckanext-govopen/ckanext/govopen/search_text.py"
ENGLISH = ["veterinary drugs", "chattel mortgage", "bus routes", "elderly care", "wastewater monitoring"]


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024


def measure(path: str, lists: pathlib.Path) -> str:
    before = rss_mb()
    spec = importlib.util.spec_from_file_location("search_text_bench", path)
    st = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(st)
    queries = [q["q"] for q in yaml.safe_load((HERE / "queries.yaml").read_text(encoding="utf-8"))] + ENGLISH
    t = time.process_time()
    st.rewrite("hydrology", lists)
    cold_en = time.process_time() - t
    t = time.process_time()
    st.rewrite("医元 公交", lists)
    cold_zh = time.process_time() - t
    for q in queries:
        st.rewrite_params(q, lists)
    t = time.process_time()
    for _ in range(20):
        for q in queries:
            st.rewrite_params(q, lists)
    per = (time.process_time() - t) * 1000 / (20 * len(queries))
    gc.collect()
    return ("%.3f ms a query (%d queries x 20, CPU); first English query %.2f s, then first Chinese %.2f s; "
            "RSS +%.0f MB" % (per, len(queries), cold_en, cold_zh, rss_mb() - before))


def main(argv: list) -> None:
    if len(argv) == 4 and argv[1] == "--one":
        print(measure(argv[2], pathlib.Path(argv[3])))
        return
    own = "--own-lists" in argv
    for rev in [a for a in argv[1:] if a != "--own-lists"] or ["WORKTREE"]:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "a", "b", "c", "search_text.py")    # SEARCH_DIR: parents[3]
            os.makedirs(os.path.dirname(path))
            source = (REPO / MODULE).read_bytes() if rev == "WORKTREE" else \
                subprocess.run(["git", "-C", str(REPO), "show", "%s:%s" % (rev, MODULE)],
                               check=True, capture_output=True).stdout
            with open(path, "wb") as f:
                f.write(source)
            lists = REPO / "config" / "search"
            if own and rev != "WORKTREE":       # the revision's own lists, not this tree's
                archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "config/search"],
                                         check=True, capture_output=True).stdout
                subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
                lists = pathlib.Path(tmp) / "config" / "search"
            out = subprocess.run([sys.executable, __file__, "--one", path, str(lists)], check=True,
                                 capture_output=True, text=True).stdout.strip()
            print("%s: %s" % (rev, out))


if __name__ == "__main__":
    main(sys.argv)
