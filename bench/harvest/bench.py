"""Harvest throughput: the CDC data.json (1,359 datasets), metadata only, through every gate.

    $GOVOPEN_STATE/venv/bin/python bench/harvest/bench.py --ini $GOVOPEN_STATE/ckan.ini [--limit N] [--dcat] [--workers N]

Runs, in one process against the running stack: (1) a govopen harvest job of
the file served over a local HTTP server (package_create through the
standard's validators and the publication gate), (2) the same job again
(unchanged: nothing written), (3) with ``--dcat``, ckanext-dcat's own
``dcat_json`` harvester on the same file through ckanext-harvest's
gather/fetch/import stages (needs ``dcat_json_harvester`` in ckan.plugins;
use a bench ini, see README.md). Each run uses a fresh source name, so
datasets pile up in the catalog: run it on a scratch stack.
Both sides write with ``--workers`` processes (default 2, the cores): govopen's
import workers, and for stock as many forked fetch/import consumers, each
taking its share of the gathered objects. Prints one JSON object per run.
"""
import argparse
import json
import os
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CDC = os.path.join(ROOT, "..", "shared", "realdata", "dcat-us", "agency-data-json", "cdc.data.json")


def serve(path, limit):
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "harvest_test_server", os.path.join(ROOT, "tests", "local_server.py"))
    support = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(support)
    LocalServer = support.LocalServer

    with open(path, "rb") as f:
        doc = json.load(f)
    if limit:
        doc["dataset"] = doc["dataset"][:limit]
    body = json.dumps(doc).encode("utf-8")
    srv = LocalServer().__enter__()
    return srv, srv.add_bytes("/data.json", body, "application/json"), len(doc["dataset"])


def govopen_runs(url, department, n, workers):
    from urllib.parse import urlsplit

    import ckan.plugins.toolkit as tk
    from ckanext.govopen.harvest import job, sources
    from ckanext.govopen.harvest.importer import site_context

    # the file is served on this machine: the sysadmin's allow-list names that one port
    # (server-side fetches of 127.0.0.1 are refused otherwise, by the outbound guard)
    tk.config["govopen.outbound.allow"] = "127.0.0.1/32:%d" % urlsplit(url).port

    name = "bench-cdc-%s" % uuid.uuid4().hex[:6]
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        json.dump({"name": name, "type": "datajson", "url": url, "department": department,
                   "resource_code_prefix": "USCDC", "defaults": {"language": "en"}}, f)
    source = sources.from_file(site_context(), f.name)
    out = []
    for label in ("govopen first harvest", "govopen unchanged re-harvest"):
        t = time.monotonic()
        rep = job.run(source, import_workers=workers)
        seconds = time.monotonic() - t
        c = rep.as_dict()
        if c["failed"] or (c["errored"] and not (c["created"] + c["updated"] + c["unchanged"])):
            raise SystemExit("the govopen run failed: %s" % json.dumps(c["errors"][:3], ensure_ascii=False))
        written = c["created"] + c["updated"]
        out.append({"run": label, "records": n, "seconds": round(seconds, 2), "processes": max(1, workers),
                    "datasets_per_second": round((written or c["unchanged"]) / seconds, 1),
                    **{k: c[k] for k in ("created", "updated", "unchanged", "withdrawn", "blocked", "errored",
                                         "blocked_by_gate")}})
    return out


def _stock_import(ids):
    """ckanext-harvest's fetch and import stages for these objects (one fetch consumer's work)."""
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestObject

    import ckan.model as model

    harvester = queue.get_harvester("dcat_json")
    for obj_id in ids:
        try:
            queue.fetch_and_import_stages(harvester, HarvestObject.get(obj_id))
        except Exception as e:  # noqa: BLE001 - as a consumer would: log it, go on with the next
            print("stock import of object %s failed: %r" % (obj_id, e), file=sys.stderr, flush=True)
            model.Session.rollback()


def _in_processes(ids, workers):
    """Split the objects over ``workers`` forked processes, as that many fetch consumers would."""
    import multiprocessing
    import ckan.model as model

    if workers <= 1:
        return _stock_import(ids)
    model.Session.commit()
    model.Session.close()
    ctx = multiprocessing.get_context("fork")

    def child(part):
        model.meta.engine.dispose(close=False)
        _stock_import(part)
        model.Session.remove()

    procs = [ctx.Process(target=child, args=(ids[k::workers],)) for k in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()


def dcat_run(url, department, n, workers=1):
    import ckan.model as model
    import sqlalchemy as sa
    import ckan.plugins.toolkit as tk
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob, HarvestObject

    harvester = queue.get_harvester("dcat_json")
    if harvester is None:
        return {"run": "ckanext-dcat dcat_json", "skipped": "dcat_json_harvester is not in ckan.plugins"}
    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": user["name"], "ignore_auth": True}
    try:
        tk.get_action("organization_show")(dict(context), {"id": department})
    except tk.ObjectNotFound:
        tk.get_action("organization_create")(dict(context), {"name": department, "title": department})
    source = tk.get_action("harvest_source_create")(dict(context), {
        "name": "bench-dcat-%s" % uuid.uuid4().hex[:6], "url": url, "source_type": "dcat_json",
        "owner_org": department, "frequency": "MANUAL"})
    job = tk.get_action("harvest_job_create")(dict(context), {"source_id": source["id"], "run": False})
    job = HarvestJob.get(job["id"])
    job.status = "Running"
    job.save()
    t = time.monotonic()
    ids = queue.gather_stage(harvester, job) or []
    _in_processes(ids, workers)
    seconds = time.monotonic() - t
    states = dict(model.Session.query(HarvestObject.report_status, sa.func.count()).filter(
        HarvestObject.harvest_job_id == job.id).group_by(HarvestObject.report_status).all())
    ok = states.get("added", 0) + states.get("updated", 0)
    return {"run": "ckanext-dcat dcat_json", "records": n, "seconds": round(seconds, 2),
            "processes": max(1, workers),
            "datasets_per_second": round(ok / seconds, 1) if ok else 0.0,
            "objects_per_second": round(len(ids) / seconds, 1), "report_status": states}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ini", required=True)
    ap.add_argument("--limit", type=int, help="only the first N datasets")
    ap.add_argument("--department", default="bj-stats", help="an existing organization")
    ap.add_argument("--dcat", action="store_true", help="also run ckanext-dcat's dcat_json harvester")
    ap.add_argument("--stock-ini", help="also run ckanext-dcat's dcat_json harvester in stock CKAN "
                    "(schema and plugins), in a second process on this ini (bench/harvest/stock.sh)")
    ap.add_argument("--workers", type=int, default=2, help="processes writing records, for both "
                    "govopen (import workers) and stock (fetch consumers); default 2 (the cores)")
    ap.add_argument("--dcat-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(args.ini))
    srv, url, n = serve(CDC, args.limit)
    with app._wsgi_app.test_request_context():
        if args.dcat_only:
            runs = [dict(dcat_run(url, args.department, n, args.workers), ckan="stock CKAN schema and plugins")]
        else:
            runs = govopen_runs(url, args.department, n, args.workers)
            if args.dcat:
                runs.append(dcat_run(url, args.department, n, args.workers))
    srv.__exit__(None, None, None)
    if args.stock_ini:
        import subprocess
        cmd = [sys.executable, os.path.abspath(__file__), "--ini", args.stock_ini, "--dcat-only",
               "--department", "bench-stock", "--workers", str(args.workers)] + (
                   ["--limit", str(args.limit)] if args.limit else [])
        done = subprocess.run(cmd, check=True, capture_output=True, text=True)
        for line in done.stderr.splitlines():
            if line.startswith("stock import of object"):
                print(line, file=sys.stderr)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        ours, stock = runs[0]["datasets_per_second"], runs[-1]["datasets_per_second"]
        runs.append({"ratio govopen / stock ckanext-dcat (datasets per second)":
                     round(ours / stock, 2) if stock else None})
    for r in runs:
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
