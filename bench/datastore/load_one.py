"""One load, in a process of its own, for ``load_bench.py``: prints one JSON line
with the load's wall time, the rows in the table after it, and the process's
memory (``VmRSS`` before the load and the peak ``VmHWM`` during it: the peak is
reset by writing 5 to ``/proc/self/clear_refs`` once setup is done, so CKAN's
start-up is not counted). The table is dropped after it is measured.

    python load_one.py govopen|govopen-rows|govopen-python|copy|xloader FILE INI

- ``govopen``: ``ckanext.govopen.datastore.store.load``, the call the content
  check (``datastore/load.py`` ``load_check``) makes once the table passed
  validation, with the file's Table Schema and the validated row count (typed
  columns, Chinese names, an index on the primary key, swapped in whole): the
  measured load is its first phase (the fast COPY: queryable); its second
  phase (``complete_full_text``: ``_full_text`` for ``q``) is measured apart
  (``full_text_*``; ``full_text_after_seconds``: from the start until ``q`` works).
  INI: govopen's.
- ``govopen-rows``: the first phase only (the 10M size, where the second phase
  would take more than an hour on the shared machine).
- ``govopen-python``: the same without the validated row count: the one-phase
  Python path (every row through ``stream.CopyStream``, ``_full_text`` made per row).
- ``copy``: psycopg2 ``COPY ... FROM STDIN (FORMAT csv, HEADER)`` of the file into
  a table with the same column types, nothing else (no ``_id``, no index).
- ``xloader``: ckanext-xloader's ``loader.load_csv`` then
  ``loader.create_column_indexes`` (the two load steps of its job
  ``xloader_data_into_datastore``, run synchronously) on a resource of the stock
  site (INI: ``stock.sh``'s); all columns text, as xloader does. Run with the
  xloader venv's python.
"""
from __future__ import annotations

import gc
import json
import logging
import os
import sys
import time
import uuid

PG_TYPES = {"integer": "int8", "number": "numeric", "date": "date", "boolean": "bool"}


def mem(key: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) // 1024     # MiB
    return 0


TICK = os.sysconf("SC_CLK_TCK")


def postgres_cpu() -> float:
    """CPU seconds (user + system) so far of every process of this stack's PostgreSQL
    (the postmaster's children: the backends doing the COPY, the WAL writer, the
    checkpointer). Elapsed time on a machine shared by other agents says little;
    the CPU both sides spend does not depend on who else runs."""
    state = os.environ.get("GOVOPEN_STATE") or os.path.join(os.path.dirname(__file__), "..", "..", ".govopen")
    with open(os.path.join(state, "pg", "data", "postmaster.pid")) as f:
        master = f.readline().strip()
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == master:
            total += int(fields[11]) + int(fields[12])
    return total / TICK


def own_cpu() -> float:
    t = os.times()
    return t.user + t.system


class Meter:
    """Wall time, this process's CPU and PostgreSQL's CPU over a load."""

    def __init__(self):
        reset_peak()
        self.before, self.t0, self.c0, self.p0 = mem("VmRSS"), time.perf_counter(), own_cpu(), postgres_cpu()

    def stop(self) -> dict:
        out = dict(seconds=time.perf_counter() - self.t0, cpu_loader=own_cpu() - self.c0,
                   cpu_postgres=postgres_cpu() - self.p0, rss_before=self.before, peak=mem("VmHWM"))
        out["cpu_total"] = out["cpu_loader"] + out["cpu_postgres"]
        return out


def reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def app_for(ini):
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    return make_app(load_config(ini))


def file_rows(path) -> int:
    """The file's data rows (``make_table.py``: one line each, after the header), as the
    validation report the content check passes (``expect_rows``) counts them."""
    with open(path, "rb") as f:
        return sum(buf.count(b"\n") for buf in iter(lambda: f.read(1 << 20), b"")) - 1


def run_govopen(path, schema, ini, python_only=False, second_phase=True):
    """``store.load`` as the content check runs it: first phase (queryable: the fast COPY)
    measured, then the second (``complete_full_text``: ``_full_text`` for ``q``).
    ``python_only``: the one-phase Python path (a file validation only sampled, or one
    the fast COPY cannot take; the loader before the two phases)."""
    import sqlalchemy as sa
    from ckanext.govopen.datastore import store
    from ckanext.datastore.backend.postgres import get_write_engine
    app = app_for(ini)
    rid = "bench-govopen-" + uuid.uuid4().hex[:8]
    expect = None if python_only else file_rows(path)
    with app._wsgi_app.test_request_context():
        store.drop(rid)
        meter = Meter()
        rows = store.load(rid, None, path, "utf-8", "csv", schema, 1, 0, expect_rows=expect, full_text=False)
        measured = meter.stop()
        pending = store.full_text_pending(rid)
        phase2 = {}
        if pending and second_phase:
            meter = Meter()
            store.complete_full_text(rid, None, path, "utf-8", "csv", schema, 1, 0, expect_rows=expect)
            phase2 = {"full_text_" + k: v for k, v in meter.stop().items()}
            phase2["full_text_after_seconds"] = measured["seconds"] + phase2["full_text_seconds"]
        with get_write_engine().connect() as conn:
            count = conn.execute(sa.text(f'SELECT count(*) FROM "{rid}"')).scalar()
            with_text = conn.execute(sa.text(
                f'SELECT count(*) FROM "{rid}" WHERE _full_text IS NOT NULL')).scalar()
        store.drop(rid)
        with get_write_engine().begin() as conn:
            conn.execute(sa.text('DELETE FROM "_govopen_load" WHERE resource_id = :id'), {"id": rid})
    return dict(measured, **phase2, two_phases=pending, rows=rows, count=count, rows_with_full_text=with_text)


def run_copy(path, schema, ini):
    import psycopg2
    from ckan.cli import load_config
    url = load_config(ini)["ckan.datastore.write_url"]
    table = "bench_copy_" + uuid.uuid4().hex[:8]
    cols = ", ".join('"%s" %s' % (f["name"], PG_TYPES.get(f["type"], "text")) for f in schema["fields"])
    conn = psycopg2.connect(url)
    meter = Meter()
    with conn, conn.cursor() as cur:
        cur.execute(f'CREATE TABLE "{table}" ({cols})')
        with open(path, "rb") as f:
            cur.copy_expert(f'COPY "{table}" FROM STDIN WITH (FORMAT csv, HEADER true)', f, size=65536)
    measured = meter.stop()
    with conn, conn.cursor() as cur:
        cur.execute(f'SELECT count(*) FROM "{table}"')
        count = cur.fetchone()[0]
        cur.execute(f'DROP TABLE "{table}"')
    conn.close()
    return dict(measured, rows=count, count=count)


def run_xloader(path, schema, ini):
    import ckan.plugins.toolkit as tk
    from ckanext.xloader import loader
    app = app_for(ini)
    log = logging.getLogger("xloader-bench")
    with app._wsgi_app.test_request_context():
        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        ctx = lambda: {"ignore_auth": True, "user": site["name"]}   # noqa: E731
        name = "bench-xloader-" + uuid.uuid4().hex[:8]
        try:
            tk.get_action("organization_show")(ctx(), {"id": "bench-dsstock"})
        except tk.ObjectNotFound:
            tk.get_action("organization_create")(ctx(), {"name": "bench-dsstock"})
        pkg = tk.get_action("package_create")(ctx(), {"name": name, "owner_org": "bench-dsstock", "resources": [
            {"url": "http://127.0.0.1/" + os.path.basename(path), "format": "CSV", "name": "t"}]})
        rid = pkg["resources"][0]["id"]
        meter = Meter()
        fields = loader.load_csv(path, rid, mimetype="text/csv", logger=log)
        load_seconds = time.perf_counter() - meter.t0
        loader.create_column_indexes(fields=fields, resource_id=rid, logger=log)
        measured = meter.stop()
        # xloader 2.6.0's create_column_indexes leaves its connection open in a transaction
        # (never committed: SQLAlchemy 2 rolls it back when collected); collect it, or the
        # DROP below waits for its lock forever
        gc.collect()
        count = tk.get_action("datastore_search")(ctx(), {"resource_id": rid, "limit": 0,
                                                          "include_total": True})["total"]
        tk.get_action("datastore_delete")(ctx(), {"resource_id": rid, "force": True})
        tk.get_action("dataset_purge")(ctx(), {"id": name})
    return dict(measured, load_csv_seconds=load_seconds, rows=count, count=count)


def main():
    tool, path, ini = sys.argv[1:4]
    logging.basicConfig(level=logging.WARNING)
    with open(path + ".schema.json", encoding="utf-8") as f:
        schema = json.load(f)
    out = {"copy": run_copy, "govopen": run_govopen, "xloader": run_xloader,
           "govopen-python": lambda *a: run_govopen(*a, python_only=True),
           "govopen-rows": lambda *a: run_govopen(*a, second_phase=False)}[tool](path, schema, ini)
    print(json.dumps(dict(out, tool=tool, file=path)), flush=True)


if __name__ == "__main__":
    main()
