"""Run one harvest job to completion in this process (``ckan govopen harvest run``).

Reads the source through its connector (``govopen_harvesters.pipeline``),
writes each record through the ``Importer`` (in worker processes, one per
core: ``workers``), withdraws what the source no longer has (only after a
run that read the source to the end; after an incremental run only when the
source also listed all its ids), and keeps the job's report
and the source's next ``since``. The job is a ckanext-harvest ``HarvestJob``
too, so the harvest UI lists it; one job per source runs at a time (a
PostgreSQL advisory lock while it runs, ckanext-harvest's "one unfinished
job" rule before it starts). A dry run writes nothing at all.
"""
from __future__ import annotations

import contextlib
import datetime
import hashlib
import logging
import time

import ckan.model as ckan_model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from govopen_harvesters import pipeline
from govopen_harvesters.record import HarvestError, Listing

from ckanext.govopen.messages import render

from . import messages as hmessages
from . import model, workers
from .importer import Importer, UNCHANGED
from .report import JobReport
from .sources import SourceError, effective

log = logging.getLogger(__name__)

#: How often a running job refreshes its report row (read and unchanged so far;
#: written records have their outcome rows already), for the job page.
PROGRESS_SECONDS = 2.0


@contextlib.contextmanager
def source_lock(source_id):
    """True while this process holds the source's lock (False: another job runs)."""
    key = int(hashlib.sha256(("govopen-harvest:" + source_id).encode()).hexdigest()[:15], 16)
    conn = ckan_model.meta.engine.connect()
    try:
        got = conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
        conn.commit()
        try:
            yield bool(got)
        finally:          # a pooled connection outlives us: release the lock explicitly
            if got:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()
    finally:
        conn.close()


def busy_error(name):
    return SourceError("采集源 %s 已有一个采集任务在运行，请等它结束后再试。" % name,
                       "another harvest job is running for source %s; try again when it has finished." % name)


def error_message(err: HarvestError) -> dict:
    d = err.as_dict()
    return {"code": d["code"], "where": d["where"], "record_id": d["record_id"],
            "zh": d["message"]["zh"], "en": d["message"]["en"]}


def internal_error(record_id, exc) -> dict:
    text = "%s: %s" % (type(exc).__name__, str(exc)[:300])
    return hmessages.entry("import_failed", record_id, record_id,
                           hmessages.IMPORT_FAILED(record=record_id, error=text))


def not_indexed(record_id) -> dict:
    return hmessages.entry("index_pending", record_id, record_id, hmessages.INDEX_PENDING(record=record_id))


def incremental(cfg, state) -> bool:
    """Connectors that read only what changed since the last run (their listing is partial)."""
    return cfg["type"] == "ckan_api" and bool(cfg.get("url")) and bool(state.get("since"))


def may_withdraw(complete, cfg, state, listed) -> bool:
    """Withdraw what this run did not see only after reading the source to the end, and,
    for an incremental read, only when the source also listed every id it has."""
    return complete and (listed or not incremental(cfg, state))


# --- the ckanext-harvest job row --------------------------------------------------------------

def start_harvest_job(source):
    """A ckanext-harvest job for this run; stale unfinished jobs (no pending objects,
    nobody holding the lock) are closed first: they were interrupted."""
    from ckanext.harvest.model import HarvestGatherError, HarvestJob, HarvestObject

    session = ckan_model.Session
    for job in session.query(HarvestJob).filter(HarvestJob.source_id == source["id"],
                                                HarvestJob.status.in_(["New", "Running"])):
        pending = session.query(HarvestObject.id).filter(
            HarvestObject.harvest_job_id == job.id,
            HarvestObject.state.notin_(["COMPLETE", "ERROR"])).count()
        if pending:
            raise busy_error(source["name"])
        job.status, job.finished = "Finished", datetime.datetime.utcnow()
        session.add(HarvestGatherError(job=job, message="interrupted; closed by a new run / 任务曾中断，已由新任务关闭"))
    job = HarvestJob(source_id=source["id"], status="Running", gather_started=datetime.datetime.utcnow())
    session.add(job)
    session.commit()
    return job


def finish_harvest_job(job, report):
    from ckanext.harvest.model import HarvestGatherError

    session = ckan_model.Session
    now = datetime.datetime.utcnow()
    for e in report.errors[:1000]:
        session.add(HarvestGatherError(harvest_job_id=job.id, message="[%s] %s / %s" % (
            e.get("record_id") or "-", render(e, "en"), render(e, "zh"))))
    job.gather_finished = job.gather_finished or now
    job.finished, job.status = now, "Finished"
    session.add(job)
    session.commit()


# --- the run ----------------------------------------------------------------------------------

def run(source: dict, dry_run=False, progress=None, import_workers=None) -> JobReport:
    """Run a job for ``source`` (a harvest_source_show dict); returns its report.

    ``progress(n)`` is called after each record (the CLI's progress bar);
    ``import_workers`` processes write the records (default: the config's
    ``govopen.harvest.import_workers``; 0 or 1 writes them in this process)."""
    cfg = effective(source)
    with source_lock(source["id"]) as got:
        if not got:
            raise busy_error(source["name"])
        job = None if dry_run else start_harvest_job(source)
        report = JobReport(source=source["name"], job_id=job.id if job else "", dry_run=dry_run)
        started = time.monotonic()
        try:
            _run(source, cfg, report, progress, import_workers)
        finally:
            report.seconds = time.monotonic() - started
            if job is not None:
                ckan_model.Session.rollback()
                model.update_report(ckan_model.Session, job.id, finished=model.now(),
                                    status="failed" if report.failed else "finished",
                                    complete=report.complete, read=report.read,
                                    unchanged=report.counts["unchanged"], counts=report.as_dict())
                finish_harvest_job(job, report)
    return report


def outbound_allow() -> list:
    """The sysadmin's ``govopen.outbound.allow``: what a connector may reach
    inside; replaces anything a source config says."""
    value = tk.config.get("govopen.outbound.allow") or ""
    return value.replace(",", " ").split() if isinstance(value, str) else list(value)


def _run(source, cfg, report, progress, import_workers):
    session = ckan_model.Session
    state = dict(model.state_of(session, source["id"]))
    importer = Importer(source, cfg, report.job_id, report.dry_run)
    if not report.dry_run:
        model.start_report(session, report.job_id, source["id"])
        session.commit()
    n = 0 if report.dry_run else (workers.configured() if import_workers is None else import_workers)
    pool = None
    tick = _ticker(session, report, progress)
    seen, newest, listed = set(), state.get("since"), False
    for item in pipeline.harvest(cfg, {"since": state.get("since")}, allow=outbound_allow()):
        if isinstance(item, Listing):
            seen |= item.ids
            listed = True
        elif isinstance(item, HarvestError):
            _error(importer, report, item)
            if item.record_id:
                seen.add(item.record_id)
            tick(1)
        else:
            report.read += 1
            seen.add(item.source_id)
            if item.source_modified and (newest is None or str(item.source_modified) > str(newest)):
                newest = str(item.source_modified)
            if n > 1 and not workers.streams(item) and importer.plan(item) != UNCHANGED:
                pool = pool or workers.Workers(importer, n, outcome)
                pool.submit(item)
            else:
                _count(importer, report, item.source_id, *outcome(importer, item))
                tick(1)
        for result in (pool.results() if pool else ()):
            _count(importer, report, *result)
            tick(1)
    for result in (pool.close() if pool else ()):
        _count(importer, report, *result)
        tick(1)
    if may_withdraw(report.complete, cfg, state, listed):
        for record_id in importer.gone(seen):
            report.add(importer.withdraw(record_id), record_id)
    for record_id in importer.finish():
        report.add_error(not_indexed(record_id))
    if not report.dry_run and report.complete:
        model.save_state(session, source["id"], since=newest, last_job_id=report.job_id,
                         last_complete=model.now())
        session.commit()


def _ticker(session, report, progress):
    """``tick(n)`` after each record: the caller's progress bar, and every
    ``PROGRESS_SECONDS`` the report row, so the job page shows how far the job got."""
    last = [time.monotonic()]

    def tick(n):
        if not report.dry_run and time.monotonic() - last[0] >= PROGRESS_SECONDS:
            model.update_report(session, report.job_id, read=report.read,
                                unchanged=report.counts["unchanged"])
            session.commit()
            last[0] = time.monotonic()
        if progress:
            progress(n)
    return tick


def outcome(importer, rec):
    """Write one record (in this process or a worker): ``(kind, gates, messages)``;
    an errored record's outcome row is written here too."""
    try:
        kind, gates, messages = importer.apply(rec)
    except Exception as e:  # noqa: BLE001 - one record's failure must not end the job
        log.exception("harvest %s: record %s failed", importer.source["name"], rec.source_id)
        importer.session.rollback()
        kind, gates, messages = "errored", [], [internal_error(rec.source_id, e)]
    if kind == "errored" and not importer.dry_run:
        model.add_outcome(importer.session, importer.job_id, "errored", rec.source_id, messages=messages)
        importer.session.commit()
    return kind, gates, messages


def _count(importer, report, record_id, kind, gates, messages):
    """One record's outcome into the report (``lost``: its worker died before answering)."""
    if kind == UNCHANGED:
        report.add("unchanged")
        return
    if kind == "lost":
        kind, gates, messages = _committed_outcome(importer, record_id) or ("errored", [], messages)
        if kind == "errored":
            model.add_outcome(importer.session, importer.job_id, kind, record_id, messages=messages)
            importer.session.commit()
    report.add(kind, record_id, gates, messages)


def _committed_outcome(importer, record_id):
    """The outcome a worker committed for ``record_id`` before it died, if any
    (the outcome row commits with the dataset, in one transaction)."""
    for row in model.outcomes(importer.session, importer.job_id, record_id):
        if row["outcome"] in ("created", "updated"):
            return row["outcome"], row["gates"], row["messages"]
    return None


def _error(importer, report, err):
    message = error_message(err)
    if err.fatal:
        report.add_error(message, fatal=True)
        kind = "fatal"
    elif err.code == "source_bad_encoding":      # about the document; its records follow
        report.add_error(message)
        kind = "notice"
    else:
        report.read += 1
        report.add("errored", err.record_id, messages=[message])
        kind = "errored"
    if not report.dry_run:
        model.add_outcome(importer.session, report.job_id, kind, err.record_id, messages=[message])
        importer.session.commit()
