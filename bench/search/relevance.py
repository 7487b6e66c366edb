#!/usr/bin/env python3
"""Relevance of package_search: the project's Solr schema vs stock CKAN's.

Runs every query of ``queries.yaml`` through CKAN's Action API
(``package_search``, same parameters) against two CKAN sites that share one
database and differ only in ``solr_url``: the ``ckan`` core (project schema)
and the ``ckan_stock`` core (CKAN 2.12's schema). Reports recall@10 and
nDCG@10 (binary relevance) per query and on average, as Markdown.

    python3 bench/search/relevance.py --project http://127.0.0.1:16000 \
        --stock http://127.0.0.1:16001 --token "$CKAN_API_TOKEN" [--json out.json]

The token must see private datasets (portal imports are created private);
both sites are queried with ``include_private=true``. Only the standard
library is used, so any python3 runs it.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
K = 10


def load_queries(path):
    """The list of queries (PyYAML: run with the CKAN venv python)."""
    try:
        import yaml
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except ImportError:
        sys.exit("relevance.py needs PyYAML (run it with the CKAN venv's python)")


def action(base, name, token, **params):
    url = "%s/api/3/action/%s?%s" % (base.rstrip("/"), name, urllib.parse.urlencode(params))
    req = urllib.request.Request(url, headers={"Authorization": token} if token else {})
    with urllib.request.urlopen(req, timeout=60) as resp:
        body = json.load(resp)
    if not body.get("success"):
        raise RuntimeError("%s failed: %s" % (name, body.get("error")))
    return body["result"]


def dataset_name(code):
    """portal_import.dataset_name, repeated here so the bench needs no CKAN import."""
    import re
    return re.sub(r"[^a-z0-9_-]", "-", code.lower())


def catalog_names(base, token):
    names, start = set(), 0
    while True:
        page = action(base, "package_search", token, q="*:*", rows=1000, start=start,
                      fl="name", include_private="true")
        names.update(d["name"] for d in page["results"])
        start += 1000
        if start >= page["count"]:
            return names


def search(base, token, q):
    page = action(base, "package_search", token, q=q, rows=K, fl="name", include_private="true")
    return [d["name"] for d in page["results"]], page["count"]


def recall_at_k(ranked, relevant):
    if not relevant:
        return None
    return len(set(ranked[:K]) & relevant) / min(len(relevant), K)


def ndcg_at_k(ranked, relevant):
    if not relevant:
        return None
    dcg = sum(1 / math.log2(i + 2) for i, n in enumerate(ranked[:K]) if n in relevant)
    idcg = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), K)))
    return dcg / idcg


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else float("nan")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--project", required=True, help="CKAN site on the project core (ckan)")
    ap.add_argument("--stock", required=True, help="CKAN site on the stock core (ckan_stock)")
    ap.add_argument("--token", default=os.environ.get("CKAN_API_TOKEN"))
    ap.add_argument("--queries", default=os.path.join(HERE, "queries.yaml"))
    ap.add_argument("--json", help="also write the per-query results here")
    args = ap.parse_args(argv)

    queries = load_queries(args.queries)
    present = catalog_names(args.project, args.token)
    stock_present = catalog_names(args.stock, args.token)
    if present != stock_present:
        sys.exit("the two cores do not hold the same datasets (%d vs %d): rebuild the stock index first"
                 % (len(present), len(stock_present)))
    rows, missing = [], 0
    for entry in queries:
        wanted = {dataset_name(e["code"]) for e in entry["expected"]}
        relevant = wanted & present
        missing += len(wanted - present)
        row = {"q": entry["q"], "lang": entry["lang"], "relevant": len(relevant)}
        for label, base in (("project", args.project), ("stock", args.stock)):
            ranked, count = search(base, args.token, entry["q"])
            row[label] = {"hits": count, "top": ranked,
                          "recall": recall_at_k(ranked, relevant), "ndcg": ndcg_at_k(ranked, relevant)}
        rows.append(row)

    judged = [r for r in rows if r["relevant"]]
    print("corpus: %d datasets (both cores); %d queries judged, %d expected datasets not in the catalog\n"
          % (len(present), len(judged), missing))
    print("| query | lang | relevant | project hits | project R@10 | project nDCG@10 | stock hits | stock R@10 | stock nDCG@10 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in judged:
        p, s = r["project"], r["stock"]
        print("| %s | %s | %d | %d | %.2f | %.2f | %d | %.2f | %.2f |" % (
            r["q"], r["lang"], r["relevant"], p["hits"], p["recall"], p["ndcg"], s["hits"], s["recall"], s["ndcg"]))
    for lang in ("zh", "en", None):
        subset = [r for r in judged if lang is None or r["lang"] == lang]
        if not subset:
            continue
        print("| **mean %s** (%d) | | | | **%.3f** | **%.3f** | | **%.3f** | **%.3f** |" % (
            lang or "all", len(subset),
            mean(r["project"]["recall"] for r in subset), mean(r["project"]["ndcg"] for r in subset),
            mean(r["stock"]["recall"] for r in subset), mean(r["stock"]["ndcg"] for r in subset)))
    worse = [r["q"] for r in judged if r["project"]["ndcg"] < r["stock"]["ndcg"]]
    print("\nqueries where the project schema scores lower nDCG@10 than stock: %s" % (", ".join(worse) or "none"))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rows, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
