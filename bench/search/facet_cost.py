#!/usr/bin/env python3
"""What the search page's facets cost Solr, by facet method, on the project and stock cores.

    facet_cost.py --solr http://127.0.0.1:8983/solr [--requests 20] [--rounds 3]

The page asks for ten facets (FACETS) over every dataset a query finds: all of them
when browsing. For each core, the QTime of that request over all public datasets
(q=*:*, rows=0, the site's filters as CKAN sends them), averaged over ``--requests``
requests, each with an fq of its own (a term no dataset has) so that Solr's query
result cache does not answer it; three ways:

- ``ckan``: the project core as configured (solr/configset/ckan/conf/solrconfig.xml:
  the short value lists counted value by value, facet.method=enum);
- ``ckan fc``: the same core with every field forced to Solr's default method (fc);
- ``ckan_stock``: the stock core (Solr's defaults).

It also checks that the project core's counts equal those of fc forced (exit 1 if
not). Standard library only; run it against a stack with many datasets (the lat
stack of bench/search/latency.py load: 100,000). Alternates the three ``--rounds`` times.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import urllib.parse
import urllib.request

FACETS = ["organization", "groups", "tags", "res_format", "license_id", "validation_status",
          "effective_open_type", "theme", "update_frequency", "spatial_code"]
BASE_FQ = ["+state:active", "+dataset_type:dataset", '+permission_labels:("public")']


def select(solr, core, params):
    data = urllib.parse.urlencode(params, doseq=True).encode()
    with urllib.request.urlopen("%s/%s/select" % (solr, core), data=data, timeout=120) as resp:
        return json.load(resp)


def params(n, force_fc=False):
    out = [("q", "*:*"), ("rows", 0), ("wt", "json"), ("facet", "true"), ("facet.mincount", 1),
           ("facet.limit", 50), ("fq", "-name:facet-cost-%d" % n)] + [("fq", f) for f in BASE_FQ]
    out += [("facet.field", f) for f in FACETS]
    if force_fc:
        out += [("f.%s.facet.method" % f, "fc") for f in FACETS]
    return out


def qtime(solr, core, requests, force_fc=False, start=0):
    times = [select(solr, core, params(start + n, force_fc))["responseHeader"]["QTime"] for n in range(requests)]
    return statistics.fmean(times)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--solr", required=True)
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    found = select(args.solr, "ckan", [("q", "*:*"), ("rows", 0), ("wt", "json")])["response"]["numFound"]
    counts = select(args.solr, "ckan", params(-1))["facet_counts"]["facet_fields"]
    same = counts == select(args.solr, "ckan", params(-2, True))["facet_counts"]["facet_fields"]
    print("ckan core: %d documents; its facet counts equal fc's: %s" % (found, same))
    rows = []
    for r in range(args.rounds):
        n = (r + 1) * 10 * args.requests
        row = (qtime(args.solr, "ckan", args.requests, start=n),
               qtime(args.solr, "ckan", args.requests, True, start=n + args.requests),
               qtime(args.solr, "ckan_stock", args.requests, start=n + 2 * args.requests))
        rows.append(row)
        print("round %d: ckan %.1f ms  ckan fc %.1f ms  ckan_stock %.1f ms  (mean QTime of %d requests, ten facets)"
              % ((r + 1,) + row + (args.requests,)), flush=True)
    med = [statistics.median(c) for c in zip(*rows)]
    print("median of rounds: ckan %.1f ms, ckan fc %.1f ms, ckan_stock %.1f ms" % tuple(med))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
