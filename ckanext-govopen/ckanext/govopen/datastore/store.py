"""The DataStore database: load a table, drop it, and each resource's load state.

A load runs in ONE transaction on the DataStore's write connection: the rows
go by ``COPY`` into a new table ``_load_<resource id>`` (a name the
DataStore's ``_table_metadata`` never lists), with CKAN's ``_id`` and
``_full_text`` columns, its full-text trigger and the column info in the
column comments as ``datastore_create`` writes them; then the old table is
dropped and the new one renamed to the resource id, and the transaction
commits. Readers see the old rows or the new rows, never a mix or nothing.
Loads of the same resource wait for each other (advisory lock).

``_govopen_load`` keeps per resource the last outcome (loaded / error /
dropped), the content hash, row count and the zh/en error; the DataStore's
read-only role may not read it.
"""
from __future__ import annotations

import json
import os
from typing import Optional

import psycopg2
import sqlalchemy as sa
from sqlalchemy.engine import make_url

import ckan.plugins.toolkit as tk
from ckanext.datastore.backend import postgres as datastore_backend
from ckanext.datastore.backend.postgres import get_write_engine, identifier, literal_string

from . import fastcopy
from .columns import LoadError
from .messages import message
from .stream import FULL_TEXT, CopyStream, column_list

STATE_TABLE = "_govopen_load"
LOADED, ERROR, DROPPED = "loaded", "error", "dropped"

_STATE_DDL = f"""
CREATE TABLE IF NOT EXISTS "{STATE_TABLE}" (
    resource_id text PRIMARY KEY,
    package_id text,
    status text NOT NULL,
    sha256 text,
    settings text,
    rows bigint NOT NULL DEFAULT 0,
    error jsonb,
    updated timestamptz NOT NULL DEFAULT now());
ALTER TABLE "{STATE_TABLE}" ADD COLUMN IF NOT EXISTS full_text boolean NOT NULL DEFAULT true
"""
_ready = set()


def _engine():
    return get_write_engine()


def _drop_inherited_pools() -> None:
    """In a forked child (the harvest's import workers, any other): the DataStore
    engines' pooled connections belong to the parent; using them from two
    processes mixes their replies ("error with status PGRES_TUPLES_OK and no
    message from the libpq"). The child forgets them, unclosed, and opens its own."""
    for engine in list(datastore_backend._engines.values()):
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_drop_inherited_pools)


def _ensure_state(conn) -> None:
    url = tk.config.get("ckan.datastore.write_url")
    if url in _ready:
        return
    conn.execute(sa.text(_STATE_DDL))
    reader = make_url(tk.config.get("ckan.datastore.read_url")).username
    conn.execute(sa.text(f'REVOKE ALL ON "{STATE_TABLE}" FROM PUBLIC'))
    if reader:
        conn.execute(sa.text(f'REVOKE ALL ON "{STATE_TABLE}" FROM {identifier(reader)}'))
    _ready.add(url)


def state(resource_id: str) -> Optional[dict]:
    """The last load outcome of a resource, or None."""
    with _engine().begin() as conn:
        _ensure_state(conn)
        row = conn.execute(sa.text(f'SELECT * FROM "{STATE_TABLE}" WHERE resource_id = :id'),
                           {"id": resource_id}).mappings().first()
    if row is None:
        return None
    out = dict(row)
    out["updated"] = out["updated"].isoformat()
    if isinstance(out.get("error"), str):
        out["error"] = json.loads(out["error"])
    return out


_UPSERT_STATE = f"""
    INSERT INTO "{STATE_TABLE}" (resource_id, package_id, status, sha256, settings, rows, error,
        full_text, updated)
    VALUES (%(id)s, %(pkg)s, %(status)s, %(sha)s, %(settings)s, %(rows)s, CAST(%(error)s AS jsonb),
        %(ft)s, now())
    ON CONFLICT (resource_id) DO UPDATE SET package_id = EXCLUDED.package_id, status = EXCLUDED.status,
        sha256 = EXCLUDED.sha256, settings = EXCLUDED.settings, rows = EXCLUDED.rows,
        error = EXCLUDED.error, full_text = EXCLUDED.full_text, updated = now()"""


def _state_params(resource_id, package_id, status, sha256=None, settings=None, rows=0, error=None,
                  full_text=True) -> dict:
    """``full_text`` false: the table's first phase (``load``), its ``_full_text`` still empty."""
    return {"id": resource_id, "pkg": package_id, "status": status, "sha": sha256, "settings": settings,
            "rows": rows, "error": json.dumps(error, ensure_ascii=False) if error else None,
            "ft": bool(full_text)}


def _save_state(conn, *args, **kw):
    _ensure_state(conn)
    conn.exec_driver_sql(_UPSERT_STATE, _state_params(*args, **kw))


def record_error(resource_id, package_id, sha256, settings, error: dict) -> None:
    with _engine().begin() as conn:
        _save_state(conn, resource_id, package_id, ERROR, sha256, settings, 0, error)


def table_exists(resource_id: str) -> bool:
    with _engine().connect() as conn:
        return conn.execute(sa.text("SELECT to_regclass(:name) IS NOT NULL"),
                            {"name": identifier(resource_id)}).scalar()


def loaded_ids() -> list:
    """Every resource id with a table in the DataStore (aliases aside)."""
    with _engine().connect() as conn:
        return [r[0] for r in conn.execute(sa.text(
            'SELECT name FROM "_table_metadata" WHERE alias_of IS NULL'))]


def existing(resource_ids) -> set:
    """Those of ``resource_ids`` that have a table (or a half-made one) in the DataStore."""
    names = [n for rid in resource_ids for n in (rid, "_load_" + rid)]
    with _engine().connect() as conn:
        found = {r[0] for r in conn.execute(sa.text(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname = ANY(:names)"), {"names": names})}
    return {rid for rid in resource_ids if rid in found or "_load_" + rid in found}


def drop(resource_id: str, package_id=None, note: Optional[dict] = None) -> bool:
    """Take a resource's table out of the DataStore; True when there was one."""
    with _engine().begin() as conn:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:id))"), {"id": resource_id})
        existed = conn.execute(sa.text("SELECT to_regclass(:name) IS NOT NULL"),
                               {"name": identifier(resource_id)}).scalar()
        conn.execute(sa.text(f"DROP TABLE IF EXISTS {identifier(resource_id)} CASCADE"))
        conn.execute(sa.text(f"DROP TABLE IF EXISTS {identifier('_load_' + resource_id)} CASCADE"))
        conn.execute(sa.text('DELETE FROM "_table_stats" WHERE resource_id = :id'), {"id": resource_id})
        _ensure_state(conn)
        if existed or note:
            _save_state(conn, resource_id, package_id, DROPPED, error=note)
    return bool(existed)


def _comments(table: str, cols) -> list:
    out = []
    for c in cols:
        info = {k: v for k, v in c.info.items() if v}
        if info:
            out.append("COMMENT ON COLUMN {0}.{1} IS {2}".format(
                identifier(table), identifier(c.name),
                literal_string(" " + json.dumps({"_info": info}, ensure_ascii=False, separators=(",", ":")))))
    return out


def key_fields(schema: Optional[dict], names: list) -> list:
    """The columns the Table Schema marks as keys (``primaryKey``, ``foreignKeys``), indexed."""
    if not isinstance(schema, dict):
        return []
    wanted = []

    def add(value):
        for name in ([value] if isinstance(value, str) else value if isinstance(value, list) else []):
            if isinstance(name, str) and name in names and name not in wanted:
                wanted.append(name)

    add(schema.get("primaryKey"))
    for fk in schema.get("foreignKeys") or []:
        if isinstance(fk, dict):
            add(fk.get("fields"))
    return wanted


FULL_TEXT_INDEX = "__full_text_gin"
#: the GIN build's memory for its lexeme lists (``maintenance_work_mem``, PostgreSQL's default 64MB;
#: 1GB built the 1M-row bench table no faster: bench/datastore/RESULTS.md)
FULL_TEXT_INDEX_MEMORY = "256MB"


def full_text_index(resource_id: str) -> str:
    """The name of a table's GIN index on ``_full_text``: CKAN's own name for it
    (``create_indexes``), so CKAN finds it there and does not build a second one."""
    return datastore_backend._generate_index_name(resource_id, identifier("_full_text"))


class _NotFast(Exception):
    """The fast COPY could not load the file as it is: the Python path will, or will say why."""


def _build(resource_id: str, cols, schema, fill, state: dict, fast: bool = False,
           sha256=False) -> Optional[int]:
    """A new table for ``resource_id`` filled by ``fill(cursor, table)`` (-> rows) and
    swapped in with its load ``state`` (``_state_params`` but rows), in ONE transaction;
    returns the rows. ``fast``: any refusal raises
    ``_NotFast`` (nothing changed). ``sha256`` (the second phase): only while the
    resource's last load is still that file's first phase; else None, nothing changed."""
    new, final = "_load_" + resource_id, resource_id
    ddl = ", ".join(["_id serial", "_full_text tsvector"] +
                    [f"{identifier(c.name)} {c.type}" for c in cols])
    with _engine().begin() as conn:
        _ensure_state(conn)
    raw = _engine().raw_connection()
    try:
        cur = raw.cursor()
        try:
            cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (resource_id,))
            if sha256 is not False and _phase_one_of(cur, resource_id) != sha256:
                raw.rollback()
                return None
            cur.execute(f"DROP TABLE IF EXISTS {identifier(new)} CASCADE")
            cur.execute(f"CREATE TABLE {identifier(new)} ({ddl})")
            for statement in _comments(new, cols):
                cur.execute(statement.replace("%", "%%"))
            # the _id of each row, then its primary key: built once after the COPY (not row
            # by row during it), and the sequence handing the COPY its numbers in blocks;
            # together ~1.3x less backend CPU for the first phase (bench/datastore/RESULTS.md)
            seq = identifier(new + "__id_seq")
            cur.execute(f"ALTER SEQUENCE {seq} CACHE 100000")
            rows = fill(cur, new)
            cur.execute(f"ALTER SEQUENCE {seq} CACHE 1")
            cur.execute(f"ALTER TABLE {identifier(new)} ADD PRIMARY KEY (_id)")
            # CKAN's full-text trigger (for later upserts), made after the COPY: every row
            # came with its _full_text (or the second phase gives it), which the trigger
            # keeps; per row it only cost time
            cur.execute(f"CREATE TRIGGER zfulltext BEFORE INSERT OR UPDATE ON {identifier(new)} "
                        "FOR EACH ROW EXECUTE PROCEDURE populate_full_text_trigger()")
            for name in key_fields(schema, [c.name for c in cols]):
                cur.execute(f"CREATE INDEX ON {identifier(new)} ({identifier(name)})")
            if not fast:
                # the rows came with their _full_text (the Python path, or the second phase):
                # index it for q (``_full_text @@ tsquery``), or every q scans the whole heap
                # (66x stock CKAN's latency at 1M rows, bench/datastore/RESULTS.md)
                cur.execute(f"SET LOCAL maintenance_work_mem = '{FULL_TEXT_INDEX_MEMORY}'")
                cur.execute(f"CREATE INDEX {identifier(new + FULL_TEXT_INDEX)} ON {identifier(new)} "
                            "USING gin (_full_text)")
            # the swap: the old table out, the new one in, in this transaction
            cur.execute(f"DROP TABLE IF EXISTS {identifier(final)} CASCADE")
            cur.execute(f"ALTER TABLE {identifier(new)} RENAME TO {identifier(final)}")
            cur.execute(f"ALTER SEQUENCE {identifier(new + '__id_seq')} RENAME TO {identifier(final + '__id_seq')}")
            cur.execute(f"ALTER INDEX {identifier(new + '_pkey')} RENAME TO {identifier(final + '_pkey')}")
            if not fast:
                cur.execute(f"ALTER INDEX {identifier(new + FULL_TEXT_INDEX)} RENAME TO "
                            f"{identifier(full_text_index(final))}")
            # the exact row count, for datastore_search's unfiltered ``total`` (CKAN's
            # cached_table_row_count reads it: no count(*) over the table, ever; the
            # table changes only by a load like this one, so the count stays exact)
            cur.execute('INSERT INTO "_table_stats" VALUES (%s, jsonb_build_object(\'rows\', %s::bigint)) '
                        'ON CONFLICT (resource_id) DO UPDATE SET stats = EXCLUDED.stats', (final, rows))
            cur.execute(_UPSERT_STATE, dict(state, rows=rows))
        finally:
            cur.close()
        raw.commit()
    except LoadError:
        raw.rollback()
        if fast:
            raise _NotFast() from None
        raise
    except Exception as e:  # noqa: BLE001 - the database's refusal, said to the department
        raw.rollback()
        if fast and isinstance(e, psycopg2.Error):
            raise _NotFast() from None
        if isinstance(e, psycopg2.Error):
            detail = (getattr(getattr(e, "diag", None), "message_primary", None) or str(e)).strip()
            raise LoadError(message("database", detail=detail[:300])) from None
        raise
    finally:
        raw.close()
    return rows


def _phase_one_of(cur, resource_id: str):
    """The file (sha256) whose first phase is the resource's table now, or None (no
    table waiting for its full text: loaded whole, dropped, or never loaded)."""
    cur.execute(f'SELECT status, sha256, full_text FROM "{STATE_TABLE}" WHERE resource_id = %s',
                (resource_id,))
    row = cur.fetchone()
    if row is None or row[0] != LOADED or row[2]:
        return None
    return row[1] or ""


def _checked(rows: int, expect_rows: Optional[int]) -> int:
    if expect_rows is not None and rows != expect_rows:
        raise LoadError(message("row_count", got=rows, want=expect_rows))
    return rows


def _fill_python(source: CopyStream, expect_rows):
    def fill(cur, table):
        names = column_list(source.columns)
        try:
            cur.copy_expert(f"COPY {identifier(table)} ({FULL_TEXT}, {names}) FROM STDIN "
                            f"WITH (FORMAT csv, FORCE_NULL ({FULL_TEXT}, {names}))", source, size=65536)
        except psycopg2.Error:
            if source.error is not None:    # the row and column, not "error in .read() call"
                raise source.error from None
            raise
        return _checked(source.rows, expect_rows)
    return fill


def _fill_fast(path: str, plan: fastcopy.Plan, cols, expect_rows):
    def fill(cur, table):
        names = column_list(cols)
        with open(path, "rb") as f:
            cur.copy_expert(f"COPY {identifier(table)} ({names}) FROM STDIN WITH ({plan.options(names)})",
                            f, size=fastcopy.CHUNK)
        return _checked(cur.rowcount, expect_rows)
    return fill


def load(resource_id: str, package_id: str, path: str, encoding: Optional[str], fmt: str,
         schema: Optional[dict], header_row: int, footer_rows: int, labels=None,
         sha256=None, settings=None, expect_rows: Optional[int] = None, full_text: bool = True) -> int:
    """Load the table at ``path`` as the DataStore table of ``resource_id``; returns the
    number of rows. Raises ``LoadError`` (zh/en) and leaves the old table as it was.

    In two phases when the file qualifies (``fastcopy``: validated whole, nothing
    PostgreSQL cannot parse itself): first the file as it is by ``COPY`` (typed rows,
    keys indexed, swapped in: queryable; ``_full_text`` empty, the state says so and
    ``datastore_search``'s ``q`` answers "being prepared"), then, with ``full_text``,
    the same rows again through the Python path with their ``_full_text``, swapped in
    the same way (``complete_full_text``; each row keeps its ``_id``). Otherwise the
    Python path alone, in one phase."""
    source = CopyStream(path, encoding, fmt, schema, header_row, footer_rows, labels)
    cols = source.columns
    plan = None if expect_rows is None else fastcopy.plan(
        encoding, source.delimiter, schema, source.header, header_row, footer_rows)
    try:
        if plan is not None:
            try:
                rows = _build(resource_id, cols, schema, _fill_fast(path, plan, cols, expect_rows),
                              _state_params(resource_id, package_id, LOADED, sha256, settings,
                                            full_text=False), fast=True)
            except _NotFast:
                plan = None
            else:
                if not full_text:
                    return rows
        done = _build(resource_id, cols, schema, _fill_python(source, expect_rows),
                      _state_params(resource_id, package_id, LOADED, sha256, settings),
                      sha256=(sha256 or "") if plan is not None else False)
    finally:
        source.close()
    return rows if done is None else done      # None: a newer load or a drop came between the phases


def complete_full_text(resource_id: str, package_id: str, path: str, encoding: Optional[str], fmt: str,
                       schema: Optional[dict], header_row: int, footer_rows: int, labels=None,
                       sha256=None, settings=None, expect_rows: Optional[int] = None) -> Optional[int]:
    """The second phase alone, after ``load(..., full_text=False)`` of the same file;
    None: nothing done (the table is not that file's first phase any more)."""
    source = CopyStream(path, encoding, fmt, schema, header_row, footer_rows, labels)
    try:
        return _build(resource_id, source.columns, schema, _fill_python(source, expect_rows),
                      _state_params(resource_id, package_id, LOADED, sha256, settings),
                      sha256=sha256 or "")
    finally:
        source.close()


def full_text_pending(resource_id: str) -> bool:
    """Is the resource's table loaded without its ``_full_text`` yet (its first phase)?"""
    found = state(resource_id)
    return bool(found) and found["status"] == LOADED and not found.get("full_text", True)
