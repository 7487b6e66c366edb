"""One harvest job run: the bookkeeping both ways of running a job share.

A job reads its source once, through its connector
(``govopen_harvesters.pipeline``), and ``JobRun`` keeps what the run saw:
the records read and their ids (a listing's ids too), the newest
``source_modified`` (the source's next ``since``), each error classified
(fatal: the source was not read to the end; a notice about the document;
an errored record) with its outcome row, each record's outcome in the
report; then the withdrawals (only after a run that read the source to the
end; after an incremental run only when the source also listed all its ids)
and, after a complete run, the source's saved state.

How records reach the ``Importer`` is the driver's part, an object with:

- ``write(rec)``: a record to write (or skip); returns the outcomes it knows
  now, each ``(record_id, kind, gates, messages)``;
- ``results()`` / ``close()``: outcomes that have arrived since / the rest;
- ``noted(message)``: a source error the run has recorded;
- ``withdraw(record_id)``: a record gone from the source; returns the outcome
  kind when it is withdrawn now (None: later);
- ``finish()``: the record ids whose datasets could not be indexed.

The foreground driver (``job``, ``ckan govopen harvest run``) writes the
records in this process or in worker processes (``workers``); the queue
driver (``harvesters``, ckanext-harvest's gather stage) stores one
HarvestObject per record to write or withdraw, which the import stage writes
with ``write`` below. One job per source runs at a time: ``source_lock``.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging

import ckan.model as ckan_model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from govopen_harvesters import pipeline
from govopen_harvesters.record import HarvestError, Listing

from . import model
from .importer import Importer, UNCHANGED
from .messages import error_message, internal_error, not_indexed

log = logging.getLogger(__name__)


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


def outbound_allow() -> list:
    """The sysadmin's ``govopen.outbound.allow``: what a connector may reach
    inside; replaces anything a source config says."""
    value = tk.config.get("govopen.outbound.allow") or ""
    return value.replace(",", " ").split() if isinstance(value, str) else list(value)


def incremental(cfg, state) -> bool:
    """Connectors that read only what changed since the last run (their listing is partial)."""
    return cfg["type"] == "ckan_api" and bool(cfg.get("url")) and bool(state.get("since"))


def may_withdraw(complete, cfg, state, listed) -> bool:
    """Withdraw what this run did not see only after reading the source to the end, and,
    for an incremental read, only when the source also listed every id it has."""
    return complete and (listed or not incremental(cfg, state))


def write(importer, rec):
    """Write one record (in this process, a worker or the queue's import stage):
    ``(kind, gates, messages)``; an errored record's outcome row is written here too."""
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


class JobRun:
    """One run of a job over ``source`` into ``report`` (a ``report.JobReport``);
    ``tick(n)`` is called after each record's outcome and each error."""

    def __init__(self, source, cfg, report, tick=None):
        self.source, self.cfg, self.report = source, cfg, report
        self.tick = tick or (lambda n: None)
        self.session = ckan_model.Session
        self.state = dict(model.state_of(self.session, source["id"]))
        self.importer = Importer(source, cfg, report.job_id, report.dry_run)
        if self.importer.free_standby():     # another path let a dataset go: read everything
            self.state.pop("since", None)
        self.ids, self.listed, self.newest = set(), False, self.state.get("since")
        if not report.dry_run:
            model.start_report(self.session, report.job_id, source["id"])
            self.session.commit()

    def run(self, driver):
        """Read the source to the end through ``driver``, then withdraw and keep the state."""
        for item in pipeline.harvest(self.cfg, {"since": self.state.get("since")}, allow=outbound_allow()):
            if isinstance(item, Listing):
                self.ids |= item.ids
                self.listed = True
            elif isinstance(item, HarvestError):
                self.error(item, driver)
            else:
                self.seen(item)
                self.count_all(driver.write(item))
            self.count_all(driver.results())
        self.count_all(driver.close())
        if may_withdraw(self.report.complete, self.cfg, self.state, self.listed):
            for record_id in self.importer.gone(self.ids):
                kind = driver.withdraw(record_id)
                if kind:
                    self.report.add(kind, record_id)
            self.importer.forget_standby(self.ids)
        self.finish(driver)

    def seen(self, rec):
        """A record read: its id (not withdrawn), and the newest modification time."""
        self.report.read += 1
        self.ids.add(rec.source_id)
        if rec.source_modified and (self.newest is None or str(rec.source_modified) > str(self.newest)):
            self.newest = str(rec.source_modified)

    def error(self, err, driver):
        """A source error: fatal (the run is incomplete), a notice about the document
        (its records follow), or one record that errored (read, and not withdrawn)."""
        message = error_message(err)
        if err.fatal:
            self.report.add_error(message, fatal=True)
            kind = "fatal"
        elif err.code == "source_bad_encoding":      # about the document; its records follow
            self.report.add_error(message)
            kind = "notice"
        else:
            self.report.read += 1
            self.report.add("errored", err.record_id, messages=[message])
            kind = "errored"
        if err.record_id:
            self.ids.add(err.record_id)
        if not self.report.dry_run:
            model.add_outcome(self.session, self.report.job_id, kind, err.record_id, messages=[message])
            driver.noted(message)
            self.session.commit()
        self.tick(1)

    def count_all(self, results):
        for result in results:
            self.count(*result)

    def count(self, record_id, kind, gates, messages):
        """One record's outcome into the report (``lost``: its worker died before answering)."""
        if kind == UNCHANGED:
            self.report.add("unchanged")
        else:
            if kind == "lost":
                kind, gates, messages = self._committed_outcome(record_id) or ("errored", [], messages)
                if kind == "errored":
                    model.add_outcome(self.session, self.report.job_id, kind, record_id, messages=messages)
                    self.session.commit()
            self.report.add(kind, record_id, gates, messages)
        self.tick(1)

    def _committed_outcome(self, record_id):
        """The outcome a worker committed for ``record_id`` before it died, if any
        (the outcome row commits with the dataset, in one transaction)."""
        for row in model.outcomes(self.session, self.report.job_id, record_id):
            if row["outcome"] in ("created", "updated"):
                return row["outcome"], row["gates"], row["messages"]
        return None

    def finish(self, driver):
        """Datasets left out of the search index, the report row's counts so far, and
        after a complete run the source's next ``since``."""
        for record_id in driver.finish():
            self.report.add_error(not_indexed(record_id))
        if self.report.dry_run:
            return
        model.update_report(self.session, self.report.job_id, read=self.report.read,
                            unchanged=self.report.counts["unchanged"], complete=self.report.complete)
        if self.report.complete:
            model.save_state(self.session, self.source["id"], since=self.newest,
                             last_job_id=self.report.job_id, last_complete=model.now())
        self.session.commit()
