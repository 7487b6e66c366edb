"""Run one harvest job to completion in this process (``ckan govopen harvest run``).

The foreground driver of the one job run (``jobrun``): it writes each record
through the ``Importer`` in this process or in worker processes, one per
core (``workers``), withdraws what the source no longer has at once, and
refreshes the job's report row while it runs. The job is a ckanext-harvest
``HarvestJob`` too, so the harvest UI lists it; one job per source runs at a
time (``jobrun.source_lock`` while it runs, ckanext-harvest's "one
unfinished job" rule before it starts). A dry run writes nothing at all.
"""
from __future__ import annotations

import datetime
import logging
import time

import ckan.model as ckan_model

from ckanext.govopen.messages import render

from . import jobrun, model, workers
from .importer import UNCHANGED
from .report import JobReport
from .sources import busy, effective

log = logging.getLogger(__name__)

#: How often a running job refreshes its report row (read and unchanged so far;
#: written records have their outcome rows already), for the job page.
PROGRESS_SECONDS = 2.0


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
            raise busy(source["name"])
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
    # the source's own search document carries its status (last job, dataset count:
    # the sources list reads it there); ckanext-harvest re-indexes it after its jobs
    try:
        from ckan.lib.search import rebuild
        rebuild(job.source_id)
    except Exception as e:      # noqa: BLE001 (Solr down: the list is behind until the next index)
        log.warning("harvest source %s not re-indexed after its job: %s", job.source_id, e)


# --- the run ----------------------------------------------------------------------------------

def run(source: dict, dry_run=False, progress=None, import_workers=None) -> JobReport:
    """Run a job for ``source`` (a harvest_source_show dict); returns its report.

    ``progress(n)`` is called after each record (the CLI's progress bar);
    ``import_workers`` processes write the records (default: the config's
    ``govopen.harvest.import_workers``; 0 or 1 writes them in this process)."""
    cfg = effective(source)
    with jobrun.source_lock(source["id"]) as got:
        if not got:
            raise busy(source["name"])
        job = None if dry_run else start_harvest_job(source)
        report = JobReport(source=source["name"], job_id=job.id if job else "", dry_run=dry_run)
        started = time.monotonic()
        try:
            one = jobrun.JobRun(source, cfg, report, _ticker(ckan_model.Session, report, progress))
            n = 0 if dry_run else (workers.configured() if import_workers is None else import_workers)
            one.run(Foreground(one.importer, n))
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


class Foreground:
    """The foreground driver: a record is written in this process, or, with ``n`` > 1
    workers, by a worker (unless it has content to stream, or is unchanged)."""

    def __init__(self, importer, n):
        self.importer, self.n, self.pool = importer, n, None

    def write(self, rec):
        if self.n > 1 and not workers.streams(rec) and self.importer.plan(rec) != UNCHANGED:
            self.pool = self.pool or workers.Workers(self.importer, self.n, jobrun.write)
            self.pool.submit(rec)
            return ()
        return [(rec.source_id,) + jobrun.write(self.importer, rec)]

    def results(self):
        return self.pool.results() if self.pool else ()

    def close(self):
        return self.pool.close() if self.pool else ()

    def noted(self, message):
        """(The job's HarvestGatherError rows are written when it finishes.)"""

    def withdraw(self, record_id):
        return self.importer.withdraw(record_id)

    def finish(self):
        return self.importer.finish()


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
