"""What a typo's one-edit clause costs Solr: Lucene's ``title_ngram:word~1`` against
``search_text.near_misses`` (the word less a character, and prefix-anchored
wildcards), each alone and as the whole rewritten query, on a loaded core.

    PYTHONPATH=ckanext-govopen python3 bench/search/typo_clause.py \\
        --solr http://127.0.0.1:$GOVOPEN_SOLR_PORT/solr [--core ckan] [--repeat 5]

Every request carries a filter no other request has (``-id:typo-clause-N``), so
Solr answers none of them from its caches: each is the cost of a query seen for
the first time. Reports Solr's own time (QTime) per word, median of ``--repeat``
runs, and the number of datasets each form finds (the same titles, or more with
the wildcards). Read-only; needs a core with datasets (``latency.py load``).
"""
from __future__ import annotations

import argparse
import itertools
import json
import statistics
import urllib.parse
import urllib.request

from ckanext.govopen import search_query, search_text

#: words of 3+ characters from bench/search/queries.yaml and typos of them
WORDS = ["幼儿园", "图书馆", "养老机构", "停车场", "社保卡", "体育场馆", "医保定点", "食品经营许可",
         "地区生产总值", "公交线露", "幼儿圆", "养老机狗", "library", "hospitel"]
FILTERS = ["+site_id:*", "+state:active", "+capacity:public"]
_unique = itertools.count()


def ask(solr, core, q, def_type="lucene", extra=None):
    params = [("q", q), ("defType", def_type), ("rows", 20), ("fl", "id"), ("wt", "json"),
              ("q.op", "AND")] + [("fq", f) for f in FILTERS + ["-id:typo-clause-%d" % next(_unique)]]
    params += list((extra or {}).items())
    data = urllib.parse.urlencode(params).encode()
    with urllib.request.urlopen("%s/%s/select" % (solr.rstrip("/"), core), data=data, timeout=120) as resp:
        body = json.load(resp)
    return body["responseHeader"]["QTime"], body["response"]["numFound"]


def timed(solr, core, repeat, *args, **kw):
    runs = [ask(solr, core, *args, **kw) for _ in range(repeat)]
    return statistics.median(t for t, _ in runs), runs[-1][1]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--solr", required=True)
    ap.add_argument("--core", default="ckan")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    rows, totals = [], {"fuzzy": [], "near": [], "query_fuzzy": [], "query_near": []}
    for word in WORDS:
        w = word.lower()
        fuzzy = timed(args.solr, args.core, args.repeat, "%s:%s~1" % (search_text.TYPO_FIELD, w))
        near = timed(args.solr, args.core, args.repeat,
                     "%s:(%s)" % (search_text.TYPO_FIELD, " OR ".join(search_text.near_misses(w))))
        params = search_query.query_params({"q": word})
        q_near = params["q"]
        q_fuzzy = q_near.replace(search_text._typo(word), "%s:%s~1^0.1" % (search_text.TYPO_FIELD, w)) \
            if search_text._typo(word) else q_near
        extra = {k: v for k, v in params.items() if k not in ("q", "defType")}
        query_fuzzy = timed(args.solr, args.core, args.repeat, q_fuzzy, "edismax", extra)
        query_near = timed(args.solr, args.core, args.repeat, q_near, "edismax", extra)
        rows.append((word, fuzzy, near, query_fuzzy, query_near))
        for key, value in zip(totals, (fuzzy, near, query_fuzzy, query_near)):
            totals[key].append(value[0])
    print("| word | ~1 ms (found) | near misses ms (found) | query with ~1 ms | query with near misses ms |")
    print("|---|---|---|---|---|")
    for word, fuzzy, near, qf, qn in rows:
        print("| %s | %s (%d) | %s (%d) | %s | %s |" % (word, fuzzy[0], fuzzy[1], near[0], near[1], qf[0], qn[0]))
    print("| **mean** | %.1f | %.1f | %.1f | %.1f |" % tuple(statistics.fmean(v) for v in totals.values()))


if __name__ == "__main__":
    main()
