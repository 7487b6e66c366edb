"""Harvest throughput through the queue with K fetch consumers (issue 18: 2 vs 4).

    $GOVOPEN_STATE/venv/bin/python bench/harvest/consumers.py --ini $GOVOPEN_STATE/ckan.ini \
        --consumer-ini $GOVOPEN_STATE/harvest-consumer.ini --limit 200 --consumers 2 4 2 4

Each round: a new source over the CDC data.json (the first ``--limit``
records, served on 127.0.0.1), its job gathered in this process (one harvest
object per record, as the gather consumer stores them), then K real
``ckan harvester fetch-consumer`` processes started and, once all K wait on
the queue (their start-up is not timed), every object sent to the queue; the
time until the last object is imported (every object COMPLETE or ERROR).
Rounds alternate the consumer counts given. Stop the stack's own fetch
consumers first (they would take objects too): ``bench/harvest/consumers.sh``
does. Datasets pile up: run it on a scratch stack. Prints one JSON line per
round, then the ratios.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from bench import CDC, serve  # noqa: E402


def start_consumers(ini, k, redis_conn, db):
    ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
    procs = [subprocess.Popen([ckan, "-c", ini, "harvester", "fetch-consumer"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True) for _ in range(k)]
    deadline = time.time() + 300
    while sum(1 for c in redis_conn.client_list() if c.get("cmd") == "blpop" and c.get("db") == db) < k:
        if time.time() > deadline or any(p.poll() is not None for p in procs):
            stop(procs)
            raise SystemExit("the fetch consumers did not start")
        time.sleep(0.5)
    return procs


def stop(procs):
    for p in procs:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for p in procs:
        p.wait(timeout=60)


def one_round(url, department, n, k, consumer_ini):
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    import sqlalchemy as sa
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob, HarvestObject

    from ckanext.govopen.harvest import sources
    from ckanext.govopen.harvest.importer import site_context

    name = "bench-q-%s" % uuid.uuid4().hex[:6]
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        # a query string of its own: ckanext-harvest allows one source per URL and config
        json.dump({"name": name, "type": "datajson", "url": url + "?round=" + name, "department": department,
                   "resource_code_prefix": "USCDC", "defaults": {"language": "en"}}, f)
    source = sources.from_file(site_context(), f.name)
    job_dict = tk.get_action("harvest_job_create")(site_context(), {"source_id": source["id"], "run": False})
    job = HarvestJob.get(job_dict["id"])
    job.status = "Running"
    job.save()
    ids = queue.gather_stage(queue.get_harvester(source["source_type"]), job) or []
    model.Session.commit()
    redis_conn = queue.get_connection()
    db = str(redis_conn.connection_pool.connection_kwargs.get("db", 0))
    procs = start_consumers(consumer_ini, k, redis_conn, db)
    try:
        publisher = queue.get_fetch_publisher()
        t = time.monotonic()
        for object_id in ids:
            publisher.send({"harvest_object_id": object_id})
        while True:
            model.Session.expire_all()
            left = model.Session.query(HarvestObject.id).filter(
                HarvestObject.harvest_job_id == job.id, HarvestObject.state.notin_(("COMPLETE", "ERROR"))).count()
            if not left:
                break
            time.sleep(0.2)
        seconds = time.monotonic() - t
    finally:
        stop(procs)
    states = dict(model.Session.query(HarvestObject.report_status, sa.func.count()).filter(
        HarvestObject.harvest_job_id == job.id).group_by(HarvestObject.report_status).all())
    tk.get_action("harvest_jobs_run")(site_context(), {"source_id": source["id"]})
    return {"consumers": k, "records": n, "objects": len(ids), "seconds": round(seconds, 2),
            "objects_per_second": round(len(ids) / seconds, 2), "report_status": states,
            "load": open("/proc/loadavg").read().split()[:3]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ini", required=True)
    ap.add_argument("--consumer-ini", required=True, help="the stack's harvest-consumer.ini")
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--department", default="bj-stats", help="an existing organization")
    ap.add_argument("--consumers", type=int, nargs="+", default=[2, 4, 2, 4])
    args = ap.parse_args()

    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    import ckan.plugins.toolkit as tk

    app = make_app(load_config(args.ini))
    srv, url, n = serve(CDC, args.limit)
    from urllib.parse import urlsplit
    tk.config["govopen.outbound.allow"] = "127.0.0.1/32:%d" % urlsplit(url).port
    rounds = []
    with app._wsgi_app.test_request_context():
        for k in args.consumers:
            rounds.append(one_round(url, args.department, n, k, args.consumer_ini))
            print(json.dumps(rounds[-1]), flush=True)
    srv.__exit__(None, None, None)
    by_k = {}
    for r in rounds:
        by_k.setdefault(r["consumers"], []).append(r["objects_per_second"])
    ks = sorted(by_k)
    if len(ks) >= 2:
        mean = {k: sum(v) / len(v) for k, v in by_k.items()}
        print(json.dumps({"ratio %d vs %d consumers (objects per second)" % (ks[-1], ks[0]):
                          round(mean[ks[-1]] / mean[ks[0]], 2), "mean_objects_per_second": mean}))


if __name__ == "__main__":
    main()
