#!/usr/bin/env python3
"""What the English dictionary (config/search/dictionary_en_zh_*.txt) costs a process
held as search_text does (``_Dictionary``: one text and line offsets) and as a dict
of tuples (how english_table held it until 846518b), each in a fresh process:

    $GOVOPEN_STATE/venv/bin/python bench/search/dictionary_memory.py

Prints the keys, the object's own bytes (compact) and the growth of the process's
resident memory once the table is built (RSS, after a garbage collection).
"""
from __future__ import annotations

import gc
import pathlib
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parents[2]


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024


def measure(form: str) -> None:
    sys.path.insert(0, str(REPO / "ckanext-govopen"))
    from ckanext.govopen import search_text as st
    gc.collect()
    before = rss_mb()
    if form == "compact":
        table = st._Dictionary(st.SEARCH_DIR)
        own = "object %.1f MB (text %.1f, offsets %.1f)" % (
            (sys.getsizeof(table._text) + sys.getsizeof(table._starts)) / 2**20,
            sys.getsizeof(table._text) / 2**20, sys.getsizeof(table._starts) / 2**20)
    else:
        table = {}
        for name in st.DICTIONARY_FILES:
            for key, terms in st._glossary_lines(st._lines(st.SEARCH_DIR / name)).items():
                table[key] = st._Secondary(terms)
        own = ""
    gc.collect()
    print("%-7s %d keys: RSS +%.1f MB %s" % (form, len(table), rss_mb() - before, own))


if __name__ == "__main__":
    if len(sys.argv) > 1:
        measure(sys.argv[1])
    else:
        for form in ("compact", "dict"):
            subprocess.run([sys.executable, __file__, form], check=True)
