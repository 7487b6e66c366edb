"""Several harvest fetch consumers, one killed midway: every record is written
exactly once (one dataset, one outcome row, one audit entry, one activity),
and the job finishes.

Three real ``ckan harvester fetch-consumer`` processes on the test site's
queue. The test holds a lock on the harvest record table, so a consumer that
takes an object stops in the middle of its write (its dataset inserted, not
committed). Then: a second delivery of one object reaches the idle consumer
while the first consumer still writes it, and the consumer of the other object
is killed (SIGKILL, by its PID). Before ``harvest/claims.py`` the killed
consumer's object stayed in IMPORT (ckanext-harvest sends such an object again
only after three minutes, and then whether its consumer is dead or merely slow),
so the job never finished here.
"""
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckanext.activity.model import Activity
from ckanext.harvest import queue
from ckanext.harvest.model import HarvestJob, HarvestObject

from ckanext.govopen.classification import model as cmodel
from ckanext.govopen.harvest import claims
from ckanext.govopen.harvest import model as hmodel
from ckanext.govopen.harvest.importer import site_context

from tests.integration.test_harvest_datajson import Catalog, make_source, server  # noqa: F401

pytestmark = [pytest.mark.ckan_services, pytest.mark.usefixtures("with_plugins", "clean_all")]

CONSUMERS = 3
WAIT = 120          # seconds for a step (CKAN starting in three processes on a busy machine)


def until(what, check, seconds=WAIT):
    deadline = time.time() + seconds
    while True:
        value = check()
        if value:
            return value
        assert time.time() < deadline, "waited %d s for %s" % (seconds, what)
        time.sleep(0.3)


@pytest.fixture
def redis_conn():
    conn = queue.get_connection()
    routing_key = queue.get_fetch_routing_key()
    queue.purge_queues()
    yield conn
    queue.purge_queues()
    for key in conn.scan_iter(match=routing_key + ":*"):
        conn.delete(key)


CONSUMER_NAME = "govopen-test-consumer-"


def with_query(url, param):
    return url + ("&" if "?" in url else "?") + param


@pytest.fixture
def consumers(request, tmp_path, ckan_config, redis_conn):
    """``CONSUMERS`` fetch consumers on the test ini (BLPOP without redis-py's socket
    timeout, as ``make up``'s consumer ini), each in its own process group; the
    database connections of consumer ``k`` are named ``govopen-test-consumer-k``."""
    ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
    log = open(tmp_path / "consumers.log", "ab")
    procs = []
    for k in range(CONSUMERS):
        ini = tmp_path / ("consumer-%d.ini" % k)
        ini.write_text("[app:main]\nuse = config:%s\nckan.redis.url = %s\nsqlalchemy.url = %s\n" % (
            os.path.abspath(request.config.getoption("--ckan-ini")),
            with_query(ckan_config["ckan.redis.url"], "socket_timeout=3600"),
            with_query(ckan_config["sqlalchemy.url"], "application_name=%s%d" % (CONSUMER_NAME, k))))
        procs.append(subprocess.Popen([ckan, "-c", str(ini), "harvester", "fetch-consumer"], stdout=log,
                                      stderr=subprocess.STDOUT, start_new_session=True))
    db = str(redis_conn.connection_pool.connection_kwargs.get("db", 0))

    def waiting():
        for p in procs:
            assert p.poll() in (None, -signal.SIGKILL), "a consumer exited; log %s" % (tmp_path / "consumers.log")
        return sum(1 for c in redis_conn.client_list() if c.get("cmd") == "blpop" and c.get("db") == db)
    try:
        until("%d consumers on the queue" % CONSUMERS, lambda: waiting() == CONSUMERS)
        yield procs, waiting
    finally:
        for p in procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGKILL)
            p.wait(timeout=30)
        log.close()


def claimed(engine):
    """``{object id: consumer pid}`` of the claims held now."""
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT application_name FROM pg_stat_activity "
                                    "WHERE application_name LIKE :p"), {"p": claims.APP_NAME + " %"})
        return {name.split()[2]: int(name.split()[1]) for (name,) in rows}


def writing(engine):
    """``{record id: consumer k}`` of the consumers whose write of a record waits
    on the test's lock (psycopg2 sends the statement with its values)."""
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT application_name, query FROM pg_stat_activity "
                                    "WHERE wait_event_type = 'Lock' AND application_name LIKE :p "
                                    "AND query LIKE '%govopen_harvest_record%'"), {"p": CONSUMER_NAME + "%"})
        return {re.search(r"'(ds-\d\d)'", query).group(1): int(name[len(CONSUMER_NAME):])
                for name, query in rows}


def gathered(source):
    """The job gathered in this process: one HarvestObject per record, none sent yet."""
    harvester = queue.get_harvester(source["source_type"])
    job_dict = tk.get_action("harvest_job_create")(site_context(), {"source_id": source["id"], "run": False})
    harvest_job = HarvestJob.get(job_dict["id"])
    harvest_job.status = "Running"
    harvest_job.save()
    ids = queue.gather_stage(harvester, harvest_job)
    assert ids and len(ids) == 2
    return harvest_job.id, ids


def test_killed_consumer_and_second_delivery_write_each_record_once(
        tmp_path, department, server, consumers, redis_conn, ckan_config, monkeypatch):  # noqa: F811
    procs, waiting = consumers
    monkeypatch.setitem(ckan_config, "govopen.harvest.claim_grace", "1")
    source, _ = make_source(tmp_path, department, server.add("/data.json", Catalog(2)))
    job_id, ids = gathered(source)
    engine = model.meta.engine
    publisher = queue.get_fetch_publisher()

    table_lock = engine.connect()
    table_lock.execute(sa.text("LOCK TABLE govopen_harvest_record IN EXCLUSIVE MODE"))
    try:
        for object_id in ids:
            publisher.send({"harvest_object_id": object_id})
        # two consumers each in the middle of one record's write (its dataset
        # inserted, not committed), the third idle
        writers = until("both records' writes waiting", lambda: len(writing(engine)) == 2 and writing(engine))
        guid = {o.guid: o.id for o in model.Session.query(HarvestObject).filter(HarvestObject.id.in_(ids))}
        (kill_rec, victim), (keep_rec, _k) = sorted(writers.items())
        keep_obj = guid[keep_rec]
        # a second delivery of an object its consumer is still writing (ckanext-harvest
        # resends one after three minutes, or a second scheduler does): the idle consumer takes it
        redis_conn.rpush(queue.get_fetch_routing_key(), json.dumps({"harvest_object_id": keep_obj}))
        until("the idle consumer took the second delivery",
              lambda: waiting() == 0 and redis_conn.llen(queue.get_fetch_routing_key()) == 0)
        os.kill(procs[victim].pid, signal.SIGKILL)
        assert procs[victim].wait(timeout=30) == -signal.SIGKILL
    finally:
        table_lock.rollback()
        table_lock.close()

    # the two deliveries of the same object: written once
    until("the two live consumers back on the queue", lambda: waiting() == CONSUMERS - 1)
    assert [o["outcome"] for o in hmodel.outcomes(model.Session, job_id, keep_rec)] == ["created"]

    def finished():
        tk.get_action("harvest_jobs_run")(site_context(), {"source_id": source["id"]})
        model.Session.expire_all()
        return HarvestJob.get(job_id).status == "Finished"
    until("the job to finish", finished)

    objects = model.Session.query(HarvestObject).filter(HarvestObject.harvest_job_id == job_id).all()
    assert sorted((o.state, o.report_status) for o in objects) == [("COMPLETE", "added")] * 2
    records = hmodel.records_of(model.Session, source["id"])
    assert sorted(records) == ["ds-00", "ds-01"]
    dataset_ids = sorted(r["dataset_id"] for r in records.values())
    assert sorted(o.package_id for o in objects) == dataset_ids
    outcomes = hmodel.outcomes(model.Session, job_id)
    assert sorted((o["record_id"], o["outcome"], o["dataset_id"]) for o in outcomes) == sorted(
        (rid, "created", r["dataset_id"]) for rid, r in records.items())
    names = [n for (n,) in model.Session.query(model.Package.name).filter(
        model.Package.type == "dataset", model.Package.name.like("test-datajson-%"))]
    assert len(names) == 2
    # (the audit log outlives other tests' cleaning: this job's datasets only)
    audit = model.Session.execute(sa.select(cmodel.audit_log.c.dataset_id).where(
        cmodel.audit_log.c.action == "created",
        cmodel.audit_log.c.dataset_id.in_(dataset_ids))).scalars().all()
    assert sorted(audit) == dataset_ids
    activities = model.Session.query(Activity.object_id).filter(
        Activity.activity_type == "new package", Activity.object_id.in_(dataset_ids)).all()
    assert sorted(a for (a,) in activities) == dataset_ids
    report = tk.get_action("govopen_harvest_job_report")(site_context(), {"id": job_id})
    assert (report["status"], report["created"], report["errored"], report["read"]) == ("finished", 2, 0, 2)
    assert claimed(engine) == {}
