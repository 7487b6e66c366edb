#!/usr/bin/env python3
"""package_search latency with many datasets: project Solr schema vs stock CKAN's.

    latency.py load  --solr URL --n 100000     # synthetic datasets into BOTH cores (ckan, ckan_stock)
                     [--meaning MODEL_DIR]     # ... with title vectors in ckan (venv python)
                     [--meaning-en MODEL_DIR]  # ... and the titles' English vectors (title_meaning_en)
    latency.py run   --project URL --stock URL --solr URL [--clients 10 --requests 300]
    latency.py clean --solr URL                # remove them again (name:bench-*)
    latency.py merge --solr URL [--segments 3] # both cores merged to as many segments (before ``run``)

``load`` makes realistic datasets from the real ones already indexed in the
``ckan`` core (the portal imports): each synthetic dataset copies a real
one's stored Solr document (title, description, tags, formats, the validated
data dict CKAN returns) and varies title and description with a year, a
district and a suffix taken from the real catalog, so the vocabulary and
document sizes are the catalog's. They are public, named ``bench-NNNNNN``,
and posted straight to Solr in batches of 1000, the same documents to both
cores (Solr analyses them with each core's own schema). Posted straight to
Solr, they bypass the plugin's index hook, so they have no ``title_meaning``
vector (search by meaning) unless ``--meaning`` names the model's folder:
then the plugin's own encoder (search_meaning/encoder.py, a title at a time, as
the index hook) gives each document of the ``ckan`` core its title's vector
(``ckan_stock``'s schema has no such field). With ``--meaning-en`` too that
costs about 9 ms a title on one core (1,294 s for 100,000), and
needs numpy, onnxruntime and tokenizers: run it with the stack's venv python.
``--meaning-en`` (the English model's folder) adds ``title_meaning_en``, the
vector of the title's English (search_meaning/english.py), as the hook does.

``run`` sends the same query mix to both CKAN sites through the Action API
(``package_search`` as the public search page calls it: anonymous, 20 rows,
the portal's facets), from ``--clients`` threads, in alternating rounds
(project, stock, project, stock) so load on the machine hits both alike, and
reports median and p95 of the HTTP round trip per site (``ckan all``; ``ckan same rows``:
only the requests both sites answered with as many rows, like for like); the same queries
straight to Solr (CKAN's dismax parameters) show how much of it is Solr.
Then suggestions as you type on the project site (``/api/govopen/suggest``
with the first 2, 3, 4 characters of each text query): median and p95; with
``--suggest-before URL`` also on a site serving older code, alternating
(``--only-suggest``: nothing else; ``--stock`` and ``--solr`` are then unused).
Standard library only (but ``load --meaning``).

``merge`` gives both cores the same layout: each core's index is as many
segments as its own history of writes left it (the ``ckan`` core, loaded and
then re-posted with vectors, had 23; ``ckan_stock``, copied in one go, 3), and
a query pays per segment (a knn request's median 9-11 ms at 23 segments against 7 at 3;
terms and facets too). Solr's ``optimize`` to ``--segments`` (at most that
many; about 2 minutes for the ``ckan`` core at 100,000 datasets with vectors),
then each core's segment count is printed.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import random
import statistics
import sys
import time
import urllib.parse
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
CORES = ("ckan", "ckan_stock")
PREFIX = "bench-"
#: the core whose schema has title_meaning (search by meaning); ckan_stock has no such field
MEANING_CORE = "ckan"
FACETS = ["organization", "groups", "tags", "res_format", "license_id", "validation_status",
          "open_type", "theme", "update_frequency", "spatial_code"]
# Not stored in Solr (indexed through the schema's catch-all field): taken from the data dict.
FROM_DICT = ("theme", "open_type", "update_frequency", "spatial_code", "share_type",
             "security_level", "resource_code", "quality_score")
YEARS = ["2019年", "2020年", "2021年", "2022年", "2023年", "2024年"]
DISTRICTS = ["浦东新区", "黄浦区", "静安区", "徐汇区", "闵行区", "南明区", "云岩区", "花溪区", "白云区",
             "观山湖区", "南京市", "苏州市", "杭州市", "宁波市", "桂林市", "清镇市", "开阳县", "息烽县"]
SUFFIXES = ["", "信息", "统计", "汇总", "（季度）", "（月度）", "明细", "一览表", "名录", "_历史"]


def http(url, data=None, headers=None, timeout=120):
    req = urllib.request.Request(url, data=data, headers=headers or {})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.load(resp)


# --- load / clean -----------------------------------------------------------------------------

def real_documents(solr, site_id):
    q = urllib.parse.urlencode([("q", "*:*"), ("fq", "-name:%s*" % PREFIX), ("fq", 'site_id:"%s"' % site_id),
                                ("rows", 20000), ("fl", "*"), ("wt", "json")])
    docs = http("%s/ckan/select?%s" % (solr, q))["response"]["docs"]
    if not docs:
        sys.exit("the ckan core holds no datasets to copy: import the portal catalogs first")
    return docs


def synthetic(template, i, rng):
    # copyField targets (title_ngram, name_ngram) are stored but must not be posted again.
    doc = {k: v for k, v in template.items()
           if k not in ("_version_", "indexed_ts", "score", "title_ngram", "name_ngram")}
    data = json.loads(template.get("validated_data_dict") or template.get("data_dict") or "{}")
    year, district, suffix = rng.choice(YEARS), rng.choice(DISTRICTS), rng.choice(SUFFIXES)
    title = "%s%s%s" % (district if district not in template.get("title", "") else "",
                        template.get("title", ""), suffix)
    if rng.random() < 0.5:
        title = year + title
    notes = "%s（%s%s）" % (template.get("notes") or title, district, year)
    ident = str(uuid.UUID(int=rng.getrandbits(128)))
    name = "%s%06d" % (PREFIX, i)
    modified = "%d-%02d-%02dT%02d:%02d:00Z" % (rng.randint(2019, 2025), rng.randint(1, 12),
                                               rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59))
    doc.update(id=ident, name=name, title=title, notes=notes, capacity="public",
               permission_labels=["public"], state="active", metadata_modified=modified,
               index_id=hashlib.md5((ident + doc["site_id"]).encode()).hexdigest())
    for key in FROM_DICT:
        if data.get(key) not in (None, ""):
            doc[key] = data[key]
    # the verdict's index field (not stored either): what the suggestions filter on
    doc["effective_open_type"] = (data.get("govopen_verdict") or {}).get("open_type") or "none"
    doc["title_string"] = title
    data.update(id=ident, name=name, title=title, notes=notes, private=False,
                metadata_modified=modified[:-1])
    doc["validated_data_dict"] = json.dumps(data, ensure_ascii=False)
    if "data_dict" in doc:
        raw = json.loads(doc["data_dict"])
        raw.update(id=ident, name=name, title=title, notes=notes, private=False)
        doc["data_dict"] = json.dumps(raw, ensure_ascii=False)
    return doc


def load(args):
    rng = random.Random(args.seed)
    templates = real_documents(args.solr, args.site_id)
    print("copying from %d real datasets" % len(templates))
    encode = meaning_encoder(args.meaning, args.meaning_en) if args.meaning else None
    started, posted, encode_s = time.time(), 0, 0.0
    for first in range(0, args.n, 1000):
        batch = [synthetic(templates[(first + j) % len(templates)], first + j, rng)
                 for j in range(min(1000, args.n - first))]
        if first < args.skip:               # already loaded by an earlier, smaller run (same seed)
            continue
        body = json.dumps(batch, ensure_ascii=False).encode("utf-8")
        with_meaning = None
        if encode:
            t = time.time()
            fields = encode([doc["title"] for doc in batch])
            encode_s += time.time() - t
            with_meaning = json.dumps([dict(doc, **f) for doc, f in zip(batch, fields)],
                                      ensure_ascii=False).encode("utf-8")
        for core in args.cores:
            http("%s/%s/update?commitWithin=60000" % (args.solr, core),
                 with_meaning if with_meaning and core == MEANING_CORE else body,
                 {"Content-Type": "application/json"}, timeout=600)
        posted += len(batch)
        done = first + len(batch)
        if done % 5000 == 0 or done == args.n:
            took = time.time() - started
            print("  %d / %d  (%.0f s, %.0f datasets/s%s)" % (
                done, args.n, took, posted / took,
                ", encoding %.1f ms a title" % (1000 * encode_s / posted) if encode else ""), flush=True)
    for core in args.cores:
        http("%s/%s/update?commit=true" % (args.solr, core), b"[]", {"Content-Type": "application/json"},
             timeout=600)
    print("loaded %d datasets into %s in %.0f s" % (args.n, ", ".join(args.cores), time.time() - started))


def meaning_encoder(folder, folder_en=None):
    """``titles -> [{field: vector}]`` by the plugin's own encoder (search_meaning/encoder.py,
    the model in ``folder``; with ``folder_en`` also the English model on each title's
    English), imported only here: without ``--meaning`` the script needs nothing beyond
    the standard library. Run it with the stack's venv python."""
    sys.path.insert(0, os.path.join(HERE, "..", "..", "ckanext-govopen"))
    from ckanext.govopen.search_meaning import encoder, english, knn   # numpy, onnxruntime, tokenizers
    for name, where in (("--meaning", folder), ("--meaning-en", folder_en)):
        if where and not encoder.available(where):
            sys.exit("%s %s: no model.onnx and tokenizer.json there, or no onnxruntime/tokenizers "
                     "(run with $GOVOPEN_STATE/venv/bin/python)" % (name, where))

    def vectors(texts, where, size):
        out = encoder.encode(texts, where)   # one at a time, as the index hook
        if not out or len(out) != len(texts) or len(out[0]) != size:
            sys.exit("--meaning: the encoder gave no vectors")
        return out

    def encode(titles):
        fields = [{knn.FIELD: v} for v in vectors(titles, folder, encoder.DIMENSION)]
        if folder_en:
            for f, v in zip(fields, vectors([english.title_english(t) for t in titles], folder_en,
                                            encoder.DIMENSION_EN)):
                f[knn.FIELD_EN] = v
        return fields
    return encode


def clean(args):
    for core in CORES:
        body = json.dumps({"delete": {"query": "name:%s*" % PREFIX}}).encode()
        http("%s/%s/update?commit=true" % (args.solr, core), body, {"Content-Type": "application/json"},
             timeout=600)
        left = http("%s/%s/select?q=name:%s*&rows=0&wt=json" % (args.solr, core, PREFIX))
        print("%s: %d synthetic datasets left" % (core, left["response"]["numFound"]))


def merge(args):
    for core in CORES:
        started = time.time()
        http("%s/%s/update?optimize=true&maxSegments=%d&waitSearcher=true&wt=json" % (args.solr, core, args.segments),
             b"[]", {"Content-Type": "application/json"}, timeout=3600)
        status = http("%s/admin/cores?action=STATUS&core=%s&wt=json" % (args.solr, core))
        index = status["status"][core]["index"]
        print("%s: %d documents in %d segments (%.0f s)" % (core, index["numDocs"], index["segmentCount"],
                                                          time.time() - started), flush=True)


# --- run -------------------------------------------------------------------------------------

def query_mix(n, seed):
    """``n`` (kind, package_search parameters): 70 % free text (zh/en; some with a facet
    filter or another sort), 30 % browsing (no text; newest or by name, half of them filtered)."""
    import re
    rng = random.Random(seed)
    with open(os.path.join(HERE, "queries.yaml"), encoding="utf-8") as f:
        words = re.findall(r"^- q: (.+)$", f.read(), flags=re.M)
    filters = ["res_format:CSV", "open_type:unconditional", "theme:transport", "spatial_code:310000",
               "update_frequency:yearly", "validation_status:none"]
    sorts = ["score desc, metadata_modified desc", "metadata_modified desc", "title_string asc"]
    mix = []
    for _ in range(n):
        roll = rng.random()
        params = {"rows": 20, "facet.field": json.dumps(FACETS), "facet.limit": 50}
        kind = "text"
        if roll < 0.5:
            params["q"] = rng.choice(words)
        elif roll < 0.6:
            params["q"] = rng.choice(words)
            params["fq"] = rng.choice(filters)
        elif roll < 0.7:
            params["q"] = rng.choice(words)
            params["sort"] = rng.choice(sorts[1:])
        else:                                   # browsing: no text, same answer on both schemas
            kind = "browse"
            params["q"] = ""
            params["sort"] = rng.choice(sorts[1:])
            if rng.random() < 0.5:
                params["fq"] = rng.choice(filters)
        mix.append((kind, params))
    return mix


def timed(url):
    t = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as resp:
        body = json.load(resp)
    elapsed = time.perf_counter() - t
    return elapsed, body


def ckan_url(base, params):
    return "%s/api/3/action/package_search?%s" % (base.rstrip("/"), urllib.parse.urlencode(params))


def solr_url(solr, core, params, site_id):
    """CKAN 2.12's dismax request for an anonymous package_search (ckan/lib/search/query.py)."""
    q = params.get("q") or "*:*"
    fq = ['+site_id:"%s"' % site_id, "+state:active", "+dataset_type:dataset",
          "+permission_labels:(\"public\")"]
    if params.get("fq"):
        fq.append(params["fq"])
    solr_params = [("q", q), ("rows", params["rows"]), ("wt", "json"), ("fl", "id validated_data_dict"),
                   ("facet", "true"), ("facet.mincount", 1), ("facet.limit", params["facet.limit"]),
                   ("sort", params.get("sort", "score desc, metadata_modified desc")), ("q.op", "AND")]
    if ":" not in q:
        solr_params += [("defType", "dismax"), ("tie", "0.1"), ("mm", "2<-1 5<80%"),
                        ("qf", "name^4 title^4 tags^2 groups^2 text")]
    solr_params += [("fq", f) for f in fq] + [("facet.field", f) for f in FACETS]
    return "%s/%s/select?%s" % (solr, core, urllib.parse.urlencode(solr_params))


def returned(body):
    """(rows returned, total hits) of a CKAN or Solr answer: more rows cost CKAN more work."""
    if "result" in body:
        return len(body["result"]["results"]), body["result"]["count"]
    return len(body["response"]["docs"]), body["response"]["numFound"]


def measure(urls, clients):
    with concurrent.futures.ThreadPoolExecutor(max_workers=clients) as pool:
        return [(t,) + returned(body) for t, body in pool.map(timed, urls)]


def summary(samples):
    times = sorted(t for t, _, _ in samples)
    return {"n": len(times), "median_ms": round(1000 * statistics.median(times), 1),
            "p95_ms": round(1000 * times[max(0, int(round(0.95 * len(times))) - 1)], 1),
            "mean_ms": round(1000 * statistics.fmean(times), 1),
            "mean_rows_returned": round(statistics.fmean(r for _, r, _ in samples), 1),
            "share_with_hits": round(sum(1 for _, _, h in samples if h) / len(samples), 2)}


def suggest_latency(sites, mix, clients, rounds=2, distinct=False):
    """Suggestions as you type (``/api/govopen/suggest``; stock CKAN has none) on each
    of ``sites`` (label -> base URL: the project site, and with ``--suggest-before``
    the same site serving older code), in alternating rounds: the first 2, 3 and
    4 characters of each free-text query, as a visitor types them. ``distinct``:
    each of those once (an answer cache's worst case: every request a miss,
    when its generation was bumped before the run), warmed on other text."""
    typed, warm = [], []
    for kind, params in mix:
        q = params.get("q") or ""
        if kind == "text":
            typed += [q[:n] for n in (2, 3, 4) if len(q) >= n]
            warm += [q[:n] + " " for n in (5, 6) if len(q) >= n]
    if distinct:
        typed = list(dict.fromkeys(typed))
    else:
        warm = typed
    urls = {label: ["%s/api/govopen/suggest?q=%s" % (base.rstrip("/"), urllib.parse.quote(q)) for q in typed]
            for label, base in sites.items()}
    for label, base in sites.items():
        measure_suggest(["%s/api/govopen/suggest?q=%s" % (base.rstrip("/"), urllib.parse.quote(q))
                         for q in list(dict.fromkeys(warm))[:40]], clients)            # warm
    samples = {label: [] for label in sites}
    part = len(typed) // rounds
    for r in range(rounds):
        order = list(sites) if r % 2 == 0 else list(sites)[::-1]
        for label in order:
            samples[label] += measure_suggest(urls[label][r * part:(r + 1) * part], clients)
    report = {}
    for label, got in samples.items():
        times = sorted(t for t, _, _ in got)
        server = sorted(s for _, _, s in got if s is not None)
        report[label] = {"n": len(times), "median_ms": round(1000 * statistics.median(times), 1),
                         "p95_ms": round(1000 * times[max(0, int(round(0.95 * len(times))) - 1)], 1),
                         # the server's own time (its Server-Timing header; absent on older code)
                         "server_median_ms": round(statistics.median(server), 1) if server else None,
                         "server_p95_ms": round(server[max(0, int(round(0.95 * len(server))) - 1)], 1)
                         if server else None,
                         "share_with_suggestions": round(sum(1 for _, k, _ in got if k) / len(got), 2),
                         # an answer cache (search_ui/suggest_cache.py) computes each distinct one once
                         "distinct_typed": len(set(typed[:rounds * part]))}
    return report


def measure_suggest(urls, clients):
    def one(url):
        t = time.perf_counter()
        with urllib.request.urlopen(url, timeout=120) as resp:
            body = json.load(resp)
            timing = resp.headers.get("Server-Timing") or ""
        elapsed = time.perf_counter() - t
        server = float(timing.split("dur=", 1)[1].split(";")[0].split(",")[0]) if "dur=" in timing else None
        return elapsed, len(body.get("suggestions") or []), server
    with concurrent.futures.ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(one, urls))


def suggest_sites(args):
    sites = {"project": args.project}
    if args.suggest_before:
        sites["before"] = args.suggest_before
    if args.floor:
        sites["floor"] = args.floor
    return sites


def run_suggest(args):
    """Only the suggestions (``--project``, and ``--suggest-before`` if given)."""
    report = suggest_latency(suggest_sites(args), query_mix(args.requests, args.seed), args.clients, args.rounds,
                             args.distinct)
    print(json.dumps({"suggest": report}, indent=1))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"suggest": report}, f, indent=1)


def run(args):
    if args.only_suggest:
        return run_suggest(args)
    mix = query_mix(args.requests, args.seed)
    sites = {"project": args.project, "stock": args.stock}
    cores = {"project": "ckan", "stock": "ckan_stock"}
    counts = {}
    for label, base in sites.items():
        first = json.load(urllib.request.urlopen(ckan_url(base, {"q": "", "rows": 0})))["result"]["count"]
        counts[label] = first
    if counts["project"] != counts["stock"]:
        sys.exit("the two sites see different catalogs: %s" % counts)
    site_id = args.site_id
    results = {label: {} for label in sites}
    for label, base in sites.items():                         # warm both (caches, JIT)
        measure([ckan_url(base, p) for _, p in mix[:40]], args.clients)
    half = len(mix) // args.rounds
    for r in range(args.rounds):
        chunk = mix[r * half:(r + 1) * half]
        order = list(sites) if r % 2 == 0 else list(sites)[::-1]
        for label in order:
            ckan = measure([ckan_url(sites[label], p) for _, p in chunk], args.clients)
            solr = measure([solr_url(args.solr, cores[label], p, site_id) for _, p in chunk], args.clients)
            for (kind, _), c, s_ in zip(chunk, ckan, solr):
                for key in ("ckan all", "ckan " + kind, "solr all", "solr " + kind):
                    results[label].setdefault(key, []).append(c if key.startswith("ckan") else s_)
    # like for like: the requests both sites answered with as many rows (a site that finds
    # more returns more rows, and each row is a stored dataset dict CKAN decodes and the
    # API encodes again: ~0.1 ms of CPU a row each way, bench/search/RESULTS.md, 15th session)
    same = [i for i, (p, s_) in enumerate(zip(results["project"]["ckan all"], results["stock"]["ckan all"]))
            if p[1] == s_[1]]
    for label in sites:
        if same:
            results[label]["ckan same rows"] = [results[label]["ckan all"][i] for i in same]
    report = {"datasets_visible": counts["project"], "clients": args.clients, "requests_per_site": len(mix),
              "sites": {label: {k: summary(v) for k, v in res.items()} for label, res in results.items()},
              "suggest": suggest_latency(suggest_sites(args), mix, args.clients, args.rounds)}
    print(json.dumps(report, indent=1))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("load")
    p.add_argument("--solr", required=True, help="e.g. http://127.0.0.1:8983/solr")
    p.add_argument("--n", type=int, default=10000)
    p.add_argument("--site-id", default="govopen", help="ckan.site_id of the site whose datasets are copied")
    p.add_argument("--skip", type=int, default=0, help="do not post the first SKIP (same seed: same datasets)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cores", nargs="+", default=list(CORES),
                   help="where to post (SolrCloud: the alias ckan only)")
    p.add_argument("--meaning", metavar="DIR",
                   help="the sentence model's folder ($GOVOPEN_STATE/models/bge-small-zh-v1.5-q): give each "
                   "dataset of the ckan core its title_meaning vector, as the index hook would "
                   "(~2 ms a title to encode, one core; needs the venv's python)")
    p.add_argument("--meaning-en", metavar="DIR",
                   help="with --meaning: the English model's folder ($GOVOPEN_STATE/models/bge-small-en-v1.5-q): "
                   "also each title's English vector, title_meaning_en")
    p = sub.add_parser("clean")
    p.add_argument("--solr", required=True)
    p = sub.add_parser("merge")
    p.add_argument("--solr", required=True)
    p.add_argument("--segments", type=int, default=3, help="at most this many segments in each core")
    p = sub.add_parser("run")
    p.add_argument("--project", required=True)
    p.add_argument("--stock", required=True)
    p.add_argument("--solr", required=True)
    p.add_argument("--site-id", default="govopen")
    p.add_argument("--clients", type=int, default=10)
    p.add_argument("--requests", type=int, default=300)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--json")
    p.add_argument("--suggest-before", help="the same site serving other (older) code: its suggestions "
                   "are measured in the same alternating rounds")
    p.add_argument("--only-suggest", action="store_true", help="measure the suggestions only")
    p.add_argument("--floor", help="suggestions: also a do-nothing app served the same way (floor_app.py), "
                   "in the same alternating rounds: the machine's floor")
    p.add_argument("--distinct", action="store_true",
                   help="suggestions: each typed text once (bump the answer cache's generation first: all misses)")
    args = ap.parse_args(argv)
    {"load": load, "clean": clean, "merge": merge, "run": run}[args.cmd](args)


if __name__ == "__main__":
    main()
