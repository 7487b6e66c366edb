"""A harvest job's report, as an action and on ckanext-harvest's job page.

ckanext-harvest's job page counts harvest objects and lists at most 20
errors; a job run by ``ckan govopen harvest run`` has no objects at all. The
data officer needs the govopen report instead: created, updated, unchanged,
withdrawn, blocked per gate, every error with the source record's id, and,
while the job runs, how far it got (the job refreshes its report row every
few seconds: ``job.PROGRESS_SECONDS``).
"""
from __future__ import annotations

import ckan.model as ckan_model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckanext.harvest.model import HarvestJob

from . import claims, model, report


def job_report(context, data_dict):
    """The report of one harvest job.

    :param id: the harvest job's id
    :returns: counts (``created``, ``updated``, ``unchanged``, ``withdrawn``,
        ``blocked``, ``errored``), ``blocked_by_gate``, ``read``, ``errors``
        (each with ``record_id``, ``code``, ``zh``, ``en``), ``status``
        (running, finished, failed), ``started``, ``finished``
    """
    tk.check_access("govopen_harvest_job_report", context, data_dict)
    job_id = tk.get_or_bust(data_dict, "id")
    session = ckan_model.Session
    row = model.report_row(session, job_id)
    if row is None:
        raise tk.ObjectNotFound(tk._("This job has no govopen report."))
    out = report.from_db(session, job_id).as_dict()
    out.update(status=row["status"], started=row["started"].isoformat(),
               finished=row["finished"].isoformat() if row["finished"] else None,
               harvest_source_id=row["harvest_source_id"])
    return out


job_report.side_effect_free = True


def job_report_auth(context, data_dict):
    """Whoever may see the ckanext-harvest job (its source's editors) may see its report."""
    try:
        tk.check_access("harvest_job_show", context, {"id": data_dict.get("id")})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return {"success": False, "msg": tk._("Only the harvest source's department may see its jobs.")}
    return {"success": True}


def govopen_harvest_job_report(job_id):
    """Template helper: the report for the current user, or None (no report, not allowed)."""
    try:
        return tk.get_action("govopen_harvest_job_report")({"user": tk.g.user}, {"id": job_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


#: ckanext-harvest's job counters, from the govopen report's
STATS = {"errored": "errored", "added": "created", "updated": "updated", "deleted": "withdrawn",
         "not modified": "unchanged"}


@tk.chained_action
def harvest_job_show(original, context, data_dict):
    """ckanext-harvest's job, its counters (``stats``: the badges above its job
    page's details) from the govopen report where the job has one: they count
    harvest objects, which a govopen job does not write, so the page read
    "0 新增" under a report of 3 created."""
    job = original(context, data_dict)
    session = ckan_model.Session
    if isinstance(job, dict) and job.get("id") and model.report_row(session, job["id"]) is not None:
        counts = report.from_db(session, job["id"]).as_dict()
        job["stats"] = {theirs: counts.get(ours, 0) for theirs, ours in STATS.items()}
    return job


harvest_job_show.side_effect_free = True


@tk.chained_action
def harvest_jobs_run(original, context, data_dict):
    """ckanext-harvest marks a queued job Finished here, once its last object is
    imported; its govopen report finishes with it (before: a job run through
    the queue said "running", with no end, for ever). First, the objects whose
    fetch consumer died midway go back on the queue (``claims.recover``)."""
    claims.recover()
    result = original(context, data_dict)
    finish_queued_reports(ckan_model.Session)
    return result


def finish_queued_reports(session) -> int:
    """Reports still running whose ckanext-harvest job is Finished: finished
    (or failed, when the run did not read its source to the end) at the job's
    end, with their counts. Returns how many."""
    rows = session.execute(
        sa.select(model.report.c.job_id, HarvestJob.finished)
        .join(HarvestJob, HarvestJob.id == model.report.c.job_id)
        .where(model.report.c.status == "running", HarvestJob.status == "Finished")).all()
    for job_id, finished in rows:
        done = report.from_db(session, job_id)
        model.update_report(session, job_id, status="failed" if done.failed else "finished",
                            finished=finished or model.now(), counts=done.as_dict())
    if rows:
        session.commit()
    return len(rows)
