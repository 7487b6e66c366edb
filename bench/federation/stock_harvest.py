"""Stock CKAN harvesting a DCAT catalog with ckanext-dcat's own ``dcat_rdf`` harvester.

    $VENV/bin/python bench/federation/stock_harvest.py --ini $(bash bench/federation/stock.sh) \
        --url http://127.0.0.1:5050/catalog.ttl [--runs 2] [--workers 1]

Runs in a stock CKAN (the ini of ``stock.sh``: stock schema and plugins, no
govopen): a new organization and ``dcat_rdf`` harvest source for the URL, then
``--runs`` harvest jobs through ckanext-harvest's own stages
(``queue.gather_stage``, ``queue.fetch_and_import_stages``), in process: the
second and later runs are re-harvests of an unchanged source. Prints one JSON
object: per run its seconds and harvest-object report statuses, and the
datasets the first run created (title, name, identifier, every URL of every
resource), so a caller can check what crossed.
"""
import argparse
import datetime
import json
import multiprocessing
import sys
import time
import uuid


def _import(ids):
    """ckanext-harvest's fetch and import stages for these objects (one consumer's work)."""
    import ckan.model as model
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestObject

    harvester = queue.get_harvester("dcat_rdf")
    for obj_id in ids:
        try:
            queue.fetch_and_import_stages(harvester, HarvestObject.get(obj_id))
        except Exception as e:  # noqa: BLE001 - as a consumer would: log it, go on with the next
            print("stock import of object %s failed: %r" % (obj_id, e), file=sys.stderr, flush=True)
            model.Session.rollback()


def _in_processes(ids, workers):
    import ckan.model as model

    if workers <= 1:
        return _import(ids)
    model.Session.commit()
    model.Session.close()
    ctx = multiprocessing.get_context("fork")

    def child(part):
        model.meta.engine.dispose(close=False)
        _import(part)
        model.Session.remove()

    procs = [ctx.Process(target=child, args=(ids[k::workers],)) for k in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()


def run_job(source_id, context, workers):
    import sqlalchemy as sa

    import ckan.model as model
    import ckan.plugins.toolkit as tk
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob, HarvestObject

    harvester = queue.get_harvester("dcat_rdf")
    job = tk.get_action("harvest_job_create")(dict(context), {"source_id": source_id, "run": False})
    job = HarvestJob.get(job["id"])
    job.status = "Running"
    job.save()
    t = time.monotonic()
    ids = queue.gather_stage(harvester, job) or []
    _in_processes(ids, workers)
    seconds = time.monotonic() - t
    model.Session.remove()
    job = HarvestJob.get(job.id)          # done: the next run of this source may start
    job.status = "Finished"
    job.finished = datetime.datetime.utcnow()
    job.save()
    states = dict(model.Session.query(HarvestObject.report_status, sa.func.count()).filter(
        HarvestObject.harvest_job_id == job.id).group_by(HarvestObject.report_status).all())
    errors = [m for (m,) in model.Session.execute(sa.text(
        "SELECT message FROM harvest_gather_error WHERE harvest_job_id = :j"), {"j": job.id})]
    packages = [p for (p,) in model.Session.query(HarvestObject.package_id).filter(
        HarvestObject.harvest_job_id == job.id, HarvestObject.package_id.isnot(None))]
    return job.id, {"seconds": round(seconds, 2), "objects": len(ids),
                    "report_status": {str(k): v for k, v in states.items()},
                    "gather_errors": errors[:5]}, packages


def datasets(package_ids, context):
    import ckan.plugins.toolkit as tk

    out = []
    for pid in sorted(set(package_ids)):
        d = tk.get_action("package_show")(dict(context), {"id": pid})
        extras = {e["key"]: e["value"] for e in d.get("extras", [])}
        out.append({"name": d["name"], "title": d["title"], "state": d["state"], "private": d["private"],
                    "identifier": extras.get("identifier"),
                    "urls": sorted({r.get(k) for r in d["resources"]
                                    for k in ("url", "access_url", "download_url") if r.get(k)})})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ini", required=True, help="the stock CKAN ini (bench/federation/stock.sh)")
    ap.add_argument("--url", required=True, help="the DCAT catalog to harvest (its first page)")
    ap.add_argument("--runs", type=int, default=1, help="harvest jobs in a row (2: also an unchanged re-harvest)")
    ap.add_argument("--workers", type=int, default=1, help="forked fetch/import consumers")
    ap.add_argument("--no-datasets", action="store_true", help="do not list the created datasets")
    args = ap.parse_args()

    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    import ckan.plugins.toolkit as tk

    app = make_app(load_config(args.ini))
    with app._wsgi_app.test_request_context():
        user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        context = {"user": user["name"], "ignore_auth": True}
        tag = uuid.uuid4().hex[:8]
        org = tk.get_action("organization_create")(dict(context), {"name": "stock-%s" % tag, "title": tag})
        source = tk.get_action("harvest_source_create")(dict(context), {
            "name": "stock-dcat-%s" % tag, "title": "stock dcat %s" % tag, "url": args.url,
            "source_type": "dcat_rdf", "owner_org": org["id"], "frequency": "MANUAL"})
        runs, created = [], None
        for k in range(args.runs):
            _job, run, packages = run_job(source["id"], context, args.workers)
            runs.append(dict(run, run="first harvest" if k == 0 else "re-harvest %d (unchanged source)" % k))
            if k == 0 and not args.no_datasets:
                created = datasets(packages, context)
    print(json.dumps({"runs": runs, "datasets": created}, ensure_ascii=False))


if __name__ == "__main__":
    main()
