"""Put the same bench table (``make_table.py``) into each site's DataStore, for
``search_bench.py``; prints one JSON line with the resource id and the seconds.

    python search_setup.py govopen FILE GOVOPEN_INI RESOURCE_ID [--two-phases]
    python search_setup.py stock FILE STOCK_INI [--rows-only]

Prints one JSON line per step as it ends (``--two-phases``: the first phase's line
as soon as the table is queryable), with wall seconds and the CPU seconds of this
process and of the stack's PostgreSQL (``load_one.Meter``: every backend, so a
load running beside it on the same PostgreSQL is counted too).

- ``govopen``: ``ckanext.govopen.datastore.store.load`` (the content check's own
  load: typed columns from the Table Schema, ``_full_text`` cut as govopen cuts
  Chinese, an index on the primary key 编号, swapped in whole) as the table of
  RESOURCE_ID (``--two-phases``: as the content check loads a file validated
  whole: the fast COPY first, then ``complete_full_text``; else the one-phase
  Python path), an existing resource of a published, unconditionally open
  dataset of the govopen site: anonymous callers then read it through the real
  access path (CKAN's auth, then the one verdict).
- ``stock``: what ckanext-xloader 2.6.0 gives the stock site (``stock.sh``): a
  public dataset with one resource, ``datastore_create`` with every column
  ``text``, ``COPY`` of the file, ``_full_text`` filled by one ``UPDATE ...
  to_tsvector(<all columns>)`` (xloader's ``_populate_fulltext``), then CKAN's
  ``create_indexes`` (xloader's ``create_column_indexes``: the ``_full_text``
  and per-text-column full-text indexes), plus an index on 编号 (``indexes``),
  the key the govopen side indexes, so the key filter compares index to index.
  ``--rows-only``: the same without the ``_full_text`` UPDATE (xloader's table
  between its COPY and its full-text step; the counterpart of govopen's first
  phase, for a 10M-row run where the UPDATE does not fit the time).
"""
from __future__ import annotations

import json
import os
import sys
import time
import uuid

import sqlalchemy as sa

from load_one import Meter, file_rows   # this directory (the script's own) is on sys.path


def app_for(ini):
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    return make_app(load_config(ini))


def measured(meter, **kw) -> dict:
    out = {k: round(v, 1) if isinstance(v, float) else v for k, v in meter.stop().items()}
    return dict(kw, **out, at=time.strftime("%H:%M:%S", time.gmtime()), loadavg=os.getloadavg())


def govopen(path, schema, ini, rid, two_phases=False):
    from ckanext.govopen.datastore import store
    from ckanext.datastore.backend.postgres import get_write_engine
    app = app_for(ini)

    def analyze():
        with get_write_engine().begin() as conn:
            conn.execute(sa.text(f'ANALYZE "{rid}"'))

    with app._wsgi_app.test_request_context():
        if not two_phases:
            meter = Meter()
            rows = store.load(rid, None, path, "utf-8", "csv", schema, 1, 0)
            analyze()
            return measured(meter, side="govopen", step="python path", resource_id=rid, rows=rows)
        expect = file_rows(path)
        meter = Meter()
        rows = store.load(rid, None, path, "utf-8", "csv", schema, 1, 0, expect_rows=expect, full_text=False)
        analyze()
        print(json.dumps(measured(meter, side="govopen", step="phase 1", resource_id=rid, rows=rows,
                                  full_text_pending=store.full_text_pending(rid))), flush=True)
        meter = Meter()
        rows = store.complete_full_text(rid, None, path, "utf-8", "csv", schema, 1, 0, expect_rows=expect)
        analyze()
        return measured(meter, side="govopen", step="phase 2", resource_id=rid, rows=rows,
                        full_text_pending=store.full_text_pending(rid))


def stock(path, schema, ini, rows_only=False):
    import ckan.plugins.toolkit as tk
    from ckan import model
    from ckanext.datastore.backend.postgres import create_indexes, get_write_engine, identifier
    app = app_for(ini)
    with app._wsgi_app.test_request_context():
        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        ctx = lambda: {"ignore_auth": True, "user": site["name"]}   # noqa: E731
        try:
            tk.get_action("organization_show")(ctx(), {"id": "bench-dsstock"})
        except tk.ObjectNotFound:
            tk.get_action("organization_create")(ctx(), {"name": "bench-dsstock"})
        name = "bench-search-" + uuid.uuid4().hex[:8]
        pkg = tk.get_action("package_create")(ctx(), {"name": name, "owner_org": "bench-dsstock", "resources": [
            {"url": "http://127.0.0.1/t.csv", "format": "CSV", "name": "t"}]})
        rid = pkg["resources"][0]["id"]
        names = [f["name"] for f in schema["fields"]]
        fields = [{"id": n, "type": "text"} for n in names]
        meter, steps = Meter(), {}
        t0 = time.perf_counter()
        tk.get_action("datastore_create")(ctx(), {"resource_id": rid, "force": True, "fields": fields})
        engine = get_write_engine()
        cols = ", ".join(identifier(n) for n in names)
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute(f'ALTER TABLE {identifier(rid)} DISABLE TRIGGER zfulltext')   # xloader: _disable_fulltext_trigger
            with open(path, "rb") as f:
                cur.copy_expert(f"COPY {identifier(rid)} ({cols}) FROM STDIN WITH (FORMAT csv, HEADER true)", f, size=65536)
            steps["copy_seconds"] = round(time.perf_counter() - t0, 1)
            concat = " || ' ' || ".join(f"coalesce({identifier(n)}, '')" for n in names)
            if not rows_only:
                cur.execute(f"UPDATE {identifier(rid)} SET _full_text = to_tsvector({concat})")
            raw.commit()
            steps["full_text_seconds"] = round(time.perf_counter() - t0 - steps["copy_seconds"], 1)
        finally:
            raw.close()
        with engine.begin() as conn:
            create_indexes({"model": model, "connection": conn},
                           {"resource_id": rid, "fields": fields, "indexes": [schema["primaryKey"]]})
            conn.execute(sa.text(f'ALTER TABLE {identifier(rid)} ENABLE TRIGGER zfulltext'))
            conn.execute(sa.text(f"ANALYZE {identifier(rid)}"))
        out = measured(meter, side="stock", resource_id=rid, package=name, **steps)
        count = tk.get_action("datastore_search")(ctx(), {"resource_id": rid, "limit": 0})["total"]
    return dict(out, rows=count)


def main():
    args = [a for a in sys.argv[1:] if a not in ("--two-phases", "--rows-only")]
    side, path, ini = args[:3]
    with open(path + ".schema.json", encoding="utf-8") as f:
        schema = json.load(f)
    out = (govopen(path, schema, ini, args[3], "--two-phases" in sys.argv) if side == "govopen"
           else stock(path, schema, ini, "--rows-only" in sys.argv))
    print(json.dumps(out, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
