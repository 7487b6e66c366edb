"""A province harvesting two cities: govopen to govopen, and stock CKAN as the reference.

    export GOVOPEN_STATE=... GOVOPEN_*_PORT=...          # the province: a running stack (make up)
    $GOVOPEN_STATE/venv/bin/python bench/federation/bench.py --ini $GOVOPEN_STATE/ckan.ini \
        --per-city 2000 [--stock-ini $(bash bench/federation/stock.sh)] [--workers 2] [--full]

1. Two cities, each a govopen instance of its own (state directory
   ``$GOVOPEN_STATE/cities/fed-a`` and ``fed-b``, the province's ports plus 200
   and 300), started by the project's own script (``scripts/govopen up``,
   sharing the province's virtualenv through ``GOVOPEN_VENV``; no demo content).
2. Filled by ``fill.py`` (``--fill bulk``, the default): one CKAN process per
   city with the city's ini, forked writers calling the same ``package_create``
   as the API (validators, publication gate, stored verdict, search document),
   one Solr commit a batch; 7 in 10 open, 2 in 10 conditional, 1 in 10 not open
   (private). ``--fill api``: through the city's Action API by ``--fill-threads``
   threads. A city that already holds a dataset's name is not filled again for
   it. ``--full`` is ``--per-city 10000``; ``--fill-only`` stops after filling.
3. The province (this process, the running stack of ``--ini``) harvests each
   city with govopen's ``ckan_api`` source, ``profile: govopen`` (the
   federation crosswalk: anonymous reads of the city's API), ``--workers``
   import processes; then again, the cities unchanged.
4. With ``--stock-ini``: stock CKAN with ckanext-dcat's ``dcat_rdf`` harvester
   (``stock_harvest.py``, a second process) harvests each city's
   ``/catalog.ttl``, twice. Ratios of datasets per second at the end.
Each run of the province adds a source per city (name with a fresh tag); on a
stack that already holds the cities' datasets the first harvest matches them by
resource code (updates, not creates): run it on a scratch province.
``--down`` stops the cities at the end (``scripts/govopen down``).
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid

import requests

import fill

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
STATE = os.environ.get("GOVOPEN_STATE", os.path.join(ROOT, ".govopen"))
CITIES = (("fed-a", 200, "11110000000022576T"), ("fed-b", 300, "11310000002463025G"))


def _port(name, default, offset):
    return str(int(os.environ.get(name, default)) + offset)


class City:
    def __init__(self, name, offset, provider_code):
        self.name, self.offset, self.provider_code = name, offset, provider_code
        self.env = dict(os.environ, GOVOPEN_STATE=os.path.join(STATE, "cities", name),
                        GOVOPEN_VENV=os.environ.get("GOVOPEN_VENV", os.path.join(STATE, "venv")),
                        GOVOPEN_CKAN_PORT=_port("GOVOPEN_CKAN_PORT", 5000, offset),
                        GOVOPEN_SOLR_PORT=_port("GOVOPEN_SOLR_PORT", 8983, offset),
                        GOVOPEN_PG_PORT=_port("GOVOPEN_PG_PORT", 5432, offset),
                        GOVOPEN_REDIS_PORT=_port("GOVOPEN_REDIS_PORT", 6379, offset),
                        GOVOPEN_SOLR_HEAP="384m", GOVOPEN_NO_DEMO="1", GOVOPEN_NO_HARVEST="1")
        self.url = "http://127.0.0.1:%s" % self.env["GOVOPEN_CKAN_PORT"]
        self.http = requests.Session()

    def script(self, command):
        done = subprocess.run([os.path.join(ROOT, "scripts", "govopen"), command], env=self.env,
                              capture_output=True, text=True, timeout=1800)
        if done.returncode:
            raise SystemExit("%s %s failed:\n%s\n%s" % (self.name, command, done.stdout[-2000:], done.stderr[-2000:]))

    def up(self):
        self.script("up")
        with open(os.path.join(self.env["GOVOPEN_STATE"], "credentials"), encoding="utf-8") as f:
            creds = dict(line.strip().split("=", 1) for line in f if "=" in line)
        self.http.headers["Authorization"] = creds["CKAN_API_TOKEN"]

    def call(self, action, anonymous=False, **data):
        headers = {"Authorization": ""} if anonymous else {}
        res = self.http.post("%s/api/3/action/%s" % (self.url, action), json=data, headers=headers, timeout=120)
        return res.json()

    def public_count(self):
        return self.call("package_search", anonymous=True, q="*:*", rows=0)["result"]["count"]

    def fill(self, n, threads, mode="bulk"):
        """Datasets ``<city>-ds-00000`` up to ``n`` (the missing ones are created; the mix of
        ``fill.dataset``: 7 in 10 open, 2 conditional, 1 not open). ``bulk``: ``fill.py``, one
        CKAN process with the city's ini; ``api``: ``package_create`` over HTTP by ``threads``."""
        prefix = 100000 * (1 + [c[0] for c in CITIES].index(self.name))
        if mode == "bulk":
            done = subprocess.run([sys.executable, os.path.join(HERE, "fill.py"), "--ini",
                                   os.path.join(self.env["GOVOPEN_STATE"], "ckan.ini"), "--city", self.name,
                                   "--provider-code", self.provider_code, "--n", str(n), "--prefix", str(prefix)],
                                  env=self.env, capture_output=True, text=True, timeout=12 * 3600)
            if done.returncode:
                raise SystemExit("%s: fill.py failed:\n%s" % (self.name, done.stderr[-3000:]))
            return dict(json.loads(done.stdout.strip().splitlines()[-1]), mode="bulk (fill.py, one process)")
        org = "%s-stats" % self.name
        if not self.call("organization_show", id=org)["success"]:
            got = self.call("organization_create", name=org, title="%s 统计局" % self.name,
                            provider_code=self.provider_code)
            if not got["success"]:
                raise SystemExit("%s: organization_create: %s" % (self.name, got))
        org_id = self.call("organization_show", id=org)["result"]["id"]
        have = set(self.call("package_list", limit=n + 1000)["result"])
        todo = [i for i in range(n) if "%s-ds-%05d" % (self.name, i) not in have]

        def create(i):
            s = requests.Session()
            s.headers.update(self.http.headers)
            data = fill.dataset(self.name, org_id, i, prefix)[1]
            body = s.post("%s/api/3/action/package_create" % self.url, timeout=120, json=data).json()
            if not body["success"]:
                raise RuntimeError("%s: %s" % (data["name"], json.dumps(body.get("error"), ensure_ascii=False)[:500]))

        t = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(threads) as pool:
            for f in concurrent.futures.as_completed([pool.submit(create, i) for i in todo]):
                f.result()
        return {"city": self.name, "created": len(todo), "seconds": round(time.monotonic() - t, 1),
                "datasets_per_second": round(len(todo) / (time.monotonic() - t), 1) if todo else None,
                "mode": "api (%d threads)" % threads}


def province_runs(cities, workers):
    import ckan.plugins.toolkit as tk
    from ckanext.govopen.harvest import job, sources
    from ckanext.govopen.harvest.importer import site_context

    tk.config["govopen.outbound.allow"] = " ".join("127.0.0.1/32:%s" % c.env["GOVOPEN_CKAN_PORT"] for c in cities)
    context = site_context()
    dept = "bench-province"
    try:
        tk.get_action("organization_show")(dict(context), {"id": dept})
    except tk.ObjectNotFound:
        tk.get_action("organization_create")(dict(context), {"name": dept, "title": "省数据局",
                                                             "provider_code": "111100000000209170"})
    tag = uuid.uuid4().hex[:6]
    srcs = []
    for c in cities:
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            json.dump({"name": "%s-%s" % (c.name, tag), "type": "ckan_api", "url": c.url + "/",
                       "department": dept, "profile": "govopen", "private": False,
                       # a fresh source each run (the province refuses two sources of one URL and config)
                       "title": "%s (bench %s)" % (c.name, tag)}, f)
        srcs.append((c, sources.from_file(context, f.name)))
    out = []
    for label in ("govopen first harvest", "govopen unchanged re-harvest"):
        total_t, total_n = 0.0, 0
        for c, source in srcs:
            t = time.monotonic()
            rep = job.run(source, import_workers=workers).as_dict()
            seconds = time.monotonic() - t
            if rep["failed"]:
                raise SystemExit("the govopen run failed: %s" % json.dumps(rep["errors"][:3], ensure_ascii=False))
            written = rep["created"] + rep["updated"]
            total_t += seconds
            total_n += written or rep["unchanged"]
            out.append({"run": label, "city": c.name, "seconds": round(seconds, 2), "processes": max(1, workers),
                        "datasets_per_second": round((written or rep["unchanged"]) / seconds, 1),
                        **{k: rep[k] for k in ("created", "updated", "unchanged", "withdrawn", "blocked",
                                               "errored")}})
        out.append({"run": label, "city": "both", "seconds": round(total_t, 2),
                    "datasets_per_second": round(total_n / total_t, 1)})
    return out


def stock_runs(cities, stock_ini, workers):
    out = []
    totals = {}
    for c in cities:
        done = subprocess.run([sys.executable, os.path.join(HERE, "stock_harvest.py"), "--ini", stock_ini,
                               "--url", c.url + "/catalog.ttl", "--runs", "2", "--workers", str(workers),
                               "--no-datasets"], capture_output=True, text=True, timeout=24 * 3600)
        if done.returncode:
            raise SystemExit("stock harvest of %s failed:\n%s" % (c.name, done.stderr[-3000:]))
        for run in json.loads(done.stdout.strip().splitlines()[-1])["runs"]:
            ok = run["report_status"].get("added", 0) + run["report_status"].get("updated", 0)
            label = "stock ckanext-dcat dcat_rdf " + run["run"]
            out.append({"run": label, "city": c.name, "seconds": run["seconds"], "processes": max(1, workers),
                        "datasets_per_second": round(ok / run["seconds"], 1) if ok else 0.0,
                        "objects": run["objects"], "report_status": run["report_status"],
                        "gather_errors": run["gather_errors"][:2]})
            t = totals.setdefault(label, [0.0, 0])
            t[0] += run["seconds"]
            t[1] += ok
    for label, (s, n) in totals.items():
        out.append({"run": label, "city": "both", "seconds": round(s, 2),
                    "datasets_per_second": round(n / s, 1) if n else 0.0})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ini", required=True, help="the province's ini (a running stack)")
    ap.add_argument("--per-city", type=int, default=2000)
    ap.add_argument("--full", action="store_true", help="10,000 datasets per city (the issue's size)")
    ap.add_argument("--fill", choices=("bulk", "api"), default="bulk",
                    help="fill the cities by fill.py (one CKAN process each) or through the API")
    ap.add_argument("--fill-threads", type=int, default=4, help="with --fill api")
    ap.add_argument("--workers", type=int, default=2, help="writing processes, both sides (default 2, the cores)")
    ap.add_argument("--stock-ini", help="also the stock CKAN reference (bench/federation/stock.sh)")
    ap.add_argument("--down", action="store_true", help="stop the cities at the end")
    ap.add_argument("--profile", metavar="FILE", help="cProfile the province's runs into FILE (this process "
                    "only: with --workers 0 or 1 the writes are in it)")
    ap.add_argument("--fill-only", action="store_true", help="start and fill the cities, nothing else")
    args = ap.parse_args()
    n = 10000 if args.full else args.per_city

    cities = [City(*c) for c in CITIES]
    lines = []
    try:
        for c in cities:
            t = time.monotonic()
            c.up()
            lines.append({"city": c.name, "started by scripts/govopen up in seconds": round(time.monotonic() - t, 1)})
            print(json.dumps(lines[-1]), flush=True)
        for c in cities:
            lines.append(c.fill(n, args.fill_threads, args.fill))
            print(json.dumps(lines[-1], ensure_ascii=False), flush=True)
            count, listed = c.public_count(), sum(fill.dataset(c.name, "", i, 0)[0] != "not-open" for i in range(n))
            if count != listed:
                raise SystemExit("%s lists %d public datasets, not %d" % (c.name, count, listed))

        if args.fill_only:
            return
        from ckan.cli import load_config
        from ckan.config.middleware import make_app

        app = make_app(load_config(args.ini))
        with app._wsgi_app.test_request_context():
            profiler = None
            if args.profile:
                import cProfile
                profiler = cProfile.Profile()
                profiler.enable()
            runs = province_runs(cities, args.workers)
            if profiler:
                profiler.disable()
                profiler.dump_stats(args.profile)
            for line in runs:
                lines.append(line)
                print(json.dumps(line, ensure_ascii=False), flush=True)
        if args.stock_ini:
            for line in stock_runs(cities, args.stock_ini, args.workers):
                lines.append(line)
                print(json.dumps(line, ensure_ascii=False), flush=True)
            ours = [x for x in lines if x.get("city") == "both" and x["run"] == "govopen first harvest"][0]
            stock = [x for x in lines if x.get("city") == "both" and x["run"].endswith("first harvest")
                     and x["run"].startswith("stock")][0]
            re_ours = [x for x in lines if x.get("city") == "both" and x["run"] == "govopen unchanged re-harvest"][0]
            re_stock = [x for x in lines if x.get("city") == "both" and x["run"].startswith("stock")
                        and "re-harvest" in x["run"]][0]
            print(json.dumps({
                "ratio govopen / stock, first harvest (datasets per second)":
                    round(ours["datasets_per_second"] / stock["datasets_per_second"], 2)
                    if stock["datasets_per_second"] else None,
                "ratio stock / govopen, unchanged re-harvest (seconds)":
                    round(re_stock["seconds"] / re_ours["seconds"], 2) if re_ours["seconds"] else None}))
    finally:
        if args.down:
            for c in cities:
                c.script("down")


if __name__ == "__main__":
    main()
