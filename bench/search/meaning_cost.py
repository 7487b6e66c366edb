#!/usr/bin/env python3
"""What search by meaning adds to one free-text package_search, measured alone.

    $GOVOPEN_STATE/venv/bin/python bench/search/meaning_cost.py \\
        --solr http://127.0.0.1:9470/solr --meaning $GOVOPEN_STATE/models/bge-small-zh-v1.5-q

Two parts of ``search_meaning/similar.py``'s ``nearest``, for the free-text
queries of ``latency.py``'s query mix (same ``--seed``, ``--requests``):

- encode: ``encoder.encode([encoder.query_text(q)], folder)`` per distinct query, in this process
  (one thread, as in a web worker), ``--repeat`` times each after a warm-up:
  median and p95 in ms, and CPU ms (process time) per call.
- knn: Solr's QTime for the request ``similar.py`` sends (``{!knn f=title_meaning
  topK=100}[vector]``, knn.SEARCHED; ``--topk 20`` as before 2026-12-05), the anonymous filters of ``search_ui.suggest.anonymous_filters``,
  rows 20, fl ``id score``) for ``--knn-queries`` of those vectors. "cached":
  the same request again (the bench's words repeat, so Solr answers most
  from its query result cache); "uncached": each time with its own always-true
  filter (``-name:zzN``), so neither the query result cache nor the filter
  cache answers it (the knn search runs anew against a new pre-filter).
- encode_en (``--meaning-en DIR``): the English model on each distinct query
  of English words (``english.english_query``), as the plugin reads them;
  its knn request is the Chinese one's on a field of 384 floats (not timed here).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "ckanext-govopen"))
from latency import query_mix  # noqa: E402
from ckanext.govopen.search_meaning import encoder, english, knn  # noqa: E402  (no CKAN import)

# search_ui.suggest.anonymous_filters() for an anonymous visitor of site ``govopen``
# (that module imports CKAN; these are its values: verdict/hooks.INDEX_FIELD, FINDABLE)
ANONYMOUS = ['+site_id:"%s"', "+state:active", "+capacity:public", "+dataset_type:dataset",
             '+permission_labels:("public")', "+effective_open_type:(unconditional OR conditional)"]


def rss_mb():
    """This process's resident memory (Linux), MB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def p95(values):
    values = sorted(values)
    return values[max(0, int(round(0.95 * len(values))) - 1)]


def stats(values):
    return {"n": len(values), "median_ms": round(statistics.median(values), 2), "p95_ms": round(p95(values), 2)}


def qtime(solr, vector, site_id, extra_fq=None, topk=knn.SEARCHED):
    fq = [f % site_id if "%s" in f else f for f in ANONYMOUS] + ([extra_fq] if extra_fq else [])
    params = [("q", knn.knn_query(vector, topk)), ("rows", knn.CANDIDATES), ("fl", "id score"), ("wt", "json")]
    params += [("fq", f) for f in fq]
    req = urllib.request.Request("%s/ckan/select" % solr, data=urllib.parse.urlencode(params).encode(),
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        body = json.load(resp)
    return body["responseHeader"]["QTime"], body["response"]["docs"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--solr", required=True, help="e.g. http://127.0.0.1:8983/solr")
    ap.add_argument("--meaning", required=True, metavar="DIR", help="the model's folder")
    ap.add_argument("--meaning-en", metavar="DIR", help="the English model's folder (encode only)")
    ap.add_argument("--site-id", default="govopen")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=5, help="encode each query this many times")
    ap.add_argument("--knn-queries", type=int, default=20)
    ap.add_argument("--topk", type=int, default=knn.SEARCHED, help="Solr's topK (the plugin's: knn.SEARCHED)")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    import numpy, onnxruntime, tokenizers  # noqa: F401,E401  (imported before RSS is read: the models' own cost)
    start_rss = rss_mb()
    if not encoder.available(args.meaning):
        sys.exit("no model in %s (or no onnxruntime/tokenizers: use the venv's python)" % args.meaning)
    texts = list(dict.fromkeys(p["q"] for kind, p in query_mix(args.requests, args.seed) if kind == "text"))
    encoder.encode(texts[:5], args.meaning)                     # load the model, warm up
    zh_rss = rss_mb()
    wall, cpu, vectors = [], [], {}
    for _ in range(args.repeat):
        for text in texts:
            t, c = time.perf_counter(), time.process_time()
            vectors[text] = encoder.encode([encoder.query_text(text)], args.meaning)[0]
            wall.append(1000 * (time.perf_counter() - t))
            cpu.append(1000 * (time.process_time() - c))
    chosen = texts[:args.knn_queries]
    cached, uncached, found, stamp = [], [], [], int(time.time())
    for i, text in enumerate(chosen):
        q0, docs = qtime(args.solr, vectors[text], args.site_id, topk=args.topk)     # may be a miss: first time
        found.append(sum(1 for _ in knn.nearest_of(docs)))
        cached.append(qtime(args.solr, vectors[text], args.site_id, topk=args.topk)[0])
        uncached.append(qtime(args.solr, vectors[text], args.site_id, "-name:zz%d_%d" % (stamp, i), topk=args.topk)[0])
    report = {}
    read = [english.english_query(t) for t in texts]
    read = [t for t in read if t]
    if args.meaning_en and read:
        encoder.encode(read[:5], args.meaning_en)
        report.update(rss_mb_growth_chinese_model=round(zh_rss - start_rss, 1),
                      rss_mb_growth_english_model=round(rss_mb() - zh_rss, 1))
        wall_en, cpu_en = [], []
        for _ in range(args.repeat):
            for text in read:
                t, c = time.perf_counter(), time.process_time()
                encoder.encode([text], args.meaning_en)
                wall_en.append(1000 * (time.perf_counter() - t))
                cpu_en.append(1000 * (time.process_time() - c))
        report.update(english_queries=len(read), encode_en_wall=stats(wall_en), encode_en_cpu=stats(cpu_en))
    report.update({"distinct_text_queries": len(texts),
              "encode_wall": stats(wall), "encode_cpu": stats(cpu),
              "knn_qtime_cached": stats(cached), "knn_qtime_uncached": stats(uncached),
              "knn_mean_found_at_min_similarity": round(statistics.fmean(found), 1)})
    print(json.dumps(report, indent=1, ensure_ascii=False))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
