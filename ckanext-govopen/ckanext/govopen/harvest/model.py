"""The harvest tables (migration 0004_harvest), on a private MetaData.

Writes go through CKAN's ``model.Session`` so a record row and an outcome row
commit together with the dataset write they describe: after an interruption
the tables say exactly what was written, and a re-run matches by source
record id.
"""
from __future__ import annotations

import json

import sqlalchemy as sa

from ckanext.govopen.rows import now  # noqa: F401 (callers use model.now)

metadata = sa.MetaData()

record = sa.Table(
    "govopen_harvest_record", metadata,
    sa.Column("harvest_source_id", sa.UnicodeText, primary_key=True),
    sa.Column("record_id", sa.UnicodeText, primary_key=True),
    sa.Column("dataset_id", sa.UnicodeText, nullable=False),
    sa.Column("content_hash", sa.UnicodeText, nullable=False),
    sa.Column("source_modified", sa.UnicodeText),
    sa.Column("withdrawn", sa.Boolean, nullable=False, default=False),
    # the source wants it public once the gate allows (migration 0007_harvest_publish)
    sa.Column("publish", sa.Boolean, nullable=False, default=False),
    sa.Column("blockers", sa.UnicodeText),
    sa.Column("source_info", sa.UnicodeText),
    # written, not yet sent to the search index (migration 0009_harvest_pending_index)
    sa.Column("pending_index", sa.Boolean, nullable=False, default=False),
    sa.Column("last_job_id", sa.UnicodeText),
    sa.Column("created", sa.DateTime, nullable=False),
    sa.Column("updated", sa.DateTime, nullable=False),
)

state = sa.Table(
    "govopen_harvest_state", metadata,
    sa.Column("harvest_source_id", sa.UnicodeText, primary_key=True),
    sa.Column("since", sa.UnicodeText),
    sa.Column("last_job_id", sa.UnicodeText),
    sa.Column("last_complete", sa.DateTime),
    sa.Column("updated", sa.DateTime, nullable=False),
)

report = sa.Table(
    "govopen_harvest_report", metadata,
    sa.Column("job_id", sa.UnicodeText, primary_key=True),
    sa.Column("harvest_source_id", sa.UnicodeText, nullable=False),
    sa.Column("started", sa.DateTime, nullable=False),
    sa.Column("finished", sa.DateTime),
    sa.Column("status", sa.UnicodeText, nullable=False),
    sa.Column("complete", sa.Boolean),
    sa.Column("read", sa.Integer, nullable=False, default=0),
    sa.Column("unchanged", sa.Integer, nullable=False, default=0),
    sa.Column("counts", sa.UnicodeText),
)

outcome = sa.Table(
    "govopen_harvest_outcome", metadata,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
    sa.Column("job_id", sa.UnicodeText, nullable=False),
    sa.Column("record_id", sa.UnicodeText),
    sa.Column("dataset_id", sa.UnicodeText),
    sa.Column("outcome", sa.UnicodeText, nullable=False),
    sa.Column("gates", sa.UnicodeText),
    sa.Column("messages", sa.UnicodeText),
    sa.Column("created", sa.DateTime, nullable=False),
)


def dumps(value):
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def loads(text):
    return json.loads(text) if text else None


# --- records -------------------------------------------------------------------------

def records_of(session, source_id) -> dict:
    """``{record_id: row dict}`` for one harvest source (one query per run)."""
    rows = session.execute(sa.select(record).where(record.c.harvest_source_id == source_id))
    return {r.record_id: dict(r._mapping) for r in rows}


def record_for_dataset(session, dataset_id):
    """The record row of a dataset; of two (a dataset handed over from one path to
    another), the one not withdrawn."""
    row = session.execute(sa.select(record).where(record.c.dataset_id == dataset_id)
                          .order_by(record.c.withdrawn.asc(), record.c.updated.desc())).first()
    return dict(row._mapping) if row else None


def records_for_dataset(session, dataset_id) -> list:
    """Every source's record row of one dataset."""
    rows = session.execute(sa.select(record).where(record.c.dataset_id == dataset_id))
    return [dict(r._mapping) for r in rows]


def delete_records(session, source_id, record_ids):
    """Drop these record rows of one source (not committed)."""
    session.execute(record.delete().where((record.c.harvest_source_id == source_id)
                                          & (record.c.record_id.in_(list(record_ids)))))


def save_record(session, source_id, record_id, **values):
    """Write the row of one source record (not committed), in one statement. A write
    of the record's dataset (``content_hash`` given) inserts or updates it; the other
    callers (withdrawal, publication) change a row that exists."""
    values = dict(values, updated=now())
    for key in ("blockers", "source_info"):
        if key in values and not isinstance(values[key], (str, type(None))):
            values[key] = dumps(values[key])
    if "content_hash" not in values:
        session.execute(record.update().where(
            (record.c.harvest_source_id == source_id) & (record.c.record_id == record_id)).values(**values))
        return
    from sqlalchemy.dialects import postgresql

    upsert = postgresql.insert(record).values(harvest_source_id=source_id, record_id=record_id,
                                              created=values["updated"], **values)
    session.execute(upsert.on_conflict_do_update(
        index_elements=[record.c.harvest_source_id, record.c.record_id], set_=values))


def indexed(session, source_id, record_ids):
    """The search index has these records' datasets now (not committed)."""
    if record_ids:
        session.execute(record.update().where((record.c.harvest_source_id == source_id)
                                              & record.c.record_id.in_(sorted(record_ids)))
                        .values(pending_index=False))


def pending_index(session, source_id) -> list:
    """``(record_id, dataset_id)`` of this source's records written but not yet indexed."""
    return [tuple(r) for r in session.execute(
        sa.select(record.c.record_id, record.c.dataset_id).where(
            (record.c.harvest_source_id == source_id) & record.c.pending_index)
        .order_by(record.c.record_id))]


# --- state ---------------------------------------------------------------------------

def state_of(session, source_id) -> dict:
    row = session.execute(sa.select(state).where(state.c.harvest_source_id == source_id)).first()
    return dict(row._mapping) if row else {}


def save_state(session, source_id, **values):
    values = dict(values, updated=now())
    done = session.execute(state.update().where(state.c.harvest_source_id == source_id).values(**values))
    if done.rowcount == 0:
        session.execute(state.insert().values(harvest_source_id=source_id, **values))


# --- reports and outcomes ------------------------------------------------------------------

def start_report(session, job_id, source_id):
    session.execute(report.insert().values(job_id=job_id, harvest_source_id=source_id, started=now(),
                                           status="running", read=0, unchanged=0))


def update_report(session, job_id, **values):
    if "counts" in values and not isinstance(values["counts"], (str, type(None))):
        values["counts"] = dumps(values["counts"])
    session.execute(report.update().where(report.c.job_id == job_id).values(**values))


def report_row(session, job_id):
    row = session.execute(sa.select(report).where(report.c.job_id == job_id)).first()
    return dict(row._mapping) if row else None


def last_report(session, source_id):
    row = session.execute(sa.select(report).where(report.c.harvest_source_id == source_id)
                          .order_by(report.c.started.desc()).limit(1)).first()
    return dict(row._mapping) if row else None


def add_outcome(session, job_id, kind, record_id=None, dataset_id=None, gates=None, messages=None):
    session.execute(outcome.insert().values(job_id=job_id, record_id=record_id, dataset_id=dataset_id,
                                            outcome=kind, gates=dumps(gates), messages=dumps(messages),
                                            created=now()))


def outcomes(session, job_id, record_id=None) -> list:
    query = sa.select(outcome).where(outcome.c.job_id == job_id)
    if record_id is not None:
        query = query.where(outcome.c.record_id == record_id)
    rows = session.execute(query.order_by(outcome.c.id))
    out = []
    for r in rows:
        item = dict(r._mapping)
        item["gates"] = loads(item["gates"]) or []
        item["messages"] = loads(item["messages"]) or []
        out.append(item)
    return out
