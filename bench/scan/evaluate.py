#!/usr/bin/env python3
"""Precision and recall of the scanner's detectors on a labelled corpus.

    python bench/scan/evaluate.py                       # generates the corpus in memory
    python bench/scan/evaluate.py --corpus corpus.csv   # or reads make_corpus.py output

A cell counts per entity: a true positive when the entity is labelled and
found, a false positive when found but not labelled, a false negative when
labelled and not found. Near-miss cells (wrong check digit, impossible
dates, order numbers, Luhn failures ...) carry no label, so anything found
in them is a false positive. Misses and false alarms are listed by the
``kind`` that produced them (generator names, never values).
"""
import argparse
import collections
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "ckanext-govopen"))

from ckanext.govopen.scan import find_entities  # noqa: E402

import make_corpus  # noqa: E402


def evaluate(rows):
    tp, fp, fn = collections.Counter(), collections.Counter(), collections.Counter()
    why_fp, why_fn = collections.Counter(), collections.Counter()
    for _id, text, labels, kind in rows:
        gold = set(filter(None, labels.split("|")))
        found = {m.entity for m in find_entities(text)}
        for e in found & gold:
            tp[e] += 1
        for e in found - gold:
            fp[e] += 1
            why_fp[(e, kind)] += 1
        for e in gold - found:
            fn[e] += 1
            why_fn[(e, kind)] += 1
    table = {}
    for e in make_corpus.ENTITIES:
        p = tp[e] / (tp[e] + fp[e]) if tp[e] + fp[e] else 1.0
        r = tp[e] / (tp[e] + fn[e]) if tp[e] + fn[e] else 1.0
        table[e] = {"tp": tp[e], "fp": fp[e], "fn": fn[e], "precision": p, "recall": r}
    return table, why_fp, why_fn


def main(argv=None):
    ap = argparse.ArgumentParser(description="precision/recall per entity")
    ap.add_argument("--corpus", help="CSV from make_corpus.py (default: generate)")
    ap.add_argument("--per-entity", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args(argv)
    if a.corpus:
        with open(a.corpus, newline="", encoding="utf-8") as f:
            r = csv.reader(f)
            next(r)
            rows = [(int(i), t, lab, k) for i, t, lab, k in r]
    else:
        rows = list(make_corpus.generate(a.per_entity, a.seed))
    table, why_fp, why_fn = evaluate(rows)
    print("cells: %d" % len(rows))
    print("%-14s %7s %6s %6s %10s %8s" % ("entity", "tp", "fp", "fn", "precision", "recall"))
    for e, t in table.items():
        print("%-14s %7d %6d %6d %10.4f %8.4f" % (e, t["tp"], t["fp"], t["fn"], t["precision"], t["recall"]))
    for title, c in (("false positives by generator kind", why_fp), ("false negatives by generator kind", why_fn)):
        if c:
            print(title + ":")
            for (e, k), n in c.most_common(20):
                print("  %-14s %-32s %d" % (e, k, n))
    return table


if __name__ == "__main__":
    main()
