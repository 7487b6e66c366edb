#!/usr/bin/env python3
"""CPU time of search_text.rewrite_params per query, for the working tree and other revisions.

    $GOVOPEN_STATE/venv/bin/python bench/search/rewrite_cpu.py [REV ...]

Each revision's ``search_text.py`` (``git show REV:...``; the working tree's when
none) is loaded in a fresh process and given the same lists (this tree's
``config/search/``), the 42 queries of ``queries.yaml`` and five English ones:
the first English query's and then the first Chinese query's CPU time (a
process parses its lists once), then the mean over 20 rounds. Run the
revisions alternately and more than once: the figures move by ~20 % run to run.
"""
from __future__ import annotations

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


def measure(path: str) -> str:
    spec = importlib.util.spec_from_file_location("search_text_bench", path)
    st = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(st)
    lists = REPO / "config" / "search"
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
    return "%.3f ms a query (%d queries x 20, CPU); first English query %.2f s, then first Chinese %.2f s" % (
        per, len(queries), cold_en, cold_zh)


def main(argv: list) -> None:
    if len(argv) == 3 and argv[1] == "--one":
        print(measure(argv[2]))
        return
    for rev in argv[1:] or ["WORKTREE"]:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "a", "b", "c", "search_text.py")    # SEARCH_DIR: parents[3]
            os.makedirs(os.path.dirname(path))
            source = (REPO / MODULE).read_bytes() if rev == "WORKTREE" else \
                subprocess.run(["git", "-C", str(REPO), "show", "%s:%s" % (rev, MODULE)],
                               check=True, capture_output=True).stdout
            with open(path, "wb") as f:
                f.write(source)
            out = subprocess.run([sys.executable, __file__, "--one", path], check=True,
                                 capture_output=True, text=True).stdout.strip()
            print("%s: %s" % (rev, out))


if __name__ == "__main__":
    main(sys.argv)
